"""Where shipped data (model packs, assets) lives: a frozen app, an installed wheel, or a checkout.

An installed wheel puts `models/` and `assets/` under `<prefix>/share/skinclinic/` (see
pyproject's data-files); PyInstaller unpacks them under `sys._MEIPASS`; a source checkout has
them beside the package. `$SKINCLINIC_DATA` overrides all three.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_ENV = "SKINCLINIC_DATA"


def data_roots() -> list[Path]:
    roots: list[Path] = []
    if os.environ.get(DATA_ENV):
        roots.append(Path(os.environ[DATA_ENV]))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle))
    roots.append(Path(sys.prefix) / "share" / "skinclinic")
    roots.append(Path(__file__).resolve().parents[1])  # source checkout
    return roots


def find_data(*parts: str) -> Path:
    """The first existing `<root>/<parts>`; else the checkout's path (so errors name it)."""
    for root in data_roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    return data_roots()[-1].joinpath(*parts)
