"""`skinclinic self-test` on the real models: every step passes; a broken step is named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from skinclinic import selftest
from skinclinic.cli import main as cli_main


def test_self_test_passes_every_step_in_a_temporary_home(
    skinclinic_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["self-test"]) == 0
    out = capsys.readouterr().out.splitlines()
    steps = [name for name, _ in selftest.VISION_STEPS + selftest.LLM_STEPS + selftest.AUDIT_STEPS]
    assert [line[5:].split(" (")[0] for line in out[:-1]] == steps
    assert all(line.startswith("ok  ") for line in out[:-1])
    assert out[-1].startswith("self-test passed: 8 steps")
    assert not skinclinic_home.exists()  # the user's (here: the test's) data home is untouched


def test_a_failing_step_is_named_with_its_reason_and_stops_the_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(selftest, "SAMPLE_PHOTO", ("assets", "samples", "missing.jpg"))
    assert selftest.main(skip_llm=True) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ok   create and migrate case log")
    assert out[2].startswith("FAIL import and analyze sample photo")
    assert "missing.jpg" in out[2]
    assert len(out) == 4  # the audit step did not run
    assert out[-1].startswith("self-test FAILED at step 'import and analyze sample photo'")


def test_self_test_runs_as_a_command(skinclinic_home: Path) -> None:
    env = {**os.environ, "SKINCLINIC_HOME": str(skinclinic_home)}
    done = subprocess.run(
        [sys.executable, "-m", "skinclinic", "self-test", "--skip-llm"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert sum(line.startswith("ok   ") for line in done.stdout.splitlines()) == 6
    assert "self-test passed: 6 steps" in done.stdout
    assert not skinclinic_home.exists()
