"""Workers report progress, result, error and cancel on the main thread, and always `done`."""

from __future__ import annotations

import threading
from collections.abc import Generator

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from skinclinic.core.progress import CancelToken, Progress
from skinclinic.gui.workers import Job, SerialLane, Worker, live_workers


def counting(n: int, gate: threading.Event | None = None) -> Job:
    def job(token: CancelToken) -> Generator[Progress | str, None, int]:
        for i in range(n):
            if gate is not None:
                gate.wait(5)
            yield Progress(i, n, f"step {i}")
            yield f"piece {i}"
        return n

    return job


def test_progress_items_and_result_arrive_on_the_main_thread(qtbot: QtBot) -> None:
    seen: list[object] = []
    threads: set[bool] = set()

    def record(value: object) -> None:
        threads.add(QThread.currentThread() is QApplication.instance().thread())  # type: ignore[union-attr]
        seen.append(value)

    worker = Worker(counting(2), "count")
    worker.progress.connect(record)
    worker.item.connect(record)
    worker.succeeded.connect(record)
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.start_work()
    assert seen[-1] == 2 and "piece 1" in seen
    assert threads == {True}
    qtbot.waitUntil(lambda: not live_workers())


def test_an_error_is_reported_and_done_still_fires(qtbot: QtBot) -> None:
    def job(_token: CancelToken) -> Generator[Progress, None, None]:
        yield Progress(0, 1, "about to fail")
        raise ValueError("broken photo")

    worker = Worker(job, "fails")
    errors: list[object] = []
    worker.failed.connect(errors.append)
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.start_work()
    assert isinstance(errors[0], ValueError)
    qtbot.waitUntil(lambda: not live_workers())


def test_cancel_between_yields(qtbot: QtBot) -> None:
    gate = threading.Event()
    worker = Worker(counting(100, gate), "cancel me")
    with qtbot.waitSignal(worker.cancelled, timeout=5000):
        worker.start_work()
        worker.cancel()
        gate.set()
    qtbot.waitUntil(lambda: not live_workers())


def test_lane_runs_one_job_at_a_time(qtbot: QtBot) -> None:
    lane = SerialLane()
    gate = threading.Event()
    first = lane.submit(Worker(counting(1, gate), "first"))
    second = lane.submit(Worker(counting(1), "second"))
    assert first.isRunning() and not second.isRunning()
    with qtbot.waitSignal(second.done, timeout=5000):
        gate.set()
    qtbot.waitUntil(lambda: not live_workers())
    assert not lane.busy


def test_the_guard_notices_a_running_worker(qtbot: QtBot) -> None:
    gate = threading.Event()
    worker = Worker(counting(1, gate), "dangling").start_work()
    assert worker in live_workers()
    gate.set()
    assert worker.wait(5000)
    qtbot.waitUntil(lambda: worker not in live_workers())
