"""The photo quality gate, run before any diagnosis. Each failed check says how to fix it.

Measures are taken on a grey copy whose longest side is at most ``WORK_SIDE`` px, so a 12 MP
photo and a 200x150 dermatoscopic image are judged on the same scale (and cheaply).
Thresholds were set on a 2,000-image sample of the HAM10000 train split (seed 0): sharpness
ranged 6.5-4,800 (1st percentile 10.7), brightness 87-225, clipped fraction <= 0.10, so every
clean image passes (as do 300 of 300 ISIC 2017 images, a different source).
A Gaussian blur of radius 2 at 200x150 scores 1.7-9.0 (95th percentile 4.2):
about 95% of such defocused copies fail; a stronger blur, a black and a white frame always do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

WORK_SIDE = 256


@dataclass(frozen=True)
class QualityThresholds:
    min_side: int = 150  # px, short side; HAM10000's 200x150 is the smallest we trust
    min_sharpness: float = 5.0  # variance of the Laplacian (grey 0-255) at WORK_SIDE
    min_brightness: float = 35.0  # mean grey 0-255
    max_brightness: float = 235.0
    # Fraction of burnt-out pixels (grey >= 250). Black pixels are not counted: the round
    # black vignette of many dermatoscopes covers up to ~40% of an ISIC 2017 image.
    max_clipped: float = 0.30


@dataclass(frozen=True)
class QualityIssue:
    code: str  # stable flag stored in the case log: blur, too_dark, too_bright, ...
    message: str  # what the staff should do


@dataclass(frozen=True)
class QualityReport:
    issues: tuple[QualityIssue, ...]
    measures: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.issues

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(issue.code for issue in self.issues)

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(issue.message for issue in self.issues)

    def to_json(self) -> dict[str, Any]:
        return {
            "flags": list(self.flags),
            "messages": list(self.messages),
            "measures": {k: round(v, 4) for k, v in self.measures.items()},
        }


def grey_work_image(image: Image.Image) -> npt.NDArray[np.float32]:
    grey = image.convert("L")
    if max(grey.size) > WORK_SIDE:
        grey = grey.copy()
        grey.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.BILINEAR, reducing_gap=3.0)
    return np.asarray(grey, dtype=np.float32)


def sharpness(grey: npt.NDArray[np.float32]) -> float:
    """Variance of the 4-neighbour Laplacian: low when edges are smeared (out of focus)."""
    lap = grey[:-2, 1:-1] + grey[2:, 1:-1] + grey[1:-1, :-2] + grey[1:-1, 2:] - 4 * grey[1:-1, 1:-1]
    return float(lap.var()) if lap.size else 0.0


def check_photo(image: Image.Image, limits: QualityThresholds | None = None) -> QualityReport:
    """Size, focus and exposure checks that need no model."""
    limits = limits or QualityThresholds()
    width, height = image.size
    issues: list[QualityIssue] = []
    if min(width, height) < limits.min_side:
        issues.append(
            QualityIssue(
                "too_small",
                f"retake: image too small ({width}x{height} px); use the full-resolution photo",
            )
        )
    grey = grey_work_image(image)
    measures = {
        "sharpness": sharpness(grey),
        "brightness": float(grey.mean()),
        "clipped": float(np.mean(grey >= 250)),
    }
    if measures["brightness"] < limits.min_brightness:
        issues.append(QualityIssue("too_dark", "retake: too dark; add light or use the flash"))
    elif measures["brightness"] > limits.max_brightness:
        issues.append(QualityIssue("too_bright", "retake: too bright; reduce light or flash"))
    elif measures["clipped"] > limits.max_clipped:
        issues.append(
            QualityIssue(
                "clipped", "retake: parts of the photo are burnt out; avoid glare and reflections"
            )
        )
    # A flat black/white frame has no edges either; report exposure, not focus, for it.
    if measures["sharpness"] < limits.min_sharpness and not issues:
        issues.append(
            QualityIssue("blur", "retake: out of focus; hold steady and tap to focus on the lesion")
        )
    return QualityReport(tuple(issues), measures)


def check_ood(score: float, threshold: float) -> QualityIssue | None:
    """Embedding far from every training image: not a (dermatoscopic) lesion photo."""
    if score <= threshold:
        return None
    return QualityIssue(
        "not_a_lesion",
        "this does not look like a skin lesion photo like those the model was trained on; "
        "check the photo, or retake it close-up with the dermatoscope",
    )
