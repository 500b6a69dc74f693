"""Encrypting a data home in place, or changing its passphrase, safe against a crash anywhere.

1. Stage, beside the originals (which stay untouched): first `tmp/encrypting.json`, the new key
   file's parameters; then `tmp/caselog.encrypting` (SQLCipher's `sqlcipher_export` of the
   checkpointed case log under the new key) and `photos.encrypting/` and
   `recovered-photos.encrypting/` (every file sealed with the new key under the same relative
   path; opened with the old key first when the passphrase changes).
2. Commit: write the new `encryption.json` (one rename).
3. Swap: the staged case log replaces the old one, each `X.encrypting/` replaces `X/` (the old
   folder passing through `X.previous/`), the old files are deleted, `encrypting.json` last.

Staging counts as committed only when the key file in place has the salt `encrypting.json`
names. `finish_interrupted` runs under the instance lock at every `CaseLog.open`: committed, it
redoes whatever of step 3 is left (every step is idempotent); not committed, it deletes the
staging and the home is as it was, with its old passphrase or in clear.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from skinclinic.caselog import encryption
from skinclinic.caselog.engine import connect_raw, is_clear_sqlite
from skinclinic.durable import fsync_dir, fsync_tree
from skinclinic.errors import CaseLogError, StorageError
from skinclinic.imaging.photo_cipher import open_sealed, seal
from skinclinic.paths import AppPaths

STAGING = ".encrypting"
PREVIOUS = ".previous"
PHOTO_FOLDERS = ("photos", "recovered-photos")  # both hold patients' photos


def staged_caselog(paths: AppPaths) -> Path:
    return paths.tmp / ("caselog" + STAGING)


def staging_manifest(paths: AppPaths) -> Path:
    return paths.tmp / "encrypting.json"


def encrypt_in_place(paths: AppPaths, passphrase: str) -> encryption.Keys:
    """Encrypt `paths`' clear case log and photos. The caller holds the instance lock and has
    closed every connection to the case log (so its WAL is checkpointed and gone)."""
    if encryption.is_encrypted(paths.home):
        raise CaseLogError(f"The data home {paths.home} is already encrypted.")
    return _rekey(paths, None, passphrase, "Encrypting")


def change_passphrase(
    paths: AppPaths, current: encryption.Keys, new_passphrase: str
) -> encryption.Keys:
    """Re-encrypt an encrypted home under keys from `new_passphrase`; same preconditions."""
    if not encryption.is_encrypted(paths.home):
        raise CaseLogError(f"The data home {paths.home} is not encrypted.")
    return _rekey(paths, current, new_passphrase, "Changing the passphrase of")


def _rekey(
    paths: AppPaths, current: encryption.Keys | None, passphrase: str, doing: str
) -> encryption.Keys:
    params, keys = encryption.new_key_params(passphrase)
    discard_staging(paths)
    try:
        paths.tmp.mkdir(parents=True, exist_ok=True)
        encryption.write_keyfile(staging_manifest(paths), params)  # first: names the new key
        _stage_caselog(paths, current, keys)
        for name in PHOTO_FOLDERS:
            _stage_photos(paths.home / name, paths.home / (name + STAGING), current, keys)
    except Exception as err:  # disk full, a SQLCipher error, an unreadable photo, ...
        discard_staging(paths)
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise StorageError(
            f"{doing} {paths.home} failed ({reason}); the data home is unchanged."
        ) from err
    except BaseException:
        discard_staging(paths)
        raise
    encryption.write_keyfile(encryption.keyfile(paths.home), params)  # the commit point
    finish_interrupted(paths)
    encryption.remember(paths.home, keys)
    return keys


def finish_interrupted(paths: AppPaths) -> bool:
    """Complete a committed re-encryption, or clean up one that never committed. True when
    there was something to do."""
    did = False
    if _has_staging(paths):
        if not _committed(paths):
            did = discard_staging(paths)
        else:
            _swap(paths)
            did = True
    if encryption.is_encrypted(paths.home) and is_clear_sqlite(paths.caselog):
        raise CaseLogError(
            f"The case log {paths.caselog} is still in clear, but the data home has an "
            "encryption key file: an encryption was cut short before its encrypted copy "
            f"reached the disk. Move {encryption.KEYFILE_NAME} out of {paths.home} to open the "
            "clear case log, then run `skinclinic encrypt` again."
        )
    return did


def _swap(paths: AppPaths) -> None:
    try:
        staged = staged_caselog(paths)
        if staged.exists():
            for suffix in ("-wal", "-shm"):  # the old log's, empty after the checkpoint
                paths.caselog.with_name(paths.caselog.name + suffix).unlink(missing_ok=True)
            staged.replace(paths.caselog)
        for name in PHOTO_FOLDERS:
            current, new, old = (paths.home / (name + s) for s in ("", STAGING, PREVIOUS))
            if new.exists():
                if current.exists():
                    if old.exists():
                        current.rmdir()  # the empty folder AppPaths.ensure() made after a kill
                    else:
                        current.rename(old)
                new.rename(current)  # Windows cannot rename onto an existing folder
        fsync_dir(paths.home)  # the swap is durable before any old file goes
        for name in PHOTO_FOLDERS:
            old = paths.home / (name + PREVIOUS)
            if old.exists():
                shutil.rmtree(old)
        staging_manifest(paths).unlink(missing_ok=True)  # last: staging is gone
    except OSError as err:
        raise StorageError(
            f"Could not finish encrypting {paths.home} ({err.strerror or err}); free some space "
            "or fix the folder's permissions, then start SkinClinic again to finish."
        ) from err


def _has_staging(paths: AppPaths) -> bool:
    return any(p.exists() for p in _staging_paths(paths))


def _committed(paths: AppPaths) -> bool:
    """The key file in place is the one the staging was made for."""
    try:
        staged = json.loads(staging_manifest(paths).read_text(encoding="utf-8"))["salt"]
        current = json.loads(encryption.keyfile(paths.home).read_text(encoding="utf-8"))["salt"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(staged) and staged == current


def discard_staging(paths: AppPaths) -> bool:
    """Delete what an uncommitted re-encryption staged; the originals are never touched."""
    found = [p for p in _staging_paths(paths) if p.exists()]
    for path in found:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    return bool(found)


def _staging_paths(paths: AppPaths) -> list[Path]:
    return [
        staging_manifest(paths),
        staged_caselog(paths),
        *(paths.home / (name + STAGING) for name in PHOTO_FOLDERS),
    ]


def _stage_caselog(paths: AppPaths, current: encryption.Keys | None, keys: encryption.Keys) -> None:
    target = staged_caselog(paths)
    with contextlib.closing(connect_raw(paths.caselog, current, sqlcipher=True)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), keys.sqlcipher_key()))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())
    fsync_dir(target.parent)  # its name too: the commit must not outlive it


def _stage_photos(
    source: Path, target: Path, current: encryption.Keys | None, keys: encryption.Keys
) -> None:
    if not source.is_dir():
        return
    target.mkdir()
    for path, relative in _files(source):
        out = target.joinpath(*relative.split("/"))
        out.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if current is not None:
            data = open_sealed(current.photos, relative, data)
        _write_synced(out, seal(keys.photos, relative, data))
    fsync_tree(target)


def _files(root: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path, path.relative_to(root).as_posix()


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
