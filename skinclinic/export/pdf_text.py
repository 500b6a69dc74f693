"""The fixed words of the PDF report and the fonts that print them.

Kept apart from the layout so another language only swaps these two records: `text_for(lang)`
gives the translated `PdfText` and `pdf_fonts.fonts_for(lang)` the fonts; `pdf.render_pdf`
takes both. Diagnosis, colour, body-site and sex names come from the structured report's tables
(skinclinic.report.report_text), so the PDF and the draft use the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from skinclinic.export.vocabulary import DIAGNOSIS_NAMES, MEANING_TEXT, VERDICT_NAMES
from skinclinic.report import report_text


@dataclass(frozen=True)
class PdfFonts:
    regular: str = "Helvetica"  # ReportLab's built-in Type 1 fonts: Latin text only
    bold: str = "Helvetica-Bold"


@dataclass(frozen=True)
class PdfText:
    language: str = "en"  # also picks the words for values the analysis stores in English
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
    separator: str = "; "
    list_separator: str = ", "
    colon: str = ": "
    differential: str = "Differential (calibrated probabilities)"
    diagnosis: str = "Diagnosis"
    probability: str = "Probability"
    context_used: str = "Adjusted for the patient: {parts}."
    context_none: str = "Read from the photo alone: no patient age, sex or body site was used."
    age: str = "age {age}"
    uncertainty: str = "Uncertainty"
    findings: str = "Findings"
    report: str = "Report"
    no_draft: str = "No report text has been written for this case."
    no_analysis: str = "This case has not been analyzed."
    signature: str = "Signature"
    signed_line: str = "Electronically signed by {name} on {when} UTC. Meaning: {meaning}."
    signature_record: str = "Signed record sha256: {sha256}"
    audit_head: str = "Audit trail at export: {anchor}"
    model: str = "Model pack {pack} (vision encoder), analysis of {when} UTC"
    page: str = "Page {page}"
    exported: str = "Exported {when} UTC"
    diagnosis_names: Mapping[str, str] = field(default_factory=lambda: dict(DIAGNOSIS_NAMES))
    verdict_names: Mapping[str, str] = field(default_factory=lambda: dict(VERDICT_NAMES))
    meaning_text: Mapping[str, str] = field(default_factory=lambda: dict(MEANING_TEXT))
    modality_names: Mapping[str, str] = field(default_factory=dict)
    status_names: Mapping[str, str] = field(default_factory=dict)
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


_TRANSLATED: dict[str, dict[str, str]] = {
    "zh_CN": {
        "title": "皮损报告",
        "watermark": "初步AI草稿",
        "preliminary_notice": "初步AI草稿：尚未经医生签署。并非诊断；未经医生审阅，请勿据此处理。",
        "patient": "患者编号",
        "birth_year": "出生年份",
        "sex": "性别",
        "case": "病例",
        "body_site": "部位",
        "photo": "照片",
        "photo_caption": "{name}，{width} x {height} px，{modality}；轮廓：模型描出的皮损边界",
        "quality": "图像质量",
        "quality_ok": "合格",
        "separator": "；",
        "list_separator": "、",
        "colon": "：",
        "differential": "鉴别诊断（校准概率）",
        "diagnosis": "诊断",
        "probability": "概率",
        "context_used": "已结合患者信息调整：{parts}。",
        "context_none": "仅根据照片判读：未使用患者的年龄、性别或部位。",
        "age": "{age} 岁",
        "uncertainty": "不确定性",
        "findings": "测量所见",
        "report": "报告",
        "no_draft": "此病例尚未撰写报告。",
        "no_analysis": "此病例尚未分析。",
        "signature": "签名",
        "signed_line": "由 {name} 于 {when} UTC 电子签署。签名含义：{meaning}。",
        "signature_record": "已签署记录的 sha256：{sha256}",
        "audit_head": "导出时的审计记录：{anchor}",
        "model": "模型包 {pack}（视觉编码器），分析时间 {when} UTC",
        "page": "第 {page} 页",
        "exported": "导出时间 {when} UTC",
    },
    "ja": {
        "title": "皮膚病変レポート",
        "watermark": "AI による暫定下書き",
        "preliminary_notice": "AI による暫定下書き：医師の署名はありません。"
        "診断ではありません。医師の確認なしにこれに基づいて対応しないでください。",
        "patient": "患者参照番号",
        "birth_year": "生年",
        "sex": "性別",
        "case": "症例",
        "body_site": "部位",
        "photo": "写真",
        "photo_caption": "{name}、{width} x {height} px、{modality}。"
        "輪郭：モデルが描いた病変の境界",
        "quality": "画像の品質",
        "quality_ok": "良好",
        "separator": "、",
        "list_separator": "・",
        "colon": "：",
        "differential": "鑑別診断（較正済みの確率）",
        "diagnosis": "診断",
        "probability": "確率",
        "context_used": "患者情報で補正済み：{parts}。",
        "context_none": "写真のみで判定：患者の年齢・性別・部位は使用していません。",
        "age": "{age} 歳",
        "uncertainty": "不確実性",
        "findings": "計測所見",
        "report": "レポート",
        "no_draft": "この症例のレポートはまだ書かれていません。",
        "no_analysis": "この症例はまだ解析されていません。",
        "signature": "署名",
        "signed_line": "{name} が {when} UTC に電子署名しました。署名の意味：{meaning}。",
        "signature_record": "署名された記録の sha256：{sha256}",
        "audit_head": "出力時の監査証跡：{anchor}",
        "model": "モデルパック {pack}（画像エンコーダー）、解析日時 {when} UTC",
        "page": "{page} ページ",
        "exported": "出力日時 {when} UTC",
    },
}
_VERDICTS = {
    "zh_CN": {"confident": "把握较高", "uncertain": "不确定", "refer": "转诊至专科医生"},
    "ja": {"confident": "確信度は高い", "uncertain": "不確実", "refer": "専門医へ紹介"},
}
_MEANINGS = {
    "zh_CN": {
        "review": "本人已审阅此报告",
        "approval": "本人批准此报告",
        "responsibility": "本人对此报告负责",
    },
    "ja": {
        "review": "私はこのレポートを確認しました",
        "approval": "私はこのレポートを承認します",
        "responsibility": "私はこのレポートに責任を負います",
    },
}
_FINDINGS = {
    "zh_CN": {
        "area_fraction": "皮损面积（占照片的比例）",
        "asymmetry": "不对称度（0 对称 - 1）",
        "border_irregularity": "边界不规则度（1 = 圆）",
        "diameter_px": "最大直径（照片像素）",
        "colour_count": "颜色数",
        "colours": "颜色",
    },
    "ja": {
        "area_fraction": "病変の面積（写真に占める割合）",
        "asymmetry": "非対称性（0 対称 - 1）",
        "border_irregularity": "境界の不整（1 = 円）",
        "diameter_px": "最大径（写真のピクセル）",
        "colour_count": "色の数",
        "colours": "色",
    },
}
_MODALITIES = {
    "zh_CN": {"dermoscopic": "皮肤镜照片", "clinical": "临床照片"},
    "ja": {"dermoscopic": "ダーモスコピー画像", "clinical": "臨床写真"},
}
# The GUI catalogue's words for the case statuses.
_STATUSES = {
    "zh_CN": {
        "new": "新建",
        "analyzed": "已分析",
        "drafted": "已起草",
        "signed": "已签署",
        "amended": "已修订",
    },
    "ja": {
        "new": "新規",
        "analyzed": "解析済み",
        "drafted": "下書き済み",
        "signed": "署名済み",
        "amended": "修正済み",
    },
}
LANGUAGES = ("en", *_TRANSLATED)


def text_for(language: str) -> PdfText:
    """The report's fixed words in `language`; English for a language without them."""
    if language not in _TRANSLATED:
        return PdfText()
    return PdfText(
        language=language,
        **_TRANSLATED[language],
        diagnosis_names={**DIAGNOSIS_NAMES, **report_text.DIAGNOSIS_NAMES[language]},
        verdict_names={**VERDICT_NAMES, **_VERDICTS[language]},
        meaning_text={**MEANING_TEXT, **_MEANINGS[language]},
        finding_names=_FINDINGS[language],
        modality_names=_MODALITIES[language],
        status_names=_STATUSES[language],
    )
