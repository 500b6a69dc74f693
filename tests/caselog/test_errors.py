"""SQLite failures reach the user as one actionable sentence, and change nothing."""

from __future__ import annotations

import re
import sqlite3

import pytest
from sqlalchemy import event

from skinclinic.caselog import CaseLog
from skinclinic.caselog.engine import explain
from skinclinic.errors import CaseLogError, SkinClinicError, StorageError
from tests.caselog.conftest import new_case


def test_read_only_database_is_a_storage_error(caselog: CaseLog) -> None:
    new_case(caselog.repository)

    def query_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    caselog.engine.dispose()
    event.listen(caselog.engine, "connect", query_only)
    with pytest.raises(StorageError, match="is read-only; check the permissions"):
        new_case(caselog.repository, "P-2")
    assert caselog.repository.count_cases() == 1  # reads still work; nothing was written


@pytest.mark.parametrize(
    ("message", "kind", "text"),
    [
        ("database or disk is full", StorageError, "is full; free some space"),
        ("database is locked", CaseLogError, "stayed busy for more than 5 s"),
        ("something odd", CaseLogError, r"could not be used \(something odd\)"),
    ],
)
def test_explain(message: str, kind: type[SkinClinicError], text: str) -> None:
    err = explain(sqlite3.OperationalError(message), "/data/caselog.sqlite3")
    assert type(err) is kind
    assert err.args[0].startswith("The ") and err.args[0].endswith(".")
    assert re.search(text, str(err))
