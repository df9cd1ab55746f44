"""Studio: an offline-first desktop studio for a community platform's staff."""

__version__ = "0.1.0"
