"""Errors the user can act on. Every message is one clear sentence; the CLI prints it as is."""

from __future__ import annotations


class SkinClinicError(Exception):
    """Base for every expected failure: the CLI prints `str(err)` and exits non-zero."""

    exit_code = 2


class ImageRejected(SkinClinicError):
    """A photo that cannot be imported (wrong format, corrupt, too large, hostile)."""


class CaseLogError(SkinClinicError):
    """The case log cannot be opened or written."""


class DatabaseTooNew(CaseLogError):
    """The case log was written by a newer version of SkinClinic."""


class InstanceLocked(CaseLogError):
    """Another SkinClinic process is already using this data home."""


class NotFound(SkinClinicError):
    """A case, photo or other record that does not exist."""


class InvalidTransition(SkinClinicError):
    """A case status change the workflow does not allow."""


class ModelPackError(SkinClinicError):
    """A model pack that is missing, incomplete, or does not match its manifest."""


class StorageError(SkinClinicError):
    """The disk refused a write (full, read-only, permissions)."""
