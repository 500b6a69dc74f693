"""An encrypted data home: the app asks for the passphrase before it opens the case log."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from skinclinic.caselog import encryption
from skinclinic.gui.app import build_window, create_app
from skinclinic.gui.context import AppContext, Pipeline
from skinclinic.gui.passphrase_dialog import PassphraseDialog
from skinclinic.gui.settings_dialog import SettingsDialog
from skinclinic.paths import app_paths

PASSPHRASE = "blue gentians on the ridge"


def test_wrong_then_right_passphrase_opens_the_case_log(
    qtbot: QtBot, skinclinic_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    encryption.create_keyfile(skinclinic_home, PASSPHRASE)
    encryption.forget(skinclinic_home)
    create_app([])
    ctx = AppContext(app_paths(), Pipeline())
    window = build_window(ctx, ask_sign_in=False)
    qtbot.addWidget(window)
    window.show()
    window.start()
    (dialog,) = window.findChildren(PassphraseDialog)
    assert dialog.isVisible() and not ctx.ready

    dialog.passphrase.setText("a wrong passphrase")
    dialog.try_unlock()
    assert dialog.isVisible() and "does not open" in dialog.message.text()
    assert dialog.passphrase.text() == ""

    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    qtbot.waitUntil(lambda: ctx.ready, timeout=20_000)
    assert not dialog.isVisible()
    assert ctx.need_services().caselog.keys is not None
    settings = SettingsDialog(ctx, window)
    assert "Encrypted at rest" in settings.data_home.text()
    settings.close()
    window.close()
