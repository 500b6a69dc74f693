"""Sign-in: on first run create the admin, afterwards username and password. Also the unlock
dialog that the idle lock shows, and the password prompt that signing asks for again."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from skinclinic.errors import SkinClinicError
from skinclinic.gui.context import AppContext
from skinclinic.gui.i18n_qt import translate
from skinclinic.gui.theme import role_label


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class SignInDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.first_run = ctx.need_review().needs_first_admin()
        self.setWindowTitle(
            self.tr("Create the administrator") if self.first_run else self.tr("Sign in")
        )
        self.username = QLineEdit()
        self.printed_name = QLineEdit()
        self.password = _password_field()
        self.confirm = _password_field()
        self.message = role_label(word_wrap=True, role="hint")

        title = role_label(
            self.tr("Welcome to SkinClinic")
            if self.first_run
            else self.tr("Sign in to SkinClinic"),
            "title",
        )
        hint = role_label(
            self.tr(
                "This is the first start: create the administrator account. The admin manages "
                "users; doctors and staff get their own accounts."
            )
            if self.first_run
            else self.tr("Use your own account: every action is recorded under your name."),
            "subtitle",
            word_wrap=True,
        )
        form = QFormLayout()
        form.addRow(self.tr("Username"), self.username)
        if self.first_run:
            form.addRow(self.tr("Printed name"), self.printed_name)
        form.addRow(self.tr("Password"), self.password)
        if self.first_run:
            form.addRow(self.tr("Repeat password"), self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Create and sign in") if self.first_run else self.tr("Sign in")
        )
        buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def submit(self) -> None:
        review = self.ctx.need_review()
        username = self.username.text().strip()
        password = self.password.text()
        try:
            if self.first_run:
                if password != self.confirm.text():
                    self.show_error(self.tr("The two passwords differ."))
                    return
                review.create_first_admin(
                    username, self.printed_name.text().strip() or username, password
                )
            self.ctx.session = review.login(username, password)
        except (SkinClinicError, ValueError) as err:
            self.show_error(str(err))
            self.password.clear()
            return
        self.ctx.session_changed.emit()
        self.accept()

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;")


class PasswordDialog(QDialog):
    """Ask the signed-in user's password again (idle unlock, or before a signature)."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.password = _password_field()
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, wordWrap=True))
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)


class UnlockDialog(PasswordDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        user = ctx.session.user.printed_name if ctx.session else ""
        super().__init__(
            translate("UnlockDialog", "Session locked"),
            translate(
                "UnlockDialog",
                "The session of {0} locked after {1} idle minutes. "
                "Enter your password to continue.",
            ).format(user, ctx.settings.idle_lock_minutes),
            parent,
        )
        self.ctx = ctx

    def accept(self) -> None:
        if self.ctx.session is None:
            super().accept()
            return
        try:
            self.ctx.need_review().unlock(self.ctx.session, self.password.text())
        except SkinClinicError as err:
            self.message.setText(str(err))
            self.password.clear()
            return
        super().accept()
