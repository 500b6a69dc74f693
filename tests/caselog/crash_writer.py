"""Crash-test writer: creates cases forever, printing each id only after its commit.

Run as `python -m tests.caselog.crash_writer HOME`; the test SIGKILLs it at random moments.
"""

from __future__ import annotations

import sys
from pathlib import Path

from skinclinic.caselog import CaseLog
from skinclinic.core.domain import Modality, PhotoSource
from skinclinic.paths import AppPaths


def main(home: Path) -> None:
    with CaseLog.open(AppPaths(home)) as log:
        repo = log.repository
        print("ready", flush=True)
        n = 0
        while True:
            n += 1
            patient = repo.get_or_create_patient(f"CRASH-{n % 50}", actor="crash")
            case = repo.create_case(patient.id, "back", "x" * (n % 300), actor="crash")
            # Each write is its own committed transaction; a photo gives the case two of them.
            repo.add_photo(
                case.id,
                f"{n:064x}",
                f"{n:064x}.jpg",
                "p.jpg",
                1,
                1,
                "JPEG",
                None,
                PhotoSource.FILE,
                Modality.CLINICAL,
                actor="crash",
            )
            print(case.id, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
