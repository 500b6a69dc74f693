"""Migrations create the schema; pragmas are durable; a newer case log is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from skinclinic.caselog import CaseLog
from skinclinic.caselog.migrate import MIGRATIONS_DIR, alembic_config, head_revision
from skinclinic.caselog.models import Base
from skinclinic.errors import CaseLogError, DatabaseTooNew
from skinclinic.paths import AppPaths


def test_open_creates_schema_at_head(caselog: CaseLog, paths: AppPaths) -> None:
    with sqlite3.connect(paths.caselog) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    assert {"patients", "cases", "photos", "analyses", "drafts", "signatures"} <= tables
    assert "audit_events" in tables
    assert revision == [(head_revision(),)]
    script = ScriptDirectory.from_config(alembic_config())
    assert "0001_initial" in {rev.revision for rev in script.walk_revisions()}


def test_migration_matches_the_models(caselog: CaseLog) -> None:
    """The migrated schema has exactly the case-log models' tables, columns and indexes
    (tables that later migrations add for other packages are compared by their owners)."""

    def ours(name: str | None, type_: str, _parent: object) -> bool:
        return type_ != "table" or name in Base.metadata.tables

    with caselog.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": ours})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_every_connection_gets_durable_pragmas(caselog: CaseLog) -> None:
    with caselog.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_writes_begin_immediate(caselog: CaseLog, paths: AppPaths) -> None:
    """While a write transaction is open, another connection cannot even start one."""
    with caselog.engine.begin() as conn:
        conn.execute(text("SELECT 1"))  # no write yet: only BEGIN IMMEDIATE holds the lock
        other = sqlite3.connect(paths.caselog, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_reopen_is_idempotent(paths: AppPaths) -> None:
    for _ in range(2):
        with CaseLog.open(paths) as log:
            log.repository.get_or_create_patient("P-9", actor="test")
    with CaseLog.open(paths) as log:
        assert log.repository.count_cases() == 0


def test_newer_case_log_is_refused(paths: AppPaths) -> None:
    CaseLog.open(paths).close()
    with sqlite3.connect(paths.caselog) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    for migrate in (True, False):
        with pytest.raises(DatabaseTooNew) as refused:
            CaseLog.open(paths, migrate=migrate)
        assert str(refused.value) == (
            "This case log was written by a newer SkinClinic (schema 0099_future); "
            "install that version or newer to open it."
        )
    # The refusal released the lock and changed nothing.
    with sqlite3.connect(paths.caselog) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0099_future",
        )


def test_not_a_database_gives_one_clear_error(paths: AppPaths) -> None:
    paths.caselog.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CaseLogError, match="Cannot open the case log"):
        CaseLog.open(paths)


def test_migrations_ship_as_package_files() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "versions" / "0001_initial.py").is_file()
    assert Path(MIGRATIONS_DIR).is_relative_to(Path(__file__).resolve().parents[2] / "skinclinic")
