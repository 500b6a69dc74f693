"""Turn any decoded image into 8-bit sRGB-ish RGB without losing its tonal range.

Pillow's own `convert("RGB")` clips 16-bit grey (60000 -> 255) and ignores CMYK profiles, so the
deep and odd modes are handled here. Alpha is flattened on white, as a photo on paper would be.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

_SIXTEEN_BIT_GREY = frozenset({"I;16", "I;16L", "I;16B", "I;16N"})
_ALPHA_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})


def to_rgb(img: Image.Image) -> Image.Image:
    mode = img.mode
    if mode == "RGB" and "transparency" not in img.info:
        return img
    if mode in _SIXTEEN_BIT_GREY or mode == "I":
        return _grey_to_rgb(_rescale_int(np.asarray(img)))
    if mode == "F":
        return _grey_to_rgb(_rescale_float(np.asarray(img, dtype=np.float32)))
    if mode == "CMYK":
        return _cmyk_to_rgb(img)
    if mode in _ALPHA_MODES or "transparency" in img.info:
        return _flatten_on_white(img)
    if mode == "LAB":
        return _lab_to_rgb(img)
    # 1, L, P (opaque), YCbCr, HSV: Pillow's conversions are exact for these.
    return img.convert("RGB")


def _grey_to_rgb(grey: np.ndarray) -> Image.Image:
    return Image.fromarray(grey, mode="L").convert("RGB")


# x / 257 rounded, as a table: indexing keeps memory at one byte per pixel, where float math on
# a 50-megapixel image would need hundreds of megabytes.
_SIXTEEN_TO_EIGHT = np.rint(np.arange(65536, dtype=np.float64) * (255.0 / 65535.0)).astype(np.uint8)


def _rescale_int(values: np.ndarray) -> np.ndarray:
    """16-bit samples scaled to 8 bits (x / 257, rounded). A 32-bit `I` image whose values fit
    16 bits is treated the same; anything wider is stretched from its own minimum to maximum."""
    if values.size == 0:
        return values.astype(np.uint8)
    low, high = int(values.min()), int(values.max())
    if low >= 0 and high <= 65535:
        return _SIXTEEN_TO_EIGHT[values]  # type: ignore[no-any-return]
    return _to_uint8(values.astype(np.float32), float(low), float(high))


def _rescale_float(values: np.ndarray) -> np.ndarray:
    """Float TIFFs: 0..1 is the usual convention; other ranges are stretched min to max."""
    finite = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    low, high = 0.0, 1.0
    if finite.size and (finite.min() < 0 or finite.max() > 1):
        low, high = float(finite.min()), float(finite.max())
    return _to_uint8(finite, low, high)


def _to_uint8(values: np.ndarray, low: float, high: float) -> np.ndarray:
    span = high - low if high > low else 1.0
    scaled = np.rint((values - np.float32(low)) * np.float32(255.0 / span))
    result: np.ndarray = np.clip(scaled, 0, 255).astype(np.uint8)
    return result


def _cmyk_to_rgb(img: Image.Image) -> Image.Image:
    """With an embedded profile, let Little CMS do the colour; without one (or with a profile
    it cannot use) Pillow's naive inversion is the best guess there is."""
    icc = img.info.get("icc_profile")
    if icc:
        from PIL import ImageCms

        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                img, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None
        if converted is not None:
            return converted
    return img.convert("RGB")


def _flatten_on_white(img: Image.Image) -> Image.Image:
    rgba = img.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")


def _lab_to_rgb(img: Image.Image) -> Image.Image:
    from PIL import ImageCms

    transform = ImageCms.buildTransform(
        ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), "LAB", "RGB"
    )
    converted = ImageCms.applyTransform(img, transform)
    assert converted is not None  # applyTransform returns None only when inPlace=True
    return converted
