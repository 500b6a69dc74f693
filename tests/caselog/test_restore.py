"""Restoring a backup over a data home: checked first, nothing deleted, safe against a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from skinclinic.caselog import CaseLog
from skinclinic.caselog.audit import verify_chain
from skinclinic.caselog.backup import backup, check_backup
from skinclinic.caselog.restore import REPLACED_PREFIX, restore, staging
from skinclinic.errors import CaseLogError, InstanceLocked, StorageError
from skinclinic.paths import AppPaths
from tests.caselog.conftest import add_photo, new_case


class Killed(BaseException):
    """The process dying at this point (not an Exception: nothing may catch it)."""


def _home_with_backup(root: Path) -> tuple[AppPaths, Path]:
    """A home whose backup holds case P-001 with one photo, and which then gained P-002."""
    paths = AppPaths(root / "home").ensure()
    with CaseLog.open(paths) as log:
        case = new_case(log.repository, "P-001")
        photo = add_photo(log.repository, case.id, "a" * 64)
        file = paths.photos / photo.stored_path
        file.parent.mkdir(parents=True)
        file.write_bytes(b"photo of P-001")
        backup(log, paths, root / "backup")
        new_case(log.repository, "P-002")
    return paths, root / "backup"


def _references(paths: AppPaths) -> list[str]:
    with CaseLog.open(paths) as log:
        with log.engine.connect() as connection:
            assert verify_chain(connection) is None
        return sorted(c.patient_reference for c in log.repository.list_cases())


def _replaced(paths: AppPaths) -> list[Path]:
    return sorted(paths.home.glob(REPLACED_PREFIX + "*"))


def test_restore_puts_the_backup_back_and_keeps_what_was_there(tmp_path: Path) -> None:
    paths, source = _home_with_backup(tmp_path)
    assert _references(paths) == ["P-001", "P-002"]
    report = restore(paths, source)
    assert (report.photos, report.encrypted) == (1, False)
    assert _references(paths) == ["P-001"]
    assert (paths.photos / "aa" / ("a" * 64 + ".jpg")).read_bytes() == b"photo of P-001"
    assert _replaced(paths) == [report.replaced]
    assert check_backup(report.replaced).ok  # the replaced records are themselves restorable
    with sqlite3.connect(report.replaced / "caselog.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (2,)
    assert not staging(paths).exists()
    assert check_backup(source).ok and not (source / "caselog.sqlite3-wal").exists()


def test_a_backup_that_fails_its_check_is_refused_and_the_home_untouched(
    tmp_path: Path,
) -> None:
    paths, source = _home_with_backup(tmp_path)
    db = sqlite3.connect(source / "caselog.sqlite3")
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        db.execute(f"DROP TRIGGER {name}")
    db.execute("UPDATE audit_events SET actor='someone-else' WHERE id=2")
    db.commit()
    db.close()
    with pytest.raises(CaseLogError, match="audit trail is broken at event 2"):
        restore(paths, source)
    _, other = _home_with_backup(tmp_path / "other")
    (other / "photos" / "aa" / ("a" * 64 + ".jpg")).unlink()
    with pytest.raises(CaseLogError, match="1 photo"):
        restore(paths, other)
    with pytest.raises(CaseLogError, match="not a SkinClinic backup"):
        restore(paths, tmp_path)
    assert _references(paths) == ["P-001", "P-002"] and _replaced(paths) == []


def test_restore_refuses_while_the_app_has_the_home_open(tmp_path: Path) -> None:
    paths, source = _home_with_backup(tmp_path)
    with CaseLog.open(paths), pytest.raises(InstanceLocked):
        restore(paths, source)
    assert not staging(paths).exists()
    assert _references(paths) == ["P-001", "P-002"]


def test_killed_before_the_commit_the_home_stays_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, source = _home_with_backup(tmp_path)

    def killed(*_args: object) -> None:
        raise Killed

    monkeypatch.setattr("skinclinic.caselog.restore._commit", killed)
    with pytest.raises(Killed):
        restore(paths, source)
    monkeypatch.undo()
    assert staging(paths).exists()  # what a kill leaves (the staging of an uncommitted restore)
    assert _references(paths) == ["P-001", "P-002"]  # the next start discards it
    assert not staging(paths).exists() and _replaced(paths) == []


@pytest.mark.parametrize("kill_at", [1, 2, 3, 4])
def test_killed_at_any_rename_of_the_swap_the_next_start_finishes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kill_at: int
) -> None:
    """The swap renames four times (case log and photos aside, the backup's in)."""
    paths, source = _home_with_backup(tmp_path)
    real_rename = Path.rename
    calls = []

    def rename(self: Path, target: Path) -> Path:
        calls.append(self.name)
        if len(calls) == kill_at:
            raise Killed
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(Killed):
        restore(paths, source)
    monkeypatch.undo()
    paths.ensure()  # what the app does first on its next start (an empty photos/ again)
    assert _references(paths) == ["P-001"]
    assert (paths.photos / "aa" / ("a" * 64 + ".jpg")).read_bytes() == b"photo of P-001"
    (kept,) = _replaced(paths)
    with sqlite3.connect(kept / "caselog.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (2,)
    assert not staging(paths).exists()


def test_a_full_disk_while_staging_leaves_the_home_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, source = _home_with_backup(tmp_path)

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("skinclinic.caselog.restore.copy_synced", disk_full)
    with pytest.raises(StorageError, match=r"No space left on device.*unchanged"):
        restore(paths, source)
    assert not staging(paths).exists() and _replaced(paths) == []
    assert _references(paths) == ["P-001", "P-002"]
