"""Test-wide isolation: every test gets its own data home, and Qt renders offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"


@pytest.fixture(autouse=True)
def skinclinic_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "skinclinic-home"
    monkeypatch.setenv("SKINCLINIC_HOME", str(home))
    yield home


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"../shared/data is absent ({SHARED_DATA}); this test needs the team's data sets"
        )
    return SHARED_DATA
