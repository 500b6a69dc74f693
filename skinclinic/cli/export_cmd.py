"""`skinclinic export CASE --pdf FILE --fhir FILE --dicom FOLDER`: the case as files to save.

Each file written is an audit event. `--as USERNAME` signs the export with a user (password
asked at the terminal, or read from stdin with `--password-stdin`); without it the export is
audited as the command line ("cli"). An unsigned case exports too, marked preliminary.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from skinclinic.cli.common import print_json, print_progress


def register(commands: argparse._SubParsersAction[Any]) -> None:
    export = commands.add_parser(
        "export", help="export a case as a PDF report, a FHIR R4B bundle and/or DICOM files"
    )
    export.add_argument("case_id", type=int, metavar="CASE")
    export.add_argument("--pdf", type=Path, metavar="FILE", help="PDF report")
    export.add_argument("--fhir", type=Path, metavar="FILE", help="FHIR R4B bundle (JSON)")
    export.add_argument("--dicom", type=Path, metavar="FOLDER", help="one DICOM file per photo")
    export.add_argument(
        "--no-photo-data", action="store_true", help="FHIR: leave the photo bytes out"
    )
    export.add_argument("--as", dest="actor", metavar="USERNAME", help="audit as this user")
    export.add_argument("--password-stdin", action="store_true", help="read the password")
    export.add_argument("--json", action="store_true")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from skinclinic.bootstrap import open_services
    from skinclinic.export.service import ExportRequest, export_case
    from skinclinic.i18n import current_language
    from skinclinic.settings import load_settings

    with open_services() as services:
        settings = load_settings(services.paths.settings)
        request = ExportRequest(
            case_id=args.case_id,
            pdf=args.pdf,
            fhir=args.fhir,
            dicom_dir=args.dicom,
            clinic_name=getattr(settings, "clinic_name", None),
            include_photo_data=not args.no_photo_data,
            language=current_language(),
        )
        actor = _actor(services, args) if args.actor else "cli"
        work = export_case(request, services=services, actor=actor)
        while True:
            try:
                print_progress(next(work))
            except StopIteration as stop:
                written = stop.value
                break
    if args.json:
        print_json(written)
        return 0
    for item in written:
        marker = " (PRELIMINARY: case not signed)" if item.preliminary else ""
        print(f"{item.format}: {item.path}  sha256 {item.sha256}{marker}")
        if item.note:
            print(f"  note: {item.note}")
    return 0


def _actor(services: Any, args: argparse.Namespace) -> str:
    from skinclinic.review.service import ReviewService

    prompt = f"Password for {args.actor}: "
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass(prompt)
    session = ReviewService.for_caselog(services.caselog).login(args.actor, password)
    user_id: str = session.check().id
    return user_id
