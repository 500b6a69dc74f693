"""Start-up integrity check: the audit chain and every signature, in one call.

The GUI runs it in its background start-up job (1.8 s at 100k events, so never on the GUI
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


def anchor_problem(events: list[AuditEvent], anchor: AuditAnchor) -> str | None:
    """None when the anchored event is still in the trail with the same hash."""
    found = next((e for e in events if e.id == anchor.event_id), None)
    if found is None:
        return (
            f"The audit trail no longer holds event {anchor.event_id}, which was anchored: "
            "its newest events were deleted. Restore the case log from a backup and report this."
        )
    if found.hash != anchor.hash:
        return (
            f"Audit event {anchor.event_id} has another hash than the one anchored: the trail "
            "was rewritten. Restore the case log from a backup and report this."
        )
    return None


def integrity_problems(services: Services) -> list[str]:
    """One sentence per problem; an empty list means the case log verifies."""
    from skinclinic.review.service import ReviewService

    problems: list[str] = []
    broken = services.repository.verify_audit_chain()
    if broken is not None:
        problems.append(
            f"The audit trail is broken at event {broken}: it was edited, deleted or reordered "
            "after it was written. Restore the case log from a backup and report this."
        )
    signatures = ReviewService.for_caselog(services.caselog).verify_all_signatures()
    for case_id, case_problems in sorted(signatures.items()):
        problems += [f"Case {case_id}: {problem}" for problem in case_problems]
    return problems
