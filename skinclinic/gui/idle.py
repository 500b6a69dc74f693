"""The idle lock: user input counts as activity for the review session, and a timer notices when
the session has locked itself (the core Session decides, from its clock)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from skinclinic.gui.context import AppContext

_INPUT_EVENTS = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.MouseMove}
)
TOUCH_EVERY_S = 5.0  # throttle: one activity mark per few seconds is plenty


class IdleGuard(QObject):
    locked = Signal()

    def __init__(self, ctx: AppContext, poll_ms: int = 5000) -> None:
        super().__init__()
        self.ctx = ctx
        self._last_touch = 0.0
        self._reported = False
        self.timer = QTimer(self, interval=poll_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT_EVENTS:
            self._touch()
        return False

    def _touch(self) -> None:
        session = self.ctx.session
        now = time.monotonic()
        if session is None or now - self._last_touch < TOUCH_EVERY_S or session.locked:
            return
        self._last_touch = now
        session.check()

    def poll(self) -> None:
        session = self.ctx.session
        if session is None or session.closed:
            self._reported = False
            return
        if session.locked and not self._reported:
            self._reported = True
            self.locked.emit()
        elif not session.locked:
            self._reported = False
