"""Typed settings with defaults, kept apart from window state.

Both live in one INI file in the data directory, so ``--data-dir`` isolates them too (tests, a
second profile). Preferences are under ``[preferences]``, window layout under ``[window]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar
from urllib.parse import quote

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T", bool, int, str)


class Option(Generic[T]):
    """One preference: a key, its type and its default."""

    def __init__(self, key: str, default: T) -> None:
        self.key = f"preferences/{key}"
        self.default = default

    def __get__(self, obj: Settings, owner: type) -> T:
        raw = obj.qsettings.value(self.key, self.default)
        kind = type(self.default)
        if kind is bool:
            return (raw in (True, "true", "1", 1)) if not isinstance(raw, bool) else raw  # type: ignore[return-value]
        try:
            return kind(raw)  # type: ignore[return-value]
        except (TypeError, ValueError):
            return self.default

    def __set__(self, obj: Settings, value: T) -> None:
        obj.qsettings.setValue(self.key, value)


class Settings:
    """Studio's preferences and remembered window state."""

    theme = Option("theme", "system")  # system | light | dark
    last_workspace = Option("last_workspace", "")
    language = Option("language", "")  # "" follows the system
    #: Images and media in member posts are shown blurred, and grey, until revealed.
    blur_media = Option("blur_media", True)
    greyscale_media = Option("greyscale_media", True)
    #: The coordinator's IANA zone for webinars ("" follows the system's).
    coordinator_zone = Option("coordinator_zone", "")

    def __init__(self, path: Path) -> None:
        self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def ca_bundle(self, hub_url: str) -> str:
        """The CA bundle trusted for ``hub_url``'s certificate ("" for the usual CAs)."""
        return str(self.qsettings.value(_hub_key(hub_url, "ca_bundle"), "") or "")

    def set_ca_bundle(self, hub_url: str, path: str) -> None:
        self.qsettings.setValue(_hub_key(hub_url, "ca_bundle"), path)

    def personal_words(self) -> list[str]:
        """Words the user added to the spelling dictionary (every language, every workspace)."""
        value = self.qsettings.value("spelling/personal", [])
        if isinstance(value, str):
            value = [value]
        return [str(w) for w in value or [] if str(w).strip()]

    def add_personal_word(self, word: str) -> None:
        words = self.personal_words()
        if word not in words:
            self.qsettings.setValue("spelling/personal", [*words, word])

    def window_state(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(f"window/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, key: str, value: QByteArray) -> None:
        self.qsettings.setValue(f"window/{key}", value)

    def sync(self) -> None:
        self.qsettings.sync()


def _hub_key(hub_url: str, key: str) -> str:
    return f"hubs/{quote(hub_url.rstrip('/'), safe='')}/{key}"
