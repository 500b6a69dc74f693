"""Start-up recovery of the photo store after a crash.

An import writes the photo file first and records it second, so a crash between the two leaves
a file no record points to. Such an import was never acknowledged, yet the file is a patient's
photo: it is moved aside into `recovered-photos/`, never deleted, and the store again holds
exactly the files the case log references. Runs only while the instance lock is held, so no
other process can be between those two steps.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from skinclinic.errors import StorageError
from skinclinic.imaging.store import PhotoStore
from skinclinic.paths import AppPaths

RECOVERED_NAME = "recovered-photos"
# Photos the GUI stages in tmp before an import (camera stills, pasted bitmaps); the dialog
# deletes them, a crash leaves them: patient photos in clear, swept at the next start.
CAPTURE_LEFTOVERS = ("camera-*.png", "pasted-*.png")


@dataclass(frozen=True)
class Recovery:
    partials_removed: int  # temporary files of interrupted writes
    orphans_moved: tuple[str, ...]  # store-relative paths moved into recovered-photos/


def recovered_folder(paths: AppPaths) -> Path:
    return paths.home / RECOVERED_NAME


def recover_photo_store(engine: Engine, paths: AppPaths) -> Recovery:
    store = PhotoStore(paths.photos, paths.tmp)
    try:
        partials = store.discard_partials()
        for pattern in CAPTURE_LEFTOVERS:
            for leftover in paths.tmp.glob(pattern):
                leftover.unlink(missing_ok=True)
        with engine.connect() as connection:
            referenced = {
                row[0] for row in connection.execute(text("SELECT stored_path FROM photos"))
            }
        orphans = store.orphans(referenced)
        for relative in orphans:
            target = recovered_folder(paths).joinpath(*relative.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(store.path_for(relative), target)
    except OSError as err:
        raise StorageError(
            f"Could not tidy the photo store {paths.photos} after an interrupted import "
            f"({err.strerror or err}); check the folder's permissions and free space."
        ) from err
    return Recovery(partials, tuple(orphans))
