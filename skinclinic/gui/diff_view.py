"""The difference between the AI draft and the doctor's edit, word by word (difflib), coloured
and also marked with strike-through / underline so it does not rely on colour alone."""

from __future__ import annotations

import difflib
import html
import re

_TOKENS = re.compile(r"\s+|[^\s]+")


def diff_html(before: str, after: str) -> str:
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_text(old[a1:a2]))
            continue
        if op in ("delete", "replace"):
            parts.append(
                '<span style="background:#f8d7d3;color:#7a1f16;text-decoration:line-through">'
                f"{_text(old[a1:a2])}</span>"
            )
        if op in ("insert", "replace"):
            parts.append(
                '<span style="background:#d4f0dc;color:#1d5b34;text-decoration:underline">'
                f"{_text(new[b1:b2])}</span>"
            )
    return '<div style="white-space:pre-wrap">' + "".join(parts) + "</div>"


def _text(tokens: list[str]) -> str:
    return html.escape("".join(tokens))


def changed(before: str, after: str) -> bool:
    return before.strip() != after.strip()
