from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from skinclinic.review.clock import ManualClock
from skinclinic.review.errors import PermissionDenied, SessionLocked
from skinclinic.review.lockout import LockoutPolicy
from skinclinic.review.passwords import hash_password
from skinclinic.review.roles import Permission, Role, User, has_permission, require
from skinclinic.review.session import Session

NOW = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def make_user(role: Role, password: str = "a long password") -> User:
    return User(
        id=f"{role.value}-id",
        username=role.value,
        printed_name=f"Dr {role.value.title()}",
        role=role,
        password_hash=hash_password(password),
        failed_logins=0,
        locked_until=None,
        disabled=False,
        created_at=NOW,
    )


def test_only_doctors_sign_and_review() -> None:
    staff, doctor, admin = (make_user(r) for r in Role)
    with pytest.raises(PermissionDenied, match="only doctors may sign"):
        require(staff, Permission.SIGN)
    with pytest.raises(PermissionDenied):
        require(admin, Permission.SIGN)
    require(doctor, Permission.SIGN)
    require(doctor, Permission.REVIEW)
    require(staff, Permission.DRAFT)
    require(admin, Permission.MANAGE_USERS)
    with pytest.raises(PermissionDenied):
        require(doctor, Permission.MANAGE_USERS)


def test_disabled_user_has_no_permissions() -> None:
    doctor = replace(make_user(Role.DOCTOR), disabled=True)
    assert not has_permission(doctor, Permission.IMPORT)
    with pytest.raises(PermissionDenied, match="disabled"):
        require(doctor, Permission.SIGN)


def test_repr_hides_password_hash() -> None:
    assert "scrypt" not in repr(make_user(Role.STAFF))


def test_five_failures_lock_for_fifteen_minutes() -> None:
    policy = LockoutPolicy()
    count, until = 0, None
    for _ in range(4):
        count, until = policy.after_failure(count, NOW)
        assert until is None
    count, until = policy.after_failure(count, NOW)
    assert (count, until) == (0, NOW + timedelta(minutes=15))
    assert policy.is_locked(until, NOW + timedelta(minutes=14, seconds=59))
    assert not policy.is_locked(until, NOW + timedelta(minutes=15))


def test_idle_lock_fires_and_unlocks_with_password() -> None:
    clock = ManualClock(NOW)
    session = Session(make_user(Role.DOCTOR, "my password!"), clock, timedelta(minutes=5))
    clock.advance(minutes=4)
    session.check()  # activity resets the idle timer
    clock.advance(minutes=4, seconds=59)
    assert session.check().role is Role.DOCTOR
    clock.advance(minutes=5)
    assert session.locked
    with pytest.raises(SessionLocked, match="5 minutes idle"):
        session.check()
    assert not session.unlock("wrong password")
    assert session.locked
    assert session.unlock("my password!")
    session.check()
    session.close()
    with pytest.raises(SessionLocked):
        session.check()
