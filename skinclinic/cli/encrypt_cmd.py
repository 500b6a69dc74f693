"""`skinclinic encrypt`: switch on encryption at rest, for a new data home or in place.

Also the passphrase prompt every other command falls back on when it meets an encrypted home
at a terminal (`ask_and_unlock`); scripts set `SKINCLINIC_PASSPHRASE` instead.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skinclinic.errors import CaseLogError

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services
    from skinclinic.paths import AppPaths

ATTEMPTS = 3
NEW_PASSPHRASE_ENV = "SKINCLINIC_NEW_PASSPHRASE"


def register(commands: argparse._SubParsersAction[Any]) -> None:
    cmd = commands.add_parser(
        "encrypt",
        help="encrypt the data home (case log with SQLCipher, photos with AES-256-GCM), new or "
        "in place; asks for a passphrase, or reads SKINCLINIC_PASSPHRASE",
    )
    cmd.add_argument(
        "--change-passphrase",
        action="store_true",
        help="re-encrypt an encrypted home under a new passphrase (asks for both, or reads "
        f"SKINCLINIC_PASSPHRASE and {NEW_PASSPHRASE_ENV})",
    )
    cmd.set_defaults(handler=run_encrypt)


def run_encrypt(args: argparse.Namespace) -> int:
    from skinclinic.caselog import encryption
    from skinclinic.paths import app_paths

    paths = app_paths().ensure()
    if args.change_passphrase:
        return _run_change(paths)
    if encryption.is_encrypted(paths.home):
        raise CaseLogError(f"The data home {paths.home} is already encrypted.")
    passphrase = os.environ.get(encryption.PASSPHRASE_ENV) or _ask_new_passphrase()
    if paths.caselog.exists():
        done = _encrypt_existing(paths, passphrase)
    else:
        _encrypt_new(paths, passphrase)
        done = "a new, empty case log"
    _check_and_audit(paths, "encrypt_data_home", "Encrypted")
    print(
        f"The data home {paths.home} is encrypted ({done}). Keep the passphrase safe: without "
        "it neither the case log nor the photos can be opened, and nobody can recover it."
    )
    return 0


def _run_change(paths: AppPaths) -> int:
    from skinclinic.caselog import CaseLog, encryption
    from skinclinic.caselog.encrypt_home import change_passphrase

    if not encryption.is_encrypted(paths.home):
        raise CaseLogError(
            f"The data home {paths.home} is not encrypted; run `skinclinic encrypt` first."
        )
    encryption.keys_for(paths)  # the current passphrase first (at a terminal: asked, then rerun)
    new = os.environ.get(NEW_PASSPHRASE_ENV) or _ask_new_passphrase()
    log = CaseLog.open(paths)
    try:
        log.engine.dispose()  # every connection closed (WAL checkpointed); the lock stays held
        if log.keys is None:
            raise CaseLogError(f"The data home {paths.home} is not encrypted.")
        change_passphrase(paths, log.keys, new)
    finally:
        log.close()
    _check_and_audit(paths, "change_passphrase", "The passphrase changed")
    print(
        f"The passphrase of {paths.home} is changed. Backups made before keep the old one: "
        "keep it with them, or make a new backup."
    )
    return 0


def _check_and_audit(paths: AppPaths, action: str, done: str) -> None:
    """Open with the new keys (proves they work), check everything, audit the change."""
    from skinclinic.bootstrap import open_services

    with open_services(paths) as services:
        problems = _check(services)
        services.repository.record_event(
            actor="cli",
            action=action,
            entity="app",
            entity_id="data-home",
            new={"cipher": "SQLCipher 4 + AES-256-GCM"},
        )
    if problems:
        raise CaseLogError(f"{done}, but the check found: " + "; ".join(problems))


def _encrypt_new(paths: AppPaths, passphrase: str) -> None:
    """Key file and encrypted case log under the instance lock, so an app starting meanwhile
    cannot create a clear case log beside the key file."""
    from skinclinic.caselog import CaseLog, encryption
    from skinclinic.caselog.lock import InstanceLock

    lock = InstanceLock(paths.lock, paths.home).acquire()
    try:
        if paths.caselog.exists():
            raise CaseLogError(
                f"A case log appeared in {paths.home} meanwhile; run `skinclinic encrypt` again."
            )
        encryption.create_keyfile(paths.home, passphrase)
        CaseLog.open(paths, lock=False).close()  # creates the encrypted case log
    finally:
        lock.release()


def _encrypt_existing(paths: AppPaths, passphrase: str) -> str:
    from skinclinic.caselog import CaseLog
    from skinclinic.caselog.encrypt_home import encrypt_in_place

    log = CaseLog.open(paths)  # takes the lock, migrates, tidies the photo store
    try:
        cases = log.repository.count_cases()
        log.engine.dispose()  # every connection closed (WAL checkpointed); the lock stays held
        encrypt_in_place(paths, passphrase)
    finally:
        log.close()
    return (
        f"{cases} cases and their photos, converted in place; the clear files were deleted, but "
        "a disk may keep their old blocks until they are overwritten, so use full-disk "
        "encryption as well"
    )


def _check(services: Services) -> list[str]:
    """The audit chain, every signature, and every photo read back through the new key."""
    from skinclinic.services.integrity import integrity_problems

    problems = integrity_problems(services)
    for photo in services.repository.list_photos():
        if not services.store.verify(photo.stored_path, photo.sha256):
            problems.append(f"photo {photo.id} of case {photo.case_id} does not read back")
    return problems


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
