"""Case-list filters: status, and case-insensitive substring search over cases.search_text.

Search goes through the FTS5 trigram index `cases_search` when the database has it and the
term has at least 3 characters (a trigram needs 3); otherwise it scans with LIKE.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, column, table, text

from skinclinic.caselog.models import CaseRow
from skinclinic.core.domain import CaseStatus

FTS_TABLE = table("cases_search", column("rowid"), column("cases_search"))
MIN_FTS_CHARS = 3


def has_fts(connection: Connection) -> bool:
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases_search'")
    ).first()
    return found is not None


def normalise(search: str | None) -> str | None:
    term = (search or "").strip().casefold()
    return term or None


def uses_fts(term: str | None, fts: bool) -> bool:
    return fts and term is not None and len(term) >= MIN_FTS_CHARS


def status_filter(status: CaseStatus | None) -> list[ColumnElement[bool]]:
    return [] if status is None else [CaseRow.status == CaseStatus(status).value]


def like_filter(term: str) -> ColumnElement[bool]:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return CaseRow.search_text.like(f"%{escaped}%", escape="\\")


def fts_match(term: str) -> ColumnElement[bool]:
    # One quoted phrase: every character is literal, and a trigram phrase is a substring match.
    phrase = '"' + term.replace('"', '""') + '"'
    return FTS_TABLE.c.cases_search.op("MATCH")(phrase)
