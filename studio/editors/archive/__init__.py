"""Archive: search, verify and export the compliance archive."""

from __future__ import annotations

from studio.ui.context import PageSpec
from studio.ui.i18n import tr
from studio.ui.summary_page import SummaryPage


def spec() -> PageSpec:
    return PageSpec(
        key="archive",
        title=lambda: tr("Archive"),
        description=lambda: tr("Search, verify and export the compliance archive"),
        factory=lambda context: SummaryPage(
            context,
            heading=lambda: tr("Archive"),
            text=lambda: tr(
                "The hash-chained archive of every post, reply, poll response and moderation "
                "decision: search, verification against the platform, legal holds and export "
                "arrive here."
            ),
            count_key="posts",
        ),
    )
