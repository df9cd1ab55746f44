"""Archive: search, verify and export the compliance archive."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.ui.context import PageSpec
from studio.ui.summary_page import SummaryPage


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArchivePage", text)


def spec() -> PageSpec:
    return PageSpec(
        key="archive",
        title=lambda: _tr("Archive"),
        description=lambda: _tr("Search, verify and export the compliance archive"),
        factory=lambda context: SummaryPage(
            context,
            heading=lambda: _tr("Archive"),
            text=lambda: _tr(
                "The hash-chained archive of every post, reply, poll response and moderation "
                "decision: search, verification against the platform, legal holds and export "
                "arrive here."
            ),
            count_key="posts",
        ),
    )
