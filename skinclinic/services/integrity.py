"""Start-up integrity check: the audit chain and every signature, in one call.

The GUI runs it in its background start-up job (1.8 s at 100k events, so never on the GUI
thread); `skinclinic audit verify` and the self-test run the same checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services


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
