"""What a signature binds to: the sha256 of the canonical JSON of one exact draft version.

The hashed record names the case, the draft, its version, text, analysis and model ids, so a
signature that is moved to another draft, or a draft changed by a single byte, no longer
matches. Pure functions: the service loads the rows and calls these.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC
from enum import StrEnum
from typing import Any

from skinclinic.core.domain import Draft, Signature

RECORD_SCHEMA = "skinclinic.draft.v1"  # bump if the hashed fields change; old ones stay checkable


class SignatureMeaning(StrEnum):
    REVIEW = "review"  # "I have reviewed this record"
    APPROVAL = "approval"  # "I approve this report"
    RESPONSIBILITY = "responsibility"  # "I take responsibility for this report"


def canonical_json(value: Any) -> bytes:
    """One byte spelling per value: sorted keys, no whitespace, UTF-8."""
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def draft_record(draft: Draft) -> dict[str, Any]:
    """The exact fields a signature vouches for."""
    return {
        "schema": RECORD_SCHEMA,
        "case_id": draft.case_id,
        "draft_id": draft.id,
        "version": draft.version,
        "text": draft.text,
        "author": draft.author,
        "analysis_id": draft.analysis_id,
        "prompt_version": draft.prompt_version,
        "sampling": dict(draft.sampling),
        "model_ids": dict(draft.model_ids),
        "created_at": draft.created_at.astimezone(UTC).isoformat(),
    }


def record_sha256(draft: Draft) -> str:
    return hashlib.sha256(canonical_json(draft_record(draft))).hexdigest()


def verify_signature(signature: Signature, draft: Draft | None) -> list[str]:
    """Problems with one signature against the draft it names; an empty list means it holds."""
    label = f"signature {signature.id}"
    if draft is None:
        return [f"{label}: the signed draft {signature.draft_id} is missing"]
    problems: list[str] = []
    if draft.id != signature.draft_id:
        problems.append(f"{label}: names draft {signature.draft_id}, checked against {draft.id}")
    if draft.case_id != signature.case_id:
        problems.append(
            f"{label}: belongs to case {signature.case_id} but its draft is in case {draft.case_id}"
        )
    if record_sha256(draft) != signature.record_sha256:
        problems.append(
            f"{label}: draft {draft.id} (version {draft.version}) no longer matches the signed "
            "record hash; the record or the signature was altered"
        )
    try:
        SignatureMeaning(signature.meaning)
    except ValueError:
        problems.append(f"{label}: unknown meaning {signature.meaning!r}")
    return problems


def is_preliminary(draft: Draft, signatures: Iterable[Signature]) -> bool:
    """True unless a signature that still verifies names this exact draft: AI output (and any
    unsigned text) must be shown as a preliminary draft."""
    return not any(s.draft_id == draft.id and not verify_signature(s, draft) for s in signatures)
