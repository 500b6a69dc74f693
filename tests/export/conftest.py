"""Cases built through the real core: sample photos imported, analyzed by the shipped vision
pack, drafted, and (for the signed world) reviewed and signed by a doctor."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from skinclinic.bootstrap import Services, open_services
from skinclinic.core.domain import Modality
from skinclinic.core.intake import ImportRequest, import_photos
from skinclinic.review.roles import Role, User
from skinclinic.review.service import ReviewService
from skinclinic.review.signing import SignatureMeaning
from skinclinic.services.analyze import VisionModels, analyze_case
from tests.conftest import REPO_ROOT

SAMPLES = REPO_ROOT / "assets" / "samples"
PASSWORD = "correct horse battery"
HOSTILE_DRAFT = (
    '<b>x</b> <a href="http://evil">y</a> &amp; <img src="http://x/y.png"/>\n'
    "See https://evil.example/phish and <font color=red>z</font> ]]> <![CDATA[q]]>"
)


def drain(work: Any) -> Any:
    while True:
        try:
            next(work)
        except StopIteration as stop:
            return stop.value


@pytest.fixture(scope="session")
def vision() -> VisionModels:
    return VisionModels("ham10000-effnetlite0-v1", threads=1)


@dataclass
class World:
    services: Services
    review: ReviewService
    doctor: User
    vision: VisionModels

    def case(
        self,
        photos: tuple[str, ...] = ("ISIC_0031023.jpg",),
        *,
        site: str = "left forearm",
        modality: Modality = Modality.DERMOSCOPIC,
        draft: str | None = "Pigmented lesion; refer for dermoscopy review.",
        sign: bool = False,
        files: tuple[Path, ...] = (),
    ) -> int:
        request = ImportRequest(
            files=[SAMPLES / name for name in photos] + list(files),
            patient_reference="P-EXPORT1",
            body_site=site,
            modality=modality,
            actor="nurse",
        )
        repository = self.services.repository
        result = drain(
            import_photos(
                request,
                repository=repository,
                store=self.services.store,
                prepare=self.services.prepare_photo,
            )
        )
        assert not result.failures, result.failures
        case_id: int = result.case.id
        analysis = drain(
            analyze_case(
                case_id, services=self.services, models=self.vision, tta=False, actor="nurse"
            )
        )
        if draft is not None:
            repository.add_draft(case_id, draft, "ai", analysis_id=analysis.id, actor="nurse")
        if sign:
            self.review.review(case_id, self.doctor)
            self.review.sign(case_id, self.doctor, PASSWORD, SignatureMeaning.APPROVAL)
        return case_id


@pytest.fixture
def world(skinclinic_home: Path, vision: VisionModels) -> Iterator[World]:
    del skinclinic_home
    with open_services() as services:
        review = ReviewService.for_caselog(services.caselog)
        admin = review.create_first_admin("admin", "Ada Admin", PASSWORD)
        doctor = review.add_user(admin, "dr.grey", "Dr Meredith Grey", Role.DOCTOR, PASSWORD)
        yield World(services, review, doctor, vision)
