"""A page that says what it will hold, with the workspace's figures for it, read off-thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget

from studio.ui.context import PageContext
from studio.ui.i18n import tr
from studio.ui.widgets import MessagePage

if TYPE_CHECKING:
    from studio.store.workspace import Changes


class SummaryPage(MessagePage):
    def __init__(
        self,
        context: PageContext,
        heading: Callable[[], str],
        text: Callable[[], str],
        count_key: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent=parent)
        self.context = context
        self.heading_text = heading
        self.body_text = text
        self.count_key = count_key
        self.counts: dict[str, int] | None = None
        self.set_text(heading(), text())
        context.on_changes(self._on_changes)
        self.refresh()

    def refresh(self) -> None:
        self.context.tasks.run(self.context.workspace.counts, self._show, what="counting records")

    def _on_changes(self, _changes: Changes) -> None:
        self.refresh()

    def _show(self, counts: dict[str, int]) -> None:
        self.counts = counts
        locale = QLocale()
        names = {
            "members": tr("members"),
            "articles": tr("articles"),
            "webinars": tr("webinars"),
            "threads": tr("threads"),
            "posts": tr("posts"),
            "polls": tr("polls"),
        }
        figures = " · ".join(f"{locale.toString(counts[k])} {names.get(k, k)}" for k in counts)
        here = tr("In this workspace:")
        self.set_text(
            self.heading_text(), f"<p>{self.body_text()}</p><p><b>{here}</b> {figures}</p>"
        )
