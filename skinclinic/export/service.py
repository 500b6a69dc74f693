"""Use case: export a case to PDF, FHIR and/or DICOM files, each write an audit event.

A generator in the core's style (yields Progress, returns what was written, checks the cancel
token between files). Every file is written to a temporary name next to its target, flushed,
then renamed into place, so a failed export leaves no half file; then it is audited as
`export` of the case with its format, path and sha256. An unsigned case exports too, marked
preliminary in every format.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from skinclinic.core.progress import CancelToken, Progress
from skinclinic.export.errors import ExportError

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services
    from skinclinic.export.record import ExportRecord


@dataclass(frozen=True)
class ExportRequest:
    case_id: int
    pdf: Path | None = None
    fhir: Path | None = None
    dicom_dir: Path | None = None
    clinic_name: str | None = None
    include_photo_data: bool = True  # FHIR Media carries the photo bytes inline
    language: str = "en"  # of the PDF's text (FHIR and DICOM carry codes, in English)

    @property
    def count(self) -> int:
        return sum(x is not None for x in (self.pdf, self.fhir, self.dicom_dir))


@dataclass(frozen=True)
class ExportedFile:
    format: str  # "pdf" | "fhir" | "dicom"
    path: Path
    sha256: str
    preliminary: bool
    note: str | None = None


def export_case(
    request: ExportRequest,
    *,
    services: Services,
    actor: str,
    cancel: CancelToken | None = None,
) -> Generator[Progress, None, list[ExportedFile]]:
    from skinclinic.export.record import load_record

    cancel = cancel or CancelToken()
    if request.count == 0:
        raise ExportError("Say what to export: --pdf FILE, --fhir FILE and/or --dicom FOLDER.")
    total = request.count + 1
    yield Progress(0, total, f"Reading case {request.case_id}…")
    record = load_record(services, request.case_id, clinic_name=request.clinic_name)
    written: list[ExportedFile] = []
    step = 1
    if request.pdf is not None:
        cancel.raise_if_cancelled()
        yield Progress(step, total, "Writing the PDF report…")
        written.append(
            _save(services, record, actor, "pdf", request.pdf, _pdf(record, request.language))
        )
        step += 1
    if request.fhir is not None:
        cancel.raise_if_cancelled()
        yield Progress(step, total, "Writing the FHIR bundle…")
        data = _fhir(record, request.include_photo_data)
        written.append(_save(services, record, actor, "fhir", request.fhir, data))
        step += 1
    if request.dicom_dir is not None:
        cancel.raise_if_cancelled()
        yield Progress(step, total, "Writing DICOM files…")
        written += _dicom(services, record, actor, request.dicom_dir)
    yield Progress(total, total, f"{len(written)} file(s) exported")
    return written


def _pdf(record: ExportRecord, language: str = "en") -> bytes:
    from skinclinic.export.pdf import render_pdf

    return render_pdf(record, language=language)


def _fhir(record: ExportRecord, include_photo_data: bool) -> bytes:
    from skinclinic.export.fhir import bundle_json

    return bundle_json(record, include_photo_data=include_photo_data)


def _dicom(
    services: Services, record: ExportRecord, actor: str, folder: Path
) -> list[ExportedFile]:
    from skinclinic.export.dicom import dicom_files

    files = dicom_files(record)  # all built before any is written
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"Cannot create the folder {folder} ({err.strerror or err}).") from err
    return [
        _save(services, record, actor, "dicom", folder / f.name, f.data, note=f.note or None)
        for f in files
    ]


def _save(
    services: Services,
    record: ExportRecord,
    actor: str,
    kind: str,
    path: Path,
    data: bytes,
    *,
    note: str | None = None,
) -> ExportedFile:
    _write_atomically(path, data)
    digest = hashlib.sha256(data).hexdigest()
    services.repository.record_event(
        actor=actor,
        action="export",
        entity="case",
        entity_id=record.case.id,
        new={
            "format": kind,
            "file": str(path.resolve()),
            "sha256": digest,
            "preliminary": not record.signed,
            "draft_id": record.draft.id if record.draft else None,
        },
    )
    return ExportedFile(kind, path, digest, not record.signed, note)


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise ExportError(
            f"Cannot write {path} ({err.strerror or err}); choose a folder you can write to."
        ) from err
