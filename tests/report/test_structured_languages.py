"""The structured report in Chinese and Japanese: the same analysis gives the same numbers and
the same rule in every language; only the words change."""

from __future__ import annotations

import dataclasses
import re
import string

import pytest

from skinclinic.core.domain import Case, CaseStatus, Patient, Sex
from skinclinic.report.analysis_text import localise
from skinclinic.report.structured import LANGUAGES, build_structured, text_for
from tests.report.fixtures import MELANOMA, NAEVUS, NAMES, analysis

NUMBER = re.compile(r"\d+(?:\.\d+)?")
REASONS = [
    "confident — melanocytic naevus 0.81",
    "refer — possible melanoma 0.45 (safety threshold 0.30)",
    "uncertain: refer — top two diagnoses (melanocytic naevus 0.48, melanoma 0.41) are too close",
    "uncertain: refer — probability is spread over many diagnoses (normalised entropy 0.71)",
    "uncertain: refer — the diagnosis changes when the photo is flipped (agreement 0.50)",
    "refer — photo looks unlike the training images",
    "retake: image too small (120x90 px); use the full-resolution photo",
    "retake: out of focus; hold steady and tap to focus on the lesion",
]


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_language_has_every_key_and_placeholder() -> None:
    english = text_for("en")
    assert {"zh_CN", "ja"} <= LANGUAGES
    for language in LANGUAGES:
        t = text_for(language)
        assert set(english) - {"colon", "sep", "list"} <= set(t), language
        for key, value in english.items():
            assert _fields(t[key]) == _fields(value), (language, key)


@pytest.mark.parametrize("language", ["zh_CN", "ja"])
@pytest.mark.parametrize(
    ("probabilities", "verdict", "reason"),
    [(NAEVUS, "confident", REASONS[0]), (MELANOMA, "refer", REASONS[1]), ({}, "retake", "")],
)
def test_same_analysis_same_numbers_in_every_language(
    language: str, probabilities: dict[str, float], verdict: str, reason: str
) -> None:
    a = analysis(probabilities, verdict, lesion_found=bool(probabilities))
    a = dataclasses.replace(a, uncertainty={**a.uncertainty, "reason": reason})
    case = Case(1, 1, "P-1", "back", "", CaseStatus.ANALYZED, a.created_at, a.created_at)
    patient = Patient(1, "P-1", 1970, Sex.FEMALE, None, a.created_at)
    en = build_structured(a, NAMES, case=case, patient=patient)
    other = build_structured(a, NAMES, case=case, patient=patient, language=language)
    # The same numbers, in the same order, and the same rule.
    assert NUMBER.findall(other.render()) == NUMBER.findall(en.render())
    assert [(d.code, d.probability) for d in other.differential] == [
        (d.code, d.probability) for d in en.differential
    ]
    assert other.verdict == en.verdict
    assert other.next_step == text_for(language)[_step_key(en.next_step)]
    text = other.render()
    assert not re.search(r"[a-z]{4,}", text.replace("px", "").replace("mm", "")), text


def _step_key(step: str) -> str:
    return next(k for k, v in text_for("en").items() if k.startswith("step.") and v == step)


def test_chinese_words() -> None:
    a = analysis(MELANOMA, "refer")
    text = build_structured(a, NAMES, language="zh_CN").render()
    assert "黑色素瘤：0.45" in text and "色素痣：0.38" in text
    assert "浅褐色、深褐色" in text
    assert "紧急转诊皮肤科" in text
    assert (
        build_structured(a, NAMES, language="ja").differential[0].name == "メラノーマ（悪性黒色腫）"
    )


@pytest.mark.parametrize("language", ["zh_CN", "ja"])
def test_every_analysis_sentence_is_translated_with_its_numbers(language: str) -> None:
    for reason in REASONS:
        shown = localise(reason, language, NAMES)
        assert shown != reason
        assert NUMBER.findall(shown) == NUMBER.findall(reason)
        assert not re.search(r"[a-z]{4,}", shown), shown
    # Unknown sentences (and unknown diagnosis names) stay English rather than be guessed.
    assert localise("something new 0.5", language, NAMES) == "something new 0.5"
    assert localise("confident — lichen 0.9", language, NAMES) == "confident — lichen 0.9"
    assert localise(REASONS[0], "en", NAMES) == REASONS[0]
