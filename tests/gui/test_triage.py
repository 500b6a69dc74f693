"""The full triage through the real main window: import, analyze, stream a draft, edit, sign as
a doctor, see the case locked, amend. The model use cases are TEST fakes (tests/gui/fakes.py)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from skinclinic.core.domain import CaseStatus
from skinclinic.gui.context import Pipeline
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.workers import live_workers
from tests.gui.fakes import fake_pipeline
from tests.gui.helpers import PASSWORD, SAMPLE, import_case, sign_in_doctor


@pytest.fixture
def triage_window(qtbot: QtBot, window: MainWindow) -> MainWindow:
    fakes = fake_pipeline(window.ctx)
    for name in ("analyze", "draft", "chat", "grounding"):
        setattr(window.ctx.pipeline, name, getattr(fakes, name))
    sign_in_doctor(window)
    import_case(qtbot, window, [SAMPLE])
    window.cases.status.setCurrentIndex(0)
    window.cases.refresh()
    window.cases.table.selectRow(0)
    return window


def settle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not live_workers(), timeout=20_000)


def test_import_analyze_draft_sign_lock_amend(qtbot: QtBot, triage_window: MainWindow) -> None:
    view = triage_window.case_view
    assert view.detail is not None and view.viewer.outline is None

    view.analysis.analyze()
    settle(qtbot)
    qtbot.waitUntil(lambda: view.detail is not None and bool(view.detail.analyses))
    assert view.analysis.chart.rows[0][0] == "Melanocytic nevus"
    assert view.viewer.outline is not None
    assert "uncertain" in view.analysis.badge.accessibleName().lower()
    assert triage_window.cases.model.summary(0).uncertainty_verdict == "uncertain"

    pieces: list[object] = []
    view.draft.generate()
    assert view.draft.worker is not None
    view.draft.worker.item.connect(pieces.append)
    settle(qtbot)
    qtbot.waitUntil(lambda: view.detail is not None and view.detail.case.status.value == "drafted")
    assert "PRELIMINARY AI DRAFT" in view.draft.state.text()
    assert "Recommend dermoscopy." in view.draft.editor.toPlainText()
    assert view.draft.flags.isVisible() or "TEST flag" in view.draft.flags.text()
    triage_window.cases.show_needs_review()
    assert triage_window.cases.model.rowCount() == 1

    view.draft.editor.setPlainText(view.draft.editor.toPlainText() + " Follow up in 3 months.")
    view.draft.diff_button.click()
    assert "Follow" in view.draft.diff.toHtml()

    view.draft.sign_with("approval", PASSWORD)
    settle(qtbot)
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.case.status is CaseStatus.SIGNED
    )
    assert view.draft.editor.isReadOnly()
    assert view.draft.state.text().startswith("SIGNED by Dr. Kim Lee")
    assert not view.draft.generate_button.isEnabled()
    assert not view.analysis.analyze_button.isEnabled()
    assert view.detail.drafts[-1].author != "ai"  # the doctor's edit is what was signed

    view.draft.start_amend()
    assert not view.draft.editor.isReadOnly()
    view.draft.editor.setPlainText("Corrected report.")
    view.draft.amend_with("typo in the site")
    settle(qtbot)
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.case.status is CaseStatus.AMENDED
    )
    assert len(view.detail.drafts) == 3


def test_reject_needs_a_reason_and_shows_the_error(qtbot: QtBot, triage_window: MainWindow) -> None:
    view = triage_window.case_view
    view.analysis.analyze()
    settle(qtbot)
    view.draft.generate()
    settle(qtbot)
    errors: list[str] = []
    triage_window.ctx.error.connect(errors.append)
    view.draft.reject_with("")
    settle(qtbot)
    qtbot.waitUntil(lambda: bool(errors))
    assert "reason" in errors[0]
    assert triage_window.banner.isVisible()
    view.draft.sign_with("approval", "wrong password!")
    settle(qtbot)
    qtbot.waitUntil(lambda: len(errors) == 2)
    assert view.detail is not None and view.detail.case.status is CaseStatus.DRAFTED


def test_without_models_the_panels_say_so(qtbot: QtBot, window: MainWindow) -> None:
    assert window.ctx.pipeline == Pipeline()
    sign_in_doctor(window)
    import_case(qtbot, window, [SAMPLE])
    window.cases.status.setCurrentIndex(0)
    window.cases.refresh()
    window.cases.table.selectRow(0)
    view = window.case_view
    assert not view.analysis.analyze_button.isEnabled()
    assert "not available yet" in view.analysis.note.text()
    assert "not available yet" in view.draft.note.text()
    assert not view.chat.ask_button.isEnabled()
    view.draft.editor.setPlainText("Hand-written report.")
    view.draft.save_edit()  # manual documentation still works
    assert view.detail is not None and view.detail.drafts[-1].text == "Hand-written report."
