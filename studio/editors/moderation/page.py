"""The Moderation page: one queue (posts awaiting approval, reported, hit by the lexicon) in
priority order, fetched lazily, and triage from the keyboard, one key per decision.

j / k next and previous · a approve · r remove (1–9 picks a reason, Enter confirms, Esc goes
back) · e escalate · s snooze (1–4 picks how long) · n note · u take back the last decision ·
z one at a time · / search · f filters · v saved views (Shift+V saves one) · ? every key. The
keys that act on an item are buttons of the toolbar too. After a decision the item is marked
with what was done and the next open one is shown at once; the decision is saved and queued for
the Hub on the writer thread behind it. The post is shown through the sanitizer and the
SafeBrowser (post_browser.py); the context pane, claims and bulk hang on the hooks (aside.py).

The queue itself (priority, why, filters, snoozes, notes, saved views) is
studio/store/moderation_queue.py; its texts, the filter bar and the key list are queue.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from studio.domain.instants import utc_now
from studio.domain.records import RecordType
from studio.editors.moderation.aside import attach
from studio.editors.moderation.post_browser import PostBrowser
from studio.editors.moderation.queue import (
    FilterBar,
    KeysDialog,
    author_of,
    outcome_of,
    removal_reasons,
    snooze_labels,
    why_queued,
)
from studio.store import moderation_queue as mq
from studio.store.moderation_context import add_member_entry
from studio.store.moderation_queue import QueueFilter, QueueItem
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.format import local_time
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column
from studio.ui.list_page import ListPage

if TYPE_CHECKING:
    from studio.store.workspace import Changes


#: Items after the one shown whose posts are rendered ahead.
RENDER_AHEAD = 2


@dataclass
class Decided:
    """A decision made from the queue, for undo. Its id is set on the writer thread when the
    decision is written, so an undo queued behind it (u pressed at once) finds it there."""

    row: QueueItem
    position: int
    decision_id: str = ""


class PostView(QWidget):
    """The post being triaged; in its place, the choices of a removal or a snooze, or a note."""

    def __init__(self) -> None:
        super().__init__()
        self.heading = QLabel()
        self.heading.setObjectName("post-heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.body = PostBrowser()  # blurs media until revealed, flags misleading links
        self.body.setObjectName("post-body")
        self.notes = QLabel()
        self.notes.setObjectName("post-notes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.hide()
        shown = QWidget()
        column = QVBoxLayout(shown)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.body, 1)
        column.addWidget(self.notes)

        # The choices of a removal (reasons) or a snooze (how long): digits pick, Enter confirms.
        self.choosing = ""  # "remove", "snooze" or ""
        self.question = QLabel()
        self.reasons = QListWidget()
        self.reasons.setObjectName("choices")
        self.confirm = QPushButton()
        self.back = QPushButton()
        choices = QWidget()
        box = QVBoxLayout(choices)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.question)
        box.addWidget(self.reasons, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.confirm)
        box.addLayout(buttons)

        # A note on the post and its author: Ctrl+Enter keeps it, Esc goes back.
        self.note = QPlainTextEdit()
        self.note.setObjectName("note-editor")
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.save_note = QPushButton()
        self.cancel_note = QPushButton()
        noting = QWidget()
        box = QVBoxLayout(noting)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.note_label)
        box.addWidget(self.note, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_note)
        buttons.addWidget(self.save_note)
        box.addLayout(buttons)

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.stack = QStackedWidget()
        self.shown, self.choices, self.noting = shown, choices, noting
        for page in (shown, choices, noting):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hint)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.confirm.setText(tr("Confirm (Enter)"))
        self.back.setText(tr("Back (Esc)"))
        self.save_note.setText(tr("Keep the note (Ctrl+Enter)"))
        self.cancel_note.setText(tr("Back (Esc)"))
        self.note_label.setText(
            tr(
                "A note on the author of this post, for every moderator: it goes to the Hub "
                "with the next sync. Ctrl+Enter keeps it, Esc goes back."
            )
        )
        self.body.setAccessibleName(tr("Post"))
        self.note.setAccessibleName(tr("Note"))
        self.reasons.setAccessibleName(tr("Choices"))

    def show_post(self, row: QueueItem | None, html: str, done: str = "") -> None:
        """Show ``row`` with its post already rendered and sanitized (``html``)."""
        if row is None:
            self.back_to_post()
            self.heading.setText(tr("The queue is empty."))
            self.body.show_html("")
            self.notes.hide()
            return
        claim = " · " + tr("claimed by {who}").format(who=row.claimed_by) if row.claimed_by else ""
        self.heading.setText(
            tr("{why} · by {author} in “{thread}” · {when} · priority {priority}{claim}").format(
                why=f"✓ {done}" if done else why_queued(row),
                author=author_of(row),
                thread=row.thread,
                when=local_time(row.created_at),
                priority=row.shown_priority(utc_now()),
                claim=claim,
            )
        )
        self.body.show_html(html)

    def show_notes(self, notes: list[mq.Note]) -> None:
        if not notes:
            self.notes.hide()
            return
        lines = [
            tr("Note by {who}, {when}: {text}").format(
                who=n.author, when=local_time(n.created_at), text=n.body
            )
            for n in notes[:5]
        ]
        self.notes.setText("\n".join(lines))
        self.notes.show()

    def ask(self, what: str, question: str, choices: list[str]) -> None:
        self.choosing = what
        self.question.setText(question)
        self.reasons.clear()
        for number, choice in enumerate(choices, start=1):
            self.reasons.addItem(f"{number}  {choice}")
        self.reasons.setCurrentRow(0)
        self.stack.setCurrentWidget(self.choices)
        self.reasons.setFocus()

    def ask_reason(self, author: str) -> None:
        self.ask(
            "remove",
            tr("Why is it removed? 1–9 picks, Enter confirms."),
            [reason.format(author=author) for reason in removal_reasons()],
        )

    def ask_note(self) -> None:
        self.choosing = "note"
        self.note.clear()
        self.stack.setCurrentWidget(self.noting)
        self.note.setFocus()

    def asking(self) -> bool:
        return self.stack.currentWidget() is not self.shown

    def back_to_post(self) -> None:
        self.choosing = ""
        self.stack.setCurrentWidget(self.shown)


@dataclass(frozen=True)
class Key:
    """One key of the page: its sequences, what it does (for ? and the toolbar), its slot."""

    keys: tuple[str, ...]
    label: Callable[[], str]  # short, for the toolbar
    slot: Callable[[], None]
    button: bool = True  # shown in the toolbar (the others have a widget of their own)
    describe: Callable[[], str] | None = None  # longer, for the list of keys


class ModerationPage(ListPage):
    #: The item shown changed (a QueueItem, or None when the queue is empty): for side panes.
    item_changed = Signal(object)
    #: A decision was made here on a post: (post id, action), for the context pane.
    decision_made = Signal(str, str)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        self.queue_filter = QueueFilter()
        #: Items decided or snoozed here, still in the list until it is read again: what was done.
        self._done: dict[str, str] = {}
        columns = [
            Column(lambda: tr("Priority"), lambda r: r.shown_priority(utc_now())),
            Column(lambda: tr("Post"), lambda r: r.excerpt, lambda r: r.excerpt),
            Column(lambda: tr("Why"), self._why_or_done, why_queued),
            Column(lambda: tr("Author"), author_of),
            Column(lambda: tr("Thread"), lambda r: r.thread, lambda r: r.thread),
            Column(lambda: tr("Posted"), lambda r: local_time(r.created_at)),
        ]
        super().__init__(
            context,
            "moderation",
            columns,
            search=self._fetch_for,
            record_types=[RecordType.POST],
            parent=parent,
        )
        self.table.setColumnWidth(0, 70)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, header.ResizeMode.Interactive)
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        self.table.setColumnWidth(2, 220)
        self.post = PostView()
        self.splitter.replaceWidget(1, self.post)
        self.detail.deleteLater()
        self.list_side = self.table.parentWidget()
        self.filters = FilterBar()
        self.list_side.layout().insertWidget(0, self.filters)
        self.list_side.layout().removeWidget(self.search)
        self.filters.typed.insertWidget(0, self.search, 2)  # search beside author and thread
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("moderation-toolbar")
        self.layout().insertWidget(0, self.toolbar)

        self.decided: list[Decided] = []
        #: Posts changed here, with how many of their change announcements are still to come
        #: (a count: a decision and its undo may both be on their way).
        self._own: Counter[str] = Counter()
        self._bodies: dict[str, str] = {}
        self._views: list[tuple[str, QueueFilter]] = []
        self._scanning = False
        self._keep_id: str | None = None  # the item to stay on across a reload
        self._reload_pending = False  # a reload waits while a choice is being made
        self._shown: QueueItem | None = None
        self._rendering: set[str] = set()  # posts being rendered on the writer thread
        self.one_at_a_time = False
        self.keys_dialog: KeysDialog | None = None
        self.view_dialog: QInputDialog | None = None
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show())
        self.model.loaded.connect(self._first_load)
        self.filters.changed.connect(self._filter_changed)
        self.filters.views.currentIndexChanged.connect(self._view_chosen)
        self.filters.save_view.clicked.connect(self.save_view)
        self.filters.delete_view.clicked.connect(self.delete_view)
        self.post.confirm.clicked.connect(self._confirm_choice)
        self.post.back.clicked.connect(self._cancel_choice)
        self.post.reasons.itemActivated.connect(lambda _item: self._confirm_choice())
        self.post.save_note.clicked.connect(self._keep_note)
        self.post.cancel_note.clicked.connect(self._cancel_choice)

        self.keys = [
            # ↓ and ↑ are the list's own keys (and the filters' and choices'), not the page's.
            Key(
                ("J",),
                lambda: tr("Next"),
                lambda: self.step(1),
                describe=lambda: tr("Next item (↓ in the list too)"),
            ),
            Key(
                ("K",),
                lambda: tr("Previous"),
                lambda: self.step(-1),
                describe=lambda: tr("Previous item (↑ in the list too)"),
            ),
            Key(("A",), lambda: tr("Approve"), lambda: self.decide("approve")),
            Key(
                ("R",),
                lambda: tr("Remove…"),
                self.ask_removal,
                describe=lambda: tr("Remove: 1–9 picks a reason, Enter confirms"),
            ),
            Key(("E",), lambda: tr("Escalate"), lambda: self.decide("escalate")),
            Key(
                ("S",),
                lambda: tr("Snooze…"),
                self.ask_snooze,
                describe=lambda: tr("Snooze: 1–4 picks how long, Enter confirms"),
            ),
            Key(
                ("N",),
                lambda: tr("Note…"),
                self.ask_note,
                describe=lambda: tr("A note on the post and its author (Ctrl+Enter keeps it)"),
            ),
            Key(
                ("U",),
                lambda: tr("Undo"),
                self.undo,
                describe=lambda: tr("Take back the last decision (until it has gone to the Hub)"),
            ),
            Key(
                ("Z",),
                lambda: tr("One at a time"),
                self.toggle_one_at_a_time,
                describe=lambda: tr("One at a time: the list hides, the post fills the page"),
            ),
            Key(("/",), lambda: tr("Search the posts"), self.focus_search, False),
            Key(("F",), lambda: tr("Filters"), self.focus_filters, False),
            Key(("V",), lambda: tr("Saved views"), self.focus_views, False),
            Key(
                ("Shift+V",),
                lambda: tr("Save the filters and search as a view"),
                self.save_view,
                False,
            ),
            Key(
                ("?", "Shift+?"),
                lambda: tr("Keys"),
                self.show_keys,
                describe=lambda: tr("This list"),
            ),
            Key(
                ("1", "2", "3", "4", "5", "6", "7", "8", "9"),
                lambda: tr("Pick a reason or a snooze length"),
                lambda: None,
                button=False,
            ),
            Key(("Return", "Enter"), lambda: tr("Confirm"), self._confirm_choice, False),
            Key(("Ctrl+Return", "Ctrl+Enter"), lambda: tr("Keep the note"), self._keep_note, False),
            Key(("Escape",), lambda: tr("Back to the post / the list"), self._escape, False),
        ]
        self.shortcuts: list[QShortcut] = []
        self.actions_by_key: dict[str, QAction] = {}
        for key in self.keys:
            if key.keys[0] == "1":
                for n in range(1, 10):
                    self._shortcut(str(n), lambda n=n: self._pick(n))
                continue
            for sequence in key.keys:
                self._shortcut(sequence, key.slot)
            if key.button:
                action = QAction(self)
                action.triggered.connect(lambda _checked=False, slot=key.slot: slot())
                self.toolbar.addAction(action)
                self.actions_by_key[key.keys[0]] = action
        self.actions_by_key["Z"].setCheckable(True)
        self.retranslate_ui()
        self._load_views()
        self._load_reasons()
        self._scan_lexicon()
        self.aside = attach(self, removal_reasons)  # context pane, claims, bulk, media reveal

    def _shortcut(self, sequence: str, slot: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(sequence), self, slot)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcuts.append(shortcut)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        why_queued.cache_clear()
        self.search.setPlaceholderText(tr("Search posts… (/)"))
        for key in getattr(self, "keys", []):
            action = self.actions_by_key.get(key.keys[0])
            if action is not None:
                first = key.keys[0]
                action.setText(f"{key.label()} ({first.lower() if len(first) == 1 else first})")
                action.setToolTip(key.label())
        if hasattr(self, "post"):
            self.post.hint.setText(
                tr(
                    "j/k move · a approve · r remove · e escalate · s snooze · n note · "
                    "u undo · z one at a time · ? every key"
                )
            )

    def _why_or_done(self, row: QueueItem) -> str:
        done = self._done.get(row.id)
        return f"✓ {done}" if done else why_queued(row)

    # -- hooks for other panes -----------------------------------------------------------------

    def add_side_pane(self, widget: QWidget) -> None:
        """Show ``widget`` beside the post (the context pane); it follows ``item_changed``."""
        self.splitter.addWidget(widget)

    def add_toolbar_action(self, action: QAction) -> None:
        self.toolbar.addAction(action)

    # -- the queue -----------------------------------------------------------------------------

    def _fetch_for(self, text: str) -> Callable[[Any, int], list[QueueItem]]:
        workspace = self.context.workspace
        queue_filter = self.queue_filter.with_text(text)

        def fetch(after: QueueItem | None, limit: int) -> list[QueueItem]:
            me = workspace.hub_link()[1]
            return mq.queue_page(workspace, queue_filter, after, limit, me=me)

        return fetch

    def _filter_changed(self) -> None:
        self.queue_filter = self.filters.value()
        self._run_search()

    def _load_reasons(self) -> None:
        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: mq.report_reasons(workspace),
            self.filters.set_reasons,
            what="reading the report reasons",
        )

    def _scan_lexicon(self) -> None:
        """Run the lexicon over posts not yet scanned, a batch at a time on the writer thread."""
        if self._scanning:
            return
        self._scanning = True
        workspace = self.context.workspace
        found: list[int] = [0]

        def step(result: mq.ScanStep) -> None:
            found[0] += result.found
            if result.looked:
                self.context.tasks.write(
                    lambda: mq.scan_lexicon(workspace), step, done_failed, what="lexicon scan"
                )
                return
            self._scanning = False
            if found[0]:
                self._reload_keeping_place()

        def done_failed(exc: BaseException) -> None:
            self._scanning = False
            self.count.setText(describe_error(exc))

        self.context.tasks.write(
            lambda: mq.scan_lexicon(workspace), step, done_failed, what="lexicon scan"
        )

    def _reload_keeping_place(self) -> None:
        """Read the queue again and stay on the item shown if it is still there; while a reason,
        a snooze or a note is being chosen for it, once that is done."""
        if self.post.asking():
            self._reload_pending = True
            return
        self._reload_pending = False
        _number, row = self.current()
        self._keep_id = row.id if row is not None else None
        self.model.refresh()  # the rows shown stay until the new ones are in

    # -- the item shown ------------------------------------------------------------------------

    def current(self) -> tuple[int, QueueItem | None]:
        index = self.table.currentIndex()
        number = index.row() if index.isValid() else -1
        return number, self.model.row(number)

    def _first_load(self, _count: int) -> None:
        if not self.table.currentIndex().isValid():
            keep, self._keep_id = self._keep_id, None
            ids = self.model.ids() if keep else []
            if self.model.rowCount():
                self._select(ids.index(keep) if keep in ids else 0)
            else:
                self._show()

    def _select(self, number: int) -> None:
        if self.model.rowCount() == 0:
            self.post.show_post(None, "")
            self.item_changed.emit(None)
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
        number, row = self.current()
        if row is None and (self.model.rowCount() or self.model.is_loading()):
            # The list is being read again (a filter, a sync): the post shown stays until the
            # new rows are in and the place is found again, instead of flashing "empty".
            return
        if row is not None and row == self._shown:
            return  # already shown (a decision moves the current row and selects it again)
        self._shown = row
        self.item_changed.emit(row)
        if row is None:
            self.post.show_post(None, "")
            return
        # The body when it is rendered already (the items after the one shown are rendered
        # ahead, so the next one after a decision shows whole, in one paint).
        self.post.show_post(row, self._bodies.get(row.id, ""), self._done.get(row.id, ""))
        self._render(row.id)
        for ahead in range(number + 1, number + 1 + RENDER_AHEAD):
            following = self.model.row(ahead)
            if following is not None:
                self._render(following.id)
        self._read_notes(row)

    def _render(self, post_id: str) -> None:
        """Read and render a post on the writer thread (its renderer was made ready while the
        workspace opened), unless it is rendered or on its way."""
        if post_id in self._bodies or post_id in self._rendering:
            return
        self._rendering.add(post_id)
        workspace = self.context.workspace

        def read() -> str:
            from studio.domain.markdown import render

            return render(workspace.post_body(post_id)).html

        def failed(exc: BaseException) -> None:
            self._rendering.discard(post_id)
            self.post.hint.setText(describe_error(exc))

        self.context.tasks.write(
            read, lambda html: self._body_arrived(post_id, html), failed, what="reading a post"
        )

    def _read_notes(self, row: QueueItem) -> None:
        if row.author_id:
            self.post.show_notes([])  # notes on the author are in the context pane
            return
        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: mq.notes(workspace, post_id=row.id),  # the author's are in the context pane
            lambda found: self._notes_arrived(row.id, found),
            what="reading notes",
        )

    def _notes_arrived(self, post_id: str, found: list[mq.Note]) -> None:
        _number, row = self.current()
        if row is not None and row.id == post_id:
            self.post.show_notes(found)

    def _body_arrived(self, post_id: str, text: str) -> None:
        self._rendering.discard(post_id)
        if len(self._bodies) > 500:
            self._bodies.clear()  # a cache of the posts around, not of the whole queue
        self._bodies[post_id] = text
        _number, row = self.current()
        if row is not None and row.id == post_id:
            self.post.body.show_html(text)

    def step(self, by: int) -> None:
        if self.post.asking():
            if self.post.choosing in ("remove", "snooze"):
                reasons = self.post.reasons
                reasons.setCurrentRow(max(0, min(reasons.currentRow() + by, reasons.count() - 1)))
            return
        number, _row = self.current()
        self._select(number + by if number >= 0 else 0)
        if by > 0 and self.current()[0] >= self.model.rowCount() - 5:
            self.model.fetchMore()

    def _leave(self, number: int, row: QueueItem, outcome: str) -> None:
        """Mark the item done and show the next one at once.

        The row stays where it is, marked with what was done, until the list is read again:
        taking it out would shift and repaint every row under it (~7 ms a decision here), while
        marking repaints two rows. It also leaves a trail of what was just decided."""
        self._done[row.id] = outcome
        self._own[row.id] += 1
        self._repaint_row(number)
        following = self._next_open(number)
        self._select(following if following is not None else number)
        if self.model.rowCount() - number < 20:
            self.model.fetchMore()

    def _next_open(self, number: int) -> int | None:
        """The first row after ``number`` not decided here (None: none fetched yet)."""
        for candidate in range(number + 1, self.model.rowCount()):
            row = self.model.row(candidate)
            if row is not None and row.id not in self._done:
                return candidate
        return None

    def _repaint_row(self, number: int) -> None:
        # An update of the row's area, not dataChanged: Qt's own signals are not emitted here.
        first = self.model.index(number, 0)
        last = self.model.index(number, self.model.columnCount() - 1)
        if first.isValid():
            area = self.table.visualRect(first).united(self.table.visualRect(last))
            self.table.viewport().update(area)

    def outcome(self, post_id: str) -> str | None:
        """What was done here to the post (approved, removed, …), None if nothing yet."""
        return self._done.get(post_id)

    def _refuse_done(self, row: QueueItem) -> bool:
        if row.id in self._done:
            self.post.hint.setText(
                tr("Already done here ({what}); u takes back the last decision.").format(
                    what=self._done[row.id]
                )
            )
            return True
        return False

    def _row_of(self, post_id: str) -> int | None:
        ids = self.model.ids()
        return ids.index(post_id) if post_id in ids else None

    # -- decisions -----------------------------------------------------------------------------

    def decide(self, action: str, reason: str = "") -> None:
        if self.post.asking():
            return
        number, row = self.current()
        if row is None or self._refuse_done(row):
            return
        self.decision_made.emit(row.id, action)
        self._leave(number, row, outcome_of(action, reason))  # the decision is written behind it
        workspace = self.context.workspace
        decided = Decided(row, number)
        self.decided.append(decided)

        def write() -> None:
            decided.decision_id = workspace.decide_post(row.id, action, reason=reason)

        def failed(exc: BaseException) -> None:
            if decided in self.decided:
                self.decided.remove(decided)
            self._failed(row, number, exc)

        self.context.tasks.write(write, lambda _none: None, failed, what="deciding on a post")

    def _failed(self, row: QueueItem, number: int, exc: BaseException) -> None:
        self._unexpect(row.id)  # nothing was written: no announcement is coming
        self._back(row, number)
        self.post.hint.setText(describe_error(exc))

    def _back(self, row: QueueItem, number: int) -> None:
        """The item is open again (an undo, a failed write): unmarked and shown."""
        self._done.pop(row.id, None)
        self._shown = None
        found = self._row_of(row.id)
        if found is None:  # the list was read again meanwhile: the row goes back in
            found = max(0, min(number, self.model.rowCount()))
            self.model.put_back(found, row)
        self._repaint_row(found)
        self._select(found)

    def ask_removal(self) -> None:
        _number, row = self.current()
        if row is not None and not self.post.asking() and not self._refuse_done(row):
            self.post.ask_reason(author_of(row))

    def ask_snooze(self) -> None:
        _number, row = self.current()
        if row is not None and not self.post.asking() and not self._refuse_done(row):
            labels = snooze_labels()
            self.post.ask(
                "snooze",
                tr("Snooze until when? 1–4 picks, Enter confirms; it comes back by itself."),
                [labels[key] for key, _until in mq.snooze_choices(utc_now())],
            )

    def _pick(self, number: int) -> None:
        reasons = self.post.reasons
        if self.post.choosing in ("remove", "snooze") and number <= reasons.count():
            reasons.setCurrentRow(number - 1)

    def _confirm_choice(self) -> None:
        what = self.post.choosing
        if what not in ("remove", "snooze"):
            return
        _number, row = self.current()
        choice = self.post.reasons.currentRow()
        self._done_asking()
        self.table.setFocus()
        if row is None:
            return
        if what == "remove":
            reason = removal_reasons()[choice].format(author=author_of(row))
            self.decide("remove", reason)
        else:
            self.snooze(mq.snooze_choices(utc_now(), _local_zone())[choice][1])

    def _done_asking(self) -> None:
        self.post.back_to_post()
        if self._reload_pending:
            self._reload_keeping_place()

    def _escape(self) -> None:
        if self.post.asking():
            self._cancel_choice()
        elif self.search.hasFocus() or self.filters.isAncestorOf(self.focusWidget()):
            self.table.setFocus()

    def _cancel_choice(self) -> None:
        if self.post.asking():
            self._done_asking()
            self.table.setFocus()

    def snooze(self, until: datetime) -> None:
        number, row = self.current()
        if row is None:
            return
        self._leave(number, row, tr("Snoozed until {when}").format(when=local_time(until)))
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: mq.snooze(workspace, row.id, until),
            lambda _none: self._snoozed(until),
            lambda exc: self._failed(row, number, exc),
            what="snoozing a post",
        )

    def _snoozed(self, until: datetime) -> None:
        self.post.hint.setText(tr("Snoozed until {when}.").format(when=local_time(until)))
        # It comes back by itself: the queue is read again when the snooze ends.
        wait_ms = (until - utc_now()).total_seconds() * 1000 + 1000
        if wait_ms < 2**31 - 1:
            QTimer.singleShot(int(wait_ms), self, self._reload_keeping_place)

    # -- notes ---------------------------------------------------------------------------------

    def ask_note(self) -> None:
        _number, row = self.current()
        if row is not None and not self.post.asking():
            self.post.ask_note()

    def _keep_note(self) -> None:
        """Keep the note typed: on the author, through the Hub (every moderator sees it after a
        sync); on the post in this workspace only when its author is gone."""
        if self.post.choosing != "note":
            return
        _number, row = self.current()
        text = self.post.note.toPlainText()
        if row is None:
            return
        if not text.strip():
            self.post.hint.setText(tr("A note needs some text."))
            return
        workspace = self.context.workspace
        self._own[row.id] += 1
        author_id = row.author_id

        def write() -> str:
            if author_id:
                return add_member_entry(workspace, author_id, "note", text, post_id=row.id)
            return mq.add_note(workspace, text, post_id=row.id)

        def kept(_note_id: str) -> None:
            self._done_asking()
            self.table.setFocus()
            self.post.hint.setText(
                tr("Note kept on {author}; it goes to the Hub with the next sync.").format(
                    author=author_of(row)
                )
                if author_id
                else tr("The author is gone: the note is kept on the post, in this workspace only.")
            )
            self._read_notes(row)

        # The text stays in the editor until it is written: nothing typed is lost on an error.
        self.context.tasks.write(
            write,
            kept,
            lambda exc: self.post.hint.setText(describe_error(exc)),
            what="keeping a note",
        )

    # -- undo ----------------------------------------------------------------------------------

    def undo(self) -> None:
        if not self.decided or self.post.asking():
            return
        last = self.decided.pop()
        self._own[last.row.id] += 1
        workspace = self.context.workspace
        # Written after the decision (one writer thread), which has set its id by then; a
        # decision that failed has no id, and undoing it is refused with a sentence.
        self.context.tasks.write(
            lambda: workspace.undo_decision(last.decision_id),
            lambda _post: self._undone(last),
            lambda exc: self._undo_failed(last, exc),
            what="taking back a decision",
        )

    def _unexpect(self, post_id: str) -> None:
        if self._own[post_id] > 0:
            self._own[post_id] -= 1

    def _undo_failed(self, last: Decided, exc: BaseException) -> None:
        self._unexpect(last.row.id)
        self.post.hint.setText(describe_error(exc))

    def _undone(self, last: Decided) -> None:
        self._back(last.row, last.position)

    # -- modes, search, filters, views -----------------------------------------------------------

    def toggle_one_at_a_time(self) -> None:
        """The list hides and the post fills the page; again to bring the list back."""
        self.one_at_a_time = not self.one_at_a_time
        self.list_side.setVisible(not self.one_at_a_time)
        self.actions_by_key["Z"].setChecked(self.one_at_a_time)
        if not self.post.asking():
            (self.post.body if self.one_at_a_time else self.table).setFocus()

    def focus_search(self) -> None:
        if self.one_at_a_time:
            self.toggle_one_at_a_time()
        self.search.setFocus()
        self.search.selectAll()

    def focus_filters(self) -> None:
        if self.one_at_a_time:
            self.toggle_one_at_a_time()
        self.filters.kind.setFocus()

    def focus_views(self) -> None:
        if self.one_at_a_time:
            self.toggle_one_at_a_time()
        self.filters.views.setFocus()

    def _load_views(self, select: str = "") -> None:
        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: mq.saved_views(workspace),
            lambda views: self._views_arrived(views, select),
            what="reading saved views",
        )

    def _views_arrived(self, views: list[tuple[str, QueueFilter]], select: str) -> None:
        self._views = views
        combo = self.filters.views
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("Everything (no saved view)"), "")
        for name, _f in views:
            combo.addItem(name, name)
        combo.setCurrentIndex(max(0, combo.findData(select)))
        combo.blockSignals(False)

    def _view_chosen(self, index: int) -> None:
        name = self.filters.views.itemData(index) or ""
        chosen = dict(self._views).get(name, QueueFilter())
        self.search.blockSignals(True)
        self.search.setText(chosen.text)
        self.search.blockSignals(False)
        self.filters.show_filter(chosen)

    def save_view(self) -> None:
        """Ask a name for the filters and search shown now, and keep them as a saved view."""
        dialog = QInputDialog(self.window())
        dialog.setWindowTitle(tr("Save view"))
        dialog.setLabelText(tr("Name of this view (its filters and search):"))
        dialog.setTextValue(self.filters.views.currentData() or "")
        dialog.textValueSelected.connect(self.save_view_as)
        dialog.finished.connect(dialog.deleteLater)
        self.view_dialog = dialog
        dialog.open()

    def save_view_as(self, name: str) -> None:
        queue_filter = self.queue_filter.with_text(self.search.text())
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: mq.save_view(workspace, name, queue_filter),
            lambda _none: self._load_views(" ".join(name.split())),
            lambda exc: self.count.setText(describe_error(exc)),
            what="saving a view",
        )

    def delete_view(self) -> None:
        name = self.filters.views.currentData() or ""
        if not name:
            return
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: mq.delete_view(workspace, name),
            lambda _none: self._load_views(),
            lambda exc: self.count.setText(describe_error(exc)),
            what="deleting a view",
        )

    def key_list(self) -> list[tuple[str, str]]:
        """Every key of the page and what it does: the page's own, then those that panes added
        to the toolbar ("What it does (key)")."""
        rows = []
        for key in self.keys:
            shown = [k.lower() if len(k) == 1 else k for k in key.keys if k != "Shift+?"]
            what = (key.describe or key.label)()
            rows.append(("1–9" if shown[0] == "1" else " / ".join(shown), what))
        own = set(self.actions_by_key.values())
        for action in self.toolbar.actions():
            found = re.fullmatch(r"(.+) \((.+)\)", action.text())
            if action not in own and found:
                rows.append((found.group(2), found.group(1)))
        return rows

    def show_keys(self) -> None:
        if self.keys_dialog is None:
            # A window of the main window, not of the page: the page's keys stay out of it.
            self.keys_dialog = KeysDialog(self.window())
        self.keys_dialog.show_keys(self.key_list())
        self.keys_dialog.show()
        self.keys_dialog.raise_()
        self.keys_dialog.activateWindow()

    # -- changes from elsewhere ----------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        posts = changes.ids(RecordType.POST)
        ours = bool(posts) and all(self._own[p] > 0 for p in posts)
        for post_id in posts:
            if self._own[post_id] > 0:
                self._own[post_id] -= 1
        self._own += Counter()  # drops the zeros
        if ours:  # our own decisions: the list already shows them
            return
        if posts or changes.ids(RecordType.LEXICON_TERM):
            self._scan_lexicon()  # new or edited posts, or a changed lexicon
        if posts:
            self._read_again_soon()  # at most once a second while a sync brings pages

    def read_again(self) -> None:
        self._reload_keeping_place()


def _local_zone() -> Any:
    return datetime.now().astimezone().tzinfo
