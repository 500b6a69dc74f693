"""Body-site coding details: DICOM Image Laterality (U for midline regions) and the side kept in
FHIR as a SNOMED CT post-coordinated expression; markup in a body site prints as text in the PDF."""

from __future__ import annotations

import io
import json

import pydicom
import pypdf
import pytest
from fhir.resources.R4B.bundle import Bundle

from skinclinic.export.body_sites import parse_body_site
from skinclinic.export.dicom import dicom_files
from skinclinic.export.fhir import bundle_json
from skinclinic.export.fhir_checks import bundle_problems
from skinclinic.export.pdf import render_pdf
from skinclinic.export.record import load_record
from skinclinic.export.vocabulary import SNOMED
from tests.export.conftest import World


@pytest.mark.parametrize(
    ("text", "laterality", "expression"),
    [
        ("left forearm", "L", "14975008:272741003=7771000"),
        ("Right lower leg", "R", "30021000:272741003=24028007"),
        ("both hands", "B", "85562004:272741003=51440002"),
        ("upper back", "U", None),  # midline: unpaired, no side to state
        ("face", "U", None),
        ("thigh", None, None),  # paired but the side was not given: unknown, not "U"
        ("left mystery spot", "L", None),  # no region code, so no expression
    ],
)
def test_laterality_and_expression(
    text: str, laterality: str | None, expression: str | None
) -> None:
    site = parse_body_site(text)
    assert site.image_laterality == laterality
    assert site.snomed_expression == expression


def test_midline_site_is_unpaired_in_dicom_and_side_reaches_fhir(world: World) -> None:
    case_id = world.case(site="upper back")
    (file,) = dicom_files(load_record(world.services, case_id))
    ds = pydicom.dcmread(io.BytesIO(file.data))
    assert ds.ImageLaterality == "U"
    assert "AnatomicRegionModifierSequence" not in ds.AnatomicRegionSequence[0]

    sided = world.case(site="left forearm")
    raw = bundle_json(load_record(world.services, sided), include_photo_data=False)
    Bundle.model_validate_json(raw)
    data = json.loads(raw)
    assert bundle_problems(data, signed=False) == []
    sites = [e["resource"]["bodySite"] for e in data["entry"] if "bodySite" in e["resource"]]
    assert sites
    for site in sites:
        codes = [(c["system"], c["code"]) for c in site["coding"]]
        assert codes == [(SNOMED, "14975008"), (SNOMED, "14975008:272741003=7771000")]
        assert site["text"] == "left forearm"


def test_markup_in_a_body_site_prints_as_text(world: World) -> None:
    hostile_site = '<a href="http://evil.example">left</a> forearm & <b>x</b>'
    case_id = world.case(site=hostile_site, sign=True)
    data = render_pdf(load_record(world.services, case_id))
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert hostile_site in text
    assert b"/URI" not in data and all("/Annots" not in page for page in reader.pages)
