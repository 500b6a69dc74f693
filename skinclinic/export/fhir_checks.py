"""SkinClinic's own checks of a FHIR bundle, beyond what the library's models validate.

The models check types and cardinality; these check what only the app knows: status values
(every result preliminary until signed, final after), that every reference resolves to an
entry of the bundle, that each probability lies in [0, 1] and the differential sums to 1,
that codings name their system, and that a signed report has a verifier with a signature time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from skinclinic.export.errors import ExportError
from skinclinic.export.vocabulary import HAM10000_SYSTEM

OBSERVATION_STATUSES = {"registered", "preliminary", "final", "amended"}
REPORT_STATUSES = {"registered", "partial", "preliminary", "final"}


def bundle_problems(bundle: Mapping[str, Any], *, signed: bool) -> list[str]:
    problems: list[str] = []
    entries = bundle.get("entry") or []
    urls = {e.get("fullUrl") for e in entries}
    if len(urls) != len(entries):
        problems.append("two entries share a fullUrl")
    for path, reference in _references(bundle):
        if reference not in urls:
            problems.append(f"{path} points outside the bundle: {reference}")
    for path, coding in _codings(bundle):
        if not coding.get("system") or not coding.get("code"):
            problems.append(f"{path} has a coding without system and code")
    resources = [e["resource"] for e in entries]
    by_type: dict[str, list[Mapping[str, Any]]] = {}
    for resource in resources:
        by_type.setdefault(resource["resourceType"], []).append(resource)
    expected = "final" if signed else "preliminary"
    reports = by_type.get("DiagnosticReport", [])
    if len(reports) != 1:
        problems.append(f"expected one DiagnosticReport, found {len(reports)}")
    for report in reports:
        if report.get("status") not in REPORT_STATUSES or report.get("status") != expected:
            problems.append(f"DiagnosticReport status {report.get('status')!r}, not {expected}")
    total = 0.0
    for observation in by_type.get("Observation", []):
        if observation.get("status") != expected:
            problems.append(f"Observation status {observation.get('status')!r}, not {expected}")
        systems = {c.get("system") for c in observation["code"].get("coding", [])}
        if HAM10000_SYSTEM in systems:
            value = observation.get("valueQuantity", {}).get("value")
            if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
                problems.append(f"probability {value!r} is not in [0, 1]")
            else:
                total += value
    if by_type.get("Observation") and total and abs(total - 1.0) > 0.01:
        problems.append(f"the differential sums to {total:.3f}, not 1")
    problems += _provenance_problems(by_type.get("Provenance", []), signed)
    return problems


def _provenance_problems(provenances: list[Mapping[str, Any]], signed: bool) -> list[str]:
    roles = [
        coding.get("code")
        for provenance in provenances
        for agent in provenance.get("agent", [])
        for coding in agent.get("type", {}).get("coding", [])
    ]
    signatures = [s for p in provenances for s in p.get("signature", [])]
    if signed and ("verifier" not in roles or not signatures):
        return ["a signed report needs a Provenance with the doctor as verifier and a signature"]
    if not signed and ("verifier" in roles or signatures):
        return ["an unsigned report must not name a verifier or carry a signature"]
    return []


def check_bundle(bundle: Mapping[str, Any], *, signed: bool) -> None:
    problems = bundle_problems(bundle, signed=signed)
    if problems:
        raise ExportError(
            f"The FHIR bundle failed SkinClinic's checks, nothing was written: {problems[0]}."
        )


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, value
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def _references(bundle: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for path, value in _walk(bundle, "Bundle"):
        if isinstance(value, Mapping) and isinstance(value.get("reference"), str):
            yield path, value["reference"]


def _codings(bundle: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for path, value in _walk(bundle, "Bundle"):
        if isinstance(value, Mapping) and isinstance(value.get("coding"), list):
            for index, coding in enumerate(value["coding"]):
                yield f"{path}.coding[{index}]", coding
