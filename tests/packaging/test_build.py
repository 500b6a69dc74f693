"""The packaged app: packaging/build.sh builds it, and the build checks itself with no Python
environment and no network, and opens its window offscreen.

One build (~2-3 min on 2 cores) is shared by the module's tests.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# Training, test and network packages the app never runs; any of them in the PYZ means the
# excludes in packaging/skinclinic.spec stopped working.
NOT_SHIPPED = (
    "torch",
    "transformers",
    "onnx",
    "pytest",
    "_pytest",
    "pytestqt",
    "mypy",
    "huggingface_hub",
    "requests",
    "httpx",
    "urllib3",
    "llama_cpp.server",
    "rich",
    "pygments",
    "PySide6.QtQuick",
    "PySide6.QtQml",
)


def _offline_prefix() -> list[str]:
    """`unshare -n` as root, else `unshare -rn` (a user namespace: CI runners are not root);
    nothing where neither is permitted."""
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        try:
            probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        except FileNotFoundError:
            return []
        if probe.returncode == 0:
            return prefix
    return []


def _bare_env(home: Path, **extra: str) -> dict[str, str]:
    """No Python environment: no venv on PATH, no PYTHON* variables, a fresh HOME."""
    home.mkdir(parents=True, exist_ok=True)
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), **extra}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip('PyInstaller is not installed; pip install -e ".[test]" brings it')
    out = tmp_path_factory.mktemp("package")
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "DIST_DIR": str(out / "dist"),
        "WORK_DIR": str(out / "work"),
    }
    done = subprocess.run(
        ["bash", str(ROOT / "packaging/build.sh")],
        capture_output=True,
        text=True,
        env=env,
        timeout=1500,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    print(done.stdout.splitlines()[-1])  # sizes and times, shown with pytest -s
    return out


def test_the_archive_holds_the_app_its_desktop_entry_and_icon(build: Path) -> None:
    (archive,) = (build / "dist").glob("SkinClinic-*-linux-x86_64.tar.gz")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    for name in (
        "SkinClinic/skinclinic",
        "SkinClinic/skinclinic.desktop",
        "SkinClinic/skinclinic.svg",
        "SkinClinic/install-desktop-entry.sh",
        "SkinClinic/_internal/models/ham10000-effnetlite0-v1/encoder.onnx",
        "SkinClinic/_internal/assets/samples/ISIC_0031023.jpg",
    ):
        assert name in names, name
    assert not [n for n in names if "/recipe/" in n or "/work/" in n or "screenshots" in n]


def test_the_build_leaves_out_what_the_app_does_not_use(build: Path) -> None:
    internal = build / "dist/SkinClinic/_internal"
    folders = {p.relative_to(internal).as_posix() for p in internal.rglob("*") if p.is_dir()}
    assert not [f for f in folders if f.split("/")[-1] in ("tests", "test", "testing")]
    assert "PySide6/Qt/translations" not in folders
    qt_libs = {p.name for p in (internal / "PySide6/Qt/lib").iterdir()}
    assert not qt_libs & {
        "libQt6Pdf.so.6",
        "libQt6VirtualKeyboard.so.6",
        "libQt6WaylandClient.so.6",
    }
    assert not (internal / "PySide6/Qt/plugins/platformthemes/libqgtk3.so").exists()
    _, toc = ast.literal_eval((build / "work/skinclinic/PYZ-00.toc").read_text())
    modules = {entry[0] for entry in toc}
    assert "skinclinic.selftest" in modules
    shipped = [m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_SHIPPED)]
    assert not shipped


def test_the_built_app_passes_its_self_test_offline_without_python(
    build: Path, tmp_path: Path
) -> None:
    app = build / "dist/SkinClinic/skinclinic"
    done = subprocess.run(
        [*_offline_prefix(), str(app), "self-test"],
        capture_output=True,
        text=True,
        env=_bare_env(tmp_path / "home"),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed: 8 steps" in done.stdout
    assert not (tmp_path / "home").joinpath(".cache").exists()  # nothing written outside


def test_the_built_app_opens_its_window_offscreen(build: Path, tmp_path: Path) -> None:
    app = build / "dist/SkinClinic/skinclinic"
    shots = tmp_path / "shots"
    done = subprocess.run(
        [*_offline_prefix(), str(app), "--screenshots", str(shots)],
        capture_output=True,
        text=True,
        env=_bare_env(tmp_path / "home", QT_QPA_PLATFORM="offscreen"),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    main_window = shots / "02-cases-and-analysis.png"
    assert main_window.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main_window.stat().st_size > 50_000  # a rendered window, not an empty frame
