"""Fonts for the PDF report in each language.

Latin reports use ReportLab's built-in Helvetica. Chinese and Japanese reports embed WenQuanYi
Micro Hei (assets/fonts, Apache-2.0, from Debian's fonts-wqy-microhei), one TrueType face that
covers Simplified Chinese, Japanese kana and kanji, and Latin. Why embed rather than use
ReportLab's CID fonts (STSong-Light, HeiseiMin-W3), which need no file: a CID font is only
named in the PDF, so the reader's viewer must supply the glyphs, and viewers without Adobe's
Asian font packs (many Linux and mobile readers, archive converters; PDF/A forbids it) print
blanks or boxes; a report sent to another clinic must read the same everywhere. ReportLab
embeds only the glyphs a report uses (tens of kilobytes). The CID fonts remain the fallback
when a trimmed build lacks the font file, so the text still extracts and shows where it can.
The face has no bold: headings differ by size.
"""

from __future__ import annotations

from functools import cache

from skinclinic.export.pdf_text import PdfFonts
from skinclinic.resources import find_data

CJK_FONT_FILE = ("assets", "fonts", "wqy-microhei.ttc")
CJK_FONT_NAME = "WenQuanYiMicroHei"
# Fallback CID fonts by language: names only, glyphs from the viewer.
_CID_FONTS = {"zh_CN": "STSong-Light", "ja": "HeiseiKakuGo-W5"}


@cache
def _register_cjk_font() -> str | None:
    """Register the embedded face once; None when its file is missing."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = find_data(*CJK_FONT_FILE)
    if not path.is_file():
        return None
    pdfmetrics.registerFont(TTFont(CJK_FONT_NAME, str(path), subfontIndex=0))
    return CJK_FONT_NAME


@cache
def _register_cid_font(name: str) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def fonts_for(language: str) -> PdfFonts:
    """The fonts that print `language` (registered with ReportLab on first use)."""
    if language not in _CID_FONTS:
        return PdfFonts()
    name = _register_cjk_font() or _register_cid_font(_CID_FONTS[language])
    return PdfFonts(regular=name, bold=name)
