"""THE CRASH TEST: SIGKILL a real writer process at random moments; nothing acknowledged is
lost, the file stays intact, and the audit chain still verifies."""

from __future__ import annotations

import random
import sqlite3
import sys

import pytest

from skinclinic.caselog import CaseLog
from skinclinic.paths import AppPaths
from tests.sigkill import run_until_killed

ROUNDS = 10


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.timeout(60)
def test_sigkill_during_writes_loses_nothing_acknowledged(paths: AppPaths) -> None:
    rng = random.Random(20261123)
    acknowledged: set[int] = set()
    for _ in range(ROUNDS):
        lines = run_until_killed(
            "tests.caselog.crash_writer", paths.home, after=rng.uniform(0.0, 0.25)
        )
        acknowledged |= {int(line) for line in lines if line.strip()}

    with sqlite3.connect(paths.caselog) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with CaseLog.open(paths) as log:
        assert acknowledged, "the writer never got a case acknowledged; raise the sleep range"
        for case_id in acknowledged:  # the case and its photo, each committed before the print
            assert log.repository.get_case_detail(case_id).photos
        assert log.repository.verify_audit_chain() is None
