"""Drive the real main window: first-run admin, a doctor's sign-in, import, list, search, filter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from skinclinic.core.domain import CaseStatus, Sex
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.new_case import camera_status
from skinclinic.gui.patient_dialog import PatientDialog
from tests.gui.helpers import SAMPLE, import_case, sign_in_admin, sign_in_doctor


def test_window_asks_for_the_first_admin_and_shows_who_is_signed_in(window: MainWindow) -> None:
    assert not window.new_case_action.isEnabled()
    sign_in_admin(window)
    assert window.user_label.text() == "Signed in: Ada Admin (admin)"
    assert window.new_case_action.isEnabled()


def test_wrong_password_is_a_message_not_a_crash(window: MainWindow) -> None:
    sign_in_admin(window)
    window.sign_out()
    dialog = window.sign_in()
    dialog.username.setText("admin")
    dialog.password.setText("wrong password!")
    dialog.submit()
    assert window.ctx.session is None
    assert dialog.message.text()


def test_import_a_photo_then_find_it_by_search_and_status(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    sign_in_doctor(window)
    assert "Dr. Kim Lee (doctor)" in window.user_label.text()
    not_a_photo = tmp_path / "notes.jpg"
    not_a_photo.write_text("not an image")
    dialog = import_case(qtbot, window, [SAMPLE, not_a_photo])
    assert "notes.jpg" in dialog.failures.text()  # the specific rejection stays readable

    cases = window.cases
    cases.status.setCurrentIndex(0)
    cases.refresh()
    assert cases.model.rowCount() == 1
    summary = cases.model.summary(0)
    assert (summary.patient_reference, summary.body_site) == ("P-TEST1", "upper back")
    assert summary.status is CaseStatus.NEW

    cases.search.setText("nobody-like-this")
    cases.refresh()
    assert cases.model.rowCount() == 0
    cases.search.setText("P-TEST1")
    cases.refresh()
    assert cases.model.rowCount() == 1
    cases.show_needs_review()
    assert cases.model.rowCount() == 0  # nothing drafted yet


def test_cancelled_import_keeps_nothing(qtbot: QtBot, window: MainWindow) -> None:
    sign_in_admin(window)
    window.new_case()
    from skinclinic.gui.new_case import NewCaseDialog

    dialog = window.findChildren(NewCaseDialog)[-1]
    dialog.add_files([SAMPLE])
    dialog.start_import()
    dialog.cancel_or_close()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20_000)
    window.cases.refresh()
    assert window.cases.model.rowCount() in (0, 1)  # cancel raced the one-photo import


def test_an_impossible_year_of_birth_is_refused_before_anything_is_imported(
    window: MainWindow,
) -> None:
    from skinclinic.gui.new_case import NewCaseDialog

    sign_in_admin(window)
    window.new_case()
    dialog = window.findChildren(NewCaseDialog)[-1]
    dialog.add_files([SAMPLE])
    dialog.birth_year.setText("1700")
    dialog.start_import()
    assert dialog.worker is None
    assert dialog.failures.text().startswith("The year of birth must be between ")
    window.cases.refresh()
    assert window.cases.model.rowCount() == 0


def test_camera_button_says_why_it_is_off() -> None:
    reason = camera_status()
    assert reason is None or "camera" in reason.lower()


def test_patient_details_are_corrected_with_a_reason(qtbot: QtBot, window: MainWindow) -> None:
    sign_in_admin(window)
    import_case(qtbot, window, [SAMPLE], "P-FIX", birth_year=1961, sex="male")
    window.cases.refresh()
    window.cases.table.selectRow(0)
    view = window.case_view
    assert view.detail is not None
    assert "born 1961 · male" in view.subtitle.text()

    dialog = PatientDialog(view.detail.patient, view)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.chosen_birth_year == 1961 and dialog.chosen_sex is Sex.MALE
    assert not save.isEnabled()  # no reason yet
    dialog.reason.setPlainText("Wrong patient's card was read")
    dialog.birth_year.setText("19")  # incomplete year
    assert not save.isEnabled()
    dialog.birth_year.setText("1916")
    dialog.sex.setCurrentIndex(dialog.sex.findData("female"))
    dialog.fitzpatrick.setCurrentIndex(dialog.fitzpatrick.findData(5))
    assert save.isEnabled()

    view.save_patient_correction(
        dialog.chosen_birth_year, dialog.chosen_sex, dialog.chosen_fitzpatrick, dialog.reason_text
    )
    assert "born 1916 · female · skin type V" in view.subtitle.text()
    event = window.ctx.need_services().repository.list_audit()[-1]
    assert (event.action, event.entity) == ("correct", "patient")
    assert event.new["reason"] == "Wrong patient's card was read"
