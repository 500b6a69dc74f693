"""Doctor review and electronic signatures: users and roles, passwords, lockout, idle sessions,
record hashing, and (in `service`) the persistent review workflow over the case log.

Pure modules (no SQLAlchemy): clock, errors, passwords, roles, lockout, session, signing.
"""
