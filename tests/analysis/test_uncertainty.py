"""Abstain rule on crafted probability vectors."""

from __future__ import annotations

from skinclinic.analysis.uncertainty import Verdict, normalised_entropy, retake, summarize

CODES = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"]
NAMES = {"mel": "melanoma", "nv": "naevus", "bkl": "benign keratosis"}


def _probs(**values: float) -> dict[str, float]:
    rest = (1.0 - sum(values.values())) / (len(CODES) - len(values))
    return {c: values.get(c, rest) for c in CODES}


def test_confident_benign() -> None:
    s = summarize(_probs(nv=0.94), NAMES)
    assert s.verdict is Verdict.CONFIDENT and s.top_label == "nv"
    assert s.reason == "confident — naevus 0.94"
    assert s.entropy is not None and s.entropy < 0.3


def test_close_top_two_is_uncertain_even_when_benign() -> None:
    s = summarize(_probs(bkl=0.45, nv=0.40), NAMES)
    assert s.verdict is Verdict.UNCERTAIN
    assert s.reason == (
        "uncertain: refer — top two diagnoses (benign keratosis 0.45, naevus 0.40) are too close"
    )


def test_melanoma_above_safety_threshold_is_referred() -> None:
    s = summarize(_probs(mel=0.41, nv=0.38), NAMES)
    assert s.verdict is Verdict.REFER
    assert s.malignant_flags == ("mel",)
    assert s.reason.startswith("refer — possible melanoma 0.41")
    assert any(
        "top two diagnoses (melanoma 0.41, naevus 0.38) are too close" in r for r in s.reasons
    )


def test_malignant_second_place_still_refers() -> None:
    s = summarize(_probs(nv=0.70, bcc=0.25), NAMES)
    assert s.verdict is Verdict.REFER and s.top_label == "nv" and s.malignant_flags == ("bcc",)


def test_spread_probabilities_are_uncertain() -> None:
    s = summarize({c: 1 / 7 for c in CODES}, NAMES)
    assert s.verdict is Verdict.UNCERTAIN
    assert any("spread over many diagnoses" in r for r in s.reasons)
    assert abs(normalised_entropy([1 / 7] * 7) - 1.0) < 1e-9


def test_tta_disagreement_is_uncertain() -> None:
    probs = _probs(nv=0.80)
    views = [[0.02, 0.02, 0.9, 0.02, 0.02, 0.01, 0.01]] * 2 + [list(probs.values())] * 2
    s = summarize(probs, NAMES, view_probabilities=views)
    assert s.tta_agreement == 0.5 and s.verdict is Verdict.UNCERTAIN
    assert "flipped" in s.reason


def test_out_of_distribution_refers_first() -> None:
    s = summarize(_probs(nv=0.95), NAMES, out_of_distribution=True)
    assert s.verdict is Verdict.REFER
    assert s.reason == "refer — photo looks unlike the training images"


def test_retake_and_json() -> None:
    s = retake(["retake: out of focus"])
    assert s.to_json()["verdict"] == "retake" and s.reason == "retake: out of focus"
