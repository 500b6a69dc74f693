"""Signing in at the command line, for commands a named user answers for.

Passwords are asked at the terminal (never taken as arguments, which other users can read in
the process list); `--password-stdin` reads them one per line instead, in prompt order, for
scripts.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from skinclinic.review.roles import User

PasswordSource = Callable[[str], str]


def add_actor_arguments(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("--as", dest="actor", required=required, metavar="USERNAME")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read passwords from stdin, one per line"
    )


def password_source(args: argparse.Namespace) -> PasswordSource:
    if args.password_stdin:
        return lambda _prompt: sys.stdin.readline().rstrip("\n")
    return getpass.getpass


@contextmanager
def review_services() -> Iterator[Any]:
    """The app's services and the accounts/sign-off service over the same case log."""
    from skinclinic.bootstrap import open_services
    from skinclinic.review.service import ReviewService

    with open_services() as services:
        yield services, ReviewService.for_caselog(services.caselog)


def sign_in(service: Any, args: argparse.Namespace, ask: PasswordSource) -> tuple[User, str]:
    """The `--as` user, checked with their password (and the password, for signing)."""
    password = ask(f"Password for {args.actor}: ")
    session = service.login(args.actor, password)
    user: User = session.check()
    return user, password
