"""`skinclinic analyze`: import photos (or take a case) and run the vision model on them."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from skinclinic.cli.common import add_new_patient_arguments, print_json, print_progress
from skinclinic.core.domain import Analysis, Draft, Modality, Sex
from skinclinic.core.intake import (
    ImportRequest,
    complete_patient,
    import_photos,
    run_to_completion,
)
from skinclinic.errors import SkinClinicError


def register(commands: argparse._SubParsersAction[Any]) -> None:
    cmd = commands.add_parser(
        "analyze", help="import photos and analyze them: quality, differential, findings"
    )
    cmd.add_argument("photos", nargs="*", type=Path, metavar="PHOTO")
    cmd.add_argument("--case", type=int, dest="case_id", help="analyze this case's photos")
    add_new_patient_arguments(cmd)
    cmd.add_argument("--site", default="unspecified", help="body site")
    cmd.add_argument(
        "--modality", choices=[m.value for m in Modality], default=Modality.DERMOSCOPIC.value
    )
    tta = cmd.add_mutually_exclusive_group()
    tta.add_argument(
        "--tta",
        action="store_const",
        const=True,
        help="also read the 3 flipped views (slower; default: the settings' choice, off)",
    )
    tta.add_argument(
        "--no-tta", dest="tta", action="store_const", const=False, help="read one view only"
    )
    context = cmd.add_mutually_exclusive_group()
    context.add_argument(
        "--context",
        dest="patient_context",
        action="store_const",
        const=True,
        help="weigh the patient's age and sex and the body site (default: the settings', on)",
    )
    context.add_argument(
        "--no-context",
        dest="patient_context",
        action="store_const",
        const=False,
        help="read the photo alone",
    )
    cmd.add_argument(
        "--report", action="store_true", help="then draft the report, streaming it (AI draft)"
    )
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=run_analyze)


def run_analyze(args: argparse.Namespace) -> int:
    from skinclinic.bootstrap import open_services
    from skinclinic.services.analyze import VisionModels, analyze_case
    from skinclinic.settings import load_settings

    if not args.photos and args.case_id is None:
        raise SkinClinicError("Name at least one photo, or a case with --case ID.")
    with open_services() as services:
        settings = load_settings(services.paths.settings)
        case_id, photo_ids, failures = _photos_to_analyze(services, args)
        models = VisionModels(settings.vision_pack, threads=settings.threads)
        analyses: list[Analysis] = []
        for photo_id in photo_ids:
            work = analyze_case(
                case_id,
                services=services,
                models=models,
                tta=settings.tta if args.tta is None else args.tta,
                actor="cli",
                photo_id=photo_id,
                patient_context=(
                    settings.patient_context
                    if args.patient_context is None
                    else args.patient_context
                ),
            )
            while True:
                try:
                    print_progress(next(work))
                except StopIteration as stop:
                    analyses.append(stop.value)
                    break
        names = dict(models.get().pack.label_names) if analyses else {}
        if not args.json:
            for analysis in analyses:
                print(describe_analysis(analysis, names))
            for reason in failures:
                print(f"skinclinic: {reason}")
        draft = _report(services, case_id, args) if args.report and analyses else None
    if args.json:
        result: dict[str, Any] = {"case_id": case_id, "analyses": analyses, "rejected": failures}
        if draft is not None:
            result["draft"] = draft
        print_json(result)
    return 0 if not failures else 2


def _report(services: Any, case_id: int, args: argparse.Namespace) -> Draft:
    from skinclinic.cli.report_cmd import draft_and_print, open_report_models

    report_models = open_report_models(services)
    try:
        if args.json:
            return _quiet_draft(services, report_models, case_id)
        print(flush=True)
        return draft_and_print(services, report_models, case_id)
    finally:
        report_models.close()


def _quiet_draft(services: Any, report_models: Any, case_id: int) -> Draft:
    from skinclinic.cli.report_cmd import drain
    from skinclinic.i18n import current_language
    from skinclinic.report.draft import draft_case

    work = draft_case(
        case_id,
        services=services,
        models=report_models,
        actor="cli",
        language=current_language(),
    )
    return drain(work)


def _photos_to_analyze(services: Any, args: argparse.Namespace) -> tuple[int, list[int], list[str]]:
    if not args.photos:
        detail = services.repository.get_case_detail(args.case_id)
        if not detail.photos:
            raise SkinClinicError(f"Case {args.case_id} has no photo to analyze.")
        complete_patient(
            services.repository, detail.patient, args.birth_year, Sex(args.sex), actor="cli"
        )
        return detail.case.id, [p.id for p in detail.photos], []
    result = run_to_completion(
        import_photos(
            ImportRequest(
                files=tuple(args.photos),
                patient_reference=args.patient,
                birth_year=args.birth_year,
                sex=Sex(args.sex),
                body_site=args.site,
                case_id=args.case_id,
                modality=Modality(args.modality),
                actor="cli",
            ),
            repository=services.repository,
            store=services.store,
            prepare=services.prepare_photo,
        )
    )
    failures = [f.reason for f in result.failures]
    if result.case is None:
        raise SkinClinicError(failures[0] if len(failures) == 1 else "No photo could be imported.")
    return result.case.id, [p.id for p in result.photos], failures


def describe_analysis(analysis: Analysis, names: Mapping[str, str]) -> str:
    u = analysis.uncertainty
    lines = [f"Case {analysis.case_id}, photo {analysis.photo_id} [{analysis.model_pack_id}]"]
    lines.append("  PRELIMINARY AI OUTPUT: for a doctor's review, not a diagnosis")
    messages = u.get("quality_messages") or []
    lines.append("  quality: " + ("; ".join(messages) if messages else "ok"))
    ranked = sorted(analysis.probabilities.items(), key=lambda kv: -float(kv[1]))
    if ranked:
        lines.append("  differential (calibrated):")
        for code, p in ranked[:4]:
            bar = "#" * round(float(p) * 30)
            lines.append(f"    {names.get(code, code):<48} {float(p):5.2f} {bar}")
    lines.append(f"  uncertainty: {u.get('verdict', '-')}: {u.get('reason', '')}")
    if ranked:
        context = u.get("context") or {}
        given = ", ".join(f"{k} {v}" for k, v in context.items())
        lines.append(
            f"  patient context: {given}" if given else "  patient context: none (image only)"
        )
    f = analysis.findings
    if f.get("lesion_found"):
        colours = ", ".join(f.get("colours", [])) or "-"
        lines.append(
            f"  findings: area {float(f['area_fraction']):.0%} of the photo, asymmetry "
            f"{float(f['asymmetry']):.2f}, border irregularity "
            f"{float(f['border_irregularity']):.2f}, "
            f"colours ({f.get('colour_count', 0)}): {colours}"
        )
    total = analysis.timings_ms.get("total")
    if total is not None:
        lines.append(f"  time: {float(total):.0f} ms")
    return "\n".join(lines)
