"""The workspace's copy of the Hub's compliance archive: pulled page by page, checked, searched.

Entries are only ever inserted, exactly as the Hub gave them (the hash covers ``at`` as text and
the payload as canonical JSON, so both are kept that way); each page goes in with the position
it brings the copy to, in one transaction, like the change feed. Verification recomputes every
hash and link (``studio.domain.archive.audit_chain``), compares the end with the position the
pull recorded and, when the Hub can be asked, with the Hub's head.

Legal holds and retention live here too: a hold on a record or a thread keeps its entries from
ever being past retention; nothing is deleted either way (past retention means hidden from
views, a choice the compliance officer makes by the retention period).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, insert, or_, select, text
from sqlalchemy.orm import Session

from studio.domain.archive import GENESIS, ChainProblem, audit_chain, canonical_json
from studio.domain.archive_export import Written, write_package
from studio.domain.ids import new_id
from studio.domain.instants import from_wire, to_wire, utc_now
from studio.domain.lexicon import Hit, Lexicon
from studio.domain.records import OutboxState
from studio.store.models import (
    ArchiveEntry,
    ArchiveHold,
    ArchiveState,
    Member,
    OutboxOp,
    Post,
    Thread,
)
from studio.store.search import match_expression
from studio.store.workspace import OperationError, Workspace, Write

#: Kinds whose subject is a post: their thread is that post's thread.
ON_A_POST = frozenset({"report", "decision"})
#: Payload fields search reads, in this order.
TEXT_FIELDS = ("title", "body", "action", "reason", "note")
#: Entries read per query while checking the chain.
CHUNK = 2000
#: At most this many far moves are looked up (each a scan of the table) in one verification.
LOOKUPS = 20
HOLD_SCOPES = ("record", "thread")
#: Holds travel as ops of this type and come back as archive entries of these kinds (hub/holds.py).
HOLD_TYPE = "archive_hold"
HOLD_PLACED, HOLD_LIFTED = "legal_hold", "legal_hold_lifted"


@dataclass(frozen=True)
class Position:
    """The last entry the pull applied (0 and 64 zeros before the first)."""

    seq: int
    hash: str


def position(workspace: Workspace) -> Position:
    with workspace.reading() as s:
        row = s.get(ArchiveState, 1)
        return Position(row.seq, row.hash) if row else Position(0, GENESIS)


def _state(session: Session) -> ArchiveState:
    row = session.get(ArchiveState, 1)
    if row is None:
        row = ArchiveState(id=1, seq=0, hash=GENESIS, retention_years=6)
        session.add(row)
    return row


def entry_of(row: ArchiveEntry) -> dict[str, Any]:
    """An entry as the API gives it (and ``audit_chain`` checks it)."""
    return {
        "seq": row.seq,
        "at": row.at,
        "kind": row.kind,
        "actor": row.actor,
        "subject_id": row.subject_id,
        "payload": json.loads(row.payload),
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


# -- pull --------------------------------------------------------------------------------------


def apply_page(workspace: Workspace, entries: list[Mapping[str, Any]]) -> int:
    """Add one page of the Hub's archive and move the position past it, in one transaction.

    Returns how many entries were added. An entry whose seq the copy holds already is never
    overwritten (the copy keeps what it first received; verification says if they differ).
    """
    if not entries:
        return 0
    with workspace.writing() as w:
        session = w.session
        seqs = [int(e["seq"]) for e in entries]
        held = set(
            session.scalars(
                select(ArchiveEntry.seq).where(ArchiveEntry.seq.between(min(seqs), max(seqs)))
            )
        )
        fresh = [e for e in entries if int(e["seq"]) not in held]
        threads = _threads(session, fresh)
        rows = [
            {
                "seq": int(e["seq"]),
                "at": str(e["at"]),
                "kind": str(e["kind"]),
                "actor": str(e["actor"]),
                "subject_id": str(e["subject_id"]),
                "thread_id": threads.get(int(e["seq"])),
                "payload": canonical_json(e["payload"]).decode("utf-8"),
                "prev_hash": str(e["prev_hash"]),
                "hash": str(e["hash"]),
                "text": search_text(e["payload"]),
                "received_at": w.now,
            }
            for e in fresh
        ]
        if rows:
            session.execute(insert(ArchiveEntry), rows)
        w.changed["archive_hold"].update(
            _holds_from(session, [e for e in fresh if e["kind"] in (HOLD_PLACED, HOLD_LIFTED)])
        )
        state = _state(session)
        last = max(entries, key=lambda e: int(e["seq"]))
        if int(last["seq"]) > state.seq:
            state.seq, state.hash = int(last["seq"]), str(last["hash"])
        w.changed["archive_entry"].update(str(s) for s in seqs)
    return len(rows)


def _holds_from(session: Session, entries: list[Mapping[str, Any]]) -> set[str]:
    """Holds placed or lifted on the Hub (by anyone, this workspace included), as the archive
    records them: a hold this workspace placed is already a row; others' become rows. Returns
    the ids of the holds the entries are about."""
    ids: set[str] = set()
    for e in sorted(entries, key=lambda e: int(e["seq"])):
        payload = e["payload"]
        hold_id = str(payload.get("hold_id") or "")
        if not hold_id:
            continue
        ids.add(hold_id)
        try:
            at = from_wire(str(e["at"]))
        except ValueError:
            at = utc_now()
        hold = session.get(ArchiveHold, hold_id)
        if e["kind"] == HOLD_PLACED and hold is None:
            session.add(
                ArchiveHold(
                    id=hold_id,
                    scope=str(payload.get("scope") or "record"),
                    subject_id=str(e["subject_id"]),
                    reason=str(payload.get("reason") or ""),
                    placed_by=str(e["actor"]),
                    placed_at=at,
                )
            )
            session.flush()
        elif e["kind"] == HOLD_LIFTED and hold is not None and hold.lifted_at is None:
            hold.lifted_at, hold.lifted_by = at, str(e["actor"])
            hold.lift_reason = str(payload.get("reason") or "")
    return ids


def note_hub_head(workspace: Workspace, seq: int, hash_: str) -> None:
    """Remember the Hub's head as last seen (for the Archive page's chain status)."""
    with workspace.writing() as w:
        state = _state(w.session)
        state.hub_seq, state.hub_hash, state.hub_seen_at = seq, hash_, w.now


def search_text(payload: Mapping[str, Any]) -> str:
    return "\n".join(str(payload[k]) for k in TEXT_FIELDS if payload.get(k))


def _threads(session: Session, entries: list[Mapping[str, Any]]) -> dict[int, str]:
    """The thread of each entry that belongs to one, by seq: a post's or reply's own, a report's
    or decision's post's (from this page, the archive, or the workspace's posts)."""
    threads: dict[int, str] = {}
    post_thread: dict[str, str] = {}
    wanted: dict[int, str] = {}
    for e in entries:
        payload, kind, subject = e["payload"], str(e["kind"]), str(e["subject_id"])
        if kind in ("post", "reply") and payload.get("thread_id"):
            threads[int(e["seq"])] = post_thread[subject] = str(payload["thread_id"])
        elif kind in (HOLD_PLACED, HOLD_LIFTED) and payload.get("scope") == "thread":
            threads[int(e["seq"])] = subject
        elif (
            kind in ON_A_POST or kind in (HOLD_PLACED, HOLD_LIFTED) or payload.get("type") == "post"
        ):
            wanted[int(e["seq"])] = subject
        elif payload.get("type") == "thread":
            threads[int(e["seq"])] = subject
    unknown = sorted({p for p in wanted.values() if p not in post_thread})
    for start in range(0, len(unknown), 500):
        chunk = unknown[start : start + 500]
        for subject, thread in session.execute(
            select(ArchiveEntry.subject_id, ArchiveEntry.thread_id).where(
                ArchiveEntry.subject_id.in_(chunk),
                ArchiveEntry.kind.in_(("post", "reply")),
                ArchiveEntry.thread_id.is_not(None),
            )
        ):
            if thread:
                post_thread.setdefault(subject, thread)
        missing = [p for p in chunk if p not in post_thread]
        if missing:
            for post_id, thread in session.execute(
                select(Post.id, Post.thread_id).where(Post.id.in_(missing))
            ):
                post_thread.setdefault(post_id, thread)
    for seq, subject in wanted.items():
        if subject in post_thread:
            threads[seq] = post_thread[subject]
    return threads


# -- verification ------------------------------------------------------------------------------


@dataclass
class Verification:
    """The outcome of checking the copy: ``problems`` empty means every check held."""

    entries: int
    last_seq: int
    last_hash: str
    problems: list[ChainProblem] = field(default_factory=list)
    truncated: bool = False
    #: What the comparison with the Hub found, as a sentence ("" when the Hub was not asked).
    hub: str = ""

    @property
    def intact(self) -> bool:
        return not self.problems


def verify(
    workspace: Workspace,
    hub_head: tuple[int, str] | None = None,
    hub_hash_at: Callable[[int], str | None] | None = None,
    limit: int = 100,
    progress: Callable[[int], None] | None = None,
) -> Verification:
    """Check the local copy: every entry's hash and link, its end against the position the pull
    recorded and, given the Hub's head (seq, hash), against the Hub. ``hub_hash_at(seq)`` gives
    the hash of the Hub's entry ``seq``, to compare the copy's end when the Hub is further on.
    ``progress(entries read)`` is called after each chunk (on the calling thread).
    """
    with workspace.reading() as s:
        state = s.get(ArchiveState, 1)
        lookups = [0]

        def locate(hash_: str) -> int | None:
            if lookups[0] >= LOOKUPS:
                return None
            lookups[0] += 1
            return s.scalar(select(ArchiveEntry.seq).where(ArchiveEntry.hash == hash_).limit(1))

        audit = audit_chain(_stream(s, progress), locate, limit=limit)
        result = Verification(
            audit.entries, audit.last_seq, audit.last_hash, list(audit.problems), audit.truncated
        )
        named = {p.seq for p in result.problems}
        recorded = Position(state.seq, state.hash) if state else Position(0, GENESIS)
        if recorded.seq > audit.last_seq:
            first = audit.last_seq + 1
            span = (
                f"Entry {first} is"
                if first == recorded.seq
                else f"Entries {first}–{recorded.seq} are"
            )
            result.problems.append(
                ChainProblem(
                    first,
                    "missing",
                    f"{span} missing from the end of the copy (the sync had received up to "
                    f"entry {recorded.seq}).",
                )
            )
        elif recorded.seq < audit.last_seq:
            first = recorded.seq + 1
            result.problems.append(
                ChainProblem(
                    first,
                    "added",
                    f"Entries {first}–{audit.last_seq} were not received by the sync (it "
                    f"stopped at entry {recorded.seq}): they were added to the copy.",
                )
            )
        elif recorded.hash != audit.last_hash and audit.last_seq not in named:
            result.problems.append(
                ChainProblem(
                    audit.last_seq,
                    "changed",
                    f"Entry {audit.last_seq} is not the entry the sync received (its hash "
                    "differs): it was replaced.",
                )
            )
        # When the Hub is behind the copy, its head is compared with the copy's entry there.
        mine_at_head = (
            s.scalar(select(ArchiveEntry.hash).where(ArchiveEntry.seq == hub_head[0]))
            if hub_head is not None and hub_head[0] < audit.last_seq
            else None
        )
    if hub_head is not None:
        result.hub = _compare_with_hub(result, hub_head, hub_hash_at, mine_at_head or "")
    return result


def _stream(
    session: Session, progress: Callable[[int], None] | None = None
) -> Iterator[dict[str, Any]]:
    after, read = 0, 0
    while True:
        rows = session.scalars(
            select(ArchiveEntry)
            .where(ArchiveEntry.seq > after)
            .order_by(ArchiveEntry.seq)
            .limit(CHUNK)
        ).all()
        for row in rows:
            try:
                yield entry_of(row)
            except ValueError:  # a payload that is no longer JSON at all
                yield unreadable(row)
        read += len(rows)
        if progress is not None:
            progress(read)
        if len(rows) < CHUNK:
            return
        after = rows[-1].seq
        session.expunge_all()


def unreadable(row: ArchiveEntry) -> dict[str, Any]:
    """An entry whose payload is no longer JSON at all, as an entry that cannot hash right."""
    return {
        "seq": row.seq,
        "at": row.at,
        "kind": row.kind,
        "actor": row.actor,
        "subject_id": row.subject_id,
        "payload": {"unreadable": row.payload},
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def _compare_with_hub(
    result: Verification,
    hub_head: tuple[int, str],
    hub_hash_at: Callable[[int], str | None] | None,
    mine_at_head: str,
) -> str:
    hub_seq, hub_hash = hub_head
    mine_seq, mine_hash = result.last_seq, result.last_hash
    if mine_seq == 0:
        return f"The copy is empty; the Hub's archive has {hub_seq} entries (run studio sync)."
    if hub_seq == mine_seq:
        theirs: str | None = hub_hash
    elif hub_seq > mine_seq:
        theirs = hub_hash_at(mine_seq) if hub_hash_at else None
    else:
        result.problems.append(
            ChainProblem(
                hub_seq + 1,
                "missing",
                f"The Hub's archive ends at entry {hub_seq}, but this copy holds entries up to "
                f"{mine_seq}: entries {hub_seq + 1}–{mine_seq} are missing on the Hub.",
            )
        )
        if hub_seq == 0:
            return "The Hub's archive is empty."
        theirs = hub_hash
        mine_seq, mine_hash = hub_seq, mine_at_head
    if theirs is None:
        return f"The Hub's head is entry {hub_seq}; the copy's end could not be compared with it."
    if theirs != mine_hash:
        result.problems.append(
            ChainProblem(
                mine_seq,
                "changed",
                f"Entry {mine_seq} differs from the Hub's entry {mine_seq}: the copy and the "
                "Hub's archive are not the same chain.",
            )
        )
        return f"The copy does not match the Hub's archive at entry {mine_seq}."
    if hub_seq > result.last_seq:
        return (
            f"The copy matches the Hub's archive up to entry {mine_seq}; the Hub has "
            f"{hub_seq - mine_seq} newer entries (run studio sync to fetch them)."
        )
    return f"The copy matches the Hub's head (entry {hub_seq})."


# -- search and export -------------------------------------------------------------------------


def select_entries(
    workspace: Workspace, thread: str | None = None, query: str | None = None
) -> list[dict[str, Any]]:
    """The entries an export holds, in chain order: a thread's (its posts, replies, reports,
    decisions, edits), or those whose text matches ``query`` with the reports and decisions on
    the same posts, or every entry. Each comes with ``thread_id``."""
    with workspace.reading() as s:
        condition: ColumnElement[bool] | None = None
        if thread:
            condition = or_(ArchiveEntry.thread_id == thread, ArchiveEntry.subject_id == thread)
        elif query is not None:
            expression = match_expression(query)
            if expression is None:
                raise OperationError(f"The search {query!r} holds no word to look for.")
            matched = (
                select(text("rowid"))
                .select_from(text("archive_fts"))
                .where(text("archive_fts MATCH :q").bindparams(q=expression))
            )
            subjects = (
                select(ArchiveEntry.subject_id)
                .where(ArchiveEntry.seq.in_(matched))
                .scalar_subquery()
            )
            condition = or_(
                ArchiveEntry.seq.in_(matched),
                and_(ArchiveEntry.kind.in_(ON_A_POST), ArchiveEntry.subject_id.in_(subjects)),
            )
        statement = select(ArchiveEntry).order_by(ArchiveEntry.seq)
        if condition is not None:
            statement = statement.where(condition)
        rows = s.scalars(statement).all()
        return [{**entry_of(row), "thread_id": row.thread_id} for row in rows]


#: Payload fields the lexicon reads, by the name it reports them under.
SCANNED = ("title", "body", "note")


def scan(lexicon: Lexicon, entry: Mapping[str, Any]) -> list[Hit]:
    """The lexicon's hits in an entry's text fields (a post's body, an article's title…)."""
    payload = entry.get("payload")
    if not isinstance(payload, dict):
        return []
    return lexicon.check({k: str(payload[k]) for k in SCANNED if isinstance(payload.get(k), str)})


def lexicon_hits(workspace: Workspace, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """What an export's manifest says of the lexicon: each hit in the exported entries, with
    the term and its severity, as the lexicon stands now (it changes; the entries don't)."""
    lexicon = workspace.lexicon()
    hits = [
        {
            "seq": entry["seq"],
            "hash": entry["hash"],
            "field": hit.field,
            "start": hit.start,
            "end": hit.end,
            "text": hit.text,
            "term": hit.term.pattern,
            "regex": hit.term.is_regex,
            "severity": hit.term.severity,
        }
        for entry in entries
        for hit in scan(lexicon, entry)
    ]
    return {
        "about": (
            "Hits of the firm's lexicon in the exported entries' text (payload fields title, "
            "body and note; start and end count characters), found when the package was made "
            "with the lexicon as it stood then."
        ),
        "terms": len(lexicon.patterns),
        "hits": hits,
    }


def export_package(
    workspace: Workspace,
    out: Path,
    entries: list[dict[str, Any]],
    selection: Mapping[str, Any],
    progress: Callable[[int, int], None] | None = None,
    check: bool = True,
) -> Written:
    """Write ``entries`` (in chain order, each with ``thread_id``) as a package in ``out``: the
    documented format of ``studio.domain.archive_export``, its manifest naming who exported
    what, from which Hub, where the chain stood, and the lexicon's hits in the entries.

    With ``check`` the copy is verified first. Raises OperationError when it fails or there is
    nothing to export, PackageError when the package cannot be written. ``progress(done,
    total)`` is called as messages are written.
    """
    if check:
        checked = verify(workspace)
        if not checked.intact:
            first = checked.problems[0]
            raise OperationError(
                f"The archive copy fails verification (entry {first.seq}, {first.problem}): "
                "verify it and fetch it again from the Hub. Nothing was exported."
            )
    if not entries:
        raise OperationError("The selection holds no archived entry; nothing was exported.")
    hub, account = workspace.hub_link()
    about = {
        "created_at": to_wire(utc_now()),
        "created_by": account or "",
        "hub": hub,
        "workspace": workspace.name,
        "selection": dict(selection),
        "chain": {**chain_status(workspace), "copy_verified": True},
        "lexicon_hits": lexicon_hits(workspace, entries),
    }
    posts = post_entries(
        workspace,
        [str(e["payload"].get("parent_id") or "") for e in entries]
        + [str(e["subject_id"]) for e in entries],
    )
    return write_package(out, _counted(entries, progress), about, names(workspace, entries), posts)


def _counted(
    entries: list[dict[str, Any]], progress: Callable[[int, int], None] | None
) -> Iterator[Mapping[str, Any]]:
    for number, entry in enumerate(entries, start=1):
        yield entry
        if progress is not None and (number % 50 == 0 or number == len(entries)):
            progress(number, len(entries))


def names(workspace: Workspace, entries: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Display names for the ids an export mentions: members (actors, authors) and threads."""
    ids: set[str] = set()
    for e in entries:
        ids.add(str(e["actor"]))
        if e.get("thread_id"):
            ids.add(str(e["thread_id"]))
        author = e["payload"].get("author_id")
        if author:
            ids.add(str(author))
    found: dict[str, str] = {}
    wanted = sorted(ids)
    with workspace.reading() as s:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for member_id, name, company in s.execute(
                select(Member.id, Member.display_name, Member.company).where(Member.id.in_(chunk))
            ):
                found[member_id] = f"{name} ({company})" if company else name
            for thread_id, title in s.execute(
                select(Thread.id, Thread.title).where(Thread.id.in_(chunk))
            ):
                found[thread_id] = title
    return found


# -- legal holds and retention -----------------------------------------------------------------


def place_hold(workspace: Workspace, scope: str, subject_id: str, reason: str) -> str:
    """Put a record or a thread under legal hold; returns the hold's id."""
    if scope not in HOLD_SCOPES:
        raise OperationError(f"A hold is on a record or a thread, not {scope!r}.")
    if not reason.strip():
        raise OperationError("A legal hold needs a reason.")
    hold_id = new_id()
    with workspace.writing() as w:
        w.session.add(
            ArchiveHold(
                id=hold_id,
                scope=scope,
                subject_id=subject_id,
                reason=reason.strip(),
                placed_by=w.actor,
                placed_at=w.now,
            )
        )
        _queue(w, hold_id, "place", {"scope": scope, "subject_id": subject_id, "reason": reason})
        w.journal("hold", "archive_hold", hold_id, f"Legal hold on {scope} {subject_id}: {reason}")
    return hold_id


def _queue(w: Write, hold_id: str, action: str, data: dict[str, Any]) -> None:
    """The op that takes a hold to the Hub with the next sync (the Hub writes it into the
    archive, where every compliance officer's copy finds it)."""
    w.session.add(
        OutboxOp(
            op_id=new_id(),
            record_type=HOLD_TYPE,
            record_id=hold_id,
            action=action,
            base_version=0,
            data={**data, "reason": data["reason"].strip()},
            created_at=w.now,
            state=OutboxState.QUEUED,
        )
    )
    w.outbox = True


def lift_hold(workspace: Workspace, hold_id: str, reason: str) -> None:
    """Lift a hold; the hold stays recorded with who lifted it, when and why."""
    with workspace.writing() as w:
        hold = w.session.get(ArchiveHold, hold_id)
        if hold is None:
            raise OperationError(f"There is no legal hold {hold_id}.")
        if hold.lifted_at is not None:
            raise OperationError(f"The legal hold {hold_id} was lifted already.")
        if not reason.strip():
            raise OperationError("Lifting a legal hold needs a reason.")
        hold.lifted_at, hold.lifted_by, hold.lift_reason = w.now, w.actor, reason.strip()
        _queue(w, hold_id, "lift", {"subject_id": hold.subject_id, "reason": reason})
        w.journal("lift_hold", "archive_hold", hold_id, f"Lifted: {reason}")


def held() -> ColumnElement[bool]:
    """Whether an archive entry is under a hold that is not lifted (for queries)."""
    return exists().where(
        ArchiveHold.lifted_at.is_(None),
        or_(
            and_(ArchiveHold.scope == "record", ArchiveHold.subject_id == ArchiveEntry.subject_id),
            and_(ArchiveHold.scope == "thread", ArchiveHold.subject_id == ArchiveEntry.thread_id),
        ),
    )


def set_retention(workspace: Workspace, years: int) -> None:
    if not 1 <= years <= 100:
        raise OperationError("Retention is a whole number of years from 1 to 100.")
    with workspace.writing() as w:
        _state(w.session).retention_years = years
        w.journal("retention", "archive_state", "1", f"Retention set to {years} years")


def past_retention(session: Session, now: datetime | None = None) -> ColumnElement[bool]:
    """Whether an archive entry is past retention: older than the period and under no hold."""
    state = session.get(ArchiveState, 1)
    years = state.retention_years if state else 6
    moment = now or utc_now()
    try:
        cutoff = moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        cutoff = moment.replace(year=moment.year - years, day=28)
    return and_(ArchiveEntry.at < cutoff.strftime("%Y-%m-%dT%H:%M:%S"), ~held())


def post_entries(workspace: Workspace, post_ids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """The (seq, hash) of the archived post or reply of each id, for messages that refer to it."""
    wanted = sorted(set(post_ids))
    found: dict[str, tuple[int, str]] = {}
    with workspace.reading() as s:
        for start in range(0, len(wanted), 500):
            for subject, seq, hash_ in s.execute(
                select(ArchiveEntry.subject_id, ArchiveEntry.seq, ArchiveEntry.hash)
                .where(
                    ArchiveEntry.subject_id.in_(wanted[start : start + 500]),
                    ArchiveEntry.kind.in_(("post", "reply")),
                )
                .order_by(ArchiveEntry.seq)
            ):
                found.setdefault(subject, (seq, hash_))
    return found


def chain_status(workspace: Workspace) -> dict[str, Any]:
    """Where the copy and the Hub's chain stood, as recorded by the last sync."""
    with workspace.reading() as s:
        state = s.get(ArchiveState, 1)
        count = s.scalar(select(func.count()).select_from(ArchiveEntry)) or 0
    if state is None:
        return {"entries": count, "copy_head": {"seq": 0, "hash": GENESIS}, "hub_head": None}
    return {
        "entries": count,
        "copy_head": {"seq": state.seq, "hash": state.hash},
        "hub_head": None
        if state.hub_seq is None
        else {
            "seq": state.hub_seq,
            "hash": state.hub_hash,
            "seen_at": to_wire(state.hub_seen_at) if state.hub_seen_at else None,
        },
        "retention_years": state.retention_years,
    }
