"""A tampered audit trail is reported in the window at start-up, not silently accepted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from skinclinic.bootstrap import open_services
from skinclinic.gui.main_window import MainWindow
from skinclinic.services.integrity import integrity_problems


def _tamper(home: Path) -> None:
    db = sqlite3.connect(home / "caselog.sqlite3")
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_events'"
    ).fetchall():
        db.execute(f"DROP TRIGGER {name}")
    db.execute("UPDATE audit_events SET action='nothing-happened' WHERE id=1")
    db.commit()
    db.close()


def test_integrity_problems_names_the_broken_event(skinclinic_home: Path) -> None:
    with open_services() as services:
        services.repository.get_or_create_patient("P-1", actor="test")
        assert integrity_problems(services) == []
    _tamper(skinclinic_home)
    with open_services() as services:
        (problem,) = integrity_problems(services)
    assert "broken at event 1" in problem


@pytest.fixture
def tampered_home(skinclinic_home: Path) -> Path:
    with open_services() as services:
        services.repository.get_or_create_patient("P-1", actor="test")
    _tamper(skinclinic_home)
    return skinclinic_home


def test_window_shows_a_broken_audit_trail(
    tampered_home: Path, window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.waitUntil(lambda: "broken at event 1" in window.banner.text.text(), timeout=10_000)
    assert window.banner.isVisible()
