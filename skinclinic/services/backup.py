"""Backing up and restoring as use cases: the file work (`caselog.backup`, `caselog.restore`)
plus an audit event, since a backup copies every patient's records and a restore replaces
them: the trail must say who did it, and where the records went or came from."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services
    from skinclinic.caselog.backup import BackupReport
    from skinclinic.caselog.restore import RestoreReport
    from skinclinic.core.domain import AuditEvent
    from skinclinic.paths import AppPaths


def default_backup_name(now: datetime) -> str:
    """A new folder name per backup that sorts by time: SkinClinic-backup-20261123-2115."""
    return f"SkinClinic-backup-{now:%Y%m%d-%H%M%S}"


def last_backup(services: Services) -> AuditEvent | None:
    """The newest backup recorded in this case log's trail, if any."""
    events = services.repository.list_audit("caselog", "all")
    return next((e for e in reversed(events) if e.action == "backup"), None)


def make_backup(services: Services, dest: Path, *, actor: str) -> BackupReport:
    from skinclinic.caselog.backup import backup

    report = backup(services.caselog, services.paths, dest)
    _audit(
        services,
        actor,
        "backup",
        dest=str(report.dest),
        photos=report.photos_copied,
        photos_missing=len(report.photos_missing),
        integrity=report.integrity,
    )
    return report


def restore_backup(paths: AppPaths, folder: Path, *, actor: str) -> RestoreReport:
    """Restore `folder` over the home at `paths` (the app must not have it open), then record
    the restore in the restored case log, whose trail goes on from the backup's."""
    from skinclinic.bootstrap import open_services
    from skinclinic.caselog.restore import restore

    report = restore(paths, folder)
    with open_services(paths) as services:
        kept = str(report.replaced) if report.replaced else None
        _audit(
            services,
            actor,
            "restore",
            source=str(report.source),
            replaced_kept_in=kept,
            photos=report.photos,
        )
    return report


def _audit(services: Services, actor: str, action: str, **new: Any) -> None:
    services.repository.record_event(
        actor=actor, action=action, entity="caselog", entity_id="all", new=new
    )
