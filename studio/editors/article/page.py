"""The Articles page: every article in the workspace, searchable, newest change first."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.domain.records import RecordType
from studio.store.queries import (
    STATUS_ORDER,
    ArticleFilter,
    ArticleRow,
    TrashRow,
    article_authors,
    articles_page,
    trash_page,
)
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.format import local_time
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column, LazyTableModel
from studio.ui.list_page import ListPage

if TYPE_CHECKING:
    from studio.editors.article.editor import ArticleEditor
    from studio.editors.article.review import CommentsPanel, PendingBanner
    from studio.store.workspace import Changes


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


#: The library's columns that sort when their header is clicked, by column number.
SORTABLE = {0: "title", 1: "status", 3: "author", 4: "changed"}


def _trash_state(row: TrashRow) -> str:
    if row.state == "waiting":
        return tr("Not synced yet: restoring takes the deletion back")
    return tr("Deleted on the Hub: restoring brings it back as a new draft")


def _day_start(day: QDate) -> datetime:
    """Local midnight at the start of ``day``, in UTC."""
    local = datetime(day.year(), day.month(), day.day()).astimezone()
    return local.astimezone(UTC)


class ArticleLibrary(ListPage):
    """Every article, searchable as you type, filtered and sorted; and the trash."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        workspace = context.workspace
        columns = [
            Column(lambda: tr("Title"), _title, lambda r: r.title),
            Column(lambda: tr("Status"), _status),
            Column(lambda: tr("Language"), lambda r: r.language),
            Column(lambda: tr("Author"), lambda r: r.author or ""),
            Column(lambda: tr("Changed"), lambda r: local_time(r.updated_at)),
        ]

        def search(text: str):  # type: ignore[no-untyped-def]
            where = getattr(self, "where", None) or ArticleFilter()
            return lambda after, limit: articles_page(workspace, after, limit, text, where)

        super().__init__(
            context,
            "articles",
            columns,
            search=search,
            record_types=[RecordType.ARTICLE],
            parent=parent,
        )
        self.where = ArticleFilter()
        self.detail.set_text(
            tr("Articles"),
            tr(
                "Press Enter or double-click to open an article: Markdown with a live preview "
                "and an outline, saved as you type. Ctrl+N writes a new one, Ctrl+D duplicates "
                "the one selected, Delete moves it to the trash. Ctrl+Shift+F goes to the filters; "
                "click a column's header to sort by it."
            ),
        )
        self._build_filters()
        self._build_trash()
        left = self.table.parentWidget()
        column = left.layout() if left is not None else None
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(1, self.filters)
        column.insertWidget(3, self.trash)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(4, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._sort_by)
        self.act_filters = QAction(tr("&Filters"), self)
        self.act_filters.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.act_filters.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_filters.triggered.connect(lambda _c=False: self.status_filter.setFocus())
        self.addAction(self.act_filters)
        self.act_duplicate = QAction(tr("&Duplicate the article"), self)
        self.act_duplicate.setShortcut(QKeySequence("Ctrl+D"))
        self.act_duplicate.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_duplicate.triggered.connect(lambda _c=False: self.duplicate_selected())
        self.addAction(self.act_duplicate)
        self.act_delete = QAction(tr("&Delete the article…"), self.table)
        self.act_delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_delete.triggered.connect(lambda _c=False: self.confirm_delete())
        self.table.addAction(self.act_delete)
        self._others_soon = QTimer(self)
        self._others_soon.setSingleShot(True)
        self._others_soon.setInterval(500)
        self._others_soon.timeout.connect(self._read_others)
        context.on_changes(self._articles_changed)
        self._load_authors()

    # -- filters -------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        bar = self.filters = QWidget()
        bar.setObjectName("article-filters")
        grid = QGridLayout(bar)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(tr("Status"))
        self.status_filter.addItem(tr("Any status"), "")
        for name in STATUS_ORDER:
            self.status_filter.addItem(status_name(name), name)
        self.author_filter = QComboBox()
        self.author_filter.setAccessibleName(tr("Author"))
        self.author_filter.addItem(tr("Any author"), "")
        self.author_filter.addItem(tr("No author"), "-")
        self.tag_filter = QLineEdit()
        self.tag_filter.setPlaceholderText(tr("Tag"))
        self.tag_filter.setAccessibleName(tr("Tag"))
        self.tag_filter.setClearButtonEnabled(True)
        self.tag_filter.setMaximumWidth(140)
        self.dates_filter = QCheckBox(tr("Publishes from"))
        self.dates_filter.setToolTip(tr("The scheduled or published date, in your time zone"))
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_to = QDateEdit(today.addMonths(1))
        for edit, name in ((self.date_from, tr("From")), (self.date_to, tr("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        self.conflict_filter = QCheckBox(tr("In conflict"))
        self.local_filter = QCheckBox(tr("Changed here"))
        self.local_filter.setToolTip(tr("Changes not yet synced to the Hub"))
        self.trash_toggle = QToolButton()
        self.trash_toggle.setText(tr("Trash"))
        self.trash_toggle.setCheckable(True)
        self.trash_toggle.setToolTip(tr("Deleted articles: restore them or delete them for good"))
        self.clear_filters = QToolButton()
        self.clear_filters.setText(tr("Clear"))
        self.clear_filters.setToolTip(tr("Show every article again"))
        self.clear_filters.setEnabled(False)
        grid.addWidget(self.status_filter, 0, 0)
        grid.addWidget(self.author_filter, 0, 1)
        grid.addWidget(self.tag_filter, 0, 2)
        grid.addWidget(self.conflict_filter, 0, 3)
        grid.addWidget(self.local_filter, 0, 4)
        dates = QHBoxLayout()
        dates.setSpacing(4)
        dates.addWidget(self.dates_filter)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(tr("to")))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        grid.addLayout(dates, 1, 0, 1, 4)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_filters)
        buttons.addWidget(self.trash_toggle)
        grid.addLayout(buttons, 1, 4)
        grid.setColumnStretch(2, 1)
        # A narrow window clips the bar rather than being held wider by it.
        bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.author_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.tag_filter.textChanged.connect(lambda _t: self._debounce.start())
        self.dates_filter.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(lambda _d: self.apply_filters())
        self.date_to.dateChanged.connect(lambda _d: self.apply_filters())
        self.conflict_filter.toggled.connect(lambda _c: self.apply_filters())
        self.local_filter.toggled.connect(lambda _c: self.apply_filters())
        self.clear_filters.clicked.connect(lambda _c=False: self.clear())
        self.trash_toggle.toggled.connect(self.show_trash)

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def _read_filters(self) -> ArticleFilter:
        publish_from = publish_to = None
        if self.dates_filter.isChecked():
            first, last = self.date_from.date(), self.date_to.date()
            if last < first:
                first, last = last, first
            publish_from, publish_to = _day_start(first), _day_start(last.addDays(1))
        return replace(
            self.where,
            status=self.status_filter.currentData() or "",
            author_id=self.author_filter.currentData() or "",
            tag=self.tag_filter.text().strip(),
            publish_from=publish_from,
            publish_to=publish_to,
            conflict=self.conflict_filter.isChecked(),
            local=self.local_filter.isChecked(),
        )

    def apply_filters(self) -> None:
        """Show the articles the filters and the search let through (read off the UI thread)."""
        self.where = self._read_filters()
        self.clear_filters.setEnabled(self.where.narrows())
        self.model.set_fetch(self.search_fetch(self.search.text()))

    def _run_search(self) -> None:  # the search box or the tag field, after a pause
        self.apply_filters()

    def clear(self) -> None:
        for widget in (self.status_filter, self.author_filter):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        for box in (self.dates_filter, self.conflict_filter, self.local_filter):
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.blockSignals(False)
        self.apply_filters()

    def _load_authors(self) -> None:
        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: article_authors(workspace), self._authors_loaded, what="listing authors"
        )

    def _authors_loaded(self, authors: list[tuple[str, str]]) -> None:
        chosen = self.author_filter.currentData()
        self.author_filter.blockSignals(True)
        while self.author_filter.count() > 2:
            self.author_filter.removeItem(2)
        for author_id, name in authors:
            self.author_filter.addItem(name, author_id)
        found = self.author_filter.findData(chosen)
        self.author_filter.setCurrentIndex(max(0, found))
        self.author_filter.blockSignals(False)
        if found < 0 and chosen:
            self.apply_filters()  # the author chosen has no article left

    def _show_count(self, loaded: int) -> None:
        super()._show_count(loaded)
        if self.where.narrows():
            self.count.setText(tr("{count} (filtered)").format(count=self.count.text()))

    def _sort_by(self, section: int) -> None:
        key = SORTABLE.get(section)
        if key is None:  # the language: not a sort
            header = self.table.horizontalHeader()
            current = next(c for c, k in SORTABLE.items() if k == self.where.sort)
            header.setSortIndicator(
                current,
                Qt.SortOrder.DescendingOrder
                if self.where.descending
                else Qt.SortOrder.AscendingOrder,
            )
            return
        # Again on the same column: the other way; a new one: newest first, names from A.
        descending = not self.where.descending if key == self.where.sort else key == "changed"
        self.where = replace(self.where, sort=key, descending=descending)
        self.table.horizontalHeader().setSortIndicator(
            section, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        )
        self.apply_filters()

    def _articles_changed(self, changes: Changes) -> None:
        if changes.ids(RecordType.ARTICLE) and not self._others_soon.isActive():
            self._others_soon.start()  # a burst of changes (a sync) reads them once

    def _read_others(self) -> None:
        """The trash (a sync answered a deletion) and the authors, after a change."""
        if self.trash.isVisible():
            self.trash_model.refresh()
        self._load_authors()

    # -- duplicate and delete ------------------------------------------------------------------

    def selected(self) -> ArticleRow | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def duplicate_selected(self) -> None:
        row = self.selected()
        if row is None or self.trash_toggle.isChecked():
            return
        workspace, title = self.context.workspace, tr("Copy of {title}")
        self.context.tasks.write(
            lambda: workspace.duplicate_article(row.id, title),
            lambda _id: self.count.setText(tr("Duplicated “{title}”.").format(title=row.title)),
            lambda exc: self.context.errors.report(exc, "duplicating an article"),
            what="duplicating an article",
        )

    def confirm_delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("Delete the article"),
            tr(
                "Move “{title}” to the trash? It can be restored from the trash, "
                "also after the next sync."
            ).format(title=row.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirm-delete")
        box.button(QMessageBox.StandardButton.Yes).setText(tr("Move to the trash"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self.delete(row))
        box.open()

    def delete(self, row: ArticleRow) -> None:
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: workspace.delete_article(row.id),
            lambda _r: self.count.setText(tr("“{title}” is in the trash.").format(title=row.title)),
            lambda exc: self.context.errors.report(exc, "deleting an article"),
            what="deleting an article",
        )

    # -- trash ---------------------------------------------------------------------------------

    def _build_trash(self) -> None:
        workspace = self.context.workspace
        self.trash = QWidget()
        self.trash.setObjectName("article-trash")
        columns = [
            Column(lambda: tr("Title"), lambda r: r.title, lambda r: r.title),
            Column(lambda: tr("Deleted"), lambda r: local_time(r.deleted_at)),
            Column(lambda: tr("Restoring"), _trash_state, _trash_state),
        ]
        self.trash_model = LazyTableModel(
            self.context.tasks, columns, lambda after, limit: trash_page(workspace, after, limit)
        )
        self.trash_table = QTableView()
        self.trash_table.setModel(self.trash_model)
        self.trash_table.setAccessibleName(tr("Trash"))
        self.trash_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.trash_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.trash_table.verticalHeader().setVisible(False)
        self.trash_table.setWordWrap(False)
        header = self.trash_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.trash_table.setColumnWidth(1, 140)
        self.restore_button = QPushButton(tr("&Restore"))
        self.purge_button = QPushButton(tr("Delete for &good…"))
        self.trash_note = QLabel(
            tr(
                "Deleted articles. One not synced yet comes back as it was; once the Hub has "
                "deleted it, it comes back as a new draft with a new address."
            )
        )
        self.trash_note.setWordWrap(True)
        self.trash_note.setTextFormat(Qt.TextFormat.PlainText)
        self.trash_count = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        buttons.addWidget(self.trash_count)
        layout = QVBoxLayout(self.trash)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.trash_note)
        layout.addWidget(self.trash_table)
        layout.addLayout(buttons)
        self.trash.hide()
        self.restore_button.clicked.connect(lambda _c=False: self.restore_selected())
        self.act_purge = QAction(tr("Delete for &good…"), self.trash_table)
        self.act_purge.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.act_purge.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_purge.triggered.connect(lambda _c=False: self.confirm_purge())
        self.trash_table.addAction(self.act_purge)
        self.purge_button.clicked.connect(lambda _c=False: self.confirm_purge())
        self.trash_model.loaded.connect(
            lambda n: self.trash_count.setText(tr("%n in the trash", "", n))
        )
        self.trash_model.failed.connect(lambda exc: self.trash_note.setText(describe_error(exc)))

    def show_trash(self, on: bool) -> None:
        """The trash in place of the list (and back)."""
        self.table.setVisible(not on)
        self.count.setVisible(not on)
        self.search.setEnabled(not on)  # the trash is not searched
        filters: list[QWidget] = [
            self.status_filter,
            self.author_filter,
            self.tag_filter,
            self.dates_filter,
            self.conflict_filter,
            self.local_filter,
            self.clear_filters,
        ]
        for widget in filters:
            widget.setEnabled(not on)
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(not on and self.dates_filter.isChecked())
        self.trash.setVisible(on)
        if on:
            self.trash_model.reload()
            self.trash_table.setFocus()
        else:
            self.model.refresh()
            self.table.setFocus()

    def _trash_selected(self) -> TrashRow | None:
        index = self.trash_table.currentIndex()
        return self.trash_model.row(index.row()) if index.isValid() else None

    def restore_selected(self) -> None:
        row = self._trash_selected()
        if row is None:
            self.trash_count.setText(tr("Select an article to restore."))
            return
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: workspace.restore_article(row.id),
            lambda result: self._restored(row, result),
            lambda exc: self.trash_note.setText(describe_error(exc)),
            what="restoring an article",
        )

    def _restored(self, row: TrashRow, result: tuple[str, bool]) -> None:
        _id, as_new = result
        if as_new:
            text = tr(
                "“{title}” is back as a new draft: the Hub had deleted it, so it gets a new "
                "address and goes to the Hub again at the next sync."
            )
        else:
            text = tr("“{title}” is back, as it was: its deletion never reached the Hub.")
        self.trash_note.setText(text.format(title=row.title))
        self.trash_model.refresh()

    def confirm_purge(self) -> None:
        row = self._trash_selected()
        if row is None:
            self.trash_count.setText(tr("Select an article to delete for good."))
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("Delete for good"),
            tr("Delete “{title}” for good? It cannot be restored afterwards.").format(
                title=row.title
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirm-purge")
        box.button(QMessageBox.StandardButton.Yes).setText(tr("Delete for good"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self._purge(row))
        box.open()

    def _purge(self, row: TrashRow) -> None:
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: workspace.purge_article(row.id),
            lambda _r: self.trash_note.setText(
                tr("“{title}” is deleted for good.").format(title=row.title)
            ),
            lambda exc: self.trash_note.setText(describe_error(exc)),
            what="deleting an article for good",
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
