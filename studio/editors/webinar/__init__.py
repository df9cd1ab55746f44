"""Webinars: the calendar of webinars with speakers across time zones."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from studio.ui.context import PageContext, PageSpec
from studio.ui.i18n import tr


def _build(context: PageContext) -> QWidget:
    # The page pulls in the store's queries; loading it on first visit keeps start-up light.
    from studio.editors.webinar.page import WebinarsPage

    return WebinarsPage(context)


def spec() -> PageSpec:
    return PageSpec(
        key="webinars",
        title=lambda: tr("Webinars"),
        description=lambda: tr("Schedule webinars with speakers across time zones"),
        factory=_build,
        module="studio.editors.webinar.page",
    )
