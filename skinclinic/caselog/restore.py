"""Restoring a backup over the data home, safe against a crash anywhere; nothing is deleted.

1. Check the backup (`check_backup`: integrity, schema not too new, audit chain, every photo
   it references present). A backup that fails is refused and the home is not touched.
2. Stage, beside the originals (which stay untouched): `tmp/restoring/` gets copies of the
   backup's case log, `photos/` and `encryption.json` (if it has one), each fsynced.
3. Commit: write `tmp/restoring/restore.json` (one rename), naming what was staged and the
   folder `replaced-<UTC time>/` that will keep what the home held.
4. Swap: the home's case log (and its -wal/-shm), `photos/`, `recovered-photos/` and
   `encryption.json` move into that folder; the staged ones move into the home; the staging
   folder goes last.

`finish_interrupted` runs under the instance lock at every `CaseLog.open`: committed, it redoes
whatever of step 4 is left (every step is idempotent); not committed, it deletes the staging
and the home is as it was. The replaced records stay in `replaced-<UTC time>/`, itself a folder
that `skinclinic restore` accepts, until someone deletes it.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from skinclinic.caselog import encryption
from skinclinic.caselog.backup import CASELOG_NAME, PHOTOS_NAME, WAL_NAME, check_backup
from skinclinic.caselog.lock import InstanceLock
from skinclinic.caselog.recovery import RECOVERED_NAME
from skinclinic.durable import copy_synced, fsync_dir, fsync_tree
from skinclinic.errors import CaseLogError, StorageError
from skinclinic.paths import AppPaths

STAGING_NAME = "restoring"
COMMIT_NAME = "restore.json"
REPLACED_PREFIX = "replaced-"
# What a restore brings, where the backup has it (a key file only when encrypted; a -wal only
# in a `replaced-` folder a killed app left one in), and what it moves aside. Everything else
# in the home (settings, logs, model files) belongs to this machine and stays.
RESTORED = (CASELOG_NAME, WAL_NAME, PHOTOS_NAME, encryption.KEYFILE_NAME)
MOVED_ASIDE = (*RESTORED, CASELOG_NAME + "-shm", RECOVERED_NAME)


@dataclass(frozen=True)
class RestoreReport:
    source: Path
    replaced: Path | None  # where the home's previous records now are; None if it had none
    photos: int
    encrypted: bool


def staging(paths: AppPaths) -> Path:
    return paths.tmp / STAGING_NAME


def restore(paths: AppPaths, backup_dir: Path) -> RestoreReport:
    """Replace the home's case log and photos with the backup in `backup_dir`. Takes the
    instance lock itself, so the app must not be running on this home. An encrypted backup
    needs its passphrase unlocked for `backup_dir` (or `SKINCLINIC_PASSPHRASE`); the restored
    home then opens with that passphrase."""
    source = Path(backup_dir).expanduser().absolute()
    if source.resolve() == paths.home.resolve():
        raise CaseLogError("That folder is the data home itself; choose a backup folder.")
    check = check_backup(source)
    if check.problem is not None:
        raise CaseLogError(f"The backup in {source} cannot be restored: {check.problem}.")
    keys = encryption.keys_for(AppPaths(source))
    paths.ensure()
    lock = InstanceLock(paths.lock, paths.home).acquire()
    try:
        finish_interrupted(paths)  # an earlier restore a crash cut short comes first
        photos = _stage(paths, source)
        replaced = _commit(paths)
        _swap(paths)
    finally:
        lock.release()
    encryption.forget(paths.home)
    if keys is not None:
        encryption.remember(paths.home, keys)  # the backup's key file is the home's now
    return RestoreReport(source, replaced if replaced.exists() else None, photos, keys is not None)


def _stage(paths: AppPaths, source: Path) -> int:
    target = staging(paths)
    _discard(paths)
    try:
        target.mkdir(parents=True)
        for name in (CASELOG_NAME, WAL_NAME, encryption.KEYFILE_NAME):
            if (source / name).is_file():
                copy_synced(source / name, target / name)
        photos = 0
        (target / PHOTOS_NAME).mkdir()
        if (source / PHOTOS_NAME).is_dir():
            for path in sorted((source / PHOTOS_NAME).rglob("*")):
                if path.is_file():
                    relative = path.relative_to(source / PHOTOS_NAME)
                    out = target / PHOTOS_NAME / relative
                    out.parent.mkdir(parents=True, exist_ok=True)
                    copy_synced(path, out)
                    photos += 1
        fsync_tree(target)
        return photos
    except Exception as err:
        _discard(paths)
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise StorageError(
            f"Restoring {source} failed while copying ({reason}); the data home is unchanged."
        ) from err
    except BaseException:
        _discard(paths)
        raise


def _commit(paths: AppPaths) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    replaced = paths.home / f"{REPLACED_PREFIX}{stamp}"
    staged = [name for name in RESTORED if (staging(paths) / name).exists()]
    record = {"replaced": replaced.name, "staged": staged}
    temporary = paths.tmp / (COMMIT_NAME + ".partial")
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(record, out)
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(staging(paths) / COMMIT_NAME)  # the commit point
    fsync_dir(staging(paths))
    return replaced


def finish_interrupted(paths: AppPaths) -> bool:
    """Complete a committed restore, or delete the staging of one that never committed. True
    when there was something to do."""
    if not staging(paths).exists():
        return False
    if (staging(paths) / COMMIT_NAME).is_file():
        _swap(paths)
    else:
        _discard(paths)
    return True


def _swap(paths: AppPaths) -> None:
    stage = staging(paths)
    try:
        record = json.loads((stage / COMMIT_NAME).read_text(encoding="utf-8"))
        replaced = paths.home / str(record["replaced"])
        staged = set(record["staged"])
        pending = [name for name in staged if (stage / name).exists()]
        if pending:  # otherwise all moved in before a crash: only the cleanup was left
            # Not the staged names already moved in: those are the backup's now.
            for name in [*pending, *(n for n in MOVED_ASIDE if n not in staged)]:
                _move_aside(paths.home / name, replaced / name)
            for name in pending:
                (stage / name).rename(paths.home / name)
            if replaced.exists():
                fsync_dir(replaced)
            fsync_dir(paths.home)  # the swap is durable before the staging goes
        shutil.rmtree(stage)
    except (OSError, ValueError, KeyError, TypeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise StorageError(
            f"Could not finish restoring a backup into {paths.home} ({reason}); free some space "
            "or fix the folder's permissions, then start SkinClinic again to finish."
        ) from err


def _move_aside(current: Path, kept: Path) -> None:
    if not current.exists():
        return
    if kept.exists():  # moved aside before a crash; what is here now came after it
        if current.is_dir() and not any(current.iterdir()):
            current.rmdir()  # the empty folder AppPaths.ensure() made after a kill
            return
        raise StorageError(f"{current} and {kept} both exist; move one of them away by hand.")
    kept.parent.mkdir(parents=True, exist_ok=True)
    current.rename(kept)


def _discard(paths: AppPaths) -> None:
    shutil.rmtree(staging(paths), ignore_errors=True)
