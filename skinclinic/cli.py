"""Command line: `skinclinic SUBCOMMAND ...`. Errors are one clear line and a non-zero exit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from skinclinic import __version__
from skinclinic.errors import SkinClinicError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="skinclinic", description=__doc__)
    parser.add_argument("--version", action="version", version=f"skinclinic {__version__}")
    parser.add_subparsers(dest="command")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            parser.print_help()
            return 0
        return 0
    except SkinClinicError as err:
        print(f"skinclinic: {err}", file=sys.stderr)
        return err.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
