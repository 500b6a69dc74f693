"""Helpers shared by the CLI commands: opening the services, printing, JSON."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from skinclinic.core.domain import Sex, birth_year_bounds
from skinclinic.core.progress import Progress
from skinclinic.paths import app_paths

Handler = Callable[[argparse.Namespace], int]


def to_jsonable(value: Any) -> Any:
    """Domain dataclasses to plain JSON: datetimes as ISO 8601, enums as their value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def print_json(value: Any) -> None:
    json.dump(to_jsonable(value), sys.stdout, indent=2, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


def print_progress(event: Progress) -> None:
    """Progress goes to stderr so that stdout stays parseable."""
    if sys.stderr.isatty():
        print(f"[{event.done}/{event.total}] {event.message}", file=sys.stderr)


def fail_unexpected(err: BaseException) -> int:
    log_file = _write_crash_log(err)
    where = f" (details in {log_file})" if log_file else ""
    print(f"skinclinic: unexpected error: {err.__class__.__name__}: {err}{where}", file=sys.stderr)
    return 1


def _write_crash_log(err: BaseException) -> Path | None:
    try:
        logs = app_paths().logs
        logs.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = logs / f"crash-{stamp}.log"
        path.write_text("".join(traceback.format_exception(err)), encoding="utf-8")
        return path
    except OSError:
        return None


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def parse_birth_year(text: str) -> int:
    """An argparse type: a year of birth within the range the app accepts."""
    first, last = birth_year_bounds()
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not first <= year <= last:
        raise argparse.ArgumentTypeError(f"a year of birth is {first}-{last}")
    return year


def add_new_patient_arguments(parser: argparse.ArgumentParser) -> None:
    """--patient, --birth-year and --sex, for commands that open or add to a case: a new
    patient gets them; an existing one gains those it lacks, and keeps what it has."""
    parser.add_argument("--patient", help="pseudonymous patient reference (generated if omitted)")
    parser.add_argument(
        "--birth-year",
        type=parse_birth_year,
        help="the patient's year of birth (the vision model weighs age, sex and site)",
    )
    parser.add_argument(
        "--sex",
        choices=[s.value for s in Sex],
        default=Sex.UNKNOWN.value,
        help="the patient's sex",
    )
