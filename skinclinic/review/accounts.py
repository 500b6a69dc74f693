"""Users and sign-in over the case log's database: first admin, add/list/disable, login/logout,
lockout, and password re-entry. Every outcome, good or bad, writes an audit event.

`ReviewService` (service.py) extends this with the review and signing workflow.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session as OrmSession

from skinclinic.caselog import audit
from skinclinic.caselog.engine import reader
from skinclinic.errors import NotFound
from skinclinic.review.clock import Clock, SystemClock
from skinclinic.review.errors import (
    AccountLocked,
    AuthenticationFailed,
    PermissionDenied,
    ReviewError,
    UserExists,
)
from skinclinic.review.lockout import LockoutPolicy
from skinclinic.review.models import UserRow
from skinclinic.review.passwords import check_policy, hash_password, verify_password
from skinclinic.review.roles import Permission, Role, User, require
from skinclinic.review.session import DEFAULT_IDLE_TIMEOUT, Session

ANONYMOUS = "anonymous"  # audit actor for a sign-in attempt with an unknown username
# One message for unknown user, wrong password and disabled account: no user enumeration.
BAD_CREDENTIALS = "Wrong username or password."


class HasEngine(Protocol):
    """What is needed from the case log (skinclinic.caselog.CaseLog satisfies it)."""

    @property
    def engine(self) -> Engine: ...


class Accounts:
    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock | None = None,
        lockout: LockoutPolicy | None = None,
        idle_timeout: timedelta = DEFAULT_IDLE_TIMEOUT,
    ) -> None:
        self._engine = engine
        self._reader = reader(engine)
        self.clock: Clock = clock or SystemClock()
        self.lockout = lockout or LockoutPolicy()
        self.idle_timeout = idle_timeout

    # -- users ---------------------------------------------------------------------------------

    def needs_first_admin(self) -> bool:
        """True until the first run has created an admin (no user exists yet)."""
        with self._read() as db:
            return not db.scalar(select(func.count()).select_from(UserRow))

    def create_first_admin(self, username: str, printed_name: str, password: str) -> User:
        """Create the admin on first run; refused once any user exists."""
        with self._write() as db:
            if db.scalar(select(func.count()).select_from(UserRow)):
                raise PermissionDenied("The first admin already exists; sign in as an admin.")
            row = self._insert_user(db, username, printed_name, Role.ADMIN, password, actor=None)
            return row.to_domain()

    def add_user(
        self, admin: User, username: str, printed_name: str, role: Role, password: str
    ) -> User:
        with self._write() as db:
            actor = self._fresh(db, admin)
            require(actor, Permission.MANAGE_USERS)
            return self._insert_user(
                db, username, printed_name, role, password, actor.id
            ).to_domain()

    def list_users(self, *, include_disabled: bool = True) -> list[User]:
        query = select(UserRow).order_by(UserRow.username)
        if not include_disabled:
            query = query.where(UserRow.disabled.is_(False))
        with self._read() as db:
            return [row.to_domain() for row in db.scalars(query)]

    def get_user(self, username: str) -> User:
        with self._read() as db:
            return self._by_username(db, username).to_domain()

    def disable_user(self, admin: User, username: str) -> User:
        """Disable an account (accounts are never deleted, so ids stay unique forever)."""
        with self._write() as db:
            actor = self._fresh(db, admin)
            require(actor, Permission.MANAGE_USERS)
            row = self._by_username(db, username)
            if row.id == actor.id:
                raise ReviewError("An admin cannot disable their own account.")
            if not row.disabled:
                row.disabled = True
                self._audit(
                    db, actor.id, "user_disabled", row.id, {"disabled": False}, {"disabled": True}
                )
            return row.to_domain()

    # -- sign-in -------------------------------------------------------------------------------

    def login(self, username: str, password: str) -> Session:
        """Check the password and open an idle-locking session; raises AuthenticationFailed or
        AccountLocked (the failure is counted and audited either way)."""
        with self._write() as db:
            row, error = self._authenticate(db, username, password, purpose="login")
            if row is not None:
                self._audit(db, row.id, "login", row.id, None, {"username": row.username})
        if error is not None:
            raise error
        assert row is not None
        return Session(row.to_domain(), self.clock, self.idle_timeout)

    def logout(self, session: Session) -> None:
        if session.closed:
            return
        with self._write() as db:
            self._audit(db, session.user.id, "logout", session.user.id, None, None)
        session.close()

    def unlock(self, session: Session, password: str) -> None:
        """Reopen an idle-locked session; a wrong password counts towards the lockout."""
        with self._write() as db:
            row, error = self._authenticate(db, session.user.username, password, purpose="unlock")
        if error is not None:
            raise error
        assert row is not None and session.unlock(password)

    # -- helpers for subclasses ----------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[OrmSession]:
        """One BEGIN IMMEDIATE transaction (the case log engine's default)."""
        with OrmSession(self._engine, expire_on_commit=False) as db, db.begin():
            yield db

    @contextmanager
    def _read(self) -> Iterator[OrmSession]:
        with OrmSession(self._reader) as db, db.begin():
            yield db

    def _authenticate(
        self, db: OrmSession, username: str, password: str, *, purpose: str
    ) -> tuple[UserRow | None, ReviewError | None]:
        """(the user, None) on success, else (None, the error to raise after commit), so the
        failure count and its audit event are committed even though the caller then fails."""
        row = db.scalars(select(UserRow).where(UserRow.username == username)).one_or_none()
        now = self.clock.now()
        if row is None:
            self._audit(
                db,
                ANONYMOUS,
                "failed_login",
                username,
                None,
                {"username": username, "purpose": purpose, "reason": "unknown user"},
            )
            return None, AuthenticationFailed(BAD_CREDENTIALS)
        if row.disabled:
            self._audit(
                db,
                row.id,
                "failed_login",
                row.id,
                None,
                {"username": username, "purpose": purpose, "reason": "disabled"},
            )
            return None, AuthenticationFailed(BAD_CREDENTIALS)
        if self.lockout.is_locked(row.locked_until, now):
            assert row.locked_until is not None
            self._audit(
                db,
                row.id,
                "failed_login",
                row.id,
                None,
                {"username": username, "purpose": purpose, "reason": "locked"},
            )
            minutes = max(1, round((row.locked_until - now).total_seconds() / 60))
            return None, AccountLocked(
                f"The account {username!r} is locked after repeated wrong passwords; "
                f"try again in about {minutes} minute{'s' if minutes != 1 else ''}."
            )
        if not verify_password(password, row.password_hash):
            before = {"failed_logins": row.failed_logins, "locked_until": row.locked_until}
            row.failed_logins, row.locked_until = self.lockout.after_failure(row.failed_logins, now)
            self._audit(
                db,
                row.id,
                "failed_login",
                row.id,
                before,
                {
                    "failed_logins": row.failed_logins,
                    "locked_until": row.locked_until,
                    "username": username,
                    "purpose": purpose,
                    "reason": "wrong password",
                },
            )
            if row.locked_until is not None:
                return None, AccountLocked(
                    f"Too many wrong passwords: the account {username!r} is locked for "
                    f"{int(self.lockout.duration.total_seconds() // 60)} minutes."
                )
            return None, AuthenticationFailed(BAD_CREDENTIALS)
        if row.failed_logins or row.locked_until is not None:
            row.failed_logins, row.locked_until = 0, None
        return row, None

    def _fresh(self, db: OrmSession, user: User) -> User:
        """The user as stored now: a role change or a disable takes effect at once."""
        row = db.get(UserRow, user.id)
        if row is None:
            raise NotFound(f"There is no user with id {user.id}.")
        fresh = row.to_domain()
        if fresh.disabled:
            raise PermissionDenied(f"The account {fresh.username!r} is disabled.")
        return fresh

    def _by_username(self, db: OrmSession, username: str) -> UserRow:
        row = db.scalars(select(UserRow).where(UserRow.username == username)).one_or_none()
        if row is None:
            raise NotFound(f"There is no user named {username!r}.")
        return row

    def _insert_user(
        self,
        db: OrmSession,
        username: str,
        printed_name: str,
        role: Role,
        password: str,
        actor: str | None,
    ) -> UserRow:
        username, printed_name = username.strip(), printed_name.strip()
        if not username or not printed_name:
            raise ReviewError("A user needs a username and a printed name.")
        check_policy(password)
        if db.scalars(select(UserRow.id).where(UserRow.username == username)).first():
            raise UserExists(f"The username {username!r} is already taken.")
        row = UserRow(
            id=uuid.uuid4().hex,
            username=username,
            printed_name=printed_name,
            role=Role(role).value,
            password_hash=hash_password(password),
            failed_logins=0,
            locked_until=None,
            disabled=False,
            created_at=self.clock.now(),
        )
        db.add(row)
        db.flush()
        self._audit(
            db,
            actor or row.id,
            "user_created",
            row.id,
            None,
            {"username": username, "printed_name": printed_name, "role": row.role},
        )
        return row

    @staticmethod
    def _audit(
        db: OrmSession,
        actor: str,
        action: str,
        entity_id: object,
        old: dict[str, Any] | None,
        new: dict[str, Any] | None,
        entity: str = "user",
    ) -> None:
        audit.append(
            db, actor=actor, action=action, entity=entity, entity_id=entity_id, old=old, new=new
        )
