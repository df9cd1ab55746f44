"""The Articles page: every article in the workspace, searchable, newest change first."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QWidget

from studio.domain.records import RecordType
from studio.store.queries import ArticleRow, articles_page
from studio.ui.context import PageContext
from studio.ui.format import local_time
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column
from studio.ui.list_page import ListPage


def status_name(status: str) -> str:
    names = {
        "draft": tr("Draft"),
        "in_review": tr("In review"),
        "approved": tr("Approved"),
        "scheduled": tr("Scheduled"),
        "published": tr("Published"),
        "archived": tr("Archived"),
    }
    return names.get(status, status)


def _title(row: ArticleRow) -> str:
    marks = ("● " if row.local else "") + ("⚠ " if row.conflict else "")
    return marks + row.title


class ArticlesPage(ListPage):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        workspace = context.workspace
        columns = [
            Column(lambda: tr("Title"), _title, lambda r: r.title),
            Column(lambda: tr("Status"), lambda r: status_name(r.status)),
            Column(lambda: tr("Language"), lambda r: r.language),
            Column(lambda: tr("Author"), lambda r: r.author or tr("(deleted member)")),
            Column(lambda: tr("Changed"), lambda r: local_time(r.updated_at)),
        ]
        super().__init__(
            context,
            "articles",
            columns,
            search=lambda text: lambda after, limit: articles_page(workspace, after, limit, text),
            record_types=[RecordType.ARTICLE],
            parent=parent,
        )
        self.table.activated.connect(self._open_row)  # Enter or double-click
        self.detail.set_text(
            tr("Articles"),
            tr(
                "Select an article to open it. The Markdown editor with live preview, "
                "outline, review workflow and revision history arrives here."
            ),
        )

    def _open_row(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        if row is None or not row.conflict:
            return
        # An article in conflict opens the conflict view: it must be resolved before it syncs.
        from studio.store.conflicts import conflicts_of

        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: conflicts_of(workspace, RecordType.ARTICLE, row.id),
            self._resolve,
            what="finding the conflict",
        )

    def _resolve(self, ids: list[int]) -> None:
        if not ids:
            return
        from studio.ui.conflict_view import open_conflict

        open_conflict(self.context.workspace, self.context.tasks, ids[0], self.window())
