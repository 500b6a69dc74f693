"""The main window only assembles the views: toolbar, case list, case view, banner, status bar.
Start-up opens the case log in a worker, then asks who is signing in."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from skinclinic.core.progress import Progress
from skinclinic.gui import operations
from skinclinic.gui.banner import Banner
from skinclinic.gui.case_view import CaseView
from skinclinic.gui.cases_view import CasesView
from skinclinic.gui.context import AppContext
from skinclinic.gui.idle import IdleGuard
from skinclinic.gui.labels import role_name
from skinclinic.gui.restore_flow import RestoreFlow
from skinclinic.gui.signin import SignInDialog, UnlockDialog
from skinclinic.gui.theme import icon
from skinclinic.gui.workers import call_job


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, ask_sign_in: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.ask_sign_in = ask_sign_in
        self.setWindowTitle("SkinClinic")  # the product name stays
        self.setWindowIcon(icon("app"))
        self.resize(1280, 800)

        self.banner = Banner()
        self.cases = CasesView(ctx)
        self.case_view = CaseView(ctx)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.cases)
        splitter.addWidget(self.case_view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([600, 700])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel(self.tr("Not signed in"))
        self.models_label = QLabel(self._models_text())
        self.busy = QProgressBar()
        self.busy.setMaximumWidth(160)
        self.busy.setVisible(False)
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.models_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self._build_actions()

        self.cases.case_selected.connect(self.case_view.show_case)
        ctx.error.connect(self.show_error)
        ctx.info.connect(self.show_info)
        ctx.session_changed.connect(self._on_session)
        ctx.services_ready.connect(self._on_services)
        ctx.lane.busy_changed.connect(self._on_lane_busy)
        self.idle = IdleGuard(ctx)
        self.idle.locked.connect(self.ask_unlock)
        self._set_enabled(False)

    def _build_actions(self) -> None:
        bar = self.addToolBar(self.tr("Main"))
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

        def action(name: str, text: str, slot: Any, shortcut: str | None = None) -> QAction:
            act = QAction(icon(name), text, self)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            bar.addAction(act)
            return act

        self.new_case_action = action("new-case", self.tr("New case"), self.new_case, "Ctrl+N")
        self.review_queue_action = action(
            "review", self.tr("Needs review"), self.cases.show_needs_review
        )
        self.refresh_action = action("refresh", self.tr("Refresh"), self.cases.refresh, "F5")
        self.export_action = action("export", self.tr("Export…"), self.case_view.export, "Ctrl+E")
        bar.addSeparator()
        self.audit_action = action("audit", self.tr("Audit history"), self.show_audit)
        self.settings_action = action("settings", self.tr("Settings"), self.show_settings, "Ctrl+,")
        self.users_action = action("user", self.tr("Users"), self.show_users)
        self.sign_out_action = action("lock", self.tr("Sign out"), self.sign_out)

    # -- start-up ------------------------------------------------------------------------------

    def start(self) -> None:
        """Open the case log off the GUI thread; the window is already up and says so. An
        encrypted home asks for its passphrase first (Cancel closes the app)."""
        from skinclinic.caselog import encryption  # the database layer loads after the window
        from skinclinic.gui.passphrase_dialog import PassphraseDialog

        home = self.ctx.paths.home
        if encryption.needs_passphrase(home):
            dialog = PassphraseDialog(home, self)
            dialog.accepted.connect(self._open_case_log)
            dialog.rejected.connect(self.close)
            dialog.open()
            return
        self._open_case_log()

    def _open_case_log(self) -> None:
        self.statusBar().showMessage(self.tr("Opening the case log…"))
        operations.start(
            self.ctx,
            operations.open_services_job(self.ctx),
            self.tr("Opening the case log"),
            on_success=self._services_opened,
        )

    def _services_opened(self, result: tuple[Any, ExitStack]) -> None:
        services, stack = result
        self.ctx.attach(services, stack)

    def _on_services(self) -> None:
        self.statusBar().showMessage(self.tr("Case log ready"), 3000)
        self._warm_up_models()
        if self.ask_sign_in and self.ctx.session is None:
            self.sign_in()

    def _warm_up_models(self) -> None:
        warm_up = self.ctx.pipeline.warm_up
        if warm_up is None or not self.ctx.settings.ai_enabled:
            return
        self.models_label.setText(self.tr("Loading models…"))

        def loaded(_result: object) -> None:
            self.models_label.setText(self._models_text())

        worker = operations.start(
            self.ctx,
            call_job(warm_up),
            self.tr("Loading the models"),
            on_success=loaded,
            model=True,
        )
        worker.failed.connect(
            lambda _err: self.models_label.setText(self.tr("Models failed to load"))
        )

    def sign_in(self) -> SignInDialog:
        dialog = SignInDialog(self.ctx, self)
        dialog.setModal(True)
        dialog.open()
        return dialog

    def _on_session(self) -> None:
        session = self.ctx.session
        signed_in = session is not None
        self._set_enabled(signed_in)
        if session is None:
            self.user_label.setText(self.tr("Not signed in"))
            self.case_view.show_case(None)
        else:
            user = session.user
            role = role_name(user.role.value)
            self.user_label.setText(
                self.tr("Signed in: {name} ({role})").format(name=user.printed_name, role=role)
            )
            self.users_action.setVisible(self.ctx.can("manage users"))
            self.cases.refresh()
            if self.ctx.can("sign"):
                self.cases.show_needs_review()

    def _set_enabled(self, signed_in: bool) -> None:
        for act in (
            self.new_case_action,
            self.review_queue_action,
            self.refresh_action,
            self.export_action,
            self.audit_action,
            self.settings_action,
            self.sign_out_action,
            self.users_action,
        ):
            act.setEnabled(signed_in)
        self.cases.setEnabled(signed_in)
        self.case_view.setEnabled(signed_in)

    def ask_unlock(self) -> None:
        dialog = UnlockDialog(self.ctx, self)
        dialog.rejected.connect(self.sign_out)
        dialog.open()

    def sign_out(self) -> None:
        if self.ctx.session is not None:
            try:
                self.ctx.need_review().logout(self.ctx.session)
            except Exception as err:
                self.show_error(self.tr("Sign-out was not recorded: {0}").format(err))
        self.ctx.session = None
        self.ctx.session_changed.emit()
        if self.ask_sign_in and self.ctx.ready:
            self.sign_in()

    # -- actions -------------------------------------------------------------------------------

    def new_case(self) -> None:
        from skinclinic.gui.new_case import NewCaseDialog

        dialog = NewCaseDialog(self.ctx, self)
        dialog.imported.connect(self._case_imported)
        dialog.open()

    def _case_imported(self, case_id: int) -> None:
        self.cases.status.setCurrentIndex(0)
        self.cases.refresh()
        self.cases.select_case(case_id)

    def show_audit(self) -> None:
        from skinclinic.gui.audit_view import AuditDialog

        AuditDialog(self.ctx, self.case_view.case_id, self).open()

    def show_users(self) -> None:
        from skinclinic.gui.users_dialog import UsersDialog

        UsersDialog(self.ctx, self).open()

    def show_settings(self) -> None:
        from skinclinic.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.restore_requested.connect(self.restore_backup)
        dialog.open()

    def restore_backup(self, folder: Path) -> RestoreFlow:
        """Check, confirm and restore `folder`; the case log closes and opens again."""
        flow = RestoreFlow(self.ctx, self, reopen=self._open_case_log)
        flow.start(folder)
        return flow

    # -- messages ------------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        self.banner.show_error(message)

    def show_info(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)
        self.banner.show_info(message)

    def show_progress(self, progress: Progress) -> None:
        self.statusBar().showMessage(progress.message)

    def _on_lane_busy(self, busy: bool) -> None:
        self.busy.setRange(0, 0)
        self.busy.setVisible(busy)

    def _models_text(self) -> str:
        pipeline = self.ctx.pipeline
        ready, missing = self.tr("ready"), self.tr("not available")
        vision = ready if pipeline.analyze else missing
        report = ready if pipeline.draft else missing
        if not self.ctx.settings.ai_enabled:
            return self.tr("AI switched off")
        return self.tr("Vision model: {0} · Report model: {1}").format(vision, report)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        from skinclinic.gui.workers import stop_all

        self.ctx.lane.cancel_all()
        stop_all()
        self.ctx.close()
        super().closeEvent(event)
