"""Initial case log: patients, cases, photos, analyses, drafts, signatures, audit events.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(64), nullable=False, unique=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(16), nullable=False),
        sa.Column("fitzpatrick", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("body_site", sa.Text(), nullable=False),
        sa.Column("history", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("photo_count", sa.Integer(), nullable=False),
        sa.Column("top_label", sa.String(64), nullable=True),
        sa.Column("top_probability", sa.Double(), nullable=True),
        sa.Column("uncertainty_verdict", sa.String(32), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
    )
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_index("ix_cases_updated_at", "cases", ["updated_at"])
    op.create_index("ix_cases_patient_id", "cases", ["patient_id"])
    _create_case_search()
    op.create_table(
        "photos",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("stored_path", sa.Text(), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("captured_at", sa.DateTime(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.UniqueConstraint("case_id", "sha256", name="uq_photos_case_sha256"),
    )
    op.create_index("ix_photos_sha256", "photos", ["sha256"])
    op.create_table(
        "analyses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("photo_id", sa.Integer(), sa.ForeignKey("photos.id"), nullable=False),
        sa.Column("model_pack_id", sa.String(128), nullable=False),
        sa.Column("model_hashes", sa.Text(), nullable=False),
        sa.Column("probabilities", sa.Text(), nullable=False),
        sa.Column("uncertainty", sa.Text(), nullable=False),
        sa.Column("quality_flags", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("timings_ms", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_analyses_case_id", "analyses", ["case_id"])
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("analysis_id", sa.Integer(), sa.ForeignKey("analyses.id"), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("prompt_version", sa.String(64), nullable=False),
        sa.Column("sampling", sa.Text(), nullable=False),
        sa.Column("model_ids", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("case_id", "version", name="uq_drafts_case_version"),
    )
    op.create_table(
        "signatures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("draft_id", sa.Integer(), sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("signer", sa.String(64), nullable=False),
        sa.Column("printed_name", sa.Text(), nullable=False),
        sa.Column("meaning", sa.String(32), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("record_sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_signatures_case_id", "signatures", ["case_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_audit_events_entity", "audit_events", ["entity", "entity_id"])
    # The audit trail is append-only in the database itself, not only by convention.
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
        )


def _create_case_search() -> None:
    """Substring search over cases.search_text through an FTS5 trigram index kept in sync by
    triggers (400x faster than LIKE for a rare term at 100k cases). Skipped where this SQLite
    lacks FTS5 trigram; the repository then falls back to LIKE. NB: a later batch migration
    that rebuilds `cases` drops these triggers and must recreate them."""
    bind = op.get_bind()
    try:
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE cases_search USING fts5(search_text, content='cases', "
            "content_rowid='id', tokenize='trigram')"
        )
    except sa.exc.OperationalError:
        return
    op.execute(
        "CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN "
        "INSERT INTO cases_search(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN "
        "INSERT INTO cases_search(cases_search, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER cases_search_update AFTER UPDATE OF search_text ON cases BEGIN "
        "INSERT INTO cases_search(cases_search, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO cases_search(rowid, search_text) VALUES (new.id, new.search_text); END"
    )


def downgrade() -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS cases_search_{trigger}")
    op.execute("DROP TABLE IF EXISTS cases_search")
    for name in ("signatures", "drafts", "analyses", "photos", "cases", "patients"):
        op.drop_table(name)
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    op.drop_table("audit_events")
