"""Use case: import photos into a case.

Each photo is read and fully decoded before anything is written; then stored by content; then
recorded in the case log (the case is opened only once a photo is stored). If the record fails,
a file this import just created is removed again, so no photo is left orphaned; after a crash
between the two, the next start moves the unrecorded file aside (caselog.recovery).
A rejected photo is reported and the others still import.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from skinclinic.core.domain import Case, Modality, Patient, Photo, PhotoSource, Sex
from skinclinic.core.ports import CaseRepositoryPort, PhotoStorePort, PreparedT
from skinclinic.core.progress import CancelToken, Progress
from skinclinic.errors import SkinClinicError


@dataclass(frozen=True)
class ImportRequest:
    files: Sequence[Path]
    patient_reference: str | None = None
    body_site: str = "unspecified"
    history: str = ""
    case_id: int | None = None  # add to an existing case instead of opening a new one
    source: PhotoSource = PhotoSource.FILE
    modality: Modality = Modality.CLINICAL
    actor: str = "system"
    birth_year: int | None = None  # for a new patient, or one that has none recorded yet
    sex: Sex = Sex.UNKNOWN


@dataclass(frozen=True)
class ImportFailure:
    file: Path
    reason: str


@dataclass(frozen=True)
class ImportResult:
    case: Case | None
    photos: tuple[Photo, ...]
    failures: tuple[ImportFailure, ...]
    duplicates: int  # photos that were already in the store (stored once, recorded again)


def new_patient_reference() -> str:
    """A random pseudonymous reference, for when staff give none."""
    return "P-" + secrets.token_hex(4).upper()


def import_photos(
    request: ImportRequest,
    *,
    repository: CaseRepositoryPort,
    store: PhotoStorePort[PreparedT],
    prepare: Callable[[Path], PreparedT],
    cancel: CancelToken | None = None,
) -> Generator[Progress, None, ImportResult]:
    cancel = cancel or CancelToken()
    total = len(request.files)
    case: Case | None = None
    photos: list[Photo] = []
    failures: list[ImportFailure] = []
    duplicates = 0
    for index, file in enumerate(request.files):
        yield Progress(index, total, f"Importing {file.name}")
        cancel.raise_if_cancelled()  # after the yield: a cancel set meanwhile stops here
        try:
            prepared = prepare(file)
        except SkinClinicError as err:
            failures.append(ImportFailure(file, str(err)))
            continue
        # The file first: a full disk then refuses the import before any record exists.
        stored = store.put(prepared)
        duplicates += 0 if stored.created else 1
        try:
            # A new case commits together with its first photo: never an empty case.
            with repository.transaction():
                if case is None:
                    case = _open_case(request, repository)
                photo = repository.add_photo(
                    case.id,
                    prepared.sha256,
                    stored.relative_path,
                    prepared.original_name,
                    prepared.width,
                    prepared.height,
                    prepared.format,
                    prepared.captured_at,
                    request.source,
                    request.modality,
                    actor=request.actor,
                )
        except BaseException:
            if stored.created:
                store.remove(stored.relative_path)
            raise
        photos.append(photo)
    yield Progress(total, total, "Import finished")
    return ImportResult(case, tuple(photos), tuple(failures), duplicates)


def _open_case(request: ImportRequest, repository: CaseRepositoryPort) -> Case:
    if request.case_id is not None:
        detail = repository.get_case_detail(request.case_id)
        complete_patient(
            repository, detail.patient, request.birth_year, request.sex, actor=request.actor
        )
        return detail.case
    reference = request.patient_reference or new_patient_reference()
    patient = repository.get_or_create_patient(
        reference, request.birth_year, request.sex, actor=request.actor
    )
    return repository.create_case(
        patient.id, request.body_site, request.history, actor=request.actor
    )


def complete_patient(
    repository: CaseRepositoryPort,
    patient: Patient,
    birth_year: int | None,
    sex: Sex,
    *,
    actor: str,
) -> None:
    """Give an existing patient a year of birth or sex it lacks (recorded values are kept)."""
    if birth_year is not None or sex is not Sex.UNKNOWN:
        repository.get_or_create_patient(patient.reference, birth_year, sex, actor=actor)


ResultT = TypeVar("ResultT")


def run_to_completion(gen: Generator[Progress, None, ResultT]) -> ResultT:
    """Drive a use-case generator without reporting progress (scripts and tests)."""
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            result: ResultT = stop.value
            return result
