"""The local case log: SQLite through SQLAlchemy, migrated by Alembic, one instance per home.

Open it with `CaseLog.open(paths)`; use `caselog.repository` for reads and writes.
"""

from skinclinic.caselog.facade import CaseLog

__all__ = ["CaseLog"]
