"""Moderation: one queue of posts awaiting approval and reported posts, triaged by keyboard."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from studio.ui.context import PageContext, PageSpec


def _tr(text: str) -> str:
    return QCoreApplication.translate("ModerationPage", text)


def _build(context: PageContext) -> QWidget:
    # Loaded on first visit: keeps start-up light.
    from studio.editors.moderation.page import ModerationPage

    return ModerationPage(context)


def spec() -> PageSpec:
    return PageSpec(
        key="moderation",
        title=lambda: _tr("Moderation"),
        description=lambda: _tr("Posts awaiting approval and reported posts"),
        factory=_build,
    )
