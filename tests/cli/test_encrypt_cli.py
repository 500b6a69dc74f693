"""`skinclinic encrypt` and every other command on an encrypted data home."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from skinclinic.bootstrap import open_services
from skinclinic.caselog import encryption
from skinclinic.cli import main
from tests.conftest import REPO_ROOT

PASSPHRASE = "seven lemon trees in May"
SAMPLE = REPO_ROOT / "assets" / "samples" / "ISIC_0031023.jpg"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_encrypt_then_work_with_the_passphrase(
    skinclinic_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(encryption.PASSPHRASE_ENV, PASSPHRASE)
    assert main(["encrypt"]) == 0
    assert "Keep the passphrase safe" in capsys.readouterr().out
    assert main(["import", str(SAMPLE), "--patient", "P-77"]) == 0
    encryption.forget(skinclinic_home)

    monkeypatch.delenv(encryption.PASSPHRASE_ENV)
    assert main(["cases"]) == 2  # not a terminal: no prompt, one clear line
    assert "is encrypted" in capsys.readouterr().err

    monkeypatch.setenv(encryption.PASSPHRASE_ENV, "not the passphrase")
    assert main(["cases"]) == 2
    assert "does not open the case log" in capsys.readouterr().err

    monkeypatch.setenv(encryption.PASSPHRASE_ENV, PASSPHRASE)
    assert main(["cases"]) == 0
    assert "P-77" in capsys.readouterr().out
    assert main(["encrypt"]) == 2
    assert "already encrypted" in capsys.readouterr().err


def test_at_a_terminal_the_command_asks_for_the_passphrase(
    skinclinic_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    encryption.create_keyfile(skinclinic_home, PASSPHRASE)
    encryption.forget(skinclinic_home)
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr("sys.stdin", _Terminal())
    answers = iter(["wrong guess number one", PASSPHRASE])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    assert main(["cases"]) == 0
    assert "does not open the case log" in capsys.readouterr().err  # the first try


def test_an_existing_case_log_is_encrypted_in_place_and_audited(
    skinclinic_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(SAMPLE), "--patient", "P-88"]) == 0
    monkeypatch.setenv(encryption.PASSPHRASE_ENV, PASSPHRASE)
    assert main(["encrypt"]) == 0
    assert "1 cases and their photos, converted in place" in capsys.readouterr().out
    assert b"P-88" not in (skinclinic_home / "caselog.sqlite3").read_bytes()
    assert main(["cases"]) == 0
    assert "P-88" in capsys.readouterr().out
    with open_services() as services:
        (event,) = services.repository.list_audit(entity="app")
    assert event.action == "encrypt_data_home"


def test_change_passphrase(
    skinclinic_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(encryption.PASSPHRASE_ENV, PASSPHRASE)
    assert main(["import", str(SAMPLE), "--patient", "P-99"]) == 0
    assert main(["encrypt"]) == 0
    encryption.forget(skinclinic_home)
    monkeypatch.setenv("SKINCLINIC_NEW_PASSPHRASE", "a brand new passphrase")
    assert main(["encrypt", "--change-passphrase"]) == 0
    assert "Backups made before keep the old one" in capsys.readouterr().out
    encryption.forget(skinclinic_home)
    assert main(["cases"]) == 2  # SKINCLINIC_PASSPHRASE is the old one now
    assert "does not open" in capsys.readouterr().err
    monkeypatch.setenv(encryption.PASSPHRASE_ENV, "a brand new passphrase")
    assert main(["cases"]) == 0
    assert "P-99" in capsys.readouterr().out
    with open_services() as services:
        actions = [e.action for e in services.repository.list_audit(entity="app")]
    assert actions == ["encrypt_data_home", "change_passphrase"]


def test_change_passphrase_at_a_terminal_asks_current_then_new_twice(
    skinclinic_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encryption.create_keyfile(skinclinic_home, PASSPHRASE)
    encryption.forget(skinclinic_home)
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr("sys.stdin", _Terminal())
    prompts: list[str] = []
    answers = iter([PASSPHRASE, "another good passphrase", "another good passphrase"])

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", getpass)
    assert main(["encrypt", "--change-passphrase"]) == 0
    assert [p.split(" ")[0] for p in prompts] == ["Passphrase", "New", "The"]
    encryption.forget(skinclinic_home)
    encryption.unlock(skinclinic_home, "another good passphrase")
