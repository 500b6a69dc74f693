"""Find the app's assets (icons, styles) in a source checkout, an installed wheel or a frozen app.

One lookup order, so every caller agrees: `$SKINCLINIC_ASSETS`, then PyInstaller's `_MEIPASS`,
then `skinclinic/assets` inside the package (where package data would put it), then the
checkout's top-level `assets/`.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

from skinclinic.resources import find_data

ASSETS_ENV = "SKINCLINIC_ASSETS"


@cache
def assets_dir() -> Path:
    candidates: list[Path] = []
    if os.environ.get(ASSETS_ENV):
        candidates.append(Path(os.environ[ASSETS_ENV]))
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "assets")
    package = Path(__file__).resolve().parents[1]
    candidates += [package / "assets", find_data("assets"), package.parent / "assets"]
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    # No assets at all: the app still runs, with plain text buttons and Qt's default look.
    return candidates[-1]


def asset(*parts: str) -> Path:
    return assets_dir().joinpath(*parts)
