"""The grounding check reads Chinese (and Japanese): names and synonyms, negations, certainty
words and the numbers written in the text."""

from __future__ import annotations

import pytest

from skinclinic.report.grounding import LANGUAGES, check, leading_diagnosis
from tests.report.fixtures import MELANOMA, NAEVUS, NAMES, analysis


def zh(
    text: str, probabilities: dict[str, float] = NAEVUS, verdict: str = "confident"
) -> list[str]:
    flags = check(text, analysis(probabilities, verdict), NAMES, language="zh_CN")
    return [text[f.start : f.end] for f in flags]


def test_a_grounded_chinese_draft_passes() -> None:
    assert "zh_CN" in LANGUAGES and "ja" in LANGUAGES
    text = (
        "皮肤镜照片显示一处皮损，占照片面积的12%，有两种颜色（浅褐色、深褐色），不对称度0.31，"
        "边界不规则度1.42。最可能的诊断是色素痣（0.81），其次是良性角化病样病变（0.09）和"
        "黑色素瘤（6%）。模型把握较高。建议：由医生判断按常规处理。"
    )
    assert zh(text) == []


def test_an_unsupported_chinese_diagnosis_is_flagged() -> None:
    assert zh("这看起来像基底细胞癌。") == ["基底细胞癌"]
    for text, found in [
        ("可能是皮肤纤维瘤。", "皮肤纤维瘤"),
        ("考虑鳞状细胞癌。", "鳞状细胞癌"),
        ("考虑鲍温病。", "鲍温病"),
        ("可能是光化性角化病。", "光化性角化病"),
        ("血管瘤可能性大。", "血管瘤"),
        ("倾向于BCC。", "BCC"),
        ("无法排除基底细胞癌。", "基底细胞癌"),  # "cannot be excluded" keeps it open
        ("需要排除基底细胞癌。", "基底细胞癌"),
        ("不是色素痣，而是基底细胞癌。", "基底细胞癌"),
    ]:
        assert zh(text) == [found], text
    # A longer name is one mention: Bowen's (in situ SCC), not an SCC the model cannot make.
    assert zh("原位鳞状细胞癌。", {"akiec": 0.7, "nv": 0.3}) == []


def test_a_negated_chinese_diagnosis_passes() -> None:
    for text in [
        "不是基底细胞癌。",
        "不像皮肤纤维瘤，更像色素痣。",
        "排除基底细胞癌。",
        "基底细胞癌的可能性较低（0.02）。",
        "基底细胞癌不太可能。",
        "为什么不是黑色素瘤？模型给出的概率只有0.06。",
        "不考虑血管病变。",
    ]:
        assert zh(text) == [], text


def test_chinese_certainty_on_an_uncertain_verdict_is_flagged() -> None:
    flags = zh("肯定是良性的色素痣，不用担心。", MELANOMA, "refer")
    assert "肯定" in flags and "不用担心" in flags
    assert "一定是" in zh("这一定是色素痣。", MELANOMA, "uncertain")
    assert "毫无疑问" in zh("毫无疑问是色素痣。", MELANOMA, "uncertain")
    assert "确定" in zh("可以确定是色素痣。", MELANOMA, "refer")
    # Saying the model is unsure is not certainty; a confident verdict may sound sure.
    assert zh("模型不确定，不能肯定是哪种诊断，不一定是色素痣。", MELANOMA, "uncertain") == []
    assert zh("肯定是色素痣。") == []


def test_chinese_numbers_are_checked() -> None:
    assert zh("皮损直径6毫米。") == ["6毫米"]
    assert zh("皮损约6mm宽。") == ["6mm"]
    assert zh("黑色素瘤的概率为35%。") == ["35%"]
    assert zh("黑色素瘤的概率为35％。") == ["35％"]
    assert zh("色素痣的概率为0.85。") == ["0.85"]
    assert zh("色素痣的概率为81％，不对称度0.31，占照片的12%，有2种颜色。") == []


def test_japanese_reads_the_same_way() -> None:
    def ja(text: str, verdict: str = "confident") -> list[str]:
        a = analysis(NAEVUS if verdict == "confident" else MELANOMA, verdict)
        return [text[f.start : f.end] for f in check(text, a, NAMES, language="ja")]

    assert ja("色素細胞母斑（0.81）が最も考えられ、メラノーマは0.06です。") == []
    assert ja("基底細胞癌を疑います。") == ["基底細胞癌"]
    assert ja("基底細胞癌ではない。") == []
    assert ja("基底細胞癌の可能性は低い。") == []
    assert ja("基底細胞癌は除外できない。") == ["基底細胞癌"]
    assert ja("間違いなく母斑で、心配ありません。", "refer") == ["間違いな", "心配ありません"]
    assert ja("大きさは5ミリです。") == ["5ミリ"]


@pytest.mark.parametrize(
    ("text", "language", "code"),
    [
        ("Not melanoma; most likely a naevus.", "en", "nv"),
        ("不是黑色素瘤，最可能是色素痣。", "zh_CN", "nv"),
        ("メラノーマではなく、色素細胞母斑が最も考えられます。", "ja", "nv"),
    ],
)
def test_leading_diagnosis_in_every_language(text: str, language: str, code: str) -> None:
    assert leading_diagnosis(text, language) == code


def test_a_diagnosis_that_made_the_rule_refer_may_be_named() -> None:
    # Fourth in the ranking, but at 0.21 it is why the case is referred.
    a = analysis({"bkl": 0.26, "akiec": 0.24, "nv": 0.22, "mel": 0.21, "df": 0.07}, "refer")
    assert check("Melanoma reaches 0.21, so the case is referred.", a, NAMES) == []
    assert check("Dermatofibroma is possible.", a, NAMES)
    # A measured shape is not certainty about the diagnosis.
    assert check("The lesion is clearly asymmetric.", a, NAMES) == []
    assert check("This is clearly a naevus.", a, NAMES)


def test_flags_speak_the_narrative_language() -> None:
    from skinclinic.report.grounding import summary_line

    flags = check(
        "肯定是基底细胞癌，直径6毫米。", analysis(MELANOMA, "refer"), NAMES, language="zh_CN"
    )
    messages = [f.message for f in flags]
    assert messages[0].startswith("“肯定”") and "转诊" in messages[0]
    assert "基底细胞癌" in messages[1] and "p = 0.03" in messages[1]
    assert "比例尺" in messages[2]
    assert summary_line(flags, "zh_CN") == (
        "依据核查：叙述中有 3 处内容没有分析依据——签署前请逐一核对。"
    )
    assert summary_line([], "ja").startswith("根拠チェック")
    assert summary_line(flags).startswith("Grounding check: 3 statement(s)")
