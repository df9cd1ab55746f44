"""The Articles page: every article in the workspace, searchable, newest change first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QHideEvent, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from studio.domain.records import RecordType
from studio.store.queries import ArticleRow, articles_page
from studio.ui.context import PageContext
from studio.ui.format import local_time
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column
from studio.ui.list_page import ListPage

if TYPE_CHECKING:
    from studio.editors.article.editor import ArticleEditor


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


class ArticleLibrary(ListPage):
    """Every article, searchable as you type, newest change first."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        workspace = context.workspace
        columns = [
            Column(lambda: tr("Title"), _title, lambda r: r.title),
            Column(lambda: tr("Status"), lambda r: status_name(r.status)),
            Column(lambda: tr("Language"), lambda r: r.language),
            Column(lambda: tr("Author"), lambda r: r.author or ""),
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
        self.detail.set_text(
            tr("Articles"),
            tr(
                "Press Enter or double-click to open an article: Markdown with a live preview "
                "and an outline, saved as you type. Ctrl+N writes a new one."
            ),
        )


class ArticlesPage(QWidget):
    """The library, and the editor in its place while an article is open."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.library = ArticleLibrary(context)
        self.search = self.library.search
        self.table = self.library.table
        self.model = self.library.model
        self.editor: ArticleEditor | None = None  # built on the first article opened
        self.stack = QStackedWidget()
        self.stack.addWidget(self.library)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.table.activated.connect(self._open_row)  # Enter or double-click
        self.act_new = QAction(tr("&New article"), self)
        self.act_new.setShortcuts([QKeySequence("Ctrl+N")])
        self.act_new.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_new.triggered.connect(lambda _c=False: self.new_article())
        self.addAction(self.act_new)

    def _open_row(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        if row is None:
            return
        if row.conflict:
            self._open_conflict(row.id)
        else:
            self.open_article(row.id)

    def open_article(self, article_id: str, title_first: bool = False) -> ArticleEditor:
        if self.editor is None:
            from studio.editors.article.editor import ArticleEditor

            self.editor = ArticleEditor(self.context)
            self.editor.closed.connect(self._show_library)
            self.stack.addWidget(self.editor)
        self.editor.open_article(article_id, title_first)
        self.stack.setCurrentWidget(self.editor)
        return self.editor

    def flush(self) -> None:
        """Write what is typed but not yet saved (the window closing, the workspace changing)."""
        if self.editor is not None:
            self.editor.flush()

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()  # another page shown: nothing waits for a pause that may never come
        super().hideEvent(event)

    def _show_library(self) -> None:
        self.stack.setCurrentWidget(self.library)
        self.table.setFocus()

    def new_article(self) -> None:
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: workspace.create_article(tr("Untitled article")),
            self._created,
            lambda exc: self.context.errors.report(exc, "creating an article"),
            what="creating an article",
        )

    def _created(self, article_id: str) -> None:
        self.open_article(article_id, title_first=True)

    def _open_conflict(self, article_id: str) -> None:
        # An article in conflict opens the conflict view: it must be resolved before it syncs.
        from studio.store.conflicts import conflicts_of

        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: conflicts_of(workspace, RecordType.ARTICLE, article_id),
            self._resolve,
            what="finding the conflict",
        )

    def _resolve(self, ids: list[int]) -> None:
        if not ids:
            return
        from studio.ui.conflict_view import open_conflict

        open_conflict(self.context.workspace, self.context.tasks, ids[0], self.window())
