"""`skinclinic correct-patient`: fix a patient's recorded year of birth, sex or skin type.

The same correction as the case header's Patient… button: a signed-in user, a reason, one
audited `correct` event. What is not given on the command line stays as recorded.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from skinclinic.cli.common import parse_birth_year
from skinclinic.cli.signin import add_actor_arguments, password_source, review_services, sign_in
from skinclinic.core.domain import Patient, Sex
from skinclinic.errors import SkinClinicError

UNKNOWN = "unknown"


def register(commands: argparse._SubParsersAction[Any]) -> None:
    fix = commands.add_parser(
        "correct-patient",
        help="correct the year of birth, sex or Fitzpatrick type of a case's patient",
        description="Correct what is recorded about a case's patient; fields not given stay "
        "as they are. Analyses already made keep the age and sex they used.",
    )
    fix.add_argument("case_id", type=int, metavar="CASE")
    fix.add_argument("--birth-year", type=_or_unknown(parse_birth_year), metavar="YEAR|unknown")
    fix.add_argument("--sex", choices=[s.value for s in Sex])
    fix.add_argument("--fitzpatrick", type=_or_unknown(_fitzpatrick), metavar="1-6|unknown")
    fix.add_argument("--reason", required=True, help="why the record was wrong (audited)")
    add_actor_arguments(fix)
    fix.set_defaults(handler=run_correct_patient)


def _or_unknown(parse: Callable[[str], int]) -> Callable[[str], int | str]:
    """An argparse type that also takes 'unknown' (clear the value), given as the string."""

    def parse_or_unknown(text: str) -> int | str:
        return UNKNOWN if text.strip().lower() == UNKNOWN else parse(text)

    return parse_or_unknown


def _fitzpatrick(text: str) -> int:
    if text.strip() not in {"1", "2", "3", "4", "5", "6"}:
        raise argparse.ArgumentTypeError("a Fitzpatrick type is 1-6 (I-VI) or 'unknown'")
    return int(text)


def run_correct_patient(args: argparse.Namespace) -> int:
    if args.birth_year is None and args.sex is None and args.fitzpatrick is None:
        raise SkinClinicError("Nothing to correct: give --birth-year, --sex or --fitzpatrick.")
    if not args.reason.strip():
        raise SkinClinicError("A correction needs a reason (--reason).")
    with review_services() as (services, service):
        user, _ = sign_in(service, args, password_source(args))
        before = services.repository.get_case_detail(args.case_id).patient
        after = services.repository.correct_patient(
            before.id,
            _chosen(args.birth_year, before.birth_year),
            Sex(args.sex) if args.sex else before.sex,
            _chosen(args.fitzpatrick, before.fitzpatrick),
            reason=args.reason,
            actor=user.id,
        )
    changes = describe_changes(before, after)
    print(f"patient {after.reference}: " + ("; ".join(changes) if changes else "nothing changed"))
    return 0


def _chosen(given: int | str | None, current: int | None) -> int | None:
    if given is None:
        return current
    return None if given == UNKNOWN else int(given)


def describe_changes(before: Patient, after: Patient) -> list[str]:
    """'born 1970 -> 1971'-style lines for the fields a correction changed."""
    fields = (
        ("born", before.birth_year, after.birth_year),
        ("sex", before.sex.value, after.sex.value),
        ("Fitzpatrick", before.fitzpatrick, after.fitzpatrick),
    )
    return [
        f"{name} {old if old is not None else '?'} -> {new if new is not None else '?'}"
        for name, old, new in fields
        if old != new
    ]
