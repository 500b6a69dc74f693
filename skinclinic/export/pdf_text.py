"""The fixed words of the PDF report and the fonts that print them.

Kept apart from the layout so another language only swaps these two records: a Chinese or
Japanese report registers a TrueType font with ReportLab and passes its names in `PdfFonts`,
and passes translated `PdfText`; `pdf.render_pdf` takes both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from skinclinic.export.vocabulary import DIAGNOSIS_NAMES, MEANING_TEXT, VERDICT_NAMES


@dataclass(frozen=True)
class PdfFonts:
    regular: str = "Helvetica"  # ReportLab's built-in Type 1 fonts: Latin text only
    bold: str = "Helvetica-Bold"


@dataclass(frozen=True)
class PdfText:
    title: str = "Skin lesion report"
    watermark: str = "PRELIMINARY AI DRAFT"
    preliminary_notice: str = (
        "PRELIMINARY AI DRAFT: not signed by a doctor. Not a diagnosis; do not act on it "
        "without a doctor's review."
    )
    patient: str = "Patient reference"
    birth_year: str = "Birth year"
    sex: str = "Sex"
    case: str = "Case"
    body_site: str = "Body site"
    photo: str = "Photo"
    photo_caption: str = (
        "{name}, {width} x {height} px, {modality}; outline: lesion border traced by the model"
    )
    quality: str = "Image quality"
    quality_ok: str = "acceptable"
    differential: str = "Differential (calibrated probabilities)"
    diagnosis: str = "Diagnosis"
    probability: str = "Probability"
    uncertainty: str = "Uncertainty"
    findings: str = "Findings"
    report: str = "Report"
    no_draft: str = "No report text has been written for this case."
    no_analysis: str = "This case has not been analyzed."
    signature: str = "Signature"
    signed_line: str = "Electronically signed by {name} on {when} UTC. Meaning: {meaning}."
    signature_record: str = "Signed record sha256: {sha256}"
    model: str = "Model pack {pack} (vision encoder), analysis of {when} UTC"
    page: str = "Page {page}"
    exported: str = "Exported {when} UTC"
    diagnosis_names: Mapping[str, str] = field(default_factory=lambda: dict(DIAGNOSIS_NAMES))
    verdict_names: Mapping[str, str] = field(default_factory=lambda: dict(VERDICT_NAMES))
    meaning_text: Mapping[str, str] = field(default_factory=lambda: dict(MEANING_TEXT))
    finding_names: Mapping[str, str] = field(
        default_factory=lambda: {
            "area_fraction": "Lesion area (fraction of the photo)",
            "asymmetry": "Asymmetry (0 symmetric - 1)",
            "border_irregularity": "Border irregularity (1 = circle)",
            "diameter_px": "Largest diameter (pixels of the photo)",
            "colour_count": "Number of colours",
            "colours": "Colours",
        }
    )
