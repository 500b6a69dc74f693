"""Collect Python garbage on the GUI thread only.

The cyclic collector runs in whichever thread happens to allocate; if that is a worker, it may
destroy Qt widgets from a finished screen off the GUI thread and crash the app. So automatic
collection is switched off while the app runs and a timer on the GUI thread collects instead
(the pattern pyqtgraph and others use)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGC(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self.timer.stop()
        gc.collect()
        gc.enable()
