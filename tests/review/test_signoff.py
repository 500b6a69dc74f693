"""Review, signing, immutability and tamper detection on a real SQLite case log."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from skinclinic.caselog.models import DraftRow, SignatureRow
from skinclinic.core.domain import CaseStatus
from skinclinic.review.errors import AuthenticationFailed, PermissionDenied, SigningRefused
from skinclinic.review.service import AIDisabled
from skinclinic.review.signing import SignatureMeaning
from tests.review.conftest import PASSWORD, World

APPROVAL = SignatureMeaning.APPROVAL


def signed_case(world: World) -> int:
    case_id = world.drafted_case()
    world.service.review(case_id, world.doctor)
    world.service.sign(case_id, world.doctor, PASSWORD, APPROVAL)
    return case_id


def raw(world: World) -> sqlite3.Connection:
    # A separate plain sqlite3 connection: what a tamperer with the file would use.
    return sqlite3.connect(world.caselog.paths.caselog, isolation_level=None)


def test_staff_cannot_review_or_sign(world: World) -> None:
    case_id = world.drafted_case()
    with pytest.raises(PermissionDenied, match="only doctors may review"):
        world.service.review(case_id, world.staff)
    world.service.review(case_id, world.doctor)
    with pytest.raises(PermissionDenied, match="only doctors may sign"):
        world.service.sign(case_id, world.staff, PASSWORD, APPROVAL)
    with pytest.raises(PermissionDenied):
        world.service.sign(case_id, world.admin, PASSWORD, APPROVAL)


def test_doctor_signs_a_reviewed_draft_in_one_transaction(world: World) -> None:
    case_id = world.drafted_case()
    world.service.review(case_id, world.doctor)
    signature = world.service.sign(case_id, world.doctor, PASSWORD, "responsibility")
    assert signature.printed_name == "Dr Gregory House"
    assert signature.meaning == "responsibility"
    assert signature.signer == world.doctor.id
    assert signature.signed_at == world.clock.now()
    detail = world.caselog.repository.get_case_detail(case_id)
    assert detail.case.status is CaseStatus.SIGNED
    assert detail.signatures == (signature,)
    events = world.caselog.repository.list_audit(entity="signature")
    assert [e.action for e in events] == ["sign"]
    assert world.service.verify_signatures(case_id) == []
    assert world.service.verify_all_signatures() == {}
    assert world.caselog.repository.verify_audit_chain() is None


def test_unreviewed_or_rejected_draft_is_refused(world: World) -> None:
    case_id = world.drafted_case()
    with pytest.raises(SigningRefused, match="only on a reviewed draft"):
        world.service.sign(case_id, world.doctor, PASSWORD, APPROVAL)
    world.service.review(case_id, world.doctor)
    world.service.reject(case_id, world.doctor, "wrong site")
    with pytest.raises(SigningRefused, match="rejected"):
        world.service.sign(case_id, world.doctor, PASSWORD, APPROVAL)
    # A new draft version must itself be reviewed.
    world.caselog.repository.add_draft(case_id, "Corrected.", world.doctor.id, actor="x")
    with pytest.raises(SigningRefused):
        world.service.sign(case_id, world.doctor, PASSWORD, APPROVAL)
    world.service.review(case_id, world.doctor)
    assert world.service.sign(case_id, world.doctor, PASSWORD, APPROVAL).draft_id
    assert world.caselog.repository.get_case_detail(case_id).signatures[0].draft_id == (
        world.caselog.repository.get_case_detail(case_id).drafts[-1].id
    )


def test_wrong_password_at_sign_is_refused_and_counted(world: World) -> None:
    case_id = world.drafted_case()
    world.service.review(case_id, world.doctor)
    with pytest.raises(AuthenticationFailed):
        world.service.sign(case_id, world.doctor, "not my password", APPROVAL)
    assert world.service.get_user("dr.house").failed_logins == 1
    assert world.caselog.repository.get_case_detail(case_id).signatures == ()
    assert world.caselog.repository.get_case_detail(case_id).case.status is CaseStatus.DRAFTED


def test_signed_case_cannot_be_signed_again_or_redrafted(world: World) -> None:
    case_id = signed_case(world)
    with pytest.raises(SigningRefused):
        world.service.sign(case_id, world.doctor, PASSWORD, APPROVAL)
    with pytest.raises(SigningRefused):
        world.service.review(case_id, world.doctor)


def test_signed_draft_refuses_orm_updates(world: World) -> None:
    case_id = signed_case(world)
    draft_id = world.caselog.repository.get_case_detail(case_id).drafts[0].id
    edit = update(DraftRow).where(DraftRow.id == draft_id).values(text="edited")
    with pytest.raises(IntegrityError, match="immutable"), Session(world.caselog.engine) as db:
        db.execute(edit)
        db.commit()
    with pytest.raises(IntegrityError, match="immutable"), Session(world.caselog.engine) as db:
        draft = db.get(DraftRow, draft_id)
        assert draft is not None
        draft.text = "edited through the unit of work"
        db.commit()
    with pytest.raises(IntegrityError, match="immutable"), Session(world.caselog.engine) as db:
        row = db.get(SignatureRow, 1)
        assert row is not None
        db.delete(row)
        db.commit()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE drafts SET text = 'edited' WHERE id = {draft}",
        "DELETE FROM drafts WHERE id = {draft}",
        "UPDATE signatures SET meaning = 'review'",
        "DELETE FROM signatures",
        "DELETE FROM users",
        "UPDATE audit_events SET actor = 'me' WHERE id = 1",
        "DELETE FROM audit_events WHERE id = 1",
    ],
)
def test_signed_records_refuse_raw_sql(world: World, sql: str) -> None:
    case_id = signed_case(world)
    draft_id = world.caselog.repository.get_case_detail(case_id).drafts[0].id
    connection = raw(world)
    with pytest.raises(sqlite3.IntegrityError, match=r"immutable|append-only"):
        connection.execute(sql.format(draft=draft_id))
    connection.close()


def test_unsigned_draft_stays_editable(world: World) -> None:
    case_id = world.drafted_case()
    draft_id = world.caselog.repository.get_case_detail(case_id).drafts[0].id
    connection = raw(world)
    connection.execute("UPDATE drafts SET text = 'edited' WHERE id = ?", (draft_id,))
    connection.close()


def test_one_changed_byte_in_a_signed_draft_fails_verification(world: World) -> None:
    case_id = signed_case(world)
    connection = raw(world)
    connection.execute("DROP TRIGGER drafts_signed_no_update")  # the tamperer's first step
    connection.execute("UPDATE drafts SET text = replace(text, ';', ',')")
    connection.close()
    problems = world.service.verify_signatures(case_id)
    assert problems and "no longer matches the signed record hash" in problems[0]
    assert world.service.verify_all_signatures() == {case_id: problems}


def test_moving_a_signature_to_another_draft_fails_verification(world: World) -> None:
    case_id = signed_case(world)
    other_case = world.drafted_case()  # same text, different record
    other_draft = world.caselog.repository.get_case_detail(other_case).drafts[0].id
    connection = raw(world)
    connection.execute("DROP TRIGGER signatures_no_update")
    connection.execute("UPDATE signatures SET case_id = ?, draft_id = ?", (other_case, other_draft))
    connection.close()
    assert world.service.verify_signatures(other_case)
    assert world.service.verify_signatures(case_id)  # signed, but nothing signs its draft now


def test_recomputed_signature_hash_is_caught_by_the_audit_trail(world: World) -> None:
    case_id = signed_case(world)
    connection = raw(world)
    connection.execute("DROP TRIGGER signatures_no_update")
    connection.execute("UPDATE signatures SET meaning = 'review', printed_name = 'Someone'")
    connection.close()
    (problem,) = world.service.verify_signatures(case_id)
    assert "meaning, printed_name" in problem


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_events SET actor = 'someone else' WHERE action = 'sign'",
        "DELETE FROM audit_events WHERE action = 'review'",
    ],
)
def test_editing_or_deleting_an_audit_event_is_detected(world: World, tamper: str) -> None:
    signed_case(world)
    assert world.caselog.repository.verify_audit_chain() is None
    connection = raw(world)
    connection.execute("DROP TRIGGER audit_events_no_update")
    connection.execute("DROP TRIGGER audit_events_no_delete")
    connection.execute(tamper)
    connection.close()
    assert world.caselog.repository.verify_audit_chain() is not None


def test_amendment_keeps_the_signed_version_readable(world: World) -> None:
    case_id = signed_case(world)
    with pytest.raises(PermissionDenied):
        world.service.amend(case_id, world.staff, "New text.", "typo")
    draft = world.service.amend(case_id, world.doctor, "Benign naevus; review in 6 months.", "plan")
    assert draft.version == 2 and draft.author == world.doctor.id
    detail = world.caselog.repository.get_case_detail(case_id)
    assert detail.case.status is CaseStatus.AMENDED
    assert [d.text for d in detail.drafts] == [
        "Benign naevus; routine follow-up.",
        "Benign naevus; review in 6 months.",
    ]
    assert detail.signatures[0].draft_id == detail.drafts[0].id
    assert world.service.verify_signatures(case_id) == []
    with pytest.raises(SigningRefused):  # the amendment needs its own review
        world.service.sign(case_id, world.doctor, PASSWORD, APPROVAL)
    world.service.review(case_id, world.doctor)
    world.service.sign(case_id, world.doctor, PASSWORD, APPROVAL)
    assert world.caselog.repository.get_case_detail(case_id).case.status is CaseStatus.SIGNED
    assert world.service.verify_signatures(case_id) == []
    actions = [e.action for e in world.caselog.repository.list_audit()]
    assert actions.count("sign") == 2 and "amend" in actions


def test_amend_needs_a_signed_case(world: World) -> None:
    with pytest.raises(SigningRefused):
        world.service.amend(world.drafted_case(), world.doctor, "x", "why")


def test_ai_switch(world: World) -> None:
    world.service.require_ai()
    world.service.ai_enabled = False
    with pytest.raises(AIDisabled):
        world.service.require_ai()
