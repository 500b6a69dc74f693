"""Review and sign-off failures. Each is a SkinClinicError, so the CLI prints one clear line."""

from __future__ import annotations

from skinclinic.errors import SkinClinicError


class ReviewError(SkinClinicError):
    """Base for users, sessions, signing and review failures."""


class PermissionDenied(ReviewError):
    """The user's role does not allow this action."""


class AuthenticationFailed(ReviewError):
    """Unknown user, wrong password, or a disabled account (one message: no user enumeration)."""


class AccountLocked(ReviewError):
    """Too many consecutive wrong passwords; the account unlocks by itself later."""


class WeakPassword(ReviewError):
    """A new password that the password policy refuses."""


class SessionLocked(ReviewError):
    """The session sat idle too long; the user must enter the password again."""


class UserExists(ReviewError):
    """A username that is already taken."""


class SigningRefused(ReviewError):
    """The case or draft is not in a state that can be signed, reviewed, rejected or amended."""
