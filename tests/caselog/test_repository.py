"""Repository round-trips: frozen domain records out, transitions enforced, list and search."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from skinclinic.caselog.repository import CaseRepository
from skinclinic.core.domain import (
    Analysis,
    Case,
    CaseDetail,
    CaseStatus,
    CaseSummary,
    Draft,
    Modality,
    Patient,
    Photo,
    PhotoSource,
    Sex,
)
from skinclinic.errors import InvalidTransition, NotFound
from tests.caselog.conftest import add_photo, analyse, new_case


def test_patient_is_created_once(repo: CaseRepository) -> None:
    first = repo.get_or_create_patient("P-7", 1980, Sex.FEMALE, 3, actor="test")
    again = repo.get_or_create_patient("P-7", actor="test")
    assert isinstance(first, Patient)
    assert again == first
    assert (first.birth_year, first.sex, first.fitzpatrick) == (1980, Sex.FEMALE, 3)
    assert first.created_at.tzinfo is UTC
    with pytest.raises(ValueError, match="Fitzpatrick"):
        repo.get_or_create_patient("P-8", fitzpatrick=7, actor="test")


def test_an_existing_patient_gains_missing_values_but_keeps_recorded_ones(
    repo: CaseRepository,
) -> None:
    repo.get_or_create_patient("P-9", sex=Sex.MALE, actor="nurse")
    completed = repo.get_or_create_patient("P-9", 1950, Sex.FEMALE, 2, actor="doctor")
    assert (completed.birth_year, completed.sex, completed.fitzpatrick) == (1950, Sex.MALE, 2)
    again = repo.get_or_create_patient("P-9", 1990, Sex.FEMALE, 5, actor="doctor")
    assert again == completed
    update = repo.list_audit()[-1]
    assert (update.action, update.entity, update.actor) == ("update", "patient", "doctor")
    assert update.old["birth_year"] is None and update.new["birth_year"] == 1950
    assert len(repo.list_audit()) == 2  # nothing to fill the second time: no event
    with pytest.raises(ValueError, match="year of birth"):
        repo.get_or_create_patient("P-10", 3000, actor="test")


def test_a_correction_replaces_recorded_values_and_audits_the_reason(repo: CaseRepository) -> None:
    patient = repo.get_or_create_patient("P-11", 1950, Sex.MALE, actor="nurse")
    fixed = repo.correct_patient(
        patient.id, 1915, Sex.FEMALE, 4, reason="typed 1950 for 1915", actor="doctor"
    )
    assert (fixed.reference, fixed.birth_year, fixed.sex, fixed.fitzpatrick) == (
        "P-11",
        1915,
        Sex.FEMALE,
        4,
    )
    assert repo.get_or_create_patient("P-11", actor="test") == fixed
    event = repo.list_audit()[-1]
    assert (event.action, event.entity, event.entity_id, event.actor) == (
        "correct",
        "patient",
        str(patient.id),
        "doctor",
    )
    assert (event.old["birth_year"], event.new["birth_year"]) == (1950, 1915)
    assert event.new["reason"] == "typed 1950 for 1915"
    cleared = repo.correct_patient(patient.id, None, Sex.UNKNOWN, None, reason="x", actor="d")
    assert (cleared.birth_year, cleared.sex, cleared.fitzpatrick) == (None, Sex.UNKNOWN, None)
    events = len(repo.list_audit())
    repo.correct_patient(patient.id, None, Sex.UNKNOWN, None, reason="again", actor="d")
    assert len(repo.list_audit()) == events  # nothing changed: no event
    with pytest.raises(ValueError, match="reason"):
        repo.correct_patient(patient.id, 1960, Sex.MALE, None, reason="  ", actor="d")
    with pytest.raises(ValueError, match="year of birth"):
        repo.correct_patient(patient.id, 1066, Sex.MALE, None, reason="r", actor="d")
    with pytest.raises(NotFound):
        repo.correct_patient(999, None, Sex.MALE, None, reason="r", actor="d")
    assert repo.get_or_create_patient("P-11", actor="test") == cleared


def test_a_transaction_commits_its_writes_together_or_not_at_all(repo: CaseRepository) -> None:
    with pytest.raises(RuntimeError), repo.transaction():
        patient = repo.get_or_create_patient("P-T", actor="test")
        repo.create_case(patient.id, "arm", "", actor="test")
        raise RuntimeError("the photo's record failed")
    assert repo.list_cases() == [] and repo.list_audit() == []
    with repo.transaction(), repo.transaction():  # nested: the outer one commits
        patient = repo.get_or_create_patient("P-T", actor="test")
        repo.create_case(patient.id, "arm", "", actor="test")
    assert [c.body_site for c in repo.list_cases()] == ["arm"]
    assert [e.entity for e in repo.list_audit()] == ["patient", "case"]


def test_records_are_frozen_domain_dataclasses(repo: CaseRepository) -> None:
    case = new_case(repo)
    photo = add_photo(repo, case.id)
    analyse(repo, case.id, photo.id)
    draft = repo.add_draft(case.id, "Preliminary AI draft.", "ai", "p1", actor="test")
    detail = repo.get_case_detail(case.id)
    assert isinstance(detail, CaseDetail)
    assert isinstance(detail.case, Case) and isinstance(detail.photos[0], Photo)
    assert isinstance(detail.analyses[0], Analysis) and isinstance(detail.drafts[0], Draft)
    assert detail.drafts[0] == draft
    for record in (detail, detail.case, detail.patient, detail.photos[0], detail.analyses[0]):
        assert dataclasses.is_dataclass(record)
        assert type(record).__module__ == "skinclinic.core.domain"
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.id = 99  # type: ignore[misc,union-attr]
    analysis = detail.analyses[0]
    assert analysis.probabilities["melanoma"] == pytest.approx(0.62)
    assert analysis.quality_flags == ("slightly blurred",)
    assert dataclasses.asdict(detail)["case"]["status"] == CaseStatus.DRAFTED


def test_photo_round_trip_and_dedupe(repo: CaseRepository) -> None:
    case = new_case(repo)
    captured = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    photo = repo.add_photo(
        case.id,
        "b" * 64,
        "bb/b.jpg",
        "mole.jpg",
        4000,
        3000,
        "JPEG",
        captured,
        PhotoSource.CAMERA,
        Modality.DERMOSCOPIC,
        actor="test",
    )
    assert photo.captured_at == captured
    assert (photo.source, photo.modality) == (PhotoSource.CAMERA, Modality.DERMOSCOPIC)
    again = add_photo(repo, case.id, "b" * 64)
    assert again == photo
    assert len(repo.get_case_detail(case.id).photos) == 1
    assert repo.list_cases()[0].photo_count == 1
    assert repo.find_photo("b" * 64) == photo
    assert repo.find_photo("c" * 64) is None
    # The same photo in another case is a separate record of that case.
    other = new_case(repo, "P-002")
    assert add_photo(repo, other.id, "b" * 64).case_id == other.id


def test_analysis_updates_the_list_columns_and_status(repo: CaseRepository) -> None:
    case = new_case(repo)
    photo = add_photo(repo, case.id)
    analyse(repo, case.id, photo.id, "melanoma")
    (row,) = repo.list_cases()
    assert isinstance(row, CaseSummary)
    assert (row.status, row.top_label, row.uncertainty_verdict) == (
        CaseStatus.ANALYZED,
        "melanoma",
        "uncertain",
    )
    assert row.top_probability == pytest.approx(0.62)


def test_audit_of_one_case_and_the_newest_events(repo: CaseRepository) -> None:
    first, second = new_case(repo, "P-001"), new_case(repo, "P-002")
    analyse(repo, first.id, add_photo(repo, first.id).id)
    analyse(repo, second.id, add_photo(repo, second.id, "b" * 64).id)
    repo.record_event(
        actor="test", action="export", entity="export", entity_id="x", new={"case_id": first.id}
    )
    trail = repo.list_audit()
    ours = repo.list_audit(case_id=first.id)
    assert [(e.entity, e.action) for e in ours] == [
        ("case", "create"),
        ("photo", "add_photo"),
        ("analysis", "add_analysis"),
        ("case", "update"),
        ("case", "set_status"),
        ("export", "export"),
    ]
    assert ours == [  # the SQL filter equals reading the whole trail and filtering it here
        e
        for e in trail
        if (e.entity, e.entity_id) == ("case", str(first.id))
        or any((values or {}).get("case_id") == first.id for values in (e.old, e.new))
    ]
    assert [e.id for e in repo.list_audit(newest=3)] == [e.id for e in trail[-3:]]
    assert repo.list_audit(case_id=first.id, newest=1) == ours[-1:]


def test_draft_versions_increment(repo: CaseRepository) -> None:
    case = new_case(repo)
    first = repo.add_draft(case.id, "v1", "ai", actor="test")
    second = repo.add_draft(case.id, "v2", "dr-lee", actor="dr-lee")
    assert (first.version, second.version) == (1, 2)
    assert repo.get_case_detail(case.id).case.status == CaseStatus.DRAFTED


def test_transitions_allowed_and_refused(repo: CaseRepository) -> None:
    case = new_case(repo)
    with pytest.raises(InvalidTransition) as refused:
        repo.set_status(case.id, CaseStatus.SIGNED, actor="test")
    assert str(refused.value) == f"Case {case.id} is new and cannot become signed."
    repo.add_draft(case.id, "v1", "ai", actor="test")
    signed = repo.set_status(case.id, CaseStatus.SIGNED, actor="dr")
    assert signed.status == CaseStatus.SIGNED
    photo = add_photo(repo, case.id)
    with pytest.raises(InvalidTransition, match="through an amendment"):
        analyse(repo, case.id, photo.id)
    with pytest.raises(InvalidTransition):
        repo.add_draft(case.id, "sneaky edit", "x", actor="x")
    # Refused writes changed nothing.
    detail = repo.get_case_detail(case.id)
    assert (detail.case.status, len(detail.analyses), len(detail.drafts)) == (
        CaseStatus.SIGNED,
        0,
        1,
    )
    assert repo.set_status(case.id, CaseStatus.AMENDED, actor="dr").status == CaseStatus.AMENDED
    assert repo.add_draft(case.id, "v2", "dr", actor="dr").version == 2


def test_missing_records_raise_not_found(repo: CaseRepository) -> None:
    with pytest.raises(NotFound, match=r"There is no case with id 42 in the case log\."):
        repo.get_case_detail(42)
    with pytest.raises(NotFound, match="patient"):
        repo.create_case(42, "back", "", actor="test")
    case = new_case(repo)
    other = new_case(repo, "P-2")
    photo = add_photo(repo, other.id)
    with pytest.raises(NotFound, match="does not belong"):
        analyse(repo, case.id, photo.id)


def test_list_is_newest_first_with_paging(repo: CaseRepository) -> None:
    ids = [new_case(repo, f"P-{i}").id for i in range(5)]
    assert [c.id for c in repo.list_cases()] == ids[::-1]
    assert [c.id for c in repo.list_cases(limit=2, offset=1)] == ids[::-1][1:3]
    assert repo.count_cases() == 5


def test_filter_and_search(repo: CaseRepository) -> None:
    a = new_case(repo, "ALPHA-1", "Left Forearm")
    b = new_case(repo, "beta-2", "scalp")
    c = new_case(repo, "gamma-3", "back")
    analyse(repo, c.id, add_photo(repo, c.id).id, "Basal_Cell_Carcinoma")
    repo.add_draft(b.id, "x", "ai", actor="test")

    def ids(**kwargs: object) -> set[int]:
        return {s.id for s in repo.list_cases(**kwargs)}  # type: ignore[arg-type]

    assert ids(status=CaseStatus.DRAFTED) == {b.id}
    assert ids(search="alpha") == {a.id}  # patient reference, any case
    assert ids(search="FOREARM") == {a.id}  # body site
    assert ids(search="changing MOLE") == {a.id, b.id, c.id}  # history
    assert ids(search="basal_cell") == {c.id}  # top label; _ is literal, not a wildcard
    assert ids(search="basal%") == set()
    assert ids(search="mole", status=CaseStatus.NEW) == {a.id}
    assert repo.count_cases(search="mole") == 3
    assert repo.count_cases(status=CaseStatus.ANALYZED, search="gamma") == 1


def test_index_search_equals_a_plain_scan(repo: CaseRepository) -> None:
    """The FTS5 trigram index answers exactly what LIKE would, short terms included."""
    for i, site in enumerate(["Left Forearm", "scalp", "forehead", "back 100% sure", "Ärm"]):
        case = new_case(repo, f"REF-{i}", site)
        if i % 2:
            analyse(repo, case.id, add_photo(repo, case.id).id, "dermatofibroma")
    terms = ["fore", "FOREARM", "arm", "ar", "e", "100%", "ärm", "fibro", "ref-3", "nothing", " "]
    with_index = {t: (repo.list_cases(search=t), repo.count_cases(search=t)) for t in terms}
    assert repo._fts is True  # the index exists on this SQLite
    repo._fts = False  # force the LIKE scan
    assert {t: (repo.list_cases(search=t), repo.count_cases(search=t)) for t in terms} == (
        with_index
    )
    assert [c.body_site for c in with_index["fore"][0]] == ["forehead", "Left Forearm"]
    assert with_index["ar"][1] == 1  # 2 characters: below a trigram, scanned with LIKE
