"""Light and dark palettes that follow the system colour scheme, the clinic style sheet, and
SVG icons rendered crisply at every device pixel ratio in the palette's text colour."""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QLabel

from skinclinic.gui.resources import asset

# Verdict colours carry text too (never colour alone); chosen to read on light and dark bases.
VERDICT_COLOURS = {
    "confident": QColor("#2e8b57"),
    "uncertain": QColor("#c98a00"),
    "refer": QColor("#c0392b"),
    "retake": QColor("#5d6d7e"),
}
ACCENT = "#2f7d8c"

_LIGHT = {
    QPalette.ColorRole.Window: "#f4f6f7",
    QPalette.ColorRole.WindowText: "#1f2a30",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f0f3f5",
    QPalette.ColorRole.Text: "#1f2a30",
    QPalette.ColorRole.Button: "#ffffff",
    QPalette.ColorRole.ButtonText: "#1f2a30",
    QPalette.ColorRole.Highlight: ACCENT,
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Mid: "#c5ced3",
    QPalette.ColorRole.Midlight: "#dde3e6",
    QPalette.ColorRole.PlaceholderText: "#6b7a82",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1f2a30",
}
_DARK = {
    QPalette.ColorRole.Window: "#1d2327",
    QPalette.ColorRole.WindowText: "#e3e8eb",
    QPalette.ColorRole.Base: "#252c31",
    QPalette.ColorRole.AlternateBase: "#2b3339",
    QPalette.ColorRole.Text: "#e3e8eb",
    QPalette.ColorRole.Button: "#2b3339",
    QPalette.ColorRole.ButtonText: "#e3e8eb",
    QPalette.ColorRole.Highlight: "#3f9aab",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Mid: "#4a555c",
    QPalette.ColorRole.Midlight: "#3a444a",
    QPalette.ColorRole.PlaceholderText: "#98a6ad",
    QPalette.ColorRole.ToolTipBase: "#2b3339",
    QPalette.ColorRole.ToolTipText: "#e3e8eb",
}


THEME_ENV = "SKINCLINIC_THEME"  # "light" or "dark" overrides the system (and screenshots)


def is_dark() -> bool:
    forced = os.environ.get(THEME_ENV, "").lower()
    if forced in ("light", "dark"):
        return forced == "dark"
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication) -> None:
    """Fusion + our palette for the current scheme + the style sheet; re-run on scheme change."""
    app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in (_DARK if is_dark() else _LIGHT).items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    sheet = asset("styles", "clinic.qss")
    app.setStyleSheet(sheet.read_text(encoding="utf-8") if sheet.is_file() else "")
    _ICONS.clear()


def follow_system_scheme(app: QApplication) -> None:
    apply_theme(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))


_ICONS: dict[str, QIcon] = {}
_SIZES = (16, 20, 24, 32, 48, 64, 96)


def icon(name: str) -> QIcon:
    """An SVG icon from assets/icons in the palette's text colour (so dark mode works)."""
    if name in _ICONS:
        return _ICONS[name]
    path = asset("icons", f"{name}.svg")
    result = QIcon()
    if path.is_file():
        colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
        svg = path.read_text(encoding="utf-8").replace("currentColor", colour)
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        for size in _SIZES:
            pixmap = QPixmap(QSize(size, size))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
            result.addPixmap(pixmap)
    _ICONS[name] = result
    return result


def role_label(text: str = "", role: str = "", *, word_wrap: bool = False) -> QLabel:
    """A QLabel whose look comes from the style sheet's `QLabel[role=...]` rules."""
    label = QLabel(text)
    label.setWordWrap(word_wrap)
    if role:
        label.setProperty("role", role)
    return label
