"""`skinclinic encrypt`: switch on encryption at rest for a new data home.

Also the passphrase prompt every other command falls back on when it meets an encrypted home
at a terminal (`ask_and_unlock`); scripts set `SKINCLINIC_PASSPHRASE` instead.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from skinclinic.errors import CaseLogError

ATTEMPTS = 3


def register(commands: argparse._SubParsersAction[Any]) -> None:
    cmd = commands.add_parser(
        "encrypt",
        help="encrypt a new data home (case log with SQLCipher, photos with AES-256-GCM); "
        "asks for a passphrase, or reads SKINCLINIC_PASSPHRASE",
    )
    cmd.set_defaults(handler=run_encrypt)


def run_encrypt(_args: argparse.Namespace) -> int:
    from skinclinic.bootstrap import open_services
    from skinclinic.caselog import encryption
    from skinclinic.paths import app_paths

    paths = app_paths().ensure()
    if encryption.is_encrypted(paths.home):
        raise CaseLogError(f"The data home {paths.home} is already encrypted.")
    if paths.caselog.exists():
        raise CaseLogError(
            f"The data home {paths.home} already has a case log; encryption can be switched on "
            "only for a new data home (set SKINCLINIC_HOME to an empty folder, or move this one "
            "aside after a backup)."
        )
    passphrase = os.environ.get(encryption.PASSPHRASE_ENV) or _ask_new_passphrase()
    encryption.create_keyfile(paths.home, passphrase)
    with open_services(paths):
        pass  # creates the encrypted case log and its schema
    print(
        f"The data home {paths.home} is encrypted. Keep the passphrase safe: "
        "without it neither the case log nor the photos can be opened, and nobody can recover "
        "it."
    )
    return 0


def _ask_new_passphrase() -> str:
    if not sys.stdin.isatty():
        raise CaseLogError(
            "No passphrase: run `skinclinic encrypt` at a terminal, or set SKINCLINIC_PASSPHRASE."
        )
    first = getpass.getpass("New passphrase (at least 12 characters): ")
    if getpass.getpass("The same passphrase again: ") != first:
        raise CaseLogError("The two passphrases differ; nothing was changed.")
    return first


def ask_and_unlock(home: Path) -> bool:
    """At a terminal: ask for the passphrase of `home` (3 tries). False when not interactive."""
    from skinclinic.caselog import encryption

    if not sys.stdin.isatty():
        return False
    for attempt in range(1, ATTEMPTS + 1):
        passphrase = getpass.getpass(f"Passphrase for {home}: ")
        try:
            encryption.unlock(home, passphrase)
            return True
        except encryption.WrongPassphrase as err:
            if attempt == ATTEMPTS:
                raise
            print(f"skinclinic: {err}", file=sys.stderr)
    return False
