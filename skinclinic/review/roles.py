"""Users, roles and permissions. A role is a fixed bundle of permissions; check with `require`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from skinclinic.review.errors import PermissionDenied


class Role(StrEnum):
    STAFF = "staff"
    DOCTOR = "doctor"
    ADMIN = "admin"


class Permission(StrEnum):
    IMPORT = "import"
    ANALYZE = "analyze"
    DRAFT = "draft"
    REVIEW = "review"
    SIGN = "sign"
    MANAGE_USERS = "manage users"
    EXPORT_AUDIT = "export the audit trail"
    RESTORE = "restore a backup"


_STAFF = frozenset({Permission.IMPORT, Permission.ANALYZE, Permission.DRAFT})
_DOCTOR = _STAFF | {Permission.REVIEW, Permission.SIGN}
# The admin manages the system, not patients' records: no review or sign unless also a doctor
# (separation of duties; a clinic that wants both creates two accounts).
_ADMIN = _STAFF | {Permission.MANAGE_USERS, Permission.EXPORT_AUDIT, Permission.RESTORE}

ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.STAFF: _STAFF,
    Role.DOCTOR: _DOCTOR,
    Role.ADMIN: _ADMIN,
}


@dataclass(frozen=True)
class User:
    id: str  # unique, never reused (uuid4 hex); what signatures and audit events name
    username: str
    printed_name: str  # the name printed under a signature
    role: Role
    password_hash: str
    failed_logins: int
    locked_until: datetime | None
    disabled: bool
    created_at: datetime

    def __repr__(self) -> str:  # keep the password hash out of logs and tracebacks
        return f"User(id={self.id!r}, username={self.username!r}, role={self.role.value!r})"


def has_permission(user: User, permission: Permission) -> bool:
    return not user.disabled and permission in ROLE_PERMISSIONS[user.role]


def require(user: User, permission: Permission) -> None:
    """Raise PermissionDenied unless `user` may do `permission`."""
    if user.disabled:
        raise PermissionDenied(f"The account {user.username!r} is disabled.")
    if permission not in ROLE_PERMISSIONS[user.role]:
        raise PermissionDenied(
            f"{user.username!r} is {user.role.value}; only "
            f"{_roles_with(permission)} may {permission.value}."
        )


def _roles_with(permission: Permission) -> str:
    roles = [role.value for role, perms in ROLE_PERMISSIONS.items() if permission in perms]
    return " or ".join(f"{r}s" for r in roles)
