"""The structured part of a draft, built only from the stored Analysis (and the case's context).

Every number printed here is read from the vision model's analysis; nothing is estimated by the
language model. The next step is a fixed rule on the uncertainty verdict and the malignant
probabilities, so the same analysis always gets the same advice. Strings are keyed by language
(English here; Simplified Chinese and Japanese in `report_text.py`): every language renders the
same analysis with the same numbers, only the words change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from skinclinic.core.domain import Analysis, Case, Patient
from skinclinic.report import report_text
from skinclinic.report.analysis_text import localise

HEADER = "PRELIMINARY AI DRAFT — for review by a doctor; not a diagnosis"
MALIGNANT = ("mel", "bcc", "akiec")
#: A malignant class at or above this probability changes the next step to a referral.
REFER_AT = 0.20
#: The melanoma probability above which the referral is marked urgent.
URGENT_MEL_AT = 0.40
DIFFERENTIAL_SIZE = 3
#: Differential entries below this probability are left out (the top one is always shown); the
#: grounding check uses the same floor, so the structured part always passes it.
DIFFERENTIAL_FLOOR = 0.05

_TEXT: Mapping[str, Mapping[str, str]] = {
    "en": {
        "header": HEADER,
        "context": "Context",
        "quality": "Image quality",
        "quality_ok": "adequate for analysis",
        "morphology": "Morphology (measured)",
        "no_lesion": "no lesion outline found",
        "differential": "Differential (calibrated probabilities)",
        "no_differential": "none: the photo did not pass the quality gate",
        "uncertainty": "Uncertainty",
        "next_step": "Suggested next step",
        "verdict.confident": "confident",
        "verdict.uncertain": "uncertain — the model abstains; a doctor must decide",
        "verdict.refer": "refer — the model's reading must not be relied on without a doctor",
        "verdict.retake": "retake — no diagnosis given",
        "step.retake": "Retake the photo (dermatoscope, in focus, even light) before any "
        "assessment.",
        "step.urgent": "Urgent referral to a dermatologist: melanoma is in the differential.",
        "step.refer": "Refer to a dermatologist for examination; consider biopsy.",
        "step.uncertain": "A doctor should examine the lesion in person; consider short-interval "
        "dermoscopic follow-up or referral.",
        "step.confident": "Routine care as the doctor judges; ask the patient to report any "
        "change in size, shape or colour.",
        "area": "lesion covers {pct}% of the photo",
        "asymmetry": "asymmetry {value} (0 = symmetric)",
        "border": "border irregularity {value} (about 1.1 = smooth)",
        "colours": "colours ({n}): {names}",
        "diameter": "largest diameter {px} px in the photo (no scale, so no size in mm)",
        "site": "body site: {site}",
        "patient": "patient: {sex}, born {year}",
    },
    **report_text.TEXT,
}
LANGUAGES = frozenset(_TEXT)


def text_for(language: str) -> Mapping[str, str]:
    try:
        return _TEXT[language]
    except KeyError:
        raise ValueError(f"No report text for language {language!r}") from None


@dataclass(frozen=True)
class DifferentialItem:
    code: str
    name: str
    probability: float


@dataclass(frozen=True)
class StructuredReport:
    context: tuple[str, ...]
    quality: tuple[str, ...]
    morphology: tuple[str, ...]
    differential: tuple[DifferentialItem, ...]
    verdict: str
    verdict_reason: str
    next_step: str
    language: str = "en"

    @property
    def top(self) -> DifferentialItem | None:
        return self.differential[0] if self.differential else None

    def render(self) -> str:
        t = text_for(self.language)
        colon, sep = t.get("colon", ": "), t.get("sep", "; ")
        lines = [t["header"], ""]
        if self.context:
            lines.append(f"{t['context']}{colon}" + sep.join(self.context))
        lines.append(f"{t['quality']}{colon}" + sep.join(self.quality))
        lines.append(f"{t['morphology']}{colon}" + (sep.join(self.morphology) or t["no_lesion"]))
        lines.append(f"{t['differential']}{colon.rstrip()}")
        if self.differential:
            for item in self.differential:
                lines.append(f"  - {item.name}{colon}{item.probability:.2f}")
        else:
            lines.append(f"  {t['no_differential']}")
        verdict = t.get(f"verdict.{self.verdict}", self.verdict)
        reason = f" ({self.verdict_reason})" if self.verdict_reason else ""
        if self.verdict_reason and colon != ": ":
            reason = f"（{self.verdict_reason}）"  # full-width brackets in CJK text
        lines.append(f"{t['uncertainty']}{colon}{verdict}{reason}")
        lines.append(f"{t['next_step']}{colon}{self.next_step}")
        return "\n".join(lines)


def ranked(probabilities: Mapping[str, Any]) -> list[tuple[str, float]]:
    return sorted(((c, float(p)) for c, p in probabilities.items()), key=lambda kv: -kv[1])


def next_step(verdict: str, probabilities: Mapping[str, Any], language: str = "en") -> str:
    """The rule: retake > urgent (melanoma) > refer (malignant) > uncertain > routine."""
    t = text_for(language)
    p = {c: float(v) for c, v in probabilities.items()}
    if verdict == "retake" or not p:
        return t["step.retake"]
    if p.get("mel", 0.0) >= URGENT_MEL_AT:
        return t["step.urgent"]
    if verdict == "refer" or any(p.get(c, 0.0) >= REFER_AT for c in MALIGNANT):
        return t["step.refer"]
    if verdict == "uncertain":
        return t["step.uncertain"]
    return t["step.confident"]


def _morphology(findings: Mapping[str, Any], t: Mapping[str, str], language: str) -> list[str]:
    if not findings.get("lesion_found"):
        return []
    out = [
        t["area"].format(pct=f"{float(findings['area_fraction']) * 100:.0f}"),
        t["asymmetry"].format(value=f"{float(findings['asymmetry']):.2f}"),
        t["border"].format(value=f"{float(findings['border_irregularity']):.2f}"),
    ]
    colours: Sequence[str] = findings.get("colours") or []
    if colours:
        shown = [report_text.word(report_text.COLOUR_NAMES, language, str(c)) for c in colours]
        out.append(t["colours"].format(n=len(colours), names=t.get("list", ", ").join(shown)))
    if findings.get("diameter_px"):
        out.append(t["diameter"].format(px=f"{float(findings['diameter_px']):.0f}"))
    return out


def build_structured(
    analysis: Analysis,
    names: Mapping[str, str],
    *,
    case: Case | None = None,
    patient: Patient | None = None,
    language: str = "en",
) -> StructuredReport:
    t = text_for(language)
    u = analysis.uncertainty
    verdict = str(u.get("verdict", "uncertain"))
    messages = [localise(str(m), language, names) for m in u.get("quality_messages") or []]
    shown = {**names, **report_text.DIAGNOSIS_NAMES.get(language, {})}
    differential = tuple(
        DifferentialItem(code, shown.get(code, code), round(p, 2))
        for i, (code, p) in enumerate(ranked(analysis.probabilities)[:DIFFERENTIAL_SIZE])
        if i == 0 or p >= DIFFERENTIAL_FLOOR
    )
    context: list[str] = []
    if case is not None and case.body_site and case.body_site != "unspecified":
        site = report_text.word(report_text.BODY_SITES, language, case.body_site)
        context.append(t["site"].format(site=site))
    if patient is not None and patient.birth_year:
        sex = report_text.word(report_text.SEX_NAMES, language, patient.sex.value)
        context.append(t["patient"].format(sex=sex, year=patient.birth_year))
    return StructuredReport(
        context=tuple(context),
        quality=tuple(messages) or (t["quality_ok"],),
        morphology=tuple(_morphology(analysis.findings, t, language)),
        differential=differential,
        verdict=verdict,
        verdict_reason=localise(str(u.get("reason") or ""), language, names),
        next_step=next_step(verdict, analysis.probabilities, language),
        language=language,
    )
