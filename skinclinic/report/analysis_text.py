"""The analysis's own sentences (quality messages, verdict reasons) in the report's language.

The analysis stores them in English, with numbers inside ("uncertain: refer — top two diagnoses
(melanocytic nevus 0.48, melanoma 0.41) are too close"). A translated report matches each
known sentence and refills the same captured numbers into the translation, so every language
shows the analysis's exact values; an unknown sentence is shown in English rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from skinclinic.report.report_text import DIAGNOSIS_NAMES

_P = r"(\d+(?:\.\d+)?)"
_LABEL = r"(.+?)"

# English pattern -> {language: template}; {0}, {1}... are the captured groups, in order, and a
# group named in `_LABEL_GROUPS` is a diagnosis name, translated before it is filled in.
_MESSAGES: tuple[tuple[re.Pattern[str], frozenset[int], Mapping[str, str]], ...] = tuple(
    (re.compile(pattern + r"\.?$"), frozenset(labels), templates)
    for pattern, labels, templates in (
        (
            rf"retake: image too small \({_P}x{_P} px\); use the full-resolution photo",
            (),
            {
                "zh_CN": "需重拍：图像太小（{0}x{1} px），请使用全分辨率照片",
                "ja": "再撮影：画像が小さすぎます（{0}x{1} px）。元の解像度の写真を使ってください",
            },
        ),
        (
            r"retake: too dark; add light or use the flash",
            (),
            {
                "zh_CN": "需重拍：太暗，请增加光线或使用闪光灯",
                "ja": "再撮影：暗すぎます。照明を足すかフラッシュを使ってください",
            },
        ),
        (
            r"retake: too bright; reduce light or flash",
            (),
            {
                "zh_CN": "需重拍：太亮，请减弱光线或闪光",
                "ja": "再撮影：明るすぎます。照明やフラッシュを弱めてください",
            },
        ),
        (
            r"retake: parts of the photo are burnt out; avoid glare and reflections",
            (),
            {
                "zh_CN": "需重拍：照片部分过曝，请避免眩光和反光",
                "ja": "再撮影：写真の一部が白飛びしています。まぶしさや反射を避けてください",
            },
        ),
        (
            r"retake: out of focus; hold steady and tap to focus on the lesion",
            (),
            {
                "zh_CN": "需重拍：没有对准焦点，请拿稳并点按皮损处对焦",
                "ja": "再撮影：ピントが合っていません。しっかり構え、病変をタップしてピントを"
                "合わせてください",
            },
        ),
        (
            r"this does not look like a skin lesion photo like those the model was trained on; "
            r"check the photo, or retake it close-up with the dermatoscope",
            (),
            {
                "zh_CN": "这张照片不像模型训练所用的皮损照片，请检查照片，或用皮肤镜近距离重拍",
                "ja": "モデルの学習に使われた皮膚病変の写真とは異なるようです。写真を確認するか、"
                "ダーモスコープで近接して撮り直してください",
            },
        ),
        (
            r"retake: the photo failed the quality check",
            (),
            {
                "zh_CN": "需重拍：照片未通过质量检查",
                "ja": "再撮影：写真が品質チェックを通過しませんでした",
            },
        ),
        (
            r"refer — photo looks unlike the training images",
            (),
            {
                "zh_CN": "转诊——照片与训练图像不相似",
                "ja": "紹介——写真が学習に使われた画像と異なります",
            },
        ),
        (
            rf"refer — possible {_LABEL} {_P} \(safety threshold {_P}\)",
            (0,),
            {
                "zh_CN": "转诊——可能为{0} {1}（安全阈值 {2}）",
                "ja": "紹介——{0}の可能性 {1}（安全閾値 {2}）",
            },
        ),
        (
            rf"uncertain: refer — top two diagnoses \({_LABEL} {_P}, {_LABEL} {_P}\) are too close",
            (0, 2),
            {
                "zh_CN": "不确定：转诊——排名前两位的诊断（{0} {1}，{2} {3}）过于接近",
                "ja": "不確実：紹介——上位二つの診断（{0} {1}、{2} {3}）が近すぎます",
            },
        ),
        (
            rf"uncertain: refer — probability is spread over many diagnoses "
            rf"\(normalised entropy {_P}\)",
            (),
            {
                "zh_CN": "不确定：转诊——概率分散在多个诊断上（归一化熵 {0}）",
                "ja": "不確実：紹介——確率が多くの診断に分散しています（正規化エントロピー {0}）",
            },
        ),
        (
            rf"uncertain: refer — the diagnosis changes when the photo is flipped "
            rf"\(agreement {_P}\)",
            (),
            {
                "zh_CN": "不确定：转诊——照片翻转后诊断会改变（一致率 {0}）",
                "ja": "不確実：紹介——写真を反転すると診断が変わります（一致率 {0}）",
            },
        ),
        (
            rf"confident — {_LABEL} {_P}",
            (0,),
            {"zh_CN": "把握较高——{0} {1}", "ja": "確信度は高い——{0} {1}"},
        ),
    )
)


# The English names the shipped HAM10000 pack (and the exports) write, for callers that do not
# hold the pack's names (the PDF export).
_KNOWN_NAMES = {
    "akiec": (
        "actinic keratosis / intraepithelial carcinoma (bowen's disease)",
        "actinic keratosis / bowen's disease",
        "actinic keratosis / bowen's",
    ),
    "bcc": ("basal cell carcinoma",),
    "bkl": ("benign keratosis-like lesion", "benign keratosis"),
    "df": ("dermatofibroma",),
    "mel": ("melanoma",),
    "nv": ("melanocytic naevus", "melanocytic nevus"),
    "vasc": ("vascular lesion",),
}


def _label_code(text: str, names: Mapping[str, str]) -> str | None:
    """The label code whose English name the sentence used (written mid-sentence, lower-cased)."""
    wanted = text.strip().lower()
    for code, name in names.items():
        if name.lower() == wanted or code == wanted:
            return code
    return next((c for c, known in _KNOWN_NAMES.items() if wanted in known), None)


def localise(message: str, language: str, names: Mapping[str, str]) -> str:
    """`message` in `language`, with the same numbers; unchanged for English or an unknown one.

    `names` are the English label names the analysis wrote the message with."""
    if language == "en":
        return message
    for pattern, label_groups, templates in _MESSAGES:
        match = pattern.match(message.strip())
        if match is None or language not in templates:
            continue
        groups = list(match.groups())
        for i in label_groups:
            code = _label_code(groups[i], names)
            if code is None:
                return message  # a name we cannot map: English beats a wrong diagnosis
            groups[i] = DIAGNOSIS_NAMES.get(language, {}).get(code, groups[i])
        return templates[language].format(*groups)
    return message
