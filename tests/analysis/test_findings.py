"""Morphology on synthetic lesions whose answers are known."""

from __future__ import annotations

import json
import math

import numpy as np
from PIL import Image, ImageDraw

from skinclinic.analysis.findings import PALETTE, describe_lesion
from skinclinic.analysis.segment import dice, fill_holes, label_components

SKIN = (225, 180, 160)


def _canvas() -> Image.Image:
    return Image.new("RGB", (400, 300), SKIN)


def test_disc_area_symmetry_and_border() -> None:
    image = _canvas()
    ImageDraw.Draw(image).ellipse((120, 70, 280, 230), fill=PALETTE["dark brown"])
    f = describe_lesion(image)
    assert f.lesion_found and f.mask_source == "classical"
    # The mask errs ~1 px outwards on a hard edge (threshold set for soft real borders).
    assert math.isclose(f.area_fraction, math.pi * 80**2 / (400 * 300), rel_tol=0.08)
    assert f.asymmetry < 0.05
    assert 1.0 <= f.border_irregularity < 1.25
    assert math.isclose(f.diameter_px, 160, rel_tol=0.06)
    assert f.colours == ("dark brown",)
    xs = [x for x, _ in f.outline]
    assert math.isclose(min(xs), 0.3, abs_tol=0.02) and math.isclose(max(xs), 0.7, abs_tol=0.02)
    json.dumps(f.to_json())  # the case log stores it as JSON


def test_bumpy_star_has_a_more_irregular_border() -> None:
    image = _canvas()
    points = [
        (
            200 + (90 if k % 2 == 0 else 50) * math.cos(k * math.pi / 10),
            150 + (90 if k % 2 == 0 else 50) * math.sin(k * math.pi / 10),
        )
        for k in range(20)
    ]
    ImageDraw.Draw(image).polygon(points, fill=PALETTE["dark brown"])
    assert describe_lesion(image).border_irregularity > 1.8


def test_lopsided_lesion_is_asymmetric() -> None:
    image = _canvas()
    draw = ImageDraw.Draw(image)
    draw.ellipse((80, 70, 320, 230), fill=PALETTE["dark brown"])
    draw.ellipse((80, 110, 200, 190), fill=SKIN)  # a bite out of one end
    assert describe_lesion(image).asymmetry > 0.1


def test_two_colour_lesion() -> None:
    image = _canvas()
    draw = ImageDraw.Draw(image)
    draw.ellipse((120, 70, 280, 230), fill=PALETTE["dark brown"])
    draw.pieslice((120, 70, 280, 230), 90, 270, fill=PALETTE["blue-grey"])
    f = describe_lesion(image)
    assert set(f.colours) == {"dark brown", "blue-grey"}
    assert f.to_json()["colour_count"] == 2


def test_no_lesion_on_plain_skin() -> None:
    f = describe_lesion(_canvas())
    assert not f.lesion_found and f.area_fraction == 0.0


def test_model_mask_is_used_when_given() -> None:
    logits = np.full((12, 16), -5.0, dtype=np.float32)
    logits[3:9, 4:12] = 5.0
    f = describe_lesion(_canvas(), logits, (64, 48))
    assert f.mask_source == "model"
    assert math.isclose(f.area_fraction, 0.25, rel_tol=0.1)


def test_components_and_holes() -> None:
    mask = np.zeros((9, 9), dtype=bool)
    mask[1:4, 1:4] = True
    mask[5:8, 5:8] = True
    mask[6, 6] = False
    labels, count = label_components(mask)
    assert count == 2 and labels[1, 1] != labels[5, 5]
    assert fill_holes(mask)[6, 6]
    assert dice(mask, mask) == 1.0
