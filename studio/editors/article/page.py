"""The Articles page: every article in the workspace, searchable, newest change first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.domain.records import RecordType
from studio.store.queries import ArticleRow, articles_page
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.format import local_time
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column
from studio.ui.list_page import ListPage

if TYPE_CHECKING:
    from studio.editors.article.editor import ArticleEditor
    from studio.editors.article.review import CommentsPanel, PendingBanner


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


def _status(row: ArticleRow) -> str:
    if row.pending:
        return tr("{status}, revision pending").format(status=status_name(row.status))
    return status_name(row.status)


class ArticleLibrary(ListPage):
    """Every article, searchable as you type, newest change first."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        workspace = context.workspace
        columns = [
            Column(lambda: tr("Title"), _title, lambda r: r.title),
            Column(lambda: tr("Status"), _status),
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
        self.banner: PendingBanner | None = None  # a live article's pending revision
        self.comments: CommentsPanel | None = None  # the review comments beside the editor
        self._wants_comments = False  # the comments were shown for the article open
        self.stack = QStackedWidget()
        self.stack.addWidget(self.library)
        self.notice = QLabel()  # what an import did, or why a file was refused
        self.notice.setObjectName("articles-notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        self.review_row = QVBoxLayout()  # the pending revision's banner, once built
        layout.addLayout(self.review_row)
        # The comments beside the editor (built with it); the library alone otherwise.
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.stack)
        layout.addWidget(self.splitter, 1)
        self.setAcceptDrops(True)
        self.table.activated.connect(self._open_row)  # Enter or double-click
        self.act_new = QAction(tr("&New article"), self)
        self.act_new.setShortcuts([QKeySequence("Ctrl+N")])
        self.act_new.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_new.triggered.connect(lambda _c=False: self.new_article())
        self.addAction(self.act_new)
        self.act_import = QAction(tr("&Import a Markdown file…"), self)
        self.act_import.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Open))
        self.act_import.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_import.triggered.connect(lambda _c=False: self.choose_files())
        self.addAction(self.act_import)
        self.act_export_md = QAction(tr("Export the article as &Markdown…"), self)
        self.act_export_md.triggered.connect(lambda _c=False: self.choose_export("md"))
        self.act_export_html = QAction(tr("Export the article as &HTML…"), self)
        self.act_export_html.triggered.connect(lambda _c=False: self.choose_export("html"))
        for action in (self.act_export_md, self.act_export_html):
            action.setEnabled(False)  # while an article is open
            self.addAction(action)
        self.act_comment = QAction(tr("&Comment on the selection"), self)
        self.act_comment.setShortcut(QKeySequence("Ctrl+Alt+M"))
        self.act_comment.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_comment.triggered.connect(lambda _c=False: self.comment_on_selection())
        self.act_comment.setEnabled(False)  # while an article is open
        self.addAction(self.act_comment)
        from studio.editors.article.kit import KitActions

        self.kit = KitActions(self)  # Ctrl+Shift+K, New from a template, the toolbar
        layout.insertWidget(0, self.kit.toolbar)

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
            self._build_editor()
        assert self.editor is not None and self.banner is not None and self.comments is not None
        if article_id != self.editor.article_id:
            self._wants_comments = False
        self.editor.open_article(article_id, title_first)
        self.banner.show_article(article_id)
        self.comments.show_article(article_id)
        self.stack.setCurrentWidget(self.editor)
        if self._wants_comments:
            self._show_comments()
        else:
            self.comments.hide()
        for action in (self.act_export_md, self.act_export_html, self.act_comment):
            action.setEnabled(True)
        return self.editor

    def _build_editor(self) -> None:
        from studio.editors.article.editor import ArticleEditor
        from studio.editors.article.review import CommentsPanel, PendingBanner, select_in

        editor = self.editor = ArticleEditor(self.context)
        editor.closed.connect(self._show_library)
        self.banner = PendingBanner(self.context)
        editor.saved.connect(lambda _id: self.banner.refresh() if self.banner else None)
        comments = self.comments = CommentsPanel(self.context)
        comments.follow(editor.text)
        editor.more_marks = comments.marks  # the passages commented on, shaded
        comments.marks_changed.connect(editor.refresh_marks)
        comments.select_passage.connect(lambda start, end: select_in(editor.text, start, end))
        comments.hide()  # until the article has comments, or Ctrl+Alt+M
        comments.listed.connect(self._comments_listed)
        self.stack.addWidget(editor)
        self.splitter.addWidget(comments)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([max(400, self.width() - 300), 300])
        self.review_row.addWidget(self.banner)

    def _comments_listed(self, count: int) -> None:
        """The comments show beside an article that has some (or once asked for)."""
        if count and self.comments is not None and self.stack.currentWidget() is self.editor:
            self._wants_comments = True
            self._show_comments()

    def _show_comments(self) -> None:
        assert self.comments is not None
        self.comments.show()
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sizes[1] < 200:  # first shown: it had no room
            total = sum(sizes)
            side = min(320, max(200, total // 4))
            self.splitter.setSizes([total - side, side])

    def comment_on_selection(self) -> None:
        """Ctrl+Alt+M: comment on the passage selected in the open article."""
        if self.editor is None or self.comments is None or not self.editor.article_id:
            return
        self._wants_comments = True
        self._show_comments()
        self.comments.start_comment(self.editor.text)

    def flush(self) -> None:
        """Write what is typed but not yet saved (the window closing, the workspace changing)."""
        if self.editor is not None:
            self.editor.flush()

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()  # another page shown: nothing waits for a pause that may never come
        super().hideEvent(event)

    def _show_library(self) -> None:
        for action in (self.act_export_md, self.act_export_html, self.act_comment):
            action.setEnabled(False)
        for part in (self.banner, self.comments):
            if part is not None:
                part.leave()
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

    # -- files in ---------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            tr("Import Markdown files"),
            "",
            tr("Markdown (*.md *.markdown *.mdown *.txt);;All files (*)"),
        )
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> None:
        """Each file becomes a new draft, or is refused with the reason; the last one opens."""
        from studio.store.article_files import import_markdown

        workspace = self.context.workspace

        def work() -> tuple[list[str], list[str]]:
            created, refused = [], []
            for path in paths:
                try:
                    created.append(import_markdown(workspace, path))
                except Exception as exc:  # noqa: BLE001 - each file's reason is told, in full
                    refused.append(f"{path.name}: {describe_error(exc)}")
            return created, refused

        self.context.tasks.write(work, self._imported, what="importing Markdown files")

    def _imported(self, result: tuple[list[str], list[str]]) -> None:
        created, refused = result
        lines = []
        if created:
            lines.append(tr("Imported %n article(s) as drafts.", "", len(created)))
        if refused:
            lines.append(tr("Not imported (nothing of these was kept):"))
            lines.extend(refused)
        self.notice.setText("\n".join(lines))
        self.notice.setVisible(bool(lines))
        if created and not refused:
            self.open_article(created[-1])

    # -- files out --------------------------------------------------------------------------------

    def choose_export(self, kind: str) -> None:
        if self.editor is None or not self.editor.article_id:
            return
        name = (self.editor.title.text().strip() or "article")[:80]
        path, _filter = QFileDialog.getSaveFileName(
            self,
            tr("Export the article"),
            f"{name}.{kind}",
            tr("Markdown (*.md)") if kind == "md" else tr("HTML page (*.html)"),
        )
        if path:
            self.export_to(Path(path), kind)

    def export_to(self, path: Path, kind: str) -> None:
        """Write the open article to ``path`` (saved first), as Markdown or standalone HTML."""
        from studio.store.article_files import export_html, export_markdown

        assert self.editor is not None
        self.editor.flush()
        workspace, article_id = self.context.workspace, self.editor.article_id
        exporter = export_markdown if kind == "md" else export_html

        def work() -> Path:
            # After the editor's save (queued before this, on the same writer thread).
            text = exporter(workspace, article_id)
            temporary = path.with_name(path.name + ".part")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)
            return path

        self.context.tasks.write(
            work,
            lambda done: self._say(tr("Exported to {path}").format(path=done)),
            lambda exc: self._say(tr("Not exported: {reason}").format(reason=describe_error(exc))),
            what="exporting the article",
        )

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

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
