"""Backing up as a use case: the snapshot (`caselog.backup`) plus its audit event, since a
backup is a copy of every patient's records and the trail must say who made it and where."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services
    from skinclinic.caselog.backup import BackupReport


def default_backup_name(now: datetime) -> str:
    """A new folder name per backup that sorts by time: SkinClinic-backup-20261123-2115."""
    return f"SkinClinic-backup-{now:%Y%m%d-%H%M%S}"


def make_backup(services: Services, dest: Path, *, actor: str) -> BackupReport:
    from skinclinic.caselog.backup import backup

    report = backup(services.caselog, services.paths, dest)
    services.repository.record_event(
        actor=actor,
        action="backup",
        entity="caselog",
        entity_id="all",
        new={
            "dest": str(report.dest),
            "photos": report.photos_copied,
            "photos_missing": len(report.photos_missing),
            "integrity": report.integrity,
        },
    )
    return report
