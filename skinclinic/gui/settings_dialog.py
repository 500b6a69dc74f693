"""Settings: the model pack in use (its card and metrics), threads, idle lock, language, AI.
Stored through skinclinic.settings (JSON in the data home, written atomically)."""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from skinclinic.errors import SkinClinicError
from skinclinic.gui import operations
from skinclinic.gui.context import AppContext
from skinclinic.gui.i18n_qt import QT_TRANSLATE_NOOP, install_translators, translate
from skinclinic.gui.labels import local_minute
from skinclinic.gui.restore_flow import RESTORE_PERMISSION
from skinclinic.gui.theme import role_label
from skinclinic.gui.workers import call_job
from skinclinic.settings import LANGUAGES

if TYPE_CHECKING:
    from skinclinic.caselog.backup import BackupReport

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
    restore_requested = Signal(Path)  # a backup folder an administrator chose to restore

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
        self.patient_context = QCheckBox(
            self.tr("Weigh the patient's age, sex and body site (off = the photo alone)")
        )
        self.patient_context.setToolTip(
            self.tr(
                "What these say about each diagnosis was learnt from the training data's patients."
            )
        )
        self.patient_context.setChecked(current.patient_context)

        general = self._general_tab()

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

    def _general_tab(self) -> QWidget:
        general = QWidget()
        form = QFormLayout(general)
        form.addRow(self.tr("Model threads"), self.threads)
        form.addRow(self.tr("Lock after idle"), self.idle)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", role_label(self.tr("A new language applies after a restart."), "hint"))
        form.addRow("", self.ai)
        form.addRow("", self.tta)
        form.addRow("", self.patient_context)
        self.data_home = role_label(self._data_home_text(), "hint", word_wrap=True)
        form.addRow(self.tr("Data"), self.data_home)
        self.backup_button = QPushButton(self.tr("Back up now…"))
        self.backup_button.clicked.connect(self.choose_backup_folder)
        self.last_backup = role_label(self._last_backup_text(), "hint", word_wrap=True)
        self.backup_status = role_label(
            self.tr(
                "A backup is a new folder with the case log and every photo (an encrypted home's "
                "stays encrypted). An administrator restores one with Restore a backup…, or with "
                "`skinclinic restore FOLDER` while the app is closed."
            ),
            "hint",
            word_wrap=True,
        )
        backup_box = QVBoxLayout()
        backup_box.setContentsMargins(0, 0, 0, 0)
        backup_box.addWidget(self.last_backup)
        self.restore_button = QPushButton(self.tr("Restore a backup…"))
        self.restore_button.clicked.connect(self.choose_backup_to_restore)
        self.restore_button.setVisible(self.ctx.can(RESTORE_PERMISSION))
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        backup_box.addLayout(buttons)
        backup_box.addWidget(self.backup_status)
        backup_box.addStretch(1)
        form.addRow("", backup_box)
        return general

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

    def _last_backup_text(self) -> str:
        from skinclinic.services.backup import last_backup

        services = self.ctx.services
        event = last_backup(services) if services is not None else None
        if event is None:
            return self.tr("No backup has been made of this case log yet.")
        where = (event.new or {}).get("dest", "?")
        when = local_minute(event.at)
        return self.tr("Last backup: {0}, to {1}").format(when, where)

    def choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where should the backup go?"))
        if folder:
            self.start_backup(Path(folder))

    def choose_backup_to_restore(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the backup folder"))
        if folder:
            self.accept()
            self.restore_requested.emit(Path(folder))

    def start_backup(self, parent: Path) -> None:
        """Back up into a new dated folder inside `parent`, off the GUI thread, audited."""
        from skinclinic.services.backup import default_backup_name, make_backup

        if not self.ctx.session_ok():
            return
        actor = self.ctx.actor()
        services = self.ctx.need_services()
        dest = parent / default_backup_name(datetime.now())
        self.backup_button.setEnabled(False)
        self.backup_status.setText(self.tr("Backing up to {0}…").format(dest))
        worker = operations.start(
            self.ctx,
            call_job(lambda: make_backup(services, dest, actor=actor)),
            self.tr("The backup"),
            on_success=self._backed_up,
            on_done=lambda: self.backup_button.setEnabled(True),
        )
        worker.failed.connect(
            lambda err: self.backup_status.setText(self.tr("The backup failed: {0}").format(err))
        )

    def _backed_up(self, report: BackupReport) -> None:
        mib = (report.caselog_bytes + report.photo_bytes) / 2**20
        text = self.tr("Backup written to {0}: the case log and {1} photo(s), {2} MiB.").format(
            report.dest, report.photos_copied, f"{mib:.1f}"
        )
        if report.photos_missing:
            text += " " + self.tr("{0} photo(s) were missing from the store.").format(
                len(report.photos_missing)
            )
        self.backup_status.setText(text)
        self.last_backup.setText(self._last_backup_text())
        self.ctx.info.emit(text)

    def save(self) -> None:
        updated = dataclasses.replace(
            self.ctx.settings,
            threads=self.threads.value(),
            idle_lock_minutes=self.idle.value(),
            language=str(self.language.currentData()),
            ai_enabled=self.ai.isChecked(),
            tta=self.tta.isChecked(),
            patient_context=self.patient_context.isChecked(),
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
