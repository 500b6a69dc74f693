from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from skinclinic.core.domain import Draft, Signature
from skinclinic.review.signing import (
    SignatureMeaning,
    canonical_json,
    is_preliminary,
    record_sha256,
    verify_signature,
)

NOW = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def make_draft(draft_id: int = 1, text: str = "Benign naevus; routine follow-up.") -> Draft:
    return Draft(
        id=draft_id,
        case_id=7,
        analysis_id=3,
        version=1,
        text=text,
        author="ai",
        prompt_version="p1",
        sampling={"temperature": 0.2},
        model_ids={"vision": "effnet-v1", "llm": "gemma3-270m"},
        created_at=NOW,
    )


def sign(draft: Draft) -> Signature:
    return Signature(
        id=1,
        case_id=draft.case_id,
        draft_id=draft.id,
        signer="doctor-id",
        printed_name="Dr Who",
        meaning=SignatureMeaning.APPROVAL,
        signed_at=NOW,
        record_sha256=record_sha256(draft),
    )


def test_canonical_json_is_stable() -> None:
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()


def test_signature_holds_on_its_own_draft() -> None:
    draft = make_draft()
    assert verify_signature(sign(draft), draft) == []


def test_one_changed_byte_breaks_the_signature() -> None:
    draft = make_draft()
    signature = sign(draft)
    tampered = replace(draft, text=draft.text.replace(";", ","))
    assert verify_signature(signature, tampered)
    assert verify_signature(signature, replace(draft, model_ids={"vision": "other"}))


def test_moved_signature_fails() -> None:
    signature = sign(make_draft(1))
    other = make_draft(2)  # same text, different record
    moved = replace(signature, draft_id=other.id)
    assert verify_signature(moved, other)


def test_missing_draft_and_unknown_meaning() -> None:
    draft = make_draft()
    assert verify_signature(sign(draft), None)
    assert verify_signature(replace(sign(draft), meaning="whatever"), draft)


def test_draft_is_preliminary_until_validly_signed() -> None:
    draft = make_draft()
    assert is_preliminary(draft, [])
    assert not is_preliminary(draft, [sign(draft)])
    assert is_preliminary(replace(draft, text="changed"), [sign(draft)])
    assert is_preliminary(make_draft(2), [sign(draft)])
