"""The SQLite engine: durable pragmas on every connection and `BEGIN IMMEDIATE` for writes.

pysqlite's own transaction handling is switched off (it would start transactions lazily and
as DEFERRED); SQLAlchemy's "begin" event emits the BEGIN we choose instead. A write transaction
that starts with IMMEDIATE takes the write lock up front, so it never fails half-way with
SQLITE_BUSY on lock upgrade, and the busy timeout covers waiting for another writer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from skinclinic.caselog.encryption import Keys
from skinclinic.errors import CaseLogError, SkinClinicError, StorageError

BUSY_TIMEOUT_MS = 5000

# Execution option that picks the BEGIN flavour; read-only work may use "DEFERRED".
BEGIN_OPTION = "sqlite_begin"


def make_engine(database: Path, keys: Keys | None = None) -> Engine:
    """`keys`: an encrypted home's; the file is then SQLCipher throughout, its WAL included.
    SQLAlchemy's pysqlcipher dialect sets the key before any other statement."""
    # hide_parameters: a failed statement's values (patient data) stay out of error messages
    # and so out of crash logs, which are never encrypted.
    if keys is None:
        engine = create_engine(f"sqlite+pysqlite:///{database}", hide_parameters=True)
    else:
        key = keys.sqlcipher_key()
        url = URL.create("sqlite+pysqlcipher", password=key, database=str(database))
        # The dialect defaults to SingletonThreadPool, which closes other threads' connections
        # once more than five threads have used it (every GUI job runs on its own thread).
        engine = create_engine(url, poolclass=QueuePool, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def connect_raw(
    database: Path, keys: Keys | None = None, *, read_only: bool = False, sqlcipher: bool = False
) -> sqlite3.Connection:
    """A plain DB-API connection, for what needs no ORM (backup checks, `sqlcipher_export`):
    SQLCipher's module when there are `keys` (or `sqlcipher` asks for it on a clear file)."""
    uri = Path(database).absolute().as_uri()  # percent-encoded: '#' or '?' in a folder name
    target = f"{uri}?mode=ro" if read_only else uri
    if keys is None and not sqlcipher:
        return sqlite3.connect(target, uri=True)
    import sqlcipher3

    conn: sqlite3.Connection = sqlcipher3.connect(target, uri=True)
    conn.execute("PRAGMA cipher_log_level = NONE")  # see _on_connect
    if keys is not None:
        conn.execute(f'PRAGMA key = "{keys.sqlcipher_key()}"')
    return conn


def is_clear_sqlite(database: Path) -> bool:
    """The file starts with SQLite's plain header (an encrypted one starts with random bytes)."""
    try:
        with open(database, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except FileNotFoundError:
        return False


def reader(engine: Engine) -> Engine:
    """The same engine (and pool) whose transactions begin DEFERRED: reads never block writers."""
    return engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})


def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, see _on_begin
    cursor = dbapi_connection.cursor()
    try:
        # SQLCipher prints a key mismatch to stderr; the error we raise says it once. Plain
        # SQLite ignores the unknown pragma.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_begin(connection: Connection) -> None:
    mode: Any = connection.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
    if mode not in {"IMMEDIATE", "DEFERRED", "EXCLUSIVE"}:
        raise ValueError(f"unknown BEGIN mode {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")


def explain(err: Exception, database: Path | str) -> SkinClinicError:
    """One actionable sentence for a SQLite failure during a read or write."""
    original = getattr(err, "orig", None) or err
    message = str(original).splitlines()[0] if str(original) else type(original).__name__
    lowered = message.lower()
    if "disk is full" in lowered or "disk full" in lowered:
        return StorageError(
            f"The disk holding the case log {database} is full; free some space and try again."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return StorageError(
            f"The case log {database} is read-only; check the permissions of the file and its "
            "folder."
        )
    if "locked" in lowered or "busy" in lowered:
        return CaseLogError(
            f"The case log {database} stayed busy for more than {BUSY_TIMEOUT_MS // 1000} s; "
            "try again in a moment."
        )
    return CaseLogError(f"The case log {database} could not be used ({message}).")
