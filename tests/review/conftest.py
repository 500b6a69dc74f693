"""A real case log on disk (migrated to head), a fake clock, and users of each role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from skinclinic.caselog import CaseLog
from skinclinic.paths import app_paths
from skinclinic.review.clock import ManualClock
from skinclinic.review.roles import Role, User
from skinclinic.review.service import ReviewService

PASSWORD = "correct horse battery"


@dataclass
class World:
    caselog: CaseLog
    service: ReviewService
    clock: ManualClock
    admin: User
    doctor: User
    staff: User

    def drafted_case(self, text: str = "Benign naevus; routine follow-up.") -> int:
        repo = self.caselog.repository
        patient = repo.get_or_create_patient("P-001", actor=self.staff.id)
        case = repo.create_case(patient.id, "left forearm", "new lesion", actor=self.staff.id)
        repo.add_draft(
            case.id, text, "ai", "p1", {"temperature": 0.2}, {"llm": "g3"}, actor=self.staff.id
        )
        return case.id


@pytest.fixture
def world(skinclinic_home: Path) -> Iterator[World]:
    caselog = CaseLog.open(app_paths(skinclinic_home))
    clock = ManualClock()
    service = ReviewService.for_caselog(caselog, clock=clock)
    admin = service.create_first_admin("admin", "Ada Admin", PASSWORD)
    doctor = service.add_user(admin, "dr.house", "Dr Gregory House", Role.DOCTOR, PASSWORD)
    staff = service.add_user(admin, "nurse", "Nina Nurse", Role.STAFF, PASSWORD)
    try:
        yield World(caselog, service, clock, admin, doctor, staff)
    finally:
        caselog.close()
