"""Articles: the library of articles and (to come) the Markdown editor."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from studio.ui.context import PageContext, PageSpec
from studio.ui.i18n import tr


def _build(context: PageContext) -> QWidget:
    # The page pulls in the store's queries; loading it on first visit keeps start-up light.
    from studio.editors.article.page import ArticlesPage

    return ArticlesPage(context)


def spec() -> PageSpec:
    return PageSpec(
        key="articles",
        title=lambda: tr("Articles"),
        description=lambda: tr("Draft, review, schedule and publish articles"),
        factory=_build,
        module="studio.editors.article.page",
    )
