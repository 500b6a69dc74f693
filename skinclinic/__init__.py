"""SkinClinic: local-first dermatology triage."""

__version__ = "0.1.0"
