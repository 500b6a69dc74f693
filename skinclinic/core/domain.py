"""Domain records handed around the app. Frozen: the repository returns these, never ORM rows.

Vocabulary (see CONTEXT.md): a Case is one lesion of one Patient at one body site; it holds
Photos; an Analysis is the vision model's reading of one Photo; a Draft is a report text
(AI-written or edited by a person); a Signature is a doctor's sign-off on one exact Draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

JSON = Mapping[str, Any]


class CaseStatus(StrEnum):
    NEW = "new"
    ANALYZED = "analyzed"
    DRAFTED = "drafted"
    SIGNED = "signed"
    AMENDED = "amended"


# Allowed moves of a case through the workflow. Re-analysis and re-drafting stay possible until
# a doctor signs; after signing only an amendment (which opens a new draft version) is allowed.
ALLOWED_TRANSITIONS: Mapping[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.NEW: frozenset({CaseStatus.ANALYZED, CaseStatus.DRAFTED}),
    CaseStatus.ANALYZED: frozenset({CaseStatus.ANALYZED, CaseStatus.DRAFTED}),
    CaseStatus.DRAFTED: frozenset({CaseStatus.ANALYZED, CaseStatus.DRAFTED, CaseStatus.SIGNED}),
    CaseStatus.SIGNED: frozenset({CaseStatus.AMENDED}),
    CaseStatus.AMENDED: frozenset({CaseStatus.ANALYZED, CaseStatus.DRAFTED, CaseStatus.SIGNED}),
}


def can_transition(current: CaseStatus, target: CaseStatus) -> bool:
    return target in ALLOWED_TRANSITIONS[current]


MAX_AGE = 120  # years; a year of birth further back is taken for a typing error


def birth_year_bounds() -> tuple[int, int]:
    """The years of birth accepted, first and last: MAX_AGE years back to this (UTC) year."""
    this_year = datetime.now(UTC).year
    return this_year - MAX_AGE, this_year


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class PhotoSource(StrEnum):
    FILE = "file"
    CAMERA = "camera"


class Modality(StrEnum):
    CLINICAL = "clinical"
    DERMOSCOPIC = "dermoscopic"


@dataclass(frozen=True)
class Patient:
    id: int
    reference: str  # pseudonymous; never a name
    birth_year: int | None
    sex: Sex
    fitzpatrick: int | None  # I-VI as 1-6
    created_at: datetime


@dataclass(frozen=True)
class Case:
    id: int
    patient_id: int
    patient_reference: str
    body_site: str
    history: str
    status: CaseStatus
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Photo:
    id: int
    case_id: int
    sha256: str
    stored_path: str  # relative to the photo store
    original_name: str
    width: int
    height: int
    format: str  # the decoded container format, e.g. "JPEG"
    captured_at: datetime | None
    imported_at: datetime
    source: PhotoSource
    modality: Modality


@dataclass(frozen=True)
class Analysis:
    id: int
    case_id: int
    photo_id: int
    model_pack_id: str
    model_hashes: JSON  # file name -> sha256 of every model file used
    probabilities: JSON  # label -> calibrated probability
    uncertainty: JSON  # entropy, margin, tta agreement, verdict, reason
    quality_flags: tuple[str, ...]
    findings: JSON  # morphology measurements
    timings_ms: JSON
    created_at: datetime


@dataclass(frozen=True)
class Draft:
    id: int
    case_id: int
    analysis_id: int | None
    version: int
    text: str
    author: str  # "ai" for a model draft, else the user id who edited it
    prompt_version: str
    sampling: JSON
    model_ids: JSON
    created_at: datetime


@dataclass(frozen=True)
class Signature:
    id: int
    case_id: int
    draft_id: int
    signer: str
    printed_name: str
    meaning: str  # review / approval / responsibility
    signed_at: datetime
    record_sha256: str


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    old: JSON | None
    new: JSON | None
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class CaseDetail:
    """Everything about one case, for `skinclinic case ID` and the GUI's case view."""

    case: Case
    patient: Patient
    photos: tuple[Photo, ...] = ()
    analyses: tuple[Analysis, ...] = ()
    drafts: tuple[Draft, ...] = ()
    signatures: tuple[Signature, ...] = ()
    extra: JSON = field(default_factory=dict)


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list."""

    id: int
    patient_reference: str
    body_site: str
    status: CaseStatus
    created_at: datetime
    updated_at: datetime
    photo_count: int
    top_label: str | None
    top_probability: float | None
    uncertainty_verdict: str | None
