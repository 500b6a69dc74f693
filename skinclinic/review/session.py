"""A signed-in user's session, with an idle lock read from an injected clock.

Every action goes through `check()`, which raises SessionLocked once the user has been idle
longer than `idle_timeout` and otherwise records the activity. `unlock(password)` reopens it.
"""

from __future__ import annotations

from datetime import timedelta

from skinclinic.review.clock import Clock
from skinclinic.review.errors import SessionLocked
from skinclinic.review.passwords import verify_password
from skinclinic.review.roles import User

DEFAULT_IDLE_TIMEOUT = timedelta(minutes=10)  # the lead's settings may override it


class Session:
    def __init__(
        self, user: User, clock: Clock, idle_timeout: timedelta = DEFAULT_IDLE_TIMEOUT
    ) -> None:
        if idle_timeout <= timedelta(0):
            raise ValueError("idle_timeout must be positive")
        self.user = user
        self._clock = clock
        self.idle_timeout = idle_timeout
        self._last_activity = clock.now()
        self._locked = False
        self.closed = False

    @property
    def locked(self) -> bool:
        if not self._locked and self._clock.now() - self._last_activity >= self.idle_timeout:
            self._locked = True
        return self._locked or self.closed

    def check(self) -> User:
        """The session's user, if the session is open and not idle-locked; counts as activity."""
        if self.closed:
            raise SessionLocked("This session has ended; sign in again.")
        if self.locked:
            raise SessionLocked(
                f"The session locked after {_minutes(self.idle_timeout)} idle; "
                "enter your password to continue."
            )
        self._last_activity = self._clock.now()
        return self.user

    def unlock(self, password: str) -> bool:
        """Reopen an idle-locked session with the user's password; False if it is wrong."""
        if self.closed or not verify_password(password, self.user.password_hash):
            return False
        self._locked = False
        self._last_activity = self._clock.now()
        return True

    def close(self) -> None:
        self.closed = True


def _minutes(delta: timedelta) -> str:
    minutes = delta.total_seconds() / 60
    return f"{minutes:g} minute" + ("" if minutes == 1 else "s")
