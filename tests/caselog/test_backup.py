"""Backups: consistent copy with the photos, integrity ok, nothing half-written on failure."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from skinclinic.caselog import CaseLog
from skinclinic.caselog.backup import backup, check_backup
from skinclinic.errors import StorageError
from skinclinic.paths import AppPaths
from tests.caselog.conftest import add_photo, analyse, new_case


def _with_photos(caselog: CaseLog, paths: AppPaths) -> list[str]:
    repo = caselog.repository
    case = new_case(repo)
    stored = []
    for sha in ("a" * 64, "b" * 64):
        photo = add_photo(repo, case.id, sha)
        file = paths.photos / photo.stored_path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(sha.encode() * 100)
        stored.append(photo.stored_path)
    analyse(repo, case.id, 1)
    (paths.photos / "orphan.jpg").write_bytes(b"not referenced")
    return stored


def test_backup_copies_caselog_and_photos(
    caselog: CaseLog, paths: AppPaths, tmp_path: Path
) -> None:
    stored = _with_photos(caselog, paths)
    dest = tmp_path / "backups" / "2026-11-23"
    report = backup(caselog, paths, dest)
    assert (report.integrity, report.photos_copied, report.photos_missing) == ("ok", 2, ())
    assert report.photo_bytes == 2 * 6400
    for rel in stored:
        assert (dest / "photos" / rel).read_bytes() == (paths.photos / rel).read_bytes()
    assert not (dest / "photos" / "orphan.jpg").exists()
    with sqlite3.connect(dest / "caselog.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (1,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["2026-11-23"]  # no staging left
    check = check_backup(dest)
    assert check.ok, check
    assert check.cases == 1 and check.last_event_at is not None
    assert check.last_event_at == caselog.repository.list_audit()[-1].at
    assert sorted(p.name for p in dest.iterdir()) == ["caselog.sqlite3", "photos"]


def test_backup_into_existing_empty_folder(
    caselog: CaseLog, paths: AppPaths, tmp_path: Path
) -> None:
    dest = tmp_path / "empty"
    dest.mkdir()
    assert backup(caselog, paths, dest).integrity == "ok"


def test_non_empty_destination_is_refused(
    caselog: CaseLog, paths: AppPaths, tmp_path: Path
) -> None:
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine")
    with pytest.raises(StorageError, match="already exists and is not an empty folder"):
        backup(caselog, paths, dest)
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]


def test_missing_photo_is_reported_and_check_flags_it(
    caselog: CaseLog, paths: AppPaths, tmp_path: Path
) -> None:
    stored = _with_photos(caselog, paths)
    (paths.photos / stored[0]).unlink()
    report = backup(caselog, paths, tmp_path / "b")
    assert report.photos_missing == (stored[0],)
    assert not check_backup(tmp_path / "b").ok


def test_failure_leaves_nothing_behind(
    caselog: CaseLog, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_photos(caselog, paths)

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("skinclinic.caselog.backup.shutil.copy2", disk_full)
    parent = tmp_path / "out"
    parent.mkdir()
    with pytest.raises(StorageError, match="nothing was written"):
        backup(caselog, paths, parent / "b")
    assert list(parent.iterdir()) == []
