"""Encrypting a data home that already holds cases, in place, safe against a crash at any point.

1. Stage, beside the clear originals (which stay untouched): `tmp/caselog.encrypting` (SQLCipher's
   `sqlcipher_export` of the checkpointed clear case log), `photos.encrypting/` and
   `recovered-photos.encrypting/` (every file sealed under the same relative path), and the key
   file as `encryption.json.pending`.
2. Commit: rename `encryption.json.pending` to `encryption.json`. Before this, the home is clear.
3. Swap: the encrypted case log replaces the clear one, each `X.encrypting/` replaces `X/` (the
   clear folder passing through `X.clear-old/`), and the clear leftovers are deleted.

`finish_interrupted` runs under the instance lock at every `CaseLog.open`: with a key file it
redoes whatever of step 3 is left (every step is idempotent); without one it deletes the staging
leftovers of an attempt that never committed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from skinclinic.caselog import encryption
from skinclinic.errors import CaseLogError, StorageError
from skinclinic.imaging.photo_cipher import seal
from skinclinic.paths import AppPaths

STAGING = ".encrypting"
CLEAR_OLD = ".clear-old"
PENDING_KEYFILE = encryption.KEYFILE_NAME + ".pending"
PHOTO_FOLDERS = ("photos", "recovered-photos")  # both hold patients' photos


def staged_caselog(paths: AppPaths) -> Path:
    return paths.tmp / ("caselog" + STAGING)


def encrypt_in_place(paths: AppPaths, passphrase: str) -> encryption.Keys:
    """Encrypt `paths`' case log and photos. The caller holds the instance lock and has closed
    every connection to the case log (so its WAL is checkpointed and gone)."""
    if encryption.is_encrypted(paths.home):
        raise CaseLogError(f"The data home {paths.home} is already encrypted.")
    params, keys = encryption.new_key_params(passphrase)
    discard_staging(paths)
    try:
        _stage_caselog(paths, keys)
        for name in PHOTO_FOLDERS:
            _stage_photos(paths.home / name, paths.home / (name + STAGING), keys)
        encryption.write_keyfile(paths.home / PENDING_KEYFILE, params)
    except Exception as err:  # disk full, a SQLCipher error, an unreadable photo, ...
        discard_staging(paths)
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise StorageError(
            f"Encrypting {paths.home} failed ({reason}); the data home is unchanged and still "
            "in clear."
        ) from err
    except BaseException:
        discard_staging(paths)
        raise
    encryption.write_keyfile(encryption.keyfile(paths.home), params)  # the commit point
    (paths.home / PENDING_KEYFILE).unlink(missing_ok=True)
    finish_interrupted(paths)
    encryption.remember(paths.home, keys)
    return keys


def finish_interrupted(paths: AppPaths) -> bool:
    """Complete a committed conversion, or clean up one that never committed. True when there
    was something to do."""
    if not encryption.is_encrypted(paths.home):
        return discard_staging(paths)
    did = False
    (paths.home / PENDING_KEYFILE).unlink(missing_ok=True)
    try:
        staged = staged_caselog(paths)
        if staged.exists():
            for suffix in ("-wal", "-shm"):  # the clear log's, empty after the checkpoint
                paths.caselog.with_name(paths.caselog.name + suffix).unlink(missing_ok=True)
            staged.replace(paths.caselog)
            did = True
        for name in PHOTO_FOLDERS:
            clear, new, old = (paths.home / (name + s) for s in ("", STAGING, CLEAR_OLD))
            if new.exists():
                if clear.exists():
                    if old.exists():
                        clear.rmdir()  # the empty folder AppPaths.ensure() made after a kill
                    else:
                        clear.rename(old)
                new.rename(clear)  # Windows cannot rename onto an existing folder
                did = True
        encryption.fsync_dir(paths.home)  # the swap is durable before any clear file goes
        for name in PHOTO_FOLDERS:
            old = paths.home / (name + CLEAR_OLD)
            if old.exists():
                shutil.rmtree(old)
                did = True
    except OSError as err:
        raise StorageError(
            f"Could not finish encrypting {paths.home} ({err.strerror or err}); free some space "
            "or fix the folder's permissions, then start SkinClinic again to finish."
        ) from err
    if _in_clear(paths.caselog):
        raise CaseLogError(
            f"The case log {paths.caselog} is still in clear, but the data home has an "
            "encryption key file: an encryption was cut short before its encrypted copy "
            f"reached the disk. Move {encryption.KEYFILE_NAME} out of {paths.home} to open the "
            "clear case log, then run `skinclinic encrypt` again."
        )
    return did


def _in_clear(database: Path) -> bool:
    try:
        with open(database, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except FileNotFoundError:
        return False


def discard_staging(paths: AppPaths) -> bool:
    """Delete what an uncommitted conversion staged; the clear originals are never touched."""
    leftovers = [staged_caselog(paths), paths.home / PENDING_KEYFILE]
    leftovers += [paths.home / (name + STAGING) for name in PHOTO_FOLDERS]
    found = [p for p in leftovers if p.exists()]
    for path in found:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    return bool(found)


def _stage_caselog(paths: AppPaths, keys: encryption.Keys) -> None:
    import sqlcipher3

    target = staged_caselog(paths)
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlcipher3.connect(str(paths.caselog))) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), keys.sqlcipher_key()))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())
    encryption.fsync_dir(target.parent)  # its name too: the commit must not outlive it


def _stage_photos(source: Path, target: Path, keys: encryption.Keys) -> None:
    if not source.is_dir():
        return
    target.mkdir()
    for path, relative in _files(source):
        out = target.joinpath(*relative.split("/"))
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_synced(out, seal(keys.photos, relative, path.read_bytes()))
    for folder in sorted({p for p in target.rglob("*") if p.is_dir()} | {target}):
        encryption.fsync_dir(folder)


def _files(root: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path, path.relative_to(root).as_posix()


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
