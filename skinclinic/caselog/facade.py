"""`CaseLog.open(paths)`: what the CLI and the GUI call to get a locked, migrated case log."""

from __future__ import annotations

import sqlite3
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from skinclinic.caselog import encryption
from skinclinic.caselog.encrypt_home import finish_interrupted
from skinclinic.caselog.engine import make_engine
from skinclinic.caselog.lock import InstanceLock
from skinclinic.caselog.migrate import check_not_too_new, upgrade_to_head
from skinclinic.caselog.recovery import Recovery, recover_photo_store
from skinclinic.caselog.repository import CaseRepository
from skinclinic.caselog.restore import finish_interrupted as finish_restore
from skinclinic.errors import CaseLogError
from skinclinic.paths import AppPaths


class CaseLog:
    """The open case log of one data home. Close it (or use `with`) to release the lock."""

    def __init__(
        self,
        paths: AppPaths,
        engine: Engine,
        lock: InstanceLock | None,
        keys: encryption.Keys | None = None,
    ) -> None:
        self.paths = paths
        self.engine = engine
        self.keys = keys  # of an encrypted home; the photo store needs them too
        self.repository = CaseRepository(engine)
        self._lock = lock
        self.recovery: Recovery | None = None  # set when open() tidied the photo store

    @classmethod
    def open(cls, paths: AppPaths, *, lock: bool = True, migrate: bool = True) -> CaseLog:
        """Take the instance lock (unless lock=False, for tests and read-only tools), open the
        SQLite file with WAL/FULL pragmas and bring its schema up to date (unless migrate=False,
        which still refuses a case log from a newer SkinClinic). An encrypted home needs its
        keys unlocked first (`encryption.unlock`) or `SKINCLINIC_PASSPHRASE`."""
        paths.home.mkdir(parents=True, exist_ok=True)
        instance = InstanceLock(paths.lock, paths.home).acquire() if lock else None
        try:
            if instance is not None:
                finish_interrupted(paths)  # an in-place encryption a crash cut short
                finish_restore(paths)  # a restore of a backup, likewise
            keys = encryption.keys_for(paths)
        except BaseException:
            if instance is not None:
                instance.release()
            raise
        engine = make_engine(paths.caselog, keys)
        try:
            if migrate:
                upgrade_to_head(engine)
            else:
                with engine.connect() as connection:
                    check_not_too_new(connection)
        except (OperationalError, DatabaseError, sqlite3.DatabaseError) as err:
            engine.dispose()
            if instance is not None:
                instance.release()
            hint = (
                f" If this data home was encrypted, its {encryption.KEYFILE_NAME} is missing: "
                "put it back from the backup that holds this case log."
                if keys is None and "not a database" in _reason(err)
                else ""
            )
            raise CaseLogError(
                f"Cannot open the case log {paths.caselog} ({_reason(err)}); "
                "check the file and its folder, or restore a backup (skinclinic restore FOLDER; "
                f"the damaged file is kept).{hint}"
            ) from err
        except BaseException:
            engine.dispose()
            if instance is not None:
                instance.release()
            raise
        log = cls(paths, engine, instance, keys)
        if instance is not None and migrate:
            log.recovery = _recover(log)
        return log

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> CaseLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _recover(log: CaseLog) -> Recovery:
    try:
        return recover_photo_store(log.engine, log.paths)
    except BaseException:
        log.close()
        raise


def _reason(err: Exception) -> str:
    original = getattr(err, "orig", None) or err
    return str(original).splitlines()[0]
