"""Content-addressed photo store: each file is named by the sha256 of its bytes.

The same photo imported twice is stored once. Every write goes to a temporary file on the same
file system, is flushed to disk, renamed into place in one step and the folder is flushed too,
so a crash or a full disk leaves either the whole file or nothing. Files hold the original bytes;
orientation and colour conversion happen every time a photo is decoded. In an encrypted data
home (a `key`), each file holds those bytes sealed with AES-256-GCM (`photo_cipher`); the name
stays the sha256 of the original, so de-duplication and verification work the same.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from skinclinic.durable import fsync_dir
from skinclinic.errors import StorageError
from skinclinic.imaging.photo_cipher import SealBroken, open_sealed, seal

if TYPE_CHECKING:
    from skinclinic.imaging.intake import PreparedPhoto

_RELATIVE = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}\.[a-z0-9]{2,5}$")
_PARTIAL_PREFIX = "photo-"
_PARTIAL_SUFFIX = ".part"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredPhoto:
    sha256: str
    relative_path: str  # "ab/<sha256>.<ext>", relative to the store root, always with "/"
    size: int
    created: bool  # False when the identical file was already stored


class PhotoStore:
    def __init__(self, root: Path, tmp: Path, key: bytes | None = None) -> None:
        self.root = root
        self.tmp = tmp  # must be on the same file system as root, for an atomic rename
        self._key = key  # AES-256-GCM key of an encrypted data home

    def put(self, photo: PreparedPhoto) -> StoredPhoto:
        if hashlib.sha256(photo.data).hexdigest() != photo.sha256:
            raise ValueError("the photo's bytes do not match its sha256")  # a programming error
        relative = f"{photo.sha256[:2]}/{photo.sha256}.{photo.extension.lower()}"
        target = self.path_for(relative)
        size = len(photo.data)
        if self.verify(relative, photo.sha256):
            return StoredPhoto(photo.sha256, relative, size, created=False)
        # A file here with other bytes is damage (the name is its hash): replace it, but report
        # created=False, so a rollback never deletes a file other records may point to.
        existed = target.exists()
        data = photo.data if self._key is None else seal(self._key, relative, photo.data)
        self._write_atomically(target, data)
        return StoredPhoto(photo.sha256, relative, size, created=not existed)

    def path_for(self, relative_path: str) -> Path:
        if not _RELATIVE.fullmatch(relative_path):
            raise ValueError(f"not a photo-store path: {relative_path!r}")
        return self.root.joinpath(*relative_path.split("/"))

    def exists(self, relative_path: str) -> bool:
        return self.path_for(relative_path).is_file()

    def read(self, relative_path: str) -> bytes:
        """The photo's original bytes (opened, in an encrypted home); StorageError when the file
        is gone or cannot be read or opened."""
        path = self.path_for(relative_path)
        try:
            return self._open(relative_path)
        except FileNotFoundError as err:
            raise StorageError(
                f"The photo file {path} is missing from the photo store; restore it from a backup."
            ) from err
        except SealBroken as err:
            raise StorageError(
                f"The photo file {path} cannot be opened: {err}. Restore it from a backup."
            ) from err
        except OSError as err:
            raise _storage_error(err, self.root, "read") from err

    def _open(self, relative_path: str) -> bytes:
        data = self.path_for(relative_path).read_bytes()
        return data if self._key is None else open_sealed(self._key, relative_path, data)

    def verify(self, relative_path: str, sha256: str) -> bool:
        """True when the stored file is there and its bytes still hash to `sha256`."""
        if self._key is not None:  # gone, damaged or foreign: put() replaces it, checks report it
            try:
                return hashlib.sha256(self._open(relative_path)).hexdigest() == sha256.lower()
            except (FileNotFoundError, SealBroken):
                return False
            except OSError as err:
                raise _storage_error(err, self.root, "read") from err
        digest = hashlib.sha256()
        try:
            with self.path_for(relative_path).open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        except FileNotFoundError:
            return False
        except OSError as err:
            raise _storage_error(err, self.root, "read") from err
        return digest.hexdigest() == sha256.lower()

    def remove(self, relative_path: str) -> None:
        """Delete one stored file (rolling back a file an import just created)."""
        target = self.path_for(relative_path)
        try:
            target.unlink(missing_ok=True)
            fsync_dir(target.parent)
        except OSError as err:
            raise _storage_error(err, self.root, "remove a photo from") from err

    def orphans(self, referenced: set[str]) -> list[str]:
        """Stored files that no record points to, as sorted relative paths."""
        if not self.root.is_dir():
            return []
        found = (
            f"{path.parent.name}/{path.name}" for path in self.root.glob("??/*") if path.is_file()
        )
        return sorted(rel for rel in found if _RELATIVE.fullmatch(rel) and rel not in referenced)

    def discard_partials(self) -> int:
        """Delete temporary files a crash left behind in the scratch folder; returns how many."""
        if not self.tmp.is_dir():
            return 0
        removed = 0
        for path in self.tmp.glob(f"{_PARTIAL_PREFIX}*{_PARTIAL_SUFFIX}"):
            path.unlink(missing_ok=True)
            removed += 1
        return removed

    def _write_atomically(self, target: Path, data: bytes) -> None:
        partial: str | None = None
        try:
            self.tmp.mkdir(parents=True, exist_ok=True)
            new_shard = not target.parent.exists()
            target.parent.mkdir(parents=True, exist_ok=True)
            if new_shard:
                fsync_dir(target.parent.parent)
            handle, partial = tempfile.mkstemp(
                prefix=_PARTIAL_PREFIX, suffix=_PARTIAL_SUFFIX, dir=self.tmp
            )
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, target)
            partial = None
            fsync_dir(target.parent)
        except OSError as err:
            raise _storage_error(err, self.root, "save the photo to") from err
        finally:
            if partial is not None:
                _discard(Path(partial))


def _discard(path: Path) -> None:
    # Best effort: discard_partials() sweeps what is left at the next start.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _storage_error(err: OSError, root: Path, action: str) -> StorageError:
    code = err.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(f"The disk is full: could not {action} {root}; free some space.")
    if code == errno.EROFS:
        return StorageError(f"Could not {action} {root}: the disk is read-only.")
    if code in (errno.EACCES, errno.EPERM):
        return StorageError(
            f"Could not {action} {root}: permission denied; check the folder's permissions."
        )
    return StorageError(f"Could not {action} {root}: {err.strerror or err}.")
