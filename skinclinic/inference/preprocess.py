"""The one image preprocessing used by training, evaluation, export and the app.

Policy ("cover, then centre crop"): scale the photo so that it covers ``height x width``
while keeping its aspect ratio (the shorter side, relative to the target, fits exactly),
then cut the centre ``height x width`` window. A HAM10000 image (200x150, 4:3) scaled to a
4:3 target loses nothing; a square ISIC 2017 image loses a band at the top and bottom; a
portrait phone photo loses a band at each end of its long side. No padding, no stretching.

Resampling is Pillow's bilinear filter with antialiasing; for photos much larger than the
target, ``reducing_gap`` lets Pillow first shrink by an integer factor (box filter), which is
both fast for 12-megapixel photos and deterministic. The result is an ``uint8`` HxWx3 array
(:func:`resize_and_crop`), which :func:`normalize` turns into ``float32`` [3, H, W] as
``(pixel * scale - mean) / std``, computed in float32 in that order.

The training recipe caches the ``uint8`` output of :func:`resize_and_crop` and applies its
augmentation in torch; every evaluation, the export check and the app go through
:func:`preprocess` (or :func:`preprocess_batch`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from PIL import Image

__all__ = ["normalize", "preprocess", "preprocess_batch", "resize_and_crop"]

#: Pillow's two-step downscale: shrink by an integer factor first while the image is more
#: than this many times larger than the target.
REDUCING_GAP = 3.0


def _check_size(height: int, width: int) -> None:
    if height <= 0 or width <= 0:
        raise ValueError(f"target size must be positive, got {height}x{width}")


def resize_and_crop(image: Image.Image, height: int, width: int) -> npt.NDArray[np.uint8]:
    """Scale ``image`` to cover ``height x width`` (aspect kept), centre-crop; uint8 HxWx3."""
    _check_size(height, width)
    if image.mode != "RGB":
        raise ValueError(f"expected an RGB image, got mode {image.mode!r}")
    src_w, src_h = image.size
    if src_w <= 0 or src_h <= 0:
        raise ValueError("image has no pixels")
    scale = max(width / src_w, height / src_h)
    new_w = max(width, round(src_w * scale))
    new_h = max(height, round(src_h * scale))
    if (new_w, new_h) != (src_w, src_h):
        image = image.resize((new_w, new_h), Image.Resampling.BILINEAR, reducing_gap=REDUCING_GAP)
    left = (new_w - width) // 2
    top = (new_h - height) // 2
    if (left, top, new_w, new_h) != (0, 0, width, height):
        image = image.crop((left, top, left + width, top + height))
    array = np.asarray(image, dtype=np.uint8)
    if array.shape != (height, width, 3):
        raise ValueError(f"unexpected array shape {array.shape}")
    return array


def normalize(
    pixels: npt.NDArray[np.uint8],
    mean: Sequence[float],
    std: Sequence[float],
    scale: float,
) -> npt.NDArray[np.float32]:
    """uint8 HxWx3 → float32 [3, H, W] as ``(pixel * scale - mean) / std`` per channel."""
    if pixels.ndim != 3 or pixels.shape[2] != 3:
        raise ValueError(f"expected HxWx3 pixels, got shape {pixels.shape}")
    if len(mean) != 3 or len(std) != 3:
        raise ValueError("mean and std need one value per RGB channel")
    mean32 = np.asarray(mean, dtype=np.float32).reshape(3, 1, 1)
    std32 = np.asarray(std, dtype=np.float32).reshape(3, 1, 1)
    chw = np.ascontiguousarray(pixels.transpose(2, 0, 1)).astype(np.float32)
    out: npt.NDArray[np.float32] = (chw * np.float32(scale) - mean32) / std32
    return out


def preprocess(
    image: Image.Image,
    height: int,
    width: int,
    mean: Sequence[float],
    std: Sequence[float],
    scale: float,
) -> npt.NDArray[np.float32]:
    """An RGB photo → the encoder's float32 input [3, height, width]."""
    return normalize(resize_and_crop(image, height, width), mean, std, scale)


def preprocess_batch(
    images: Sequence[Image.Image],
    height: int,
    width: int,
    mean: Sequence[float],
    std: Sequence[float],
    scale: float,
) -> npt.NDArray[np.float32]:
    """Several RGB photos → float32 [N, 3, height, width] (N may be 0)."""
    _check_size(height, width)
    out = np.empty((len(images), 3, height, width), dtype=np.float32)
    for i, image in enumerate(images):
        out[i] = preprocess(image, height, width, mean, std, scale)
    return out
