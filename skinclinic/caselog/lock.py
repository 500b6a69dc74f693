"""One running SkinClinic per data home: an exclusive, non-blocking OS lock on `paths.lock`.

The OS drops the lock when the process dies (even on SIGKILL), so a crash never leaves a
stale lock behind; the pid written into the file is only for the error message.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO

from skinclinic.errors import InstanceLocked, StorageError

# On Windows the locked byte sits far past the pid text, so another process can still read it.
_WINDOWS_LOCK_OFFSET = 1 << 20


class InstanceLock:
    """Held from `acquire()` to `release()`; a second process gets InstanceLocked."""

    def __init__(self, lock_path: Path, home: Path) -> None:
        self._path = lock_path
        self._home = home
        self._file: BinaryIO | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> InstanceLock:
        if self._file is not None:
            return self
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self._path, "a+b")  # noqa: SIM115 - kept open for the app's life
        except OSError as err:
            raise StorageError(
                f"Cannot create the lock file {self._path} ({err.strerror}); "
                "check that the data home is writable."
            ) from err
        if not _try_lock(handle):
            handle.seek(0)
            pid = handle.read(32).decode("ascii", "replace").strip() or "unknown"
            handle.close()
            raise InstanceLocked(
                f"SkinClinic is already running with this data home ({self._home}, pid {pid}); "
                "close it first or set SKINCLINIC_HOME to another folder."
            )
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode("ascii"))
        handle.flush()
        self._file = handle
        return self

    def release(self) -> None:
        if self._file is None:
            return
        handle, self._file = self._file, None
        try:
            _unlock(handle)
        finally:
            handle.close()


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: BinaryIO) -> bool:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: BinaryIO) -> None:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: BinaryIO) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
