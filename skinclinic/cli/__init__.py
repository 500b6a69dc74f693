"""Command line: `skinclinic` opens the app; `skinclinic COMMAND ...` does one job and exits.

Every expected failure prints one clear line (`skinclinic: ...`) and exits non-zero; an
unexpected one also prints one line and writes the traceback to the log folder.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from skinclinic import __version__
from skinclinic.cli import (
    analyze_cmd,
    backup_cmd,
    cases_cmd,
    encrypt_cmd,
    export_cmd,
    patient_cmd,
    report_cmd,
    review_cmd,
    selftest_cmd,
)
from skinclinic.cli.common import Handler, fail_unexpected
from skinclinic.core.progress import Cancelled
from skinclinic.errors import SkinClinicError

COMMAND_GROUPS = (
    cases_cmd,
    patient_cmd,
    analyze_cmd,
    report_cmd,
    review_cmd,
    selftest_cmd,
    export_cmd,
    backup_cmd,
    encrypt_cmd,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="skinclinic",
        description="Local-first dermatology triage. `skinclinic` alone opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"skinclinic {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    try:
        if handler is None:
            parser.print_help()
            return 0
        return _run(handler, args)
    except SkinClinicError as err:
        print(f"skinclinic: {err}", file=sys.stderr)
        return err.exit_code
    except (KeyboardInterrupt, Cancelled):
        print("skinclinic: cancelled; nothing half-done was kept.", file=sys.stderr)
        return 130
    except Exception as err:  # the last line of defence: one line, never a traceback
        return fail_unexpected(err)


def _run(handler: Handler, args: argparse.Namespace) -> int:
    """Run a command; one that meets a locked encrypted home at a terminal asks for the
    passphrase and runs again (commands open the case log before they change anything)."""
    from skinclinic.caselog.encryption import CaseLogEncrypted

    try:
        return handler(args)
    except CaseLogEncrypted as err:
        if not encrypt_cmd.ask_and_unlock(err.home):
            raise
        return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
