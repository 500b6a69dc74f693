"""Crash-test driver: restores two backups over one home in turn, forever.

    python -m tests.hostile.restore_loop HOME BACKUP_A BACKUP_B

Prints `ready` once imported, then `ack N` after each restore returned. The test SIGKILLs this
process at random moments, in the middle of staging, committing or swapping.
"""

from __future__ import annotations

import sys
from itertools import count
from pathlib import Path

from skinclinic.caselog.restore import restore
from skinclinic.paths import AppPaths


def main() -> None:
    home, first, second = map(Path, sys.argv[1:4])
    paths = AppPaths(home)
    print("ready", flush=True)
    for n in count():
        restore(paths, first if n % 2 == 0 else second)
        print("ack", n, flush=True)


if __name__ == "__main__":
    main()
