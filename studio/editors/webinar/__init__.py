"""Webinars: schedule webinars with speakers across time zones."""

from __future__ import annotations

from studio.ui.context import PageSpec
from studio.ui.i18n import tr
from studio.ui.summary_page import SummaryPage


def spec() -> PageSpec:
    return PageSpec(
        key="webinars",
        title=lambda: tr("Webinars"),
        description=lambda: tr("Schedule webinars with speakers across time zones"),
        factory=lambda context: SummaryPage(
            context,
            heading=lambda: tr("Webinars"),
            text=lambda: tr(
                "Week and month calendars in the event's zone and yours, speakers and their "
                "availability, conflict rules, capacity with a waiting list, recurring series "
                "and calendar invitations arrive here."
            ),
            count_key="webinars",
        ),
    )
