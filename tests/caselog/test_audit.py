"""Every write leaves a hash-chained audit event; tampering of any kind is detected."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from skinclinic.caselog import CaseLog
from skinclinic.caselog.audit import GENESIS_HASH
from skinclinic.caselog.repository import CaseRepository
from skinclinic.core.domain import CaseStatus
from skinclinic.paths import AppPaths
from tests.caselog.conftest import add_photo, analyse, new_case


def _populate(repo: CaseRepository) -> int:
    case = new_case(repo)
    photo = add_photo(repo, case.id)
    add_photo(repo, case.id)  # duplicate: writes nothing, so no event
    analyse(repo, case.id, photo.id)
    repo.add_draft(case.id, "draft", "ai", actor="ai")
    repo.set_status(case.id, CaseStatus.SIGNED, actor="dr-lee")
    return case.id


def test_each_write_records_who_what_and_old_new(repo: CaseRepository) -> None:
    case_id = _populate(repo)
    events = repo.list_audit()
    assert [(e.action, e.entity) for e in events] == [
        ("create", "patient"),
        ("create", "case"),
        ("add_photo", "photo"),
        ("add_analysis", "analysis"),
        ("update", "case"),  # top label / verdict
        ("set_status", "case"),
        ("add_draft", "draft"),
        ("set_status", "case"),
        ("set_status", "case"),
    ]
    last = events[-1]
    assert (last.actor, last.old, last.new) == (
        "dr-lee",
        {"status": "drafted"},
        {"status": "signed"},
    )
    assert last.at.tzinfo is not None
    assert events[0].prev_hash == GENESIS_HASH
    assert all(e.prev_hash == p.hash for p, e in itertools.pairwise(events))
    case_events = repo.list_audit("case", case_id)
    assert len(case_events) == 5 and {e.entity_id for e in case_events} == {str(case_id)}
    assert repo.verify_audit_chain() is None
    walk = repo.walk_audit_chain(remember=events[2].id)
    assert (walk.first_broken, walk.events) == (None, len(events))
    assert walk.head == (last.id, last.hash)
    assert walk.remembered_hash == events[2].hash
    assert repo.walk_audit_chain(remember=last.id + 1).remembered_hash is None


def test_refused_write_leaves_no_event(repo: CaseRepository) -> None:
    case = new_case(repo)
    before = len(repo.list_audit())
    with pytest.raises(Exception, match="cannot become"):
        repo.set_status(case.id, CaseStatus.SIGNED, actor="x")
    assert len(repo.list_audit()) == before


def test_database_refuses_update_and_delete(caselog: CaseLog, paths: AppPaths) -> None:
    _populate(caselog.repository)
    with sqlite3.connect(paths.caselog) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_events SET actor = 'mallory' WHERE id = 2")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_events WHERE id = 2")


@contextmanager
def _tamper(paths: AppPaths) -> Iterator[sqlite3.Connection]:
    """A raw connection with the append-only triggers dropped, as an attacker would."""
    conn = sqlite3.connect(paths.caselog)
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("DROP TRIGGER audit_events_no_delete")
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


def test_edited_event_is_detected(caselog: CaseLog, paths: AppPaths) -> None:
    _populate(caselog.repository)
    with _tamper(paths) as conn:
        conn.execute("""UPDATE audit_events SET new = '{"status":"new"}' WHERE id = 6""")
    assert caselog.repository.verify_audit_chain() == 6


def test_edited_timestamp_is_detected(caselog: CaseLog, paths: AppPaths) -> None:
    _populate(caselog.repository)
    with _tamper(paths) as conn:
        conn.execute("UPDATE audit_events SET at = '2020-01-01 00:00:00.000000' WHERE id = 3")
    assert caselog.repository.verify_audit_chain() == 3


def test_deleted_event_is_detected(caselog: CaseLog, paths: AppPaths) -> None:
    _populate(caselog.repository)
    with _tamper(paths) as conn:
        conn.execute("DELETE FROM audit_events WHERE id = 4")
    assert caselog.repository.verify_audit_chain() == 5


def test_reordered_events_are_detected(caselog: CaseLog, paths: AppPaths) -> None:
    _populate(caselog.repository)
    cols = "at, actor, action, entity, entity_id, old, new, prev_hash, hash"
    with _tamper(paths) as conn:
        row4 = conn.execute(f"SELECT {cols} FROM audit_events WHERE id = 4").fetchone()
        row5 = conn.execute(f"SELECT {cols} FROM audit_events WHERE id = 5").fetchone()
        assign = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
        conn.execute("UPDATE audit_events SET hash = 'x' WHERE id = 4")  # free the unique hash
        conn.execute(f"UPDATE audit_events SET {assign} WHERE id = 5", row4)
        conn.execute(f"UPDATE audit_events SET {assign} WHERE id = 4", row5)
    assert caselog.repository.verify_audit_chain() == 4


def test_recomputed_hash_still_breaks_the_next_link(caselog: CaseLog, paths: AppPaths) -> None:
    """Rewriting one event and its own hash is caught by the following event's prev_hash."""
    _populate(caselog.repository)
    with _tamper(paths) as conn:
        conn.execute(
            "UPDATE audit_events SET actor = 'mallory', hash = ? WHERE id = 2", ("f" * 64,)
        )
    assert caselog.repository.verify_audit_chain() == 2
