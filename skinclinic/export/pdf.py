"""The PDF report of a case (ReportLab).

Every piece of text that did not come from `PdfText` (draft, model reasons, patient reference,
body site, clinic name) goes through `markup.plain`, so nothing in it is interpreted. The only
image is the analyzed photo, decoded from the local store and handed over as bytes: ReportLab
is never given a path or URL to open. An unsigned case carries a diagonal watermark on every
page and a notice above the report. In Chinese or Japanese the fixed words, names and the
analysis's own sentences are translated (same numbers) and an embedded CJK font prints them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from skinclinic.export.markup import plain
from skinclinic.export.pdf_photo import outlined_photo_jpeg
from skinclinic.export.pdf_text import PdfFonts, PdfText, text_for
from skinclinic.export.record import ExportRecord
from skinclinic.report import report_text
from skinclinic.report.analysis_text import localise

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

FINDING_KEYS = (
    "area_fraction",
    "asymmetry",
    "border_irregularity",
    "diameter_px",
    "colour_count",
    "colours",
)


def render_pdf(
    record: ExportRecord,
    *,
    fonts: PdfFonts | None = None,
    text: PdfText | None = None,
    language: str = "en",
) -> bytes:
    """The report as PDF bytes, in `language` ("en", "zh_CN", "ja"; others print English)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from skinclinic.export.pdf_fonts import fonts_for

    text = text or text_for(language)
    fonts = fonts or fonts_for(text.language)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=24 * mm,
        bottomMargin=18 * mm,
        title=f"{text.title} - case {record.case.id}",
        author=record.clinic_name,
        creator="SkinClinic",
        subject="signed report" if record.signed else text.watermark,
    )
    decorate = _page_decoration(record, fonts, text)
    doc.build(_story(record, fonts, text), onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()


def _page_decoration(
    record: ExportRecord, fonts: PdfFonts, text: PdfText
) -> Callable[[Canvas, Any], None]:
    from reportlab.lib.units import mm

    def decorate(canvas: Canvas, doc: Any) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFont(fonts.bold, 12)
        canvas.drawString(doc.leftMargin, height - 14 * mm, record.clinic_name)
        canvas.setFont(fonts.regular, 8)
        canvas.drawRightString(
            width - doc.rightMargin,
            height - 14 * mm,
            text.exported.format(when=_utc(record.exported_at)),
        )
        canvas.drawRightString(
            width - doc.rightMargin, 10 * mm, text.page.format(page=canvas.getPageNumber())
        )
        if not record.signed:
            canvas.setFont(fonts.bold, 54)
            canvas.setFillColorRGB(0.85, 0.1, 0.1, alpha=0.22)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, text.watermark)
        canvas.restoreState()

    return decorate


def _story(record: ExportRecord, fonts: PdfFonts, text: PdfText) -> list[Flowable]:
    from reportlab.platypus import Spacer

    s = _Styles(fonts)
    story: list[Flowable] = [s.para(plain(text.title), "title")]
    if not record.signed:
        story.append(s.para(plain(text.preliminary_notice), "warning"))
    story.append(_patient_table(record, s, text))
    story += _photo(record, s, text)
    story += _analysis(record, s, text)
    story.append(s.para(plain(text.report), "h2"))
    draft_text = record.draft.text if record.draft and record.draft.text.strip() else None
    story.append(s.para(plain(draft_text or text.no_draft), "body"))
    if record.signature is not None:
        sig = record.signature
        meaning = text.meaning_text.get(sig.meaning, sig.meaning)
        line = text.signed_line.format(
            name=sig.printed_name, when=_utc(sig.signed_at), meaning=meaning
        )
        story += [
            Spacer(1, 8),
            s.para(plain(text.signature), "h2"),
            s.para(plain(line), "signature"),
            s.para(plain(text.signature_record.format(sha256=sig.record_sha256)), "small"),
        ]
    if record.audit_head is not None:
        story.append(s.para(plain(text.audit_head.format(anchor=record.audit_head)), "small"))
    return story


def _patient_table(record: ExportRecord, s: _Styles, text: PdfText) -> Flowable:
    patient = record.patient
    status = record.case.status.value
    rows = [
        (text.patient, patient.reference),
        (text.birth_year, "" if patient.birth_year is None else str(patient.birth_year)),
        (text.sex, report_text.word(report_text.SEX_NAMES, text.language, patient.sex.value)),
        (text.case, f"{record.case.id} ({text.status_names.get(status, status)})"),
        (
            text.body_site,
            report_text.word(report_text.BODY_SITES, text.language, record.case.body_site),
        ),
    ]
    return s.table([[s.para(plain(k), "label"), s.para(plain(v), "body")] for k, v in rows])


def _photo(record: ExportRecord, s: _Styles, text: PdfText) -> list[Flowable]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Image

    item = record.analyzed_photo
    if item is None:
        return []
    outline: list[Any] = []
    if record.analysis is not None and record.analysis.photo_id == item.photo.id:
        outline = list(record.analysis.findings.get("outline") or [])
    jpeg = outlined_photo_jpeg(item, outline)
    photo = item.photo
    scale = min(120 * mm / photo.width, 90 * mm / photo.height)
    caption = text.photo_caption.format(
        name=photo.original_name,
        width=photo.width,
        height=photo.height,
        modality=text.modality_names.get(photo.modality.value, photo.modality.value),
    )
    return [
        s.para(plain(text.photo), "h2"),
        Image(io.BytesIO(jpeg), width=photo.width * scale, height=photo.height * scale),
        s.para(plain(caption), "small"),
    ]


def _context_line(context: object, text: PdfText) -> str:
    """Which patient context (age, sex, body site) the differential weighed, if any."""
    if not isinstance(context, Mapping) or not context:
        return text.context_none
    parts = []
    if "age" in context:
        parts.append(text.age.format(age=context["age"]))
    if "sex" in context:
        parts.append(report_text.word(report_text.SEX_NAMES, text.language, str(context["sex"])))
    if "site" in context:
        parts.append(report_text.word(report_text.BODY_SITES, text.language, str(context["site"])))
    return text.context_used.format(parts=text.list_separator.join(parts))


def _analysis(record: ExportRecord, s: _Styles, text: PdfText) -> list[Flowable]:
    analysis = record.analysis
    if analysis is None:
        return [s.para(plain(text.no_analysis), "body")]
    uncertainty: Mapping[str, Any] = analysis.uncertainty
    messages = [
        localise(str(m), text.language, {}) for m in uncertainty.get("quality_messages") or []
    ]
    if analysis.quality_flags:
        quality = text.separator.join(messages or list(analysis.quality_flags))
    else:
        quality = text.quality_ok
    flows: list[Flowable] = [
        s.para(plain(text.quality), "h2"),
        s.para(plain(quality), "body"),
    ]
    probabilities = sorted(
        analysis.probabilities.items(), key=lambda item: float(item[1]), reverse=True
    )
    if probabilities:
        rows = [[s.para(plain(text.diagnosis), "label"), s.para(plain(text.probability), "label")]]
        rows += [
            [
                s.para(plain(text.diagnosis_names.get(label, label)), "body"),
                s.para(plain(f"{float(p):.2f}"), "body"),
            ]
            for label, p in probabilities
        ]
        flows += [
            s.para(plain(text.differential), "h2"),
            s.table(rows),
            s.para(plain(_context_line(uncertainty.get("context"), text)), "body"),
        ]
    verdict = str(uncertainty.get("verdict", ""))
    if verdict:
        reason = localise(str(uncertainty.get("reason", "")), text.language, {})
        verdict_line = f"{text.verdict_names.get(verdict, verdict)}{text.colon}{reason}"
        flows += [s.para(plain(text.uncertainty), "h2"), s.para(plain(verdict_line), "body")]
    findings = _finding_rows(analysis.findings, text)
    if findings:
        flows += [
            s.para(plain(text.findings), "h2"),
            s.table([[s.para(plain(k), "label"), s.para(plain(v), "body")] for k, v in findings]),
        ]
    model_line = text.model.format(pack=analysis.model_pack_id, when=_utc(analysis.created_at))
    flows.append(s.para(plain(model_line), "small"))
    return flows


def _finding_rows(findings: Mapping[str, Any], text: PdfText) -> list[tuple[str, str]]:
    rows = []
    for key in FINDING_KEYS:
        if key not in findings:
            continue
        value = findings[key]
        if isinstance(value, list | tuple):
            words = (
                report_text.word(report_text.COLOUR_NAMES, text.language, str(v)) for v in value
            )
            shown = text.list_separator.join(words)
        elif isinstance(value, float):
            shown = f"{value:.3g}"
        else:
            shown = str(value)
        rows.append((text.finding_names.get(key, key), shown))
    return rows


def _utc(moment: datetime) -> str:
    from datetime import UTC

    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class _Styles:
    """Paragraph styles in the chosen fonts."""

    def __init__(self, fonts: PdfFonts) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        self.fonts = fonts
        body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=13)
        self.styles = {
            "body": body,
            "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=10),
            "label": ParagraphStyle("label", parent=body, fontName=fonts.bold),
            "title": ParagraphStyle(
                "title", parent=body, fontName=fonts.bold, fontSize=16, leading=22
            ),
            "h2": ParagraphStyle(
                "h2", parent=body, fontName=fonts.bold, fontSize=11, leading=15, spaceBefore=8
            ),
            "warning": ParagraphStyle(
                "warning",
                parent=body,
                fontName=fonts.bold,
                textColor=colors.Color(0.7, 0.05, 0.05),
                borderColor=colors.Color(0.7, 0.05, 0.05),
                borderWidth=1,
                borderPadding=4,
                spaceBefore=4,
                spaceAfter=8,
            ),
            "signature": ParagraphStyle("signature", parent=body, fontName=fonts.bold),
        }

    def para(self, markup: str, style: str) -> Flowable:
        """`markup` must come from `markup.plain` (or be fixed, trusted markup)."""
        from reportlab.platypus import Paragraph

        return Paragraph(markup, self.styles[style])

    def table(self, rows: list[list[Flowable]]) -> Flowable:
        from reportlab.lib import colors
        from reportlab.lib.units import mm
        from reportlab.platypus import Table, TableStyle

        table = Table(rows, colWidths=[60 * mm, 110 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table
