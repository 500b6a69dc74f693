"""Account lockout: 5 consecutive wrong passwords lock the account for 15 minutes.

Pure arithmetic over (failed count, locked until); the service stores the result on the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    duration: timedelta = timedelta(minutes=15)

    def is_locked(self, locked_until: datetime | None, now: datetime) -> bool:
        return locked_until is not None and now < locked_until

    def after_failure(self, failed_logins: int, now: datetime) -> tuple[int, datetime | None]:
        """The new (failed count, locked until) after one more wrong password."""
        count = failed_logins + 1
        if count >= self.max_failures:
            # The count restarts, so after the lock expires the user gets a full set of tries.
            return 0, now + self.duration
        return count, None
