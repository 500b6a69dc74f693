"""The two questions a doctor answers: the meaning of the signature (with the password asked
again), or the reason for a rejection / an amendment."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from skinclinic.gui.i18n_qt import QT_TRANSLATE_NOOP
from skinclinic.gui.theme import role_label

MEANINGS = (
    ("approval", QT_TRANSLATE_NOOP("SignDialog", "Approval — I approve this report")),
    ("review", QT_TRANSLATE_NOOP("SignDialog", "Review — I have reviewed this record")),
    (
        "responsibility",
        QT_TRANSLATE_NOOP("SignDialog", "Responsibility — I take responsibility for this report"),
    ),
)


class SignDialog(QDialog):
    def __init__(self, printed_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign the report"))
        self.meaning = QComboBox()
        for value, text in MEANINGS:
            self.meaning.addItem(self.tr(text), value)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Meaning"), self.meaning)
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            role_label(
                self.tr(
                    "Signing as {0}. The signature binds this exact text; afterwards the "
                    "case is read-only and corrections are amendments."
                ).format(printed_name),
                "subtitle",
                word_wrap=True,
            )
        )
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    @property
    def chosen_meaning(self) -> str:
        return str(self.meaning.currentData())


class ReasonDialog(QDialog):
    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reason = QPlainTextEdit()
        self.reason.setMaximumHeight(120)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(prompt, "subtitle", word_wrap=True))
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    @property
    def text(self) -> str:
        return self.reason.toPlainText().strip()
