"""The uncertainty badge (confident / uncertain / refer): a coloured pill that always carries its
word too, so the verdict never depends on colour alone."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from skinclinic.gui.i18n_qt import QT_TRANSLATE_NOOP, translate
from skinclinic.gui.theme import VERDICT_COLOURS

VERDICT_TEXT = {
    "confident": QT_TRANSLATE_NOOP("Badges", "Confident"),
    "uncertain": QT_TRANSLATE_NOOP("Badges", "Uncertain"),
    "refer": QT_TRANSLATE_NOOP("Badges", "Refer"),
    "retake": QT_TRANSLATE_NOOP("Badges", "Retake photo"),
}
VERDICT_EXPLANATION = {
    "confident": QT_TRANSLATE_NOOP(
        "Badges", "The model's reading is stable; a doctor still reviews every case."
    ),
    "uncertain": QT_TRANSLATE_NOOP(
        "Badges", "The model hesitates between diagnoses; read the differential with care."
    ),
    "refer": QT_TRANSLATE_NOOP(
        "Badges",
        "The model should not be relied on here; refer the case for a specialist's review.",
    ),
    "retake": QT_TRANSLATE_NOOP(
        "Badges",
        "The photo is not good enough to read; take it again (no diagnosis was given).",
    ),
}


def verdict_colour(verdict: str | None) -> QColor:
    return VERDICT_COLOURS.get(verdict or "", QColor("#7f8c8d"))


def verdict_text(verdict: str | None) -> str:
    if verdict is None:
        return translate("Badges", "Not analyzed")
    return (
        translate("Badges", VERDICT_TEXT[verdict]) if verdict in VERDICT_TEXT else verdict.title()
    )


def verdict_explanation(verdict: str | None) -> str:
    text = VERDICT_EXPLANATION.get(verdict or "")
    return translate("Badges", text) if text else ""


def paint_pill(painter: QPainter, rect: QRectF, verdict: str | None) -> None:
    colour = verdict_colour(verdict)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(colour)
    fill.setAlpha(40)
    radius = rect.height() / 2
    # An opaque base first, so the pill reads the same on a selected (coloured) row.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    painter.drawRoundedRect(rect, radius, radius)
    painter.setPen(colour)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, radius, radius)
    painter.setPen(colour.darker(115))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, verdict_text(verdict))
    painter.restore()


class UncertaintyBadge(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._verdict: str | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_verdict(self, verdict: str | None, reason: str = "") -> None:
        self._verdict = verdict
        explanation = verdict_explanation(verdict)
        self.setToolTip("\n".join(t for t in (reason, explanation) if t))
        self.setAccessibleName(self.tr("Uncertainty: {0}").format(verdict_text(verdict)))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        width = self.fontMetrics().horizontalAdvance(verdict_text(self._verdict)) + 28
        return QSize(max(width, 96), self.fontMetrics().height() + 10)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        paint_pill(painter, QRectF(self.rect()).adjusted(1, 1, -1, -1), self._verdict)
