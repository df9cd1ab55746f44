"""A window of the Webinars page that reads the workspace in the background and listens to its
changes (the speakers directory, a webinar's registrants)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog


class WorkspaceWindow(QDialog):
    """Drops the answers of background tasks once closed, and stops hearing changes then.

    A subclass sets ``self.context`` and connects ``self._on_changes`` to its signals."""

    closed = False

    def _alive(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """``callback`` for a background task: dropped once the window has closed."""

        def call(value: Any) -> None:
            if not self.closed:
                callback(value)

        return call

    def closeEvent(self, event: Any) -> None:
        self.closed = True
        try:
            self.context.signals.changed.disconnect(self._on_changes)  # type: ignore[attr-defined]
        except (RuntimeError, TypeError):
            pass
        super().closeEvent(event)
