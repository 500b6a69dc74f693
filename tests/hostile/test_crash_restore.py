"""SIGKILL a process that restores backups over the data home, at random moments; afterwards
the home holds one of the backups whole (its case log, its audit chain, every photo), no staging
is left, and every folder the replaced records went to is itself a whole, restorable backup."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

from skinclinic.bootstrap import open_services
from skinclinic.caselog.backup import check_backup
from skinclinic.caselog.restore import REPLACED_PREFIX, staging
from skinclinic.cli import main
from skinclinic.paths import app_paths
from skinclinic.services.integrity import integrity_problems
from tests.conftest import REPO_ROOT
from tests.sigkill import run_until_killed

ROUNDS = int(os.environ.get("SKINCLINIC_CRASH_ROUNDS", "12"))
SAMPLES = REPO_ROOT / "assets" / "samples"


def _cases_and_photos() -> tuple[int, int]:
    with open_services() as services:  # opening finishes or discards a cut-short restore
        assert integrity_problems(services) == []
        repo, store = services.repository, services.store
        photos = 0
        for row in repo.list_cases(limit=100):
            for photo in repo.get_case_detail(row.id).photos:
                assert store.verify(photo.stored_path, photo.sha256), "a photo file is missing"
                photos += 1
        return len(repo.list_cases(limit=100)), photos


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.timeout(300)
def test_sigkill_during_restores_leaves_one_whole_backup_in_place(
    skinclinic_home: Path, tmp_path: Path
) -> None:
    sample_a, sample_b = sorted(SAMPLES.glob("*.jpg"))[:2]
    assert main(["import", str(sample_a)]) == 0
    assert main(["backup", str(tmp_path / "a")]) == 0  # one case, one photo
    assert main(["import", str(sample_b)]) == 0
    assert main(["backup", str(tmp_path / "b")]) == 0  # two cases, two photos
    rng = random.Random(20261123)
    acked = 0
    for _ in range(ROUNDS):
        lines = run_until_killed(
            "tests.hostile.restore_loop",
            skinclinic_home,
            tmp_path / "a",
            tmp_path / "b",
            after=rng.uniform(0.05, 1.0),
        )
        acked += sum(line.startswith("ack ") for line in lines)
        assert _cases_and_photos() in {(1, 1), (2, 2)}
        assert not staging(app_paths()).exists()
    replaced = list(skinclinic_home.glob(REPLACED_PREFIX + "*"))
    for kept in replaced:
        assert check_backup(kept).ok, kept
    print(f"\n{ROUNDS} SIGKILLs survived; {acked} restores finished; {len(replaced)} kept aside")
    assert acked >= ROUNDS, "too few restores finished between kills to test anything"
