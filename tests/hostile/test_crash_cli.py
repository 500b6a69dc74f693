"""SIGKILL a process running the real CLI (import, analyze, draft, review, sign, backup) at
random moments, many times; afterwards the case log is intact, the audit chain and every
signature verify, every photo record has its file and no file lacks a record, every
acknowledged step is there, and every backup that exists is complete.

SKINCLINIC_CRASH_ROUNDS raises the number of kills (default 12, ~35 s on 2 cores).
"""

from __future__ import annotations

import io
import os
import random
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from skinclinic.bootstrap import open_services
from skinclinic.caselog.backup import check_backup
from skinclinic.caselog.recovery import recovered_folder
from skinclinic.cli import main
from skinclinic.core.domain import CaseStatus
from skinclinic.services.integrity import integrity_problems
from tests.conftest import REPO_ROOT
from tests.hostile.crash_cli import DOCTOR, DOCTOR_PW
from tests.sigkill import run_until_killed

ROUNDS = int(os.environ.get("SKINCLINIC_CRASH_ROUNDS", "12"))
PHOTO = REPO_ROOT / "assets" / "samples" / "ISIC_0027757.jpg"
ADMIN_PW = "admin-password-1"
_NEXT = {
    "import": "analyze",
    "analyze": "draft",
    "draft": "review",
    "review": "sign",
    "sign": "backup/import",
    "backup": "import",
}


def _users(monkeypatch: pytest.MonkeyPatch) -> None:
    def run(argv: list[str], *passwords: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO("".join(p + "\n" for p in passwords)))
        assert main([*argv, "--password-stdin"]) == 0

    run(["users", "add", "admin", "--name", "Admin", "--role", "admin"], ADMIN_PW, ADMIN_PW)
    run(
        ["users", "add", DOCTOR, "--name", "Dr Crash", "--role", "doctor", "--as", "admin"],
        ADMIN_PW,
        DOCTOR_PW,
        DOCTOR_PW,
    )


def _one_round(home: Path, backups: Path, seed: int, delay: float) -> list[list[str]]:
    lines = run_until_killed("tests.hostile.crash_cli", home, PHOTO, backups, seed, after=delay)
    return [line.split() for line in lines if line.startswith("ack ")]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.timeout(300)
def test_sigkill_of_the_cli_at_random_points_loses_nothing_acknowledged(
    skinclinic_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _users(monkeypatch)
    backups = tmp_path / "backups"
    backups.mkdir()
    rng = random.Random(20261123)
    acked: dict[str, set[int]] = defaultdict(set)
    killed_in: dict[str, int] = defaultdict(int)  # the step after the last ack
    backup_dirs: list[Path] = []
    for round_no in range(ROUNDS):
        # Early kills land in start-up and the first import; later ones anywhere in the flow.
        delay = rng.uniform(0.2, 1.0) if round_no % 3 == 0 else rng.uniform(1.0, 6.0)
        acks = _one_round(skinclinic_home, backups, round_no, delay)
        for _, step, case, *rest in acks:
            acked[step].add(int(case))
            if rest:
                backup_dirs.append(Path(rest[0]))
        killed_in[_NEXT.get(acks[-1][1], "?") if acks else "start-up/import"] += 1

    with sqlite3.connect(skinclinic_home / "caselog.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with open_services() as services:  # opening recovers the store after the last kill
        assert integrity_problems(services) == []
        repo, store = services.repository, services.store
        referenced: set[str] = set()
        for row in repo.list_cases(limit=10_000):
            detail = repo.get_case_detail(row.id)
            for photo in detail.photos:
                assert store.verify(photo.stored_path, photo.sha256), "a photo file is missing"
                referenced.add(photo.stored_path)
        assert store.orphans(referenced) == []
        assert not list(services.paths.tmp.glob("photo-*.part"))
        for case in acked["import"]:
            assert repo.get_case_detail(case).photos
        for case in acked["analyze"]:
            assert repo.get_case_detail(case).analyses
        for case in acked["draft"]:
            assert repo.get_case_detail(case).drafts
        for case in acked["sign"]:
            detail = repo.get_case_detail(case)
            assert detail.case.status is CaseStatus.SIGNED and detail.signatures
        moved = list(recovered_folder(services.paths).rglob("*.jpg"))
    for folder in backup_dirs:
        assert check_backup(folder).ok, folder
    for folder in backups.glob("b-*"):  # finished but unacknowledged backups are whole too
        assert check_backup(folder).ok, folder
    counts = {step: len(cases) for step, cases in sorted(acked.items())}
    print(
        f"\n{ROUNDS} SIGKILLs survived; killed during {dict(killed_in)}; acknowledged {counts}; "
        f"orphan files recovered {len(moved)}"
    )
    assert acked["import"], "no import was acknowledged; the kills come too early"
