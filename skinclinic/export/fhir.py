"""The case as a FHIR R4B `collection` Bundle (validated by fhir.resources' R4B models).

Resources: Patient (pseudonymous identifier, birth year, gender), one Media per photo (sha256
identifier, content type, size, SHA-1 hash as FHIR's Attachment.hash requires, optionally the
bytes inline), one Observation per diagnosis of the differential (probability as a UCUM "1"
quantity; local HAM10000 code plus SNOMED CT where known), Observations for the image quality,
the uncertainty verdict and the measured findings, a Device for the model pack (version, file
hashes), a DiagnosticReport (preliminary until signed, final after; conclusion = the report
text), and a Provenance (the model pack as author; the signing doctor, a Practitioner, as
verifier with the signature time; the audit trail's head at export as its source entity, an
anchor for `audit verify --anchor`). Ids are uuid5 of the case, so a re-export names the same
resources; references use the entries' `urn:uuid:` full URLs and must resolve in the bundle
(`fhir_checks.check_bundle`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from skinclinic.export.body_sites import parse_body_site
from skinclinic.export.record import ExportRecord, PhotoFile
from skinclinic.export.vocabulary import (
    AUDIT_HEAD_SYSTEM,
    CASE_SYSTEM,
    DIAGNOSIS_SNOMED,
    FINDINGS_SYSTEM,
    HAM10000_SYSTEM,
    MODEL_PACK_SYSTEM,
    PATIENT_REFERENCE_SYSTEM,
    PHOTO_SHA256_SYSTEM,
    SNOMED,
    USER_SYSTEM,
    diagnosis_name,
)

_NAMESPACE = uuid.UUID("6f1d4a52-6c0e-4b8e-9a51-3c1f0b7d2e90")  # SkinClinic's FHIR ids
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"
VERIFICATION_SIGNATURE = "1.2.840.10065.1.12.1.5"
MEDIA_TYPE = "http://terminology.hl7.org/CodeSystem/media-type"
UCUM = "http://unitsofmeasure.org"
GENDERS = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}
NUMERIC_FINDINGS = {
    "area_fraction": ("Lesion area, fraction of the photo", "1"),
    "asymmetry": ("Asymmetry index", "1"),
    "border_irregularity": ("Border irregularity (compactness)", "1"),
    "diameter_px": ("Largest lesion diameter in photo pixels", "{pixels}"),
    "colour_count": ("Number of colours in the lesion", "1"),
}


def build_bundle(record: ExportRecord, *, include_photo_data: bool = True) -> dict[str, Any]:
    """The bundle as plain JSON-ready data, validated by fhir.resources and by our checks."""
    from skinclinic.export.fhir_checks import check_bundle

    bundle = _Builder(record, include_photo_data).bundle()
    check_bundle(bundle, signed=record.signed)
    _validate_with_library(bundle)
    return bundle


def bundle_json(record: ExportRecord, *, include_photo_data: bool = True) -> bytes:
    data = build_bundle(record, include_photo_data=include_photo_data)
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def _validate_with_library(bundle: Mapping[str, Any]) -> None:
    from fhir.resources.R4B.bundle import Bundle

    from skinclinic.export.errors import ExportError

    try:
        Bundle.model_validate(bundle)
    except ValueError as err:  # pydantic's ValidationError is a ValueError
        raise ExportError(f"The FHIR bundle failed validation, nothing was written: {err}") from err


class _Builder:
    def __init__(self, record: ExportRecord, include_photo_data: bool) -> None:
        self.record = record
        self.include_photo_data = include_photo_data
        self.status = "final" if record.signed else "preliminary"
        self.case_key = f"case/{record.case.id}/{record.case.created_at.isoformat()}"
        self.entries: list[dict[str, Any]] = []

    def url(self, *parts: object) -> str:
        key = "/".join([self.case_key, *(str(p) for p in parts)])
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"

    def add(self, resource: dict[str, Any], *parts: object) -> str:
        full_url = self.url(*parts)
        resource["id"] = full_url.removeprefix("urn:uuid:")
        self.entries.append({"fullUrl": full_url, "resource": resource})
        return full_url

    def bundle(self) -> dict[str, Any]:
        record = self.record
        patient = self.add(self._patient(), "patient")
        media = [self.add(self._media(p, patient), "media", p.photo.id) for p in record.photos]
        device = self.add(self._device(), "device") if record.analysis else None
        observations = self._observations(patient, device, media)
        verifier = self.add(self._practitioner(), "practitioner") if record.signature else None
        report = self.add(self._report(patient, observations, media, verifier), "report")
        if device is not None or verifier is not None:
            targets = [report, *observations]
            self.add(self._provenance(targets, device, verifier), "provenance")
        return {
            "resourceType": "Bundle",
            "id": self.url("bundle").removeprefix("urn:uuid:"),
            "identifier": {"system": CASE_SYSTEM, "value": str(record.case.id)},
            "type": "collection",
            "timestamp": _instant(record.exported_at),
            "entry": self.entries,
        }

    def _patient(self) -> dict[str, Any]:
        patient = self.record.patient
        resource: dict[str, Any] = {
            "resourceType": "Patient",
            "identifier": [{"system": PATIENT_REFERENCE_SYSTEM, "value": patient.reference}],
            "gender": GENDERS.get(patient.sex.value, "unknown"),
        }
        if patient.birth_year is not None:
            resource["birthDate"] = f"{patient.birth_year:04d}"
        return resource

    def _body_site(self) -> dict[str, Any]:
        site = parse_body_site(self.record.case.body_site)
        concept: dict[str, Any] = {"text": site.text}
        if site.code is not None:
            concept["coding"] = [{"system": SNOMED, "code": site.code, "display": site.meaning}]
        if site.snomed_expression is not None and site.laterality is not None:
            # R4B's bodySite has no laterality element: the side goes into a post-coordinated
            # SNOMED CT expression beside the plain region code (kept for simpler receivers).
            display = f"{site.meaning} ({site.laterality})"
            concept["coding"].append(
                {"system": SNOMED, "code": site.snomed_expression, "display": display}
            )
        return concept

    def _media(self, item: PhotoFile, patient: str) -> dict[str, Any]:
        photo = item.photo
        attachment: dict[str, Any] = {
            "contentType": item.content_type,
            "size": len(item.data),
            "hash": base64.b64encode(hashlib.sha1(item.data).digest()).decode("ascii"),
            "title": photo.original_name,
            "creation": _instant(photo.imported_at),
        }
        if self.include_photo_data:
            attachment["data"] = base64.b64encode(item.data).decode("ascii")
        return {
            "resourceType": "Media",
            "identifier": [{"system": PHOTO_SHA256_SYSTEM, "value": photo.sha256}],
            "status": "completed",
            "type": {"coding": [{"system": MEDIA_TYPE, "code": "image", "display": "Image"}]},
            "modality": {"text": photo.modality.value},
            "subject": {"reference": patient},
            "createdDateTime": _instant(photo.imported_at),
            "bodySite": self._body_site(),
            "width": photo.width,
            "height": photo.height,
            "frames": 1,
            "content": attachment,
        }

    def _device(self) -> dict[str, Any]:
        analysis = self.record.analysis
        assert analysis is not None
        pack_id = analysis.model_pack_id
        version = _pack_version(pack_id)
        properties = [
            {"type": {"text": f"sha256 {name}"}, "valueCode": [{"text": str(digest)}]}
            for name, digest in sorted(analysis.model_hashes.items())
        ]
        resource: dict[str, Any] = {
            "resourceType": "Device",
            "identifier": [{"system": MODEL_PACK_SYSTEM, "value": pack_id}],
            "status": "active",
            "deviceName": [{"name": pack_id, "type": "model-name"}],
            "type": {"text": "AI vision model pack (skin lesion classifier)"},
            "property": properties,
        }
        if version:
            resource["version"] = [{"value": version}]
        return resource

    def _observation(
        self, patient: str, device: str | None, media: list[str], **fields: Any
    ) -> dict[str, Any]:
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "status": self.status,
            "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "imaging"}]}],
            "subject": {"reference": patient},
            "bodySite": self._body_site(),
        }
        analysis = self.record.analysis
        if analysis is not None:
            resource["effectiveDateTime"] = _instant(analysis.created_at)
        if device is not None:
            resource["device"] = {"reference": device}
        if media:
            resource["derivedFrom"] = [{"reference": m} for m in media]
        resource.update(fields)
        return resource

    def _observations(self, patient: str, device: str | None, media: list[str]) -> list[str]:
        analysis = self.record.analysis
        if analysis is None:
            return []
        analyzed = [self.url("media", analysis.photo_id)]
        analyzed = [m for m in analyzed if m in media]
        urls = []
        for label, probability in sorted(analysis.probabilities.items()):
            coding = [{"system": HAM10000_SYSTEM, "code": label, "display": diagnosis_name(label)}]
            if label in DIAGNOSIS_SNOMED:
                code, display = DIAGNOSIS_SNOMED[label]
                coding.append({"system": SNOMED, "code": code, "display": display})
            resource = self._observation(
                patient,
                device,
                analyzed,
                code={"coding": coding, "text": f"Probability of {diagnosis_name(label)}"},
                valueQuantity=_quantity(float(probability), "1"),
            )
            urls.append(self.add(resource, "differential", label))
        for key, (text, unit) in NUMERIC_FINDINGS.items():
            value = analysis.findings.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                resource = self._observation(
                    patient,
                    device,
                    analyzed,
                    code=_local(FINDINGS_SYSTEM, key, text),
                    valueQuantity=_quantity(float(value), unit),
                )
                urls.append(self.add(resource, "finding", key))
        colours = analysis.findings.get("colours")
        if isinstance(colours, list) and colours:
            resource = self._observation(
                patient,
                device,
                analyzed,
                code=_local(FINDINGS_SYSTEM, "colours", "Colours in the lesion"),
                valueString=", ".join(str(c) for c in colours),
            )
            urls.append(self.add(resource, "finding", "colours"))
        quality = ", ".join(analysis.quality_flags) or "acceptable"
        resource = self._observation(
            patient,
            device,
            analyzed,
            code=_local(FINDINGS_SYSTEM, "image-quality", "Image quality verdict"),
            valueString=quality,
        )
        urls.append(self.add(resource, "finding", "quality"))
        uncertainty = analysis.uncertainty
        verdict = str(uncertainty.get("verdict", ""))
        if verdict:
            resource = self._observation(
                patient,
                device,
                analyzed,
                code=_local(FINDINGS_SYSTEM, "uncertainty-verdict", "Model uncertainty verdict"),
                valueCodeableConcept=_local(FINDINGS_SYSTEM, f"verdict-{verdict}", verdict),
                note=[{"text": str(uncertainty.get("reason") or verdict)}],
            )
            urls.append(self.add(resource, "finding", "uncertainty"))
        return urls

    def _practitioner(self) -> dict[str, Any]:
        signature = self.record.signature
        assert signature is not None
        return {
            "resourceType": "Practitioner",
            "identifier": [{"system": USER_SYSTEM, "value": signature.signer}],
            "name": [{"text": signature.printed_name}],
        }

    def _report(
        self, patient: str, observations: list[str], media: list[str], verifier: str | None
    ) -> dict[str, Any]:
        record = self.record
        resource: dict[str, Any] = {
            "resourceType": "DiagnosticReport",
            "identifier": [{"system": CASE_SYSTEM, "value": str(record.case.id)}],
            "status": self.status,
            "category": [
                {"coding": [{"system": OBSERVATION_CATEGORY, "code": "imaging"}]},
            ],
            "code": _local(FINDINGS_SYSTEM, "skin-lesion-triage", "Skin lesion photo triage"),
            "subject": {"reference": patient},
            "issued": _instant(
                record.signature.signed_at if record.signature else record.exported_at
            ),
            "result": [{"reference": o} for o in observations],
            "media": [{"link": {"reference": m}} for m in media],
        }
        if record.analysis is not None:
            resource["effectiveDateTime"] = _instant(record.analysis.created_at)
        if verifier is not None:
            resource["resultsInterpreter"] = [{"reference": verifier}]
        if record.draft is not None and record.draft.text.strip():
            resource["conclusion"] = record.draft.text
        return resource

    def _provenance(
        self, targets: list[str], device: str | None, verifier: str | None
    ) -> dict[str, Any]:
        record = self.record
        agents = []
        if device is not None:
            agents.append({"type": _participant("author", "Author"), "who": {"reference": device}})
        resource: dict[str, Any] = {
            "resourceType": "Provenance",
            "target": [{"reference": t} for t in targets],
            "recorded": _instant(record.exported_at),
            "agent": agents,
        }
        if record.audit_head is not None:
            # The audit trail's head when the bundle was made: an anchor kept off the machine
            # that `skinclinic audit verify --anchor ID:HASH` checks, as the PDF prints it.
            resource["entity"] = [
                {
                    "role": "source",
                    "what": {
                        "identifier": {"system": AUDIT_HEAD_SYSTEM, "value": record.audit_head},
                        "display": "SkinClinic audit trail at export",
                    },
                }
            ]
        if verifier is not None and record.signature is not None:
            signature = record.signature
            agents.append(
                {"type": _participant("verifier", "Verifier"), "who": {"reference": verifier}}
            )
            resource["recorded"] = _instant(signature.signed_at)
            resource["reason"] = [{"text": f"signature meaning: {signature.meaning}"}]
            resource["signature"] = [
                {
                    "type": [
                        {
                            "system": SIGNATURE_TYPE,
                            "code": VERIFICATION_SIGNATURE,
                            "display": "Verification Signature",
                        }
                    ],
                    "when": _instant(signature.signed_at),
                    "who": {"reference": verifier},
                }
            ]
        return resource


def _participant(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": PARTICIPANT_TYPE, "code": code, "display": display}]}


def _local(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": round(value, 6), "unit": unit, "system": UCUM, "code": unit}


def _instant(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _pack_version(pack_id: str) -> str:
    """The pack's manifest version when the pack is installed here; empty otherwise."""
    from skinclinic.errors import SkinClinicError
    from skinclinic.inference.pack import default_pack_dir

    try:
        manifest = json.loads((default_pack_dir(pack_id) / "manifest.json").read_text("utf-8"))
    except (SkinClinicError, OSError, ValueError):
        return ""
    return str(manifest.get("version", "")) if isinstance(manifest, dict) else ""
