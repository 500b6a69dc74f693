"""The case list: a table model over CaseSummary rows, with search, a status filter and the
doctors' "Needs review" queue (cases whose status is drafted or amended)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from skinclinic.core.domain import CaseStatus, CaseSummary
from skinclinic.gui.badges import paint_pill, verdict_text
from skinclinic.gui.context import AppContext
from skinclinic.gui.i18n_qt import QT_TRANSLATE_NOOP, translate
from skinclinic.gui.labels import body_site_name, label_name, status_name
from skinclinic.gui.theme import role_label

COLUMNS = (
    QT_TRANSLATE_NOOP("CasesModel", "Case"),
    QT_TRANSLATE_NOOP("CasesModel", "Status"),
    QT_TRANSLATE_NOOP("CasesModel", "Patient"),
    QT_TRANSLATE_NOOP("CasesModel", "Body site"),
    QT_TRANSLATE_NOOP("CasesModel", "Date"),
    QT_TRANSLATE_NOOP("CasesModel", "Top diagnosis"),
    QT_TRANSLATE_NOOP("CasesModel", "Uncertainty"),
)
UNCERTAINTY_COLUMN = 6
NEEDS_REVIEW = "needs-review"
AnyIndex = QModelIndex | QPersistentModelIndex


class CasesModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CaseSummary] = []

    def set_rows(self, rows: Sequence[CaseSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def summary(self, row: int) -> CaseSummary:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("CasesModel", COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _cell(case, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return case.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == UNCERTAINTY_COLUMN:
            return verdict_text(case.uncertainty_verdict)
        return None


def _cell(case: CaseSummary, column: int) -> str:
    if column == 0:
        return f"#{case.id}"
    if column == 1:
        return status_name(case.status.value)
    if column == 2:
        return case.patient_reference
    if column == 3:
        return body_site_name(case.body_site)
    if column == 4:
        return case.created_at.astimezone().strftime("%Y-%m-%d")
    if column == 5:
        if case.top_label is None:
            return "—"
        return f"{label_name(case.top_label)} ({(case.top_probability or 0.0):.0%})"
    return verdict_text(case.uncertainty_verdict)


class BadgeDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        # Selection background only; the pill replaces the cell's text.
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        model = index.model()
        if not isinstance(model, CasesModel):
            return
        verdict = model.summary(index.row()).uncertainty_verdict
        if verdict is None:
            painter.save()
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            role = (
                QPalette.ColorRole.HighlightedText
                if selected
                else QPalette.ColorRole.PlaceholderText
            )
            painter.setPen(option.palette.color(role))
            text_rect = option.rect.adjusted(6, 0, -6, 0)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, verdict_text(None))
            painter.restore()
            return
        rect = QRectF(option.rect).adjusted(6, 5, -6, -5)
        rect.setWidth(min(rect.width(), 110.0))
        paint_pill(painter, rect, verdict)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        return QSize(120, 30)


class CasesView(QWidget):
    case_selected = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = CasesModel()
        self.search = QLineEdit(placeholderText=self.tr("Search patient, body site, diagnosis…"))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem(self.tr("All statuses"), None)
        self.status.addItem(self.tr("Needs review"), NEEDS_REVIEW)
        for status in CaseStatus:
            self.status.addItem(status_name(status.value), status.value)
        self.count = role_label("", role="hint")

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setItemDelegateForColumn(UNCERTAINTY_COLUMN, BadgeDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(32)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status)  # the toolbar's Refresh (F5) reloads the list
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        # Debounce typing so every keystroke does not query the case log.
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.status.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        ctx.cases_changed.connect(lambda _id: self.refresh())

    def show_needs_review(self) -> None:
        self.status.setCurrentIndex(self.status.findData(NEEDS_REVIEW))

    def refresh(self) -> None:
        if self.ctx.services is None:
            return
        repo = self.ctx.services.repository
        search = self.search.text().strip() or None
        choice = self.status.currentData()
        try:
            if choice == NEEDS_REVIEW:
                rows = repo.list_cases(CaseStatus.DRAFTED, search, limit=500)
                rows += repo.list_cases(CaseStatus.AMENDED, search, limit=500)
                rows.sort(key=lambda r: r.id, reverse=True)
            else:
                status = CaseStatus(choice) if choice else None
                rows = repo.list_cases(status, search, limit=500)
        except Exception as err:  # a locked or damaged case log is reported, not raised
            self.ctx.error.emit(self.tr("Could not list cases: {0}").format(err))
            return
        selected = self.selected_case_id()
        self.model.set_rows(rows)
        self.count.setText(
            self.tr("1 case") if len(rows) == 1 else self.tr("{0} cases").format(len(rows))
        )
        if selected is not None:
            self.select_case(selected)

    def selected_case_id(self) -> int | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else self.model.summary(index.row()).id

    def select_case(self, case_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.summary(row).id == case_id:
                self.table.selectRow(row)
                return

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.case_selected.emit(self.model.summary(current.row()).id)
