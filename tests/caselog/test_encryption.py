"""Encryption at rest on the real files: SQLCipher case log, AES-GCM photos, keys, backups."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest

from skinclinic.bootstrap import open_services
from skinclinic.caselog import CaseLog, encrypt_home, encryption
from skinclinic.caselog.backup import backup, check_backup
from skinclinic.caselog.encrypt_home import change_passphrase, encrypt_in_place, staged_caselog
from skinclinic.caselog.restore import restore
from skinclinic.core.intake import ImportRequest, import_photos, run_to_completion
from skinclinic.errors import CaseLogError, StorageError
from skinclinic.imaging.photo_cipher import MAGIC
from skinclinic.paths import AppPaths
from tests.conftest import REPO_ROOT

PASSPHRASE = "grey heron over the Danube"
SAMPLE = REPO_ROOT / "assets" / "samples" / "ISIC_0031023.jpg"
REFERENCE = "P-SECRET-4711"  # must appear nowhere on disk in clear


def _import_sample(paths: AppPaths) -> None:
    """One case of REFERENCE with the sample photo, through the real intake."""
    with open_services(paths) as services:
        run_to_completion(
            import_photos(
                ImportRequest(files=[SAMPLE], patient_reference=REFERENCE),
                repository=services.repository,
                store=services.store,
                prepare=services.prepare_photo,
            )
        )


@pytest.fixture
def encrypted_home(skinclinic_home: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    paths = AppPaths(skinclinic_home).ensure()
    encryption.create_keyfile(paths.home, PASSPHRASE)
    _import_sample(paths)
    encryption.forget(paths.home)
    return paths


def _snapshot(home: Path) -> dict[str, str]:
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file() and p.name != "instance.lock"
    }


def test_nothing_readable_on_disk_and_everything_back_with_the_passphrase(
    encrypted_home: AppPaths,
) -> None:
    on_disk = [p for p in encrypted_home.home.rglob("*") if p.is_file()]
    caselog = encrypted_home.caselog.read_bytes()
    assert not caselog.startswith(b"SQLite format 3")
    assert all(REFERENCE.encode() not in p.read_bytes() for p in on_disk)  # -wal included
    (stored,) = [p for p in encrypted_home.photos.rglob("*") if p.is_file()]
    assert stored.read_bytes().startswith(MAGIC)
    assert b"\xff\xd8\xff" not in stored.read_bytes()[:64]  # no JPEG header in clear

    encryption.unlock(encrypted_home.home, PASSPHRASE)
    with open_services(encrypted_home) as services:
        (row,) = services.repository.list_cases()
        (photo,) = services.repository.get_case_detail(row.id).photos
        data = services.store.read(photo.stored_path)
    assert row.patient_reference == REFERENCE
    assert data == SAMPLE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == photo.sha256


def test_a_wrong_passphrase_is_refused_and_changes_nothing(
    encrypted_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(encrypted_home.home)
    with pytest.raises(encryption.WrongPassphrase, match="does not open the case log"):
        encryption.unlock(encrypted_home.home, PASSPHRASE.upper())
    assert encryption.needs_passphrase(encrypted_home.home)
    monkeypatch.setenv(encryption.PASSPHRASE_ENV, PASSPHRASE.upper())
    with pytest.raises(encryption.WrongPassphrase, match="SKINCLINIC_PASSPHRASE does not open"):
        CaseLog.open(encrypted_home)
    assert _snapshot(encrypted_home.home) == before
    monkeypatch.setenv(encryption.PASSPHRASE_ENV, PASSPHRASE)
    with CaseLog.open(encrypted_home) as log:  # would fail "already running" otherwise
        assert len(log.repository.list_cases()) == 1


def test_the_case_log_and_its_wal_are_encrypted_while_open(encrypted_home: AppPaths) -> None:
    encryption.unlock(encrypted_home.home, PASSPHRASE)
    with open_services(encrypted_home) as services:
        services.repository.get_or_create_patient("P-IN-THE-WAL", actor="test")
        wal = encrypted_home.caselog.with_name("caselog.sqlite3-wal")
        assert wal.stat().st_size > 0
        assert b"P-IN-THE-WAL" not in wal.read_bytes()
        assert b"P-IN-THE-WAL" not in encrypted_home.caselog.read_bytes()


def test_an_encrypted_case_log_serves_many_threads(encrypted_home: AppPaths) -> None:
    """SQLAlchemy's pysqlcipher default pool keeps 5 per-thread connections and closes others
    in use; GUI jobs each run on their own thread."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy.pool import QueuePool

    encryption.unlock(encrypted_home.home, PASSPHRASE)
    with CaseLog.open(encrypted_home) as log:
        assert isinstance(log.engine.pool, QueuePool)
        with ThreadPoolExecutor(max_workers=8) as pool:
            counts = list(pool.map(lambda _i: len(log.repository.list_cases()), range(64)))
    assert counts == [1] * 64


def test_a_locked_home_says_how_to_unlock_it(
    encrypted_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(encryption.CaseLogEncrypted, match="SKINCLINIC_PASSPHRASE"):
        CaseLog.open(encrypted_home)
    monkeypatch.setenv(encryption.PASSPHRASE_ENV, PASSPHRASE)
    with CaseLog.open(encrypted_home) as log:
        assert log.keys is not None and len(log.repository.list_cases()) == 1


def test_a_changed_or_moved_photo_file_does_not_open(encrypted_home: AppPaths) -> None:
    encryption.unlock(encrypted_home.home, PASSPHRASE)
    with open_services(encrypted_home) as services:
        (row,) = services.repository.list_cases()
        (photo,) = services.repository.get_case_detail(row.id).photos
        path = services.store.path_for(photo.stored_path)
        sealed = bytearray(path.read_bytes())
        sealed[-20] ^= 0x01
        path.write_bytes(bytes(sealed))
        assert not services.store.verify(photo.stored_path, photo.sha256)
        with pytest.raises(StorageError, match="changed, or it was written with another key"):
            services.store.read(photo.stored_path)


def test_a_damaged_key_file_is_named(encrypted_home: AppPaths) -> None:
    encryption.keyfile(encrypted_home.home).write_text("{not json", encoding="utf-8")
    with pytest.raises(CaseLogError, match=r"encryption key file .* is missing or damaged"):
        encryption.unlock(encrypted_home.home, PASSPHRASE)


def test_short_passphrases_are_refused(skinclinic_home: Path) -> None:
    with pytest.raises(CaseLogError, match="at least 12 characters"):
        encryption.create_keyfile(skinclinic_home, "short")
    assert not encryption.is_encrypted(skinclinic_home)


def test_backup_stays_encrypted_and_checks_with_the_same_passphrase(
    encrypted_home: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encryption.unlock(encrypted_home.home, PASSPHRASE)
    with CaseLog.open(encrypted_home) as log:
        report = backup(log, encrypted_home, tmp_path / "backup")
    assert (report.integrity, report.photos_copied) == ("ok", 1)
    copy = (tmp_path / "backup" / "caselog.sqlite3").read_bytes()
    assert not copy.startswith(b"SQLite format 3") and REFERENCE.encode() not in copy
    assert encryption.is_encrypted(tmp_path / "backup")
    with pytest.raises(encryption.CaseLogEncrypted):
        check_backup(tmp_path / "backup")
    monkeypatch.setenv(encryption.PASSPHRASE_ENV, PASSPHRASE)
    assert check_backup(tmp_path / "backup").ok


# -- encrypting a home that already holds cases --------------------------------------------------


@pytest.fixture
def clear_home(skinclinic_home: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    paths = AppPaths(skinclinic_home).ensure()
    _import_sample(paths)
    orphan = paths.home / "recovered-photos" / "ab" / ("ab" * 32 + ".jpg")
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(SAMPLE.read_bytes())  # an orphan an earlier crash set aside
    return paths


def _encrypt(paths: AppPaths) -> None:
    log = CaseLog.open(paths)
    try:
        log.engine.dispose()
        encrypt_in_place(paths, PASSPHRASE)
    finally:
        log.close()
    encryption.forget(paths.home)


def _assert_encrypted_and_whole(paths: AppPaths) -> None:
    encryption.unlock(paths.home, PASSPHRASE)
    with open_services(paths) as services:
        (row,) = services.repository.list_cases()
        (photo,) = services.repository.list_photos()
        assert row.patient_reference == REFERENCE
        assert services.store.read(photo.stored_path) == SAMPLE.read_bytes()
        assert services.repository.verify_audit_chain() is None
    leftovers = [
        p.name for p in paths.home.iterdir() if p.name.endswith((".encrypting", ".previous"))
    ]
    assert leftovers == [] and not staged_caselog(paths).exists()
    assert not encrypt_home.staging_manifest(paths).exists()
    for path in (p for p in paths.home.rglob("*") if p.is_file()):
        assert REFERENCE.encode() not in path.read_bytes(), path
        assert not path.read_bytes().startswith(b"\xff\xd8\xff"), path  # no JPEG in clear


def test_a_home_with_cases_is_encrypted_in_place(clear_home: AppPaths) -> None:
    _encrypt(clear_home)
    _assert_encrypted_and_whole(clear_home)


def _killed_at(
    monkeypatch: pytest.MonkeyPatch, where: str, run: Callable[[AppPaths], None], paths: AppPaths
) -> None:
    """Run `run(paths)` dying at `where` as a kill does: no clean-up, its staging left behind."""

    def killed(*_args: object) -> NoReturn:
        raise SystemExit("killed")

    if where == "staging the photos":
        monkeypatch.setattr(encrypt_home, "_stage_photos", killed)
    elif where == "writing the key file":  # the manifest was written, the commit write dies
        real_write = encryption.write_keyfile

        def write(target: Path, params: dict[str, object]) -> None:
            if target == encryption.keyfile(target.parent):
                killed()
            real_write(target, params)

        monkeypatch.setattr(encryption, "write_keyfile", write)
    else:  # "after the commit": the new key file is in place, nothing swapped yet
        monkeypatch.setattr(encrypt_home, "finish_interrupted", killed)
    monkeypatch.setattr(encrypt_home, "discard_staging", lambda _paths: False)
    with pytest.raises(SystemExit):
        run(paths)
    monkeypatch.undo()
    encryption.forget(paths.home)


KILL_POINTS = ["staging the photos", "writing the key file"]


@pytest.mark.parametrize("where", KILL_POINTS)
def test_a_kill_before_the_commit_leaves_the_home_clear_and_whole(
    clear_home: AppPaths, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    _killed_at(monkeypatch, where, _encrypt, clear_home)
    assert staged_caselog(clear_home).exists()  # the kill left its staging behind

    with CaseLog.open(clear_home) as log:  # no passphrase: the home is still clear
        assert log.keys is None and len(log.repository.list_cases()) == 1
    assert not staged_caselog(clear_home).exists()
    assert not (clear_home.home / "photos.encrypting").exists()
    assert REFERENCE.encode() in clear_home.caselog.read_bytes()


@pytest.mark.parametrize("swapped", ["nothing", "case log", "case log and one folder aside"])
def test_a_kill_after_the_commit_is_finished_at_the_next_open(
    clear_home: AppPaths, monkeypatch: pytest.MonkeyPatch, swapped: str
) -> None:
    _killed_at(monkeypatch, "after the commit", _encrypt, clear_home)
    if swapped != "nothing":
        staged_caselog(clear_home).replace(clear_home.caselog)
    if swapped == "case log and one folder aside":
        clear_home.photos.rename(clear_home.home / "photos.previous")
    real_rename = Path.rename

    def windows_rename(self: Path, target: Path) -> Path:  # refuses an existing target
        if Path(target).exists():
            raise FileExistsError(17, "Cannot create a file when that file already exists")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", windows_rename)
    _assert_encrypted_and_whole(clear_home)  # its CaseLog.open finishes the swap first


def test_a_key_file_beside_a_clear_case_log_is_explained(clear_home: AppPaths) -> None:
    """A power cut that kept the committed key file but lost the encrypted copy."""
    params, _keys = encryption.new_key_params(PASSPHRASE)
    encryption.write_keyfile(encryption.keyfile(clear_home.home), params)
    encryption.unlock(clear_home.home, PASSPHRASE)
    with pytest.raises(CaseLogError, match=r"still in clear.*Move encryption\.json out"):
        CaseLog.open(clear_home)
    assert REFERENCE.encode() in clear_home.caselog.read_bytes()  # nothing was touched


def test_stills_and_pasted_photos_left_in_tmp_are_swept_at_start(clear_home: AppPaths) -> None:
    leftovers = [clear_home.tmp / "camera-x1.png", clear_home.tmp / "pasted-x2.png"]
    for path in leftovers:
        path.write_bytes(SAMPLE.read_bytes())
    with CaseLog.open(clear_home):
        pass
    assert not any(path.exists() for path in leftovers)


def test_a_lost_key_file_is_named(encrypted_home: AppPaths) -> None:
    encryption.keyfile(encrypted_home.home).unlink()
    with pytest.raises(CaseLogError, match=r"its encryption\.json is missing"):
        CaseLog.open(encrypted_home)


def test_failed_statements_keep_patient_data_out_of_the_message(skinclinic_home: Path) -> None:
    """Error messages end up in crash logs, which are never encrypted."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    home = AppPaths(skinclinic_home).ensure()
    with (
        CaseLog.open(home) as log,
        pytest.raises(IntegrityError) as caught,
        log.engine.begin() as conn,
    ):
        conn.execute(
            text("INSERT INTO patients (id, reference) VALUES (1, :r), (1, :r)"), {"r": REFERENCE}
        )
    assert REFERENCE not in str(caught.value)


# -- changing the passphrase ---------------------------------------------------------------------

NEW_PASSPHRASE = "larch needles in October"


def _change(paths: AppPaths) -> None:
    encryption.unlock(paths.home, PASSPHRASE)
    log = CaseLog.open(paths)
    try:
        log.engine.dispose()
        assert log.keys is not None
        change_passphrase(paths, log.keys, NEW_PASSPHRASE)
    finally:
        log.close()
    encryption.forget(paths.home)


def _opens_whole_with(paths: AppPaths, passphrase: str) -> None:
    encryption.unlock(paths.home, passphrase)
    with open_services(paths) as services:
        (row,) = services.repository.list_cases()
        (photo,) = services.repository.list_photos()
        assert row.patient_reference == REFERENCE
        assert services.store.read(photo.stored_path) == SAMPLE.read_bytes()
    assert not any(p.name.endswith((".encrypting", ".previous")) for p in paths.home.iterdir())
    assert not staged_caselog(paths).exists()


def test_the_passphrase_changes_and_the_old_one_stops_working(encrypted_home: AppPaths) -> None:
    _change(encrypted_home)
    with pytest.raises(encryption.WrongPassphrase):
        encryption.unlock(encrypted_home.home, PASSPHRASE)
    _opens_whole_with(encrypted_home, NEW_PASSPHRASE)


@pytest.mark.parametrize("where", KILL_POINTS)
def test_a_kill_before_the_commit_keeps_the_old_passphrase(
    encrypted_home: AppPaths, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    _killed_at(monkeypatch, where, _change, encrypted_home)
    assert staged_caselog(encrypted_home).exists()
    _opens_whole_with(encrypted_home, PASSPHRASE)


def test_a_kill_after_the_commit_opens_with_the_new_passphrase(
    encrypted_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _killed_at(monkeypatch, "after the commit", _change, encrypted_home)
    with pytest.raises(encryption.WrongPassphrase):
        encryption.unlock(encrypted_home.home, PASSPHRASE)
    _opens_whole_with(encrypted_home, NEW_PASSPHRASE)


def test_an_encrypted_backup_restores_encrypted_and_opens_with_its_passphrase(
    encrypted_home: AppPaths, tmp_path: Path
) -> None:
    encryption.unlock(encrypted_home.home, PASSPHRASE)
    with CaseLog.open(encrypted_home) as log:
        backup(log, encrypted_home, tmp_path / "backup")
    new_home = AppPaths(tmp_path / "new-pc").ensure()
    with CaseLog.open(new_home) as log:  # a fresh install, in clear, with nothing in it
        assert log.repository.list_cases() == []
    with pytest.raises(encryption.CaseLogEncrypted):
        restore(new_home, tmp_path / "backup")
    encryption.unlock(tmp_path / "backup", PASSPHRASE)
    report = restore(new_home, tmp_path / "backup")
    assert report.encrypted and report.photos == 1
    assert encryption.is_encrypted(new_home.home)
    assert REFERENCE.encode() not in new_home.caselog.read_bytes()
    encryption.forget(new_home.home)
    with pytest.raises(encryption.CaseLogEncrypted):
        CaseLog.open(new_home)
    encryption.unlock(new_home.home, PASSPHRASE)
    with open_services(new_home) as services:
        (case,) = services.repository.list_cases()
        assert case.patient_reference == REFERENCE
        (photo,) = services.repository.get_case_detail(case.id).photos
        assert services.store.read(photo.stored_path) == SAMPLE.read_bytes()


def test_a_clear_backup_restored_over_an_encrypted_home_leaves_it_clear_and_keeps_the_key(
    encrypted_home: AppPaths, tmp_path: Path
) -> None:
    clear = AppPaths(tmp_path / "clear-home").ensure()
    _import_sample(clear)
    with CaseLog.open(clear) as log:
        backup(log, clear, tmp_path / "clear-backup")
    report = restore(encrypted_home, tmp_path / "clear-backup")
    assert not report.encrypted and not encryption.is_encrypted(encrypted_home.home)
    assert report.replaced is not None
    assert encryption.is_encrypted(report.replaced)  # the old key file went with its records
    with CaseLog.open(encrypted_home) as log:  # no passphrase asked
        assert len(log.repository.list_cases()) == 1
    encryption.unlock(report.replaced, PASSPHRASE)
    assert check_backup(report.replaced).ok  # the replaced encrypted records still open
