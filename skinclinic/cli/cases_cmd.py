"""`skinclinic import | cases | case`: photo intake and the case log."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from skinclinic.cli.common import (
    add_new_patient_arguments,
    format_table,
    print_json,
    print_progress,
)
from skinclinic.core.domain import CaseDetail, CaseStatus, Modality, PhotoSource, Sex
from skinclinic.core.intake import ImportRequest, ImportResult, import_photos


def register(commands: argparse._SubParsersAction[Any]) -> None:
    imp = commands.add_parser("import", help="import photos into a new (or existing) case")
    imp.add_argument("photos", nargs="+", type=Path, metavar="PHOTO")
    add_new_patient_arguments(imp)
    imp.add_argument("--site", default="unspecified", help="body site, e.g. 'left forearm'")
    imp.add_argument("--history", default="", help="short clinical history")
    imp.add_argument("--case", type=int, dest="case_id", help="add the photos to this case")
    imp.add_argument(
        "--modality", choices=[m.value for m in Modality], default=Modality.CLINICAL.value
    )
    imp.add_argument("--json", action="store_true", help="print the result as JSON")
    imp.set_defaults(handler=run_import)

    lst = commands.add_parser("cases", help="list cases, newest first")
    lst.add_argument("--status", choices=[s.value for s in CaseStatus])
    lst.add_argument("--search", help="text in patient reference, body site, history, diagnosis")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=run_cases)

    one = commands.add_parser("case", help="everything about one case")
    one.add_argument("case_id", type=int, metavar="ID")
    one.add_argument("--json", action="store_true")
    one.set_defaults(handler=run_case)


def run_import(args: argparse.Namespace) -> int:
    from skinclinic.bootstrap import open_services

    request = ImportRequest(
        files=tuple(args.photos),
        patient_reference=args.patient,
        birth_year=args.birth_year,
        sex=Sex(args.sex),
        body_site=args.site,
        history=args.history,
        case_id=args.case_id,
        source=PhotoSource.FILE,
        modality=Modality(args.modality),
        actor="cli",
    )
    with open_services() as services:
        work = import_photos(
            request,
            repository=services.repository,
            store=services.store,
            prepare=services.prepare_photo,
        )
        result = _drive(work)
    if args.json:
        print_json(result)
    else:
        _print_import(result)
    return 0 if not result.failures else 2


def _drive(work: Any) -> ImportResult:
    while True:
        try:
            print_progress(next(work))
        except StopIteration as stop:
            result: ImportResult = stop.value
            return result


def _print_import(result: ImportResult) -> None:
    if result.case is not None:
        stored = len(result.photos)
        dup = f" ({result.duplicates} already in the store)" if result.duplicates else ""
        print(
            f"case {result.case.id} (patient {result.case.patient_reference}, "
            f"{result.case.body_site}): {stored} photo(s) imported{dup}"
        )
    for failure in result.failures:
        print(f"skinclinic: {failure.reason}", file=sys.stderr)


def run_cases(args: argparse.Namespace) -> int:
    from skinclinic.bootstrap import open_services

    status = CaseStatus(args.status) if args.status else None
    with open_services() as services:
        rows = services.repository.list_cases(status=status, search=args.search, limit=args.limit)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no cases match")
        return 0
    table = [
        [
            str(r.id),
            r.status.value,
            r.patient_reference,
            r.body_site,
            r.created_at.strftime("%Y-%m-%d %H:%M"),
            f"{r.top_label} {r.top_probability:.2f}"
            if r.top_label and r.top_probability is not None
            else "-",
            r.uncertainty_verdict or "-",
        ]
        for r in rows
    ]
    headers = ["ID", "STATUS", "PATIENT", "SITE", "CREATED (UTC)", "TOP DIAGNOSIS", "UNCERTAINTY"]
    print(format_table(headers, table))
    return 0


def run_case(args: argparse.Namespace) -> int:
    from skinclinic.bootstrap import open_services

    with open_services() as services:
        detail = services.repository.get_case_detail(args.case_id)
    if args.json:
        print_json(detail)
    else:
        print(describe_case(detail))
    return 0


def describe_case(detail: CaseDetail) -> str:
    case, patient = detail.case, detail.patient
    skin = f", Fitzpatrick {patient.fitzpatrick}" if patient.fitzpatrick else ""
    lines = [
        f"Case {case.id}: {case.status.value}",
        f"  patient   {patient.reference} (born {patient.birth_year or '?'}, "
        f"{patient.sex.value}{skin})",
        f"  site      {case.body_site}",
        f"  history   {case.history or '-'}",
        f"  created   {case.created_at.isoformat()}  updated {case.updated_at.isoformat()}",
        f"Photos ({len(detail.photos)})",
    ]
    lines += [
        f"  #{p.id} {p.original_name} {p.width}x{p.height} {p.format} {p.modality.value} "
        f"sha256 {p.sha256[:12]}"
        for p in detail.photos
    ]
    lines.append(f"Analyses ({len(detail.analyses)})")
    for a in detail.analyses:
        top = sorted(a.probabilities.items(), key=lambda kv: -float(kv[1]))[:3]
        diff = ", ".join(f"{label} {float(p):.2f}" for label, p in top)
        verdict = a.uncertainty.get("verdict", "-")
        lines.append(f"  #{a.id} photo {a.photo_id} [{a.model_pack_id}] {diff}; {verdict}")
        lines += [f"    quality: {flag}" for flag in a.quality_flags]
    lines.append(f"Drafts ({len(detail.drafts)})")
    lines += [
        f"  v{d.version} by {d.author} at {d.created_at.isoformat()}: "
        f"{d.text[:70]}{'...' if len(d.text) > 70 else ''}"
        for d in detail.drafts
    ]
    lines.append(f"Signatures ({len(detail.signatures)})")
    lines += [
        f"  {s.printed_name} ({s.meaning}) at {s.signed_at.isoformat()} on draft {s.draft_id}"
        for s in detail.signatures
    ]
    return "\n".join(lines)
