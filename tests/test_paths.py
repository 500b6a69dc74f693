from __future__ import annotations

from pathlib import Path

from skinclinic.paths import app_paths, default_home


def test_home_override_puts_everything_under_one_folder(skinclinic_home: Path) -> None:
    paths = app_paths().ensure()
    assert default_home() == skinclinic_home.resolve()
    for sub in (paths.caselog, paths.photos, paths.settings, paths.logs, paths.models, paths.lock):
        assert sub.resolve().is_relative_to(skinclinic_home.resolve())
    assert paths.photos.is_dir() and paths.logs.is_dir()
