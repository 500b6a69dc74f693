"""Start-up integrity check: the audit chain and every signature, in one call.

The GUI runs it in its background start-up job (1.1 s at 100k events, so never on the GUI
thread); `skinclinic audit verify` and the self-test run the same checks.

The chain alone cannot show that its newest events were deleted. `audit verify` prints the
head (newest event id and hash) to be written down outside the machine; `audit verify --anchor
ID:HASH` later proves that event is still there, unchanged, so nothing up to it was truncated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services
    from skinclinic.core.domain import AuditEvent


_ANCHOR = re.compile(r"([0-9]+):([0-9a-f]{64})", re.ASCII | re.IGNORECASE)


@dataclass(frozen=True)
class AuditAnchor:
    """An audit event's id and hash, recorded outside the case log; written "ID:HASH"."""

    event_id: int
    hash: str

    @classmethod
    def of(cls, event: AuditEvent) -> AuditAnchor:
        return cls(event.id, event.hash)

    @classmethod
    def parse(cls, text: str) -> AuditAnchor:
        match = _ANCHOR.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"an anchor is EVENT_ID:SHA256 (64 hex digits), not {text!r}")
        return cls(int(match[1]), match[2].lower())

    def __str__(self) -> str:
        return f"{self.event_id}:{self.hash}"


def anchor_problem(anchor: AuditAnchor, found_hash: str | None) -> str | None:
    """None when the anchored event is still in the trail (``found_hash`` is its stored hash,
    None when it is gone) with the hash that was written down."""
    if found_hash is None:
        return (
            f"The audit trail no longer holds event {anchor.event_id}, which was anchored: "
            "its newest events were deleted. Restore the case log from a backup and report this."
        )
    if found_hash != anchor.hash:
        return (
            f"Audit event {anchor.event_id} has another hash than the one anchored: the trail "
            "was rewritten. Restore the case log from a backup and report this."
        )
    return None


@dataclass(frozen=True)
class IntegrityReport:
    problems: list[str]  # one sentence each; empty when the case log verifies
    events: int
    head: AuditAnchor | None  # the newest event, to write down as the next anchor


def check_integrity(services: Services, anchor: AuditAnchor | None = None) -> IntegrityReport:
    """The audit chain (one pass, also checking ``anchor``) and every signature."""
    from skinclinic.review.service import ReviewService

    walk = services.repository.walk_audit_chain(anchor.event_id if anchor else None)
    problems: list[str] = []
    if walk.first_broken is not None:
        problems.append(
            f"The audit trail is broken at event {walk.first_broken}: it was edited, deleted or "
            "reordered after it was written. Restore the case log from a backup and report this."
        )
    elif anchor is not None:
        problem = anchor_problem(anchor, walk.remembered_hash)
        problems += [problem] if problem else []
    signatures = ReviewService.for_caselog(services.caselog).verify_all_signatures()
    for case_id, case_problems in sorted(signatures.items()):
        problems += [f"Case {case_id}: {problem}" for problem in case_problems]
    head = AuditAnchor(*walk.head) if walk.head else None
    return IntegrityReport(problems, walk.events, head)


def integrity_problems(services: Services) -> list[str]:
    """One sentence per problem; an empty list means the case log verifies."""
    return check_integrity(services).problems
