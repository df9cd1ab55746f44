"""Polls: create, schedule and close polls and surveys."""

from __future__ import annotations

from studio.ui.context import PageSpec
from studio.ui.i18n import tr
from studio.ui.summary_page import SummaryPage


def spec() -> PageSpec:
    return PageSpec(
        key="polls",
        title=lambda: tr("Polls"),
        description=lambda: tr("Create, schedule and close polls and surveys"),
        factory=lambda context: SummaryPage(
            context,
            heading=lambda: tr("Polls"),
            text=lambda: tr(
                "Polls and surveys with scheduling, results visibility rules and results as "
                "charts arrive here."
            ),
            count_key="polls",
        ),
    )
