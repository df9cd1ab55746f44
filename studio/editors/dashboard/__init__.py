"""Dashboard: members, participation, views and queue health."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.ui.context import PageSpec
from studio.ui.summary_page import SummaryPage


def _tr(text: str) -> str:
    return QCoreApplication.translate("DashboardPage", text)


def spec() -> PageSpec:
    return PageSpec(
        key="dashboard",
        title=lambda: _tr("Dashboard"),
        description=lambda: _tr("Members, participation, views and queue health"),
        factory=lambda context: SummaryPage(
            context,
            heading=lambda: _tr("Dashboard"),
            text=lambda: _tr(
                "Charts of members, webinar participation, article views and the moderation "
                "queue's health arrive here."
            ),
            count_key="members",
        ),
    )
