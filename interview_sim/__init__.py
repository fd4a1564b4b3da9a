"""Interview Sim: an offline, Korean-first mock-interview simulator with speech."""

__version__ = "0.1.0"
