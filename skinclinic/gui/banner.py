"""A non-modal message strip at the top of the window: errors stay until dismissed, notes fade."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class Banner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel(wordWrap=True)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setAccessibleName(self.tr("Dismiss message"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(close)
        self._fade = QTimer(self, singleShot=True, interval=6000)
        self._fade.timeout.connect(self.hide)
        self.hide()

    def show_error(self, message: str) -> None:
        self._show(message, "banner-error")
        self._fade.stop()

    def show_info(self, message: str) -> None:
        self._show(message, "banner-info")
        self._fade.start()

    def _show(self, message: str, role: str) -> None:
        self.setProperty("role", role)
        self.style().unpolish(self)
        self.style().polish(self)
        self.text.setText(message)
        self.show()
