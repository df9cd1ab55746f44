"""The Hub: the project's reference implementation of the platform API (../shared/API.md)."""

__version__ = "0.1.0"
