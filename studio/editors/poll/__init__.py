"""Polls: create, schedule and close polls and surveys."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.ui.context import PageSpec
from studio.ui.summary_page import SummaryPage


def _tr(text: str) -> str:
    return QCoreApplication.translate("PollsPage", text)


def spec() -> PageSpec:
    return PageSpec(
        key="polls",
        title=lambda: _tr("Polls"),
        description=lambda: _tr("Create, schedule and close polls and surveys"),
        factory=lambda context: SummaryPage(
            context,
            heading=lambda: _tr("Polls"),
            text=lambda: _tr(
                "Polls and surveys with scheduling, results visibility rules and results as "
                "charts arrive here."
            ),
            count_key="polls",
        ),
    )
