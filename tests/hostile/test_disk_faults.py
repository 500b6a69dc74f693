"""A full disk and a read-only data home: one clear SkinClinicError line, nothing lost.

Where this process may mount (root on Linux), a real tiny tmpfs is the data home; elsewhere
(CI) the same failures are simulated: ENOSPC from the photo store's write and SQLITE_FULL from
a page cap on the case log.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from skinclinic.bootstrap import open_services
from skinclinic.cli import main
from skinclinic.errors import StorageError
from tests.conftest import REPO_ROOT

PHOTO = REPO_ROOT / "assets" / "samples" / "smartphone_skin.jpg"  # 1 MB
SMALL = REPO_ROOT / "assets" / "samples" / "ISIC_0027757.jpg"


def _unique(folder: Path, source: Path, n: int) -> Path:
    path = folder / f"photo-{n}.jpg"
    path.write_bytes(source.read_bytes() + f"unique-{n}".encode())
    return path


def _snapshot(home: Path) -> tuple[dict[str, int], object]:
    with contextlib.closing(
        sqlite3.connect(f"file:{home / 'caselog.sqlite3'}?mode=ro", uri=True)
    ) as c:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        last = c.execute("SELECT * FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    return counts, last


def _assert_whole(acked: list[int]) -> None:
    """Integrity ok, audit verifies, every acknowledged case has its photo, no orphan file."""
    with open_services() as services:
        with contextlib.closing(sqlite3.connect(services.paths.caselog)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert services.repository.verify_audit_chain() is None
        referenced = set()
        for case in acked:
            (photo,) = services.repository.get_case_detail(case).photos
            assert services.store.verify(photo.stored_path, photo.sha256)
            referenced.add(photo.stored_path)
        assert services.store.orphans(referenced) == []


def _import(photo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["import", str(photo), "--site", "back"])
    out, err = capsys.readouterr()
    return code, out, err


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux; the simulated tests cover this")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mount -t tmpfs is not permitted here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_real_full_disk_gives_a_clear_error_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with _tmpfs(tmp_path / "mnt", "3m") as home:
        monkeypatch.setenv("SKINCLINIC_HOME", str(home))
        acked: list[int] = []
        errors: list[str] = []
        for n in range(12):
            before = _snapshot(home) if acked else None
            code, out, err = _import(_unique(tmp_path, PHOTO, n), capsys)
            if code == 0:
                acked.append(int(out.split()[1]))
                continue
            errors.append(err)
            assert err.count("\n") == 1 and err.startswith("skinclinic: "), err
            assert "unexpected" not in err and "is full" in err, err
            if before is not None:
                assert _snapshot(home) == before  # the refused import left no trace
        assert acked and errors, (acked, errors)
        # Small writes still fit in what is left: the case log is usable, and whole.
        _assert_whole(acked)
        subprocess.run(["mount", "-o", "remount,size=64m", str(home)], check=True)
        code, out, _ = _import(_unique(tmp_path, PHOTO, 99), capsys)
        assert code == 0  # with space again, imports work
        _assert_whole([*acked, int(out.split()[1])])
    print(f"\nreal tmpfs: {len(acked)} imports fitted, {len(errors)} refused with: {errors[0]}")


def test_read_only_home_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with _tmpfs(tmp_path / "mnt", "16m") as home:
        monkeypatch.setenv("SKINCLINIC_HOME", str(home))
        code, out, _ = _import(_unique(tmp_path, SMALL, 0), capsys)
        assert code == 0
        acked = [int(out.split()[1])]
        before = _snapshot(home)
        subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
        for argv in (["import", str(_unique(tmp_path, SMALL, 1))], ["cases"]):
            code = main(argv)
            err = capsys.readouterr().err
            assert code != 0 and err.startswith("skinclinic: ") and err.count("\n") == 1, err
            assert "unexpected" not in err and "read-only" in err.lower(), err
        assert _snapshot(home) == before
        subprocess.run(["mount", "-o", "remount,rw", str(home)], check=True)
        _assert_whole(acked)


def test_simulated_enospc_in_the_photo_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _import(_unique(tmp_path, SMALL, 0), capsys)
    assert code == 0
    acked = [int(out.split()[1])]
    home = Path(os.environ["SKINCLINIC_HOME"])
    before = _snapshot(home)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("skinclinic.imaging.store.os.fsync", full)
    code, _, err = _import(_unique(tmp_path, SMALL, 1), capsys)
    monkeypatch.undo()
    monkeypatch.setenv("SKINCLINIC_HOME", str(home))
    assert code == StorageError.exit_code and "The disk is full" in err, err
    assert _snapshot(home) == before  # no empty case, no audit event
    assert not list((home / "tmp").glob("photo-*.part"))
    _assert_whole(acked)


def test_simulated_full_case_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _import(_unique(tmp_path, SMALL, 0), capsys)
    assert code == 0
    acked = [int(out.split()[1])]
    home = Path(os.environ["SKINCLINIC_HOME"])
    before = _snapshot(home)
    from skinclinic.core.intake import ImportRequest, import_photos, run_to_completion

    with open_services() as services:

        def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        patient = services.repository.get_case_detail(acked[0]).patient.reference
        services.caselog.engine.dispose()
        event.listen(services.caselog.engine, "connect", cap)
        # A known patient (no new patient row), so the first write, the case, meets the cap.
        request = ImportRequest(
            files=(_unique(tmp_path, PHOTO, 1),), patient_reference=patient, history="x" * 200_000
        )
        with pytest.raises(StorageError, match="is full; free some space"):
            run_to_completion(
                import_photos(
                    request,
                    repository=services.repository,
                    store=services.store,
                    prepare=services.prepare_photo,
                )
            )
    assert _snapshot(home) == before
    _assert_whole(acked)  # also: the photo stored before the refused record was removed again
