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


# The whole trail grows by tens of events per case; one screen shows its newest part.
NEWEST_SHOWN = 2000


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
        self.walk = self.ctx.need_services().repository.walk_audit_chain()
        self.refresh()

    def refresh(self) -> None:
        repo = self.ctx.need_services().repository
        if self.only_case.isChecked() and self.case_id is not None:
            events = repo.list_audit(case_id=self.case_id)
        else:
            events = repo.list_audit(newest=NEWEST_SHOWN)
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
        self.chain.setText("\n".join(self.chain_lines(len(events))))

    def chain_lines(self, shown: int) -> list[str]:
        walk = self.walk
        lines = []
        if shown < walk.events and not self.only_case.isChecked():
            note = self.tr("Showing the newest {0} of {1} events.")
            lines.append(note.format(shown, walk.events))
        lines.append(
            self.tr("The audit chain verifies: no event was edited, deleted or reordered.")
            if walk.first_broken is None
            else self.tr("WARNING: the audit chain is broken at event {0}.").format(
                walk.first_broken
            )
        )
        if walk.head is not None:
            lines.append(
                self.tr(
                    "Head of the trail: event {0}, hash {1}. Written down off this machine, it "
                    "shows later whether the newest events were deleted "
                    "(skinclinic audit verify --anchor)."
                ).format(*walk.head)
            )
        return lines
