"""Where SkinClinic keeps its files.

Everything (case log, photo store, settings, logs, model cache) lives under one data home:
platformdirs' user data folder by default, or `$SKINCLINIC_HOME` when set (tests always set it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "SKINCLINIC_HOME"
APP_NAME = "SkinClinic"


@dataclass(frozen=True)
class AppPaths:
    home: Path

    @property
    def caselog(self) -> Path:
        return self.home / "caselog.sqlite3"

    @property
    def photos(self) -> Path:
        return self.home / "photos"

    @property
    def settings(self) -> Path:
        return self.home / "settings.json"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def models(self) -> Path:
        """Model files assembled or unpacked at install time (never downloaded)."""
        return self.home / "models"

    @property
    def lock(self) -> Path:
        return self.home / "instance.lock"

    @property
    def tmp(self) -> Path:
        """Scratch space on the same file system as the stores, so renames are atomic."""
        return self.home / "tmp"

    def ensure(self) -> AppPaths:
        for folder in (self.home, self.photos, self.logs, self.models, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def default_home() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser().resolve()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def app_paths(home: Path | None = None) -> AppPaths:
    return AppPaths(home if home is not None else default_home())
