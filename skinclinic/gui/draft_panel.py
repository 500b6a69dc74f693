"""The draft and its review. An AI draft streams into the editor as it is generated; until a
doctor signs, it is labelled a preliminary AI draft. The doctor edits it, sees the changes from
the AI draft, signs (meaning + password again) or rejects with a reason; a signed case is
read-only, and an amendment opens a new version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from skinclinic.core.domain import CaseDetail, CaseStatus, Draft
from skinclinic.core.progress import Progress
from skinclinic.gui import operations
from skinclinic.gui.context import AppContext
from skinclinic.gui.diff_view import changed, diff_html
from skinclinic.gui.i18n_qt import QT_TRANSLATE_NOOP
from skinclinic.gui.labels import local_minute, meaning_name
from skinclinic.gui.review_dialogs import ReasonDialog, SignDialog
from skinclinic.gui.theme import icon, role_label
from skinclinic.gui.workers import Worker, call_job

PRELIMINARY = QT_TRANSLATE_NOOP("DraftPanel", "PRELIMINARY AI DRAFT — not reviewed")


class DraftPanel(QWidget):
    changed = Signal(int)  # the case changed in the case log

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.detail: CaseDetail | None = None
        self.worker: Worker | None = None
        self.amending = False
        self.state = role_label(self.tr(PRELIMINARY), "preliminary", word_wrap=True)
        self.note = role_label("", "unavailable", word_wrap=True)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(
            self.tr("The report text. Write it by hand or generate an AI draft.")
        )
        self.editor.textChanged.connect(self._refresh_diff)
        self.flags = role_label("", "hint", word_wrap=True)
        self.diff = QTextBrowser()
        self.diff.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)

        self.generate_button = self._button("draft", self.tr("Generate draft"), self.generate)
        self.cancel_button = self._button("cancel", self.tr("Cancel"), self.cancel)
        self.cancel_button.setVisible(False)
        self.save_button = self._button("draft", self.tr("Save edit"), self.save_edit)
        self.diff_button = self._button("review", self.tr("Show changes"), self._toggle_diff)
        self.diff_button.setCheckable(True)
        self.reject_button = self._button("reject", self.tr("Reject…"), self.ask_reject)
        self.sign_button = self._button("sign", self.tr("Sign…"), self.ask_sign)
        self.sign_button.setProperty("primary", True)
        self.amend_button = self._button("amend", self.tr("Amend…"), self.start_amend)

        top = QHBoxLayout()
        top.addWidget(self.generate_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.progress, 1)
        review = QHBoxLayout()
        for button in (self.save_button, self.diff_button):
            review.addWidget(button)
        review.addStretch(1)
        for button in (self.amend_button, self.reject_button, self.sign_button):
            review.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.note)
        layout.addLayout(top)
        layout.addWidget(self.editor, 2)
        layout.addWidget(self.flags)
        layout.addWidget(self.diff, 1)
        layout.addLayout(review)

    def _button(self, name: str, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(icon(name), text)
        button.clicked.connect(slot)
        return button

    # -- showing ------------------------------------------------------------------------------

    @property
    def latest(self) -> Draft | None:
        return self.detail.drafts[-1] if self.detail and self.detail.drafts else None

    @property
    def ai_draft(self) -> Draft | None:
        drafts = self.detail.drafts if self.detail else ()
        return next((d for d in reversed(drafts) if d.author == "ai"), None)

    @property
    def signed(self) -> bool:
        return self.detail is not None and self.detail.case.status is CaseStatus.SIGNED

    def show_detail(self, detail: CaseDetail | None) -> None:
        if self.worker is not None:
            return  # a draft is streaming in; reload when it is done
        self.detail = detail
        self.amending = False
        latest = self.latest
        self.editor.setPlainText(latest.text if latest else "")
        self._update_state()

    def _update_state(self) -> None:
        detail = self.detail
        signed = self.signed
        if signed and detail is not None and detail.signatures:
            sig = detail.signatures[-1]
            when = local_minute(sig.signed_at)
            state = self.tr("SIGNED by {name}, {when} ({meaning}) — read-only").format(
                name=sig.printed_name, when=when, meaning=meaning_name(sig.meaning)
            )
            self._set_state(state, "signed")
        else:
            self._set_state(self.tr(PRELIMINARY), "preliminary")
        self.state.setVisible(self.latest is not None or signed)
        reason = self._generate_unavailable()
        self.note.setText(reason or "")
        self.note.setVisible(reason is not None and not signed)
        has_case = detail is not None
        can_sign = self.ctx.can("sign")
        editable = has_case and (not signed or self.amending)
        self.editor.setReadOnly(not editable)
        self.generate_button.setEnabled(has_case and not signed and reason is None)
        self.save_button.setEnabled(has_case and not signed)
        drafted = detail is not None and detail.case.status in (
            CaseStatus.DRAFTED,
            CaseStatus.AMENDED,
        )
        self.sign_button.setEnabled(can_sign and drafted)
        self.reject_button.setEnabled(can_sign and drafted)
        self.amend_button.setEnabled(can_sign and signed)
        self.amend_button.setText(
            self.tr("Save amendment…") if self.amending else self.tr("Amend…")
        )
        self._refresh_diff()

    def _set_state(self, text: str, role: str) -> None:
        self.state.setText(text)
        self.state.setProperty("role", role)
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)

    def _generate_unavailable(self) -> str | None:
        if not self.ctx.settings.ai_enabled:
            return self.tr("The AI is switched off in Settings; write the report by hand.")
        if self.ctx.pipeline.draft is None:
            return self.ctx.pipeline.report_note + self.tr(
                " You can still write the report by hand."
            )
        return None

    def _toggle_diff(self) -> None:
        self.diff.setVisible(self.diff_button.isChecked())
        self._refresh_diff()

    def _refresh_diff(self) -> None:
        ai = self.ai_draft
        if self.diff_button.isChecked():
            if ai is None:
                self.diff.setPlainText(self.tr("There is no AI draft to compare with."))
            else:
                self.diff.setHtml(diff_html(ai.text, self.editor.toPlainText()))
        self._highlight_flags()

    def _highlight_flags(self) -> None:
        """Mark the spans that the grounding check could not trace back to the analysis."""
        check = self.ctx.pipeline.grounding
        if check is None or self.detail is None:
            self.flags.setVisible(False)
            return
        text = self.editor.toPlainText()
        spans = list(check(self.detail.case.id, text))
        selections = []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(255, 214, 102, 110))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor("#c98a00"))
        fmt.setProperty(QTextFormat.Property.UserProperty, "grounding")
        for start, end, _message in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(max(0, start))
            cursor.setPosition(min(len(text), end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.editor.setExtraSelections(selections)
        self.flags.setVisible(bool(spans))
        self.flags.setText("\n".join(f"⚠ {message}" for _s, _e, message in spans))

    # -- generating ---------------------------------------------------------------------------

    def generate(self) -> None:
        use_case, detail = self.ctx.pipeline.draft, self.detail
        if use_case is None or detail is None or self.worker is not None:
            return
        case_id = detail.case.id
        if not self.ctx.session_ok():
            return
        self.editor.clear()
        self.editor.setReadOnly(True)  # the model is writing
        self.generate_button.setEnabled(False)
        self.cancel_button.setVisible(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.worker = operations.start(
            self.ctx,
            lambda token: use_case(case_id, token),
            self.tr("Drafting"),
            on_progress=self._progress,
            on_item=self._piece,
            on_success=lambda _draft: self.changed.emit(case_id),
            on_done=self._generation_done,
            model=True,
        )

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _piece(self, piece: object) -> None:
        if isinstance(piece, str):
            self.editor.moveCursor(QTextCursor.MoveOperation.End)
            self.editor.insertPlainText(piece)

    def _progress(self, progress: Progress) -> None:
        if progress.total > 0:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        self.progress.setFormat(progress.message)

    def _generation_done(self) -> None:
        self.worker = None
        self.cancel_button.setVisible(False)
        self.progress.setVisible(False)
        self.show_detail(self.detail)
        if self.detail is not None:
            self.changed.emit(self.detail.case.id)

    # -- reviewing ----------------------------------------------------------------------------

    def save_edit(self) -> None:
        """Store the editor's text as the next draft version, authored by the signed-in user."""
        detail, latest = self.detail, self.latest
        if detail is None or self.signed:
            return
        text = self.editor.toPlainText()
        if latest is not None and not changed(latest.text, text):
            return
        if not self.ctx.session_ok():
            return
        user = self.ctx.actor()
        try:
            self.ctx.need_services().repository.add_draft(
                detail.case.id,
                text,
                author=user,
                analysis_id=latest.analysis_id if latest else None,
                actor=user,
            )
        except Exception as err:
            self.ctx.error.emit(self.tr("Could not save the draft: {0}").format(err))
            return
        self.changed.emit(detail.case.id)

    def ask_sign(self) -> None:
        if self.ctx.session is None:
            return
        dialog = SignDialog(self.ctx.session.user.printed_name, self)
        dialog.accepted.connect(
            lambda: self.sign_with(dialog.chosen_meaning, dialog.password.text())
        )
        dialog.open()

    def sign_with(self, meaning: str, password: str) -> Worker | None:
        """Save the doctor's edit (if any), record the review, then sign: in a worker, since
        checking the password is deliberately slow."""
        detail = self.detail
        if detail is None or self.ctx.session is None:
            return None
        self.save_edit()
        review, session, case_id = self.ctx.need_review(), self.ctx.session, detail.case.id

        def sign() -> object:
            user = session.check()
            review.review(case_id, user)
            return review.sign(case_id, user, password, meaning)

        return self._review_job(sign, self.tr("Signing"), self.tr("Signed."))

    def ask_reject(self) -> None:
        dialog = ReasonDialog(
            self.tr("Reject the draft"), self.tr("Why is this draft rejected?"), self
        )
        dialog.accepted.connect(lambda: self.reject_with(dialog.text))
        dialog.open()

    def reject_with(self, reason: str) -> Worker | None:
        detail, session = self.detail, self.ctx.session
        if detail is None or session is None:
            return None
        review, case_id = self.ctx.need_review(), detail.case.id
        return self._review_job(
            lambda: review.reject(case_id, session.check(), reason),
            self.tr("Rejecting"),
            self.tr("Draft rejected."),
        )

    def start_amend(self) -> None:
        if not self.amending:
            self.amending = True
            self._update_state()
            self.editor.setFocus()
            return
        dialog = ReasonDialog(
            self.tr("Amend the signed report"), self.tr("Why is the report amended?"), self
        )
        dialog.accepted.connect(lambda: self.amend_with(dialog.text))
        dialog.open()

    def amend_with(self, reason: str) -> Worker | None:
        detail, session = self.detail, self.ctx.session
        if detail is None or session is None:
            return None
        review, case_id, text = self.ctx.need_review(), detail.case.id, self.editor.toPlainText()
        return self._review_job(
            lambda: review.amend(case_id, session.check(), text, reason),
            self.tr("Amending"),
            self.tr("Amendment saved as a new version; it needs its own signature."),
        )

    def _review_job(self, fn: Callable[[], object], what: str, done: str) -> Worker:
        case_id = self.detail.case.id if self.detail else 0

        def succeeded(_result: object) -> None:
            self.ctx.info.emit(done)
            self.changed.emit(case_id)

        return operations.start(self.ctx, call_job(fn), what, on_success=succeeded)
