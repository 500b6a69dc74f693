"""Restoring a backup from the app, on the real window: only an administrator, only after a
check and a yes; the case log closes, comes back as the backup, and everyone signs in again."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from skinclinic.bootstrap import open_services
from skinclinic.caselog import encryption
from skinclinic.caselog.backup import backup
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.passphrase_dialog import PassphraseDialog
from skinclinic.gui.settings_dialog import SettingsDialog
from skinclinic.gui.signin import SignInDialog
from skinclinic.paths import AppPaths
from skinclinic.review.roles import Role
from tests.gui.helpers import PASSWORD, SAMPLE, import_case, sign_in_admin


def _backup_then_another_case(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Path:
    sign_in_admin(window)
    import_case(qtbot, window, [SAMPLE], "P-BEFORE")
    window.show_settings()
    dialog = window.findChildren(SettingsDialog)[-1]
    assert dialog.restore_button.isVisibleTo(dialog)
    dialog.start_backup(tmp_path)
    qtbot.waitUntil(dialog.backup_button.isEnabled, timeout=20_000)
    dialog.reject()
    import_case(qtbot, window, [SAMPLE], "P-AFTER")
    (folder,) = tmp_path.glob("SkinClinic-backup-*")
    return folder


def _references(window: MainWindow) -> list[str]:
    cases = window.ctx.need_services().repository.list_cases()
    return sorted(c.patient_reference for c in cases)


def test_admin_restores_a_backup_and_signs_in_again(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = _backup_then_another_case(qtbot, window, tmp_path)
    assert _references(window) == ["P-AFTER", "P-BEFORE"]
    questions: list[str] = []
    flow = window.restore_backup(folder)
    flow.confirm = lambda text: questions.append(text) or True
    qtbot.waitUntil(lambda: window.ctx.services is None, timeout=20_000)  # closed for the swap
    assert window.ctx.session is None and not window.new_case_action.isEnabled()
    qtbot.waitUntil(lambda: window.ctx.ready, timeout=20_000)  # and opened again
    assert "It holds 1 case(s)" in questions[0]
    assert _references(window) == ["P-BEFORE"]
    assert "was restored" in window.banner.text.text()
    dialog: SignInDialog = window.sign_in()
    dialog.username.setText("admin")
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert window.ctx.session is not None
    events = window.ctx.need_services().repository.list_audit("caselog", "all")
    assert events[-1].action == "restore" and events[-1].actor == window.ctx.session.user.id
    (kept,) = window.ctx.paths.home.glob("replaced-*")
    assert (kept / "caselog.sqlite3").is_file()


def test_a_no_changes_nothing_and_a_doctor_cannot_restore(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = _backup_then_another_case(qtbot, window, tmp_path)
    flow = window.restore_backup(folder)
    asked: list[str] = []
    flow.confirm = lambda text: asked.append(text) or False
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    assert window.ctx.ready and window.ctx.session is not None
    assert _references(window) == ["P-AFTER", "P-BEFORE"]

    ctx = window.ctx
    assert ctx.session is not None
    ctx.need_review().add_user(ctx.session.user, "dr.lee", "Dr. Kim Lee", Role.DOCTOR, PASSWORD)
    window.sign_out()
    dialog: SignInDialog = window.sign_in()
    dialog.username.setText("dr.lee")
    dialog.password.setText(PASSWORD)
    dialog.submit()
    window.show_settings()
    settings = window.findChildren(SettingsDialog)[-1]
    assert not settings.restore_button.isVisibleTo(settings)
    window.restore_backup(folder)
    assert "Only an administrator" in window.banner.text.text()
    assert window.ctx.ready and _references(window) == ["P-AFTER", "P-BEFORE"]


def test_an_encrypted_backup_asks_its_passphrase_and_the_home_opens_encrypted(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    other = AppPaths(tmp_path / "other-pc").ensure()
    encryption.create_keyfile(other.home, "heron over the delta")
    with open_services(other) as services:
        patient = services.repository.get_or_create_patient("P-ENC", actor="test")
        services.repository.create_case(patient.id, "back", "", actor="test")
        backup(services.caselog, other, tmp_path / "encrypted-backup")
    encryption.forget(other.home)
    sign_in_admin(window)
    flow = window.restore_backup(tmp_path / "encrypted-backup")
    flow.confirm = lambda _text: True
    (dialog,) = window.findChildren(PassphraseDialog)
    dialog.passphrase.setText("heron over the delta")
    dialog.try_unlock()
    qtbot.waitUntil(lambda: window.ctx.services is None, timeout=20_000)
    qtbot.waitUntil(lambda: window.ctx.ready, timeout=20_000)
    assert window.ctx.need_services().caselog.keys is not None
    assert _references(window) == ["P-ENC"]
    assert encryption.is_encrypted(window.ctx.paths.home)
