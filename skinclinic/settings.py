"""User-visible settings, stored as JSON in the data home and written atomically.

Unknown keys in the file are ignored and wrong types fall back to the default, so a damaged
settings file never stops the app from starting.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skinclinic.errors import StorageError

LANGUAGES = ("system", "en", "zh_CN", "ja")


@dataclass(frozen=True)
class Settings:
    threads: int = 2
    idle_lock_minutes: int = 10
    language: str = "system"
    ai_enabled: bool = True
    # Off by default: the default pack already averages two networks, and 4 flip views on top
    # cost ~60 ms per 200x150 photo on 2 cores (target 40) for +0.2 pt val accuracy.
    tta: bool = False
    # The pack's prior from age, sex and body site (fitted on HAM10000's population); off = the
    # photo alone, for a clinic whose patients differ from that population.
    patient_context: bool = True
    vision_pack: str = "ham10000-effnetlite0-v1"

    def validated(self) -> Settings:
        return dataclasses.replace(
            self,
            threads=min(max(self.threads, 1), os.cpu_count() or 1),
            idle_lock_minutes=min(max(self.idle_lock_minutes, 1), 240),
            language=self.language if self.language in LANGUAGES else "system",
        )

    def changes(self, other: Settings) -> dict[str, tuple[Any, Any]]:
        """Field -> (old, new) for every field that differs; for the audit trail."""
        return {
            f.name: (getattr(self, f.name), getattr(other, f.name))
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
        }


def load_settings(path: Path) -> Settings:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    for field in dataclasses.fields(Settings):
        default = getattr(defaults, field.name)
        value = raw.get(field.name, default)
        values[field.name] = value if type(value) is type(default) else default
    return Settings(**values).validated()


def save_settings(path: Path, settings: Settings) -> None:
    data = json.dumps(dataclasses.asdict(settings.validated()), indent=2, sort_keys=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise StorageError(
            f"Cannot save settings to {path} ({err.strerror or err}); "
            "check that the disk is not full or read-only."
        ) from err
