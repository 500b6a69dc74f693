"""The patient fields the new-case form and the correction dialog share, and how they read."""

from __future__ import annotations

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QLineEdit

from skinclinic.core.domain import Sex, birth_year_bounds
from skinclinic.gui.labels import sex_name


def year_of_birth_field(placeholder: str) -> QLineEdit:
    """A text field, not a spin box: one stray wheel turn must not invent an age."""
    field = QLineEdit(placeholderText=placeholder)
    field.setValidator(QIntValidator(*birth_year_bounds(), field))
    field.setMaxLength(4)
    return field


def year_of_birth_ok(field: QLineEdit) -> bool:
    """Empty (not given) or a year in range."""
    return not field.text().strip() or field.hasAcceptableInput()


def year_of_birth(field: QLineEdit) -> int | None:
    text = field.text().strip()
    return int(text) if text else None


def sex_combo() -> QComboBox:
    """'not given' first, then the recorded choices; the item data is the ``Sex`` value."""
    combo = QComboBox()
    for sex in (Sex.UNKNOWN, Sex.FEMALE, Sex.MALE, Sex.OTHER):
        combo.addItem(sex_name(sex.value), sex.value)
    return combo
