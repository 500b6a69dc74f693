"""Generate the hostile-image corpus into a folder (nothing is downloaded).

Each entry names the file and what importing it must give: a correct import (`expect=None`)
or one specific refusal class. Fuzzed entries (`expect=ANY_REFUSAL_OR_OK`) must give either.

    python -m tests.hostile.make_corpus DEST [--fuzz N]
"""

from __future__ import annotations

import argparse
import os
import random
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from skinclinic.imaging.decode import DEFAULT_LIMITS
from skinclinic.imaging.errors import (
    CorruptImage,
    DecompressionBomb,
    EmptyFile,
    ImageTooLarge,
    ImageTooSmall,
    PhotoUnreadable,
    TruncatedImage,
    UnsupportedFormat,
)
from tests.imaging.images import encode, png_header_only, png_rgb48, tiff_rgb48

FUZZ_SEED = 20261123
DEFAULT_FUZZ = 300


class AnyOutcome:
    """Marker: a fuzzed file may import or be refused, but only with an ImageRejected."""


@dataclass(frozen=True)
class Entry:
    path: Path
    expect: type[Exception] | type[AnyOutcome] | None  # None: must import
    text: str = ""  # a phrase the refusal must contain
    size: tuple[int, int] | None = None  # (width, height) after orientation, for imports


def blocks(width: int = 96, height: int = 64) -> Image.Image:
    """Four flat colour quadrants: orientation mistakes show up even after JPEG compression."""
    pixels = np.zeros((height, width, 3), np.uint8)
    pixels[: height // 2, : width // 2] = (220, 30, 30)
    pixels[: height // 2, width // 2 :] = (30, 200, 30)
    pixels[height // 2 :, : width // 2] = (30, 30, 220)
    pixels[height // 2 :, width // 2 :] = (230, 230, 40)
    return Image.fromarray(pixels)


def _jpeg_with_orientation(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(blocks(), "JPEG", quality=95, exif=exif)


def _jpeg_huge_sof(width: int, height: int) -> bytes:
    """A valid small JPEG whose frame header (SOF0) is patched to declare huge dimensions."""
    data = bytearray(encode(blocks(), "JPEG"))
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _tiff_header_only(width: int, height: int) -> bytes:
    """A tiny 8-bit grey TIFF whose IFD declares `width` x `height` with one small strip."""
    entries = [
        struct.pack("<HHII", 256, 4, 1, width),
        struct.pack("<HHII", 257, 4, 1, height),
        struct.pack("<HHIHH", 258, 3, 1, 8, 0),
        struct.pack("<HHIHH", 259, 3, 1, 8, 0),  # deflate, so the strip could be tiny
        struct.pack("<HHIHH", 262, 3, 1, 1, 0),
        struct.pack("<HHII", 273, 4, 1, 8 + 2 + 12 * 7 + 4),
        struct.pack("<HHII", 279, 4, 1, 16),
    ]
    head = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(entries))
    return head + b"".join(entries) + b"\x00" * 4 + zlib.compress(b"\x00" * 4096)[:16]


def _gif_header_only(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + b"\x3b"


def _png_bomb() -> bytes:
    """A real bomb: 1-bit 10,000 x 10,000 (100 megapixels) that compresses to a few KB."""
    return encode(Image.new("1", (10_000, 10_000)), "PNG", optimize=False)


def _png_bad_crc() -> bytes:
    data = bytearray(encode(blocks(), "PNG"))
    data[29:33] = b"\x00\x00\x00\x00"  # the IHDR chunk's CRC
    return bytes(data)


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", encode(blocks(), "JPEG"))
    return buffer.getvalue()


def _heic() -> bytes:
    import io

    import pillow_heif

    heif = pillow_heif.from_pillow(blocks())
    buffer = io.BytesIO()
    heif.save(buffer, quality=90)
    return buffer.getvalue()


def _grey16() -> bytes:
    ramp = (np.arange(96 * 64, dtype=np.uint32).reshape(64, 96) * 10).astype(np.uint16)
    return encode(Image.fromarray(ramp), "PNG")


def _rgb48() -> np.ndarray:
    rng = np.random.default_rng(7)
    return rng.integers(0, 65536, (64, 96, 3), dtype=np.uint16)


def _palette(transparent: bool) -> bytes:
    img = blocks().convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    if transparent:
        return encode(img, "PNG", transparency=0)
    return encode(img, "PNG")


# name -> (bytes maker, expected outcome, phrase the refusal must contain)
_FIXED: dict[str, tuple[Callable[[], bytes], type[Exception] | None, str]] = {
    "zero-byte.jpg": (lambda: b"", EmptyFile, "is empty"),
    "document.pdf.jpg": (_pdf, UnsupportedFormat, "a PDF document"),
    "archive.zip.jpg": (_zip, UnsupportedFormat, "a ZIP archive"),
    "text.jpg": (lambda: b"just some notes\n" * 20, UnsupportedFormat, "a text file"),
    "page.jpg": (lambda: b"<html><body>hi</body></html>", UnsupportedFormat, "web page"),
    "random.jpg": (lambda: random.Random(1).randbytes(4096), UnsupportedFormat, "not a photo"),
    "gif-real.jpg": (lambda: encode(blocks(), "GIF"), UnsupportedFormat, "a GIF image"),
    "bmp.jpg": (lambda: encode(blocks(), "BMP"), UnsupportedFormat, "a BMP image"),
    "bomb-gif-65535.gif": (
        lambda: _gif_header_only(65535, 65535),
        UnsupportedFormat,
        "a GIF image",
    ),
    "bomb-png-header-30k.png": (lambda: png_header_only(30_000, 30_000), DecompressionBomb, ""),
    "bomb-png-header-1x50M.png": (
        lambda: png_header_only(1, 50_000_001),
        DecompressionBomb,
        "",
    ),
    "bomb-png-real-100MP.png": (_png_bomb, DecompressionBomb, "decompression bomb"),
    "bomb-tiff-header-60k.tif": (lambda: _tiff_header_only(60_000, 60_000), DecompressionBomb, ""),
    "bomb-jpeg-sof-65500.jpg": (lambda: _jpeg_huge_sof(65_500, 65_500), DecompressionBomb, ""),
    "truncated-half.jpg": (lambda: _half(encode(blocks(640, 480), "JPEG")), TruncatedImage, ""),
    "truncated-header.jpg": (lambda: encode(blocks(), "JPEG")[:40], TruncatedImage, ""),
    "truncated.png": (
        lambda: encode(blocks(640, 480), "PNG")[:-300],
        TruncatedImage,
        "ends early",
    ),
    "truncated.webp": (lambda: encode(blocks(640, 480), "WEBP")[:-200], TruncatedImage, ""),
    "bad-crc.png": (_png_bad_crc, CorruptImage, "damaged"),
    "tiny-8x8.png": (lambda: encode(blocks(8, 8), "PNG"), ImageTooSmall, "too small"),
    "cmyk.jpg": (lambda: encode(blocks().convert("CMYK"), "JPEG"), None, ""),
    "grey16.png": (_grey16, None, ""),
    "rgb48.png": (lambda: png_rgb48(_rgb48()), None, ""),
    "rgb48.tif": (lambda: tiff_rgb48(_rgb48()), None, ""),
    "rgba.png": (lambda: encode(blocks().convert("RGBA"), "PNG"), None, ""),
    "la.png": (lambda: encode(blocks().convert("LA"), "PNG"), None, ""),
    "grey.jpg": (lambda: encode(blocks().convert("L"), "JPEG"), None, ""),
    "palette.png": (lambda: _palette(False), None, ""),
    "palette-transparent.png": (lambda: _palette(True), None, ""),
    "photo.webp": (lambda: encode(blocks(), "WEBP", lossless=True), None, ""),
    "photo.tif": (lambda: encode(blocks(), "TIFF", compression="tiff_lzw"), None, ""),
    "photo.heic": (_heic, None, ""),
}


def build(dest: Path, *, fuzz: int = DEFAULT_FUZZ, big: bool = True) -> list[Entry]:
    """Write the corpus into `dest` (created) and return what each file must give."""
    dest.mkdir(parents=True, exist_ok=True)
    entries: list[Entry] = []
    for name, (make, expect, text) in _FIXED.items():
        path = dest / name
        path.write_bytes(make())
        size = (96, 64) if expect is None else None
        entries.append(Entry(path, expect, text, size))
    for orientation in range(1, 9):
        path = dest / f"exif-orientation-{orientation}.jpg"
        path.write_bytes(_jpeg_with_orientation(orientation))
        size = (64, 96) if orientation >= 5 else (96, 64)
        entries.append(Entry(path, None, "", size))
    entries += _special_files(dest, big)
    entries += _fuzzed(dest, fuzz)
    return entries


def _special_files(dest: Path, big: bool) -> list[Entry]:
    entries = []
    folder = dest / "folder.jpg"
    folder.mkdir()
    entries.append(Entry(folder, PhotoUnreadable, "is a folder"))
    if hasattr(os, "mkfifo"):  # a pipe must be refused without opening it (opening would block)
        fifo = dest / "pipe.jpg"
        os.mkfifo(fifo)
        entries.append(Entry(fifo, PhotoUnreadable, "not a regular file"))
    entries.append(Entry(dest / "missing.jpg", PhotoUnreadable, "was not found"))
    if big:
        # Sparse files: cheap to make, but each reports 100 MB or more.
        over = dest / "over-limit-100MiB+1.jpg"
        with over.open("wb") as handle:
            handle.write(encode(blocks(), "JPEG"))
            handle.truncate(DEFAULT_LIMITS.max_bytes + 1)
        entries.append(Entry(over, ImageTooLarge, "more than the 100 MB limit"))
        padded = dest / "padded-100MB.jpg"  # a valid JPEG plus trailing zeros, under the limit
        with padded.open("wb") as handle:
            handle.write(encode(blocks(), "JPEG"))
            handle.truncate(100_000_000)
        entries.append(Entry(padded, None, "", (96, 64)))
    return entries


def _fuzzed(dest: Path, count: int) -> list[Entry]:
    seeds = {
        "jpg": _jpeg_with_orientation(6),
        "png": encode(blocks(), "PNG"),
        "tif": encode(blocks(), "TIFF"),
        "webp": encode(blocks(), "WEBP"),
        "cmyk.jpg": encode(blocks().convert("CMYK"), "JPEG"),
        "heic": _heic(),
    }
    rng = random.Random(FUZZ_SEED)
    entries = []
    for index in range(count):
        kind = rng.choice(sorted(seeds))
        data = bytearray(seeds[kind])
        for _ in range(rng.choice((1, 2, 4, 16, 64))):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.15:
            del data[rng.randrange(len(data)) :]
        path = dest / f"fuzz-{index:04d}.{kind}"
        path.write_bytes(bytes(data))
        entries.append(Entry(path, AnyOutcome))
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--fuzz", type=int, default=DEFAULT_FUZZ)
    args = parser.parse_args(argv)
    entries = build(args.dest, fuzz=args.fuzz)
    print(f"{len(entries)} files written to {args.dest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
