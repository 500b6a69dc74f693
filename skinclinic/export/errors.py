"""Errors of the exports."""

from __future__ import annotations

from skinclinic.errors import SkinClinicError


class ExportError(SkinClinicError):
    """An export that cannot be written (nothing to export, a bad target, a failed check)."""
