"""GUI test fixtures: the real main window over a fresh data home, and a guard that fails any
test which leaves a worker thread running (napari's _dangling_qthread_pool idea)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from skinclinic.gui.app import build_window, create_app
from skinclinic.gui.context import AppContext, Pipeline
from skinclinic.gui.gc_guard import MainThreadGC
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.workers import live_workers, stop_all
from skinclinic.paths import app_paths

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True, scope="session")
def _delete_widgets_before_exit() -> Iterator[None]:
    """Delete the session's widgets while Python is still whole, not during interpreter exit."""
    yield
    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture(autouse=True)
def _no_dangling_workers() -> Iterator[None]:
    yield
    running = [w.objectName() for w in live_workers()]
    stuck = stop_all(timeout_ms=10_000)  # clean up either way, so one failure does not cascade
    if running:
        pytest.fail(
            f"worker threads still running at the end of the test: {running} "
            f"({len(stuck)} did not stop when cancelled)"
        )


@pytest.fixture
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture
def window(qtbot: QtBot, pipeline: Pipeline) -> Iterator[MainWindow]:
    create_app([])
    ctx = AppContext(app_paths(), pipeline)
    win = build_window(ctx, ask_sign_in=False)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: ctx.ready, timeout=20_000)
    yield win
    win.close()
    # Collect this test's widgets now, on the GUI thread (see skinclinic.gui.gc_guard), and let
    # tests outside tests/gui run with Python's usual collector.
    app = QApplication.instance()
    guard = app.findChild(MainThreadGC) if app is not None else None
    if guard is not None:
        guard.stop()
        guard.deleteLater()
