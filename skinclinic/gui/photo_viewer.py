"""A photo with zoom (wheel, Ctrl +/-, fit) and pan (drag), and the lesion outline on top.

The outline comes from the analysis findings as (x, y) fractions of the photo's width and
height, so it lines up whatever size the photo is shown at."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsView,
)

ZOOM_STEP = 1.25


class PhotoViewer(QGraphicsView):
    def __init__(self) -> None:
        super().__init__()
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setMinimumHeight(240)
        self.setAccessibleName(self.tr("Photo"))
        self._pixmap: QGraphicsPixmapItem | None = None
        self.outline: QGraphicsPolygonItem | None = None
        self.zoom = 1.0
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, self.zoom_in)
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, self.zoom_out)
        QShortcut(QKeySequence("Ctrl+0"), self, self.fit)

    def show_photo(self, data: bytes | None) -> bool:
        """Show a photo from its bytes (the store hands them over opened, if encrypted)."""
        self.scene().clear()
        self._pixmap = None
        self.outline = None
        if data is None:
            return False
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            return False
        self._pixmap = self.scene().addPixmap(pixmap)
        self.scene().setSceneRect(self._pixmap.boundingRect())
        self.fit()
        return True

    def set_outline(self, points: Sequence[Sequence[float]]) -> None:
        if self.outline is not None:
            self.scene().removeItem(self.outline)
            self.outline = None
        if self._pixmap is None or len(points) < 3:
            return
        rect = self._pixmap.boundingRect()
        polygon = QPolygonF(
            [QPointF(float(x) * rect.width(), float(y) * rect.height()) for x, y in points]
        )
        pen = QPen(QColor("#00e5ff"), 2)
        pen.setCosmetic(True)  # same on-screen width at every zoom
        self.outline = self.scene().addPolygon(polygon, pen)
        self.outline.setToolTip(
            QCoreApplication.translate("PhotoViewer", "Lesion outline traced by the analysis")
        )

    def fit(self) -> None:
        if self._pixmap is not None:
            self.fitInView(self._pixmap, Qt.AspectRatioMode.KeepAspectRatio)
            self.zoom = self.transform().m11()

    def zoom_in(self) -> None:
        self._scale(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._scale(1 / ZOOM_STEP)

    def _scale(self, factor: float) -> None:
        if self._pixmap is None:
            return
        self.scale(factor, factor)
        self.zoom = self.transform().m11()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        self._scale(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
        event.accept()
