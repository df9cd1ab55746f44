"""Beside the post: the thread around it, the author's history (posts, reports against them,
decisions, notes and strikes), the reports with their reporters, and who has claimed it or
decided it first. Read on the pool, never on the UI thread; a quick run of j/k reads only the
post the moderator stops on.

Below it, what goes with the next decision on the post: a strike on the author (with a
removal) and a note on the author, optionally expiring; and the two display settings for media
in posts (blur, greyscale).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QTimer, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from studio.domain.instants import from_wire, utc_now
from studio.domain.records import RecordType
from studio.store.moderation_context import (
    Claim,
    DecisionLine,
    LostDecision,
    NoteLine,
    PostContext,
    PostLine,
    ReportLine,
    add_member_entry,
    post_context,
)
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.format import decision_name, local_time, your_decision
from studio.ui.i18n import tr
from studio.ui.safe_browser import SafeBrowser

if TYPE_CHECKING:
    from collections.abc import Callable

    from studio.store.workspace import Changes

#: Note lifetimes offered, in days (0: kept until removed).
NOTE_DAYS = (0, 30, 90, 365)


def clock_time(instant: datetime | None) -> str:
    """An instant as the viewer reads it: the time alone today, else date and time."""
    if instant is None:
        return ""
    zone = QTimeZone.systemTimeZone()
    local = QDateTime.fromMSecsSinceEpoch(int(instant.timestamp() * 1000), zone)
    today = QDateTime.currentDateTime().toTimeZone(zone).date()
    if local.date() == today:
        return local.toString("HH:mm")
    return local_time(instant)


def wire_time(text: str | None) -> str:
    if not text:
        return ""
    try:
        return clock_time(from_wire(text))
    except ValueError:
        return text


def claim_text(claim: Claim) -> str:
    return tr("Claimed by {who} until {until}").format(who=claim.by, until=clock_time(claim.until))


def first_decision_text(context: PostContext) -> str:
    """ "Mo removed this post at 10:41 (Spam); your approval was not applied.", or ""."""
    first = context.first_decision()
    if first is None:
        return ""
    mine = [d for d in context.decisions if d.outcome == "lost"][-1]
    return tr(
        "{who} {verb} this post first, at {at}{why}; {mine} ({when}) was not applied. "
        "Both are kept in the history."
    ).format(
        who=first.by,
        verb=decision_name(first.action),
        at=wire_time(first.at),
        why=f" ({first.reason})" if first.reason else "",
        mine=your_decision(mine.action),
        when=wire_time(mine.at),
    )


def lost_text(lost: LostDecision) -> str:
    """A lost decision as a sentence: who decided what first, and what was decided here."""
    theirs = lost.theirs
    if theirs is None:
        return tr("“{post}”: a colleague decided first; your decision was not applied.").format(
            post=lost.excerpt
        )
    return tr(
        "{who} {verb} “{post}” first, at {at}; {mine} ({when}) was not applied. Both are "
        "kept in the history."
    ).format(
        who=theirs.by,
        verb=decision_name(theirs.action),
        post=lost.excerpt,
        at=wire_time(theirs.at),
        mine=your_decision(lost.mine.action),
        when=wire_time(lost.mine.at),
    )


def state_name(state: str) -> str:
    names = {
        "pending": tr("awaiting approval"),
        "visible": tr("visible"),
        "removed": tr("removed"),
        "escalated": tr("escalated"),
    }
    return names.get(state, state)


def outcome_name(outcome: str) -> str:
    names = {
        "applied": "",
        "local": tr("waiting to sync"),
        "lost": tr("not applied: decided first elsewhere"),
    }
    return names.get(outcome, outcome)


class ContextPane(QWidget):
    """See the module's docstring. ``shown`` is the context on screen (None while loading)."""

    def __init__(
        self,
        context: PageContext,
        on_display_changed: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("moderation-context")
        self.context = context
        self.on_display_changed = on_display_changed
        self.post_id: str | None = None
        self.shown: PostContext | None = None
        self._generation = 0
        #: What was chosen to go with a decision, by post, kept while the moderator looks at
        #: other posts: (strike, note, days, author id).
        self._drafts: dict[str, tuple[bool, str, int, str | None]] = {}
        self._sticky = ""  # a message for the moderator, kept through the next read
        self.banner = QLabel()
        self.banner.setObjectName("context-banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.notice = QLabel()
        self.notice.setObjectName("context-notice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        # Both stand out in either theme: a translucent amber behind the palette's own text.
        for label in (self.banner, self.notice):
            label.setStyleSheet(
                "QLabel { background: rgba(255, 170, 0, 0.22); border-radius: 4px;"
                " padding: 6px; font-weight: bold; }"
            )
        self.view = SafeBrowser()
        self.view.setObjectName("context-view")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.strike = QCheckBox()
        self.strike.setObjectName("context-strike")
        self.note = QLineEdit()
        self.note.setObjectName("context-note")
        self.note.setMaxLength(5000)
        self.expiry = QComboBox()
        self.expiry.setObjectName("context-note-expiry")
        self.blur = QCheckBox()
        self.blur.setObjectName("setting-blur-media")
        self.grey = QCheckBox()
        self.grey.setObjectName("setting-greyscale-media")
        self.blur.setChecked(bool(context.settings.blur_media))
        self.grey.setChecked(bool(context.settings.greyscale_media))
        self.blur.toggled.connect(lambda on: self._set_display("blur_media", on))
        self.grey.toggled.connect(lambda on: self._set_display("greyscale_media", on))
        self.with_decision = QLabel()
        self.with_decision.setWordWrap(True)
        form = QFormLayout()
        self.note_label = QLabel()
        self.expiry_label = QLabel()
        form.addRow(self.note_label, self.note)
        form.addRow(self.expiry_label, self.expiry)
        display = QHBoxLayout()
        display.addWidget(self.blur)
        display.addWidget(self.grey)
        display.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.with_decision)
        layout.addWidget(self.strike)
        layout.addLayout(form)
        layout.addLayout(display)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)  # j/k held down reads only where the moderator stops
        self._timer.timeout.connect(self._load)
        context.on_changes(self._on_changes)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.with_decision.setText(tr("With the next decision on this post:"))
        self.strike.setText(tr("Add a strike to the author (removals only)"))
        self.note_label.setText(tr("Note on the author"))
        self.note.setPlaceholderText(tr("Kept on the member, seen by every moderator"))
        self.note.setAccessibleName(tr("Note on the author"))
        self.expiry_label.setText(tr("Note expires"))
        current = self.expiry.currentIndex()
        self.expiry.clear()
        for days in NOTE_DAYS:
            self.expiry.addItem(tr("Never") if not days else tr("After %n day(s)", "", days), days)
        self.expiry.setCurrentIndex(max(0, current))
        self.blur.setText(tr("Blur images until revealed"))
        self.grey.setText(tr("Greyscale images until revealed"))
        self.view.setAccessibleName(tr("Context of the post"))

    # -- which post ------------------------------------------------------------------------------

    def show_post(self, post_id: str | None) -> None:
        """Show the context of ``post_id`` (None: nothing)."""
        if post_id != self.post_id:
            self._keep_draft()
            self.post_id = post_id
            self.shown = None
            self.banner.setVisible(False)
            self.view.show_html("")
            self.status.setText(tr("Reading the context…") if post_id else "")
            self._restore_draft()
        self._timer.start()

    def _load(self) -> None:
        self._generation += 1
        generation, post_id = self._generation, self.post_id
        if post_id is None:
            return
        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: post_context(workspace, post_id),
            lambda found: self._arrived(generation, found),
            lambda exc: self._failed(generation, exc),
            what="reading a post's context",
        )

    def _arrived(self, generation: int, found: PostContext) -> None:
        if generation != self._generation:
            return
        self.shown = found
        self.status.setText(self._sticky)
        self._sticky = ""
        self.view.show_html(render(found))
        self.show_banner()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.status.setText(describe_error(exc))

    def show_banner(self) -> None:
        """The claim of a colleague, or a decision made first elsewhere, above the context."""
        shown = self.shown
        lines = []
        if shown is not None:
            first = first_decision_text(shown)
            if first:
                lines.append(first)
            claim = shown.claimed_by_other()
            if claim is not None and shown.state in ("pending", "visible"):
                lines.append(claim_text(claim))
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def show_notice(self, lost: list[LostDecision]) -> None:
        """Say which decisions made here lost to a colleague's, and what stands instead."""
        lines = [lost_text(one) for one in lost]
        self.notice.setText("\n".join(lines))
        self.notice.setVisible(bool(lines))

    def _on_changes(self, changes: Changes) -> None:
        if self.post_id is None:
            return
        if self.post_id in changes.ids(RecordType.POST) or (
            self.shown is not None
            and self.shown.author_id is not None
            and self.shown.author_id in changes.ids(RecordType.MEMBER)
        ):
            self._timer.start()

    # -- what goes with a decision ---------------------------------------------------------------

    def _keep_draft(self) -> None:
        if self.post_id is None:
            return
        strike, note = self.strike.isChecked(), self.note.text()
        days = int(self.expiry.currentData() or 0)
        author = self.shown.author_id if self.shown is not None else None
        if author is None and self.post_id in self._drafts:
            author = self._drafts[self.post_id][3]
        if strike or note.strip():
            self._drafts[self.post_id] = (strike, note, days, author)
        else:
            self._drafts.pop(self.post_id, None)

    def _restore_draft(self) -> None:
        strike, note, days, _author = self._drafts.get(self.post_id or "", (False, "", 0, None))
        self.strike.setChecked(strike)
        self.note.setText(note)
        self.expiry.setCurrentIndex(max(0, self.expiry.findData(days)))

    def decided(self, post_id: str, action: str) -> None:
        """A decision was made on ``post_id``: queue the strike and note chosen for it."""
        if post_id == self.post_id:
            self._keep_draft()
        draft = self._drafts.pop(post_id, None)
        if post_id == self.post_id:
            self._restore_draft()  # nothing left for the next decision
        if draft is None:
            return
        strike, text, days, author = draft
        if author is None:
            self.status.setText(tr("The author is unknown: no note or strike was kept."))
            return
        text = text.strip()
        entries: list[tuple[str, str]] = []
        if strike and action == "remove":
            entries.append(("strike", text))
        elif text:
            entries.append(("note", text))
        if strike and action != "remove":
            # Said under the next post's context (the one shown once this decision is made).
            self._sticky = tr("A strike goes only with a removal: none was added.")
        if not entries:
            return
        expires = utc_now() + timedelta(days=days) if days else None
        workspace = self.context.workspace

        def write() -> None:
            for kind, note in entries:
                add_member_entry(workspace, str(author), kind, note, post_id, expires)

        self.context.tasks.write(
            write,
            on_error=lambda exc: self.status.setText(describe_error(exc)),
            what="keeping a note on a member",
        )

    def _set_display(self, name: str, on: bool) -> None:
        setattr(self.context.settings, name, on)
        if self.on_display_changed is not None:
            self.on_display_changed()


# -- the context as HTML (everything from members is escaped: shown as text) -------------------


def _post_line(line: PostLine, with_author: bool = True) -> str:
    who = escape(line.author or tr("(deleted member)"))
    when = escape(local_time(line.created_at))
    state = escape(state_name(line.state))
    text = escape(line.excerpt)
    head = f"{who} · {when} · {state}" if with_author else f"{when} · {state}"
    if line.is_this:
        return f"<li><b>▶ {head}</b><br/><b>{text}</b></li>"
    return f"<li>{head}<br/>{text}</li>"


def _report_line(line: ReportLine, with_post: bool = False) -> str:
    who = escape(line.reporter or tr("(deleted member)"))
    record = ""
    if line.reporter_decided:
        record = " · " + escape(
            tr("{upheld} of {decided} earlier reports upheld").format(
                upheld=line.reporter_upheld, decided=line.reporter_decided
            )
        )
    note = f"<br/><i>{escape(line.note)}</i>" if line.note else ""
    post = f"<br/>{escape(tr('on'))} “{escape(line.post_excerpt)}”" if with_post else ""
    return (
        f"<li><b>{escape(line.reason)}</b> · {who} · "
        f"{escape(local_time(line.created_at))}{record}{note}{post}</li>"
    )


def _decision_line(line: DecisionLine, with_post: bool = False) -> str:
    outcome = outcome_name(line.outcome)
    extra = f" · <i>{escape(outcome)}</i>" if outcome else ""
    reason = f" — {escape(line.reason)}" if line.reason else ""
    post = f"<br/>“{escape(line.post_excerpt)}”" if with_post else ""
    return (
        f"<li>{escape(decision_name(line.action).capitalize())} {escape(tr('by'))} "
        f"{escape(line.by)} · {escape(wire_time(line.at))}{reason}{extra}{post}</li>"
    )


def _note_line(line: NoteLine) -> str:
    kind = tr("Strike") if line.kind == "strike" else tr("Note")
    bits = [escape(line.by), escape(wire_time(line.at))]
    if line.expires_at:
        until = wire_time(line.expires_at)
        bits.append(
            escape(
                tr("expired {at}").format(at=until)
                if line.expired()
                else tr("until {at}").format(at=until)
            )
        )
    if line.waiting:
        bits.append(escape(tr("waiting to sync")))
    text = f": {escape(line.text)}" if line.text else ""
    style = ' style="color:#888"' if line.expired() else ""
    return f"<li{style}><b>{escape(kind)}</b>{text}<br/>{' · '.join(bits)}</li>"


def _section(title: str, items: list[str], empty: str) -> str:
    body = f"<ul>{''.join(items)}</ul>" if items else f"<p><i>{escape(empty)}</i></p>"
    return f"<h3>{escape(title)}</h3>{body}"


def render(c: PostContext) -> str:
    """The context as HTML for the SafeBrowser; every member-written text is escaped."""
    parts = []
    if c.decisions:
        parts.append(
            _section(tr("Decisions on this post"), [_decision_line(d) for d in c.decisions], "")
        )
    parts.append(
        _section(
            tr("Reports (%n)", "", len(c.reports)),
            [_report_line(r) for r in c.reports],
            tr("Nobody has reported this post."),
        )
    )
    parts.append(
        _section(
            tr("Thread: {title}").format(title=c.thread_title or tr("(unknown thread)")),
            [_post_line(p) for p in c.thread],
            "",
        )
    )
    if c.author_id is None or c.author is None:
        parts.append(f"<h3>{escape(tr('Author'))}</h3><p>{escape(tr('(deleted member)'))}</p>")
        return "".join(parts)
    about = tr("{name}{company} · member since {joined} · %n strike(s)", "", c.strikes).format(
        name=c.author,
        company=f" ({c.company})" if c.company else "",
        joined=local_time(c.joined_at),
    )
    record = tr("{posts} posts, {removed} removed, {reports} reports against them").format(
        posts=c.author_posts, removed=c.author_removed, reports=c.author_reports
    )
    parts.append(f"<h3>{escape(tr('Author'))}</h3><p>{escape(about)}<br/>{escape(record)}</p>")
    parts.append(
        _section(
            tr("Notes and strikes"),
            [_note_line(n) for n in c.notes],
            tr("No notes or strikes."),
        )
    )
    parts.append(
        _section(
            tr("Past decisions on their posts"),
            [_decision_line(d, with_post=True) for d in c.author_decisions],
            tr("No decisions yet."),
        )
    )
    parts.append(
        _section(
            tr("Past reports on their posts"),
            [_report_line(r, with_post=True) for r in c.author_recent_reports],
            tr("No reports."),
        )
    )
    parts.append(
        _section(
            tr("Their latest posts"),
            [_post_line(p, with_author=False) for p in c.author_recent],
            "",
        )
    )
    return "".join(parts)
