"""Durability helpers shared by the stores that rename files into place."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable. Windows cannot open folders for fsync; its
    renames are journaled."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_synced(source: Path, target: Path) -> None:
    """Copy a file (with its times) and make its contents durable before returning."""
    shutil.copy2(source, target)
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_tree(root: Path) -> None:
    """Make the names of everything written under `root` (and `root` itself) durable."""
    for folder in sorted({p for p in root.rglob("*") if p.is_dir()} | {root}):
        fsync_dir(folder)
