"""Settings persist through skinclinic.settings; the audit history lists the case's events."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from skinclinic.gui import audit_view
from skinclinic.gui.audit_view import AuditDialog
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.settings_dialog import SettingsDialog
from skinclinic.gui.signin import UnlockDialog
from skinclinic.gui.users_dialog import UsersDialog
from skinclinic.settings import load_settings
from tests.gui.helpers import PASSWORD, SAMPLE, import_case, sign_in_admin


def test_settings_are_saved_to_the_data_home(window: MainWindow) -> None:
    sign_in_admin(window)
    window.show_settings()
    dialog = window.findChildren(SettingsDialog)[-1]
    assert "Model pack" in dialog.card.toPlainText()
    assert "Not encrypted" in dialog.data_home.text()
    dialog.idle.setValue(3)
    dialog.ai.setChecked(False)
    assert dialog.patient_context.isChecked()  # on by default
    dialog.patient_context.setChecked(False)
    dialog.save()
    saved = load_settings(window.ctx.paths.settings)
    assert (saved.idle_lock_minutes, saved.ai_enabled, saved.patient_context) == (3, False, False)
    assert window.ctx.need_review().ai_enabled is False


def _audit_of_an_imported_case(qtbot: QtBot, window: MainWindow) -> AuditDialog:
    sign_in_admin(window)
    import_case(qtbot, window, [SAMPLE])
    window.cases.refresh()
    window.cases.table.selectRow(0)
    window.show_audit()
    return window.findChildren(AuditDialog)[-1]


def test_audit_history_shows_the_import(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _audit_of_an_imported_case(qtbot, window)
    actions = {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}
    assert "create" in actions
    assert "verifies" in dialog.chain.text()


def test_whole_trail_view_shows_only_its_newest_part(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_view, "NEWEST_SHOWN", 1)
    dialog = _audit_of_an_imported_case(qtbot, window)
    of_case = dialog.table.rowCount()
    assert of_case > 1 and "Showing the newest" not in dialog.chain.text()
    dialog.only_case.setChecked(False)
    total = len(window.ctx.need_services().repository.list_audit())
    assert dialog.table.rowCount() == 1
    assert f"Showing the newest 1 of {total} events." in dialog.chain.text()
    assert "verifies" in dialog.chain.text()


def test_settings_change_is_audited(window: MainWindow) -> None:
    sign_in_admin(window)
    window.show_settings()
    dialog = window.findChildren(SettingsDialog)[-1]
    dialog.threads.setValue(1)
    dialog.save()
    events = window.ctx.need_services().repository.list_audit(entity="settings")
    assert events and events[-1].action == "settings_change"
    assert events[-1].new == {"threads": 1}


def test_back_up_now_writes_a_checked_backup_and_audits_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from skinclinic.caselog.backup import check_backup

    sign_in_admin(window)
    import_case(qtbot, window, [SAMPLE])
    window.show_settings()
    dialog = window.findChildren(SettingsDialog)[-1]
    assert "No backup has been made" in dialog.last_backup.text()
    usb = tmp_path / "usb-drive"
    usb.mkdir()
    dialog.start_backup(usb)
    assert not dialog.backup_button.isEnabled()
    qtbot.waitUntil(dialog.backup_button.isEnabled, timeout=20_000)
    (folder,) = usb.iterdir()
    assert folder.name.startswith("SkinClinic-backup-") and check_backup(folder).ok
    assert "the case log and 1 photo(s)" in dialog.backup_status.text()
    assert dialog.last_backup.text().startswith("Last backup: ")
    assert str(folder) in dialog.last_backup.text()
    event = window.ctx.need_services().repository.list_audit()[-1]
    assert (event.action, event.entity) == ("backup", "caselog")
    assert event.actor == window.ctx.actor()


def test_admin_adds_a_doctor_in_the_users_dialog(window: MainWindow) -> None:
    sign_in_admin(window)
    assert window.users_action.isVisible()
    window.show_users()
    dialog = window.findChildren(UsersDialog)[-1]
    dialog.username.setText("dr.ng")
    dialog.printed_name.setText("Dr. Ng")
    dialog.password.setText("short")
    dialog.add_user()
    assert "10 characters" in dialog.message.text()
    dialog.password.setText(PASSWORD)
    dialog.add_user()
    assert dialog.table.rowCount() == 2


def test_idle_lock_asks_for_the_password_again(window: MainWindow) -> None:
    from datetime import timedelta

    from skinclinic.review.clock import ManualClock

    clock = ManualClock()
    review = window.ctx.need_review()
    review.clock = clock
    sign_in_admin(window)
    session = window.ctx.session
    assert session is not None
    clock.advance(timedelta(minutes=window.ctx.settings.idle_lock_minutes + 1))
    window.idle.poll()
    dialog = window.findChildren(UnlockDialog)[-1]
    dialog.password.setText("wrong password!")
    dialog.accept()
    assert session.locked and dialog.message.text()
    dialog.password.setText(PASSWORD)
    dialog.accept()
    assert not session.locked
