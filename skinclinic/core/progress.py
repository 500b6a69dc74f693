"""Progress events that long-running use cases yield, and the cancel token they check.

Long work is written as a generator: it yields `Progress` between steps and returns its result
(napari's GeneratorWorker style). The CLI prints the events; the GUI turns them into signals.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    message: str


class Cancelled(Exception):
    """Raised inside a use case when its cancel token was set; nothing half-done is kept."""


class CancelToken:
    """A thread-safe flag the caller sets and the worker checks between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled
