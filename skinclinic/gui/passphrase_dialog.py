"""The passphrase prompt of an encrypted data home, shown before the case log opens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from skinclinic.caselog import encryption
from skinclinic.errors import CaseLogError
from skinclinic.gui.theme import role_label


class PassphraseDialog(QDialog):
    """Accepted once the keys are unlocked (remembered for this process); a wrong passphrase
    keeps the dialog open with a message, and nothing on disk changes."""

    def __init__(self, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.setWindowTitle(self.tr("Encrypted case log"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = role_label(word_wrap=True, role="hint")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(self.tr("Encrypted case log"), "title"))
        layout.addWidget(
            role_label(
                self.tr(
                    "The case log and photos in {0} are encrypted. Enter the passphrase to open "
                    "them."
                ).format(home),
                "subtitle",
                word_wrap=True,
            )
        )
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def try_unlock(self) -> None:
        try:
            encryption.unlock(self.home, self.passphrase.text())
        except encryption.WrongPassphrase:
            self.message.setText(
                self.tr("That passphrase does not open this case log; nothing was changed.")
            )
            self.passphrase.clear()
            self.passphrase.setFocus()
            return
        except CaseLogError as err:
            self.message.setText(str(err))
            return
        self.accept()
