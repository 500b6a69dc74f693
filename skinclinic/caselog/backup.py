"""Backups: a consistent snapshot of the case log plus the photos it references.

SQLite's `VACUUM INTO` writes a transactionally consistent copy while the app stays open.
Everything is assembled in a hidden folder beside the destination and renamed into place only
after the copy passed `PRAGMA integrity_check`, so a failure never leaves a half backup.
A backup of an encrypted home stays encrypted (SQLCipher's VACUUM INTO keeps the key, photo
files are copied sealed) and carries its `encryption.json`: the same passphrase opens it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from skinclinic.caselog import encryption
from skinclinic.caselog.audit import verify_chain
from skinclinic.caselog.engine import connect_raw, make_engine
from skinclinic.caselog.migrate import check_not_too_new
from skinclinic.durable import copy_synced, fsync_dir
from skinclinic.errors import CaseLogError, StorageError
from skinclinic.paths import AppPaths

if TYPE_CHECKING:  # the facade imports restore, which imports this module
    from skinclinic.caselog.facade import CaseLog

CASELOG_NAME = "caselog.sqlite3"
WAL_NAME = CASELOG_NAME + "-wal"  # a killed app's last commits, not yet in the main file
PHOTOS_NAME = "photos"


@dataclass(frozen=True)
class BackupReport:
    dest: Path
    caselog_bytes: int
    photos_copied: int
    photo_bytes: int
    photos_missing: tuple[str, ...]  # referenced by the case log but absent from the store
    integrity: str  # "ok", or SQLite's first complaint

    def __str__(self) -> str:
        missing = f", {len(self.photos_missing)} missing" if self.photos_missing else ""
        return (
            f"case log {self.caselog_bytes:,} bytes, {self.photos_copied} photos "
            f"({self.photo_bytes:,} bytes){missing}, integrity {self.integrity}"
        )


def backup(caselog: CaseLog, paths: AppPaths, dest_dir: Path) -> BackupReport:
    """Write a new backup folder `dest_dir` (which must not exist, or be empty)."""
    dest = Path(dest_dir).expanduser().absolute()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StorageError(
            f"The backup destination {dest} already exists and is not an empty folder; "
            "choose a new folder."
        )
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
    except OSError as err:
        raise StorageError(f"Cannot write a backup next to {dest} ({err.strerror}).") from err
    try:
        report = _fill(caselog, paths, staging, dest)
        if dest.exists():
            dest.rmdir()  # empty (checked above); Windows cannot rename over a folder
        os.replace(staging, dest)
        fsync_dir(dest.parent)
        return report
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise StorageError(f"The backup to {dest} failed ({err}); nothing was written.") from err
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _fill(caselog: CaseLog, paths: AppPaths, staging: Path, dest: Path) -> BackupReport:
    db_copy = staging / CASELOG_NAME
    raw = caselog.engine.raw_connection()
    try:
        # Outside any transaction: VACUUM cannot run inside one.
        raw.driver_connection.execute("VACUUM INTO ?", (str(db_copy),))  # type: ignore[union-attr]
    finally:
        raw.close()
    keys = caselog.keys
    if keys is not None:
        shutil.copy2(encryption.keyfile(paths.home), encryption.keyfile(staging))
    integrity = integrity_check(db_copy, keys)
    if integrity != "ok":
        raise CaseLogError(f"The backup copy failed its integrity check ({integrity}).")
    copied, photo_bytes, missing = _copy_photos(db_copy, paths.photos, staging / PHOTOS_NAME, keys)
    return BackupReport(
        dest=dest,
        caselog_bytes=db_copy.stat().st_size,
        photos_copied=copied,
        photo_bytes=photo_bytes,
        photos_missing=tuple(missing),
        integrity=integrity,
    )


def _copy_photos(
    db_copy: Path, store: Path, target: Path, keys: encryption.Keys | None
) -> tuple[int, int, list[str]]:
    """Copy exactly the photos the snapshot references, so database and files agree."""
    with contextlib.closing(connect_raw(db_copy, keys)) as conn:
        relative = sorted({row[0] for row in conn.execute("SELECT stored_path FROM photos")})
    copied, total, missing = 0, 0, []
    store_root = store.resolve()
    for rel in relative:
        source = (store / rel).resolve()
        if not source.is_relative_to(store_root) or not source.is_file():
            missing.append(rel)
            continue
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        copy_synced(source, destination)
        copied += 1
        total += destination.stat().st_size
    return copied, total, missing


def integrity_check(database: Path, keys: encryption.Keys | None = None) -> str:
    with contextlib.closing(connect_raw(database, keys, read_only=True)) as conn:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:3])


@dataclass(frozen=True)
class BackupCheck:
    integrity: str
    audit_first_broken: int | None
    photos_missing: tuple[str, ...]
    cases: int = 0
    last_event_at: datetime | None = None  # UTC: when the backed-up log last recorded anything

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def problem(self) -> str | None:
        """Why this backup must not be restored, in words; None when it may."""
        if self.integrity != "ok":
            return f"its case log is damaged ({self.integrity})"
        if self.audit_first_broken is not None:
            return f"its audit trail is broken at event {self.audit_first_broken}"
        if self.photos_missing:
            count, first = len(self.photos_missing), self.photos_missing[0]
            return f"{count} photo(s) it references are missing (first: {first})"
        return None


def check_backup(folder: Path) -> BackupCheck:
    """Is this backup safe to restore? Integrity, schema not too new, audit chain, photo files.

    Reads a copy of the case log, so checking never changes the backup itself (opening a WAL
    database would otherwise create -wal/-shm files next to it). An encrypted backup opens
    with the passphrase of the home it came from, unlocked for the backup folder itself
    (`encryption.unlock(folder, ...)`) or given as `SKINCLINIC_PASSPHRASE`."""
    database = Path(folder) / CASELOG_NAME
    if not database.is_file():
        raise CaseLogError(f"{folder} is not a SkinClinic backup (no {CASELOG_NAME} in it).")
    keys = encryption.keys_for(AppPaths(Path(folder)))
    with tempfile.TemporaryDirectory(prefix="skinclinic-check-") as scratch:
        copy = Path(scratch) / CASELOG_NAME
        shutil.copy2(database, copy)
        wal = database.with_name(WAL_NAME)
        if wal.is_file():
            shutil.copy2(wal, copy.with_name(WAL_NAME))
        integrity = integrity_check(copy, keys)
        engine = make_engine(copy, keys)
        try:
            with engine.connect() as connection:
                check_not_too_new(connection)
                broken = verify_chain(connection)
        finally:
            engine.dispose()
        with contextlib.closing(connect_raw(copy, keys)) as conn:
            relative = [row[0] for row in conn.execute("SELECT stored_path FROM photos")]
            (cases,) = conn.execute("SELECT count(*) FROM cases").fetchone()
            (last,) = conn.execute("SELECT max(at) FROM audit_events").fetchone()
    photos = Path(folder) / PHOTOS_NAME
    missing = tuple(rel for rel in relative if not (photos / rel).is_file())
    return BackupCheck(
        integrity=integrity,
        audit_first_broken=broken,
        photos_missing=missing,
        cases=int(cases),
        last_event_at=datetime.fromisoformat(last).replace(tzinfo=UTC) if last else None,
    )
