"""Restoring a backup from the app (admins): check the backup, confirm, close the case log,
restore, open it again and sign in anew, since the backup's accounts are the ones that count
from then on. The file work is `services.backup.restore_backup`, the same as the CLI's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from skinclinic.gui import operations
from skinclinic.gui.context import AppContext
from skinclinic.gui.labels import local_minute
from skinclinic.gui.workers import call_job

if TYPE_CHECKING:
    from skinclinic.caselog.backup import BackupCheck
    from skinclinic.caselog.restore import RestoreReport

RESTORE_PERMISSION = "restore a backup"


class RestoreFlow(QObject):
    def __init__(self, ctx: AppContext, parent: QWidget, reopen: Callable[[], None]) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = parent
        self.reopen = reopen
        self.folder: Path | None = None
        self.confirm: Callable[[str], bool] = self._ask  # tests answer for the person

    def start(self, folder: Path) -> None:
        """Check `folder` off the GUI thread (asking its passphrase first if it is encrypted
        and locked), then ask before anything changes."""
        from skinclinic.caselog import encryption
        from skinclinic.gui.passphrase_dialog import PassphraseDialog

        if not self.ctx.can(RESTORE_PERMISSION):
            self.ctx.error.emit(self.tr("Only an administrator can restore a backup."))
            return
        self.folder = folder
        if encryption.needs_passphrase(folder):
            dialog = PassphraseDialog(folder, self.window)
            dialog.accepted.connect(self._check)
            dialog.open()
            return
        self._check()

    def _check(self) -> None:
        from skinclinic.caselog.backup import check_backup

        folder = self._folder()
        operations.start(
            self.ctx,
            call_job(lambda: check_backup(folder)),
            self.tr("Checking the backup"),
            on_success=self._checked,
        )

    def _checked(self, check: BackupCheck) -> None:
        folder = self._folder()
        if check.problem is not None:
            self.ctx.error.emit(
                self.tr("The backup in {0} cannot be restored: {1}.").format(folder, check.problem)
            )
            return
        when = local_minute(check.last_event_at) if check.last_event_at else "?"
        question = self.tr(
            "Restore the backup in {0}?\n\nIt holds {1} case(s); its last entry is from {2}. "
            "Every case, photo and account in SkinClinic will be replaced by the backup's. "
            "What is here now is kept in a replaced-… folder in the data home, not deleted. "
            "Everyone signs in again afterwards."
        ).format(folder, check.cases, when)
        if self.confirm(question):
            self._restore()

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(
            self.window,
            self.tr("Restore a backup"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _restore(self) -> None:
        from skinclinic.gui.workers import stop_all
        from skinclinic.services.backup import restore_backup

        if not self.ctx.session_ok():
            return
        actor, paths, folder = self.ctx.actor(), self.ctx.paths, self._folder()
        self.ctx.lane.cancel_all()
        stop_all()  # nothing may write to the case log while it is replaced
        self.ctx.detach()
        operations.start(
            self.ctx,
            call_job(lambda: restore_backup(paths, folder, actor=actor)),
            self.tr("The restore"),
            on_success=self._restored,
            on_done=self.reopen,  # the restored log, or the unchanged one after a failure
        )

    def _restored(self, report: RestoreReport) -> None:
        kept = (
            self.tr(" What was here is kept in {0}.").format(report.replaced)
            if report.replaced
            else ""
        )
        self.ctx.info.emit(
            self.tr("The backup from {0} was restored.{1} Sign in again.").format(
                report.source, kept
            )
        )

    def _folder(self) -> Path:
        if self.folder is None:
            raise RuntimeError("no backup folder chosen")
        return self.folder
