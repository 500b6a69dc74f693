"""The differential as a horizontal bar chart of calibrated probabilities (custom-painted, so it
needs no charting library and reads the same in light and dark themes)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

ROW_HEIGHT = 24
LABEL_WIDTH = 190
MAX_ROWS = 7


class DifferentialChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Differential"))

    def set_probabilities(
        self, probabilities: Mapping[str, float], names: Mapping[str, str] | None = None
    ) -> None:
        names = names or {}
        ranked = sorted(probabilities.items(), key=lambda kv: kv[1], reverse=True)[:MAX_ROWS]
        self._rows = [(names.get(code, code), float(p)) for code, p in ranked]
        self.setAccessibleDescription(", ".join(f"{n} {p:.0%}" for n, p in self._rows))
        self.updateGeometry()
        self.update()

    @property
    def rows(self) -> list[tuple[str, float]]:
        return list(self._rows)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, max(1, len(self._rows)) * ROW_HEIGHT + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        accent = palette.color(QPalette.ColorRole.Highlight)
        track = palette.color(QPalette.ColorRole.Midlight)
        if not self._rows:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No differential yet")
            )
            return
        label_width = min(LABEL_WIDTH, self.width() // 2)
        bar_left = label_width + 8
        bar_span = max(10, self.width() - bar_left - 52)
        for i, (name, p) in enumerate(self._rows):
            top = 4 + i * ROW_HEIGHT
            painter.setPen(text)
            label = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(
                QRectF(0, top, label_width, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                label,
            )
            bar = QRectF(bar_left, top + 5, bar_span, ROW_HEIGHT - 10)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 4, 4)
            painter.setBrush(accent if i == 0 else accent.lighter(140))
            painter.drawRoundedRect(QRectF(bar.left(), bar.top(), bar_span * p, bar.height()), 4, 4)
            painter.setPen(text)
            painter.drawText(
                QRectF(bar_left + bar_span + 6, top, 46, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter,
                f"{p:.0%}",
            )
