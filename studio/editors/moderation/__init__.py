"""Moderation: one queue of posts awaiting approval and reported posts, triaged by keyboard."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from studio.ui.context import PageContext, PageSpec
from studio.ui.i18n import tr


def _build(context: PageContext) -> QWidget:
    # Loaded on first visit: keeps start-up light.
    from studio.editors.moderation.page import ModerationPage

    return ModerationPage(context)


def spec() -> PageSpec:
    return PageSpec(
        key="moderation",
        title=lambda: tr("Moderation"),
        description=lambda: tr("Posts awaiting approval and reported posts"),
        factory=_build,
        module="studio.editors.moderation.page",
    )
