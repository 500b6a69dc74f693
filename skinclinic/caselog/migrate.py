"""Schema upgrades at start-up, with Alembic driven from code (no alembic.ini at run time).

The script folder is found next to this module, so the same code works from a checkout, an
installed wheel, or a PyInstaller bundle (which must ship `caselog/migrations/**.py` as data).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine

from skinclinic.errors import DatabaseTooNew

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def check_not_too_new(connection: Connection) -> None:
    """Refuse a case log whose schema revision this version of SkinClinic does not know."""
    revision = current_revision(connection)
    if revision is None:
        return
    script = ScriptDirectory.from_config(alembic_config())
    try:
        known = script.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise DatabaseTooNew(
            f"This case log was written by a newer SkinClinic (schema {revision}); "
            "install that version or newer to open it."
        )


def upgrade_to_head(engine: Engine) -> None:
    with engine.connect() as connection:
        check_not_too_new(connection)
        connection.rollback()  # end the read transaction before Alembic begins its own
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
