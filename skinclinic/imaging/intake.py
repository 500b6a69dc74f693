"""Read and validate one photo for import. Nothing is written anywhere here: the caller stores
the result (PhotoStore.put) and records it only after this succeeded."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from skinclinic.imaging.decode import DEFAULT_LIMITS, DecodeLimits, decode, read_bounded

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "TIFF": "tif", "WEBP": "webp", "HEIF": "heic"}


@dataclass(frozen=True)
class PreparedPhoto:
    data: bytes  # the original file, unchanged: the record of what was taken
    sha256: str  # of `data`, lowercase hex
    original_name: str
    format: str  # JPEG, PNG, TIFF, WEBP or HEIF
    width: int  # after EXIF orientation
    height: int
    captured_at: datetime | None  # naive = camera local time, zone unknown
    extension: str  # for the stored file, without the dot

    def __repr__(self) -> str:  # keep megabytes of photo out of logs and tracebacks
        return (
            f"PreparedPhoto({self.original_name!r}, {self.format}, {self.width}x{self.height}, "
            f"sha256={self.sha256[:12]}…, {len(self.data)} bytes)"
        )


def prepare_import(path: Path, limits: DecodeLimits = DEFAULT_LIMITS) -> PreparedPhoto:
    """Read `path` once (bounded), decode every pixel to prove it is a whole photo, and hash it.

    Raises an ImageRejected subclass with a message naming the file when it cannot be imported.
    """
    data = read_bounded(path, limits.max_bytes)
    decoded = decode(data, path.name, limits=limits)
    return PreparedPhoto(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=path.name,
        format=decoded.format,
        width=decoded.width,
        height=decoded.height,
        captured_at=decoded.captured_at,
        extension=EXTENSIONS[decoded.format],
    )
