"""Benchmarks (not tests): `python -m skinclinic.bench caselog|vision|report [options]`.

Each benchmark prints its figures and the command that reproduces them.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "caselog": "skinclinic.bench.caselog",
    "intake": "skinclinic.bench.intake",
    "vision": "skinclinic.bench.vision",
    "report": "skinclinic.bench.report",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHMARKS:
        print(f"usage: python -m skinclinic.bench {{{'|'.join(BENCHMARKS)}}} [options]")
        return 2
    module = importlib.import_module(BENCHMARKS[argv[0]])
    result: int = module.main(argv[1:])
    return result


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
