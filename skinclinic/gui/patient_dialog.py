"""Correct what is recorded about a patient: year of birth, sex and Fitzpatrick skin type, with
the reason the audit trail keeps. The reference is the patient's identity and is not edited."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from skinclinic.core.domain import Patient, Sex
from skinclinic.gui.labels import fitzpatrick_name
from skinclinic.gui.patient_fields import (
    sex_combo,
    year_of_birth,
    year_of_birth_field,
    year_of_birth_ok,
)
from skinclinic.gui.theme import role_label


class PatientDialog(QDialog):
    def __init__(self, patient: Patient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct patient {0}").format(patient.reference))
        self.birth_year = year_of_birth_field(self.tr("Not given"))
        if patient.birth_year is not None:
            self.birth_year.setText(str(patient.birth_year))
        self.sex = sex_combo()
        self.sex.setCurrentIndex(self.sex.findData(patient.sex.value))
        self.fitzpatrick = QComboBox()
        self.fitzpatrick.addItem(self.tr("Not given"), None)
        for number in range(1, 7):
            self.fitzpatrick.addItem(fitzpatrick_name(number), number)
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
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(year_of_birth_ok(self.birth_year) and bool(self.reason_text))

    @property
    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    @property
    def chosen_birth_year(self) -> int | None:
        return year_of_birth(self.birth_year)

    @property
    def chosen_sex(self) -> Sex:
        return Sex(self.sex.currentData())

    @property
    def chosen_fitzpatrick(self) -> int | None:
        value = self.fitzpatrick.currentData()
        return None if value is None else int(value)
