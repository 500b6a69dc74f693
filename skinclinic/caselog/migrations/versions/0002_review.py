"""Review: users, draft reviews, and triggers that make signed records immutable.

Revision ID: 0002_review
Revises: 0001_initial
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_review"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

IMMUTABLE = "signed records are immutable"

# Enforced by SQLite itself, so neither the ORM nor a raw UPDATE can change what a doctor signed.
TRIGGERS = {
    # A draft that any signature names can no longer be edited or deleted.
    "drafts_signed_no_update": "BEFORE UPDATE ON drafts "
    "WHEN EXISTS (SELECT 1 FROM signatures WHERE draft_id = OLD.id)",
    "drafts_signed_no_delete": "BEFORE DELETE ON drafts "
    "WHEN EXISTS (SELECT 1 FROM signatures WHERE draft_id = OLD.id)",
    # Signatures and reviews are append-only.
    "signatures_no_update": "BEFORE UPDATE ON signatures",
    "signatures_no_delete": "BEFORE DELETE ON signatures",
    "draft_reviews_no_update": "BEFORE UPDATE ON draft_reviews",
    "draft_reviews_no_delete": "BEFORE DELETE ON draft_reviews",
    # User ids are never reused: accounts are disabled, not deleted.
    "users_no_delete": "BEFORE DELETE ON users",
    "users_id_fixed": "BEFORE UPDATE OF id, username, created_at ON users",
}


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("printed_name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('staff', 'doctor', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "draft_reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("draft_id", sa.Integer(), sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("reviewer", sa.String(64), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("outcome IN ('reviewed', 'rejected')", name="ck_draft_reviews_outcome"),
    )
    op.create_index("ix_draft_reviews_draft_id", "draft_reviews", ["draft_id"])
    for name, when in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_draft_reviews_draft_id", "draft_reviews")
    op.drop_table("draft_reviews")
    op.drop_table("users")
