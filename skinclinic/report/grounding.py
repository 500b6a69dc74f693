"""Grounding check: flag what a narrative says that the analysis does not support.

Three kinds of flag, each a character span of the narrative:
- a diagnosis (or a synonym: mole, naevus, BCC...) that is not in the analysis's differential
  (top 3 at probability >= SUPPORT_AT, or any at >= REFER_AT, the probability at which the
  next-step rule refers), unless the sentence negates it ("not melanoma");
- a number, percentage or measurement that is not one of the analysis's own values (within the
  rounding the text uses); millimetres are always flagged, since the photo has no scale;
- certainty or reassurance language when the verdict is uncertain / refer / retake.

Pure regular expressions over a few hundred characters: well under a millisecond, so the GUI can
run it on every edit. The lexicons are keyed by language: English, Simplified Chinese and Japanese.
Chinese and Japanese have no spaces between words, so their names match anywhere (a longer name
wins over one inside it: 原位鳞状细胞癌 is Bowen's, not SCC), Latin abbreviations match between
non-letters, and negations that undo themselves (无法排除, "cannot be excluded") do not count.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from skinclinic.core.domain import Analysis
from skinclinic.report import report_text
from skinclinic.report.structured import REFER_AT

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
    },
    # CJK names match without word boundaries; the abbreviations between non-letters.
    "zh_CN": {
        "mel": ((r"黑色素瘤", r"黑素瘤", r"恶性黑素细胞性?病变"), ()),
        "nv": ((r"黑色?素细胞痣", r"色素痣", r"痣"), ("NV",)),
        "bcc": ((r"基底细胞癌", r"基底细胞上皮瘤"), (r"BCCs?",)),
        "akiec": (
            (
                r"光线性角化病?",
                r"光化性角化病?",
                r"日光性角化病?",
                r"鲍温病",
                r"鲍恩病",
                r"表皮内癌",
                r"上皮内癌",
                r"原位鳞状细胞癌",
            ),
            (r"AKs?", "AKIEC"),
        ),
        "bkl": (
            (
                r"良性角化病?(?:样病变)?",
                r"脂溢性角化病?",
                r"老年疣",
                r"日光性黑子",
                r"扁平苔藓样角化病?",
            ),
            ("BKL",),
        ),
        "df": ((r"皮肤纤维瘤", r"纤维组织细胞瘤"), ("DF",)),
        "vasc": (
            (r"血管性?病变", r"血管瘤", r"血管角皮瘤", r"化脓性肉芽肿"),
            (),
        ),
        "": (
            (
                r"鳞状细胞癌",
                r"鳞癌",
                r"默克尔细胞癌",
                r"淋巴瘤",
                r"银屑病",
                r"牛皮癣",
                r"湿疹",
                r"皮炎",
                r"卡波西肉瘤",
            ),
            (r"SCCs?",),
        ),
    },
    "ja": {
        "mel": ((r"メラノーマ", r"悪性黒色腫", r"黒色腫"), ()),
        "nv": (
            (r"色素細胞母斑", r"色素性母斑", r"母斑細胞母斑", r"母斑", r"ほくろ", r"ホクロ"),
            ("NV",),
        ),
        "bcc": ((r"基底細胞癌", r"基底細胞上皮腫"), (r"BCCs?",)),
        "akiec": (
            (r"日光角化症?", r"光線角化症?", r"ボーエン病", r"表皮内癌"),
            (r"AKs?", "AKIEC"),
        ),
        "bkl": (
            (
                r"良性角化症(?:様病変)?",
                r"脂漏性角化症",
                r"老人性疣贅",
                r"日光黒子",
                r"老人性色素斑",
            ),
            ("BKL",),
        ),
        "df": ((r"皮膚線維腫",), ("DF",)),
        "vasc": ((r"血管病変", r"血管腫", r"被角血管腫", r"化膿性肉芽腫"), ()),
        "": (
            (
                r"有棘細胞癌",
                r"扁平上皮癌",
                r"メルケル細胞癌",
                r"リンパ腫",
                r"乾癬",
                r"湿疹",
                r"皮膚炎",
                r"カポジ肉腫",
            ),
            (r"SCCs?",),
        ),
    },
}
_CJK = frozenset({"zh_CN", "ja"})

# "cannot be excluded", "must be ruled out": words before 排除/除外 that keep the diagnosis open.
_OPEN_EXCLUSION = (
    r"(?<!不)(?<!不能)(?<!无法)(?<!不可)(?<!难以)(?<!未能)(?<!未)(?<!需)(?<!需要)(?<!应)"
)

_NEGATION = {
    "en": re.compile(
        r"\b(?:not|no|unlikely|less\s+likely|rules?\s+out|ruled\s+out|excludes?|against|"
        r"without|rather\s+than|instead\s+of|low(?:er)?\s+probability|why\s+not)\b",
        re.IGNORECASE,
    ),
    "zh_CN": re.compile(
        r"不是|不像|并非|而非|不太可能|不大可能|不考虑|不支持|没有|为什么不|"
        r"可能性(?:较|很|更|极|相对)?(?:低|小)的?|" + _OPEN_EXCLUSION + r"排除"
    ),
    # Japanese negates after the noun; before it only "the unlikely ..." reads as a negation.
    "ja": re.compile(r"可能性の低い|考えにくい|なぜ.{0,12}ではない"),
}

# "melanoma is unlikely", "melanoma seems less likely": a negation right after the mention.
_TRAILING_NEGATION = {
    "en": re.compile(
        r"^[\w\s()./,-]{0,30}?\b(?:is|are|was|seems|looks)\s+(?:not\b|un\w*likely|less\s+likely|"
        r"much\s+less\s+likely)",
        re.IGNORECASE,
    ),
    # 黑色素瘤的可能性较低, 基底细胞癌不太可能, 黑色素瘤可以排除 (but not 不能排除).
    "zh_CN": re.compile(
        r"^[^。！？；，,;\n]{0,20}?(?:的?可能性(?:较|很|更|极|相对)?(?:低|小)|可能性不大|"
        r"不太可能|不大可能|不考虑|" + _OPEN_EXCLUSION + r"排除)"
    ),
    # メラノーマではない, メラノーマは否定的, 基底細胞癌の可能性は低い (but not 除外できない).
    "ja": re.compile(
        r"^[^。！？；、\n]{0,20}?(?:ではな|じゃな|は否定|否定的|考えにくい|"
        r"可能性(?:は|が)(?:低|小さ|少な)|除外(?:され|し|でき)(?!ない|ず|ません))"
    ),
}

_CERTAINTY = {
    "en": re.compile(
        r"\b(?:definitely|definitive(?:ly)?|certainly|certain(?:ty)?\s+(?:that|of)|undoubtedly|"
        r"no\s+doubt|without\s+(?:any\s+)?doubt|confirm(?:s|ed)?|diagnostic\s+of|"
        # "clearly asymmetric" describes a measured shape, not certainty about the diagnosis.
        r"clearly(?!\s+(?:a?symmetric|irregular|visible|seen))|"
        r"pathognomonic|100\s*%|nothing\s+to\s+worry|no\s+need\s+(?:for|to)|harmless|"
        r"reassur(?:e|ed|ing|ance)|safe\s+to\s+(?:ignore|discharge)|no\s+further\s+action)\b",
        re.IGNORECASE,
    ),
    "zh_CN": re.compile(
        r"(?<!不)(?<!不能)(?<!无法)(?<!难以)肯定|(?<!不)(?<!不能)(?<!无法)(?<!难以)(?<!未)确定|"
        r"毫无疑问|毫无疑义|(?<!毫)无疑|(?<!不)一定是|确诊为|已确诊|(?<!不)(?<!不能)明确(?:是|为)|"
        r"百分之百|100\s*[%％]|绝对|不用担心|无需担心|不必担心|没什么可担心|(?<!不)(?<!不能)放心|"
        r"(?:不需要|无需|不必|不用)(?:任何)?(?:进一步)?(?:处理|随访|治疗|复查|检查)|可以忽略|"
        r"完全良性|肯定良性"
    ),
    "ja": re.compile(
        r"確実(?:に|な|だ|です)|間違いな|疑いな|明らかに|断定|と確定|100\s*[%％]|絶対|"
        r"心配(?:は|は何も)?(?:ない|いらない|ありません|不要)|安心|(?:経過観察|治療|処置)は不要|"
        r"放置してよい"
    ),
}

_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)?)\s*(%|percent\b|mm\b|cm\b|millimet(?:re|er)s?\b|px\b|pixels?\b)?",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"[.!?;:\n](?=[^.!?;:\n]*$)")
# Chinese and Japanese: digits next to CJK characters (占12%, 0.81的概率), full-width percent and
# the units written out; a decimal point is "." (the full stop is 。).
_CJK_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])(\d+(?:\.\d+)?)\s*(%|％|mm(?![A-Za-z])|cm(?![A-Za-z])|毫米|厘米|"
    r"ミリメートル|ミリ|センチメートル|センチ|px(?![A-Za-z])|像素|ピクセル)?",
    re.IGNORECASE,
)
_UNITS = {"％": "%", "毫米": "mm", "厘米": "cm", "ミリメートル": "mm", "ミリ": "mm"}
_UNITS |= {"センチメートル": "cm", "センチ": "cm", "像素": "px", "ピクセル": "px"}
# A clause ends at CJK punctuation and at commas (中文逗号 separates clauses: 不是X，而是Y).
_CJK_CLAUSE_START = re.compile(r"[。！？；：，,;:!?\n](?=[^。！？；：，,;:!?\n]*$)")


# What a flag says, in the narrative's language (the doctor reads both side by side).
_SAY: Mapping[str, Mapping[str, str]] = {
    "en": {
        "unknown": '"{text}" is not a diagnosis this model can make.',
        "unsupported": '"{text}" ({name}{shown}) is not in the analysis\'s differential.',
        "shown": " (p = {p})",
        "scale": "The photo has no scale: a size in mm or cm cannot come from the analysis.",
        "number": '"{text}" is not a value in the analysis.',
        "certain": '"{text}" sounds certain, but the analysis\'s verdict is {verdict}.',
        "ok": "Grounding check: every diagnosis and number in the narrative is in the analysis.",
        "flagged": "Grounding check: {n} statement(s) in the narrative are not supported by the "
        "analysis — check them before signing.",
    },
    "zh_CN": {
        "unknown": "“{text}”不是本模型能给出的诊断。",
        "unsupported": "“{text}”（{name}{shown}）不在分析的鉴别诊断中。",
        "shown": "，p = {p}",
        "scale": "照片没有比例尺：以毫米或厘米表示的大小不可能来自分析。",
        "number": "“{text}”不是分析中的数值。",
        "certain": "“{text}”语气过于肯定，但分析的判定是“{verdict}”。",
        "ok": "依据核查：叙述中的每个诊断和数字都来自分析。",
        "flagged": "依据核查：叙述中有 {n} 处内容没有分析依据——签署前请逐一核对。",
    },
    "ja": {
        "unknown": "「{text}」はこのモデルが示せる診断ではありません。",
        "unsupported": "「{text}」（{name}{shown}）は解析の鑑別診断に含まれていません。",
        "shown": "、p = {p}",
        "scale": "写真にスケールがないため、mm や cm での大きさは解析から得られません。",
        "number": "「{text}」は解析の値ではありません。",
        "certain": "「{text}」は断定的ですが、解析の判定は「{verdict}」です。",
        "ok": "根拠チェック：記述中のすべての診断と数値は解析に基づいています。",
        "flagged": "根拠チェック：記述中の {n} 箇所が解析に基づいていません。署名前に確認して"
        "ください。",
    },
}
_VERDICT_WORDS = {
    "zh_CN": {"uncertain": "不确定", "refer": "转诊", "retake": "需重拍"},
    "ja": {"uncertain": "不確実", "refer": "紹介", "retake": "再撮影"},
}


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
        if language in _CJK:
            # English names and abbreviations in CJK text, between non-letters.
            latin = ["(?i:" + "|".join(_DIAGNOSES["en"][code][0]) + ")"]
            latin += list(abbreviations) + list(_DIAGNOSES["en"][code][1])
            parts.append(r"(?<![A-Za-z])(?:" + "|".join(latin) + r")(?![A-Za-z])")
            out.append((code, re.compile("|".join(parts))))
            continue
        parts.extend(abbreviations)
        out.append((code, re.compile(r"\b(?:" + "|".join(parts) + r")\b")))
    return out


_PATTERNS = {lang: _compile(lang) for lang in _DIAGNOSES}
LANGUAGES = frozenset(_DIAGNOSES)  # languages the check can read


def supported_codes(probabilities: Mapping[str, Any]) -> set[str]:
    ranked = sorted(((c, float(p)) for c, p in probabilities.items()), key=lambda kv: -kv[1])
    top = {c for c, p in ranked[:SUPPORT_TOP] if p >= SUPPORT_AT}
    # A fourth diagnosis at 0.21 is what made the rule refer: the text may name it.
    return top | {c for c, p in ranked if p >= REFER_AT}


def _negated(text: str, start: int, end: int, language: str) -> bool:
    head = text[max(0, start - 80) : start]
    cut = (_CJK_CLAUSE_START if language in _CJK else _SENTENCE_START).search(head)
    clause = head[cut.end() :] if cut else head
    if _NEGATION[language].search(clause):
        return True
    tail = re.split(r"[.!?;\n。！？；]", text[end : end + 60], maxsplit=1)[0]
    return bool(_TRAILING_NEGATION[language].match(tail))


def _mentions(narrative: str, language: str) -> list[tuple[str, re.Match[str]]]:
    """Every diagnosis mention, leftmost first; a longer name wins over a name inside it
    ("melanocytic naevus" is one mention, not two; so is 原位鳞状细胞癌)."""
    found = [
        (m, code) for code, pattern in _PATTERNS[language] for m in pattern.finditer(narrative)
    ]
    found.sort(key=lambda mc: (mc[0].start(), -mc[0].end()))
    out: list[tuple[str, re.Match[str]]] = []
    end = -1
    for match, code in found:
        if match.start() >= end:
            out.append((code, match))
            end = match.end()
    return out


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
    is_percent = unit in ("%", "percent")  # full-width ％ arrives normalised
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
    say = _SAY.get(language, _SAY["en"])
    names = {**(names or {}), **report_text.DIAGNOSIS_NAMES.get(language, {})}
    flags: list[Flag] = []
    supported = supported_codes(analysis.probabilities)
    probabilities = {c: float(p) for c, p in analysis.probabilities.items()}
    for code, match in _mentions(narrative, language):
        span = (match.start(), match.end())
        if code in supported or _negated(narrative, match.start(), match.end(), language):
            continue
        if code == "":
            message = say["unknown"].format(text=match.group(0))
        else:
            p = probabilities.get(code)
            shown = say["shown"].format(p=f"{p:.2f}") if p is not None else ""
            message = say["unsupported"].format(
                text=match.group(0), name=names.get(code, code), shown=shown
            )
        flags.append(Flag(*span, message))
    allowed = _allowed_numbers(analysis, allowed_numbers)
    numbers = _CJK_NUMBER if language in _CJK else _NUMBER
    for match in numbers.finditer(narrative):
        raw, unit = match.group(1), (match.group(2) or "").lower()
        unit = _UNITS.get(unit, unit)
        if unit in ("mm", "cm") or unit.startswith("millimet"):
            flags.append(Flag(match.start(), match.end(), say["scale"]))
        elif not _number_ok(raw, unit, allowed):
            text = match.group(0).strip()
            flags.append(Flag(match.start(), match.end(), say["number"].format(text=text)))
    verdict = str(analysis.uncertainty.get("verdict", ""))
    if verdict in ("uncertain", "refer", "retake"):
        shown_verdict = _VERDICT_WORDS.get(language, {}).get(verdict, verdict)
        for match in _CERTAINTY[language].finditer(narrative):
            message = say["certain"].format(text=match.group(0), verdict=shown_verdict)
            flags.append(Flag(match.start(), match.end(), message))
    return sorted(flags, key=lambda f: (f.start, f.end))


def summary_line(flags: list[Flag], language: str = "en") -> str:
    say = _SAY.get(language, _SAY["en"])
    return say["flagged"].format(n=len(flags)) if flags else say["ok"]


def is_summary_line(line: str, language: str = "en") -> bool:
    """Whether `line` is what summary_line writes (so a check of a whole draft skips it)."""
    say = _SAY.get(language, _SAY["en"])
    if line == say["ok"]:
        return True
    head, _, tail = say["flagged"].partition("{n}")
    middle = line[len(head) : len(line) - len(tail)] if len(line) > len(head) + len(tail) else ""
    return line.startswith(head) and line.endswith(tail) and middle.isdigit()


def leading_diagnosis(narrative: str, language: str = "en") -> str | None:
    """The label code of the first diagnosis the narrative names without negating it (the
    report benchmark compares it with the classifier's top-1); "" for a name outside the labels."""
    for code, match in _mentions(narrative, language):
        if not _negated(narrative, match.start(), match.end(), language):
            return code
    return None
