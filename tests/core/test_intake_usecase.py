"""The import use case over the real case log and photo store: progress, cancel, rollback."""

from __future__ import annotations

from pathlib import Path

import pytest

from skinclinic.bootstrap import open_services
from skinclinic.core.intake import ImportRequest, import_photos, run_to_completion
from skinclinic.core.progress import Cancelled, CancelToken, Progress
from tests.conftest import REPO_ROOT

SAMPLES = sorted((REPO_ROOT / "assets" / "samples").glob("ISIC_*.jpg"))


def _stored_files(home: Path) -> list[Path]:
    return [p for p in (home / "photos").rglob("*") if p.is_file()]


def test_progress_counts_every_photo() -> None:
    with open_services() as services:
        work = import_photos(
            ImportRequest(files=SAMPLES, patient_reference="P-1"),
            repository=services.repository,
            store=services.store,
            prepare=services.prepare_photo,
        )
        events: list[Progress] = []
        while True:
            try:
                events.append(next(work))
            except StopIteration as stop:
                result = stop.value
                break
    assert [e.done for e in events] == [0, 1, 2, 3]
    assert all(e.total == 3 for e in events)
    assert len(result.photos) == 3 and not result.failures


def test_cancel_stops_before_the_next_photo(skinclinic_home: Path) -> None:
    token = CancelToken()
    with open_services() as services:
        work = import_photos(
            ImportRequest(files=SAMPLES),
            repository=services.repository,
            store=services.store,
            prepare=services.prepare_photo,
            cancel=token,
        )
        next(work)
        next(work)  # the first photo is in
        token.cancel()
        with pytest.raises(Cancelled):
            next(work)
        detail = services.repository.get_case_detail(1)
    assert len(detail.photos) == 1
    assert len(_stored_files(skinclinic_home)) == 1


def test_failed_record_removes_the_file_it_just_stored(
    skinclinic_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_services() as services:

        def disk_refuses(*_args: object, **_kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(services.repository, "add_photo", disk_refuses)
        with pytest.raises(OSError):
            run_to_completion(
                import_photos(
                    ImportRequest(files=SAMPLES[:1]),
                    repository=services.repository,
                    store=services.store,
                    prepare=services.prepare_photo,
                )
            )
    assert _stored_files(skinclinic_home) == []
    with open_services() as services:  # the new case rolled back with the photo's record
        assert services.repository.list_cases() == []
        assert [e.entity for e in services.repository.list_audit()] == []  # no patient, no case
