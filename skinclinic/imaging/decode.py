"""Strict, bounded decoding of one photo.

Order matters for hostile files: the byte size is checked before reading the whole file, the
pixel count and minimum size are checked from the header before any pixel is decoded, and then
every pixel is decoded (Pillow finds a truncated JPEG only at `load()`, not at `open()`). Only
the formats in the allow-list are ever tried; HEIF support is loaded only for HEIF files.
"""

from __future__ import annotations

import io
import stat
import threading
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from skinclinic.imaging import sniff
from skinclinic.imaging.convert import to_rgb
from skinclinic.imaging.errors import (
    ACCEPTED,
    CorruptImage,
    DecompressionBomb,
    EmptyFile,
    ImageTooLarge,
    ImageTooSmall,
    PhotoUnreadable,
    TruncatedImage,
    UnsupportedFormat,
)
from skinclinic.imaging.exif import captured_at

ALLOWED_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP")
HEIF_FORMAT = "HEIF"


@dataclass(frozen=True)
class DecodeLimits:
    max_bytes: int = 100 * 1024 * 1024
    max_pixels: int = 50_000_000
    min_side: int = 32


DEFAULT_LIMITS = DecodeLimits()


@dataclass(frozen=True)
class DecodedImage:
    image: Image.Image  # 8-bit RGB, EXIF orientation applied
    format: str  # container format: JPEG, PNG, TIFF, WEBP or HEIF
    width: int  # full size after orientation, even when `image` was reduced
    height: int
    captured_at: datetime | None


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, never reading more than `max_bytes + 1` of them."""
    name = path.name
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise PhotoUnreadable(f"{name} is a folder, not a photo.")
        if not stat.S_ISREG(info.st_mode):
            raise PhotoUnreadable(f"{name} is not a regular file, so it cannot be a photo.")
        if info.st_size > max_bytes:
            raise _too_large(name, info.st_size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as err:
        raise PhotoUnreadable(f"{name} was not found; check the file's location.") from err
    except PermissionError as err:
        raise PhotoUnreadable(
            f"SkinClinic is not allowed to read {name}; check the file's permissions."
        ) from err
    except OSError as err:
        raise PhotoUnreadable(f"{name} could not be read ({err.strerror or err}).") from err
    if len(data) > max_bytes:  # the file grew after stat, or stat lied (special files)
        raise _too_large(name, len(data), max_bytes)
    return data


def decode(
    data: bytes,
    name: str,
    *,
    max_side: int | None = None,
    limits: DecodeLimits = DEFAULT_LIMITS,
) -> DecodedImage:
    """Decode every pixel of `data` into oriented 8-bit RGB, or raise an ImageRejected subclass.

    With `max_side`, JPEGs are decoded at a reduced scale (draft mode) and the result is
    downsized so its longer side is at most `max_side`; `width`/`height` stay the full size.
    """
    if not data:
        raise EmptyFile(f"{name} is empty (0 bytes).")
    if len(data) > limits.max_bytes:
        raise _too_large(name, len(data), limits.max_bytes)
    with warnings.catch_warnings():
        # Damaged metadata makes Pillow warn on stderr, which would break the CLI's one-line
        # errors; a bomb warning, though, must stop the decode.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return _decode(data, name, max_side, limits)


def _decode(data: bytes, name: str, max_side: int | None, limits: DecodeLimits) -> DecodedImage:
    img = _open(data, name, limits)
    full_width, full_height = _oriented_size(img)
    if max_side is not None and img.format in ("JPEG", "MPO"):  # MPO: a phone's multi-picture JPEG
        img.draft(None, (max_side, max_side))
    _load(img, data, name)
    when = captured_at(img)
    img_format = "JPEG" if img.format == "MPO" else (img.format or "unknown")
    oriented = _apply_orientation(img)
    rgb = to_rgb(oriented)
    if max_side is not None:
        rgb = _downsize(rgb, max_side)
    return DecodedImage(rgb, img_format, full_width, full_height, when)


def load_rgb(
    source: Path | bytes,
    max_side: int | None = None,
    *,
    name: str = "The photo",
    limits: DecodeLimits = DEFAULT_LIMITS,
) -> Image.Image:
    """Oriented 8-bit RGB pixels of a photo, optionally reduced for fast analysis."""
    if isinstance(source, Path):
        data, name = read_bounded(source, limits.max_bytes), source.name
    else:
        data = source
    return decode(data, name, max_side=max_side, limits=limits).image


_heif_lock = threading.Lock()
_heif_ready = False


def _register_heif(name: str) -> None:
    global _heif_ready  # noqa: PLW0603 - one-time plugin registration, process-wide by nature
    with _heif_lock:
        if _heif_ready:
            return
        try:
            import pillow_heif
        except ImportError as err:
            raise UnsupportedFormat(
                f"{name} is a HEIC photo, but HEIC support (pillow-heif) is not installed."
            ) from err
        pillow_heif.register_heif_opener()
        _heif_ready = True


def _open(data: bytes, name: str, limits: DecodeLimits) -> ImageFile.ImageFile:
    # Truncated files must fail, never decode half-grey; this is a process-wide Pillow switch.
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False")
    formats: tuple[str, ...] = ALLOWED_FORMATS
    if sniff.is_heif(data):
        _register_heif(name)
        formats = (HEIF_FORMAT,)
    try:
        img = Image.open(io.BytesIO(data), formats=list(formats))
    except UnidentifiedImageError as err:
        raise _unsupported(data, name) from err
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise DecompressionBomb(
            f"{name} declares far more pixels than a photo has; SkinClinic refuses it as a "
            "decompression bomb."
        ) from err
    except Exception as err:  # hostile headers break parsers in many ways; all mean "damaged"
        raise _damaged(data, name, err) from err
    width, height = img.size
    if width * height > limits.max_pixels:
        raise DecompressionBomb(
            f"{name} declares {width} x {height} pixels ({width * height / 1e6:.0f} megapixels), "
            f"more than the {limits.max_pixels / 1e6:.0f} megapixel limit; export it again at a "
            "smaller size."
        )
    if min(width, height) < limits.min_side:
        raise ImageTooSmall(
            f"{name} is only {width} x {height} pixels, too small to show a lesion "
            f"(at least {limits.min_side} on each side)."
        )
    return img


def _load(img: ImageFile.ImageFile, data: bytes, name: str) -> None:
    try:
        img.load()
    except Exception as err:
        raise _damaged(data, name, err) from err


def _oriented_size(img: Image.Image) -> tuple[int, int]:
    width, height = img.size
    try:
        orientation = img.getexif().get(0x0112)
    except Exception:
        return width, height
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _apply_orientation(img: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(img)
    except Exception:  # a broken EXIF block: the pixels are still good, keep them as stored
        return img


def _downsize(img: Image.Image, max_side: int) -> Image.Image:
    width, height = img.size
    longest = max(width, height)
    if longest <= max_side:
        return img
    scale = max_side / longest
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _too_large(name: str, size: int, limit: int) -> ImageTooLarge:
    return ImageTooLarge(
        f"{name} is {_human(size)}, more than the {_human(limit)} limit for one photo; "
        "export it again at a smaller size."
    )


def _human(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def _unsupported(data: bytes, name: str) -> UnsupportedFormat | CorruptImage:
    if sniff.claimed_format(data) is not None:
        return _corrupt(data, name)
    found = sniff.describe(data)
    if found is None:
        return UnsupportedFormat(f"{name} is not a photo SkinClinic can read; {ACCEPTED}.")
    phrase, is_image = found
    if is_image:
        return UnsupportedFormat(
            f"{name} is {phrase}, a format SkinClinic does not accept; {ACCEPTED}."
        )
    return UnsupportedFormat(f"{name} is {phrase}, not a photo; {ACCEPTED}.")


def _damaged(data: bytes, name: str, err: Exception) -> TruncatedImage | CorruptImage:
    message = str(err).lower()
    if isinstance(err, EOFError) or "truncated" in message or sniff.declared_short(data):
        return TruncatedImage(
            f"{name} is incomplete or damaged (the file ends early); copy it again from the camera."
        )
    return _corrupt(data, name)


def _corrupt(data: bytes, name: str) -> CorruptImage:
    # Pillow cannot tell damage from a rare variant (12-bit TIFF, odd JPEG); the advice covers both.
    claimed = sniff.claimed_format(data) or "photo"
    article = "an" if claimed[0] in "AEIOU" else "a"
    return CorruptImage(
        f"{name} looks like {article} {claimed} image but is damaged or in a variant SkinClinic "
        "cannot decode; copy it again from the camera, or save it again as JPEG."
    )
