"""Wires the adapters (case log, photo store, image decoder) into the use cases.

The CLI and the GUI both start here; nothing else constructs adapters, so tests and tools get
exactly what the app gets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from skinclinic.paths import AppPaths, app_paths

if TYPE_CHECKING:
    from skinclinic.caselog import CaseLog
    from skinclinic.caselog.repository import CaseRepository
    from skinclinic.imaging.intake import PreparedPhoto
    from skinclinic.imaging.store import PhotoStore


@dataclass
class Services:
    paths: AppPaths
    caselog: CaseLog
    store: PhotoStore

    @property
    def repository(self) -> CaseRepository:
        return self.caselog.repository

    def prepare_photo(self, path: Path) -> PreparedPhoto:
        from skinclinic.imaging.intake import prepare_import

        return prepare_import(path)


@contextmanager
def open_services(paths: AppPaths | None = None) -> Iterator[Services]:
    """Open the case log (lock, migrate) and the photo store for one session of work."""
    from skinclinic.caselog import CaseLog
    from skinclinic.imaging.store import PhotoStore

    paths = (paths or app_paths()).ensure()
    caselog = CaseLog.open(paths)
    try:
        key = caselog.keys.photos if caselog.keys else None
        yield Services(paths=paths, caselog=caselog, store=PhotoStore(paths.photos, paths.tmp, key))
    finally:
        caselog.close()
