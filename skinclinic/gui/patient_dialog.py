"""Correct what is recorded about a patient: year of birth, sex and Fitzpatrick skin type, with
the reason the audit trail keeps. The reference is the patient's identity and is not edited."""

from __future__ import annotations

from PySide6.QtGui import QIntValidator
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

from skinclinic.core.domain import Patient, Sex, birth_year_bounds
from skinclinic.gui.labels import sex_name
from skinclinic.gui.theme import role_label

FITZPATRICK_NUMERALS = ("I", "II", "III", "IV", "V", "VI")


class PatientDialog(QDialog):
    def __init__(self, patient: Patient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct patient {0}").format(patient.reference))
        self.birth_year = QLineEdit(placeholderText=self.tr("Not given"))
        self.birth_year.setValidator(QIntValidator(*birth_year_bounds(), self))
        self.birth_year.setMaxLength(4)
        if patient.birth_year is not None:
            self.birth_year.setText(str(patient.birth_year))
        self.sex = QComboBox()
        for sex in (Sex.UNKNOWN, Sex.FEMALE, Sex.MALE, Sex.OTHER):
            self.sex.addItem(sex_name(sex.value), sex.value)
        self.sex.setCurrentIndex(self.sex.findData(patient.sex.value))
        self.fitzpatrick = QComboBox()
        self.fitzpatrick.addItem(self.tr("Not given"), None)
        for number, numeral in enumerate(FITZPATRICK_NUMERALS, start=1):
            self.fitzpatrick.addItem(numeral, number)
        self.fitzpatrick.setCurrentIndex(self.fitzpatrick.findData(patient.fitzpatrick))
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("Why the recorded details were wrong"))
        self.reason.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow(self.tr("Year of birth"), self.birth_year)
        form.addRow(self.tr("Sex"), self.sex)
        form.addRow(self.tr("Fitzpatrick skin type"), self.fitzpatrick)
        form.addRow(self.tr("Reason"), self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            role_label(
                self.tr(
                    "The correction and its reason go into the audit trail. Analyses already "
                    "made keep the age and sex they used; analyze the photo again to use the "
                    "corrected details."
                ),
                "subtitle",
                word_wrap=True,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        for signal in (self.birth_year.textChanged, self.reason.textChanged):
            signal.connect(self._update_save)
        self._update_save()

    def _update_save(self) -> None:
        """Save needs a reason and a year of birth that is empty or in range."""
        year_ok = not self.birth_year.text().strip() or self.birth_year.hasAcceptableInput()
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(year_ok and bool(self.reason_text))

    @property
    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    @property
    def chosen_birth_year(self) -> int | None:
        text = self.birth_year.text().strip()
        return int(text) if text else None

    @property
    def chosen_sex(self) -> Sex:
        return Sex(self.sex.currentData())

    @property
    def chosen_fitzpatrick(self) -> int | None:
        value = self.fitzpatrick.currentData()
        return None if value is None else int(value)
