"""What the use cases need from the adapters, as Protocols (the core imports no adapter).

bootstrap.py hands in the real implementations: the case log's repository, the photo store and
the image decoder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol, TypeVar

from skinclinic.core.domain import (
    Analysis,
    Case,
    CaseDetail,
    CaseStatus,
    CaseSummary,
    Modality,
    Patient,
    Photo,
    PhotoSource,
    Sex,
)


class PreparedPhotoLike(Protocol):
    """A photo that was read and fully decoded, not yet written anywhere."""

    @property
    def sha256(self) -> str: ...
    @property
    def original_name(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def captured_at(self) -> datetime | None: ...


class StoredPhotoLike(Protocol):
    @property
    def relative_path(self) -> str: ...
    @property
    def created(self) -> bool: ...


PreparedT = TypeVar("PreparedT", bound=PreparedPhotoLike)
PreparedT_contra = TypeVar("PreparedT_contra", bound=PreparedPhotoLike, contravariant=True)


class PhotoStorePort(Protocol[PreparedT_contra]):
    def put(self, prepared: PreparedT_contra) -> StoredPhotoLike: ...
    def remove(self, relative_path: str) -> None: ...


class CaseRepositoryPort(Protocol):
    def transaction(self) -> AbstractContextManager[None]:
        """The writes inside it commit together or not at all."""
        ...

    def get_or_create_patient(
        self,
        reference: str,
        birth_year: int | None = ...,
        sex: Sex = ...,
        fitzpatrick: int | None = ...,
        *,
        actor: str,
    ) -> Patient: ...

    def create_case(self, patient_id: int, body_site: str, history: str, *, actor: str) -> Case: ...

    def add_photo(
        self,
        case_id: int,
        sha256: str,
        stored_path: str,
        original_name: str,
        width: int,
        height: int,
        format: str,
        captured_at: datetime | None,
        source: PhotoSource,
        modality: Modality,
        *,
        actor: str,
    ) -> Photo: ...

    def add_analysis(
        self,
        case_id: int,
        photo_id: int,
        model_pack_id: str,
        model_hashes: Mapping[str, str],
        probabilities: Mapping[str, float],
        uncertainty: Mapping[str, Any],
        quality_flags: Sequence[str],
        findings: Mapping[str, Any],
        timings_ms: Mapping[str, float],
        *,
        actor: str,
    ) -> Analysis: ...

    def get_case_detail(self, case_id: int) -> CaseDetail: ...

    def list_cases(
        self,
        status: CaseStatus | None = ...,
        search: str | None = ...,
        limit: int = ...,
        offset: int = ...,
    ) -> list[CaseSummary]: ...
