"""Password hashing with scrypt (memory-hard, in the standard library) and the password policy.

Encoded form: `scrypt$n$r$p$salt_hex$hash_hex`, so the cost parameters travel with each hash and
can be raised later without breaking stored passwords.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from skinclinic.review.errors import WeakPassword

SCHEME = "scrypt"
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 10
# n * r * 128 bytes is the working set; give scrypt headroom above OpenSSL's 32 MiB default.
_MAXMEM = 64 * 1024 * 1024


def check_policy(password: str) -> None:
    """Raise WeakPassword unless the password is acceptable (length is what matters most)."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"A password needs at least {MIN_LENGTH} characters.")
    if password.strip() != password or not password.strip():
        raise WeakPassword("A password must not start or end with spaces.")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    """True when `password` matches `encoded`; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt_hex, key_hex = encoded.split("$")
        if scheme != SCHEME:
            return False
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(key_hex)
        key = _scrypt(password, salt, int(n), int(r), int(p), len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(key, expected)  # constant time


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int = KEY_BYTES) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=length
    )
