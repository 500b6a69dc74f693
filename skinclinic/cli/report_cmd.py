"""Report commands: `skinclinic draft CASE`, `skinclinic ask CASE "question"`, and the
`--report` step of `skinclinic analyze` (all stream the model's text as it is generated)."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, TypeVar

from skinclinic.cli.common import print_json, print_progress
from skinclinic.core.progress import CancelToken, Progress

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services
    from skinclinic.core.domain import Draft
    from skinclinic.report.model import ReportModels

T = TypeVar("T")


def register(commands: argparse._SubParsersAction[Any]) -> None:
    draft = commands.add_parser("draft", help="draft the report of an analyzed case (AI draft)")
    draft.add_argument("case_id", type=int, metavar="CASE")
    draft.add_argument("--json", action="store_true", help="print the stored draft as JSON")
    draft.set_defaults(handler=run_draft)
    ask = commands.add_parser("ask", help="ask the report model a question about a case")
    ask.add_argument("case_id", type=int, metavar="CASE")
    ask.add_argument("question")
    ask.set_defaults(handler=run_ask)


def open_report_models(services: Services) -> ReportModels:
    from skinclinic.report.model import ReportModels
    from skinclinic.settings import load_settings

    settings = load_settings(services.paths.settings)
    return ReportModels(services.paths, settings.vision_pack, threads=settings.threads)


def stream(work: Generator[Progress | str, None, T], cancel: CancelToken) -> T:
    """Print text pieces as they come (progress to stderr); Ctrl+C cancels within one token."""
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    try:
        while True:
            try:
                item = next(work)
            except StopIteration as stop:
                result: T = stop.value
                return result
            if isinstance(item, Progress):
                print_progress(item)
            else:
                sys.stdout.write(item)
                sys.stdout.flush()
    finally:
        signal.signal(signal.SIGINT, previous)


def draft_and_print(
    services: Services, models: ReportModels, case_id: int, *, as_json: bool = False
) -> Draft:
    from skinclinic.i18n import current_language
    from skinclinic.report.draft import draft_case

    cancel = CancelToken()
    work = draft_case(
        case_id,
        services=services,
        models=models,
        cancel=cancel,
        actor="cli",
        language=current_language(),
    )
    if as_json:
        draft = drain(work)
        print_json(draft)
        return draft
    print(f"Case {case_id}: AI DRAFT (not signed; a doctor must review it)\n", flush=True)
    draft = stream(work, cancel)
    print(f"\n\n--- stored draft {draft.id} (version {draft.version}) ---\n{draft.text}")
    return draft


def drain(work: Generator[Progress | str, None, T]) -> T:
    while True:
        try:
            next(work)
        except StopIteration as stop:
            result: T = stop.value
            return result


def run_draft(args: argparse.Namespace) -> int:
    from skinclinic.bootstrap import open_services

    with open_services() as services:
        models = open_report_models(services)
        try:
            draft_and_print(services, models, args.case_id, as_json=args.json)
        finally:
            models.close()
    return 0


def run_ask(args: argparse.Namespace) -> int:
    from skinclinic.bootstrap import open_services
    from skinclinic.i18n import current_language
    from skinclinic.report.draft import ask_case

    with open_services() as services:
        models = open_report_models(services)
        cancel = CancelToken()
        try:
            work = ask_case(
                args.case_id,
                args.question,
                services=services,
                models=models,
                cancel=cancel,
                language=current_language(),
            )
            stream(work, cancel)
            print()
        finally:
            models.close()
    return 0
