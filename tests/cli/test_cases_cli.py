"""The CLI's intake and case-log commands, against a real case log in a temporary home."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from skinclinic.bootstrap import open_services
from skinclinic.cli import main
from skinclinic.core.domain import Sex
from tests.conftest import REPO_ROOT

SAMPLES = REPO_ROOT / "assets" / "samples"
MELANOMA = SAMPLES / "ISIC_0031023.jpg"
PHONE = SAMPLES / "smartphone_skin.jpg"


def test_import_then_list_then_show(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["import", str(MELANOMA), str(PHONE), "--patient", "P-0001", "--site", "chest"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "case 1 (patient P-0001, chest): 2 photo(s) imported" in out

    assert main(["cases", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["status"], r["patient_reference"]) for r in rows] == [(1, "new", "P-0001")]

    assert main(["case", "1", "--json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert {p["original_name"] for p in detail["photos"]} == {MELANOMA.name, PHONE.name}
    assert {(p["width"], p["height"]) for p in detail["photos"]} == {(200, 150), (1528, 1360)}


def test_same_photo_twice_is_stored_once(
    capsys: pytest.CaptureFixture[str], skinclinic_home: Path
) -> None:
    assert main(["import", str(MELANOMA)]) == 0
    assert main(["import", str(MELANOMA)]) == 0
    assert "1 already in the store" in capsys.readouterr().out
    stored = [p for p in (skinclinic_home / "photos").rglob("*") if p.is_file()]
    assert len(stored) == 1


def test_search_and_status_filter(capsys: pytest.CaptureFixture[str]) -> None:
    main(["import", str(MELANOMA), "--patient", "P-AAA", "--site", "left forearm"])
    main(["import", str(PHONE), "--patient", "P-BBB", "--site", "back"])
    capsys.readouterr()
    assert main(["cases", "--search", "FOREARM", "--json"]) == 0
    assert [r["patient_reference"] for r in json.loads(capsys.readouterr().out)] == ["P-AAA"]
    assert main(["cases", "--status", "signed"]) == 0
    assert "no cases match" in capsys.readouterr().out


def test_rejected_file_is_one_clear_line_and_nonzero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "scan.jpg"
    fake.write_bytes(b"%PDF-1.7\n" + b"0" * 200)
    rc = main(["import", str(fake)])
    captured = capsys.readouterr()
    assert rc == 2
    assert captured.err.strip().splitlines() == [
        "skinclinic: scan.jpg is a PDF document, not a photo; "
        "SkinClinic accepts JPEG, PNG, TIFF, WebP and HEIC."
    ]
    assert "Traceback" not in captured.err
    assert main(["cases", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # no empty case left behind


def test_unknown_case_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "42"]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("skinclinic: ") and "42" in err and "\n" not in err


def test_console_script_runs_as_a_process(skinclinic_home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "skinclinic", "import", str(MELANOMA), "--site", "chest"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "1 photo(s) imported" in result.stdout
    assert (skinclinic_home / "caselog.sqlite3").is_file()


def test_backup_copies_case_log_and_photos(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from skinclinic.caselog.backup import check_backup

    assert main(["import", str(MELANOMA), str(PHONE)]) == 0
    dest = tmp_path / "backup-1"
    assert main(["backup", str(dest)]) == 0
    assert "2 photo(s)" in capsys.readouterr().out
    check = check_backup(dest)
    assert (check.integrity, check.audit_first_broken, check.photos_missing) == ("ok", None, ())
    with open_services() as services:
        event = services.repository.list_audit()[-1]
    assert (event.action, event.entity, event.new) == (
        "backup",
        "caselog",
        {"dest": str(dest), "photos": 2, "photos_missing": 0, "integrity": "ok"},
    )
    assert main(["backup", str(dest)]) != 0  # never overwrites an existing backup
    assert capsys.readouterr().err.startswith("skinclinic: ")


def test_case_shows_the_patient_as_recorded_and_corrected(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["import", str(MELANOMA), "--patient", "P-2", "--birth-year", "1970"]) == 0
    assert main(["case", "1"]) == 0
    assert "patient   P-2 (born 1970, unknown)" in capsys.readouterr().out
    with open_services() as services:
        patient = services.repository.get_or_create_patient("P-2", actor="test")
        services.repository.correct_patient(
            patient.id, 1971, Sex.FEMALE, 2, reason="misread", actor="test"
        )
    assert main(["case", "1"]) == 0
    assert "patient   P-2 (born 1971, female, Fitzpatrick 2)" in capsys.readouterr().out


def test_restore_over_an_unreadable_case_log_keeps_it_aside(
    tmp_path: Path, skinclinic_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The usual reason to restore: the case log is damaged. No account can be asked for then."""
    assert main(["import", str(MELANOMA)]) == 0
    assert main(["backup", str(tmp_path / "b")]) == 0
    damaged = b"not a database at all" * 100
    (skinclinic_home / "caselog.sqlite3").write_bytes(damaged)
    assert main(["cases"]) != 0
    capsys.readouterr()
    assert main(["restore", str(tmp_path / "b")]) == 0
    captured = capsys.readouterr()
    assert "cannot be opened" in captured.err and "1 photo(s)" in captured.out
    assert main(["cases", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    (kept,) = skinclinic_home.glob("replaced-*")
    assert (kept / "caselog.sqlite3").read_bytes() == damaged
