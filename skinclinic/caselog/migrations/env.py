"""Alembic environment: always run in-process by skinclinic.caselog.migrate on a connection it
hands over (no alembic.ini, no URL), so it works installed, zipped into a wheel, or frozen."""

from __future__ import annotations

from alembic import context

from skinclinic.caselog.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run SkinClinic migrations through skinclinic.caselog.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
