"""The sync panel: last sync, changes waiting (each with its state and last error), conflicts to
resolve, changes the Hub refused (with its reason), and what the sync did.

Every list is a lazy model paged off the UI thread; the panel reloads after a short pause when
the workspace announces changes, and only while it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.domain.instants import from_wire
from studio.store import conflicts, outbox, replica
from studio.ui.conflict_view import field_name, open_conflict
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.format import decision_name, local_time, your_decision
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column, Fetch, LazyTableModel

if TYPE_CHECKING:
    from studio.store.workspace import Changes


def record_kind(record_type: str) -> str:
    names = {
        "article": tr("Article"),
        "webinar": tr("Webinar"),
        "post": tr("Post"),
        "thread": tr("Thread"),
        "member": tr("Member"),
        "poll": tr("Poll"),
        "lexicon_term": tr("Lexicon term"),
        "kit_item": tr("Kit item"),
        "review_comment": tr("Review comment"),
    }
    return names.get(record_type, record_type)


def change_kind(action: str) -> str:
    names = {
        "create": tr("New"),
        "update": tr("Changed"),
        "delete": tr("Deleted"),
        "decide": tr("Decision"),
        "report": tr("Report"),
        "respond": tr("Response"),
        "claim": tr("Claim"),
        "note": tr("Note on a member"),
        "strike": tr("Strike"),
        "approve_staged": tr("Pending revision approved"),
        "discard_staged": tr("Pending revision discarded"),
    }
    return names.get(action, action)


def op_state(state: str, attempts: int) -> str:
    if state == "sent":
        return tr("Sent, waiting for the Hub's answer (attempt %n)", "", attempts)
    names = {"queued": tr("Waiting"), "rejected": tr("Refused by the Hub")}
    return names.get(state, state)


def activity_text(row: outbox.ActivityRow) -> str:
    """What the sync did, as a sentence (a lost decision: "Removed by Mo at 10:42 before your
    approval")."""
    d = row.details
    if row.action == "decision_lost" and d.get("by"):
        try:
            at = local_time(from_wire(d["at"])) if d.get("at") else ""
        except ValueError:
            at = ""
        return tr("“{post}”: {action} by {by} at {at}, before {mine}.").format(
            post=d.get("post", ""),
            action=decision_name(d.get("action", "")).capitalize(),
            by=d["by"],
            at=at,
            mine=your_decision(d.get("mine", "")),
        )
    names = {
        "conflict": tr("Conflict"),
        "merged": tr("Merged"),
        "rejected": tr("Refused"),
        "resolved": tr("Resolved"),
        "send_again": tr("Sent again"),
        "decision_lost": tr("Decided elsewhere first"),
    }
    return f"{names.get(row.action, row.action)}: {row.summary}"


class _List(QWidget):
    """A lazy table with buttons under it."""

    def __init__(
        self,
        context: PageContext,
        columns: list[Column],
        fetch: Fetch,
        row_id: Callable[[Any], Any],
        stretch: int = 0,
    ) -> None:
        super().__init__()
        self.model = LazyTableModel(context.tasks, columns, fetch, row_id=row_id)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # One column takes the room; the others keep a width the user can drag.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setDefaultSectionSize(170)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(self.buttons)
        self.model.fetchMore()

    def current(self) -> Any:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def add_button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _c=False: slot())
        self.buttons.addWidget(button)
        return button


class SyncPanel(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SyncPanel")
        self.context = context
        ws = context.workspace
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.waiting = _List(
            context,
            [
                Column(lambda: tr("Record"), lambda r: f"{record_kind(r.record_type)}: {r.label}"),
                Column(lambda: tr("Change"), lambda r: change_kind(r.action)),
                Column(lambda: tr("State"), lambda r: op_state(r.state, r.attempts)),
                Column(lambda: tr("Made"), lambda r: local_time(r.created_at)),
            ],
            lambda after, limit: outbox.waiting_page(ws, after, limit),
            row_id=lambda r: r.seq,
        )
        self.conflicts = _List(
            context,
            [
                Column(lambda: tr("Record"), lambda r: f"{record_kind(r.record_type)}: {r.label}"),
                Column(lambda: tr("Fields"), lambda r: ", ".join(map(field_name, r.fields))),
                Column(lambda: tr("Found"), lambda r: local_time(r.detected_at)),
            ],
            lambda after, limit: conflicts.conflicts_page(ws, after, limit),
            row_id=lambda r: r.id,
        )
        self.resolve_button = self.conflicts.add_button(tr("&Resolve…"), self.resolve_current)
        self.conflicts.table.activated.connect(lambda _i: self.resolve_current())
        self.refused = _List(
            context,
            [
                Column(lambda: tr("Record"), lambda r: f"{record_kind(r.record_type)}: {r.label}"),
                Column(lambda: tr("Change"), lambda r: change_kind(r.action)),
                Column(lambda: tr("The Hub's reason"), lambda r: r.error, lambda r: r.error),
            ],
            lambda after, limit: outbox.refused_page(ws, after, limit),
            row_id=lambda r: r.seq,
            stretch=2,
        )
        self.send_again_button = self.refused.add_button(tr("Send &again"), self._send_again)
        self.dismiss_button = self.refused.add_button(tr("Set &aside"), self._dismiss)
        self.dismiss_button.setToolTip(
            tr("Take it off this list; the change stays in the record here.")
        )
        self.history = _List(
            context,
            [
                Column(lambda: tr("When"), lambda r: local_time(r.at)),
                Column(lambda: tr("What happened"), activity_text, activity_text),
            ],
            lambda after, limit: outbox.activity_page(ws, after, limit),
            row_id=lambda r: r.seq,
            stretch=1,
        )
        for tab in (self.waiting, self.conflicts, self.refused, self.history):
            self.tabs.addTab(tab, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self._state: dict[str, Any] = {}
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(250)
        self._reload.timeout.connect(self.refresh)
        context.on_changes(self._on_changes)
        self._stale = False
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if self.isVisible():
            self._reload.start()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        for tab in (self.waiting, self.conflicts, self.refused, self.history):
            tab.model.reload()
        ws = self.context.workspace
        self.context.tasks.run(lambda: replica.state(ws), self._show_state, what="sync state")

    def _show_state(self, state: dict[str, Any]) -> None:
        self._state = state
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        s = self._state
        self.tabs.setTabText(0, tr("Waiting (%n)", "", int(s.get("queued", 0))))
        self.tabs.setTabText(1, tr("Conflicts (%n)", "", int(s.get("conflicts", 0))))
        self.tabs.setTabText(2, tr("Refused (%n)", "", int(s.get("rejected", 0))))
        self.tabs.setTabText(3, tr("History"))
        if not s.get("hub"):
            self.summary.setText(tr("This workspace is not linked to a Hub."))
        else:
            last = s.get("last_sync_at")
            when = local_time(from_wire(last)) if last else tr("never")
            self.summary.setText(
                tr("{account} on {hub}. Last sync: {when}.").format(
                    account=s.get("account", ""), hub=s["hub"], when=when
                )
            )
        error = s.get("last_error") or ""
        self.message.setText(tr("Last problem: {error}").format(error=error) if error else "")

    # -- actions -------------------------------------------------------------------------------

    def resolve_current(self) -> None:
        row = self.conflicts.current()
        if row is None:
            self.message.setText(tr("Choose a conflict to resolve."))
            return
        self.open_conflict(row.id)

    def open_conflict(self, conflict_id: int) -> None:
        open_conflict(self.context.workspace, self.context.tasks, conflict_id, self.window())

    def _send_again(self) -> None:
        self._on_refused(outbox.send_again)

    def _dismiss(self) -> None:
        self._on_refused(outbox.dismiss)

    def _on_refused(self, action: Callable[[Any, int], None]) -> None:
        row = self.refused.current()
        if row is None:
            self.message.setText(tr("Choose a refused change first."))
            return
        ws = self.context.workspace
        self.context.tasks.write(
            lambda: action(ws, row.seq),
            None,
            lambda exc: self.message.setText(describe_error(exc)),
            what="refused change",
        )
