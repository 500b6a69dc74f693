"""PDF report: text extracted back with pypdf; watermark vs signature; nothing interpreted."""

from __future__ import annotations

import io

import pypdf

from skinclinic.export.pdf import render_pdf
from skinclinic.export.record import load_record
from tests.export.conftest import HOSTILE_DRAFT, World


def _pdf(world: World, case_id: int, clinic: str | None = None) -> tuple[bytes, list[str]]:
    data = render_pdf(load_record(world.services, case_id, clinic_name=clinic))
    reader = pypdf.PdfReader(io.BytesIO(data))
    return data, [page.extract_text() for page in reader.pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_unsigned_case_prints_as_a_watermarked_preliminary_draft(world: World) -> None:
    case_id = world.case()
    _data, pages = _pdf(world, case_id)
    assert all("PRELIMINARY AI DRAFT" in page for page in pages)  # the watermark, every page
    text = _flat("\n".join(pages))
    assert "SkinClinic" in text  # no clinic name in the settings
    assert "P-EXPORT1" in text and "left forearm" in text
    assert "Differential (calibrated probabilities)" in text and "Melanoma" in text
    # the typed site "left forearm" reached the vision model's context prior
    assert "Adjusted for the patient: upper extremity." in text
    assert "Uncertainty" in text and "Image quality" in text and "Findings" in text
    assert "Pigmented lesion; refer for dermoscopy review." in text
    assert "Electronically signed" not in text


def test_signed_case_shows_the_signature_and_no_watermark(world: World) -> None:
    case_id = world.case(sign=True)
    signature = world.review.signatures(case_id)[-1]
    _data, pages = _pdf(world, case_id, clinic="Harbour Dermatology")
    text = _flat("\n".join(pages))
    assert "PRELIMINARY AI DRAFT" not in text
    assert "Harbour Dermatology" in text
    when = signature.signed_at.strftime("%Y-%m-%d %H:%M:%S")
    assert f"Electronically signed by Dr Meredith Grey on {when} UTC" in text
    assert "Meaning: I approve this report." in text
    assert signature.record_sha256 in text


def test_the_pdf_carries_the_audit_head_as_an_anchor_that_verifies(world: World) -> None:
    from skinclinic.services.integrity import AuditAnchor, check_integrity

    case_id = world.case(sign=True)
    head = world.services.repository.audit_head()
    assert head is not None
    _data, pages = _pdf(world, case_id)
    text = _flat("\n".join(pages))
    assert f"Audit trail at export: {head.id}:{head.hash}" in text
    anchor = AuditAnchor.parse(text.split("Audit trail at export: ")[1].split()[0])
    report = check_integrity(world.services, anchor)
    assert report.problems == []
    assert report.head == anchor


def test_markup_and_urls_in_a_draft_print_as_plain_text(world: World) -> None:
    case_id = world.case(draft=HOSTILE_DRAFT)
    data, pages = _pdf(world, case_id, clinic="<b>Bold & Co</b>")
    text = _flat("\n".join(pages))
    assert '<b>x</b> <a href="http://evil">y</a> &amp; <img src="http://x/y.png"/>' in text
    assert "https://evil.example/phish" in text and "<font color=red>z</font>" in text
    assert "<b>Bold & Co</b>" in text
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert all("/Annots" not in page for page in reader.pages)  # no link annotation
    assert b"/URI" not in data and b"/Link" not in data
    # Only the photo is embedded: one image, no fetched one.
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 1
