"""Measured morphology of the lesion: the structured findings the report model and GUI read.

All measures come from the lesion mask at the working resolution (``segment.SEG_SIDE``):
- ``area_fraction``: lesion pixels / photo pixels.
- ``asymmetry``: mean over the two principal axes of 1 - overlap(mask, mask mirrored about the
  axis) / area; 0 for a perfectly symmetric shape (the "A" of the ABCD rule).
- ``border_irregularity``: compactness perimeter² / (4π·area) of the traced outline; about
  1.1 for a digitised disc, higher for notched or bumpy borders (the "B").
- ``colours``: dermoscopic palette colours covering at least ``COLOUR_MIN_FRACTION`` of the
  lesion (the "C"); palette sRGB values from Kasmi & Mokrani, IET Image Processing 2016.
- ``diameter_px``: largest distance between outline points, in the photo's own pixels (the "D";
  millimetres need a scale the photo does not have).
- ``outline``: the traced border as (x, y) fractions of the photo's width and height.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

from skinclinic.analysis.colour import srgb_to_lab
from skinclinic.analysis.segment import Mask, classical_mask, model_mask, skin_colour, work_rgb

PALETTE: Mapping[str, tuple[int, int, int]] = {
    "white": (197, 188, 217),
    "red": (118, 21, 17),
    "light brown": (163, 82, 16),
    "dark brown": (135, 44, 5),
    "blue-grey": (113, 108, 139),
    "black": (41, 31, 32),
}
COLOUR_MIN_FRACTION = 0.05
COLOUR_MAX_DISTANCE = 45.0  # CIE Lab units; farther from every palette colour = unnamed
MAX_OUTLINE_POINTS = 128


@dataclass(frozen=True)
class Findings:
    lesion_found: bool
    mask_source: str  # "model" or "classical"
    area_fraction: float
    asymmetry: float
    asymmetry_axes: tuple[float, float]
    border_irregularity: float
    diameter_px: float
    colours: tuple[str, ...]
    colour_fractions: Mapping[str, float] = field(default_factory=dict)
    outline: tuple[tuple[float, float], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "lesion_found": self.lesion_found,
            "mask_source": self.mask_source,
            "area_fraction": round(self.area_fraction, 4),
            "asymmetry": round(self.asymmetry, 4),
            "asymmetry_axes": [round(a, 4) for a in self.asymmetry_axes],
            "border_irregularity": round(self.border_irregularity, 4),
            "diameter_px": round(self.diameter_px, 1),
            "colours": list(self.colours),
            "colour_count": len(self.colours),
            "colour_fractions": {k: round(v, 4) for k, v in self.colour_fractions.items()},
            "outline": [[round(x, 4), round(y, 4)] for x, y in self.outline],
        }


_PALETTE_LAB = srgb_to_lab(np.array(list(PALETTE.values())))


def lesion_mask(
    image: Image.Image,
    mask_logits: npt.NDArray[np.float32] | None = None,
    input_size: tuple[int, int] | None = None,
) -> tuple[Mask, npt.NDArray[np.float32], str]:
    """(mask, working RGB, source) for a photo; uses the model's mask when given."""
    rgb = work_rgb(image)
    if mask_logits is not None and input_size is not None:
        size = (rgb.shape[1], rgb.shape[0])
        return model_mask(mask_logits, size, image.size, input_size), rgb, "model"
    return classical_mask(rgb), rgb, "classical"


def measure(image: Image.Image, mask: Mask, rgb: npt.NDArray[np.float32], source: str) -> Findings:
    area = int(mask.sum())
    if area < 4:
        return Findings(False, source, 0.0, 0.0, (0.0, 0.0), 0.0, 0.0, ())
    asym = _asymmetry(mask)
    outline = trace_outline(mask)
    perimeter = float(np.sum(np.hypot(*np.diff(np.vstack((outline, outline[:1])), axis=0).T)))
    work_h, work_w = mask.shape
    to_photo = np.array([image.size[0] / work_w, image.size[1] / work_h])
    fractions = _colours(rgb[mask], skin_colour(rgb))
    step = max(1, math.ceil(len(outline) / MAX_OUTLINE_POINTS))
    points = outline[::step]
    return Findings(
        lesion_found=True,
        mask_source=source,
        area_fraction=area / mask.size,
        asymmetry=(asym[0] + asym[1]) / 2,
        asymmetry_axes=asym,
        border_irregularity=perimeter**2 / (4 * math.pi * area),
        diameter_px=_diameter((points + 0.5) * to_photo),
        colours=tuple(name for name, frac in fractions.items() if frac >= COLOUR_MIN_FRACTION),
        colour_fractions=fractions,
        outline=tuple((float((x + 0.5) / work_w), float((y + 0.5) / work_h)) for x, y in points),
    )


def describe_lesion(
    image: Image.Image,
    mask_logits: npt.NDArray[np.float32] | None = None,
    input_size: tuple[int, int] | None = None,
) -> Findings:
    mask, rgb, source = lesion_mask(image, mask_logits, input_size)
    return measure(image, mask, rgb, source)


def _asymmetry(mask: Mask) -> tuple[float, float]:
    ys, xs = np.nonzero(mask)
    points = np.stack((xs, ys), axis=1).astype(np.float64)
    centre = points.mean(axis=0)
    offsets = points - centre
    _, vectors = np.linalg.eigh(np.cov(offsets.T) if len(points) > 1 else np.eye(2))
    height, width = mask.shape
    scores = []
    for axis in vectors.T:
        mirror = 2 * np.outer(offsets @ axis, axis) - offsets + centre
        mx, my = np.round(mirror[:, 0]).astype(int), np.round(mirror[:, 1]).astype(int)
        inside = (mx >= 0) & (mx < width) & (my >= 0) & (my < height)
        overlap = np.count_nonzero(mask[my[inside], mx[inside]])
        scores.append(float(1.0 - overlap / len(points)))
    return (scores[1], scores[0])  # major axis first (eigh sorts ascending)


# Moore neighbourhood, clockwise from west, as (dy, dx).
_DIRS = ((0, -1), (-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1))


def trace_outline(mask: Mask) -> npt.NDArray[np.float64]:
    """Outer border of the first (top-left) component as (x, y) pixel centres, in order."""
    padded = np.pad(mask, 1)
    ys, xs = np.nonzero(padded)
    start = (int(ys[0]), int(xs[0]))  # raster-first pixel: its west neighbour is background
    points = [start]
    current, back = start, 0  # index into _DIRS of the background neighbour we came from
    limit = 4 * mask.size
    for _ in range(limit):
        for k in range(1, 9):
            d = (back + k) % 8
            ny, nx = current[0] + _DIRS[d][0], current[1] + _DIRS[d][1]
            if padded[ny, nx]:
                prev = _DIRS[(d - 1) % 8]
                by, bx = current[0] + prev[0] - ny, current[1] + prev[1] - nx
                back = _DIRS.index((by, bx))
                current = (ny, nx)
                break
        else:
            break  # an isolated pixel
        if current == start:
            break
        points.append(current)
    arr = np.array(points, dtype=np.float64)
    return np.stack((arr[:, 1] - 1, arr[:, 0] - 1), axis=1)


def _diameter(points: npt.NDArray[np.float64]) -> float:
    if len(points) < 2:
        return 0.0
    delta = points[:, None, :] - points[None, :, :]
    return float(np.sqrt((delta**2).sum(axis=2)).max())


def _colours(pixels: npt.NDArray[np.float32], skin: npt.NDArray[np.float32]) -> dict[str, float]:
    """Share of lesion pixels nearest to each palette colour (skin-like pixels count as none)."""
    if len(pixels) == 0:
        return {}
    lab = srgb_to_lab(pixels)
    refs = np.vstack((_PALETTE_LAB, srgb_to_lab(skin[None, :])))
    dist = np.linalg.norm(lab[:, None, :] - refs[None, :, :], axis=2)
    nearest = dist.argmin(axis=1)
    named = dist[np.arange(len(lab)), nearest] <= COLOUR_MAX_DISTANCE
    counts = np.bincount(nearest[named], minlength=len(refs))
    return {name: float(counts[i]) / len(lab) for i, name in enumerate(PALETTE)}
