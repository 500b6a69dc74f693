"""AES-256-GCM for the photo files of an encrypted data home.

A sealed file is `MAGIC | 12-byte random nonce | ciphertext and 16-byte tag`. The stored path is
the associated data, so a file moved to another photo's name fails to open instead of showing
the wrong patient's photo.
"""

from __future__ import annotations

import secrets

MAGIC = b"SKCP\x01"
_NONCE = 12


class SealBroken(ValueError):
    """The file is not a sealed photo, was changed, or belongs to another key or name."""


def seal(key: bytes, relative_path: str, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(_NONCE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, relative_path.encode("utf-8"))


def open_sealed(key: bytes, relative_path: str, sealed: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + _NONCE + 16:
        raise SealBroken("it is not an encrypted SkinClinic photo")
    nonce = sealed[len(MAGIC) : len(MAGIC) + _NONCE]
    try:
        body = sealed[len(MAGIC) + _NONCE :]
        return AESGCM(key).decrypt(nonce, body, relative_path.encode("utf-8"))
    except InvalidTag as err:
        raise SealBroken("it was changed, or it was written with another key") from err
