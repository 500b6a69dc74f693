"""Settings persist through skinclinic.settings; the audit history lists the case's events."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from skinclinic.gui.audit_view import AuditDialog
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.settings_dialog import SettingsDialog
from skinclinic.settings import load_settings
from tests.gui.helpers import SAMPLE, import_case, sign_in_admin


def test_settings_are_saved_to_the_data_home(window: MainWindow) -> None:
    sign_in_admin(window)
    window.show_settings()
    dialog = window.findChildren(SettingsDialog)[-1]
    assert "Model pack" in dialog.card.toPlainText()
    dialog.idle.setValue(3)
    dialog.ai.setChecked(False)
    dialog.save()
    saved = load_settings(window.ctx.paths.settings)
    assert (saved.idle_lock_minutes, saved.ai_enabled) == (3, False)
    assert window.ctx.need_review().ai_enabled is False


def test_audit_history_shows_the_import(qtbot: QtBot, window: MainWindow) -> None:
    sign_in_admin(window)
    import_case(qtbot, window, [SAMPLE])
    window.cases.refresh()
    window.cases.table.selectRow(0)
    window.show_audit()
    dialog = window.findChildren(AuditDialog)[-1]
    actions = {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}
    assert "create" in actions
    assert "verifies" in dialog.chain.text()
