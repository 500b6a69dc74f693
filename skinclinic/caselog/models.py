"""ORM tables. Only the repository touches these; everything else gets domain dataclasses.

Cases carry denormalised list columns (photo_count, top_label, top_probability,
uncertainty_verdict, search_text) kept current by the repository, so the case list at 100k
cases reads one table through an index instead of aggregating analyses and photos.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from skinclinic.caselog.coltypes import JSONText, UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONText()}  # noqa: RUF012


class PatientRow(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    birth_year: Mapped[int | None]
    sex: Mapped[str] = mapped_column(String(16))
    fitzpatrick: Mapped[int | None]
    created_at: Mapped[datetime]


class CaseRow(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status", "status"),
        Index("ix_cases_updated_at", "updated_at"),
        Index("ix_cases_patient_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    body_site: Mapped[str] = mapped_column(Text)
    history: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    photo_count: Mapped[int] = mapped_column(Integer, default=0)
    top_label: Mapped[str | None] = mapped_column(String(64))
    top_probability: Mapped[float | None]
    uncertainty_verdict: Mapped[str | None] = mapped_column(String(32))
    # Lower-cased patient reference, body site, history and top label: one column to search.
    search_text: Mapped[str] = mapped_column(Text, default="")


class PhotoRow(Base):
    __tablename__ = "photos"
    __table_args__ = (
        UniqueConstraint("case_id", "sha256", name="uq_photos_case_sha256"),
        Index("ix_photos_sha256", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    stored_path: Mapped[str] = mapped_column(Text)
    original_name: Mapped[str] = mapped_column(Text)
    width: Mapped[int]
    height: Mapped[int]
    format: Mapped[str] = mapped_column(String(16))
    captured_at: Mapped[datetime | None]
    imported_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(16))
    modality: Mapped[str] = mapped_column(String(16))


class AnalysisRow(Base):
    __tablename__ = "analyses"
    __table_args__ = (Index("ix_analyses_case_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    photo_id: Mapped[int] = mapped_column(ForeignKey("photos.id"))
    model_pack_id: Mapped[str] = mapped_column(String(128))
    model_hashes: Mapped[dict[str, Any]]
    probabilities: Mapped[dict[str, Any]]
    uncertainty: Mapped[dict[str, Any]]
    quality_flags: Mapped[list[str]] = mapped_column(JSONText)
    findings: Mapped[dict[str, Any]]
    timings_ms: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class DraftRow(Base):
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("case_id", "version", name="uq_drafts_case_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    analysis_id: Mapped[int | None] = mapped_column(ForeignKey("analyses.id"))
    version: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    prompt_version: Mapped[str] = mapped_column(String(64))
    sampling: Mapped[dict[str, Any]]
    model_ids: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class SignatureRow(Base):
    __tablename__ = "signatures"
    __table_args__ = (Index("ix_signatures_case_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))
    signer: Mapped[str] = mapped_column(String(64))
    printed_name: Mapped[str] = mapped_column(Text)
    meaning: Mapped[str] = mapped_column(String(32))
    signed_at: Mapped[datetime]
    record_sha256: Mapped[str] = mapped_column(String(64))


class AuditEventRow(Base):
    """Append-only (triggers refuse UPDATE and DELETE); each row hashes its predecessor."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    old: Mapped[dict[str, Any] | None]
    new: Mapped[dict[str, Any] | None]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
