"""A webinar's registrants: approve or decline, the waiting list, CSV import and export,
attendance figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from studio.ui.context import PageContext


def open_registrations(context: PageContext, parent: QWidget | None, webinar_id: str) -> None:
    """Open the registrants of one webinar (non-modal)."""
