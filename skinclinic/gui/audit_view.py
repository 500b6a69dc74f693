"""The audit history: a read-only table of audit events, for one case or for everything."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skinclinic.core.domain import AuditEvent
from skinclinic.gui.context import AppContext
from skinclinic.gui.i18n_qt import QT_TRANSLATE_NOOP
from skinclinic.gui.theme import role_label

HEADERS = (
    QT_TRANSLATE_NOOP("AuditDialog", "When (local)"),
    QT_TRANSLATE_NOOP("AuditDialog", "Who"),
    QT_TRANSLATE_NOOP("AuditDialog", "Action"),
    QT_TRANSLATE_NOOP("AuditDialog", "Record"),
    QT_TRANSLATE_NOOP("AuditDialog", "Change"),
)


def concerns_case(event: AuditEvent, case_id: int) -> bool:
    if event.entity == "case" and event.entity_id == str(case_id):
        return True
    return any(
        isinstance(values, dict) and values.get("case_id") == case_id
        for values in (event.old, event.new)
    )


def describe_change(event: AuditEvent) -> str:
    def short(values: Any) -> str:
        if not values:
            return ""
        text = json.dumps(dict(values), ensure_ascii=False, default=str, sort_keys=True)
        return text if len(text) <= 160 else text[:157] + "…"

    old, new = short(event.old), short(event.new)
    return f"{old} → {new}" if old and new else new or old


class AuditDialog(QDialog):
    def __init__(self, ctx: AppContext, case_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.setWindowTitle(self.tr("Audit history"))
        self.resize(980, 560)
        self.only_case = QCheckBox(
            self.tr("Only case #{0}").format(case_id) if case_id else self.tr("Only this case")
        )
        self.only_case.setChecked(case_id is not None)
        self.only_case.setEnabled(case_id is not None)
        self.only_case.toggled.connect(self.refresh)
        self.chain = role_label("", "hint", word_wrap=True)
        self.chain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(self.tr("Audit history"), "title"))
        layout.addWidget(self.only_case)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chain)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        repo = self.ctx.need_services().repository
        trail = repo.list_audit()
        events = trail
        if self.only_case.isChecked() and self.case_id is not None:
            events = [e for e in trail if concerns_case(e, self.case_id)]
        names = {u.id: u.printed_name for u in self.ctx.need_review().list_users()}
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            cells = (
                event.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                names.get(event.actor, event.actor),
                event.action,
                f"{event.entity} {event.entity_id}",
                describe_change(event),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        broken = repo.verify_audit_chain()
        lines = [
            self.tr("The audit chain verifies: no event was edited, deleted or reordered.")
            if broken is None
            else self.tr("WARNING: the audit chain is broken at event {0}.").format(broken)
        ]
        if trail:
            head = trail[-1]
            lines.append(
                self.tr(
                    "Head of the trail: event {0}, hash {1}. Written down off this machine, it "
                    "shows later whether the newest events were deleted "
                    "(skinclinic audit verify --anchor)."
                ).format(head.id, head.hash)
            )
        self.chain.setText("\n".join(lines))
