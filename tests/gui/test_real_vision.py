"""The real vision model through the GUI (skipped when the pack is not installed)."""

from __future__ import annotations

import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from skinclinic.core.domain import CaseStatus
from skinclinic.gui.app import build_pipeline
from skinclinic.gui.case_view import CaseView
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.workers import live_workers
from skinclinic.paths import AppPaths
from skinclinic.services.analyze import pack_installed
from skinclinic.settings import Settings
from tests.gui.helpers import PASSWORD, SAMPLE, import_case, sign_in_doctor

pytestmark = pytest.mark.skipif(
    not pack_installed(Settings().vision_pack), reason="the vision model pack is not installed"
)


def _import_and_analyze(qtbot: QtBot, window: MainWindow) -> CaseView:
    """A doctor imports the sample (born 1956, female, upper back) and analyzes it; the view
    once the analysis is shown."""
    sign_in_doctor(window)
    import_case(qtbot, window, [SAMPLE], birth_year=1956, sex="female")
    window.cases.status.setCurrentIndex(0)
    window.cases.refresh()
    window.cases.table.selectRow(0)
    view = window.case_view
    assert view.analysis.analyze_button.isEnabled()
    view.analysis.analyze()
    # Wait for the result on the GUI thread, not for the worker: the model loads in one job and
    # analyzes in the next, so "no live worker" can be seen between the two.
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.case.status is CaseStatus.ANALYZED,
        timeout=120_000,
    )
    qtbot.waitUntil(lambda: not live_workers(), timeout=10_000)
    assert view.detail is not None
    return view


def test_analyze_with_the_real_model_shows_outline_chart_and_badge(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.ctx.pipeline = build_pipeline(window.ctx)
    view = _import_and_analyze(qtbot, window)
    assert view.detail is not None
    analysis = view.detail.analyses[-1]
    assert view.analysis.badge.accessibleName().startswith("Uncertainty: ")
    assert view.detail.patient.birth_year == 1956
    assert analysis.probabilities  # this dermatoscopic sample passes the quality gate
    assert abs(sum(p for _name, p in view.analysis.chart.rows) - 1.0) < 0.05
    assert view.viewer.outline is not None
    # the form's year of birth and sex and the case's site ("upper back") were weighed
    context = view.analysis.context.text()
    assert context.startswith("Adjusted for the patient: age ")
    assert context.endswith(", female, back."), context


def test_with_patient_context_switched_off_the_photo_is_read_alone(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.ctx.pipeline = build_pipeline(window.ctx)
    window.ctx.save_settings(dataclasses.replace(window.ctx.settings, patient_context=False))
    view = _import_and_analyze(qtbot, window)
    assert view.detail is not None
    assert "context" not in view.detail.analyses[-1].uncertainty
    assert view.analysis.context.text().startswith("Read from the photo alone")


def test_full_triage_with_the_real_models_ends_in_a_locked_signed_case(
    qtbot: QtBot, window: MainWindow, model_home: AppPaths
) -> None:
    """Import, analyze (vision pack), stream a draft (report pack + real GGUF), sign, locked."""
    window.ctx.pipeline = build_pipeline(window.ctx)
    assert window.ctx.pipeline.draft is not None
    sign_in_doctor(window)
    import_case(qtbot, window, [SAMPLE])
    window.cases.status.setCurrentIndex(0)
    window.cases.refresh()
    window.cases.table.selectRow(0)
    view = window.case_view
    view.analysis.analyze()
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.case.status is CaseStatus.ANALYZED,
        timeout=120_000,
    )
    view.tabs.setCurrentIndex(1)
    pieces: list[str] = []
    view.draft.generate()
    assert view.draft.worker is not None
    view.draft.worker.item.connect(lambda p: pieces.append(p) if isinstance(p, str) else None)
    qtbot.waitUntil(lambda: view.draft.worker is None, timeout=180_000)
    assert view.detail is not None and view.detail.case.status is CaseStatus.DRAFTED
    assert len(pieces) > 1, "the draft did not stream"
    text = view.draft.editor.toPlainText()
    assert text.startswith("PRELIMINARY AI DRAFT") and "".join(pieces).strip() in text
    view.draft.sign_with("approval", PASSWORD)
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.case.status is CaseStatus.SIGNED,
        timeout=30_000,
    )
    assert view.draft.editor.isReadOnly()
    qtbot.waitUntil(lambda: not live_workers(), timeout=10_000)
