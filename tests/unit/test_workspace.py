"""Workspace operations: record, outbox op and journal entry together, or nothing at all."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from studio.domain.records import ArticleStatus, DecisionAction, OutboxState
from studio.domain.slugs import slugify
from studio.store import workspace as workspace_module
from studio.store.models import (
    Article,
    ArticleRevision,
    Decision,
    JournalEntry,
    Member,
    OutboxOp,
    Poll,
    PollOption,
    Post,
    Thread,
    Webinar,
)
from studio.store.search import match_expression
from studio.store.workspace import (
    Changes,
    NotFound,
    OperationError,
    Workspace,
    wire_dict,
    workspace_path,
)

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
WEBINAR_UTC = datetime(2027, 3, 25, 9, 0, tzinfo=UTC)

TABLES = (
    "articles",
    "article_revisions",
    "webinars",
    "polls",
    "poll_options",
    "members",
    "threads",
    "posts",
    "decisions",
    "outbox",
    "journal",
)


# -- helpers ---------------------------------------------------------------------------------------


def snapshot(ws: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the operations write, to prove a failed one wrote nothing."""
    with ws.engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY rowid"))]
            for t in TABLES
        }


def read(ws: Workspace) -> Session:
    """A plain session on the workspace engine, independent of the code under test."""
    return Session(ws.engine)


def ops_for(ws: Workspace, record_id: str) -> list[OutboxOp]:
    with read(ws) as s:
        return list(
            s.scalars(select(OutboxOp).where(OutboxOp.record_id == record_id).order_by("seq"))
        )


def journal_for(ws: Workspace, record_id: str) -> list[JournalEntry]:
    with read(ws) as s:
        return list(
            s.scalars(
                select(JournalEntry).where(JournalEntry.record_id == record_id).order_by("seq")
            )
        )


def get(ws: Workspace, model: type[Any], record_id: str) -> Any:
    with read(ws) as s:
        return s.get(model, record_id)


def set_op(ws: Workspace, op_id: str, **values: Any) -> None:
    with Session(ws.engine) as s, s.begin():
        op = s.scalars(select(OutboxOp).where(OutboxOp.op_id == op_id)).one()
        for name, value in values.items():
            setattr(op, name, value)


def seed_synced(ws: Workspace) -> dict[str, str]:
    """Records as a sync from the Hub leaves them: versioned, not local, no base."""
    with Session(ws.engine) as s, s.begin():
        s.add(Member(id="m1", display_name="Ada", company="Ada Ltd", joined_at=T0, updated_at=T0))
        s.flush()
        s.add(Thread(id="t1", title="Cash flow", author_id="m1", created_at=T0, updated_at=T0))
        s.flush()
        for i in (1, 2):
            s.add(
                Post(
                    id=f"p{i}",
                    thread_id="t1",
                    author_id="m1",
                    body=f"Post {i} about invoices",
                    created_at=T0,
                    state="pending",
                    report_count=i,
                    version=5,
                    local=False,
                    updated_at=T0,
                )
            )
        s.add(
            Article(
                id="a-synced",
                title="Synced article",
                slug="synced-article",
                summary="From the Hub",
                body="The synced body.",
                tags=["finance"],
                language="en",
                status="draft",
                views=12,
                version=3,
                local=False,
                updated_at=T0,
            )
        )
    return {"member": "m1", "thread": "t1", "post": "p1", "article": "a-synced"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, empty workspace file; each test gets a copy (migrating costs ~0.1 s)."""
    path = workspace_path(tmp_path_factory.mktemp("template"), "template")
    Workspace.open(path).close()
    return path


@pytest.fixture
def workspace(data_dir: Path, template: Path) -> Iterator[Workspace]:
    """Like conftest's fixture, on a copy of the template instead of a fresh migration."""
    path = workspace_path(data_dir, "test")
    path.parent.mkdir(parents=True)
    shutil.copyfile(template, path)
    ws = Workspace.open(path)
    yield ws
    ws.close()


class Recorder:
    def __init__(self) -> None:
        self.changes: list[Changes] = []

    def __call__(self, changes: Changes) -> None:
        self.changes.append(changes)


@pytest.fixture
def heard(workspace: Workspace) -> Recorder:
    recorder = Recorder()
    workspace.subscribe(recorder)
    return recorder


# -- each operation writes record + op + journal together -----------------------------------------


def test_create_article_writes_the_record_its_op_and_a_journal_entry(
    workspace: Workspace, heard: Recorder
) -> None:
    aid = workspace.create_article(
        "  Invoice factoring explained  ", "Unpaid invoices become cash.", tags=["cash"]
    )
    article = get(workspace, Article, aid)
    assert article.title == "Invoice factoring explained"
    assert article.slug == "invoice-factoring-explained"
    assert article.status == "draft"
    assert (article.local, article.version, article.base) == (True, 0, None)

    [op] = ops_for(workspace, aid)
    assert (op.record_type, op.action, op.state, op.base_version) == (
        "article",
        "create",
        "queued",
        0,
    )
    assert op.data == wire_dict("article", article)
    assert op.data["body"] == "Unpaid invoices become cash."

    [entry] = journal_for(workspace, aid)
    assert (entry.action, entry.op_id, entry.actor) == ("create", op.op_id, "local")
    assert "Invoice factoring explained" in entry.summary

    assert heard.changes == [Changes({"article": frozenset({aid})}, outbox=True)]
    assert workspace.pending_changes() == 1


def test_save_article_on_a_synced_article_queues_an_update(
    workspace: Workspace, heard: Recorder
) -> None:
    ids = seed_synced(workspace)
    aid = ids["article"]
    workspace.save_article(aid, body="Edited offline.", tags=["finance", "loans"])

    article = get(workspace, Article, aid)
    assert article.body == "Edited offline."
    assert article.tags == ["finance", "loans"]
    assert article.local is True
    [op] = ops_for(workspace, aid)
    assert (op.action, op.state, op.base_version) == ("update", "queued", 3)
    assert op.data == {"body": "Edited offline.", "tags": ["finance", "loans"]}
    [entry] = journal_for(workspace, aid)
    assert (entry.action, entry.op_id) == ("update", op.op_id)
    assert "body" in entry.summary and "tags" in entry.summary
    assert heard.changes == [Changes({"article": frozenset({aid})}, outbox=True)]


def test_saving_unchanged_fields_writes_nothing(workspace: Workspace, heard: Recorder) -> None:
    aid = workspace.create_article("Same", "Text")
    before = snapshot(workspace)
    heard.changes.clear()
    workspace.save_article(aid, title="Same", body="Text")
    assert snapshot(workspace) == before
    assert heard.changes == []


def test_set_article_status_queues_the_change_and_keeps_a_revision(
    workspace: Workspace, heard: Recorder
) -> None:
    ids = seed_synced(workspace)
    aid = ids["article"]
    workspace.set_article_status(aid, ArticleStatus.IN_REVIEW)

    article = get(workspace, Article, aid)
    assert article.status == "in_review"
    [op] = ops_for(workspace, aid)
    assert (op.action, op.data, op.base_version) == ("update", {"status": "in_review"}, 3)
    [entry] = journal_for(workspace, aid)
    assert entry.op_id == op.op_id
    assert "draft" in entry.summary and "in_review" in entry.summary
    with read(workspace) as s:
        [rev] = s.scalars(select(ArticleRevision).where(ArticleRevision.article_id == aid))
    assert (rev.reason, rev.status, rev.body, rev.version) == (
        "status",
        "in_review",
        "The synced body.",
        3,
    )
    assert heard.changes == [Changes({"article": frozenset({aid})}, outbox=True)]

    # Moving to the status it already has is not a change.
    before = snapshot(workspace)
    workspace.set_article_status(aid, ArticleStatus.IN_REVIEW)
    assert snapshot(workspace) == before
    assert len(heard.changes) == 1


def test_save_article_revision_keeps_the_text_and_journals_it(
    workspace: Workspace, heard: Recorder
) -> None:
    aid = workspace.create_article("Draft", "First version")
    workspace.save_article(aid, body="Second version")
    heard.changes.clear()
    ops_before = [(o.op_id, o.data) for o in ops_for(workspace, aid)]

    rid = workspace.save_article_revision(aid, "before the lawyers read it")

    rev = get(workspace, ArticleRevision, rid)
    assert (rev.article_id, rev.reason, rev.label) == (aid, "saved", "before the lawyers read it")
    assert (rev.title, rev.body, rev.status) == ("Draft", "Second version", "draft")
    entries = journal_for(workspace, aid)
    assert entries[-1].action == "revision"
    assert entries[-1].op_id is None
    # A revision is a local snapshot: nothing new goes to the Hub.
    assert [(o.op_id, o.data) for o in ops_for(workspace, aid)] == ops_before
    assert heard.changes == [Changes({"article": frozenset({aid})}, outbox=False)]


def test_delete_article_leaves_a_tombstone_and_queues_a_delete(
    workspace: Workspace, heard: Recorder
) -> None:
    ids = seed_synced(workspace)
    aid = ids["article"]
    assert workspace.counts()["articles"] == 1

    workspace.delete_article(aid)

    article = get(workspace, Article, aid)
    assert article is not None and article.deleted is True
    assert article.base is not None and article.base["version"] == 3
    [op] = ops_for(workspace, aid)
    assert (op.action, op.base_version, op.data) == ("delete", 3, {})
    [entry] = journal_for(workspace, aid)
    assert (entry.action, entry.op_id) == ("delete", op.op_id)
    assert workspace.counts()["articles"] == 0
    assert heard.changes == [Changes({"article": frozenset({aid})}, outbox=True)]
    # A deleted article can no longer be edited or deleted again.
    with pytest.raises(NotFound):
        workspace.save_article(aid, body="ghost")
    with pytest.raises(NotFound):
        workspace.delete_article(aid)


def test_decide_post_records_the_decision_and_queues_it(
    workspace: Workspace, heard: Recorder
) -> None:
    ids = seed_synced(workspace)
    pid = ids["post"]
    did = workspace.decide_post(pid, DecisionAction.REMOVE, reason="spam", note="3rd time")

    decision = get(workspace, Decision, did)
    assert (decision.post_id, decision.action, decision.reason, decision.note) == (
        pid,
        "remove",
        "spam",
        "3rd time",
    )
    assert (decision.moderator, decision.outcome) == ("local", "local")
    post = get(workspace, Post, pid)
    assert post.state == "removed"
    assert post.decision["action"] == "remove" and post.decision["reason"] == "spam"
    assert post.local is True
    [op] = ops_for(workspace, pid)
    assert (op.record_type, op.action, op.base_version) == ("post", "decide", 5)
    assert op.data == {"decision_id": did, "action": "remove", "reason": "spam", "note": "3rd time"}
    [entry] = journal_for(workspace, pid)
    assert (entry.action, entry.op_id) == ("decide", op.op_id)
    assert heard.changes == [Changes({"post": frozenset({pid})}, outbox=True)]

    # Each decision is its own op (an undo is a second decision, never a merge into the first).
    did2 = workspace.decide_post(pid, "restore")
    ops = ops_for(workspace, pid)
    assert [o.data["decision_id"] for o in ops] == [did, did2]
    assert get(workspace, Post, pid).state == "visible"
    # The other post is untouched.
    assert get(workspace, Post, "p2").state == "pending"


def test_schedule_webinar_writes_the_record_its_op_and_a_journal_entry(
    workspace: Workspace, heard: Recorder
) -> None:
    wid = workspace.schedule_webinar(
        "Export finance", "2027-03-25T10:00:00", "Europe/Paris", WEBINAR_UTC, capacity=250
    )
    webinar = get(workspace, Webinar, wid)
    assert (webinar.starts_at, webinar.zone, webinar.starts_at_utc) == (
        "2027-03-25T10:00:00",
        "Europe/Paris",
        WEBINAR_UTC,
    )
    assert (webinar.capacity, webinar.status, webinar.local) == (250, "scheduled", True)
    [op] = ops_for(workspace, wid)
    assert (op.record_type, op.action) == ("webinar", "create")
    assert op.data["starts_at_utc"] == "2027-03-25T09:00:00Z"
    assert op.data["zone"] == "Europe/Paris"
    [entry] = journal_for(workspace, wid)
    assert entry.op_id == op.op_id
    assert heard.changes == [Changes({"webinar": frozenset({wid})}, outbox=True)]
    assert workspace.counts()["webinars"] == 1


def test_create_poll_writes_the_poll_its_options_its_op_and_a_journal_entry(
    workspace: Workspace, heard: Recorder
) -> None:
    pid = workspace.create_poll("Which day suits you?", [" Monday ", "", "Tuesday", "  ", "Friday"])
    poll = get(workspace, Poll, pid)
    assert poll.question == "Which day suits you?"
    with read(workspace) as s:
        labels = list(
            s.scalars(
                select(PollOption.label).where(PollOption.poll_id == pid).order_by("position")
            )
        )
    assert labels == ["Monday", "Tuesday", "Friday"]
    [op] = ops_for(workspace, pid)
    assert (op.record_type, op.action) == ("poll", "create")
    assert op.data["options"] == ["Monday", "Tuesday", "Friday"]
    assert op.data["question"] == "Which day suits you?"
    [entry] = journal_for(workspace, pid)
    assert entry.op_id == op.op_id
    assert heard.changes == [Changes({"poll": frozenset({pid})}, outbox=True)]


# -- a failing operation writes nothing ------------------------------------------------------------


def _journal_fails(ws: Workspace, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The journal write fails after the record and the op were added to the transaction."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(workspace_module.Write, "journal", broken)
    ws.create_article("Never saved", "body")


FAILURES: dict[str, tuple[Callable[..., Any], type[Exception] | tuple[type[Exception], ...]]] = {
    "empty-title": (lambda ws, ids, mp: ws.create_article(""), OperationError),
    "blank-title": (lambda ws, ids, mp: ws.create_article(" \t\n "), OperationError),
    "title-too-long": (lambda ws, ids, mp: ws.create_article("x" * 501), OperationError),
    "duplicate-article-id": (
        lambda ws, ids, mp: ws.create_article("Copy", article_id=ids["article"]),
        IntegrityError,
    ),
    "save-unknown-article": (
        lambda ws, ids, mp: ws.save_article("no-such-id", body="x"),
        NotFound,
    ),
    "save-blank-title-with-body": (
        lambda ws, ids, mp: ws.save_article(ids["article"], body="lost?", title="  "),
        OperationError,
    ),
    "save-uneditable-field": (
        lambda ws, ids, mp: ws.save_article(ids["article"], body="lost?", status="published"),
        OperationError,
    ),
    "status-of-unknown-article": (
        lambda ws, ids, mp: ws.set_article_status("no-such-id", ArticleStatus.APPROVED),
        NotFound,
    ),
    "revision-of-unknown-article": (
        lambda ws, ids, mp: ws.save_article_revision("no-such-id"),
        NotFound,
    ),
    "delete-unknown-article": (lambda ws, ids, mp: ws.delete_article("no-such-id"), NotFound),
    "decide-unknown-post": (
        lambda ws, ids, mp: ws.decide_post("no-such-id", DecisionAction.APPROVE),
        NotFound,
    ),
    "decide-with-unknown-action": (
        lambda ws, ids, mp: ws.decide_post(ids["post"], "ban"),
        OperationError,
    ),
    "webinar-without-title": (
        lambda ws, ids, mp: ws.schedule_webinar("", "2027-03-25T10:00:00", "UTC", WEBINAR_UTC),
        OperationError,
    ),
    "webinar-without-duration": (
        lambda ws, ids, mp: ws.schedule_webinar(
            "Zero", "2027-03-25T10:00:00", "UTC", WEBINAR_UTC, duration_minutes=0
        ),
        OperationError,
    ),
    "webinar-with-naive-instant": (
        lambda ws, ids, mp: ws.schedule_webinar(
            "Naive", "2027-03-25T10:00:00", "UTC", datetime(2027, 3, 25, 10)
        ),
        (ValueError, StatementError),
    ),
    "poll-with-one-option": (
        lambda ws, ids, mp: ws.create_poll("Yes?", ["Yes", "   ", ""]),
        OperationError,
    ),
    "poll-without-question": (lambda ws, ids, mp: ws.create_poll(" ", ["a", "b"]), OperationError),
    "journal-write-fails": (_journal_fails, RuntimeError),
}


@pytest.mark.parametrize("case", FAILURES.values(), ids=FAILURES.keys())
def test_a_failing_operation_writes_nothing_and_announces_nothing(
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[Callable[..., Any], type[Exception]],
) -> None:
    operation, error = case
    ids = seed_synced(workspace)
    workspace.create_article("Local draft", "Draft body")  # an op that could be merged into
    recorder = Recorder()
    workspace.subscribe(recorder)
    before = snapshot(workspace)
    pending = workspace.pending_changes()

    with pytest.raises(error):
        operation(workspace, ids, monkeypatch)

    assert snapshot(workspace) == before
    assert workspace.pending_changes() == pending
    assert recorder.changes == []
    # The workspace still works afterwards.
    monkeypatch.undo()
    workspace.save_article(ids["article"], body="After the failure")
    assert get(workspace, Article, ids["article"]).body == "After the failure"


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            lambda ws, aid: ws.set_article_status(aid, "banana"),
            id="article-status",
        ),
        pytest.param(
            lambda ws, aid: ws.create_poll("Q?", ["a", "b"], results_visibility="banana"),
            id="poll-results-visibility",
        ),
    ],
)
def test_an_unknown_state_value_is_refused_and_writes_nothing(
    workspace: Workspace, operation: Callable[[Workspace, str], Any]
) -> None:
    aid = workspace.create_article("Draft")
    before = snapshot(workspace)
    with pytest.raises((ValueError, OperationError)):
        operation(workspace, aid)
    assert snapshot(workspace) == before


# -- autosave coalescing ---------------------------------------------------------------------------


def test_autosaves_of_a_new_article_are_one_op_with_the_latest_text(
    workspace: Workspace,
) -> None:
    aid = workspace.create_article("Draft", "H")
    text_so_far = "H"
    for ch in "ello, world":
        text_so_far += ch
        workspace.save_article(aid, body=text_so_far)
    workspace.save_article(aid, title="Greeting")
    workspace.set_article_status(aid, ArticleStatus.IN_REVIEW)

    [op] = ops_for(workspace, aid)
    assert op.action == "create"
    assert op.data["body"] == "Hello, world"
    assert op.data["title"] == "Greeting"
    assert op.data["status"] == "in_review"
    assert workspace.pending_changes() == 1
    # Every save is still in the journal, each naming the one op.
    entries = journal_for(workspace, aid)
    assert len(entries) == 1 + len("ello, world") + 2
    assert {e.op_id for e in entries} == {op.op_id}


def test_autosaves_of_a_synced_article_are_one_update_op(workspace: Workspace) -> None:
    aid = seed_synced(workspace)["article"]
    for i in range(5):
        workspace.save_article(aid, body=f"Edit {i}")
    workspace.save_article(aid, summary="New summary")
    [op] = ops_for(workspace, aid)
    assert (op.action, op.base_version) == ("update", 3)
    assert op.data == {"body": "Edit 4", "summary": "New summary"}


@pytest.mark.parametrize(
    "touched",
    [
        {"attempts": 1},  # tried once; the Hub may have applied it
        {"state": OutboxState.SENT},
        {"state": OutboxState.SENT, "attempts": 1},
        {"state": OutboxState.APPLIED, "attempts": 1},
    ],
    ids=["queued-after-an-attempt", "sent", "sent-after-an-attempt", "applied"],
)
def test_an_op_the_hub_may_have_seen_is_never_modified(
    workspace: Workspace, touched: dict[str, Any]
) -> None:
    aid = workspace.create_article("Draft", "First text")
    [first] = ops_for(workspace, aid)
    set_op(workspace, first.op_id, **touched)

    workspace.save_article(aid, body="Second text")
    workspace.save_article(aid, body="Third text")

    old, new = ops_for(workspace, aid)
    assert old.op_id == first.op_id
    assert old.data == first.data
    assert old.data["body"] == "First text"
    assert (new.action, new.state, new.attempts) == ("update", "queued", 0)
    assert new.data == {"body": "Third text"}
    assert new.op_id != old.op_id


def test_a_new_op_does_not_merge_into_another_records_op(workspace: Workspace) -> None:
    a = workspace.create_article("A", "a")
    b = workspace.create_article("B", "b")
    workspace.save_article(b, body="b2")
    assert ops_for(workspace, a)[0].data["body"] == "a"
    assert ops_for(workspace, b)[0].data["body"] == "b2"


# -- base: the synced copy kept for the three-way merge --------------------------------------------


def test_the_first_local_change_keeps_the_synced_copy_as_base(workspace: Workspace) -> None:
    aid = seed_synced(workspace)["article"]
    synced = get(workspace, Article, aid)
    assert synced.base is None
    synced_wire = wire_dict("article", synced)

    workspace.save_article(aid, body="First local edit")
    article = get(workspace, Article, aid)
    assert article.base == synced_wire
    assert article.base["body"] == "The synced body."
    assert article.base["version"] == 3
    assert ops_for(workspace, aid)[0].base_version == 3

    # Later edits keep the synced copy, not the previous local text.
    workspace.save_article(aid, body="Second local edit", title="Renamed")
    workspace.set_article_status(aid, ArticleStatus.IN_REVIEW)
    article = get(workspace, Article, aid)
    assert article.base == synced_wire
    assert article.body == "Second local edit"


def test_a_decision_keeps_the_synced_post_as_base(workspace: Workspace) -> None:
    pid = seed_synced(workspace)["post"]
    synced_wire = wire_dict("post", get(workspace, Post, pid))
    workspace.decide_post(pid, DecisionAction.APPROVE)
    workspace.decide_post(pid, DecisionAction.REMOVE, reason="off-topic")
    post = get(workspace, Post, pid)
    assert post.base == synced_wire
    assert post.base["state"] == "pending"
    assert post.base["version"] == 5
    assert [o.base_version for o in ops_for(workspace, pid)] == [5, 5]


def test_a_record_created_here_has_no_base(workspace: Workspace) -> None:
    aid = workspace.create_article("Mine", "text")
    workspace.save_article(aid, body="more text")
    assert get(workspace, Article, aid).base is None


def test_objects_read_with_reading_stay_usable(workspace: Workspace) -> None:
    """reading() promises detached results usable after the block (a rollback would expire them)."""
    aid = workspace.create_article("Readable", "body")
    with workspace.reading() as s:
        article = s.get(Article, aid)
        ops = list(s.scalars(select(OutboxOp)))
    assert article.title == "Readable"
    assert ops[0].record_id == aid


# -- announcements ---------------------------------------------------------------------------------


def test_listeners_hear_after_commit_and_can_read_the_change(workspace: Workspace) -> None:
    seen: list[tuple[frozenset[str], str | None]] = []

    def listener(changes: Changes) -> None:
        # A view refreshing in the listener reads with its own session: the row must be there.
        for aid in changes.ids("article"):
            article = get(workspace, Article, aid)
            seen.append((changes.ids("article"), article.body if article else None))

    workspace.subscribe(listener)
    aid = workspace.create_article("Fresh", "visible to readers")
    workspace.save_article(aid, body="edited")
    assert seen == [
        (frozenset({aid}), "visible to readers"),
        (frozenset({aid}), "edited"),
    ]


def test_a_listener_that_raises_breaks_neither_the_operation_nor_other_listeners(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    before = Recorder()
    after = Recorder()

    def broken(changes: Changes) -> None:
        raise RuntimeError("view exploded")

    workspace.subscribe(before)
    workspace.subscribe(broken)
    workspace.subscribe(after)

    aid = workspace.create_article("Still saved", "body")
    workspace.save_article(aid, body="again")

    assert get(workspace, Article, aid).body == "again"
    assert len(ops_for(workspace, aid)) == 1
    assert len(journal_for(workspace, aid)) == 2
    assert len(before.changes) == len(after.changes) == 2
    assert all(c.ids("article") == {aid} for c in after.changes)
    assert "a listener failed" in caplog.text
    assert "view exploded" in caplog.text


def test_unsubscribe_stops_announcements(workspace: Workspace) -> None:
    recorder = Recorder()
    unsubscribe = workspace.subscribe(recorder)
    workspace.create_article("One")
    unsubscribe()
    unsubscribe()  # twice is harmless
    workspace.create_article("Two")
    assert len(recorder.changes) == 1


# -- figures ---------------------------------------------------------------------------------------


def test_pending_changes_counts_queued_and_sent_ops_only(workspace: Workspace) -> None:
    assert workspace.pending_changes() == 0
    a = workspace.create_article("A")
    b = workspace.create_article("B")
    c = workspace.create_article("C")
    w = workspace.schedule_webinar("W", "2027-03-25T10:00:00", "UTC", WEBINAR_UTC)
    p = workspace.create_poll("P?", ["x", "y"])
    assert workspace.pending_changes() == 5

    set_op(workspace, ops_for(workspace, a)[0].op_id, state=OutboxState.SENT, attempts=1)
    assert workspace.pending_changes() == 5
    set_op(workspace, ops_for(workspace, b)[0].op_id, state=OutboxState.APPLIED)
    set_op(workspace, ops_for(workspace, c)[0].op_id, state=OutboxState.REJECTED)
    set_op(workspace, ops_for(workspace, w)[0].op_id, state=OutboxState.CONFLICT)
    assert workspace.pending_changes() == 2
    workspace.save_article(b, body="after it was applied")
    assert workspace.pending_changes() == 3
    assert len(ops_for(workspace, p)) == 1


def test_counts_follow_the_operations_and_skip_tombstones(workspace: Workspace) -> None:
    seed_synced(workspace)
    a = workspace.create_article("A")
    workspace.create_article("B")
    workspace.schedule_webinar("W", "2027-03-25T10:00:00", "UTC", WEBINAR_UTC)
    workspace.create_poll("P?", ["x", "y"])
    assert workspace.counts() == {
        "members": 1,
        "articles": 3,
        "webinars": 1,
        "threads": 1,
        "posts": 2,
        "polls": 1,
    }
    workspace.delete_article(a)
    workspace.decide_post("p1", DecisionAction.REMOVE)  # a removed post is still held
    counts = workspace.counts()
    assert counts["articles"] == 2
    assert counts["posts"] == 2


# -- slugs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Invoice Factoring: Explained!", "invoice-factoring-explained"),
        ("Café crème à Zürich", "cafe-creme-a-zurich"),
        ("L'été   de la PME — naïve", "l-ete-de-la-pme-naive"),
        ("ÀÉÎÕÜ ñ ç", "aeiou-n-c"),
        ("ﬁnance ①", "finance-1"),
        ("銀行與中小企業", "銀行與中小企業"),
        ("銀行 與 中小企業", "銀行-與-中小企業"),
        ("Καλημέρα κόσμε", "καλημέρα-κόσμε"),
        ("🎉 Launch day 🚀", "launch-day"),
        ("🎉🚀💸", "untitled"),
        ("!!! ??? ---", "untitled"),
        ("", "untitled"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_long_titles_are_cut_cleanly() -> None:
    for title in (
        "word " * 100,
        "Interest-rate outlook for small and medium enterprises " * 5,
        "a" * 79 + " b" * 10,
        "銀行" * 100,
    ):
        slug = slugify(title)
        assert 0 < len(slug) <= 80, title
        assert not slug.startswith("-") and not slug.endswith("-"), slug
        assert "--" not in slug
    assert slugify("word " * 100).startswith("word-word-word")
    assert slugify("a" * 79 + " b" * 10) == "a" * 79
    assert slugify("x" * 30, limit=10) == "x" * 10


def test_slugify_cjk_titles_with_numbers_keep_their_words() -> None:
    budget = slugify("2027年財政預算案")
    loans = slugify("2027年中小企業貸款")
    assert "財政預算案" in budget
    assert budget != loans


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Le cœur du métier", "le-coeur-du-metier"),
        ("Große Straße", "grosse-strasse"),
        ("Øresund", "oresund"),
        ("Łódź", "lodz"),
        ("Æther", "aether"),
    ],
)
def test_slugify_transliterates_letters_without_a_decomposition(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_create_article_uses_the_slug(workspace: Workspace) -> None:
    aid = workspace.create_article("Café crème à Zürich")
    assert get(workspace, Article, aid).slug == "cafe-creme-a-zurich"


# -- search input ----------------------------------------------------------------------------------


HOSTILE = [
    "",
    "   ",
    '"',
    '""',
    'bank"',
    '"bank',
    'say "hello',
    "*",
    "**",
    "bank*",
    "*bank",
    "NEAR(",
    "NEAR(bank loans",
    "NEAR(bank loans, 2)",
    "-",
    "--",
    "-bank",
    "bank -loans",
    "AND OR",
    "AND",
    "OR",
    "NOT",
    "bank AND",
    "OR loans",
    "bank NOT loans",
    "(",
    ")",
    "(bank",
    "bank)",
    "title:bank",
    "body : loans",
    "{title body}: bank",
    "^bank",
    "+bank",
    "bank:",
    "'",
    "bank's",
    "_",
    "__init__",
    "\\",
    "\x00",
    "bank\x00loans",
    "\u200b",
    "e\u0301",
    "\u0301",
    "²",
    "½",
    "𝔟𝔞𝔫𝔨",
    "🎉",
    "bank 🎉",
    "銀行",
    "١٢٣",
    "%",
    "bank%",
    "; DROP TABLE articles; --",
]


@pytest.fixture
def searchable(workspace: Workspace) -> Workspace:
    workspace.create_article("Bank loans AND overdrafts", "Banking for SMEs, OR not. NEAR here.")
    workspace.create_article("Café crème", "Le prêt bancaire.")
    workspace.create_article("銀行貸款", "中小企業")
    return workspace


def search(ws: Workspace, query: str) -> set[str]:
    expr = match_expression(query)
    if expr is None:
        return set()
    with ws.engine.connect() as conn:
        return {
            r[0]
            for r in conn.execute(
                text(
                    "SELECT articles.title FROM articles_fts "
                    "JOIN articles ON articles.rowid = articles_fts.rowid "
                    "WHERE articles_fts MATCH :q"
                ),
                {"q": expr},
            )
        }


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_search_input_never_breaks_the_match_query(
    searchable: Workspace, query: str
) -> None:
    expr = match_expression(query)
    if expr is None:
        assert not any(ch.isalnum() for ch in query)
        return
    with searchable.engine.connect() as conn:
        for table in ("articles_fts", "posts_fts"):
            conn.execute(text(f"SELECT rowid FROM {table} WHERE {table} MATCH :q"), {"q": expr})


def test_random_search_input_never_breaks_the_match_query(searchable: Workspace) -> None:
    rng = random.Random(20261123)
    alphabet = list("\"*()-+^:{}, _'\\\x00\t") + list("abcNEARORANDNOT") + ["é", "銀", "🎉", "²"]
    with searchable.engine.connect() as conn:
        for _ in range(2000):
            query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
            expr = match_expression(query)
            if expr is not None:
                conn.execute(
                    text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q"), {"q": expr}
                )


def test_search_syntax_is_plain_text(searchable: Workspace) -> None:
    bank = "Bank loans AND overdrafts"
    # Operators a user types are words to find, never operators.
    assert search(searchable, "bank -loans") == {bank}
    assert search(searchable, '"bank" OR "café"') == set()
    assert search(searchable, "NEAR(bank loans") == {bank}
    assert search(searchable, "AND OR") == {bank}
    # Still a useful search: diacritics fold, the last word is a prefix while typing.
    assert search(searchable, "cafe creme") == {"Café crème"}
    assert search(searchable, "pret banc") == {"Café crème"}
    assert search(searchable, "overd") == {bank}
    assert search(searchable, "overd ") == set()
    assert search(searchable, "銀行貸款") == {"銀行貸款"}
