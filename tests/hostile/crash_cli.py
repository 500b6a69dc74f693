"""Crash-test driver: runs the real CLI in a loop and prints an ack line after each step returns.

    python -m tests.hostile.crash_cli HOME PHOTO BACKUP_ROOT SEED

Each case goes import -> analyze -> draft -> review -> sign; every few cases a backup. A line
`ack STEP CASE [DETAIL]` is printed only after the step's command returned 0, so everything
acknowledged was committed. The test SIGKILLs this process at random moments.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import sys
from pathlib import Path

from skinclinic.cli import main

DOCTOR, DOCTOR_PW = "dr.crash", "doctor-password-1"


def cli(argv: list[str], stdin: str = "") -> str:
    sys.stdin = io.StringIO(stdin)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    if code != 0:
        raise SystemExit(f"{argv[0]} failed with {code}")
    return out.getvalue()


def ack(*parts: object) -> None:
    print("ack", *parts, flush=True)


def run(photo: Path, backups: Path, rng: random.Random) -> None:
    signed = ["--as", DOCTOR, "--password-stdin"]
    step = 0
    while True:
        step += 1
        # Unique bytes after the JPEG's end: a new stored file each time, so a kill can fall
        # between writing the file and recording it.
        unique = backups / f"photo-{os.getpid()}-{step}.jpg"
        unique.write_bytes(photo.read_bytes() + f"{os.getpid()}-{step}".encode())
        case = json.loads(cli(["import", str(unique), "--site", "back", "--json"]))["case"]["id"]
        ack("import", case)
        cli(["analyze", "--case", str(case), "--no-tta", "--json"])
        ack("analyze", case)
        # The draft use case ends in this same repository call; the report model is not needed.
        from skinclinic.bootstrap import open_services

        with open_services() as services:
            services.repository.add_draft(case, f"draft {case}", author="ai", actor="crash")
        ack("draft", case)
        cli(["review", str(case), *signed], DOCTOR_PW + "\n")
        ack("review", case)
        cli(["sign", str(case), "--meaning", "approval", *signed], DOCTOR_PW + "\n")
        ack("sign", case)
        if rng.random() < 0.5:
            dest = backups / f"b-{os.getpid()}-{step}"
            cli(["backup", str(dest)])
            ack("backup", case, dest)


if __name__ == "__main__":
    home, photo, backups, seed = sys.argv[1:5]
    os.environ["SKINCLINIC_HOME"] = home
    print("ready", flush=True)
    run(Path(photo), Path(backups), random.Random(int(seed)))
