"""`skinclinic` with no arguments: the desktop app. Heavy imports (SQLAlchemy, models) happen
after the window is on screen, in a worker, so it appears fast even on two cores."""

from __future__ import annotations

import sys
from collections.abc import Generator, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from skinclinic.core.progress import CancelToken, Progress
from skinclinic.gui.context import AppContext, Pipeline
from skinclinic.gui.gc_guard import MainThreadGC
from skinclinic.gui.i18n_qt import install_translators, translate
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.theme import follow_system_scheme, icon
from skinclinic.paths import app_paths

if TYPE_CHECKING:
    from skinclinic.core.domain import Analysis, Draft


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


def build_pipeline(ctx: AppContext) -> Pipeline:
    """Wire the model use cases that exist; a missing one leaves its panel saying so."""
    from skinclinic.services.analyze import VisionModels, analyze_case, pack_installed

    pipeline = Pipeline()
    settings = ctx.settings
    if pack_installed(settings.vision_pack):
        models = VisionModels(settings.vision_pack, threads=settings.threads)

        def analyze(case_id: int, cancel: CancelToken) -> Generator[Progress, None, Analysis]:
            return analyze_case(
                case_id,
                services=ctx.need_services(),
                models=models,
                tta=ctx.settings.tta,
                actor=ctx.session.user.id if ctx.session else "system",
                cancel=cancel,
                patient_context=ctx.settings.patient_context,
            )

        pipeline.analyze = analyze
        pipeline.warm_up = models.get
    else:
        pipeline.vision_note = translate(
            "Pipeline",
            "The vision model pack {0} is not installed, so photos cannot be analyzed.",
        ).format(settings.vision_pack)
    _wire_report(ctx, pipeline)
    return pipeline


def _wire_report(ctx: AppContext, pipeline: Pipeline) -> None:
    """Draft, chat and grounding from the report pack; all model calls share its one lane."""
    from skinclinic.i18n import current_language
    from skinclinic.report.pack import report_pack_installed

    if not report_pack_installed():
        pipeline.report_note = translate(
            "Pipeline", "The report model pack is not installed, so drafts cannot be generated."
        )
        return
    from skinclinic.report import draft as report
    from skinclinic.report.model import ReportModels

    settings = ctx.settings
    models = ReportModels(ctx.paths, settings.vision_pack, threads=settings.threads)
    ctx.add_closer(models.close)

    def actor() -> str:
        return ctx.session.user.id if ctx.session else "system"

    def draft(case_id: int, cancel: CancelToken) -> Generator[Progress | str, None, Draft]:
        return report.draft_case(
            case_id,
            services=ctx.need_services(),
            models=models,
            cancel=cancel,
            actor=actor(),
            language=current_language(),
        )

    def chat(case_id: int, question: str, cancel: CancelToken) -> Generator[str, None, str]:
        return report.ask_case(
            case_id,
            question,
            services=ctx.need_services(),
            models=models,
            cancel=cancel,
            language=current_language(),
        )

    def grounding(case_id: int, text: str) -> Sequence[tuple[int, int, str]]:
        return report.grounding_for_case(ctx.need_services(), case_id, text, current_language())

    pipeline.draft, pipeline.chat, pipeline.grounding = draft, chat, grounding


def build_window(ctx: AppContext, *, ask_sign_in: bool = True) -> MainWindow:
    window = MainWindow(ctx, ask_sign_in=ask_sign_in)
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(window.idle)
    return window


def main() -> int:
    app = create_app()
    ctx = AppContext(app_paths())
    install_translators(ctx.settings.language)  # before any widget or note is built
    ctx.pipeline = build_pipeline(ctx)
    window = build_window(ctx)
    window.show()
    window.start()
    return app.exec()
