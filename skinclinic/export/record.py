"""Everything one export needs about a case, read once from the case log and the photo store.

An export shows the case's latest draft and the analysis it was written from (else the latest
analysis). It is "signed" only when the case is SIGNED and a signature covers exactly that
draft; anything else (drafted, amended, never signed) goes out as a preliminary AI draft.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from skinclinic.core.domain import (
    Analysis,
    Case,
    CaseDetail,
    CaseStatus,
    Draft,
    Patient,
    Photo,
    Signature,
)
from skinclinic.errors import StorageError
from skinclinic.export.errors import ExportError

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services

DEFAULT_CLINIC_NAME = "SkinClinic"


@dataclass(frozen=True)
class PhotoFile:
    photo: Photo
    data: bytes  # the stored original, verified against its sha256

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES.get(self.photo.format, "application/octet-stream")


_CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "TIFF": "image/tiff",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
}


@dataclass(frozen=True)
class ExportRecord:
    detail: CaseDetail
    photos: tuple[PhotoFile, ...]
    analysis: Analysis | None
    draft: Draft | None
    signature: Signature | None
    clinic_name: str
    exported_at: datetime
    # "ID:HASH" of the newest audit event when the file was made: each export is an anchor
    # kept off the machine (`skinclinic audit verify --anchor` checks it).
    audit_head: str | None = None

    @property
    def case(self) -> Case:
        return self.detail.case

    @property
    def patient(self) -> Patient:
        return self.detail.patient

    @property
    def signed(self) -> bool:
        return self.signature is not None

    @property
    def analyzed_photo(self) -> PhotoFile | None:
        """The photo the analysis read (its outline belongs to it), else the first photo."""
        if self.analysis is not None:
            for item in self.photos:
                if item.photo.id == self.analysis.photo_id:
                    return item
        return self.photos[0] if self.photos else None


def load_record(
    services: Services, case_id: int, *, clinic_name: str | None = None
) -> ExportRecord:
    detail = services.repository.get_case_detail(case_id)
    photos = tuple(_read_photo(services, photo) for photo in detail.photos)
    draft = detail.drafts[-1] if detail.drafts else None
    analysis = _analysis_for(detail, draft)
    signature = None
    if draft is not None and detail.case.status is CaseStatus.SIGNED:
        signature = next((s for s in reversed(detail.signatures) if s.draft_id == draft.id), None)
    return ExportRecord(
        detail=detail,
        photos=photos,
        analysis=analysis,
        draft=draft,
        signature=signature,
        clinic_name=(clinic_name or "").strip() or DEFAULT_CLINIC_NAME,
        exported_at=datetime.now(UTC),
        audit_head=_audit_head(services),
    )


def _audit_head(services: Services) -> str | None:
    from skinclinic.services.integrity import AuditAnchor

    head = services.repository.audit_head()
    return None if head is None else str(AuditAnchor.of(head))


def _analysis_for(detail: CaseDetail, draft: Draft | None) -> Analysis | None:
    if draft is not None and draft.analysis_id is not None:
        for analysis in detail.analyses:
            if analysis.id == draft.analysis_id:
                return analysis
    return detail.analyses[-1] if detail.analyses else None


def _read_photo(services: Services, photo: Photo) -> PhotoFile:
    try:
        data = services.store.read(photo.stored_path)
    except StorageError as err:
        raise ExportError(f"Photo {photo.id} of case {photo.case_id}: {err}") from err
    if hashlib.sha256(data).hexdigest() != photo.sha256:
        raise ExportError(
            f"Photo {photo.id} of case {photo.case_id} does not match its recorded sha256; "
            "restore the photo store from a backup before exporting."
        )
    return PhotoFile(photo, data)
