"""ORM rows for users and draft reviews (tables created by migration 0002_review).

They live on the case log's declarative Base so the schema has one metadata and one engine;
only skinclinic.review.service touches them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from skinclinic.caselog.models import Base
from skinclinic.review.records import DraftReview, ReviewOutcome
from skinclinic.review.roles import Role, User


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    printed_name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]

    def to_domain(self) -> User:
        return User(
            id=self.id,
            username=self.username,
            printed_name=self.printed_name,
            role=Role(self.role),
            password_hash=self.password_hash,
            failed_logins=self.failed_logins,
            locked_until=self.locked_until,
            disabled=self.disabled,
            created_at=self.created_at,
        )


class DraftReviewRow(Base):
    __tablename__ = "draft_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(64), ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]

    def to_domain(self) -> DraftReview:
        return DraftReview(
            id=self.id,
            case_id=self.case_id,
            draft_id=self.draft_id,
            reviewer=self.reviewer,
            outcome=ReviewOutcome(self.outcome),
            note=self.note,
            at=self.at,
        )
