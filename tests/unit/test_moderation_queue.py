"""The moderation queue in the workspace: who is in it and why, the stored priority kept by
triggers (reports, reporters' accuracy, lexicon, decisions, undo), filters, search, snoozes,
notes, saved views, keyset paging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, update

from studio.store import moderation_queue as mq
from studio.store.models import LexiconTerm, Member, Post, Report, Thread
from studio.store.workspace import OperationError

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def post(i: int, **over):
    row = dict(
        id=f"p{i:03d}",
        thread_id="t1" if i % 2 else "t2",
        author_id="m1" if i % 3 else "m2",
        body=f"Post number {i}.",
        created_at=T0 + timedelta(hours=i),
        state="visible",
        report_count=0,
        decision=None,
        version=1,
        updated_at=T0,
    )
    row.update(over)
    return row


def seed(workspace, posts, reports=(), terms=()):
    with workspace.engine.begin() as conn:
        conn.execute(
            insert(Member),
            [
                dict(id="m1", display_name="Ada Lovelace", joined_at=T0, updated_at=T0),
                dict(id="m2", display_name="Grace Hopper", joined_at=T0, updated_at=T0),
            ],
        )
        conn.execute(
            insert(Thread),
            [
                dict(id="t1", title="Cash flow in winter", created_at=T0, updated_at=T0),
                dict(id="t2", title="Hiring apprentices", created_at=T0, updated_at=T0),
            ],
        )
        if terms:
            conn.execute(insert(LexiconTerm), list(terms))
        conn.execute(insert(Post), list(posts))
        if reports:
            conn.execute(insert(Report), list(reports))


def report(i: int, post_id: str, reporter: str, reason: str = "spam"):
    return dict(id=f"r{i:03d}", post_id=post_id, reporter_id=reporter, reason=reason, created_at=T0)


def everything(workspace, f=None, limit=3, me=""):
    f = f or mq.QueueFilter()
    rows, after = [], None
    while True:
        page = mq.queue_page(workspace, f, after, limit, me=me, now=NOW)
        rows.extend(page)
        if len(page) < limit:
            return rows
        after = page[-1]


def test_pending_and_reported_posts_are_queued_with_why_and_decided_ones_leave(workspace):
    seed(
        workspace,
        [
            post(1, state="pending"),
            post(2, report_count=2),
            post(3),  # visible, nothing against it: not queued
            post(4, report_count=1, decision={"action": "approve"}),  # decided already
        ],
        [report(1, "p002", "m1", "spam"), report(2, "p002", "m2", "abuse")],
    )
    items = {i.id: i for i in everything(workspace)}
    assert set(items) == {"p001", "p002"}
    assert items["p001"].pending and not items["p001"].reported
    assert items["p002"].reported and items["p002"].reasons == (("abuse", 1), ("spam", 1))
    assert items["p002"].author == "Ada Lovelace" and items["p002"].thread == "Hiring apprentices"
    # Two reports outrank awaiting approval.
    assert [i.id for i in everything(workspace)] == ["p002", "p001"]
    decision = workspace.decide_post("p002", "remove", reason="Spam")
    assert [i.id for i in everything(workspace)] == ["p001"]
    workspace.undo_decision(decision)
    assert [i.id for i in everything(workspace)] == ["p002", "p001"]


def test_a_report_arriving_later_raises_the_priority(workspace):
    seed(workspace, [post(1, state="pending"), post(2, state="pending")])
    assert [i.id for i in everything(workspace)] == ["p001", "p002"]  # older first
    with workspace.engine.begin() as conn:
        conn.execute(insert(Report), [report(1, "p002", "m1")])
    first = everything(workspace)[0]
    assert first.id == "p002" and first.reasons == (("spam", 1),)


def test_reporters_past_accuracy_weighs_their_reports(workspace):
    # m1's past reports ended in removal, m2's were approved: m1's new report counts more.
    seed(
        workspace,
        [
            post(1, report_count=1, state="removed", decision={"action": "remove"}),
            post(2, report_count=1, state="visible", decision={"action": "approve"}),
            post(3, report_count=1),
            post(4, report_count=1),
        ],
        [
            report(1, "p001", "m1"),
            report(2, "p002", "m2"),
            report(3, "p003", "m2"),
            report(4, "p004", "m1"),
        ],
    )
    assert mq.reporter_accuracy(workspace, "m1") == 1.0
    assert mq.reporter_accuracy(workspace, "m2") == 0.0
    items = everything(workspace)
    assert [i.id for i in items] == ["p004", "p003"]  # p004 is newer, but m1 is right more often
    assert items[0].score == pytest.approx(20) and items[1].score == pytest.approx(10)


def test_a_decision_rescores_the_reporters_other_queued_reports(workspace):
    seed(
        workspace,
        [post(1, report_count=1), post(2, report_count=1), post(3, report_count=1)],
        [report(1, "p001", "m1"), report(2, "p002", "m1"), report(3, "p003", "m2")],
    )
    score = lambda: {i.id: i.score for i in everything(workspace)}  # noqa: E731
    assert score() == {"p001": 15, "p002": 15, "p003": 15}
    decision = workspace.decide_post("p001", "remove", reason="Spam")
    assert score() == {"p002": 20, "p003": 15}  # m1 was right: their other report counts more
    workspace.undo_decision(decision)
    assert score() == {"p001": 15, "p002": 15, "p003": 15}
    approval = workspace.decide_post("p003", "approve")
    assert score() == {"p001": 15, "p002": 15}  # m2 was wrong, but has nothing else queued
    workspace.undo_decision(approval)
    workspace.decide_post("p002", "approve")
    assert score() == {"p001": 10, "p003": 15}  # m1 was wrong once: 0 of 1


def test_a_local_decision_counts_towards_the_reporters_accuracy(workspace):
    seed(workspace, [post(1, report_count=1)], [report(1, "p001", "m1")])
    assert mq.reporter_accuracy(workspace, "m1") is None
    decision = workspace.decide_post("p001", "remove", reason="Spam")
    assert mq.reporter_accuracy(workspace, "m1") == 1.0
    workspace.undo_decision(decision)
    assert mq.reporter_accuracy(workspace, "m1") is None


def test_lexicon_hits_queue_a_post_with_the_terms_matched(workspace):
    terms = [
        dict(id="l1", pattern="guaranteed returns", severity="high", is_regex=False, updated_at=T0),
        dict(id="l2", pattern="crypto", severity="low", is_regex=False, updated_at=T0),
    ]
    seed(
        workspace,
        [
            post(1, body="Guaranteed   returns on crypto, DM me"),
            post(2, body="Nothing to see"),
            post(3, body="crypto", state="removed", decision={"action": "remove"}),
        ],
        terms=terms,
    )
    while mq.scan_lexicon(workspace, batch=1).looked:
        pass
    items = everything(workspace)
    assert [i.id for i in items] == ["p001"]
    assert items[0].lexicon_hit and items[0].severity == 3
    assert items[0].terms == "crypto, guaranteed returns"
    assert mq.band_of(items[0].score) == "high"
    # An edited body is scanned again: the hit goes, and so does the item.
    workspace_post_body(workspace, "p001", "All fine now")
    while mq.scan_lexicon(workspace).looked:
        pass
    assert everything(workspace) == []
    # A new post after the scan is found by the next one.
    with workspace.engine.begin() as conn:
        conn.execute(insert(Post), [post(9, body="more CRYPTO talk")])
    assert mq.scan_lexicon(workspace) == (1, 1)
    assert [i.id for i in everything(workspace)] == ["p009"]


def workspace_post_body(workspace, post_id, body):
    with workspace.engine.begin() as conn:
        conn.execute(update(Post).where(Post.id == post_id).values(body=body))


def test_filters_narrow_the_queue(workspace):
    posts = [post(i, state="pending") for i in range(1, 13)]
    posts[0]["report_count"] = 1
    seed(workspace, posts, [report(1, "p001", "m2", "abuse")])
    assert len(everything(workspace)) == 12
    by = lambda **kw: {i.id for i in everything(workspace, mq.QueueFilter(**kw))}  # noqa: E731
    assert by(kind="reported") == {"p001"}
    assert by(reason="abuse") == {"p001"} and by(reason="spam") == set()
    assert by(author="grace") == {"p003", "p006", "p009", "p012"}
    assert by(thread="apprent") == {f"p{i:03d}" for i in range(2, 13, 2)}
    assert by(band="low") == by() - {"p001"} and by(band="medium") == {"p001"}
    assert by(text="number 1") == {"p001", "p010", "p011", "p012"}
    assert by(text="!!!") == set()
    assert by(claim="unclaimed") == by()
    # Claims: p002 by mo until after NOW, p003 by mo but run out.
    with workspace.engine.begin() as conn:
        for post_id, until in (("p002", "2026-11-20T09:05:00Z"), ("p003", "2026-11-20T08:55:00Z")):
            conn.execute(
                update(Post).where(Post.id == post_id).values(claimed_by="mo", claimed_until=until)
            )
    mine = {i.id for i in everything(workspace, mq.QueueFilter(claim="mine"), me="mo")}
    assert mine == {"p002"}
    assert {i.id for i in everything(workspace, mq.QueueFilter(claim="mine"), me="al")} == set()
    assert by(claim="unclaimed") == by() - {"p002"}
    claimed = {i.id: i.claimed_by for i in everything(workspace)}
    assert claimed["p002"] == "mo" and claimed["p003"] is None
    assert by(author="grace", thread="apprent") == {"p006", "p012"}


def test_snoozed_items_come_back_when_their_time_comes(workspace):
    seed(workspace, [post(1, state="pending"), post(2, state="pending")])
    mq.snooze(workspace, "p001", NOW + timedelta(hours=1))
    assert [i.id for i in everything(workspace)] == ["p002"]
    later = mq.queue_page(workspace, mq.QueueFilter(), None, 10, now=NOW + timedelta(hours=2))
    assert [i.id for i in later] == ["p001", "p002"]
    with pytest.raises(OperationError):
        mq.snooze(workspace, "p999", NOW)


def test_notes_and_saved_views_are_kept(workspace):
    seed(workspace, [post(1, state="pending")])
    mq.add_note(workspace, "Warned by email", post_id="p001", member_id="m2")
    with pytest.raises(OperationError):
        mq.add_note(workspace, "   ", post_id="p001")
    assert [n.body for n in mq.notes(workspace, member_id="m2")] == ["Warned by email"]
    f = mq.QueueFilter(kind="reported", author="Ada", text="cash")
    mq.save_view(workspace, "  Ada's reports ", f)
    assert mq.saved_views(workspace) == [("Ada's reports", f)]
    mq.save_view(workspace, "Ada's reports", mq.QueueFilter(band="high"))
    assert mq.saved_views(workspace) == [("Ada's reports", mq.QueueFilter(band="high"))]
    with pytest.raises(OperationError):
        mq.save_view(workspace, " ", f)
    mq.delete_view(workspace, "Ada's reports")
    assert mq.saved_views(workspace) == []
    assert mq.QueueFilter.from_json({"kind": "lexicon", "future": 1}) == mq.QueueFilter(
        kind="lexicon"
    )


def test_pages_cover_every_item_once_with_equal_priorities(workspace):
    seed(workspace, [post(i, state="pending", created_at=T0) for i in range(1, 40)])
    got = everything(workspace, limit=7)
    assert len(got) == 39 and len({i.id for i in got}) == 39
    assert [i.id for i in got] == sorted(i.id for i in got)
