"""Follow-up questions about the case, answered by the injected chat use case (streamed)."""

from __future__ import annotations

import html

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from skinclinic.gui import operations
from skinclinic.gui.context import AppContext
from skinclinic.gui.theme import icon, role_label
from skinclinic.gui.workers import Worker


class ChatPanel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.case_id: int | None = None
        self.worker: Worker | None = None
        self.note = role_label("", "unavailable", word_wrap=True)
        self.transcript = QTextBrowser()
        self.question = QLineEdit(placeholderText=self.tr("Ask about this case…"))
        self.ask_button = QPushButton(icon("chat"), self.tr("Ask"))
        self.ask_button.clicked.connect(self.ask)
        self.question.returnPressed.connect(self.ask)
        row = QHBoxLayout()
        row.addWidget(self.question, 1)
        row.addWidget(self.ask_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.transcript, 1)
        layout.addLayout(row)

    def show_case(self, case_id: int | None) -> None:
        if case_id != self.case_id:
            self.transcript.clear()
        self.case_id = case_id
        reason = None
        if not self.ctx.settings.ai_enabled:
            reason = self.tr("The AI is switched off in Settings.")
        elif self.ctx.pipeline.chat is None:
            reason = self.ctx.pipeline.report_note + self.tr(" Follow-up questions need it too.")
        self.note.setText(reason or "")
        self.note.setVisible(reason is not None)
        enabled = reason is None and case_id is not None
        self.question.setEnabled(enabled)
        self.ask_button.setEnabled(enabled)

    def ask(self) -> None:
        use_case, case_id = self.ctx.pipeline.chat, self.case_id
        question = self.question.text().strip()
        if use_case is None or case_id is None or not question or self.worker is not None:
            return
        if not self.ctx.session_ok():
            return
        self.question.clear()
        you, ai = html.escape(self.tr("You:")), html.escape(self.tr("AI:"))
        self.transcript.append(f"<p><b>{you}</b> {html.escape(question)}</p><p><b>{ai}</b> ")
        self.worker = operations.start(
            self.ctx,
            lambda token: use_case(case_id, question, token),
            self.tr("Question"),
            on_item=self._piece,
            on_done=self._done,
            model=True,
        )

    def _piece(self, piece: object) -> None:
        if isinstance(piece, str):
            self.transcript.moveCursor(QTextCursor.MoveOperation.End)
            self.transcript.insertPlainText(piece)

    def _done(self) -> None:
        self.worker = None
