"""Run core generators off the GUI thread (napari's GeneratorWorker idea, on a bare QThread).

Each yielded `Progress` becomes `progress`, anything else yielded (streamed text) becomes
`item`; then exactly one of `succeeded`, `failed` or `cancelled`, and always `done` after it, all
delivered on the main thread. The cancel flag is checked between yields; threads are never
terminated. Every started worker sits in a registry until its thread has finished, so tests can
assert nothing is left running and the app can wait for its workers on exit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from skinclinic.core.progress import Cancelled, CancelToken, Progress

Job = Callable[[CancelToken], Generator[Any, None, Any]]

_LIVE: set[Worker] = set()


class Worker(QThread):
    progress = Signal(object)
    item = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()

    def __init__(self, job: Job, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.token = CancelToken()
        self._job = job
        self.finished.connect(self._forget)

    def start_work(self) -> Worker:
        _LIVE.add(self)
        self.start()
        return self

    def cancel(self) -> None:
        self.token.cancel()

    def run(self) -> None:
        # Every path ends in one outcome signal and then `done`: a failure never swallows "done".
        try:
            result = self._drive()
        except Cancelled:
            self.cancelled.emit()
        except Exception as err:  # reported to the window; the thread itself must not die
            self.failed.emit(err)
        else:
            self.succeeded.emit(result)
        finally:
            self.done.emit()

    def _drive(self) -> Any:
        gen = self._job(self.token)
        try:
            while True:
                self.token.raise_if_cancelled()
                try:
                    value = next(gen)
                except StopIteration as stop:
                    return stop.value
                if isinstance(value, Progress):
                    self.progress.emit(value)
                else:
                    self.item.emit(value)
        finally:
            gen.close()

    def _forget(self) -> None:
        _LIVE.discard(self)


def call_job(fn: Callable[[], Any]) -> Job:
    """A plain function (a quick core call, e.g. signing with scrypt) as a one-step job."""

    def job(_token: CancelToken) -> Generator[Any, None, Any]:
        return fn()
        yield  # makes this a generator

    return job


def live_workers() -> list[Worker]:
    return [w for w in _LIVE if w.isRunning()]


def stop_all(timeout_ms: int = 10_000) -> list[Worker]:
    """Cancel every worker and wait for it; returns the ones that did not stop in time."""
    stuck = []
    for worker in list(_LIVE):
        worker.cancel()
        if not worker.wait(timeout_ms):
            stuck.append(worker)
    return stuck


class SerialLane(QObject):
    """One model job at a time (the models share the CPU and must not run concurrently)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: deque[Worker] = deque()
        self._current: Worker | None = None

    def submit(self, worker: Worker) -> Worker:
        self._queue.append(worker)
        self._next()
        return worker

    @property
    def busy(self) -> bool:
        return self._current is not None or bool(self._queue)

    def cancel_all(self) -> None:
        for worker in self._queue:
            worker.cancel()
        if self._current is not None:
            self._current.cancel()

    def _next(self) -> None:
        if self._current is not None:
            return
        if not self._queue:
            self.busy_changed.emit(False)
            return
        self._current = self._queue.popleft()
        self._current.done.connect(self._finished)
        self.busy_changed.emit(True)
        self._current.start_work()

    def _finished(self) -> None:
        self._current = None
        self._next()
