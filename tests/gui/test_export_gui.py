"""Export from the real main window: the dialog writes PDF, FHIR and DICOM through the core use
case in a worker, each file audited with the signed-in user; errors and cancel are messages."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pydicom
import pypdf
import pytest
from fhir.resources.R4B.bundle import Bundle
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from skinclinic.core.domain import CaseStatus
from skinclinic.export.dicom import DERMOSCOPIC_PHOTOGRAPHY
from skinclinic.gui.export_dialog import ExportDialog, file_stem
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.workers import live_workers
from tests.gui.fakes import fake_pipeline
from tests.gui.helpers import PASSWORD, SAMPLE, import_case, sign_in_doctor


@pytest.fixture
def analyzed(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """A doctor signed in, one imported photo analyzed and drafted (by the test stand-ins)."""
    fakes = fake_pipeline(window.ctx)
    for name in ("analyze", "draft", "chat", "grounding"):
        setattr(window.ctx.pipeline, name, getattr(fakes, name))
    sign_in_doctor(window)
    import_case(qtbot, window, [SAMPLE], reference="P-EXP 1/2")
    window.cases.status.setCurrentIndex(0)
    window.cases.refresh()
    window.cases.table.selectRow(0)
    view = window.case_view
    view.analysis.analyze()
    qtbot.waitUntil(lambda: view.detail is not None and bool(view.detail.analyses), timeout=20_000)
    view.draft.generate()
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.case.status is CaseStatus.DRAFTED,
        timeout=20_000,
    )
    qtbot.waitUntil(lambda: not live_workers(), timeout=20_000)
    return window


def open_dialog(window: MainWindow) -> ExportDialog:
    window.export_action.trigger()
    dialogs = [d for d in window.findChildren(ExportDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def choose_paths(monkeypatch: pytest.MonkeyPatch, dialog: ExportDialog, out: Path) -> None:
    """Drive the file choosers as a user would, with Qt's dialogs answered by the test."""
    answers = iter([str(out / "report.pdf"), str(out / "bundle.json")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (next(answers), ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out / "dicom"))
    dialog.choose_pdf()
    dialog.choose_fhir()
    dialog.choose_dicom()


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def run_export(qtbot: QtBot, dialog: ExportDialog) -> None:
    dialog.export_button.click()
    assert dialog.worker is not None
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)
    assert not live_workers()


def test_export_every_format_from_the_dialog_audited_as_the_user(
    qtbot: QtBot, analyzed: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = analyzed
    ctx = window.ctx
    assert ctx.session is not None
    case_id = window.case_view.case_id
    dialog = open_dialog(window)
    stem = file_stem(dialog.detail)
    assert stem == f"case-{case_id}-P-EXP_1_2"  # no slash or space reaches the file name
    assert dialog.pdf_path.text().endswith(f"{stem}.pdf")
    assert "PRELIMINARY" in dialog.state.text()
    choose_paths(monkeypatch, dialog, tmp_path)
    run_export(qtbot, dialog)

    pdf, fhir, folder = tmp_path / "report.pdf", tmp_path / "bundle.json", tmp_path / "dicom"
    text = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert "PRELIMINARY AI DRAFT" in text and "P-EXP 1/2" in text
    bundle = json.loads(fhir.read_text())
    Bundle.model_validate(bundle)
    media = resources(bundle, "Media")
    assert media and "data" in media[0]["content"]  # photo bytes included by default
    (dcm,) = folder.glob("*.dcm")
    assert pydicom.dcmread(dcm).SOPClassUID == DERMOSCOPIC_PHOTOGRAPHY

    events = [e for e in ctx.need_services().repository.list_audit("case") if e.action == "export"]
    assert len(events) == 3
    assert {e.actor for e in events} == {ctx.session.user.id}
    assert {e.new["format"] for e in events if isinstance(e.new, dict)} == {"pdf", "fhir", "dicom"}
    assert all(isinstance(e.new, dict) and e.new["preliminary"] for e in events)
    message = window.banner.text.text()
    assert "PRELIMINARY" in message and str(pdf) in message and str(dcm) in message
    assert not dialog.isVisible()


def test_signed_case_exports_final_and_photo_bytes_can_be_left_out(
    qtbot: QtBot, analyzed: MainWindow, tmp_path: Path
) -> None:
    window = analyzed
    view = window.case_view
    view.draft.sign_with("approval", PASSWORD)
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.case.status is CaseStatus.SIGNED,
        timeout=20_000,
    )
    qtbot.waitUntil(lambda: not live_workers(), timeout=20_000)
    dialog = open_dialog(window)
    assert "Signed by Dr. Kim Lee" in dialog.state.text()
    dialog.pdf.setChecked(False)
    dialog.dicom.setChecked(False)
    dialog.photo_data.setChecked(False)
    dialog.fhir_path.setText(str(tmp_path / "final.json"))
    run_export(qtbot, dialog)
    bundle = json.loads((tmp_path / "final.json").read_text())
    (report,) = resources(bundle, "DiagnosticReport")
    assert report["status"] == "final"
    media = resources(bundle, "Media")
    assert "data" not in media[0]["content"]
    assert "exported (signed)" in window.banner.text.text()
    assert not list(tmp_path.glob("*.pdf"))


def test_an_unwritable_target_is_a_clear_message(
    qtbot: QtBot, analyzed: MainWindow, tmp_path: Path
) -> None:
    window = analyzed
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    dialog = open_dialog(window)
    dialog.pdf_path.setText(str(blocker / "report.pdf"))
    dialog.fhir.setChecked(False)
    dialog.dicom.setChecked(False)
    run_export(qtbot, dialog)
    assert dialog.isVisible()  # stays open so another place can be chosen
    assert "Cannot write" in dialog.message.text() and "report.pdf" in dialog.message.text()
    assert "Export failed" in window.banner.text.text()
    assert dialog.export_button.isEnabled()

    dialog.pdf.setChecked(False)
    dialog.export_button.click()  # nothing chosen: said at once, no worker started
    assert dialog.worker is None and "at least one" in dialog.message.text()
    dialog.reject()


def test_cancel_stops_between_files_and_leaves_no_worker(
    qtbot: QtBot, analyzed: MainWindow, tmp_path: Path
) -> None:
    dialog = open_dialog(analyzed)
    for field, name in ((dialog.pdf_path, "a.pdf"), (dialog.fhir_path, "b.json")):
        field.setText(str(tmp_path / name))
    dialog.dicom_path.setText(str(tmp_path / "dcm"))
    dialog.export_button.click()
    assert dialog.worker is not None
    dialog.reject()  # Esc or Cancel: stops the export, does not close the dialog
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)
    assert not live_workers()
    if dialog.isVisible():  # the cancel arrived before the last file
        assert "cancelled" in dialog.message.text()
        assert not (tmp_path / "dcm").exists()
        written = [p for p in (tmp_path / "a.pdf", tmp_path / "b.json") if p.exists()]
        events = analyzed.ctx.need_services().repository.list_audit("case")
        assert len([e for e in events if e.action == "export"]) == len(written)
    assert not list(tmp_path.glob(".*.part"))  # no half file either way


def test_export_needs_a_signed_in_user(qtbot: QtBot, analyzed: MainWindow) -> None:
    window = analyzed
    assert window.export_action.isEnabled()
    window.sign_out()
    assert not window.export_action.isEnabled()
    window.case_view.export()  # e.g. the button of a stale view
    assert not window.findChildren(ExportDialog)
    assert "Sign in" in window.banner.text.text()
