"""The whole CLI flow in one process, for the offline proof (run under unshare -n / strace).

    python -m tests.offline.flow HOME OUT_DIR

Users, import, analyze, draft, review, sign, export (PDF, FHIR, DICOM) and audit verify, each
through `skinclinic.cli.main`; prints `FLOW OK` when every step returned 0.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ADMIN_PW, DOCTOR_PW = "admin-password-1", "doctor-password-1"
PHOTO = Path(__file__).resolve().parents[2] / "assets" / "samples" / "ISIC_0027757.jpg"


def step(argv: list[str], *passwords: str) -> None:
    from skinclinic.cli import main

    sys.stdin = io.StringIO("".join(p + "\n" for p in passwords))
    code = main([*argv, "--password-stdin"] if passwords else argv)
    if code != 0:
        raise SystemExit(f"step {argv[:2]} failed with exit code {code}")


def run(out: Path) -> None:
    step(["users", "add", "admin", "--name", "Admin", "--role", "admin"], ADMIN_PW, ADMIN_PW)
    add_doctor = ["users", "add", "dr.off", "--name", "Dr Off", "--role", "doctor", "--as", "admin"]
    step(add_doctor, ADMIN_PW, DOCTOR_PW, DOCTOR_PW)
    step(["analyze", str(PHOTO), "--site", "back"])  # imports, then analyzes: case 1
    from skinclinic.bootstrap import open_services

    with open_services() as services:  # where the draft use case ends; no report model needed
        services.repository.add_draft(1, "Benign naevus pattern.", author="ai", actor="flow")
    step(["review", "1", "--as", "dr.off"], DOCTOR_PW)
    step(["sign", "1", "--meaning", "approval", "--as", "dr.off"], DOCTOR_PW)
    files = ["--pdf", str(out / "r.pdf"), "--fhir", str(out / "r.json")]
    step(["export", "1", *files, "--dicom", str(out / "dicom")])
    step(["audit", "verify"])
    print("FLOW OK", flush=True)


if __name__ == "__main__":
    os.environ["SKINCLINIC_HOME"] = sys.argv[1]
    run(Path(sys.argv[2]))
