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

from skinclinic.gui.theme import role_label

MEANINGS = (
    ("approval", "Approval — I approve this report"),
    ("review", "Review — I have reviewed this record"),
    ("responsibility", "Responsibility — I take responsibility for this report"),
)


class SignDialog(QDialog):
    def __init__(self, printed_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign the report")
        self.meaning = QComboBox()
        for value, text in MEANINGS:
            self.meaning.addItem(text, value)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("Meaning", self.meaning)
        form.addRow("Password", self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            role_label(
                f"Signing as {printed_name}. The signature binds this exact text; afterwards the "
                "case is read-only and corrections are amendments.",
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
