"""One archive entry: its fields, its content as written (plain text) or rendered through the
sanitizer in the SafeBrowser, where it stands in the hash chain, and the legal holds on it."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.store.archive_queries import EntryDetail, HoldRow
from studio.ui.i18n import tr
from studio.ui.safe_browser import SafeBrowser
from studio.ui.widgets import escape

#: Payload fields shown as the text of an entry (a post's body, an article's), in this order.
TEXT_FIELDS = ("body",)
OK, BAD = "✓", "✗"


def kind_name(kind: str) -> str:
    names = {
        "post": tr("post"),
        "reply": tr("reply"),
        "report": tr("report"),
        "decision": tr("decision"),
        "poll_response": tr("poll response"),
        "publication": tr("publication"),
        "edit": tr("edit"),
        "deletion": tr("deletion"),
        "legal_hold": tr("legal hold"),
        "legal_hold_lifted": tr("hold lifted"),
    }
    return names.get(kind, kind)


def utc(at: str) -> str:
    """An archived instant as it was written, readable: ``2026-11-23 09:30:12 UTC``."""
    return f"{at[:19].replace('T', ' ')} UTC" if len(at) >= 19 else at


def written_text(payload: Any) -> str:
    """The entry's content as plain text: its body, then every other field as ``key: value``."""
    if not isinstance(payload, dict):
        return str(payload)
    lines: list[str] = []
    body = payload.get("body")
    if isinstance(body, str):
        lines += [body, "", "—"]
    for key, value in sorted(payload.items()):
        if key == "body":
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        lines.append(f"{key}: {shown}")
    return "\n".join(lines)


def hold_sync(hold: HoldRow) -> str:
    """Where a hold stands with the Hub, in words."""
    if hold.sync == "waiting":
        return tr("waiting to reach the Hub")
    if hold.sync == "refused":
        return tr("refused by the Hub: {why}").format(why=hold.refusal)
    return tr("recorded in the Hub's archive")


def hold_line(hold: HoldRow) -> str:
    what = tr("thread") if hold.scope == "thread" else tr("post")
    if hold.lifted_at:
        return (
            tr(
                "Lifted hold on this {what} (placed by {by} on {placed}: {reason}; lifted by "
                "{lifter} on {lifted}: {why})"
            ).format(
                what=what,
                by=hold.placed_by,
                placed=utc(hold.placed_at),
                reason=hold.reason,
                lifter=hold.lifted_by or "",
                lifted=utc(hold.lifted_at),
                why=hold.lift_reason or tr("no reason given"),
            )
            + f" · {hold_sync(hold)}"
        )
    return (
        tr("Legal hold on this {what}, placed by {by} on {placed}: {reason}").format(
            what=what, by=hold.placed_by, placed=utc(hold.placed_at), reason=hold.reason
        )
        + f" · {hold_sync(hold)}"
    )


class EntryView(QWidget):
    """``open_entry(seq)`` asks for another entry (a link in the chain status);
    ``show_thread(thread_id, title)`` asks the list for the entry's thread;
    ``place_hold(scope, subject_id, reason)`` and ``lift_hold(hold_id, reason)`` ask for holds;
    ``render_wanted(text)`` asks for the body rendered (the page renders off the UI thread)."""

    open_entry = Signal(int)
    show_thread = Signal(str, str)
    place_hold = Signal(str, str, str)
    lift_hold = Signal(str, str)
    render_wanted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: EntryDetail | None = None
        self.heading = QLabel()
        self.heading.setObjectName("entry-heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.fields = QFormLayout()
        self.actor = self._value()
        self.subject = self._value()
        self.thread_value = self._value()
        # Hashes are long unbreakable words: a read-only field scrolls them instead of
        # widening the pane, and selects and copies them whole.
        self.hash = self._hash_field()
        self.prev_hash = self._hash_field()
        self.thread_button = QPushButton()
        self.thread_button.clicked.connect(self._show_thread)
        thread_row = QHBoxLayout()
        thread_row.addWidget(self.thread_value, 1)
        thread_row.addWidget(self.thread_button)
        self.actor_label, self.subject_label = QLabel(), QLabel()
        self.thread_label, self.hash_label, self.prev_label = QLabel(), QLabel(), QLabel()
        self.fields.addRow(self.actor_label, self.actor)
        self.fields.addRow(self.subject_label, self.subject)
        self.fields.addRow(self.thread_label, thread_row)
        self.fields.addRow(self.hash_label, self.hash)
        self.fields.addRow(self.prev_label, self.prev_hash)
        self.chain = QLabel()
        self.chain.setObjectName("entry-chain")
        self.chain.setTextFormat(Qt.TextFormat.RichText)
        self.chain.setWordWrap(True)
        self.chain.setOpenExternalLinks(False)
        self.chain.linkActivated.connect(self._link)
        # The content: exactly as written (plain text), or rendered through the sanitizer.
        self.as_written = QPlainTextEdit()
        self.as_written.setObjectName("entry-text")
        self.as_written.setReadOnly(True)
        self.rendered = SafeBrowser()
        self.rendered.setObjectName("entry-rendered")
        self.content = QStackedWidget()
        self.content.addWidget(self.as_written)
        self.content.addWidget(self.rendered)
        self.render_toggle = QCheckBox()
        self.render_toggle.toggled.connect(self._toggle_rendered)
        # Holds on this entry (its post's and its thread's), and placing or lifting one.
        self.holds = QListWidget()
        self.holds.setObjectName("entry-holds")
        self.holds.setWordWrap(True)
        self.holds.setMaximumHeight(90)
        self.reason = QLineEdit()
        self.reason.setObjectName("hold-reason")
        self.hold_post = QPushButton()
        self.hold_post.setObjectName("hold-post")
        self.hold_thread = QPushButton()
        self.hold_thread.setObjectName("hold-thread")
        self.lift = QPushButton()
        self.lift.setObjectName("lift-hold")
        self.hold_post.clicked.connect(lambda: self._place("record"))
        self.hold_thread.clicked.connect(lambda: self._place("thread"))
        self.lift.clicked.connect(self._lift)
        self.holds.currentRowChanged.connect(lambda _row: self._enable())
        self.reason.textChanged.connect(lambda _text: self._enable())
        self.hold_note = QLabel()
        self.hold_note.setWordWrap(True)
        self.hold_note.setObjectName("hold-note")
        buttons = QHBoxLayout()
        buttons.addWidget(self.hold_post)
        buttons.addWidget(self.hold_thread)
        buttons.addWidget(self.lift)
        buttons.addStretch(1)
        self.body = QWidget()
        inner = QVBoxLayout(self.body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(self.fields)
        inner.addWidget(self.chain)
        inner.addWidget(self.render_toggle)
        inner.addWidget(self.content, 1)
        self.holds_heading = QLabel()
        inner.addWidget(self.holds_heading)
        inner.addWidget(self.holds)
        inner.addWidget(self.reason)
        inner.addLayout(buttons)
        inner.addWidget(self.hold_note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        self.retranslate_ui()
        self.show_detail(None)

    @staticmethod
    def _value() -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    @staticmethod
    def _hash_field() -> QLineEdit:
        field = QLineEdit()
        field.setReadOnly(True)
        field.setFrame(False)
        field.setStyleSheet("background: transparent; font-family: monospace;")
        return field

    def retranslate_ui(self) -> None:
        self.actor_label.setText(tr("Actor"))
        self.subject_label.setText(tr("Subject"))
        self.thread_label.setText(tr("Thread"))
        self.hash_label.setText(tr("Hash"))
        self.hash.setAccessibleName(tr("Hash"))
        self.prev_hash.setAccessibleName(tr("Previous hash"))
        self.prev_label.setText(tr("Previous hash"))
        self.thread_button.setText(tr("Show the thread"))
        self.render_toggle.setText(tr("Show rendered (sanitized, nothing loaded)"))
        self.as_written.setAccessibleName(tr("Content as written"))
        self.rendered.setAccessibleName(tr("Content rendered"))
        self.holds_heading.setText(tr("Legal holds"))
        self.reason.setPlaceholderText(tr("Reason for placing or lifting a hold (required)"))
        self.reason.setAccessibleName(tr("Hold reason"))
        self.hold_post.setText(tr("Hold this post"))
        self.hold_thread.setText(tr("Hold the thread"))
        self.lift.setText(tr("Lift the selected hold"))
        self.hold_note.setText(
            tr(
                "A held post or thread stays in the archive whatever the retention period, and "
                "the Hub refuses to delete it: moderators may still hide a post, never remove "
                "it. A hold goes to the Hub with the next sync and is written into the archive "
                "itself, so every compliance officer's copy shows it."
            )
        )

    # -- showing -------------------------------------------------------------------------------

    def show_missing(self, seq: int) -> None:
        self.show_detail(None)
        self.heading.setText(tr("Entry {seq} is not in this copy of the archive.").format(seq=seq))

    def show_detail(self, detail: EntryDetail | None) -> None:
        self.detail = detail
        self.body.setVisible(detail is not None)
        if detail is None:
            self.heading.setText(tr("Choose an entry to see it here."))
            self.as_written.setPlainText("")
            self.rendered.show_html("")
            self.holds.clear()
            return
        entry = detail.entry
        self.heading.setText(
            tr("Entry {seq} · {kind} · {at}").format(
                seq=entry["seq"], kind=kind_name(entry["kind"]), at=utc(entry["at"])
            )
            + (tr(" · past retention") if detail.past_retention else "")
        )
        actor = entry["actor"]
        self.actor.setText(f"{detail.actor_name} ({actor})" if detail.actor_name else actor)
        author = (
            tr("; written by {name}").format(name=detail.author_name) if detail.author_name else ""
        )
        self.subject.setText(f"{entry['subject_id']}{author}")
        self.thread_value.setText(
            f"{detail.thread} ({detail.thread_id})" if detail.thread else (detail.thread_id or "—")
        )
        self.thread_button.setEnabled(bool(detail.thread_id))
        # A post's or reply's own entry holds the post; others hold their subject record
        # (the post a decision is about, an article, a poll).
        on_a_post = entry["kind"] in ("post", "reply", "report", "decision")
        self.hold_post.setText(tr("Hold this post") if on_a_post else tr("Hold this record"))
        self.hash.setText(entry["hash"])
        self.hash.setCursorPosition(0)
        self.prev_hash.setText(entry["prev_hash"])
        self.prev_hash.setCursorPosition(0)
        self.chain.setText(self._chain_text(detail))
        self.as_written.setPlainText(written_text(entry["payload"]))
        self.rendered.show_html("")
        if self.render_toggle.isChecked():
            self._ask_render()
        self.holds.clear()
        for hold in detail.holds:
            item = QListWidgetItem(hold_line(hold))
            item.setData(Qt.ItemDataRole.UserRole, hold.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, hold.lifted_at is None)
            item.setToolTip(item.text())
            self.holds.addItem(item)
        in_force = [h for h in detail.holds if h.lifted_at is None]
        if in_force:
            self.holds.setCurrentRow(detail.holds.index(in_force[0]))
        self._enable()

    def show_rendered(self, html: str) -> None:
        self.rendered.show_html(html)

    def _chain_text(self, detail: EntryDetail) -> str:
        seq = int(detail.entry["seq"])
        lines = [
            f"{OK} " + escape(tr("Its hash recomputes from its fields."))
            if detail.hash_ok
            else f"<b>{BAD} "
            + escape(tr("Its hash does not match its fields: it was changed after it was written."))
            + "</b>"
        ]
        link = f'<a href="entry:{seq - 1}">{escape(tr("entry {seq}").format(seq=seq - 1))}</a>'
        if detail.prev_seq is None:
            lines.append(f"{OK} " + escape(tr("It is the first entry of the chain.")))
        elif not detail.prev_present:
            lines.append(
                f"<b>{BAD} "
                + tr("The entry before it ({link}) is missing from the copy.").format(link=link)
                + "</b>"
            )
        elif detail.prev_links:
            lines.append(
                f"{OK} "
                + tr("It follows {link}: its previous hash is that entry's hash.").format(link=link)
            )
        else:
            lines.append(
                f"<b>{BAD} "
                + tr(
                    "It does not follow {link}: that entry's hash is not its previous hash."
                ).format(link=link)
                + "</b>"
            )
        if detail.next_seq is not None:
            after = (
                f'<a href="entry:{detail.next_seq}">'
                f"{escape(tr('entry {seq}').format(seq=detail.next_seq))}</a>"
            )
            if detail.next_links and detail.next_seq == seq + 1:
                lines.append(f"{OK} " + tr("{link} follows it.").format(link=after))
            else:
                lines.append(
                    f"<b>{BAD} "
                    + tr("The next entry in the copy, {link}, does not follow it.").format(
                        link=after
                    )
                    + "</b>"
                )
        lines.append(escape(tr("Verify compares the whole copy with the Hub's head.")))
        for matched, term, severity in detail.lexicon:
            lines.append(
                "⚑ "
                + escape(
                    tr("Lexicon: “{text}” matches the term “{term}” ({severity}).").format(
                        text=matched, term=term, severity=severity
                    )
                )
            )
        return "<br>".join(lines)

    # -- actions -------------------------------------------------------------------------------

    def _link(self, href: str) -> None:
        if href.startswith("entry:"):
            try:
                self.open_entry.emit(int(href.removeprefix("entry:")))
            except ValueError:
                return

    def _show_thread(self) -> None:
        if self.detail is not None and self.detail.thread_id:
            self.show_thread.emit(self.detail.thread_id, self.detail.thread)

    def _toggle_rendered(self, on: bool) -> None:
        self.content.setCurrentWidget(self.rendered if on else self.as_written)
        if on:
            self._ask_render()

    def _ask_render(self) -> None:
        if self.detail is not None:
            payload = self.detail.entry["payload"]
            body = payload.get("body") if isinstance(payload, dict) else None
            self.render_wanted.emit(body if isinstance(body, str) else written_text(payload))

    def _selected_hold(self) -> tuple[str, bool] | None:
        item = self.holds.currentItem()
        if item is None:
            return None
        return str(item.data(Qt.ItemDataRole.UserRole)), bool(
            item.data(Qt.ItemDataRole.UserRole + 1)
        )

    def _enable(self) -> None:
        detail = self.detail
        reason = bool(self.reason.text().strip())
        in_force = (
            {(h.scope, h.subject_id) for h in detail.holds if h.lifted_at is None}
            if detail
            else set()
        )
        self.hold_post.setEnabled(
            detail is not None
            and reason
            and ("record", str(detail.entry["subject_id"])) not in in_force
        )
        self.hold_thread.setEnabled(
            detail is not None
            and reason
            and bool(detail.thread_id)
            and ("thread", str(detail.thread_id)) not in in_force
        )
        selected = self._selected_hold()
        self.lift.setEnabled(reason and selected is not None and selected[1])

    def _place(self, scope: str) -> None:
        if self.detail is None or not self.reason.text().strip():
            return
        subject = (
            str(self.detail.entry["subject_id"]) if scope == "record" else self.detail.thread_id
        )
        if subject:
            self.place_hold.emit(scope, subject, self.reason.text().strip())

    def _lift(self) -> None:
        selected = self._selected_hold()
        if selected is not None and selected[1] and self.reason.text().strip():
            self.lift_hold.emit(selected[0], self.reason.text().strip())

    def hold_done(self) -> None:
        """A hold was placed or lifted: the reason has served."""
        self.reason.clear()

    def set_reason_problem(self, message: str) -> None:
        self.hold_note.setText(message)
