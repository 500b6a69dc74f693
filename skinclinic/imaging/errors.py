"""Why a photo was refused. Each message names the file and says what staff can do about it."""

from __future__ import annotations

from skinclinic.errors import ImageRejected

ACCEPTED = "SkinClinic accepts JPEG, PNG, TIFF, WebP and HEIC"


class PhotoUnreadable(ImageRejected):
    """The file could not be read at all (missing, a folder, no permission)."""


class EmptyFile(ImageRejected):
    """The file has no bytes."""


class UnsupportedFormat(ImageRejected):
    """The file is not one of the accepted image formats."""


class TruncatedImage(ImageRejected):
    """The image data ends before the last pixel (an interrupted copy)."""


class CorruptImage(ImageRejected):
    """The image claims an accepted format but cannot be decoded."""


class ImageTooLarge(ImageRejected):
    """The file is bigger than the byte limit."""


class DecompressionBomb(ImageRejected):
    """The header declares more pixels than the limit (a small file that would fill memory)."""


class ImageTooSmall(ImageRejected):
    """Too few pixels on one side to show a lesion."""
