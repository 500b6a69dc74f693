"""Optional encryption at rest: the case log through SQLCipher, photos with AES-256-GCM.

A data home is encrypted when it holds `encryption.json`: the scrypt salt and parameters, and a
check value that tells a wrong passphrase apart before anything is opened. The passphrase never
touches the disk. scrypt turns it into 64 bytes: the first 32 are SQLCipher's raw key (so the
per-connection PBKDF2 of a text key is skipped), the last 32 the photo store's AES-GCM key.

Unlocked keys stay in this process only (`remember`), so every `CaseLog.open` of the same home
finds them; the command line may instead read `SKINCLINIC_PASSPHRASE`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skinclinic.durable import fsync_dir
from skinclinic.errors import CaseLogError, StorageError
from skinclinic.paths import AppPaths

KEYFILE_NAME = "encryption.json"
PASSPHRASE_ENV = "SKINCLINIC_PASSPHRASE"
MIN_PASSPHRASE = 12
# scrypt cost: ~0.1 s and 32 MiB once per unlock on a 2-core clinic PC; n is stored per home.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_CHECK_MESSAGE = b"skinclinic encryption check v1"


class WrongPassphrase(CaseLogError):
    """The passphrase does not open this data home."""


class CaseLogEncrypted(CaseLogError):
    """The data home (or backup folder) `home` is encrypted and no passphrase was given."""

    def __init__(self, message: str, home: Path) -> None:
        super().__init__(message)
        self.home = home


@dataclass(frozen=True)
class Keys:
    database: bytes  # SQLCipher raw key
    photos: bytes  # AES-256-GCM key of the photo store

    def sqlcipher_key(self) -> str:
        """The form `PRAGMA key` takes for a raw 256-bit key."""
        return f"x'{self.database.hex()}'"

    def __repr__(self) -> str:  # never print key material
        return "Keys(<hidden>)"


_UNLOCKED: dict[Path, Keys] = {}


def keyfile(home: Path) -> Path:
    return home / KEYFILE_NAME


def is_encrypted(home: Path) -> bool:
    return keyfile(home).is_file()


def remember(home: Path, keys: Keys) -> None:
    _UNLOCKED[home.resolve()] = keys


def forget(home: Path) -> None:
    _UNLOCKED.pop(home.resolve(), None)


def needs_passphrase(home: Path) -> bool:
    """Encrypted, not unlocked in this process, and no `SKINCLINIC_PASSPHRASE` to do it."""
    return (
        is_encrypted(home)
        and home.resolve() not in _UNLOCKED
        and not os.environ.get(PASSPHRASE_ENV)
    )


def keys_for(paths: AppPaths) -> Keys | None:
    """None for an unencrypted home; otherwise its keys, unlocked earlier in this process or
    from `SKINCLINIC_PASSPHRASE`. Raises CaseLogEncrypted when neither is there."""
    home = paths.home
    if not is_encrypted(home):
        return None
    known = _UNLOCKED.get(home.resolve())
    if known is not None:
        return known
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase:
        try:
            return unlock(home, passphrase)
        except WrongPassphrase as err:
            raise WrongPassphrase(
                f"{PASSPHRASE_ENV} does not open the case log in {home}; nothing was changed."
            ) from err
    raise CaseLogEncrypted(
        f"The case log in {home} is encrypted: enter its passphrase when the app asks, or set "
        f"{PASSPHRASE_ENV} for the command line.",
        home,
    )


def unlock(home: Path, passphrase: str) -> Keys:
    """Check the passphrase against the home's key file and remember the keys."""
    params = _read_keyfile(home)
    keys, check = _derive(passphrase, params)
    if not hmac.compare_digest(check, str(params["check"])):
        raise WrongPassphrase(
            f"That passphrase does not open the case log in {home}; nothing was changed. "
            "Check the keyboard layout and Caps Lock, and try again."
        )
    remember(home, keys)
    return keys


def create_keyfile(home: Path, passphrase: str) -> Keys:
    """Start encrypting a data home that has no case log yet (see `skinclinic encrypt`)."""
    if is_encrypted(home):
        raise CaseLogError(f"The data home {home} is already encrypted.")
    params, keys = new_key_params(passphrase)
    home.mkdir(parents=True, exist_ok=True)
    write_keyfile(keyfile(home), params)
    remember(home, keys)
    return keys


def new_key_params(passphrase: str) -> tuple[dict[str, Any], Keys]:
    """A fresh salt and the keys it gives `passphrase`; nothing is written."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise CaseLogError(
            f"The passphrase must have at least {MIN_PASSPHRASE} characters; a short one can be "
            "guessed from a stolen disk."
        )
    params: dict[str, Any] = {
        "version": 1,
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": secrets.token_hex(16),
        "database": "SQLCipher 4, raw 256-bit key (first 32 bytes of the scrypt output)",
        "photos": "AES-256-GCM, 12-byte random nonce, the stored path as associated data",
    }
    keys, params["check"] = _derive(passphrase, params)
    return params, keys


def write_keyfile(target: Path, params: dict[str, Any]) -> None:
    """Durably, in one rename: a reader sees the whole key file or none."""
    partial = target.with_name(target.name + ".part")
    try:
        with open(partial, "w", encoding="utf-8") as out:
            json.dump(params, out, indent=2, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
        fsync_dir(target.parent)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise StorageError(f"Could not write {target} ({err.strerror or err}).") from err


def _read_keyfile(home: Path) -> dict[str, Any]:
    path = keyfile(home)
    try:
        params = json.loads(path.read_text(encoding="utf-8"))
        if params.get("version") != 1 or params.get("kdf") != "scrypt":
            raise ValueError("unknown version or key derivation")
        bytes.fromhex(str(params["salt"]))
        n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
        if not (2**10 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 4):
            raise ValueError(f"scrypt parameters out of range (n={n}, r={r}, p={p})")
        str(params["check"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise CaseLogError(
            f"The encryption key file {path} is missing or damaged ({err}); restore it from the "
            "backup that holds this case log."
        ) from err
    return dict(params)


def _derive(passphrase: str, params: dict[str, Any]) -> tuple[Keys, str]:
    n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
    material = hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=bytes.fromhex(str(params["salt"])),
        n=n,
        r=r,
        p=p,
        maxmem=256 * n * r * p + 2**20,
        dklen=64,
    )
    keys = Keys(database=material[:32], photos=material[32:])
    check = hmac.new(material, _CHECK_MESSAGE, hashlib.sha256).hexdigest()
    return keys, check
