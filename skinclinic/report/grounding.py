"""Grounding check: flag what a narrative says that the analysis does not support.

Three kinds of flag, each a character span of the narrative:
- a diagnosis (or a synonym: mole, naevus, BCC...) that is not in the analysis's differential
  (top 3 at probability >= SUPPORT_AT), unless the sentence negates it ("not melanoma");
- a number, percentage or measurement that is not one of the analysis's own values (within the
  rounding the text uses); millimetres are always flagged, since the photo has no scale;
- certainty or reassurance language when the verdict is uncertain / refer / retake.

Pure regular expressions over a few hundred characters: well under a millisecond, so the GUI can
run it on every edit. English only for now: the lexicon is keyed by language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from skinclinic.core.domain import Analysis

SUPPORT_AT = 0.05
SUPPORT_TOP = 3

# label code -> (words matched case-insensitively, abbreviations matched as written); "" holds
# diagnoses the model has no class for, so any mention of them is unsupported.
_DIAGNOSES: Mapping[str, Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "en": {
        "mel": ((r"melanomas?", r"malignant\s+melanocytic\s+lesions?"), ()),
        "nv": (
            (r"(?:melanocytic\s+)?na?ev(?:us|i|uses)", r"moles?"),
            ("NV",),
        ),
        "bcc": (
            (r"basal\s+cell\s+carcinomas?", r"basaliomas?", r"rodent\s+ulcers?"),
            (r"BCCs?",),
        ),
        "akiec": (
            (
                r"actinic\s+keratos[ie]s",
                r"solar\s+keratos[ie]s",
                r"bowen'?s(?:\s+disease)?",
                r"intraepithelial\s+carcinomas?",
            ),
            (r"AKs?", "AKIEC"),
        ),
        "bkl": (
            (
                r"benign\s+keratos[ie]s(?:-like\s+lesions?)?",
                r"seborr?h?o?eic\s+keratos[ie]s",
                r"solar\s+lentig(?:o|ines)",
                r"lichen\s+planus-like\s+keratos[ie]s",
            ),
            ("BKL",),
        ),
        "df": ((r"dermatofibromas?",), ("DF",)),
        "vasc": (
            (
                r"vascular\s+lesions?",
                r"h?a?emangiomas?",
                r"angiomas?",
                r"angiokeratomas?",
                r"pyogenic\s+granulomas?",
            ),
            (),
        ),
        "": (
            (
                r"squamous\s+cell\s+carcinomas?",
                r"merkel\s+cell\s+carcinomas?",
                r"lymphomas?",
                r"psoriasis",
                r"eczema",
                r"dermatitis",
                r"kaposi'?s?\s+sarcoma",
            ),
            (r"SCCs?",),
        ),
    }
}

_NEGATION = {
    "en": re.compile(
        r"\b(?:not|no|unlikely|less\s+likely|rules?\s+out|ruled\s+out|excludes?|against|"
        r"without|rather\s+than|instead\s+of|low(?:er)?\s+probability|why\s+not)\b",
        re.IGNORECASE,
    )
}

# "melanoma is unlikely", "melanoma seems less likely": a negation right after the mention.
_TRAILING_NEGATION = {
    "en": re.compile(
        r"^[\w\s()./,-]{0,30}?\b(?:is|are|was|seems|looks)\s+(?:not\b|un\w*likely|less\s+likely|"
        r"much\s+less\s+likely)",
        re.IGNORECASE,
    )
}

_CERTAINTY = {
    "en": re.compile(
        r"\b(?:definitely|definitive(?:ly)?|certainly|certain(?:ty)?\s+(?:that|of)|undoubtedly|"
        r"no\s+doubt|without\s+(?:any\s+)?doubt|clearly|confirm(?:s|ed)?|diagnostic\s+of|"
        r"pathognomonic|100\s*%|nothing\s+to\s+worry|no\s+need\s+(?:for|to)|harmless|"
        r"reassur(?:e|ed|ing|ance)|safe\s+to\s+(?:ignore|discharge)|no\s+further\s+action)\b",
        re.IGNORECASE,
    )
}

_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)?)\s*(%|percent\b|mm\b|cm\b|millimet(?:re|er)s?\b|px\b|pixels?\b)?",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"[.!?;:\n](?=[^.!?;:\n]*$)")


@dataclass(frozen=True)
class Flag:
    start: int
    end: int
    message: str

    def as_tuple(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.message)


def _compile(language: str) -> list[tuple[str, re.Pattern[str]]]:
    try:
        lexicon = _DIAGNOSES[language]
    except KeyError:
        raise ValueError(f"No grounding lexicon for language {language!r}") from None
    out = []
    for code, (words, abbreviations) in lexicon.items():
        parts = []
        if words:
            parts.append("(?i:" + "|".join(words) + ")")
        parts.extend(abbreviations)
        out.append((code, re.compile(r"\b(?:" + "|".join(parts) + r")\b")))
    return out


_PATTERNS = {lang: _compile(lang) for lang in _DIAGNOSES}
LANGUAGES = frozenset(_DIAGNOSES)  # languages the check can read


def supported_codes(probabilities: Mapping[str, Any]) -> set[str]:
    ranked = sorted(((c, float(p)) for c, p in probabilities.items()), key=lambda kv: -kv[1])
    return {c for c, p in ranked[:SUPPORT_TOP] if p >= SUPPORT_AT}


def _negated(text: str, start: int, end: int, language: str) -> bool:
    head = text[max(0, start - 80) : start]
    cut = _SENTENCE_START.search(head)
    clause = head[cut.end() :] if cut else head
    if _NEGATION[language].search(clause):
        return True
    tail = re.split(r"[.!?;\n]", text[end : end + 60], maxsplit=1)[0]
    return bool(_TRAILING_NEGATION[language].match(tail))


def _allowed_numbers(analysis: Analysis, extra: Iterable[float]) -> list[float]:
    values: list[float] = list(extra)

    def walk(obj: Any) -> None:
        if isinstance(obj, bool):
            return
        if isinstance(obj, int | float) and math.isfinite(obj):
            values.append(float(obj))
        elif isinstance(obj, Mapping):
            for key, value in obj.items():
                if key not in ("outline", "quality"):
                    walk(value)
        elif isinstance(obj, list | tuple):
            for value in obj:
                walk(value)

    walk(analysis.probabilities)
    walk(analysis.findings)
    u = analysis.uncertainty
    walk({k: u.get(k) for k in ("entropy", "margin", "tta_agreement", "top_probability")})
    values.append(float(len(analysis.findings.get("colours") or [])))
    return values


def _number_ok(raw: str, unit: str, allowed: list[float]) -> bool:
    value = float(raw.replace(",", "."))
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    tolerance = 0.5 * 10**-decimals + 1e-9
    is_percent = unit in ("%", "percent")
    for a in allowed:
        candidates = (a * 100, a) if is_percent else (a, a * 100) if a <= 1 else (a,)
        if not is_percent and a <= 1 and decimals == 0:
            candidates = (a,)  # a bare "0" or "1" read from a probability is not a match
        if any(abs(value - c) <= tolerance for c in candidates):
            return True
    return False


def check(
    narrative: str,
    analysis: Analysis,
    names: Mapping[str, str] | None = None,
    *,
    language: str = "en",
    allowed_numbers: Iterable[float] = (),
) -> list[Flag]:
    """Spans of `narrative` the analysis does not support, in text order.

    `names` maps label codes to display names (used in the messages); `allowed_numbers` adds
    values the caller put in the prompt from elsewhere (the patient's age, say)."""
    names = names or {}
    flags: list[Flag] = []
    supported = supported_codes(analysis.probabilities)
    probabilities = {c: float(p) for c, p in analysis.probabilities.items()}
    taken: list[tuple[int, int]] = []
    for code, pattern in _PATTERNS[language]:
        for match in pattern.finditer(narrative):
            span = (match.start(), match.end())
            if any(s <= span[0] < e for s, e in taken):
                continue  # "melanocytic naevus" is one mention, not two
            taken.append(span)
            if code in supported or _negated(narrative, match.start(), match.end(), language):
                continue
            if code == "":
                message = f'"{match.group(0)}" is not a diagnosis this model can make.'
            else:
                p = probabilities.get(code)
                shown = f" (p = {p:.2f})" if p is not None else ""
                message = (
                    f'"{match.group(0)}" ({names.get(code, code)}{shown}) is not in the '
                    "analysis's differential."
                )
            flags.append(Flag(*span, message))
    allowed = _allowed_numbers(analysis, allowed_numbers)
    for match in _NUMBER.finditer(narrative):
        raw, unit = match.group(1), (match.group(2) or "").lower()
        if unit in ("mm", "cm") or unit.startswith("millimet"):
            flags.append(
                Flag(
                    match.start(),
                    match.end(),
                    "The photo has no scale: a size in mm or cm cannot come from the analysis.",
                )
            )
        elif not _number_ok(raw, unit, allowed):
            flags.append(
                Flag(
                    match.start(),
                    match.end(),
                    f'"{match.group(0).strip()}" is not a value in the analysis.',
                )
            )
    verdict = str(analysis.uncertainty.get("verdict", ""))
    if verdict in ("uncertain", "refer", "retake"):
        for match in _CERTAINTY[language].finditer(narrative):
            flags.append(
                Flag(
                    match.start(),
                    match.end(),
                    f'"{match.group(0)}" sounds certain, but the analysis\'s verdict is {verdict}.',
                )
            )
    return sorted(flags, key=lambda f: (f.start, f.end))


def summary_line(flags: list[Flag]) -> str:
    if not flags:
        return "Grounding check: every diagnosis and number in the narrative is in the analysis."
    return (
        f"Grounding check: {len(flags)} statement(s) in the narrative are not supported by the "
        "analysis — check them before signing."
    )


def leading_diagnosis(narrative: str, language: str = "en") -> str | None:
    """The label code of the first diagnosis the narrative names without negating it (the
    report benchmark compares it with the classifier's top-1); "" for a name outside the labels."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for code, pattern in _PATTERNS[language]:
        for match in pattern.finditer(narrative):
            if any(s <= match.start() < e for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            if not _negated(narrative, match.start(), match.end(), language):
                found.append((match.start(), code))
    return min(found)[1] if found else None
