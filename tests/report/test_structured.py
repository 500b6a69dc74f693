"""The structured part of a draft: every number is the analysis's own, the next step is the rule."""

from __future__ import annotations

import re

from skinclinic.report.structured import HEADER, build_structured, next_step
from tests.report.fixtures import MELANOMA, NAEVUS, NAMES, analysis


def test_structured_numbers_equal_the_analysis() -> None:
    a = analysis(NAEVUS)
    report = build_structured(a, NAMES)
    text = report.render()
    assert text.splitlines()[0] == HEADER
    assert [d.code for d in report.differential] == ["nv", "bkl", "mel"]
    for item in report.differential:
        assert abs(item.probability - a.probabilities[item.code]) <= 0.005
        assert f"{item.name}: {a.probabilities[item.code]:.2f}" in text
    assert "lesion covers 12% of the photo" in text
    assert "asymmetry 0.31" in text and "border irregularity 1.42" in text
    assert "colours (2): light brown, dark brown" in text
    assert "211 px" in text and " mm" not in text.replace("no size in mm", "")
    numbers = {float(x) for x in re.findall(r"\d+\.\d+", text)}
    assert numbers <= {0.81, 0.09, 0.06, 0.31, 1.42, 1.1}  # 1.1 is the fixed "smooth" reference


def test_differential_leaves_out_tiny_probabilities_but_keeps_the_top() -> None:
    report = build_structured(analysis({"nv": 0.97, "mel": 0.02, "bkl": 0.01}), NAMES)
    assert [d.code for d in report.differential] == ["nv"]


def test_next_step_rule() -> None:
    assert "Urgent" in next_step("refer", MELANOMA)
    assert "Refer" in next_step("refer", {"bcc": 0.3, "nv": 0.7})
    assert "Retake" in next_step("retake", {})
    assert "in person" in next_step("uncertain", {"nv": 0.5, "bkl": 0.45, "mel": 0.05})
    assert "Routine" in next_step("confident", NAEVUS)


def test_retake_has_no_differential() -> None:
    a = analysis({}, "retake", lesion_found=False)
    text = build_structured(a, NAMES).render()
    assert "none: the photo did not pass the quality gate" in text
    assert "Retake" in text
