"""The content-addressed store: once per photo, whole files or nothing, clear disk errors."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from skinclinic.errors import StorageError
from skinclinic.imaging.intake import PreparedPhoto, prepare_import
from skinclinic.imaging.store import PhotoStore
from skinclinic.paths import app_paths
from tests.imaging.images import encode, noise_rgb


@pytest.fixture
def store() -> PhotoStore:
    paths = app_paths().ensure()  # the autouse temporary home
    return PhotoStore(paths.photos, paths.tmp)


def _prepared(tmp_path: Path, seed: int = 0) -> PreparedPhoto:
    path = tmp_path / f"photo{seed}.jpg"
    path.write_bytes(encode(noise_rgb(seed=seed), "JPEG"))
    return prepare_import(path)


def _leftovers(store: PhotoStore) -> list[Path]:
    return list(store.tmp.iterdir())


def test_same_photo_is_stored_once(store: PhotoStore, tmp_path: Path) -> None:
    photo = _prepared(tmp_path)
    first = store.put(photo)
    second = store.put(photo)
    assert first.created and not second.created
    assert first.relative_path == second.relative_path == f"{photo.sha256[:2]}/{photo.sha256}.jpg"
    assert first.size == len(photo.data)
    stored = store.path_for(first.relative_path)
    assert stored.read_bytes() == photo.data  # original bytes, unchanged
    assert [p for p in store.root.rglob("*") if p.is_file()] == [stored]
    assert _leftovers(store) == []
    assert store.exists(first.relative_path)
    assert store.verify(first.relative_path, photo.sha256)


def test_damaged_stored_file_is_repaired_but_never_reported_as_new(
    store: PhotoStore, tmp_path: Path
) -> None:
    photo = _prepared(tmp_path)
    relative = store.put(photo).relative_path
    store.path_for(relative).write_bytes(b"bit rot")
    assert not store.verify(relative, photo.sha256)
    again = store.put(photo)
    assert not again.created  # a rollback must not delete a file older records point to
    assert store.verify(relative, photo.sha256)


def test_remove_and_orphans(store: PhotoStore, tmp_path: Path) -> None:
    kept = store.put(_prepared(tmp_path, 1)).relative_path
    orphan = store.put(_prepared(tmp_path, 2)).relative_path
    assert store.orphans({kept}) == [orphan]
    store.remove(orphan)
    store.remove(orphan)  # already gone: still fine
    assert not store.exists(orphan)
    assert not store.verify(orphan, "0" * 64)
    assert store.orphans({kept}) == []


@pytest.mark.parametrize("bad", ["../etc/passwd", "/abs/x.jpg", "ab/short.jpg", "AB/" + "A" * 64])
def test_path_for_rejects_anything_but_store_names(store: PhotoStore, bad: str) -> None:
    with pytest.raises(ValueError, match="not a photo-store path"):
        store.path_for(bad)


def test_put_refuses_bytes_that_do_not_match_the_hash(store: PhotoStore, tmp_path: Path) -> None:
    photo = _prepared(tmp_path)
    forged = PreparedPhoto(**{**photo.__dict__, "sha256": hashlib.sha256(b"x").hexdigest()})
    with pytest.raises(ValueError, match="do not match"):
        store.put(forged)


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        (errno.ENOSPC, "The disk is full"),
        (errno.EROFS, "the disk is read-only"),
        (errno.EACCES, "permission denied"),
        (errno.EIO, "Could not save the photo to"),
    ],
)
def test_failed_rename_leaves_nothing_behind(
    store: PhotoStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, phrase: str
) -> None:
    photo = _prepared(tmp_path)

    def refuse(src: object, dst: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("skinclinic.imaging.store.os.replace", refuse)
    with pytest.raises(StorageError, match=phrase):
        store.put(photo)
    relative = f"{photo.sha256[:2]}/{photo.sha256}.jpg"
    assert not store.exists(relative)
    assert _leftovers(store) == []


def test_failed_write_of_temp_file_leaves_nothing_behind(
    store: PhotoStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = _prepared(tmp_path)

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("skinclinic.imaging.store.os.fsync", full_disk)
    with pytest.raises(StorageError, match="The disk is full"):
        store.put(photo)
    assert _leftovers(store) == []
    assert store.orphans(set()) == []


def test_read_only_store_gives_storage_error(store: PhotoStore, tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("running as root: folder permissions do not stop root (simulated above)")
    photo = _prepared(tmp_path)
    store.root.chmod(0o555)
    try:
        with pytest.raises(StorageError, match="permission denied"):
            store.put(photo)
    finally:
        store.root.chmod(0o755)
    assert _leftovers(store) == []


def test_discard_partials_sweeps_crash_leftovers(store: PhotoStore) -> None:
    (store.tmp / "photo-abc.part").write_bytes(b"half a photo")
    (store.tmp / "unrelated.txt").write_bytes(b"keep")
    assert store.discard_partials() == 1
    assert [p.name for p in _leftovers(store)] == ["unrelated.txt"]
