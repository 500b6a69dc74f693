"""Training text written by this project: from HAM10000 labels and metadata (age, sex, body site)
and the analysis the shipped vision pack measured on each photo.

Narratives and answers are built from templates with many variants and say only what the
analysis says: the leading diagnosis is the classifier's top-1 (never the data set's label, which
the app cannot know), every number is one of the analysis's values, certainty words appear only
on a "confident" verdict. The prompt side comes from skinclinic.report.prompt, so the training
prompt and the app's prompt are the same text.

The same texts in Simplified Chinese (`language="zh_CN"`): the same facts and rule, written so
that the Chinese grounding check passes on every one; the prompt's findings stay English (the
model reads one form of the numbers) and its task line names the language. English output is
unchanged for the same rng.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from skinclinic.core.domain import Analysis
from skinclinic.report import prompt, report_text
from skinclinic.report.structured import StructuredReport, build_structured

LANGUAGES = ("en", "zh_CN")

NAMES = {
    "akiec": "Actinic keratosis / intraepithelial carcinoma (Bowen's disease)",
    "bcc": "Basal cell carcinoma",
    "bkl": "Benign keratosis-like lesion",
    "df": "Dermatofibroma",
    "mel": "Melanoma",
    "nv": "Melanocytic naevus",
    "vasc": "Vascular lesion",
}
SHORT = {
    "akiec": [
        "actinic keratosis / intraepithelial carcinoma",
        "actinic keratosis or Bowen's disease",
    ],
    "bcc": ["basal cell carcinoma"],
    "bkl": ["benign keratosis-like lesion", "benign keratosis"],
    "df": ["dermatofibroma"],
    "mel": ["melanoma"],
    "nv": ["melanocytic naevus", "naevus"],
    "vasc": ["vascular lesion"],
}
SITES = {"unknown": None, "": None}
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def to_analysis(record: dict[str, Any]) -> Analysis:
    return Analysis(
        id=0,
        case_id=0,
        photo_id=0,
        model_pack_id="ham10000-effnetlite0-v1",
        model_hashes={},
        probabilities=record["probabilities"],
        uncertainty=record["uncertainty"],
        quality_flags=tuple(record["quality_flags"]),
        findings=record["findings"],
        timings_ms={},
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def facts(record: dict[str, Any]) -> prompt.CaseFacts:
    site = record.get("site") or None
    site = SITES.get(site, site)
    age = int(record["age"]) if record.get("age") else None
    sex = record.get("sex") if record.get("sex") in ("male", "female") else None
    return prompt.CaseFacts(site=site, sex=sex, age=age)


def name(code: str, rng: random.Random) -> str:
    return rng.choice(SHORT[code])


def _p(p: float, rng: random.Random) -> str:
    return f"{p:.2f}" if rng.random() < 0.7 else f"{p * 100:.0f}%"


def _opening(f: prompt.CaseFacts, rng: random.Random) -> str:
    who = {"male": "man", "female": "woman"}.get(f.sex or "", "patient")
    site = f"the {f.site}" if f.site else None
    options = []
    if f.age and site:
        options += [
            f"Dermoscopic image of a lesion on {site} of a {f.age}-year-old {who}.",
            f"A {f.age}-year-old {who} with a lesion on {site}.",
            f"This dermoscopy photo shows a lesion on {site} ({who}, {f.age} years).",
        ]
    if site:
        options += [
            f"The photo shows a lesion on {site}.",
            f"Lesion on {site}, seen with dermoscopy.",
        ]
    options += [
        "Dermoscopic image of a single skin lesion.",
        "The photo shows one pigmented skin lesion.",
    ]
    return rng.choice(options)


def _morphology(findings: dict[str, Any], rng: random.Random) -> str:
    if not findings.get("lesion_found"):
        return "No clear lesion outline was found in the photo."
    a, b = float(findings["asymmetry"]), float(findings["border_irregularity"])
    colours = list(findings.get("colours") or [])
    sym = (
        "fairly symmetric" if a < 0.15 else "mildly asymmetric" if a < 0.3 else "clearly asymmetric"
    )
    border = (
        "a regular border"
        if b < 1.25
        else "a slightly irregular border"
        if b < 1.6
        else "an irregular border"
    )
    pct = f"{float(findings['area_fraction']) * 100:.0f}%"
    colour_text = ""
    if colours:
        n = WORDS.get(len(colours), str(len(colours)))
        colour_text = rng.choice(
            [
                f" with {n} colour{'s' if len(colours) > 1 else ''} ({', '.join(colours)})",
                f"; colours seen: {', '.join(colours)}",
            ]
        )
    return rng.choice(
        [
            f"It is {sym} (asymmetry {a:.2f}) with {border}{colour_text}.",
            f"The lesion covers {pct} of the photo, is {sym} and has {border}{colour_text}.",
            f"Morphology: {sym}, {border} (irregularity {b:.2f}){colour_text}.",
        ]
    )


def _differential(report: StructuredReport, rng: random.Random) -> str:
    top, rest = report.differential[0], report.differential[1:]
    lead = rng.choice(
        [
            f"The most likely diagnosis is {name(top.code, rng)} ({_p(top.probability, rng)})",
            f"The classifier favours {name(top.code, rng)} at {_p(top.probability, rng)}",
            f"Leading diagnosis: {name(top.code, rng)} (probability {top.probability:.2f})",
        ]
    )
    if rest:
        alt = " and ".join(f"{name(d.code, rng)} ({_p(d.probability, rng)})" for d in rest)
        lead += rng.choice(
            [
                f", followed by {alt}.",
                f"; the alternatives are {alt}.",
                f", with {alt} less likely.",
            ]
        )
    else:
        lead += rng.choice([", with no other diagnosis above 0.05.", "."]) if False else "."
    return lead


def _verdict(report: StructuredReport, probabilities: dict[str, float], rng: random.Random) -> str:
    v = report.verdict
    if v == "confident":
        return rng.choice(["The model is confident in this reading.", "The reading is confident."])
    if v == "uncertain":
        return rng.choice(
            [
                "The model is uncertain and abstains: a doctor must decide.",
                "The reading is uncertain, so it should not be relied on alone.",
            ]
        )
    malignant = [c for c in ("mel", "bcc", "akiec") if probabilities.get(c, 0) >= 0.2]
    if malignant:
        c = malignant[0]
        return rng.choice(
            [
                f"Because {name(c, rng)} reaches {probabilities[c]:.2f}, "
                "the case is flagged for referral.",
                f"The case is flagged for referral: {name(c, rng)} cannot be excluded.",
            ]
        )
    return rng.choice(
        [
            "The case is flagged for referral; the reading must not be relied on without a doctor.",
            "The photo looks unlike the training images, so the case is flagged for referral.",
        ]
    )


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"No training texts for language {language!r}; have {LANGUAGES}")


def narrative(record: dict[str, Any], rng: random.Random, *, language: str = "en") -> str:
    _check_language(language)
    if language == "zh_CN":
        return _narrative_zh(record, rng)
    a = to_analysis(record)
    report = build_structured(a, NAMES)
    f = facts(record)
    p = {k: float(v) for k, v in record["probabilities"].items()}
    parts = [_opening(f, rng), _morphology(record["findings"], rng)]
    if report.differential:
        parts.append(_differential(report, rng))
    parts.append(_verdict(report, p, rng))
    parts.append(rng.choice(["Next step: ", "Suggested next step: ", ""]) + report.next_step)
    return " ".join(parts)


def findings_only(record: dict[str, Any]) -> str:
    """Stage 1's target, read off the image rows alone: differential, verdict and colours."""
    report = build_structured(to_analysis(record), NAMES)
    lines = prompt.findings_text(report, prompt.CaseFacts()).split("\n")
    keep = [line for line in lines if line.startswith(("Differential:", "Verdict:"))]
    colours = record["findings"].get("colours") or []
    keep.append("Colours: " + (", ".join(colours) if colours else "none named") + ".")
    return "\n".join(keep)


QUESTIONS = {
    "mel": [
        "Why not melanoma?",
        "Could this be melanoma?",
        "Is this a melanoma?",
        "What about melanoma?",
    ],
    "followup": [
        "What should I check at follow-up?",
        "What should be compared at the next visit?",
        "How should this be followed up?",
    ],
    "top": ["What is the most likely diagnosis?", "What does the model think this is?"],
    "refer": ["Should this be referred?", "Does this need a dermatologist?"],
    "why": ["Why is the verdict what it is?", "How sure is the model?"],
}


def qa(record: dict[str, Any], rng: random.Random, *, language: str = "en") -> tuple[str, str]:
    _check_language(language)
    if language == "zh_CN":
        return _qa_zh(record, rng)
    a = to_analysis(record)
    report = build_structured(a, NAMES)
    p = {k: float(v) for k, v in record["probabilities"].items()}
    kind = rng.choice(list(QUESTIONS))
    question = rng.choice(QUESTIONS[kind])
    top = report.differential[0]
    mel_in = any(d.code == "mel" for d in report.differential)
    if kind == "mel":
        if mel_in:
            answer = (
                f"Melanoma is in the differential at {p['mel']:.2f}, so it cannot be excluded from "
                f"this photo. {report.next_step}"
            )
        else:
            answer = (
                f"Melanoma is less likely here: the model gives it {p['mel']:.2f}, while "
                f"{name(top.code, rng)} has {top.probability:.2f}. A doctor should still look for "
                "change over time."
            )
    elif kind == "followup":
        fnd = record["findings"]
        colours = ", ".join(fnd.get("colours") or []) or "no named colours"
        area = float(fnd.get("area_fraction", 0)) * 100
        asym = float(fnd.get("asymmetry", 0))
        answer = (
            f"Compare with this photo: the lesion covers {area:.0f}% of the frame, asymmetry "
            f"{asym:.2f}, colours: {colours}. Growth, a new colour or a changing border should "
            "lead to referral."
        )
    elif kind == "top":
        answer = (
            f"The leading diagnosis is {name(top.code, rng)} ({top.probability:.2f}). "
            f"{_verdict(report, p, rng)}"
        )
    elif kind == "refer":
        answer = report.next_step
    else:
        answer = _verdict(report, p, rng) + f" The top probability is {top.probability:.2f}."
    return question, answer


def prompt_parts(
    record: dict[str, Any], question: str | None, image: bool = True, *, language: str = "en"
) -> tuple[str, str]:
    """The prompt around the image rows; the findings in English whatever the language."""
    _check_language(language)
    report = build_structured(to_analysis(record), NAMES)
    findings = prompt.findings_text(report, facts(record))
    return prompt.prompt_texts(findings, question, image, language)


# ---- Simplified Chinese -------------------------------------------------------------------------
# Names as the structured report and the GUI write them, with the synonyms a doctor would use;
# every one is in the Chinese grounding lexicon.
SHORT_ZH = {
    "akiec": ["光线性角化病/鲍温病", "光线性角化病或鲍温病"],
    "bcc": ["基底细胞癌"],
    "bkl": ["良性角化病样病变", "良性角化病"],
    "df": ["皮肤纤维瘤"],
    "mel": ["黑色素瘤"],
    "nv": ["色素痣", "黑素细胞痣"],
    "vasc": ["血管病变"],
}
WORDS_ZH = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六"}
QUESTIONS_ZH = {
    "mel": ["为什么不是黑色素瘤？", "这会是黑色素瘤吗？", "这是黑色素瘤吗？", "黑色素瘤呢？"],
    "followup": ["随访时应该检查什么？", "下次就诊时应该比较什么？", "应该如何随访？"],
    "top": ["最可能的诊断是什么？", "模型认为这是什么？"],
    "refer": ["需要转诊吗？", "需要看皮肤科医生吗？"],
    "why": ["为什么是这个判定？", "模型有多大把握？"],
}


def _name_zh(code: str, rng: random.Random) -> str:
    return rng.choice(SHORT_ZH[code])


def _p_zh(p: float, rng: random.Random) -> str:
    return f"{p:.2f}" if rng.random() < 0.7 else f"{p * 100:.0f}%"


def _colours_zh(colours: list[str]) -> str:
    return "、".join(report_text.word(report_text.COLOUR_NAMES, "zh_CN", c) for c in colours)


def _opening_zh(f: prompt.CaseFacts, rng: random.Random) -> str:
    who = {"male": "男性", "female": "女性"}.get(f.sex or "", "患者")
    site = report_text.word(report_text.BODY_SITES, "zh_CN", f.site) if f.site else None
    options = []
    if f.age and site:
        options += [
            f"{f.age}岁{who}，{site}皮损的皮肤镜图像。",
            f"{who}，{f.age}岁，{site}有一处皮损。",
            f"这张皮肤镜照片显示{site}的一处皮损（{who}，{f.age}岁）。",
        ]
    if site:
        options += [f"照片显示{site}的一处皮损。", f"{site}皮损，皮肤镜下所见。"]
    options += ["单个皮损的皮肤镜图像。", "照片显示一处色素性皮损。"]
    return rng.choice(options)


def _morphology_zh(findings: dict[str, Any], rng: random.Random) -> str:
    if not findings.get("lesion_found"):
        return "照片中未找到清晰的皮损轮廓。"
    a, b = float(findings["asymmetry"]), float(findings["border_irregularity"])
    colours = list(findings.get("colours") or [])
    sym = "基本对称" if a < 0.15 else "轻度不对称" if a < 0.3 else "明显不对称"
    border = "边界规则" if b < 1.25 else "边界略不规则" if b < 1.6 else "边界不规则"
    pct = f"{float(findings['area_fraction']) * 100:.0f}%"
    colour_text = ""
    if colours:
        n = WORDS_ZH.get(len(colours), str(len(colours)))
        colour_text = rng.choice(
            [f"，有{n}种颜色（{_colours_zh(colours)}）", f"；可见颜色：{_colours_zh(colours)}"]
        )
    return rng.choice(
        [
            f"皮损{sym}（不对称度 {a:.2f}），{border}{colour_text}。",
            f"皮损占照片面积的{pct}，{sym}，{border}{colour_text}。",
            f"形态：{sym}，{border}（不规则度 {b:.2f}）{colour_text}。",
        ]
    )


def _differential_zh(report: StructuredReport, rng: random.Random) -> str:
    top, rest = report.differential[0], report.differential[1:]
    lead = rng.choice(
        [
            f"最可能的诊断是{_name_zh(top.code, rng)}（{_p_zh(top.probability, rng)}）",
            f"分类器倾向于{_name_zh(top.code, rng)}，概率为{_p_zh(top.probability, rng)}",
            f"首要诊断：{_name_zh(top.code, rng)}（概率 {top.probability:.2f}）",
        ]
    )
    if not rest:
        return lead + "。"
    alt = "和".join(f"{_name_zh(d.code, rng)}（{_p_zh(d.probability, rng)}）" for d in rest)
    return lead + rng.choice(
        [f"，其次是{alt}。", f"；其他可能的诊断为{alt}。", f"；{alt}的可能性较低。"]
    )


def _verdict_zh(
    report: StructuredReport, probabilities: dict[str, float], rng: random.Random
) -> str:
    v = report.verdict
    if v == "confident":
        return rng.choice(["模型对这一判读的把握较高。", "判读的把握较高。"])
    if v == "uncertain":
        return rng.choice(
            ["模型不确定，不作判断：须由医生决定。", "判读不确定，因此不应单独依赖这一结果。"]
        )
    malignant = [c for c in ("mel", "bcc", "akiec") if probabilities.get(c, 0) >= 0.2]
    if malignant:
        c = malignant[0]
        return rng.choice(
            [
                f"由于{_name_zh(c, rng)}的概率达到{probabilities[c]:.2f}，该病例被标记为需要转诊。",
                f"该病例被标记为需要转诊：不能排除{_name_zh(c, rng)}。",
            ]
        )
    return rng.choice(
        [
            "该病例被标记为需要转诊；没有医生把关，不得依赖这一判读。",
            "照片与训练图像不太相似，因此该病例被标记为需要转诊。",
        ]
    )


def _narrative_zh(record: dict[str, Any], rng: random.Random) -> str:
    report = build_structured(to_analysis(record), NAMES, language="zh_CN")
    p = {k: float(v) for k, v in record["probabilities"].items()}
    parts = [_opening_zh(facts(record), rng), _morphology_zh(record["findings"], rng)]
    if report.differential:
        parts.append(_differential_zh(report, rng))
    parts.append(_verdict_zh(report, p, rng))
    parts.append(rng.choice(["下一步：", "建议的下一步：", ""]) + report.next_step)
    return "".join(parts)


def _qa_zh(record: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    report = build_structured(to_analysis(record), NAMES, language="zh_CN")
    p = {k: float(v) for k, v in record["probabilities"].items()}
    kind = rng.choice(list(QUESTIONS_ZH))
    question = rng.choice(QUESTIONS_ZH[kind])
    top = report.differential[0]
    mel_in = any(d.code == "mel" for d in report.differential)
    if kind == "mel":
        if mel_in:
            answer = (
                f"黑色素瘤在鉴别诊断之中，概率为{p['mel']:.2f}，因此单凭这张照片不能排除它。"
                f"{report.next_step}"
            )
        else:
            answer = (
                f"这里黑色素瘤的可能性较低：模型给出的概率为{p['mel']:.2f}，而"
                f"{_name_zh(top.code, rng)}为{top.probability:.2f}。医生仍应观察皮损随时间的变化。"
            )
    elif kind == "followup":
        fnd = record["findings"]
        colours = _colours_zh(list(fnd.get("colours") or [])) or "没有可命名的颜色"
        area = float(fnd.get("area_fraction", 0)) * 100
        asym = float(fnd.get("asymmetry", 0))
        answer = (
            f"请与这张照片对比：皮损占画面的{area:.0f}%，不对称度{asym:.2f}，颜色：{colours}。"
            "如果皮损增大、出现新的颜色或边界发生变化，应当转诊。"
        )
    elif kind == "top":
        answer = (
            f"首要诊断是{_name_zh(top.code, rng)}（{top.probability:.2f}）。"
            f"{_verdict_zh(report, p, rng)}"
        )
    elif kind == "refer":
        answer = report.next_step
    else:
        answer = _verdict_zh(report, p, rng) + f"最高概率为{top.probability:.2f}。"
    return question, answer
