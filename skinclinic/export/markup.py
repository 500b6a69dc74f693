"""Text to ReportLab Paragraph markup that can only ever print as the same text.

ReportLab's Paragraph parses a mini-HTML (`<b>`, `<a href>`, `<img src>`, entities). Model and
staff text must never be interpreted: every `&`, `<` and `>` is escaped, so a draft that says
`<a href="http://x">` prints those characters and makes no link, and `<img src=...>` fetches
nothing. Control characters (which ReportLab cannot print) are dropped; newlines become breaks.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(text: object) -> str:
    cleaned = _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return escape(cleaned).replace("\n", "<br/>")
