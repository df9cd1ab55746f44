"""The kit on the Articles page: reusable snippets and article templates.

Ctrl+Shift+K (or the toolbar's Kit button, or the command palette) opens the kit: search as you
type, a safe preview of the item chosen, Insert at the editor's cursor (a form asks for the
item's ``{variables}``, prefilled from the article's metadata where the names match), or, from
the library, a new draft from a template. Items are proposed by editors and approved by admins;
only approved items and one's own proposals are offered for insertion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from studio.domain.kit import TemplateError, check, fill, label, variables
from studio.domain.records import RecordType
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column, LazyTableModel

if TYPE_CHECKING:
    from studio.editors.article.editor import ArticleEditor
    from studio.editors.article.page import ArticlesPage
    from studio.store.kit import KitRow, Who
    from studio.store.models import KitItem
    from studio.store.workspace import Changes

KIND_NAMES = {"snippet": lambda: tr("Snippet"), "template": lambda: tr("Template")}


def kind_name(kind: str) -> str:
    return KIND_NAMES[kind]() if kind in KIND_NAMES else kind


def status_text(row: KitRow) -> str:
    mark = "● " if row.local else ""
    if row.approved:
        return mark + tr("Approved")
    if row.mine:
        return mark + tr("Your proposal")
    return mark + tr("Proposal by {name}").format(name=row.proposed_by or tr("someone"))


class VariablesDialog(QDialog):
    """One field per variable, prefilled where a value is known; ``values()`` once accepted."""

    def __init__(
        self,
        names: list[str],
        known: dict[str, str],
        heading: str,
        article_title: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Fill in the variables"))
        self.setMinimumWidth(460)
        self.names = names
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        self.title_field: QLineEdit | None = None
        if article_title is not None and "title" not in names:
            self.title_field = QLineEdit(article_title)
            self.title_field.setAccessibleName(tr("Article title"))
            form.addRow(tr("Article title"), self.title_field)
        for name in names:
            field = QLineEdit(known.get(name, ""))
            if name == "title" and article_title is not None and not field.text():
                field.setText(article_title)
            field.setObjectName(f"kit-variable-{name}")
            field.setAccessibleName(label(name))
            field.setPlaceholderText("{" + name + "}")
            form.addRow(label(name), field)
            self.fields[name] = field
        intro = QLabel(heading)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel()
        self.message.setObjectName("kit-variables-message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # The first empty field gets the cursor: the known ones need no typing.
        first = next((f for f in self.fields.values() if not f.text()), None)
        (first or self.title_field or next(iter(self.fields.values()), self.ok)).setFocus()

    def values(self) -> dict[str, str]:
        return {name: field.text() for name, field in self.fields.items()}

    def article_title(self) -> str:
        if self.title_field is not None:
            return self.title_field.text().strip()
        return self.fields["title"].text().strip() if "title" in self.fields else ""

    def _accept(self) -> None:
        if self.title_field is not None and not self.title_field.text().strip():
            self.message.setText(tr("The article needs a title."))
            self.title_field.setFocus()
            return
        self.accept()


class KitItemDialog(QDialog):
    """A new kit item, or one being changed: title, kind, language, tags and the text."""

    def __init__(
        self,
        context: PageContext,
        item: KitItem | None,
        approves: bool,
        on_saved: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.item_id = item.id if item is not None else ""
        self.on_saved = on_saved
        self.setWindowTitle(tr("Edit the kit item") if item else tr("New kit item"))
        self.resize(640, 520)
        self.title = QLineEdit(item.title if item else "")
        self.title.setObjectName("kit-item-title")
        self.title.setAccessibleName(tr("Title"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(tr("Kind"))
        for kind in ("snippet", "template"):
            self.kind.addItem(kind_name(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(item.kind if item else "snippet")))
        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.setAccessibleName(tr("Language"))
        self.language.addItems(["en", "fr"])
        self.language.setCurrentText(item.language if item else "en")
        self.tags = QLineEdit(", ".join(item.tags or []) if item else "")
        self.tags.setAccessibleName(tr("Tags"))
        self.tags.setPlaceholderText(tr("Separated by commas"))
        self.body = QPlainTextEdit(item.body if item else "")
        self.body.setObjectName("kit-item-body")
        self.body.setAccessibleName(tr("Text (Markdown)"))
        self.body.setPlaceholderText(
            tr("Markdown. Variables in braces, as in {member_name}; {{ and }} for braces.")
        )
        self.approved = QCheckBox(tr("Approved: offered to everyone at once"))
        self.approved.setChecked(approves)
        self.approved.setVisible(approves and item is None)
        self.message = QLabel()
        self.message.setObjectName("kit-item-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Kind"), self.kind)
        form.addRow(tr("Language"), self.language)
        form.addRow(tr("Tags"), self.tags)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.approved)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.title.setFocus()

    def save(self) -> None:
        from studio.store.kit import create_kit_item, save_kit_item

        title, body = self.title.text(), self.body.toPlainText()
        for name, text, field in ((tr("title"), title, None), (tr("text"), body, self.body)):
            try:
                check(text)
            except TemplateError as exc:  # told here, before anything is written
                self.message.setText(tr("The {field}: {problem}").format(field=name, problem=exc))
                if field is not None and exc.line:  # the cursor goes where the problem is
                    block = field.document().findBlockByNumber(exc.line - 1)
                    cursor = field.textCursor()
                    cursor.setPosition(block.position() + exc.column - 1)
                    field.setTextCursor(cursor)
                    field.setFocus()
                return
        fields: dict[str, Any] = {
            "title": title,
            "body": body,
            "kind": self.kind.currentData(),
            "language": self.language.currentText().strip() or "en",
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
        }
        workspace, item_id = self.context.workspace, self.item_id
        approved = self.approved.isVisible() and self.approved.isChecked()

        def work() -> str:
            if item_id:
                save_kit_item(workspace, item_id, **fields)
                return item_id
            return create_kit_item(workspace, approved=approved, **fields)

        self.save_button.setEnabled(False)
        self.context.tasks.write(work, self._saved, self._failed, what="saving a kit item")

    def _saved(self, item_id: str) -> None:
        self.accept()
        self.on_saved(item_id)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(describe_error(exc))  # what was typed stays in the fields


class KitDialog(QDialog):
    """Search the kit, preview an item, insert it at the editor's cursor or start an article
    from a template; new, edit, delete and (admins) approve items."""

    def __init__(
        self,
        context: PageContext,
        editor: ArticleEditor | None,
        on_article: Callable[[str], object],
        templates_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kit-dialog")
        self.context = context
        self.editor = editor
        self.on_article = on_article
        self.who: Who | None = None
        self.item: KitItem | None = None
        self._row: KitRow | None = None
        self._asking: QDialog | None = None
        self.confirm: Callable[[str], bool] = self._ask
        self.setWindowTitle(tr("Kit: snippets and templates"))
        self.resize(980, 600)

        self.search = QLineEdit()
        self.search.setObjectName("kit-search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr("Search the kit…"))
        self.search.setAccessibleName(tr("Search the kit"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(tr("Kind"))
        self.kind.addItem(tr("Snippets and templates"), "")
        self.kind.addItem(tr("Snippets"), "snippet")
        self.kind.addItem(tr("Templates"), "template")
        if templates_only:
            self.kind.setCurrentIndex(2)
        self.proposals = QCheckBox(tr("Proposals awaiting approval"))
        self.proposals.setChecked(True)
        self.proposals.hide()  # shown to those who approve
        columns = [
            Column(lambda: tr("Title"), lambda r: r.title),
            Column(lambda: tr("Kind"), lambda r: kind_name(r.kind)),
            Column(lambda: tr("Language"), lambda r: r.language),
            Column(lambda: tr("Status"), status_text),
        ]
        self.model = LazyTableModel(context.tasks, columns, self._fetch(), row_id=lambda r: r.id)
        self.table = QTableView()
        self.table.setObjectName("kit-list")
        self.table.setAccessibleName(tr("Kit items"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setDefaultSectionSize(90)
        self.table.setColumnWidth(3, 130)
        self.count = QLabel()
        self.info = QLabel()
        self.info.setObjectName("kit-info")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        from studio.ui.safe_browser import SafeBrowser

        self.preview = SafeBrowser()
        self.preview.setObjectName("kit-preview")
        self.preview.setAccessibleName(tr("Preview"))
        self.message = QLabel()
        self.message.setObjectName("kit-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        self.new_button = QPushButton(tr("New…"))
        self.edit_button = QPushButton(tr("Edit…"))
        self.delete_button = QPushButton(tr("Delete"))
        self.approve_button = QPushButton(tr("Approve"))
        self.approve_button.setObjectName("kit-approve")
        self.approve_button.hide()
        self.use_button = QPushButton(tr("Insert") if editor is not None else tr("New article"))
        self.use_button.setObjectName("kit-use")
        self.use_button.setDefault(True)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.reject)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.kind)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.proposals)
        column.addWidget(self.table, 1)
        column.addWidget(self.count)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.info)
        side.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([520, 460])
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addWidget(self.approve_button)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.kind.currentIndexChanged.connect(lambda _i: self._run_search())
        self.proposals.toggled.connect(lambda _on: self._run_search())
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda exc: self.count.setText(describe_error(exc)))
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.table.activated.connect(lambda _i: self.use())
        self.search.returnPressed.connect(self.use)
        self.search.installEventFilter(self)
        self.new_button.clicked.connect(lambda _c=False: self.new_item())
        self.edit_button.clicked.connect(lambda _c=False: self.edit_item())
        self.delete_button.clicked.connect(lambda _c=False: self.delete_item())
        self.approve_button.clicked.connect(lambda _c=False: self.approve_item())
        self.use_button.clicked.connect(lambda _c=False: self.use())
        context.on_changes(self._on_changes)
        self._update_buttons()
        self.search.setFocus()
        self._load_who()
        self.model.fetchMore()

    # -- list ----------------------------------------------------------------------------------

    def _fetch(self) -> Callable[[Any, int], list[KitRow]]:
        from studio.store.kit import kit_page

        workspace = self.context.workspace
        text, kind = self.search.text(), self.kind.currentData() or None
        everything = bool(self.who and self.who.approves and self.proposals.isChecked())
        return lambda after, limit: kit_page(
            workspace, after, limit, text, kind=kind, everything=everything
        )

    def _run_search(self) -> None:
        self._debounce.stop()
        self.model.set_fetch(self._fetch())

    def _load_who(self) -> None:
        from studio.store.kit import who

        workspace = self.context.workspace
        self.context.tasks.run(lambda: who(workspace), self._got_who, what="reading the account")

    def _got_who(self, me: Who) -> None:
        self.who = me
        self.proposals.setVisible(me.approves)
        self.approve_button.setVisible(me.approves)
        self._run_search()

    def _loaded(self, count: int) -> None:
        self.count.setText(tr("%n item(s)", "", count))
        if not count:
            self._row = None
            self._show_item(None)
            return
        index = self.table.currentIndex()
        if not index.isValid():
            index = self.model.index(0, 0)
            self.table.setCurrentIndex(index)  # shows it (currentRowChanged)
        if self.model.row(index.row()) != self._row:  # another row, or this one changed
            self._chosen(index)

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        # Up and Down in the search box move through the list, as in the command palette.
        from PySide6.QtGui import QKeyEvent

        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            rows = self.model.rowCount()
            if rows:
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(rows - 1, self.table.currentIndex().row() + step))
                self.table.setCurrentIndex(self.model.index(row, 0))
            return True
        return super().eventFilter(watched, event)

    def _on_changes(self, changes: Changes) -> None:
        if changes.ids(RecordType.KIT_ITEM):
            self.model.refresh()
            if self._row is not None and self._row.id in changes.ids(RecordType.KIT_ITEM):
                self._chosen(self.table.currentIndex())

    # -- the item chosen -----------------------------------------------------------------------

    def current_row(self) -> KitRow | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _chosen(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        row = self.model.row(index.row()) if index.isValid() else None
        self._row = row
        if row is None:
            self._show_item(None)
            return
        from studio.store.kit import kit_item

        self.info.setText(f"{row.title}\n{tr('Loading…')}")
        self._update_buttons()  # nothing to use until this item is read
        workspace = self.context.workspace

        def work() -> tuple[KitItem, str]:
            from studio.domain.markdown import render

            item = kit_item(workspace, row.id)
            return item, render(item.body).html  # rendered and sanitized off the UI thread

        self.context.tasks.run(
            work, self._show_loaded, lambda exc: self._say(describe_error(exc)), what="the kit"
        )

    def _show_loaded(self, found: tuple[KitItem, str]) -> None:
        item, html = found
        if self._row is None or item.id != self._row.id:
            return  # another item was chosen meanwhile
        self._show_item(item, html)

    def _show_item(self, item: KitItem | None, html: str = "") -> None:
        self.item = item
        self.message.clear()
        if item is None:
            self.info.setText(tr("Nothing matches.") if self.search.text() else "")
            self.preview.show_html("")
        else:
            try:
                names = variables(item.body)
                needs = (
                    tr("Variables: {names}").format(names=", ".join("{" + n + "}" for n in names))
                    if names
                    else tr("No variables.")
                )
            except TemplateError as exc:
                needs = str(exc)
            parts = [kind_name(item.kind), item.language]
            if item.tags:
                parts.append(", ".join(item.tags))
            self.info.setText(f"{item.title}\n{' · '.join(parts)}\n{needs}")
            self.preview.show_html(html)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row, item, me = self._row, self.item, self.who
        loaded = item is not None and row is not None and item.id == row.id
        approves = bool(me and me.approves)
        mine_waiting = bool(row and row.mine and not row.approved)
        self.edit_button.setEnabled(loaded and (approves or mine_waiting))
        self.delete_button.setEnabled(loaded and (approves or mine_waiting))
        self.approve_button.setEnabled(loaded)
        self.approve_button.setText(
            tr("Withdraw approval") if row and row.approved else tr("Approve")
        )
        usable = loaded and row is not None and row.offered
        if self.editor is None:
            usable = usable and row is not None and row.kind == "template"
        self.use_button.setEnabled(usable)
        if loaded and row is not None and not row.offered:
            self.use_button.setToolTip(tr("Waiting for an admin's approval."))
        elif loaded and self.editor is None and row is not None and row.kind != "template":
            self.use_button.setToolTip(tr("Open an article to insert a snippet."))
        else:
            self.use_button.setToolTip("")

    def _say(self, text: str) -> None:
        self.message.setText(text)

    # -- using an item -------------------------------------------------------------------------

    def use(self) -> None:
        """Insert the item at the editor's cursor, or start an article from the template."""
        self._debounce.stop()
        if not self.use_button.isEnabled() or self.item is None:
            return
        item = self.item
        try:
            names = variables(item.body)
        except TemplateError as exc:
            self._say(str(exc))
            return
        if self.editor is not None:
            if not names:
                self._insert(item.body, {})
                return
            from studio.store.kit import article_values

            workspace, article_id = self.context.workspace, self.editor.article_id
            title = self.editor.title.text()
            self.context.tasks.run(
                lambda: {**article_values(workspace, article_id), "title": title},
                lambda known: self._ask_values(item, names, known, None),
                lambda exc: self._say(describe_error(exc)),
                what="reading the article",
            )
        else:
            from studio.store.kit import article_values

            workspace = self.context.workspace
            self.context.tasks.run(
                lambda: article_values(workspace, ""),
                lambda known: self._ask_values(item, names, known, item.title),
                lambda exc: self._say(describe_error(exc)),
                what="the kit",
            )

    def _ask_values(
        self, item: KitItem, names: list[str], known: dict[str, str], title: str | None
    ) -> None:
        if title is not None and not names:
            self._create(item, {}, title)
            return
        heading = (
            tr("“{title}” asks for these values; they go into the text.")
            if title is None
            else tr("A new draft from “{title}”.")
        ).format(title=item.title)
        dialog = VariablesDialog(names, known, heading, title, self)
        self._asking = dialog

        def done() -> None:
            values = dialog.values()
            if title is None:
                self._insert(item.body, values)
            else:
                self._create(item, values, dialog.article_title())

        dialog.accepted.connect(done)
        dialog.open()

    def _insert(self, body: str, values: dict[str, str]) -> None:
        editor = self.editor
        assert editor is not None
        try:
            text = fill(body, values)
        except TemplateError as exc:
            self._say(str(exc))
            return
        cursor = editor.text.textCursor()
        cursor.insertText(text)  # one undo step; the editor saves it like typing
        editor.text.setTextCursor(cursor)
        self.accept()
        editor.window().activateWindow()
        editor.text.setFocus()

    def _create(self, item: KitItem, values: dict[str, str], title: str) -> None:
        from studio.store.kit import create_article_from_template

        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: create_article_from_template(workspace, item.id, values, title),
            self._created,
            lambda exc: self._say(describe_error(exc)),
            what="creating an article from a template",
        )

    def _created(self, article_id: str) -> None:
        self.accept()
        self.on_article(article_id)

    # -- managing items ------------------------------------------------------------------------

    def new_item(self) -> KitItemDialog:
        return self._open_item(None)

    def edit_item(self) -> KitItemDialog | None:
        return self._open_item(self.item) if self.item is not None else None

    def _open_item(self, item: KitItem | None) -> KitItemDialog:
        approves = bool(self.who and self.who.approves)
        dialog = KitItemDialog(self.context, item, approves, self._saved, self)
        self._asking = dialog
        dialog.open()
        return dialog

    def _saved(self, item_id: str) -> None:
        self._say(tr("Saved; it syncs with the Hub."))
        self.model.reload()

    def delete_item(self) -> None:
        item = self.item
        if item is None:
            return
        if not self.confirm(tr("Delete “{title}” from the kit?").format(title=item.title)):
            return
        from studio.store.kit import delete_kit_item

        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: delete_kit_item(workspace, item.id),
            lambda _r: self._say(tr("Deleted “{title}”.").format(title=item.title)),
            lambda exc: self._say(describe_error(exc)),
            what="deleting a kit item",
        )

    def approve_item(self) -> None:
        item, row = self.item, self._row
        if item is None or row is None:
            return
        from studio.store.kit import approve_kit_item

        workspace, approve = self.context.workspace, not row.approved
        self.context.tasks.write(
            lambda: approve_kit_item(workspace, item.id, approve),
            None,
            lambda exc: self._say(describe_error(exc)),
            what="approving a kit item",
        )

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, tr("Kit"), question)
        return answer == QMessageBox.StandardButton.Yes


class KitActions(QObject):
    """The Articles page's kit commands: a toolbar, Ctrl+Shift+K, and the command palette."""

    def __init__(self, page: ArticlesPage) -> None:
        super().__init__(page)
        self.page = page
        self.dialog: KitDialog | None = None
        self.act_kit = QAction(tr("&Kit: snippets and templates…"), page)
        self.act_kit.setObjectName("act-kit")
        self.act_kit.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.act_kit.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_kit.setToolTip(
            tr("Insert an approved snippet or template at the cursor (Ctrl+Shift+K)")
        )
        self.act_kit.triggered.connect(lambda _c=False: self.open_kit())
        self.act_template = QAction(tr("New article from a &template…"), page)
        self.act_template.setObjectName("act-new-from-template")
        self.act_template.setToolTip(tr("A new draft from one of the kit's templates"))
        self.act_template.triggered.connect(lambda _c=False: self.open_kit(templates=True))
        page.addAction(self.act_kit)
        page.addAction(self.act_template)
        self.toolbar = QToolBar(tr("Articles"))
        self.toolbar.setObjectName("articles-toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(page.act_new)
        self.toolbar.addAction(self.act_template)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_kit)

    def open_kit(self, templates: bool = False) -> KitDialog:
        page = self.page
        editing = page.editor is not None and page.stack.currentWidget() is page.editor
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = KitDialog(
            page.context,
            page.editor if editing and not templates else None,
            lambda article_id: page.open_article(article_id),
            templates_only=templates,
            parent=page.window(),
        )
        self.dialog.open()
        return self.dialog
