"""`skinclinic self-test`: the app checks itself in a throw-away data home (see selftest.py)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: argparse._SubParsersAction[Any]) -> None:
    cmd = commands.add_parser(
        "self-test",
        help="check this installation end to end in a temporary data home; exits non-zero on "
        "the first failing step",
    )
    cmd.add_argument(
        "--skip-llm",
        action="store_true",
        help="skip the language-model steps (assembling and verifying the 253 MB GGUF and "
        "generating tokens), e.g. on a PC whose disk cannot take the temporary copy",
    )
    cmd.set_defaults(handler=run_self_test)


def run_self_test(args: argparse.Namespace) -> int:
    from skinclinic.selftest import main

    return main(skip_llm=args.skip_llm, out=lambda line: print(line, flush=True))
