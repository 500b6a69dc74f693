"""The structured report's fixed words in Simplified Chinese and Japanese.

Kept apart from `structured.py` (which holds the English text and the logic) so the rules and
numbers live in one place and a language is only a table. Names follow the GUI's catalogue
(`assets/translations`, context "Labels") so a case reads the same in the window, the draft
and the PDF. Every placeholder of the English text appears in each translation (tests check it).
"""

from __future__ import annotations

from collections.abc import Mapping

TEXT: Mapping[str, Mapping[str, str]] = {
    "zh_CN": {
        "header": "初步AI草稿——供医生审阅，并非诊断",
        "colon": "：",
        "sep": "；",
        "list": "、",
        "context": "背景",
        "quality": "图像质量",
        "quality_ok": "可用于分析",
        "morphology": "形态（测量值）",
        "no_lesion": "未找到皮损轮廓",
        "differential": "鉴别诊断（校准概率）",
        "no_differential": "无：照片未通过质量检查",
        "uncertainty": "不确定性",
        "next_step": "建议的下一步",
        "verdict.confident": "把握较高",
        "verdict.uncertain": "不确定——模型不作判断，须由医生决定",
        "verdict.refer": "转诊——没有医生把关，不得依赖模型的判读",
        "verdict.retake": "需重拍——不给出诊断",
        "step.retake": "请先重拍照片（使用皮肤镜、对焦清晰、光线均匀），再做任何评估。",
        "step.urgent": "紧急转诊皮肤科：鉴别诊断中有黑色素瘤。",
        "step.refer": "转诊皮肤科检查，考虑活检。",
        "step.uncertain": "应由医生当面检查皮损，考虑短期皮肤镜随访或转诊。",
        "step.confident": "由医生判断按常规处理；请患者留意大小、形状或颜色的任何变化并及时告知。",
        "area": "皮损占照片面积的 {pct}%",
        "asymmetry": "不对称度 {value}（0 = 对称）",
        "border": "边界不规则度 {value}（约 1.1 = 光滑）",
        "colours": "颜色（{n} 种）：{names}",
        "diameter": "照片中最大直径 {px} 像素（照片无比例尺，因此没有毫米尺寸）",
        "site": "部位：{site}",
        "patient": "患者：{sex}，{year} 年出生",
    },
    "ja": {
        "header": "AI による暫定下書き——医師の確認用であり、診断ではありません",
        "colon": "：",
        "sep": "、",
        "list": "・",
        "context": "背景",
        "quality": "画像の品質",
        "quality_ok": "解析に適している",
        "morphology": "形態（計測値）",
        "no_lesion": "病変の輪郭は見つかりませんでした",
        "differential": "鑑別診断（較正済みの確率）",
        "no_differential": "なし：写真が品質チェックを通過しませんでした",
        "uncertainty": "不確実性",
        "next_step": "推奨される次の対応",
        "verdict.confident": "確信度は高い",
        "verdict.uncertain": "不確実——モデルは判定を保留します。医師が判断してください",
        "verdict.refer": "紹介——医師の確認なしにモデルの判読に頼ってはいけません",
        "verdict.retake": "再撮影——診断は示しません",
        "step.retake": "評価の前に写真を撮り直してください（ダーモスコープを使い、ピントを合わせ、"
        "均一な照明で）。",
        "step.urgent": "皮膚科専門医へ至急紹介：鑑別診断にメラノーマが含まれています。",
        "step.refer": "皮膚科専門医へ紹介して診察を受けてください。生検を検討してください。",
        "step.uncertain": "医師が病変を直接診察してください。短い間隔でのダーモスコピーによる"
        "経過観察または紹介を検討してください。",
        "step.confident": "医師の判断による通常の対応。大きさ・形・色に変化があれば知らせるよう"
        "患者に伝えてください。",
        "area": "病変は写真の {pct}% を占める",
        "asymmetry": "非対称性 {value}（0 = 対称）",
        "border": "境界の不整 {value}（約 1.1 = 滑らか）",
        "colours": "色（{n} 色）：{names}",
        "diameter": "写真上の最大径 {px} px（スケールがないため mm での大きさは不明）",
        "site": "部位：{site}",
        "patient": "患者：{sex}、{year} 年生まれ",
    },
}

# Label code -> name. The same words as the GUI's "Labels" catalogue entries.
DIAGNOSIS_NAMES: Mapping[str, Mapping[str, str]] = {
    "zh_CN": {
        "akiec": "光线性角化病/鲍温病",
        "bcc": "基底细胞癌",
        "bkl": "良性角化病样病变",
        "df": "皮肤纤维瘤",
        "mel": "黑色素瘤",
        "nv": "色素痣",
        "vasc": "血管病变",
    },
    "ja": {
        "akiec": "日光角化症/ボーエン病",
        "bcc": "基底細胞癌",
        "bkl": "良性角化症様病変",
        "df": "皮膚線維腫",
        "mel": "メラノーマ（悪性黒色腫）",
        "nv": "色素細胞母斑",
        "vasc": "血管病変",
    },
}

COLOUR_NAMES: Mapping[str, Mapping[str, str]] = {
    "zh_CN": {
        "white": "白色",
        "red": "红色",
        "light brown": "浅褐色",
        "dark brown": "深褐色",
        "blue-grey": "蓝灰色",
        "black": "黑色",
    },
    "ja": {
        "white": "白",
        "red": "赤",
        "light brown": "淡褐色",
        "dark brown": "濃褐色",
        "blue-grey": "青灰色",
        "black": "黒",
    },
}

# The body sites the GUI offers (stored in English); a typed site stays as typed.
BODY_SITES: Mapping[str, Mapping[str, str]] = {
    "zh_CN": {
        "scalp": "头皮",
        "face": "面部",
        "ear": "耳",
        "neck": "颈部",
        "chest": "胸部",
        "abdomen": "腹部",
        "back": "背部",
        "upper back": "上背部",
        "lower back": "下背部",
        "upper arm": "上臂",
        "forearm": "前臂",
        "hand": "手",
        "genital": "生殖器",
        "thigh": "大腿",
        "lower leg": "小腿",
        "foot": "足",
        "acral": "肢端",
        "trunk": "躯干",
        "upper extremity": "上肢",
        "lower extremity": "下肢",
        "other": "其他",
    },
    "ja": {
        "scalp": "頭皮",
        "face": "顔面",
        "ear": "耳",
        "neck": "頸部",
        "chest": "胸部",
        "abdomen": "腹部",
        "back": "背部",
        "upper back": "背部上方",
        "lower back": "背部下方",
        "upper arm": "上腕",
        "forearm": "前腕",
        "hand": "手",
        "genital": "陰部",
        "thigh": "大腿",
        "lower leg": "下腿",
        "foot": "足",
        "acral": "末端部",
        "trunk": "体幹",
        "upper extremity": "上肢",
        "lower extremity": "下肢",
        "other": "その他",
    },
}

SEX_NAMES: Mapping[str, Mapping[str, str]] = {
    "zh_CN": {"female": "女", "male": "男", "other": "其他", "unknown": "未知"},
    "ja": {"female": "女性", "male": "男性", "other": "その他", "unknown": "不明"},
}


def word(table: Mapping[str, Mapping[str, str]], language: str, key: str) -> str:
    """`key` in `language` from one of the tables above; the key itself when none is listed."""
    return table.get(language, {}).get(key.strip().lower(), key)
