"""Run a driver module (`python -m tests....`) in a child process and SIGKILL it mid-work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.conftest import REPO_ROOT


def run_until_killed(module: str, *args: object, after: float) -> list[str]:
    """Start `module` with `args`, wait for its `ready` line, kill it `after` seconds later.
    Returns the lines it printed in full: a torn last line means the kill hit the print, not
    what it acknowledges, so it is dropped."""
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert proc.stdout is not None
    ready = proc.stdout.readline().strip()
    assert ready == "ready", proc.stderr.read() if proc.stderr else ready
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err[-2000:]  # it was still working when killed
    return out.split("\n")[:-1]
