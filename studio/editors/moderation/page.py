"""The Moderation page: the queue, most reported first, fetched lazily, and triage from the
keyboard, one key per decision.

j / k next and previous · a approve · r remove (1–9 picks a reason, Enter confirms, Esc goes
back) · e escalate · u take back the last decision · ? every key. After a decision the item
leaves the list and the next one is shown at once; the decision is saved and queued for the Hub
on the writer thread behind it. The post is shown through the sanitizer and the SafeBrowser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.domain.records import RecordType
from studio.store.queries import QueueRow, moderation_queue_page
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.format import local_time
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column
from studio.ui.list_page import ListPage
from studio.ui.safe_browser import SafeBrowser

if TYPE_CHECKING:
    from studio.store.workspace import Changes


def _why(row: QueueRow) -> str:
    if row.report_count:
        return tr("%n report(s)", "", row.report_count)
    return tr("Awaiting approval")


def removal_reasons() -> list[str]:
    """The removal reasons 1–9 offer (placeholders: {author})."""
    return [
        tr("Spam or advertising"),
        tr("Off-topic for this thread"),
        tr("Personal attack on {author} or another member"),
        tr("Misleading financial claim"),
        tr("Personal data of someone else"),
        tr("Duplicate post"),
        tr("Illegal content"),
        tr("Breaks the community rules"),
        tr("Other (see the note)"),
    ]


@dataclass
class Decided:
    """A decision made from the queue, for undo."""

    decision_id: str
    row: QueueRow
    position: int


class PostView(QWidget):
    """The post being triaged, and the reasons when removing it."""

    def __init__(self) -> None:
        super().__init__()
        self.heading = QLabel()
        self.heading.setObjectName("post-heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.body = SafeBrowser()
        self.body.setObjectName("post-body")
        self.reasons = QListWidget()
        self.reasons.setObjectName("removal-reasons")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.body)
        self.stack.addWidget(self.reasons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hint)

    def show_post(self, row: QueueRow | None, html: str) -> None:
        """Show ``row`` with its post already rendered and sanitized (``html``)."""
        if row is None:
            self.stack.setCurrentWidget(self.body)
            self.heading.setText(tr("The queue is empty."))
            self.body.show_html("")
            return
        self.heading.setText(
            tr("{why} · by {author} in “{thread}” · {when}").format(
                why=_why(row),
                author=row.author or tr("(deleted member)"),
                thread=row.thread,
                when=local_time(row.created_at),
            )
        )
        self.body.show_html(html)

    def ask_reason(self, author: str) -> None:
        self.reasons.clear()
        for number, reason in enumerate(removal_reasons(), start=1):
            self.reasons.addItem(f"{number}  {reason.format(author=author)}")
        self.reasons.setCurrentRow(0)
        self.stack.setCurrentWidget(self.reasons)
        self.reasons.setFocus()

    def asking(self) -> bool:
        return self.stack.currentWidget() is self.reasons


class ModerationPage(ListPage):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        workspace = context.workspace
        columns = [
            Column(lambda: tr("Post"), lambda r: r.excerpt, lambda r: r.excerpt),
            Column(lambda: tr("Why"), _why),
            Column(lambda: tr("Author"), lambda r: r.author or tr("(deleted member)")),
            Column(lambda: tr("Thread"), lambda r: r.thread),
            Column(lambda: tr("Posted"), lambda r: local_time(r.created_at)),
        ]
        super().__init__(
            context,
            "moderation",
            columns,
            search=lambda _text: (
                lambda after, limit: moderation_queue_page(workspace, after, limit)
            ),
            record_types=[RecordType.POST],
            searchable=False,
            parent=parent,
        )
        self.post = PostView()
        self.splitter.replaceWidget(1, self.post)
        self.detail.deleteLater()
        self.decided: list[Decided] = []
        self._own: set[str] = set()  # posts decided here whose change announcements we expect
        self._bodies: dict[str, str] = {}
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show())
        self.model.loaded.connect(self._first_load)
        keys: list[tuple[str, Any]] = [
            ("J", lambda: self.step(1)),
            ("K", lambda: self.step(-1)),
            ("Down", lambda: self.step(1)),
            ("Up", lambda: self.step(-1)),
            ("A", lambda: self.decide("approve")),
            ("R", self.ask_removal),
            ("E", lambda: self.decide("escalate")),
            ("U", self.undo),
            ("?", self.show_keys),
            ("Shift+?", self.show_keys),
            ("Return", self._confirm_reason),
            ("Enter", self._confirm_reason),
            ("Escape", self._cancel_reason),
        ]
        keys += [(str(n), lambda n=n: self._pick_reason(n)) for n in range(1, 10)]
        self.shortcuts = []
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.shortcuts.append(shortcut)
        self.post.hint.setText(
            tr("j/k move · a approve · r remove · e escalate · u undo · ? every key")
        )

    # -- the item shown ------------------------------------------------------------------------

    def current(self) -> tuple[int, QueueRow | None]:
        index = self.table.currentIndex()
        number = index.row() if index.isValid() else -1
        return number, self.model.row(number)

    def _first_load(self, _count: int) -> None:
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self._select(0)

    def _select(self, number: int) -> None:
        if self.model.rowCount() == 0:
            self.post.show_post(None, "")
            return
        number = max(0, min(number, self.model.rowCount() - 1))
        index = self.model.index(number, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self._show()

    def _show(self) -> None:
        _number, row = self.current()
        if row is None:
            self.post.show_post(None, "")
            return
        body = self._bodies.get(row.id)
        if body is not None:
            self.post.show_post(row, body)
            return
        self.post.show_post(row, "")
        workspace = self.context.workspace

        def read() -> str:
            # Read and rendered off the UI thread, on the writer thread: its renderer was made
            # ready while the workspace opened (a first one costs ~40 ms of interpreter time).
            from studio.domain.markdown import render

            return render(workspace.post_body(row.id)).html

        self.context.tasks.write(
            read, lambda html: self._body_arrived(row.id, html), what="reading a post"
        )

    def _body_arrived(self, post_id: str, text: str) -> None:
        self._bodies[post_id] = text
        _number, row = self.current()
        if row is not None and row.id == post_id:
            self.post.show_post(row, text)

    def step(self, by: int) -> None:
        if self.post.asking():
            self.post.reasons.setCurrentRow(
                max(0, min(self.post.reasons.currentRow() + by, self.post.reasons.count() - 1))
            )
            return
        number, _row = self.current()
        self._select(number + by if number >= 0 else 0)
        if by > 0 and self.current()[0] >= self.model.rowCount() - 5:
            self.model.fetchMore()

    # -- decisions -----------------------------------------------------------------------------

    def decide(self, action: str, reason: str = "") -> None:
        if self.post.asking():
            return
        number, row = self.current()
        if row is None:
            return
        # The next item at once; the decision is written behind it.
        self.model.take(number)
        self._own.add(row.id)
        self._select(number)
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: workspace.decide_post(row.id, action, reason=reason),
            lambda decision_id: self.decided.append(Decided(decision_id, row, number)),
            lambda exc: self._failed(row, number, exc),
            what="deciding on a post",
        )
        if self.model.rowCount() < 20:
            self.model.fetchMore()

    def _failed(self, row: QueueRow, number: int, exc: BaseException) -> None:
        self.model.put_back(number, row)
        self._select(number)
        self.post.hint.setText(describe_error(exc))

    def ask_removal(self) -> None:
        _number, row = self.current()
        if row is not None and not self.post.asking():
            self.post.ask_reason(row.author or tr("(deleted member)"))

    def _pick_reason(self, number: int) -> None:
        if self.post.asking() and number <= self.post.reasons.count():
            self.post.reasons.setCurrentRow(number - 1)

    def _confirm_reason(self) -> None:
        if not self.post.asking():
            return
        _number, row = self.current()
        reason = removal_reasons()[self.post.reasons.currentRow()].format(
            author=(row.author if row else "") or tr("(deleted member)")
        )
        self.post.stack.setCurrentWidget(self.post.body)
        self.table.setFocus()
        self.decide("remove", reason)

    def _cancel_reason(self) -> None:
        if self.post.asking():
            self.post.stack.setCurrentWidget(self.post.body)
            self.table.setFocus()

    def undo(self) -> None:
        if not self.decided or self.post.asking():
            return
        last = self.decided.pop()
        self._own.add(last.row.id)
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: workspace.undo_decision(last.decision_id),
            lambda _post: self._undone(last),
            lambda exc: self.post.hint.setText(describe_error(exc)),
            what="taking back a decision",
        )

    def _undone(self, last: Decided) -> None:
        self.model.put_back(last.position, last.row)
        self._select(last.position)

    def show_keys(self) -> None:
        QMessageBox.information(
            self,
            tr("Moderation keys"),
            tr(
                "j / ↓  next item\nk / ↑  previous item\na  approve\nr  remove: 1–9 picks a "
                "reason, Enter confirms, Esc goes back\ne  escalate\nu  take back the last "
                "decision (until it has gone to the Hub)\n?  this list"
            ),
        )

    # -- changes from elsewhere ----------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        posts = changes.ids(RecordType.POST)
        if posts and posts <= self._own:
            self._own -= posts  # our own decisions: the list already shows them
            return
        super()._on_changes(changes)
