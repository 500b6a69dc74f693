"""FHIR R4B bundle: parsed back by fhir.resources, statuses preliminary vs final, our checks."""

from __future__ import annotations

import base64
import copy
import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from skinclinic.export.errors import ExportError
from skinclinic.export.fhir import bundle_json
from skinclinic.export.fhir_checks import bundle_problems, check_bundle
from skinclinic.export.record import load_record
from skinclinic.export.vocabulary import HAM10000_SYSTEM, SNOMED
from skinclinic.services.integrity import AuditAnchor, check_integrity
from tests.export.conftest import World


def _resources(data: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_unsigned_bundle_is_preliminary(world: World) -> None:
    case_id = world.case()
    raw = bundle_json(load_record(world.services, case_id))
    bundle = Bundle.model_validate_json(raw)  # the library parses it back
    assert bundle.type == "collection"
    data = json.loads(raw)
    (report,) = _resources(data, "DiagnosticReport")
    assert report["status"] == "preliminary"
    observations = _resources(data, "Observation")
    assert observations and {o["status"] for o in observations} == {"preliminary"}
    assert not _resources(data, "Practitioner")
    (provenance,) = _resources(data, "Provenance")
    assert [a["type"]["coding"][0]["code"] for a in provenance["agent"]] == ["author"]
    assert "signature" not in provenance
    assert bundle_problems(data, signed=False) == []


def test_signed_bundle_is_final_with_the_doctor_as_verifier(world: World) -> None:
    case_id = world.case(sign=True)
    record = load_record(world.services, case_id)
    data = json.loads(bundle_json(record))
    Bundle.model_validate(data)
    (report,) = _resources(data, "DiagnosticReport")
    assert report["status"] == "final"
    assert report["conclusion"] == record.draft.text  # type: ignore[union-attr]
    assert {o["status"] for o in _resources(data, "Observation")} == {"final"}
    (patient,) = _resources(data, "Patient")
    assert patient["identifier"][0]["value"] == "P-EXPORT1"
    (doctor,) = _resources(data, "Practitioner")
    assert doctor["name"][0]["text"] == "Dr Meredith Grey"
    (provenance,) = _resources(data, "Provenance")
    roles = {a["type"]["coding"][0]["code"]: a["who"]["reference"] for a in provenance["agent"]}
    (device,) = _resources(data, "Device")
    assert roles["author"].endswith(device["id"]) and roles["verifier"].endswith(doctor["id"])
    signature = record.signature
    assert signature is not None
    assert provenance["signature"][0]["when"] == signature.signed_at.isoformat(timespec="seconds")
    (entity,) = provenance["entity"]
    anchor = AuditAnchor.parse(entity["what"]["identifier"]["value"])
    assert str(anchor) == record.audit_head
    assert check_integrity(world.services, anchor).problems == []
    analysis = record.analysis
    assert analysis is not None
    hashes = {p["type"]["text"]: p["valueCode"][0]["text"] for p in device["property"]}
    assert hashes == {f"sha256 {k}": v for k, v in analysis.model_hashes.items()}
    (media,) = _resources(data, "Media")
    photo = record.photos[0]
    assert media["identifier"][0]["value"] == photo.photo.sha256
    assert media["content"]["contentType"] == "image/jpeg"
    assert base64.b64decode(media["content"]["data"]) == photo.data
    assert media["bodySite"]["coding"][0]["code"] == "14975008"  # forearm


def test_differential_observations_carry_local_and_snomed_codes(world: World) -> None:
    case_id = world.case()
    record = load_record(world.services, case_id)
    data = json.loads(bundle_json(record, include_photo_data=False))
    by_label = {}
    for observation in _resources(data, "Observation"):
        codings = observation["code"]["coding"]
        if codings[0]["system"] == HAM10000_SYSTEM:
            by_label[codings[0]["code"]] = observation
    analysis = record.analysis
    assert analysis is not None
    assert set(by_label) == set(analysis.probabilities)
    for label, probability in analysis.probabilities.items():
        assert by_label[label]["valueQuantity"]["value"] == pytest.approx(probability)
    mel_codes = {(c["system"], c["code"]) for c in by_label["mel"]["code"]["coding"]}
    assert (SNOMED, "93655004") in mel_codes
    assert all(c["system"] != SNOMED for c in by_label["bkl"]["code"]["coding"])
    assert "data" not in _resources(data, "Media")[0]["content"]


def test_own_checks_catch_what_the_library_accepts(world: World) -> None:
    case_id = world.case(sign=True)
    good = json.loads(bundle_json(load_record(world.services, case_id)))
    dangling = copy.deepcopy(good)
    _resources(dangling, "DiagnosticReport")[0]["subject"]["reference"] = "urn:uuid:0000"
    Bundle.model_validate(dangling)  # the library is happy
    with pytest.raises(ExportError, match="points outside the bundle"):
        check_bundle(dangling, signed=True)
    preliminary = copy.deepcopy(good)
    _resources(preliminary, "DiagnosticReport")[0]["status"] = "preliminary"
    assert any("DiagnosticReport status" in p for p in bundle_problems(preliminary, signed=True))
    assert any("verifier" in p for p in bundle_problems(good, signed=False))
