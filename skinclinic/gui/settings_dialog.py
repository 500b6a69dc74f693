"""Settings: the model pack in use (its card and metrics), threads, idle lock, language, AI.
Stored through skinclinic.settings (JSON in the data home, written atomically)."""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from skinclinic.errors import SkinClinicError
from skinclinic.gui.context import AppContext
from skinclinic.gui.i18n_qt import QT_TRANSLATE_NOOP, install_translators, translate
from skinclinic.gui.theme import role_label
from skinclinic.settings import LANGUAGES

LANGUAGE_NAMES = {
    "system": QT_TRANSLATE_NOOP("SettingsDialog", "Follow the system"),
    "en": "English",
    "zh_CN": "中文 (简体)",
    "ja": "日本語",
}


def find_pack_dir(pack_id: str) -> Path | None:
    """The pack folder as the inference layer finds it; None when it is not installed."""
    try:
        pack = importlib.import_module("skinclinic.inference.pack")
        folder = pack.default_pack_dir(pack_id)
    except (ImportError, SkinClinicError, AttributeError):
        return None
    return Path(folder)


def pack_card(pack_id: str) -> tuple[str, str]:
    """(card markdown, metrics markdown) read from the pack folder, or a clear note."""
    folder = find_pack_dir(pack_id)
    if folder is None:
        note = translate(
            "SettingsDialog",
            "The model pack **{0}** is not installed, so AI analysis is unavailable.",
        ).format(pack_id)
        return note, ""
    card_file = folder / "card.md"
    card = (
        card_file.read_text(encoding="utf-8")
        if card_file.is_file()
        else translate("SettingsDialog", "(no model card)")
    )
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        metrics = manifest.get("metrics", {})
    except (OSError, ValueError):
        metrics = {}
    rows = "\n".join(
        f"| {k} | {v} |" for k, v in sorted(metrics.items()) if not isinstance(v, dict)
    )
    head = translate("SettingsDialog", "| Metric | Value |")
    missing = translate("SettingsDialog", "No metrics in the manifest.")
    table = f"{head}\n|---|---|\n{rows}" if rows else missing
    return card, table


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        self.resize(720, 560)
        current = ctx.settings
        self.threads = QSpinBox()
        self.threads.setRange(1, os.cpu_count() or 1)
        self.threads.setValue(current.threads)
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setValue(current.idle_lock_minutes)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(self.tr(LANGUAGE_NAMES.get(code, code)), code)
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))
        self.ai = QCheckBox(
            self.tr("Use the AI (analysis and drafts); off = manual documentation only")
        )
        self.ai.setChecked(current.ai_enabled)
        self.tta = QCheckBox(self.tr("Test-time augmentation (steadier analysis, slower)"))
        self.tta.setChecked(current.tta)

        general = QWidget()
        form = QFormLayout(general)
        form.addRow(self.tr("Model threads"), self.threads)
        form.addRow(self.tr("Lock after idle"), self.idle)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", role_label(self.tr("A new language applies after a restart."), "hint"))
        form.addRow("", self.ai)
        form.addRow("", self.tta)
        self.data_home = role_label(self._data_home_text(), "hint", word_wrap=True)
        form.addRow(self.tr("Data"), self.data_home)

        card, metrics = pack_card(current.vision_pack)
        self.card = QTextBrowser()
        self.card.setOpenExternalLinks(False)
        title = self.tr("Model pack: {0}").format(current.vision_pack)
        self.card.setMarkdown(f"# {title}\n\n{metrics}\n\n{card}")
        tabs = QTabWidget()
        tabs.addTab(general, self.tr("General"))
        tabs.addTab(self.card, self.tr("Model pack"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.message = role_label("", "hint", word_wrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(self.tr("Settings"), "title"))
        layout.addWidget(tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _data_home_text(self) -> str:
        from skinclinic.caselog import encryption  # loaded by now: the case log is open

        home = self.ctx.paths.home
        if encryption.is_encrypted(home):
            state = self.tr(
                "Encrypted at rest: the case log with SQLCipher, photos with AES-256-GCM."
            )
        else:
            state = self.tr(
                "Not encrypted. An administrator can encrypt it with `skinclinic encrypt` while "
                "the app is closed."
            )
        return f"{home}\n{state}"

    def save(self) -> None:
        updated = dataclasses.replace(
            self.ctx.settings,
            threads=self.threads.value(),
            idle_lock_minutes=self.idle.value(),
            language=str(self.language.currentData()),
            ai_enabled=self.ai.isChecked(),
            tta=self.tta.isChecked(),
        )
        old_language = self.ctx.settings.language
        try:
            self.ctx.save_settings(updated)
        except SkinClinicError as err:
            self.message.setText(str(err))
            return
        if updated.language != old_language:
            # Dialogs opened from now on use it; the main window's text changes on restart.
            install_translators(updated.language)
            self.ctx.info.emit(self.tr("Settings saved; restart SkinClinic to apply the language."))
        else:
            self.ctx.info.emit(self.tr("Settings saved."))
        self.accept()
