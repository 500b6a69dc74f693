from __future__ import annotations

from pathlib import Path

import pytest

from skinclinic.caselog import CaseLog
from skinclinic.paths import app_paths
from skinclinic.review.errors import (
    AccountLocked,
    AuthenticationFailed,
    PermissionDenied,
    SessionLocked,
    UserExists,
    WeakPassword,
)
from skinclinic.review.roles import Role
from skinclinic.review.service import ReviewService
from tests.review.conftest import PASSWORD, World


def actions(world: World) -> list[str]:
    return [e.action for e in world.caselog.repository.list_audit(entity="user")]


def test_first_run_creates_the_admin_once(skinclinic_home: Path) -> None:
    with CaseLog.open(app_paths(skinclinic_home)) as caselog:
        service = ReviewService.for_caselog(caselog)
        assert service.needs_first_admin()
        with pytest.raises(WeakPassword):
            service.create_first_admin("root", "Root", "short")
        admin = service.create_first_admin("root", "Root Admin", PASSWORD)
        assert admin.role is Role.ADMIN and not service.needs_first_admin()
        with pytest.raises(PermissionDenied):
            service.create_first_admin("root2", "Another", PASSWORD)


def test_users_are_managed_by_admins_only(world: World) -> None:
    assert [u.username for u in world.service.list_users()] == ["admin", "dr.house", "nurse"]
    with pytest.raises(UserExists):
        world.service.add_user(world.admin, "nurse", "Other", Role.STAFF, PASSWORD)
    with pytest.raises(PermissionDenied):
        world.service.add_user(world.doctor, "x", "X", Role.ADMIN, PASSWORD)
    disabled = world.service.disable_user(world.admin, "nurse")
    assert disabled.disabled
    with pytest.raises(AuthenticationFailed):
        world.service.login("nurse", PASSWORD)
    assert actions(world).count("user_created") == 3
    assert "user_disabled" in actions(world)


def test_login_logout_and_failures_are_audited(world: World) -> None:
    session = world.service.login("dr.house", PASSWORD)
    assert session.check().id == world.doctor.id
    world.service.logout(session)
    with pytest.raises(AuthenticationFailed, match="Wrong username or password"):
        world.service.login("dr.house", "not the password")
    with pytest.raises(AuthenticationFailed, match="Wrong username or password"):
        world.service.login("nobody", PASSWORD)
    assert actions(world)[-4:] == ["login", "logout", "failed_login", "failed_login"]
    assert world.caselog.repository.verify_audit_chain() is None


def test_five_wrong_passwords_lock_until_the_lock_expires(world: World) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            world.service.login("dr.house", "wrong password!")
    with pytest.raises(AccountLocked, match="locked for 15 minutes"):
        world.service.login("dr.house", "wrong password!")
    with pytest.raises(AccountLocked):  # even the right password, while locked
        world.service.login("dr.house", PASSWORD)
    world.clock.advance(minutes=14)
    with pytest.raises(AccountLocked):
        world.service.login("dr.house", PASSWORD)
    world.clock.advance(minutes=1)
    world.service.login("dr.house", PASSWORD)
    assert world.service.get_user("dr.house").failed_logins == 0


def test_success_resets_the_failure_count(world: World) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            world.service.login("dr.house", "wrong password!")
    world.service.login("dr.house", PASSWORD)
    with pytest.raises(AuthenticationFailed):  # a fresh set of five tries
        world.service.login("dr.house", "wrong password!")


def test_idle_lock_fires_with_the_fake_clock(world: World) -> None:
    session = world.service.login("nurse", PASSWORD)
    world.clock.advance(minutes=9)
    session.check()
    world.clock.advance(minutes=10)
    with pytest.raises(SessionLocked):
        session.check()
    with pytest.raises(AuthenticationFailed):
        world.service.unlock(session, "wrong password!")
    world.service.unlock(session, PASSWORD)
    assert session.check().username == "nurse"
