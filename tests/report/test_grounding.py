"""The grounding check flags unsupported diagnoses, made-up numbers and certainty on a referral."""

from __future__ import annotations

import time

from skinclinic.report.grounding import check
from tests.report.fixtures import MELANOMA, NAEVUS, NAMES, analysis


def test_a_faithful_narrative_passes() -> None:
    text = (
        "Dermoscopy shows a lesion covering 12% of the photo with two colours, light and dark "
        "brown, and asymmetry 0.31. The most likely diagnosis is a melanocytic naevus (0.81); "
        "benign keratosis (0.09) and melanoma (0.06) are less likely. Routine follow-up."
    )
    assert check(text, analysis(NAEVUS), NAMES) == []


def test_an_unsupported_diagnosis_is_flagged() -> None:
    text = "This looks like a basal cell carcinoma."
    flags = check(text, analysis(NAEVUS), NAMES)
    assert len(flags) == 1
    assert text[flags[0].start : flags[0].end] == "basal cell carcinoma"
    # Synonyms and abbreviations too; a negated mention is fine.
    assert check("A BCC is possible.", analysis(NAEVUS), NAMES)
    assert check("Probably a dermatofibroma.", analysis(NAEVUS), NAMES)
    assert check("Squamous cell carcinoma.", analysis(NAEVUS), NAMES)
    assert check("This is not a dermatofibroma.", analysis(NAEVUS), NAMES) == []
    assert check("Basal cell carcinoma is unlikely (0.02).", analysis(NAEVUS), NAMES) == []
    assert check("A mole (naevus), most likely.", analysis(NAEVUS), NAMES) == []


def test_a_made_up_number_is_flagged() -> None:
    a = analysis(NAEVUS)
    flags = check("The lesion is 6 mm wide and melanoma has a 35% chance.", a, NAMES)
    spans = [(f.start, f.end) for f in flags]
    assert len(flags) == 2, flags
    assert "mm" in "The lesion is 6 mm wide"[spans[0][0] : spans[0][1]]
    # The analysis's own values pass, as probabilities, percentages or rounded.
    assert check("Naevus 81%, asymmetry 0.31, border 1.42.", a, NAMES) == []
    assert check("Naevus probability 0.812.", a, NAMES) == []
    assert check("Naevus probability 0.85.", a, NAMES)


def test_certainty_language_on_a_refer_case_is_flagged() -> None:
    a = analysis(MELANOMA, "refer")
    flags = check("This is definitely a benign naevus, nothing to worry about.", a, NAMES)
    messages = " ".join(f.message for f in flags)
    assert "definitely" in messages and "nothing to worry" in messages
    # The same words on a confident case are not a contradiction of the verdict.
    assert check("This is definitely a naevus.", analysis(NAEVUS), NAMES) == []


def test_the_check_is_fast_enough_for_every_edit() -> None:
    text = "The lesion is most likely a melanocytic naevus (0.81) with asymmetry 0.31. " * 40
    a = analysis(NAEVUS)
    started = time.perf_counter()
    for _ in range(20):
        check(text, a, NAMES)
    assert (time.perf_counter() - started) / 20 < 0.02


def test_leading_diagnosis_is_the_first_one_named_and_not_negated() -> None:
    from skinclinic.report.grounding import leading_diagnosis

    assert leading_diagnosis("Not a melanoma. Most likely a basal cell carcinoma (0.7).") == "bcc"
    assert leading_diagnosis("A melanocytic naevus; melanoma is less likely.") == "nv"
    assert leading_diagnosis("An even, brown lesion.") is None
