"""Test images made on the spot with Pillow and numpy (nothing is downloaded)."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image


def encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **params)
    return buffer.getvalue()


def noise_rgb(width: int = 64, height: int = 48, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8))


def _chunk(kind: bytes, payload: bytes) -> bytes:
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares `width` x `height` (a decompression bomb's shape)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def png_rgb48(pixels: np.ndarray) -> bytes:
    """A 16-bit-per-channel RGB PNG (Pillow cannot write these itself)."""
    height, width, _ = pixels.shape
    rows = b"".join(b"\x00" + pixels[y].astype(">u2").tobytes() for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def tiff_rgb48(pixels: np.ndarray) -> bytes:
    """A minimal uncompressed 16-bit-per-channel RGB TIFF, little-endian, one strip."""
    height, width, _ = pixels.shape
    body = pixels.astype("<u2").tobytes()
    count = 10
    bits_at = 8 + 2 + 12 * count + 4
    data_at = bits_at + 6

    def short(tag: int, value: int) -> bytes:
        return struct.pack("<HHIHH", tag, 3, 1, value, 0)

    def long(tag: int, kind: int, n: int, value: int) -> bytes:
        return struct.pack("<HHII", tag, kind, n, value)

    entries = [
        short(256, width),
        short(257, height),
        long(258, 3, 3, bits_at),  # BitsPerSample 16,16,16 stored after the IFD
        short(259, 1),  # no compression
        short(262, 2),  # RGB
        long(273, 4, 1, data_at),
        short(277, 3),
        short(278, height),
        long(279, 4, 1, len(body)),
        short(284, 1),
    ]
    return (
        b"II*\x00"
        + struct.pack("<I", 8)
        + struct.pack("<H", count)
        + b"".join(entries)
        + b"\x00\x00\x00\x00"
        + struct.pack("<HHH", 16, 16, 16)
        + body
    )
