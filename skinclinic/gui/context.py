"""What every view shares: the opened services, the signed-in session, settings, the model lane
and the injected model use cases. Views get this object; they never build adapters themselves."""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from skinclinic.core.progress import CancelToken, Progress
from skinclinic.gui.i18n_qt import translate
from skinclinic.paths import AppPaths
from skinclinic.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services
    from skinclinic.core.domain import Analysis, Draft
    from skinclinic.review.service import ReviewService
    from skinclinic.review.session import Session

# The model use cases, injected so the GUI never loads a model itself. Each is a generator
# factory: it yields Progress (and, when streaming, text pieces as str) and returns its result.
AnalyzeUseCase = Callable[[int, CancelToken], Generator[Progress, None, "Analysis"]]
DraftUseCase = Callable[[int, CancelToken], Generator["Progress | str", None, "Draft"]]
ChatUseCase = Callable[[int, str, CancelToken], Generator["Progress | str", None, str]]
# The grounding check: (case id, report text) -> spans (start, end, message) it could not trace
# back to the analysis; quick and model-free, so it runs on every edit.
GroundingCheck = Callable[[int, str], Sequence[tuple[int, int, str]]]


@dataclass
class Pipeline:
    analyze: AnalyzeUseCase | None = None
    draft: DraftUseCase | None = None
    chat: ChatUseCase | None = None
    grounding: GroundingCheck | None = None
    warm_up: Callable[[], object] | None = None  # load the models ahead of first use
    # Translated when the pipeline is built (after the translator is installed), not at import.
    vision_note: str = field(
        default_factory=lambda: translate(
            "Pipeline", "The vision model is not available yet, so photos cannot be analyzed."
        )
    )
    report_note: str = field(
        default_factory=lambda: translate(
            "Pipeline", "The report model is not available yet, so drafts cannot be generated."
        )
    )


class AppContext(QObject):
    services_ready = Signal()
    session_changed = Signal()
    cases_changed = Signal(int)  # a case id, or 0 for "several"
    error = Signal(str)
    info = Signal(str)

    def __init__(self, paths: AppPaths, pipeline: Pipeline | None = None) -> None:
        super().__init__()
        from skinclinic.gui.workers import SerialLane

        self.paths = paths
        self.pipeline = pipeline or Pipeline()
        self.settings: Settings = load_settings(paths.settings)
        self.services: Services | None = None
        self.review: ReviewService | None = None
        self.session: Session | None = None
        self.lane = SerialLane(self)
        self._stack = ExitStack()  # what the pipeline opened (model lanes): for the app's life
        self._services_stack = ExitStack()  # the case log: detached and reopened by a restore
        self.clock: Any = None  # tests inject a fake clock for the idle lock

    # -- lifetime ----------------------------------------------------------------------------

    def attach(self, services: Services, stack: ExitStack) -> None:
        """Take ownership of services opened by the start-up worker."""
        from skinclinic.review.service import ReviewService

        self._services_stack.push(stack.pop_all())
        self.services = services
        self.review = ReviewService.for_caselog(
            services.caselog,
            clock=self.clock,
            idle_timeout=timedelta(minutes=self.settings.idle_lock_minutes),
            ai_enabled=self.settings.ai_enabled,
        )
        self.services_ready.emit()

    def add_closer(self, close: Callable[[], object]) -> None:
        """Run `close` when the app closes (model lanes and files the pipeline opened)."""
        self._stack.callback(close)

    def detach(self) -> None:
        """Sign out and close the case log (releasing the instance lock), keeping the models;
        `attach` brings services back."""
        self._close_services()
        self.session_changed.emit()

    def close(self) -> None:
        self._close_services()
        self._stack.close()

    def _close_services(self) -> None:
        if self.session is not None and self.review is not None:
            # Closing must not fail because the logout's audit write failed.
            with suppress(Exception):
                self.review.logout(self.session)
        self.session = None
        self.services = None
        self.review = None
        self._services_stack.close()

    # -- conveniences --------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.services is not None and self.review is not None

    def need_services(self) -> Services:
        if self.services is None:
            raise RuntimeError("The case log is still opening.")
        return self.services

    def need_review(self) -> ReviewService:
        if self.review is None:
            raise RuntimeError("The case log is still opening.")
        return self.review

    def actor(self) -> str:
        """The signed-in user's id, checked against the idle lock (raises SessionLocked)."""
        if self.session is None:
            return "system"
        return self.session.check().id

    def session_ok(self) -> bool:
        """False (with the reason shown in the window) when the session is locked or closed."""
        from skinclinic.errors import SkinClinicError

        try:
            self.actor()
        except SkinClinicError as err:
            self.error.emit(str(err))
            return False
        return True

    def can(self, permission: str) -> bool:
        from skinclinic.review.roles import Permission, has_permission

        return self.session is not None and has_permission(
            self.session.user, Permission(permission)
        )

    def save_settings(self, settings: Settings) -> None:
        old = self.settings
        save_settings(self.paths.settings, settings)
        self.settings = settings
        changes = old.changes(settings)
        if changes and self.services is not None:
            # Settings changes are audited (who switched the AI off, and when).
            self.services.repository.record_event(
                actor=self.actor(),
                action="settings_change",
                entity="settings",
                entity_id="app",
                old={k: v[0] for k, v in changes.items()},
                new={k: v[1] for k, v in changes.items()},
            )
        if self.review is not None:
            self.review.ai_enabled = settings.ai_enabled
            self.review.idle_timeout = timedelta(minutes=settings.idle_lock_minutes)
