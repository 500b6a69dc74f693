"""The case view (placeholder until the analysis and draft panels are assembled here)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from skinclinic.gui.context import AppContext
from skinclinic.gui.theme import role_label


class CaseView(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.case_id: int | None = None
        self.title = role_label("Select a case", role="title")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addStretch(1)

    def show_case(self, case_id: int | None) -> None:
        self.case_id = case_id
        self.title.setText("Select a case" if case_id is None else f"Case #{case_id}")
