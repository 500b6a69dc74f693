"""Cheap identification from the first bytes: to name what a refused file really is, and to load
the HEIF plugin only for files that need it."""

from __future__ import annotations

# Formats that are images, just not ones we accept: name them as such.
_OTHER_IMAGES: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"8BPS", "a Photoshop document"),
)

# Things that are not photos at all.
_DOCUMENTS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
)

_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
_VIDEO_BRANDS = frozenset({b"isom", b"iso2", b"mp41", b"mp42", b"qt  ", b"M4V ", b"3gp4", b"3gp5"})


def is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def describe(data: bytes) -> tuple[str, bool] | None:
    """What the bytes are, as a phrase, and whether that is an image; None when unknown."""
    for magic, phrase in _OTHER_IMAGES:
        if data.startswith(magic):
            return phrase, True
    if data[128:132] == b"DICM":
        return "a DICOM file", True
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"avif", b"avis"):
            return "an AVIF image", True
        if brand in _VIDEO_BRANDS:
            return "a video", False
    for magic, phrase in _DOCUMENTS:
        if data.startswith(magic):
            return phrase, False
    head = data[:512].lstrip()
    if head[:5].lower() in (b"<?xml", b"<svg ") or head[:4].lower() == b"<svg":
        return ("an SVG drawing", True) if b"<svg" in head.lower() else ("an XML file", False)
    if head[:1] == b"<":
        return "a web page or XML file", False
    if _looks_like_text(data[:4096]):
        return "a text file", False
    return None


def claimed_format(data: bytes) -> str | None:
    """The accepted format the magic bytes claim, used to tell damage from a wrong format."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if is_heif(data):
        return "HEIC"
    return None


def declared_short(data: bytes) -> bool:
    """True when a container header declares more bytes than the file holds (RIFF/WebP)."""
    if data[:4] == b"RIFF" and len(data) >= 8:
        return int.from_bytes(data[4:8], "little") + 8 > len(data)
    return False


def _looks_like_text(chunk: bytes) -> bool:
    if not chunk or b"\x00" in chunk:
        return False
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(chunk) - 3:  # a split character at the cut is fine; earlier is binary
            return False
        text = chunk[: err.start].decode("utf-8")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * len(text)
