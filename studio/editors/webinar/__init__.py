"""Webinars: schedule webinars with speakers across time zones."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.ui.context import PageSpec
from studio.ui.summary_page import SummaryPage


def _tr(text: str) -> str:
    return QCoreApplication.translate("WebinarsPage", text)


def spec() -> PageSpec:
    return PageSpec(
        key="webinars",
        title=lambda: _tr("Webinars"),
        description=lambda: _tr("Schedule webinars with speakers across time zones"),
        factory=lambda context: SummaryPage(
            context,
            heading=lambda: _tr("Webinars"),
            text=lambda: _tr(
                "Week and month calendars in the event's zone and yours, speakers and their "
                "availability, conflict rules, capacity with a waiting list, recurring series "
                "and calendar invitations arrive here."
            ),
            count_key="webinars",
        ),
    )
