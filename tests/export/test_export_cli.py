"""`skinclinic export`: files written, each an audit event; no HTTP client imported."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from skinclinic.cli import main
from tests.conftest import REPO_ROOT
from tests.export.conftest import SAMPLES


def test_export_writes_every_format_and_audits_each_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(SAMPLES / "ISIC_0027757.jpg"), "--site", "back"]) == 0
    capsys.readouterr()
    pdf, bundle, folder = tmp_path / "r.pdf", tmp_path / "r.json", tmp_path / "dicom"
    args = ["export", "1", "--pdf", str(pdf), "--fhir", str(bundle), "--dicom", str(folder)]
    assert main([*args, "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert [w["format"] for w in written] == ["pdf", "fhir", "dicom"]
    assert all(w["preliminary"] for w in written)  # analyzed, never signed
    from skinclinic.bootstrap import open_services

    with open_services() as services:
        events = [e for e in services.repository.list_audit("case", 1) if e.action == "export"]
        assert services.repository.verify_audit_chain() is None
    assert len(events) == 3
    for event, item in zip(events, written, strict=True):
        assert event.actor == "cli" and event.new is not None
        path = Path(event.new["file"])
        assert event.new["format"] == item["format"]
        assert event.new["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert pdf.read_bytes().startswith(b"%PDF") and len(list(folder.glob("*.dcm"))) == 1


def test_export_needs_a_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(SAMPLES / "ISIC_0027757.jpg")]) == 0
    assert main(["export", "1"]) == 2
    assert "--pdf FILE" in capsys.readouterr().err


def test_an_export_imports_no_http_client(tmp_path: Path) -> None:
    # A fresh interpreter: pytest's own plugins may have imported requests in this one.
    script = (
        "import sys\n"
        "from skinclinic.cli import main\n"
        f"assert main(['analyze', {str(SAMPLES / 'ISIC_0027757.jpg')!r}]) == 0\n"
        f"assert main(['export', '1', '--pdf', {str(tmp_path / 'r.pdf')!r}, "
        f"'--fhir', {str(tmp_path / 'r.json')!r}, '--dicom', {str(tmp_path / 'd')!r}]) == 0\n"
        "import pydicom\n"
        "loaded = [m for m in ('requests', 'urllib3') if m in sys.modules]\n"
        "print('LOADED', loaded)\n"
    )
    env = {**os.environ, "SKINCLINIC_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout
