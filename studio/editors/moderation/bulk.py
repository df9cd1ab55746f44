"""Bulk decisions on an explicit set: the posts the moderator selected (ctrl/shift, x to add or
drop the current one, Ctrl+A for every one shown), listed one by one with a context strip before
anything happens, one decision and one reason for all, confirmed.

An item that changes while the list is open (a colleague decides it and the sync brings it, the
Hub's copy moves) is marked at once, and at confirmation every item is checked again against
what was shown (studio/store/moderation_context.bulk_decide): the changed ones are left out and
named. There is no "resolve all": only the items listed are ever touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.domain.instants import from_wire, utc_now
from studio.domain.records import RecordType
from studio.editors.moderation.context_pane import clock_time, wire_time
from studio.store.moderation_context import (
    BulkItem,
    BulkOutcome,
    LeftOut,
    bulk_decide,
    bulk_items,
)
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.format import decision_name
from studio.ui.i18n import tr

if TYPE_CHECKING:
    from studio.store.workspace import Changes

ACTIONS = ("remove", "approve", "escalate")


def action_label(action: str, count: int) -> str:
    labels = {
        "remove": tr("Remove %n post(s)", "", count),
        "approve": tr("Approve %n post(s)", "", count),
        "escalate": tr("Escalate %n post(s)", "", count),
    }
    return labels[action]


def action_name(action: str) -> str:
    return {"remove": tr("Remove"), "approve": tr("Approve"), "escalate": tr("Escalate")}[action]


def strip(item: BulkItem) -> str:
    """One line of context for an item: who, where, why it is queued, what it says, claims."""
    parts = [item.author or tr("(deleted member)"), item.thread]
    parts.append(
        tr("%n report(s)", "", item.report_count) if item.report_count else tr("Awaiting approval")
    )
    if item.claimed_by and item.claimed_until:
        try:
            until = from_wire(item.claimed_until)
        except ValueError:
            until = None
        if until is not None and until > utc_now():
            parts.append(
                tr("claimed by {who} until {until}").format(
                    who=item.claimed_by, until=clock_time(until)
                )
            )
    return " · ".join(parts) + f"\n“{item.excerpt}”"


def left_out_text(left: LeftOut) -> str:
    """Why an item was left out, as a sentence."""
    if left.why == "gone":
        return tr("“{post}”: no longer in the workspace.").format(post=left.item.excerpt)
    if left.why == "decided":
        return tr("“{post}”: {verb} by {who} at {at} meanwhile.").format(
            post=left.item.excerpt,
            verb=decision_name(left.action),
            who=left.by or tr("a colleague"),
            at=wire_time(left.at),
        )
    return tr("“{post}”: changed since you chose it.").format(post=left.item.excerpt)


class BulkDialog(QDialog):
    """The fixed list, one decision, one reason, confirm. ``outcome`` is set once done."""

    def __init__(
        self,
        context: PageContext,
        items: list[BulkItem],
        reasons: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bulk-decision")
        self.context = context
        self.items = list(items)  # fixed: nothing is added or dropped while the dialog is open
        self.ids = {i.id for i in self.items}
        self.changed: dict[str, str] = {}  # id -> why it will be left out
        self.outcome: BulkOutcome | None = None
        self.heading = QLabel()
        self.heading.setObjectName("bulk-heading")
        self.list = QListWidget()
        self.list.setObjectName("bulk-items")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.list.setMinimumHeight(200)
        self.action = QComboBox()
        self.action.setObjectName("bulk-action")
        for action in ACTIONS:
            self.action.addItem(action_name(action), action)
        self.reason = QComboBox()
        self.reason.setObjectName("bulk-reason")
        self.reason.setEditable(True)  # one reason for all: a template, or typed
        self.reason.addItems(reasons)
        self.result = QLabel()
        self.result.setObjectName("bulk-result")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox()
        self.confirm = QPushButton()
        self.confirm.setObjectName("bulk-confirm")
        self.confirm.setDefault(True)
        self.buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.confirm.clicked.connect(self._confirm)
        self.cancel.clicked.connect(self.reject)
        self.action.currentIndexChanged.connect(lambda _i: self._update())
        form = QFormLayout()
        self.action_label = QLabel(tr("Decision"))
        self.reason_label = QLabel(tr("Reason, for every one"))
        form.addRow(self.action_label, self.action)
        form.addRow(self.reason_label, self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        self.setWindowTitle(tr("Decide on the selected posts"))
        self.resize(720, 560)
        for item in self.items:
            row = QListWidgetItem(strip(item))
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            self.list.addItem(row)
        context.on_changes(self._on_changes)
        self._update()

    def action_chosen(self) -> str:
        return str(self.action.currentData())

    def _update(self) -> None:
        count = len(self.items)
        text = tr("These %n post(s), and only these, will be decided:", "", count)
        if self.changed:
            text += "\n" + tr(
                "%n of them changed meanwhile and will be left out.", "", len(self.changed)
            )
        self.heading.setText(text)
        self.confirm.setText(action_label(self.action_chosen(), count - len(self.changed)))
        self.reason.setEnabled(self.action_chosen() == "remove")

    # -- items changing while the list is open ---------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        touched = [i for i in changes.ids(RecordType.POST) if i in self.ids]
        if not touched or self.outcome is not None:
            return
        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: bulk_items(workspace, touched),
            lambda now: self._compare(touched, now),
            what="checking the selected posts",
        )

    def _compare(self, touched: list[str], now: list[BulkItem]) -> None:
        if self.outcome is not None:
            return
        current = {i.id: i for i in now}
        for number, item in enumerate(self.items):
            if item.id not in touched:
                continue
            fresh = current.get(item.id)
            if fresh is None:
                why = tr("No longer in the workspace: it will be left out.")
            elif (fresh.version, fresh.state, fresh.decision) != (
                item.version,
                item.state,
                item.decision,
            ):
                decided = fresh.decision or {}
                why = (
                    tr("Decided by {who} meanwhile: it will be left out.").format(
                        who=decided.get("by") or tr("a colleague")
                    )
                    if decided.get("action") and fresh.decision != item.decision
                    else tr("Changed meanwhile: it will be left out.")
                )
            else:
                continue
            self.changed[item.id] = why
            row = self.list.item(number)
            row.setText(strip(item) + "\n⚠ " + why)
            row.setForeground(QColor(170, 90, 0))
        self._update()

    # -- confirming ------------------------------------------------------------------------------

    def _confirm(self) -> None:
        if self.outcome is not None:
            self.accept()
            return
        action = self.action_chosen()
        reason = self.reason.currentText().strip() if action == "remove" else ""
        if action == "remove" and not reason:
            self.result.setText(tr("Give the reason for removing them."))
            return
        self.confirm.setEnabled(False)
        self.cancel.setEnabled(False)
        workspace, items = self.context.workspace, self.items
        self.context.tasks.write(
            lambda: bulk_decide(workspace, items, action, reason),
            self._done,
            self._failed,
            what="deciding on several posts",
        )

    def _done(self, outcome: BulkOutcome) -> None:
        self.outcome = outcome
        lines = [
            tr("%n post(s) decided.", "", len(outcome.decided)),
        ]
        if outcome.left_out:
            lines.append(tr("Left out, because they changed while you looked:"))
            lines += [left_out_text(left) for left in outcome.left_out]
        self.result.setText("\n".join(lines))
        decided = set(outcome.decided)
        for number in range(self.list.count()):
            row = self.list.item(number)
            if row.data(Qt.ItemDataRole.UserRole) in decided:
                row.setText("✓ " + row.text())
        self.confirm.setText(tr("Close"))
        self.confirm.setEnabled(True)
        self.action.setEnabled(False)
        self.reason.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        self.confirm.setEnabled(True)
        self.cancel.setEnabled(True)
        self.result.setText(describe_error(exc))


def open_bulk(
    context: PageContext,
    post_ids: list[str],
    reasons: list[str],
    parent: QWidget,
    opened: Callable[[BulkDialog], None],
) -> None:
    """Read the chosen posts off the UI thread, then show the dialog for them (``opened`` is
    given the dialog)."""
    workspace = context.workspace

    def show(items: list[BulkItem]) -> None:
        dialog = BulkDialog(context, items, reasons, parent)
        opened(dialog)
        dialog.open()

    context.tasks.run(lambda: bulk_items(workspace, post_ids), show, what="reading the selection")
