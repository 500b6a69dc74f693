"""Review records handed to the CLI and GUI (frozen, like the case log's domain records)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ReviewOutcome(StrEnum):
    REVIEWED = "reviewed"  # a doctor read the draft; it may now be signed
    REJECTED = "rejected"  # a doctor refused it; a new draft is needed before signing


@dataclass(frozen=True)
class DraftReview:
    id: int
    case_id: int
    draft_id: int
    reviewer: str  # user id
    outcome: ReviewOutcome
    note: str  # the reason, for a rejection
    at: datetime
