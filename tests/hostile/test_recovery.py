"""A kill between writing a photo file and recording it: the next start moves the unrecorded
file aside (never deletes it) and sweeps partial writes, so the store matches the case log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from skinclinic.bootstrap import open_services
from skinclinic.caselog.recovery import recovered_folder
from skinclinic.cli import main
from tests.conftest import REPO_ROOT

PHOTO = REPO_ROOT / "assets" / "samples" / "ISIC_0027757.jpg"

_KILL_BEFORE_RECORD = """
import os, signal, sys
from skinclinic.caselog.repository import CaseRepository
from skinclinic.cli import main

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

CaseRepository.add_photo = die
main(["import", sys.argv[1]])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_between_file_and_record_leaves_no_orphan(skinclinic_home: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _KILL_BEFORE_RECORD, str(PHOTO)], env=env, check=False
    )
    assert done.returncode == -signal.SIGKILL
    stored = list((skinclinic_home / "photos").rglob("*.jpg"))
    assert len(stored) == 1  # the file was written, the record never was
    partial = skinclinic_home / "tmp" / "photo-x.part"
    partial.write_bytes(b"half a photo")

    with open_services() as services:
        assert services.caselog.recovery is not None
        assert services.caselog.recovery.partials_removed == 1
        assert len(services.caselog.recovery.orphans_moved) == 1
        assert services.store.orphans(set()) == []
        kept = list(recovered_folder(services.paths).rglob("*.jpg"))
        assert [p.read_bytes() for p in kept] == [PHOTO.read_bytes()]  # moved, not deleted
        # The new case and its patient commit with the photo's record: nothing half-made.
        assert services.repository.list_cases() == []
    assert not partial.exists()
    # Importing the same photo again works and is recorded normally, as case 1.
    assert main(["import", str(PHOTO)]) == 0
    with open_services() as services:
        (photo,) = services.repository.get_case_detail(1).photos
        assert services.store.verify(photo.stored_path, photo.sha256)


def test_recorded_photos_are_never_moved(skinclinic_home: Path) -> None:
    assert main(["import", str(PHOTO)]) == 0
    with open_services() as services:
        assert services.caselog.recovery is not None
        assert services.caselog.recovery.orphans_moved == ()
        (photo,) = services.repository.get_case_detail(1).photos
        assert services.store.verify(photo.stored_path, photo.sha256)
