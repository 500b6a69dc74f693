"""Users, review, sign and audit through the CLI, with passwords on stdin."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from skinclinic.bootstrap import open_services
from skinclinic.cli import main
from tests.conftest import REPO_ROOT

MELANOMA = REPO_ROOT / "assets" / "samples" / "ISIC_0031023.jpg"
ADMIN_PW = "admin-password-1"
DOCTOR_PW = "doctor-password-1"
STAFF_PW = "staff-password-1"


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], *passwords: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(p + "\n" for p in passwords)))
    return main([*argv, "--password-stdin"] if passwords else argv)


@pytest.fixture
def clinic(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> int:
    """An admin, a doctor, a staff user, and case 1 with an AI draft."""
    assert (
        run(
            monkeypatch,
            ["users", "add", "admin", "--name", "Admin", "--role", "admin"],
            ADMIN_PW,
            ADMIN_PW,
        )
        == 0
    )
    for user, role, pw in (("dr.ada", "doctor", DOCTOR_PW), ("sam", "staff", STAFF_PW)):
        argv = ["users", "add", user, "--name", user.title(), "--role", role, "--as", "admin"]
        assert run(monkeypatch, argv, ADMIN_PW, pw, pw) == 0
    assert main(["import", str(MELANOMA), "--site", "chest"]) == 0
    with open_services() as services:
        services.repository.add_draft(
            1, "Pigmented lesion; melanoma cannot be excluded.", author="ai", actor="test"
        )
    capsys.readouterr()
    return 1


def test_first_user_must_be_the_admin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, ["users", "add", "sam", "--name", "Sam"], STAFF_PW, STAFF_PW) != 0
    assert "create the admin first" in capsys.readouterr().err


def test_doctor_reviews_and_signs_then_case_is_locked(
    clinic: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, ["review", "1", "--as", "dr.ada"], DOCTOR_PW) == 0
    assert (
        run(monkeypatch, ["sign", "1", "--meaning", "approval", "--as", "dr.ada"], DOCTOR_PW) == 0
    )
    assert "case 1 signed by Dr.Ada (approval)" in capsys.readouterr().out
    assert main(["case", "1", "--json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert detail["case"]["status"] == "signed"
    assert len(detail["signatures"]) == 1
    assert main(["audit", "verify"]) == 0
    assert "every signature verifies" in capsys.readouterr().out


def test_staff_cannot_sign_and_wrong_password_is_refused(
    clinic: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, ["sign", "1", "--meaning", "approval", "--as", "sam"], STAFF_PW) != 0
    assert run(monkeypatch, ["review", "1", "--as", "dr.ada"], "wrong-password") != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("skinclinic: ") for line in err)


def test_audit_verify_detects_an_edited_event(
    clinic: int, skinclinic_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = sqlite3.connect(skinclinic_home / "caselog.sqlite3")
    triggers = db.execute(
        "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_events'"
    ).fetchall()
    for (name,) in triggers:
        db.execute(f"DROP TRIGGER {name}")
    db.execute("UPDATE audit_events SET actor='someone-else' WHERE id=2")
    db.commit()
    db.close()
    assert main(["audit", "verify"]) == 1
    assert "audit trail is broken at event 2" in capsys.readouterr().err


def _verify_head(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["audit", "verify"]) == 0
    (line,) = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("head: ")]
    return line.split()[1]


def test_audit_anchor_detects_deleted_newest_events(
    clinic: int, skinclinic_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Deleting the newest events leaves a valid chain; only an anchor kept elsewhere shows it."""
    before = _verify_head(capsys)
    main(["import", str(MELANOMA), "--site", "back"])  # more events after the anchor
    assert main(["audit", "verify", "--anchor", before]) == 0
    assert "anchored event" in capsys.readouterr().out
    head = _verify_head(capsys)

    db = sqlite3.connect(skinclinic_home / "caselog.sqlite3")
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_events'"
    ).fetchall():
        db.execute(f"DROP TRIGGER {name}")
    newest = int(head.split(":")[0])
    db.execute("DELETE FROM audit_events WHERE id = ?", (newest,))
    db.commit()
    db.close()
    assert main(["audit", "verify"]) == 0  # the chain alone cannot tell
    capsys.readouterr()
    assert main(["audit", "verify", "--anchor", head]) == 1
    assert f"no longer holds event {newest}" in capsys.readouterr().err
    assert main(["audit", "verify", "--anchor", before]) == 0  # older anchor: still intact
    rewritten = before[:-1] + ("1" if before.endswith("0") else "0")
    capsys.readouterr()
    assert main(["audit", "verify", "--anchor", rewritten]) == 1
    assert "another hash than the one anchored" in capsys.readouterr().err
    assert main(["audit", "verify", "--anchor", "12:not-a-hash"]) == 2
    assert "EVENT_ID:SHA256" in capsys.readouterr().err


def test_audit_export_is_admin_only_and_audited(
    clinic: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "audit.jsonl"
    assert run(monkeypatch, ["audit", "export", str(out), "--as", "dr.ada"], DOCTOR_PW) != 0
    assert not out.exists()
    assert run(monkeypatch, ["audit", "export", str(out), "--as", "admin"], ADMIN_PW) == 0
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert {"user_created", "login"} <= {e["action"] for e in events}
    with open_services() as services:
        assert services.repository.list_audit()[-1].action == "export"


def test_a_signed_in_user_corrects_the_patient_and_only_given_fields_change(
    clinic: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fix = ["correct-patient", "1", "--as", "sam", "--reason", "typed at intake from the wrong form"]
    assert run(monkeypatch, [*fix, "--birth-year", "1961", "--fitzpatrick", "5"], STAFF_PW) == 0
    assert capsys.readouterr().out.strip().endswith("born ? -> 1961; Fitzpatrick ? -> 5")
    assert run(monkeypatch, [*fix, "--sex", "female"], STAFF_PW) == 0  # year and type stay
    assert run(monkeypatch, [*fix, "--fitzpatrick", "unknown"], STAFF_PW) == 0
    assert run(monkeypatch, [*fix, "--sex", "female"], STAFF_PW) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("sex unknown -> female")
    assert out[1].endswith("Fitzpatrick 5 -> ?") and out[2].endswith("nothing changed")
    with open_services() as services:
        patient = services.repository.get_case_detail(1).patient
        events = services.repository.list_audit("patient", patient.id)
    assert (patient.birth_year, patient.sex.value, patient.fitzpatrick) == (1961, "female", None)
    corrections = [e for e in events if e.action == "correct"]
    assert len(corrections) == 3  # the no-op wrote nothing
    assert all(e.actor != "cli" and e.new and e.new["reason"] for e in corrections)


def test_a_correction_needs_a_field_a_valid_value_and_the_right_password(
    clinic: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fix = ["correct-patient", "1", "--as", "sam", "--reason", "wrong year"]
    assert run(monkeypatch, fix, STAFF_PW) != 0
    assert "Nothing to correct" in capsys.readouterr().err
    assert run(monkeypatch, [*fix, "--birth-year", "1961"], "wrong-password") != 0
    with pytest.raises(SystemExit):
        main([*fix, "--fitzpatrick", "7"])
    assert "1-6" in capsys.readouterr().err
    with open_services() as services:
        assert services.repository.get_case_detail(1).patient.birth_year is None


def test_only_an_admin_restores_a_backup_and_the_restore_is_audited(
    clinic: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["backup", str(tmp_path / "b")]) == 0
    assert main(["import", str(MELANOMA), "--site", "back"]) == 0  # case 2, after the backup
    assert main(["restore", str(tmp_path / "b")]) != 0
    assert "needs an admin" in capsys.readouterr().err
    assert run(monkeypatch, ["restore", str(tmp_path / "b"), "--as", "dr.ada"], DOCTOR_PW) != 0
    assert "restore a backup" in capsys.readouterr().err
    assert run(monkeypatch, ["restore", str(tmp_path / "b"), "--as", "admin"], "wrong") != 0
    assert run(monkeypatch, ["restore", str(tmp_path / "b"), "--as", "admin"], ADMIN_PW) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "what was here is kept in" in out
    assert main(["cases", "--json"]) == 0
    assert [c["id"] for c in json.loads(capsys.readouterr().out)] == [1]
    with open_services() as services:
        admin = services.repository.list_audit()[-1]
        assert (admin.action, admin.entity) == ("restore", "caselog")
        assert admin.new and admin.new["replaced_kept_in"]
        users = {e.entity_id: e.new for e in services.repository.list_audit("user")}
    assert admin.actor in users
    assert main(["audit", "verify"]) == 0
