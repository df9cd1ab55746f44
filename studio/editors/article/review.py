"""An article's review beside its editor: the banner of a live article's pending revision
(approve, discard, compare with the live article) and the review comments on its passages.

Comments are anchored by the passage they quote (studio/domain/anchors.py): found again in the
text as it is now, or shown as orphaned when the passage is gone. A click on a comment selects
its passage in the editor; Ctrl+Alt+M comments on the selected passage.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio.domain.anchors import locate
from studio.domain.merge import side_by_side
from studio.domain.roles import may_set_status
from studio.editors.article.history import DIFF_STYLE, diff_table
from studio.store.review import (
    CommentRow,
    PendingRevision,
    add_comment,
    add_reply,
    approve_pending,
    article_comments,
    discard_pending,
    pending_revision,
    set_resolved,
)
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.format import local_time
from studio.ui.i18n import tr

if TYPE_CHECKING:
    from studio.store.workspace import Changes

QUOTE_SHOWN = 80  # characters of a quoted passage shown in the list


def field_name(name: str) -> str:
    names = {"title": tr("title"), "summary": tr("summary"), "body": tr("text"), "tags": tr("tags")}
    return names.get(name, name)


ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 units each (emoji…)


def qt_position(text: str, index: int) -> int:
    """The editor's position of the character at ``index`` of ``text`` (Qt counts UTF-16)."""
    if not ASTRAL.search(text, 0, index):
        return index
    return len(text[:index].encode("utf-16-le")) // 2


def python_index(text: str, position: int) -> int:
    """The index in ``text`` of the editor's ``position`` (the inverse of qt_position)."""
    if not ASTRAL.search(text, 0, position):
        return min(position, len(text))
    units = text.encode("utf-16-le")[: position * 2]
    return len(units.decode("utf-16-le", errors="ignore"))


def _short(text: str, limit: int = QUOTE_SHOWN) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class CompareDialog(QDialog):
    """The live article (left) against its pending revision (right), side by side."""

    def __init__(self, pending: PendingRevision, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Pending revision compared with the live article"))
        self.resize(1000, 640)
        self.diff = QTextBrowser()
        self.diff.setObjectName("pending-diff")
        self.diff.setOpenLinks(False)
        self.diff.document().setDefaultStyleSheet(DIFF_STYLE)
        parts = []
        for name in ("title", "summary", "tags", "body"):
            if name not in pending.fields:
                continue
            live, new = pending.live.get(name), pending.fields[name]
            if name == "tags":
                live, new = ", ".join(live or []), ", ".join(new or [])
            rows = side_by_side(str(live or ""), str(new or ""), context=3)
            parts.append(f"<h3>{field_name(name).capitalize()}</h3>" + diff_table(rows))
        self.diff.setHtml("".join(parts))
        heading = QLabel(
            tr("Left: the live article, as readers see it. Right: the pending revision.")
        )
        heading.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.diff, 1)
        layout.addWidget(buttons)


class PendingBanner(QFrame):
    """Shown while the open article has a pending revision."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.article_id = ""
        self.pending: PendingRevision | None = None
        self.setObjectName("pending-banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#pending-banner { background: #fff4cc; border: 1px solid #e0c060;"
            " border-radius: 4px; }"
        )
        self.message = QLabel()
        self.message.setObjectName("pending-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.approve = QPushButton()
        self.approve.setObjectName("pending-approve")
        self.discard = QPushButton()
        self.discard.setObjectName("pending-discard")
        self.compare = QPushButton()
        self.compare.setObjectName("pending-compare")
        self.problem = QLabel()
        self.problem.setObjectName("pending-problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.compare)
        row.addWidget(self.discard)
        row.addWidget(self.approve)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.approve.clicked.connect(lambda _c=False: self._settle(approve_pending))
        self.discard.clicked.connect(lambda _c=False: self._settle(discard_pending))
        self.compare.clicked.connect(lambda _c=False: self.show_comparison())
        context.on_changes(self._on_changes)
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        self.approve.setText(tr("&Approve and publish"))
        self.approve.setToolTip(tr("Make the pending revision the live article"))
        self.discard.setText(tr("&Discard"))
        self.discard.setToolTip(tr("Drop the pending revision; the live article stays as it is"))
        self.compare.setText(tr("Compare with &live…"))

    def show_article(self, article_id: str) -> None:
        if article_id != self.article_id:
            self.article_id = article_id
            self.pending = None
            self.problem.hide()
            self.hide()
        self.refresh()

    def leave(self) -> None:
        """The article was closed: nothing to show until the next one opens."""
        self.article_id = ""
        self.pending = None
        self.hide()

    def refresh(self) -> None:
        if not self.article_id:
            return
        workspace, article_id = self.context.workspace, self.article_id
        self.context.tasks.run(
            lambda: (pending_revision(workspace, article_id), workspace.role()),
            lambda found: self._show(article_id, *found),
            what="reading the pending revision",
        )

    def _on_changes(self, changes: Changes) -> None:
        if self.article_id and self.article_id in changes.ids("article"):
            self.refresh()

    def _show(self, article_id: str, pending: PendingRevision | None, role: str) -> None:
        if article_id != self.article_id:
            return
        self.pending = pending
        if pending is None:
            self.hide()
            return
        fields = ", ".join(
            field_name(n) for n in ("title", "summary", "body", "tags") if n in pending.fields
        )
        text = tr("Pending revision — the live article stays as published until approved.")
        detail = tr("Changed: {fields}.").format(fields=fields)
        if pending.by:
            detail += " " + tr("Last edit by {who}.").format(who=pending.by)
        self.message.setText(text + "\n" + detail)
        may_approve = not role or may_set_status(role, "published")
        self.approve.setVisible(may_approve)
        self.setToolTip("" if may_approve else tr("An admin approves it: that publishes it."))
        self.show()

    def _settle(self, operation: object) -> None:
        workspace, article_id = self.context.workspace, self.article_id
        self.approve.setEnabled(False)
        self.discard.setEnabled(False)

        def done(_r: object) -> None:
            self.approve.setEnabled(True)
            self.discard.setEnabled(True)
            self.problem.hide()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.approve.setEnabled(True)
            self.discard.setEnabled(True)
            self.problem.setText(describe_error(exc))
            self.problem.show()

        self.context.tasks.write(
            lambda: operation(workspace, article_id),  # type: ignore[operator]
            done,
            failed,
            what="settling the pending revision",
        )

    def show_comparison(self) -> CompareDialog | None:
        if self.pending is None:
            return None
        dialog = CompareDialog(self.pending, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


class CommentsPanel(QWidget):
    """The open article's review comments; ``select_passage(start, end)`` asks the editor to
    select a passage (positions as the editor counts them)."""

    select_passage = Signal(int, int)
    #: the comments were read: how many are open
    listed = Signal(int)
    #: the open comments' passages moved (``marks`` draws them)
    marks_changed = Signal()

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.article_id = ""
        self.rows: list[CommentRow] = []
        self.places: dict[str, tuple[int, int] | None] = {}
        #: the open comments' passages as the editor counts positions: (start, end, comment)
        self.marked: list[tuple[int, int, str]] = []
        self._text = ""  # the editor's text the comments were anchored in
        self._passage: tuple[str, int, int] | None = None  # (text, start, end) being commented
        self._replying_to: str | None = None  # the comment being answered
        self.setObjectName("comments-panel")
        self.heading = QLabel()
        self.heading.setObjectName("comments-heading")
        self.show_resolved = QCheckBox()
        self.show_resolved.setObjectName("comments-show-resolved")
        self.list = QListWidget()
        self.list.setObjectName("comments-list")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.hint = QLabel()
        self.hint.setObjectName("comments-hint")
        self.hint.setWordWrap(True)
        self.resolve = QPushButton()
        self.resolve.setObjectName("comment-resolve")
        self.resolve.setEnabled(False)
        self.reply = QPushButton()
        self.reply.setObjectName("comment-reply")
        self.reply.setEnabled(False)
        self.state = QLabel()
        self.state.setObjectName("comments-state")
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.quote = QLabel()
        self.quote.setObjectName("comment-quote")
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.input = QPlainTextEdit()
        self.input.setObjectName("comment-text")
        self.input.setTabChangesFocus(True)
        self.input.setMaximumHeight(90)
        self.add = QPushButton()
        self.add.setObjectName("comment-add")
        self.cancel = QPushButton()
        self.composer = QWidget()
        compose = QVBoxLayout(self.composer)
        compose.setContentsMargins(0, 0, 0, 0)
        compose.addWidget(self.quote)
        compose.addWidget(self.input)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.add)
        compose.addLayout(buttons)
        self.composer.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.show_resolved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.reply)
        actions.addWidget(self.resolve)
        layout.addLayout(actions)
        layout.addWidget(self.hint)
        layout.addWidget(self.state)
        layout.addWidget(self.composer)
        self.show_resolved.toggled.connect(lambda _on: self._fill())
        self.list.itemClicked.connect(self._go_to)
        self.list.itemActivated.connect(self._go_to)
        self.list.currentItemChanged.connect(lambda _now, _before: self._follow_current())
        self.resolve.clicked.connect(lambda _c=False: self._toggle_resolved())
        self.reply.clicked.connect(lambda _c=False: self.start_reply())
        self.add.clicked.connect(lambda _c=False: self.submit())
        self.cancel.clicked.connect(lambda _c=False: self.close_composer())
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys), self.input, self.submit, Qt.ShortcutContext.WidgetShortcut
            )
        self._reanchor = QTimer(self)
        self._reanchor.setSingleShot(True)
        self._reanchor.setInterval(400)
        self._reanchor.timeout.connect(self._anchor_again)
        self._text_source: QPlainTextEdit | None = None
        context.on_changes(self._on_changes)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.show_resolved.setText(tr("Show resolved"))
        self.resolve.setText(tr("Resolve"))
        self.reply.setText(tr("Reply"))
        self.add.setText(tr("Add comment"))
        self.add.setToolTip(tr("Ctrl+Enter"))
        self.cancel.setText(tr("Cancel"))
        self.input.setPlaceholderText(tr("Your comment on this passage"))
        self.list.setAccessibleName(tr("Review comments"))
        self.hint.setText(tr("Select a passage and press Ctrl+Alt+M to comment on it."))
        self._show_heading()

    def follow(self, text: QPlainTextEdit) -> None:
        """Anchor the comments in this editor's text, again after each pause in typing."""
        self._text_source = text
        text.textChanged.connect(self._reanchor.start)

    # -- reading ---------------------------------------------------------------------------------

    def show_article(self, article_id: str) -> None:
        if article_id != self.article_id:
            self.article_id = article_id
            self.rows, self.places, self.marked = [], {}, []
            self.list.clear()
            self.close_composer()
            self.state.clear()
        self.refresh()

    def marks(self, low: int, high: int) -> list[QTextEdit.ExtraSelection]:
        """The open comments' passages between the editor positions ``low`` and ``high``,
        shaded, the comment in the tooltip (drawn by the editor with its own marks)."""
        if self._text_source is None:
            return []
        document = self._text_source.document()
        size = document.characterCount() - 1
        found = []
        for start, end, body in self.marked:
            if end < low or start > high or end > size:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor("#fde9a8"))
            selection.format.setToolTip(_short(body, 300))
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            found.append(selection)
        return found

    def leave(self) -> None:
        """The article was closed: nothing to show until the next one opens."""
        self.article_id = ""
        self.marked = []
        self.rows, self.places = [], {}
        self.list.clear()
        self.close_composer()
        self.hide()

    def refresh(self) -> None:
        if not self.article_id:
            return
        workspace, article_id = self.context.workspace, self.article_id
        self.context.tasks.run(
            lambda: article_comments(workspace, article_id),
            lambda rows: self._listed(article_id, rows),
            lambda exc: self.state.setText(describe_error(exc)),
            what="reading the review comments",
        )

    def _on_changes(self, changes: Changes) -> None:
        if self.article_id and (
            changes.ids("review_comment") or self.article_id in changes.ids("article")
        ):
            self.refresh()

    def _listed(self, article_id: str, rows: list[CommentRow]) -> None:
        if article_id != self.article_id:
            return
        self.rows = rows
        self._anchor_again()
        self.listed.emit(sum(1 for r in rows if not r.resolved))

    def _anchor_again(self) -> None:
        if not self.rows:  # nothing to anchor: the text is not even read
            had_marks = bool(self.marked)
            self.places, self.marked = {}, []
            if had_marks:
                self.marks_changed.emit()
            self._fill()
            return
        text = self._text_source.toPlainText() if self._text_source is not None else ""
        self._text = text
        self.places = {row.id: locate(text, row.anchor) for row in self.rows}
        # As the editor counts (UTF-16), for its marks; a few comments, each one pass.
        self.marked = [
            (qt_position(text, place[0]), qt_position(text, place[1]), row.body)
            for row in self.rows
            if not row.resolved
            and not row.parent_id
            and (place := self.places.get(row.id)) is not None
        ]
        self.marks_changed.emit()
        self._fill()

    def _fill(self) -> None:
        current = self.current_id()
        self.list.clear()
        ids = {r.id for r in self.rows}
        roots = [r for r in self.rows if not r.parent_id or r.parent_id not in ids]
        shown: list[CommentRow] = []
        for root in roots:  # each comment, then its replies
            if self.show_resolved.isChecked() or not root.resolved:
                shown.append(root)
                shown += [r for r in self.rows if r.parent_id == root.id]
        for row in shown:
            reply = bool(row.parent_id) and row.parent_id in ids
            lines = ["↳ " + row.body] if reply else [f"“{_short(row.anchor.quote)}”", row.body]
            who = " · ".join(p for p in (row.author, local_time(row.created_at)) if p)
            marks = []
            if row.resolved:
                marks.append(tr("✓ resolved"))
            if self.places.get(row.id) is None:
                marks.append(tr("⚠ passage gone"))
            if row.local:
                marks.append(tr("not yet synced"))
            lines.append(" · ".join([who, *marks]) if who else " · ".join(marks))
            item = QListWidgetItem("\n".join(line for line in lines if line))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            if self.places.get(row.id) is None:
                item.setToolTip(
                    tr("The passage this comment was made on is no longer in the text.")
                )
            self.list.addItem(item)
            if row.id == current:
                self.list.setCurrentItem(item)
        self._show_heading()
        self._follow_current()

    def _show_heading(self) -> None:
        roots = [r for r in self.rows if not r.parent_id]
        open_ = sum(1 for r in roots if not r.resolved)
        resolved = len(roots) - open_
        text = tr("Comments: %n open", "", open_)
        if resolved:
            text += " · " + tr("%n resolved", "", resolved)
        self.heading.setText(text)

    def current_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def row(self, comment_id: str) -> CommentRow | None:
        return next((r for r in self.rows if r.id == comment_id), None)

    def root(self, comment_id: str) -> CommentRow | None:
        """The comment that starts the thread ``comment_id`` is in."""
        row = self.row(comment_id)
        if row is not None and row.parent_id:
            return self.row(row.parent_id) or row
        return row

    def _follow_current(self) -> None:
        row = self.root(self.current_id())
        self.resolve.setEnabled(row is not None)
        self.reply.setEnabled(row is not None)
        self.resolve.setText(tr("Reopen") if row is not None and row.resolved else tr("Resolve"))

    def _go_to(self, item: QListWidgetItem) -> None:
        comment_id = str(item.data(Qt.ItemDataRole.UserRole))
        place = self.places.get(comment_id)
        if place is None:
            self.state.setText(
                tr("This comment's passage is no longer in the text: it was deleted or rewritten.")
            )
            return
        self.state.clear()
        start, end = place
        self.select_passage.emit(qt_position(self._text, start), qt_position(self._text, end))

    def _toggle_resolved(self) -> None:
        row = self.root(self.current_id())
        if row is None:
            return
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: set_resolved(workspace, row.id, not row.resolved),
            lambda _r: self.refresh(),
            lambda exc: self.state.setText(describe_error(exc)),
            what="resolving a comment",
        )

    # -- writing ---------------------------------------------------------------------------------

    def start_comment(self, text: QPlainTextEdit) -> None:
        """Comment on the passage selected in ``text`` (Ctrl+Alt+M); says so when none is."""
        cursor = text.textCursor()
        if not cursor.hasSelection():
            self.state.setText(tr("Select the passage to comment on first."))
            self.show()
            return
        whole = text.toPlainText()
        start = python_index(whole, cursor.selectionStart())
        end = python_index(whole, cursor.selectionEnd())
        if not whole[start:end].strip():
            self.state.setText(tr("Select the passage to comment on first."))
            return
        self._passage, self._replying_to = (whole, start, end), None
        self.quote.setText(tr("On “{passage}”").format(passage=_short(whole[start:end])))
        self.state.clear()
        self.show()
        self.composer.show()
        self.hint.hide()
        self.input.setFocus()

    def start_reply(self) -> None:
        """Answer the selected comment's thread."""
        root = self.root(self.current_id())
        if root is None:
            return
        self._passage, self._replying_to = None, root.id
        self.quote.setText(
            tr("Reply to {who} on “{passage}”").format(
                who=root.author or tr("a colleague"), passage=_short(root.anchor.quote)
            )
        )
        self.state.clear()
        self.composer.show()
        self.hint.hide()
        self.input.setFocus()

    def close_composer(self) -> None:
        self._passage = None
        self._replying_to = None
        self.input.clear()
        self.composer.hide()
        self.hint.show()

    def submit(self) -> None:
        if not self.article_id or (self._passage is None and self._replying_to is None):
            return
        body = self.input.toPlainText()
        workspace, article_id = self.context.workspace, self.article_id

        def added(_comment_id: str) -> None:
            self.close_composer()
            self.refresh()

        if self._replying_to is not None:
            parent = self._replying_to
            self.context.tasks.write(
                lambda: add_reply(workspace, parent, body),
                added,
                lambda exc: self.state.setText(describe_error(exc)),  # the text typed stays
                what="replying to a comment",
            )
            return
        assert self._passage is not None
        whole, start, end = self._passage
        self.context.tasks.write(
            lambda: add_comment(workspace, article_id, whole, start, end, body),
            added,
            lambda exc: self.state.setText(describe_error(exc)),  # the text typed stays
            what="adding a comment",
        )


def select_in(text: QPlainTextEdit, start: int, end: int) -> None:
    """Select the editor positions ``start``..``end`` and bring them into view."""
    size = text.document().characterCount() - 1
    cursor = text.textCursor()
    cursor.setPosition(min(start, size))
    cursor.setPosition(min(end, size), QTextCursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)
    text.ensureCursorVisible()
