from __future__ import annotations

from pathlib import Path

from skinclinic.settings import Settings, load_settings, save_settings


def test_round_trip_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert load_settings(path) == Settings()
    save_settings(path, Settings(threads=1, idle_lock_minutes=5, language="zh_CN"))
    loaded = load_settings(path)
    assert (loaded.threads, loaded.idle_lock_minutes, loaded.language) == (1, 5, "zh_CN")
    assert not list(tmp_path.glob(".settings-*"))


def test_damaged_file_falls_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"threads": "many", "language": "xx", "ai_enabled": false, "junk": 1}')
    loaded = load_settings(path)
    assert loaded.threads == Settings().threads
    assert loaded.language == "system"
    assert loaded.ai_enabled is False
    path.write_text("not json")
    assert load_settings(path) == Settings()


def test_changes_lists_old_and_new() -> None:
    assert Settings().changes(Settings(threads=1)) == {"threads": (2, 1)}
