"""ORM rows -> frozen domain records. The only place that knows both shapes."""

from __future__ import annotations

from typing import Any

from skinclinic.caselog.models import (
    AnalysisRow,
    CaseRow,
    DraftRow,
    PatientRow,
    PhotoRow,
    SignatureRow,
)
from skinclinic.core.domain import (
    Analysis,
    Case,
    CaseStatus,
    CaseSummary,
    Draft,
    Modality,
    Patient,
    Photo,
    PhotoSource,
    Sex,
    Signature,
)


def _frozen(value: dict[str, Any]) -> dict[str, Any]:
    # A fresh plain dict (not a read-only proxy): dataclasses.asdict and json must copy it.
    return dict(value)


def patient(row: PatientRow) -> Patient:
    return Patient(
        id=row.id,
        reference=row.reference,
        birth_year=row.birth_year,
        sex=Sex(row.sex),
        fitzpatrick=row.fitzpatrick,
        created_at=row.created_at,
    )


def case(row: CaseRow, patient_reference: str) -> Case:
    return Case(
        id=row.id,
        patient_id=row.patient_id,
        patient_reference=patient_reference,
        body_site=row.body_site,
        history=row.history,
        status=CaseStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def summary(row: CaseRow, patient_reference: str) -> CaseSummary:
    return CaseSummary(
        id=row.id,
        patient_reference=patient_reference,
        body_site=row.body_site,
        status=CaseStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        photo_count=row.photo_count,
        top_label=row.top_label,
        top_probability=row.top_probability,
        uncertainty_verdict=row.uncertainty_verdict,
    )


def photo(row: PhotoRow) -> Photo:
    return Photo(
        id=row.id,
        case_id=row.case_id,
        sha256=row.sha256,
        stored_path=row.stored_path,
        original_name=row.original_name,
        width=row.width,
        height=row.height,
        format=row.format,
        captured_at=row.captured_at,
        imported_at=row.imported_at,
        source=PhotoSource(row.source),
        modality=Modality(row.modality),
    )


def analysis(row: AnalysisRow) -> Analysis:
    return Analysis(
        id=row.id,
        case_id=row.case_id,
        photo_id=row.photo_id,
        model_pack_id=row.model_pack_id,
        model_hashes=_frozen(row.model_hashes),
        probabilities=_frozen(row.probabilities),
        uncertainty=_frozen(row.uncertainty),
        quality_flags=tuple(row.quality_flags),
        findings=_frozen(row.findings),
        timings_ms=_frozen(row.timings_ms),
        created_at=row.created_at,
    )


def draft(row: DraftRow) -> Draft:
    return Draft(
        id=row.id,
        case_id=row.case_id,
        analysis_id=row.analysis_id,
        version=row.version,
        text=row.text,
        author=row.author,
        prompt_version=row.prompt_version,
        sampling=_frozen(row.sampling),
        model_ids=_frozen(row.model_ids),
        created_at=row.created_at,
    )


def signature(row: SignatureRow) -> Signature:
    return Signature(
        id=row.id,
        case_id=row.case_id,
        draft_id=row.draft_id,
        signer=row.signer,
        printed_name=row.printed_name,
        meaning=row.meaning,
        signed_at=row.signed_at,
        record_sha256=row.record_sha256,
    )
