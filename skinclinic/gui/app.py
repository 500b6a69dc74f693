"""`skinclinic` with no arguments: the desktop app. Heavy imports (SQLAlchemy, models) happen
after the window is on screen, in a worker, so it appears fast even on two cores."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from skinclinic.gui.context import AppContext, Pipeline
from skinclinic.gui.gc_guard import MainThreadGC
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.theme import follow_system_scheme, icon
from skinclinic.paths import app_paths


def create_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("SkinClinic")
    app.setOrganizationName("SkinClinic")
    follow_system_scheme(app)
    app.setWindowIcon(icon("app"))
    if app.findChild(MainThreadGC) is None:
        guard = MainThreadGC(app)
        app.aboutToQuit.connect(guard.stop)
    return app


def build_pipeline() -> Pipeline:
    """The model use cases, once they exist in the core; until then the panels say so."""
    return Pipeline()


def build_window(ctx: AppContext, *, ask_sign_in: bool = True) -> MainWindow:
    window = MainWindow(ctx, ask_sign_in=ask_sign_in)
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(window.idle)
    return window


def main() -> int:
    app = create_app()
    ctx = AppContext(app_paths(), build_pipeline())
    window = build_window(ctx)
    window.show()
    window.start()
    return app.exec()
