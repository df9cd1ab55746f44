"""What the Moderation page says about the queue, and the controls that narrow it: why an item
is queued, report reasons and decisions in words, the removal reasons and snooze lengths offered,
the filter bar with its saved views, and the list of keys.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.domain.lexicon import SEVERITIES
from studio.store.moderation_queue import QueueFilter, QueueItem
from studio.ui.i18n import tr


def author_of(row: QueueItem) -> str:
    return row.author or tr("(deleted member)")


def reason_name(code: str) -> str:
    """A report reason as reporters chose it, in words (an unknown code is shown as it is)."""
    names = {
        "spam": tr("spam"),
        "scam": tr("scam"),
        "harassment": tr("harassment"),
        "abuse": tr("abuse"),
        "off_topic": tr("off-topic"),
        "confidential_information": tr("confidential information"),
        "misinformation": tr("misinformation"),
        "impersonation": tr("impersonation"),
        "other": tr("other"),
    }
    return names.get(code, code.replace("_", " "))


@lru_cache(maxsize=2048)
def why_queued(row: QueueItem) -> str:
    """Why the post is in the queue, in a few words: approval, reports by reason, lexicon.
    Kept per row (the list paints it at each repaint); cleared when the language changes."""
    parts = []
    if row.pending:
        parts.append(tr("Awaiting approval"))
    if row.report_count:
        reasons = ", ".join(
            f"{reason_name(reason)} ×{count}" if count > 1 else reason_name(reason)
            for reason, count in row.reasons
        )
        count = tr("%n report(s)", "", row.report_count)
        parts.append(f"{count}: {reasons}" if reasons else count)
    if row.lexicon_hit:
        parts.append(
            tr("Lexicon ({severity}): {terms}").format(
                severity=severity_name(row.severity), terms=row.terms
            )
        )
    return " · ".join(parts) or tr("In the queue")


def severity_name(rank: int) -> str:
    names = {"low": tr("low"), "medium": tr("medium"), "high": tr("high")}
    return names.get(SEVERITIES[rank - 1], "") if 1 <= rank <= len(SEVERITIES) else ""


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


def outcome_of(action: str, reason: str) -> str:
    """What a decision did, as the list shows it on the decided row."""
    if action == "approve":
        return tr("Approved")
    if action == "remove":
        return tr("Removed: {reason}").format(reason=reason) if reason else tr("Removed")
    if action == "escalate":
        return tr("Escalated")
    return action


def snooze_labels() -> dict[str, str]:
    return {
        "1h": tr("For an hour"),
        "4h": tr("For four hours"),
        "tomorrow": tr("Until tomorrow, 9:00"),
        "week": tr("For a week"),
    }


class FilterBar(QWidget):
    """Filters of the queue and saved views; ``changed`` fires when the filter changes."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.views = QComboBox()
        self.views.setObjectName("saved-views")
        self.save_view = QPushButton()
        self.delete_view = QPushButton()
        self.kind = QComboBox()
        self.reason = QComboBox()
        self.band = QComboBox()
        self.claim = QComboBox()
        self.author = QLineEdit()
        self.thread = QLineEdit()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        self.views_label = QLabel()
        self.views_label.setBuddy(self.views)
        top.addWidget(self.views_label)
        top.addWidget(self.views, 1)
        top.addWidget(self.save_view)
        top.addWidget(self.delete_view)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kind, self.reason, self.band, self.claim):
            row.addWidget(widget, 1)
        self.typed = QHBoxLayout()
        self.typed.setContentsMargins(0, 0, 0, 0)
        self.typed.addWidget(self.author, 1)
        self.typed.addWidget(self.thread, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addLayout(self.typed)
        self._quiet = False
        self.retranslate_ui()
        # Names are typed: the filter follows after a pause, not at each key.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self._changed)
        for combo in (self.kind, self.reason, self.band, self.claim):
            combo.currentIndexChanged.connect(self._changed)
        for edit in (self.author, self.thread):
            edit.textChanged.connect(lambda _text: self._quiet or self._typing.start())

    def retranslate_ui(self) -> None:
        self._quiet = True
        self._fill(
            self.kind,
            [
                ("", tr("Every kind")),
                ("pending", tr("Awaiting approval")),
                ("reported", tr("Reported")),
                ("lexicon", tr("Lexicon hits")),
            ],
        )
        self._fill(
            self.band,
            [
                ("", tr("Any priority")),
                ("high", tr("High priority")),
                ("medium", tr("Medium priority")),
                ("low", tr("Low priority")),
            ],
        )
        self._fill(
            self.claim,
            [
                ("", tr("Claimed or not")),
                ("mine", tr("Claimed by me")),
                ("unclaimed", tr("Unclaimed")),
            ],
        )
        if self.reason.count() == 0:
            self.set_reasons([])
        self._quiet = False
        self.views_label.setText(tr("&View:"))
        self.save_view.setText(tr("Save view…"))
        self.delete_view.setText(tr("Delete view"))
        self.author.setPlaceholderText(tr("Author…"))
        self.thread.setPlaceholderText(tr("Thread…"))
        self.author.setAccessibleName(tr("Author"))
        self.thread.setAccessibleName(tr("Thread"))
        self.kind.setAccessibleName(tr("Kind"))
        self.reason.setAccessibleName(tr("Report reason"))
        self.band.setAccessibleName(tr("Priority"))
        self.claim.setAccessibleName(tr("Claim"))
        self.views.setAccessibleName(tr("Saved views"))

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.clear()
        for value, label in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))

    def set_reasons(self, reasons: list[str]) -> None:
        self._quiet = True
        self._fill(self.reason, [("", tr("Any reason"))] + [(r, reason_name(r)) for r in reasons])
        self._quiet = False

    def value(self, text: str = "") -> QueueFilter:
        return QueueFilter(
            kind=self.kind.currentData() or "",
            reason=self.reason.currentData() or "",
            author=self.author.text(),
            thread=self.thread.text(),
            band=self.band.currentData() or "",
            claim=self.claim.currentData() or "",
            text=text,
        )

    def show_filter(self, f: QueueFilter) -> None:
        """Set every control to ``f`` (a saved view), announcing one change."""
        self._quiet = True
        for combo, value in (
            (self.kind, f.kind),
            (self.band, f.band),
            (self.claim, f.claim),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        if f.reason and self.reason.findData(f.reason) < 0:
            self.reason.addItem(reason_name(f.reason), f.reason)
        self.reason.setCurrentIndex(max(0, self.reason.findData(f.reason)))
        self.author.setText(f.author)
        self.thread.setText(f.thread)
        self._quiet = False
        self._typing.stop()
        self.changed.emit()

    def _changed(self, *_args: Any) -> None:
        if not self._quiet:
            self.changed.emit()


class KeysDialog(QDialog):
    """Every key of the page, from the same table the shortcuts are made from."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Moderation keys"))
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([tr("Key"), tr("What it does")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(560, 560)
        self.setModal(True)

    def show_keys(self, keys: list[tuple[str, str]]) -> None:
        self.table.setRowCount(len(keys))
        for number, (key, what) in enumerate(keys):
            self.table.setItem(number, 0, QTableWidgetItem(key))
            self.table.setItem(number, 1, QTableWidgetItem(what))
        self.table.resizeColumnToContents(0)
