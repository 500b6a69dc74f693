"""`skinclinic backup | restore`: a consistent copy of the records, and putting one back."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from skinclinic.cli.signin import add_actor_arguments, password_source, review_services, sign_in
from skinclinic.errors import (
    CaseLogError,
    InstanceLocked,
    SkinClinicError,
)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    bak = commands.add_parser("backup", help="consistent copy of the case log and photos")
    bak.add_argument("dest", type=Path, metavar="DEST", help="a new folder to create")
    bak.set_defaults(handler=run_backup)

    res = commands.add_parser(
        "restore",
        help="replace the case log and photos with a backup (admin)",
        description="Check a backup folder and put it in place of this data home's case log "
        "and photos. What the home held is moved into a replaced-<time> folder beside them, "
        "never deleted. Close the app first.",
    )
    res.add_argument("backup", type=Path, metavar="BACKUP", help="a folder `backup` wrote")
    add_actor_arguments(res, required=False)
    res.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from skinclinic.bootstrap import open_services
    from skinclinic.services.backup import make_backup

    with open_services() as services:
        report = make_backup(services, args.dest, actor="cli")
    mib = (report.caselog_bytes + report.photo_bytes) / 2**20
    print(
        f"backup written to {report.dest}: case log + {report.photos_copied} photo(s), "
        f"{mib:.1f} MiB, integrity {report.integrity}"
    )
    for missing in report.photos_missing:
        print(f"skinclinic: photo missing from the store: {missing}", file=sys.stderr)
    return 0 if report.integrity == "ok" and not report.photos_missing else 1


def run_restore(args: argparse.Namespace) -> int:
    from skinclinic.paths import app_paths
    from skinclinic.services.backup import restore_backup

    paths = app_paths()
    actor = _authorise(args) if paths.caselog.exists() else "cli"  # a new install: no accounts
    report = restore_backup(paths, args.backup, actor=actor)
    kept = f"; what was here is kept in {report.replaced}" if report.replaced else ""
    lock = " (it opens with the backup's passphrase)" if report.encrypted else ""
    print(f"restored {report.source}: case log + {report.photos} photo(s){lock}{kept}")
    return 0


def _authorise(args: argparse.Namespace) -> str:
    """The admin who answers for the restore, when this home has accounts. A case log that
    cannot be opened at all (the usual reason to restore) has none to ask for."""
    from skinclinic.caselog.encryption import CaseLogEncrypted, WrongPassphrase
    from skinclinic.review.roles import Permission, require

    with ExitStack() as stack:
        try:
            _services, service = stack.enter_context(review_services())
        except (CaseLogEncrypted, WrongPassphrase, InstanceLocked):
            raise
        except CaseLogError as err:
            print(
                f"skinclinic: the current case log cannot be opened ({err}); restoring over it "
                "(it is kept, not deleted)",
                file=sys.stderr,
            )
            return "cli"
        if service.needs_first_admin():
            return "cli"
        if not args.actor:
            raise SkinClinicError("Restoring a backup needs an admin: add --as ADMIN_USERNAME.")
        admin, _ = sign_in(service, args, password_source(args))
        require(admin, Permission.RESTORE)
        return str(admin.id)
