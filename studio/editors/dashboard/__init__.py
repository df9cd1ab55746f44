"""Dashboard: members, participation, views and queue health."""

from __future__ import annotations

from studio.ui.context import PageSpec
from studio.ui.i18n import tr
from studio.ui.summary_page import SummaryPage


def spec() -> PageSpec:
    return PageSpec(
        key="dashboard",
        title=lambda: tr("Dashboard"),
        description=lambda: tr("Members, participation, views and queue health"),
        factory=lambda context: SummaryPage(
            context,
            heading=lambda: tr("Dashboard"),
            text=lambda: tr(
                "Charts of members, webinar participation, article views and the moderation "
                "queue's health arrive here."
            ),
            count_key="members",
        ),
    )
