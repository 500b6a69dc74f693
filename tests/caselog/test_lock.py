"""One SkinClinic per data home: a second process is refused with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from skinclinic.caselog import CaseLog
from skinclinic.errors import InstanceLocked
from skinclinic.paths import AppPaths

HOLDER = """
import sys
from pathlib import Path
from skinclinic.caselog.lock import InstanceLock
home = Path(sys.argv[1])
lock = InstanceLock(home / "instance.lock", home).acquire()
print("locked", flush=True)
sys.stdin.read()  # hold until the test closes our stdin
"""


@pytest.fixture
def holder(paths: AppPaths) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


def test_second_process_is_refused(holder: subprocess.Popen[str], paths: AppPaths) -> None:
    with pytest.raises(InstanceLocked) as refused:
        CaseLog.open(paths)
    assert str(refused.value) == (
        f"SkinClinic is already running with this data home ({paths.home}, pid {holder.pid}); "
        "close it first or set SKINCLINIC_HOME to another folder."
    )
    assert not paths.caselog.exists()  # refused before touching the database


def test_lock_is_released_when_the_holder_dies(
    holder: subprocess.Popen[str], paths: AppPaths
) -> None:
    holder.kill()
    holder.wait(timeout=10)
    CaseLog.open(paths).close()


def test_lock_is_released_on_close(paths: AppPaths) -> None:
    CaseLog.open(paths).close()
    with CaseLog.open(paths):
        pass


def test_same_process_second_open_is_refused(caselog: CaseLog, paths: AppPaths) -> None:
    with pytest.raises(InstanceLocked, match=f"pid {os.getpid()}"):
        CaseLog.open(paths)
    CaseLog.open(paths, lock=False).close()  # read-only tools may skip the lock


def test_lock_file_lives_in_the_home(caselog: CaseLog, paths: AppPaths) -> None:
    assert Path(paths.lock).read_text() == str(os.getpid())
