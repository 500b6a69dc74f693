"""The PDF report in Chinese and Japanese: translated words, the same numbers, and an embedded
font whose text extracts back (pypdf) as the characters written."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from skinclinic.export.pdf import render_pdf
from skinclinic.export.pdf_fonts import CJK_FONT_NAME, fonts_for
from skinclinic.export.pdf_text import PdfFonts
from skinclinic.export.record import load_record
from tests.export.conftest import World

CHINESE_DRAFT = "皮肤镜显示色素性皮损，最可能的诊断是色素痣；建议医生当面检查。"
NUMBER = re.compile(r"\d+\.\d+")


def _text(data: bytes) -> str:
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    return " ".join("\n".join(pages).split())


def test_a_chinese_pdf_contains_the_expected_characters(world: World) -> None:
    case_id = world.case(site="back", draft=CHINESE_DRAFT)
    record = load_record(world.services, case_id)
    data = render_pdf(record, language="zh_CN")
    text = _text(data)
    for expected in ("皮损报告", "初步AI草稿", "患者编号", "鉴别诊断（校准概率）", "不确定性"):
        assert expected in text, expected
    assert "黑色素瘤" in text and "色素痣" in text  # diagnosis names
    assert "部位 背部" in text or "部位背部" in text  # the stored English site, translated
    assert CHINESE_DRAFT in text.replace(" ", "")
    assert "P-EXPORT1" in text  # what staff typed stays as typed
    # The embedded face, not a font the viewer must supply.
    assert CJK_FONT_NAME.encode() in data and b"/FontFile2" in data
    # The same analysis prints the same numbers as the English report.
    english = _text(render_pdf(record))
    assert sorted(NUMBER.findall(text)) == sorted(NUMBER.findall(english))
    assert "Skin lesion report" in english and "皮损报告" not in english


def test_a_japanese_pdf(world: World) -> None:
    case_id = world.case(draft="ダーモスコピーでは色素細胞母斑が最も考えられます。")
    data = render_pdf(load_record(world.services, case_id), language="ja")
    text = _text(data)
    for expected in ("皮膚病変レポート", "鑑別診断", "メラノーマ（悪性黒色腫）", "色素細胞母斑"):
        assert expected in text, expected
    assert "ダーモスコピーでは色素細胞母斑が最も考えられます。" in text.replace(" ", "")


def test_the_fallback_cid_font_still_extracts(world: World) -> None:
    """Without the font file (a trimmed build) the viewer-supplied CID font is used."""
    from skinclinic.export.pdf_fonts import _register_cid_font

    name = _register_cid_font("STSong-Light")
    record = load_record(world.services, world.case(draft=CHINESE_DRAFT))
    text = _text(render_pdf(record, language="zh_CN", fonts=PdfFonts(name, name)))
    assert "鉴别诊断" in text and CHINESE_DRAFT in text.replace(" ", "")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_latin_languages_keep_the_builtin_font(language: str) -> None:
    assert fonts_for(language) == PdfFonts()
