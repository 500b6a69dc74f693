"""Case-log fixtures: a real SQLite file under the per-test home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from skinclinic.caselog import CaseLog
from skinclinic.caselog.repository import CaseRepository
from skinclinic.core.domain import Case, Modality, Photo, PhotoSource
from skinclinic.paths import AppPaths


@pytest.fixture
def paths(skinclinic_home: Path) -> AppPaths:
    return AppPaths(skinclinic_home).ensure()


@pytest.fixture
def caselog(paths: AppPaths) -> Iterator[CaseLog]:
    with CaseLog.open(paths) as log:
        yield log


@pytest.fixture
def repo(caselog: CaseLog) -> CaseRepository:
    return caselog.repository


def new_case(repo: CaseRepository, reference: str = "P-001", site: str = "left forearm") -> Case:
    patient = repo.get_or_create_patient(reference, actor="test")
    return repo.create_case(patient.id, site, "changing mole", actor="test")


def add_photo(repo: CaseRepository, case_id: int, sha: str = "a" * 64) -> Photo:
    return repo.add_photo(
        case_id,
        sha,
        f"{sha[:2]}/{sha}.jpg",
        "IMG_0001.JPG",
        640,
        480,
        "JPEG",
        None,
        PhotoSource.FILE,
        Modality.CLINICAL,
        actor="test",
    )


def analyse(repo: CaseRepository, case_id: int, photo_id: int, label: str = "melanoma") -> None:
    repo.add_analysis(
        case_id,
        photo_id,
        "derm-pack-1",
        {"encoder.onnx": "0" * 64},
        {label: 0.62, "nevus": 0.30, "other": 0.08},
        {"entropy": 0.9, "verdict": "uncertain"},
        ["slightly blurred"],
        {"diameter_mm": 7.5},
        {"encode": 41.0},
        actor="test",
    )
