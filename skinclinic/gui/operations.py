"""GUI actions as small operations (Anki's aqt/operations): each starts one core use case in a
worker and says what happens on success; failures always reach the window as a message."""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from skinclinic.core.progress import CancelToken, Progress
from skinclinic.gui.context import AppContext
from skinclinic.gui.i18n_qt import translate
from skinclinic.gui.workers import Job, Worker, call_job

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services


def start(
    ctx: AppContext,
    job: Job,
    what: str,
    *,
    on_success: Callable[[Any], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    on_item: Callable[[Any], None] | None = None,
    on_done: Callable[[], None] | None = None,
    model: bool = False,
) -> Worker:
    """Start `job`; model work waits its turn in the serial lane."""
    worker = Worker(job, what)
    if on_progress is not None:
        worker.progress.connect(on_progress)
    if on_item is not None:
        worker.item.connect(on_item)
    if on_success is not None:
        worker.succeeded.connect(on_success)
    worker.failed.connect(
        lambda err: ctx.error.emit(translate("Operations", "{0} failed: {1}").format(what, err))
    )
    worker.cancelled.connect(
        lambda: ctx.info.emit(
            translate("Operations", "{0} was cancelled; nothing was kept.").format(what)
        )
    )
    if on_done is not None:
        worker.done.connect(on_done)
    if model:
        ctx.lane.submit(worker)
    else:
        worker.start_work()
    return worker


def open_services_job(ctx: AppContext) -> Job:
    def job(_token: CancelToken) -> Generator[Progress, None, tuple[Services, ExitStack]]:
        yield Progress(0, 2, translate("Operations", "Opening the case log…"))
        from skinclinic.bootstrap import open_services

        stack = ExitStack()
        services = stack.enter_context(open_services(ctx.paths))
        yield Progress(1, 2, translate("Operations", "Verifying the audit trail and signatures…"))
        from skinclinic.services.integrity import integrity_problems

        for problem in integrity_problems(services):
            ctx.error.emit(problem)  # queued to the GUI thread: shown in the banner
        yield Progress(2, 2, translate("Operations", "Case log ready"))
        return services, stack

    return job


def review_call(ctx: AppContext, fn: Callable[[], Any]) -> Job:
    """Review-service calls hash passwords (scrypt), so they too run off the GUI thread."""
    return call_job(fn)
