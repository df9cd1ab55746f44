"""Pages of the change feed applied to a workspace: new records go in in bulk, exactly as the ORM
would have written them one by one; records held are updated; the cursor moves with its page."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from studio.store import replica
from studio.store.models import (
    Article,
    Member,
    OutboxOp,
    Post,
    Report,
    Speaker,
    Webinar,
    WebinarSpeaker,
)
from studio.store.workspace import Workspace


def change(seq: int, kind: str, rid: str, version: int = 1, **data: Any) -> dict[str, Any]:
    return {"seq": seq, "type": kind, "id": rid, "version": version, "deleted": False, "data": data}


def gone(seq: int, kind: str, rid: str, version: int = 2) -> dict[str, Any]:
    return {"seq": seq, "type": kind, "id": rid, "version": version, "deleted": True, "data": None}


POST = {
    "thread_id": "t1",
    "parent_id": None,
    "author_id": "m1",
    "body": "Bonjour à tous",
    "created_at": "2026-08-05T01:34:19Z",
    "state": "visible",
    "report_count": 0,
    "decision": None,
}


def test_a_first_page_goes_in_as_the_orm_would_write_it(workspace: Workspace) -> None:
    page = [
        change(1, "post", "p1", 3, **POST),
        change(2, "post", "p2", **{**POST, "parent_id": "p1", "author_id": None}),
        # A None where the column has a default takes the default, as the ORM does.
        change(3, "article", "a1", title="Guide", slug="guide", summary=None, body="x", tags=["a"]),
        change(4, "speaker", "s1", name="Ada", organisation="Lab", zone="Europe/Paris"),
        change(5, "report", "r1", post_id="p1", reason="spam", created_at="2026-08-06T00:00:00Z"),
        change(6, "lexicon_term", "l1", pattern="x", severity="high", is_regex=False),
    ]
    assert replica.apply_page(workspace, page, "6") == 6
    with workspace.reading() as s:
        p1, p2 = s.get(Post, "p1"), s.get(Post, "p2")
        article = s.get(Article, "a1")
        speaker, report = s.get(Speaker, "s1"), s.get(Report, "r1")
        raw = s.execute(text("SELECT decision, base, local FROM posts WHERE id = 'p1'")).one()
    assert p1 is not None and p2 is not None and article is not None
    assert (p1.version, p1.body, p1.state, p1.local, p1.conflict, p1.deleted) == (
        3,
        "Bonjour à tous",
        "visible",
        False,
        False,
        False,
    )
    assert p1.created_at.isoformat() == "2026-08-05T01:34:19+00:00"
    assert p2.parent_id == "p1" and p2.author_id is None
    assert raw == ("null", None, 0)  # JSON null for the decision, no base copy
    assert (article.summary, article.tags, article.status, article.views) == ("", ["a"], "draft", 0)
    assert speaker is not None and (speaker.name, speaker.bio) == ("Ada", "")
    assert report is not None and report.note == "" and report.created_at.year == 2026
    assert replica.state(workspace)["cursor"] == "6"


def test_records_held_are_updated_and_deleted(workspace: Workspace) -> None:
    replica.apply_page(
        workspace,
        [
            change(1, "post", "p1", **POST),
            change(2, "member", "m1", display_name="Mo", joined_at="2026-01-01T00:00:00Z"),
            change(3, "speaker", "s1", name="Ada"),
        ],
        "3",
    )
    replica.apply_page(
        workspace,
        [
            change(4, "post", "p1", 2, **{**POST, "state": "removed"}),
            gone(5, "member", "m1"),
            change(6, "speaker", "s1", name="Ada L."),
        ],
        "6",
    )
    with workspace.reading() as s:
        post = s.get(Post, "p1")
        assert post is not None and (post.version, post.state) == (2, "removed")
        assert s.get(Member, "m1") is None
        speaker = s.get(Speaker, "s1")
        assert speaker is not None and speaker.name == "Ada L."


def test_a_record_named_twice_in_a_page_ends_as_the_last_says(workspace: Workspace) -> None:
    replica.apply_page(
        workspace,
        [
            change(1, "member", "m1", display_name="Mo", joined_at="2026-01-01T00:00:00Z"),
            change(2, "member", "m2", display_name="Al", joined_at="2026-01-01T00:00:00Z"),
            change(3, "member", "m1", 2, display_name="Mo B.", joined_at="2026-01-01T00:00:00Z"),
            gone(4, "member", "m2"),
            change(5, "speaker", "s1", name="Ada"),
            change(6, "speaker", "s1", name="Ada L."),
        ],
        "6",
    )
    with workspace.reading() as s:
        member = s.get(Member, "m1")
        assert member is not None and (member.display_name, member.version) == ("Mo B.", 2)
        assert s.get(Member, "m2") is None
        speaker = s.get(Speaker, "s1")
        assert speaker is not None and speaker.name == "Ada L."


def test_a_new_webinar_comes_with_its_people(workspace: Workspace) -> None:
    replica.apply_page(
        workspace,
        [
            change(
                1,
                "webinar",
                "w1",
                title="Taxes",
                starts_at="2027-03-25T10:00:00",
                zone="Europe/Paris",
                starts_at_utc="2027-03-25T09:00:00Z",
                duration_minutes=60,
                speaker_ids=["s1", "s2"],
                host_ids=["s1"],
            )
        ],
        "1",
    )
    with workspace.reading() as s:
        webinar = s.get(Webinar, "w1")
        people = s.execute(
            select(WebinarSpeaker.speaker_id, WebinarSpeaker.role).order_by(
                WebinarSpeaker.role, WebinarSpeaker.speaker_id
            )
        ).all()
    assert webinar is not None and webinar.version == 1
    assert [tuple(p) for p in people] == [("s1", "host"), ("s1", "speaker"), ("s2", "speaker")]


def test_new_posts_are_searchable_and_the_insert_trigger_stays(workspace: Workspace) -> None:
    bodies = ["Facturation électronique obligatoire", "Question sur la TVA", "Merci à tous"]
    page = [
        change(i, "post", f"p{i}", **{**POST, "body": body}) for i, body in enumerate(bodies, 1)
    ]
    replica.apply_page(workspace, page, "3")
    with workspace.engine.begin() as conn:
        conn.execute(text("INSERT INTO posts_fts(posts_fts, rank) VALUES ('integrity-check', 1)"))
        hits = (
            conn.execute(
                text(
                    "SELECT p.id FROM posts_fts f JOIN posts p ON p.rowid = f.rowid "
                    "WHERE posts_fts MATCH 'electronique'"
                )
            )
            .scalars()
            .all()
        )
        triggers = (
            conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'posts'")
            )
            .scalars()
            .all()
        )
    assert hits == ["p1"]  # diacritics folded, as the index was made to
    # The full-text triggers are all back after the page (other tables' triggers live beside them).
    assert sorted(t for t in triggers if t.startswith("posts_fts_")) == [
        "posts_fts_ad",
        "posts_fts_ai",
        "posts_fts_au",
    ]


def test_a_page_that_fails_changes_nothing_and_keeps_the_trigger(workspace: Workspace) -> None:
    bad = change(2, "post", "p2", **{**POST, "thread_id": None})  # NOT NULL: the insert fails
    with pytest.raises(IntegrityError):
        replica.apply_page(workspace, [change(1, "post", "p1", **POST), bad], "2")
    with workspace.engine.begin() as conn:
        posts = conn.execute(text("SELECT count(*) FROM posts")).scalar()
        trigger = conn.execute(
            text("SELECT count(*) FROM sqlite_master WHERE name = 'posts_fts_ai'")
        ).scalar()
    assert (posts, trigger, replica.state(workspace)["cursor"]) == (0, 1, "")


def test_answers_settle_a_record_with_one_op_and_rebase_one_with_two(workspace: Workspace) -> None:
    article = {"title": "Guide", "slug": "guide", "summary": "", "body": "x", "tags": []}
    replica.apply_page(
        workspace,
        [change(1, "article", "a1", **article), change(2, "article", "a2", **article)],
        "2",
    )
    workspace.save_article("a1", summary="one edit")
    workspace.save_article("a2", summary="first edit")
    sent = replica.next_batch(workspace, 10)
    workspace.save_article("a2", summary="second edit")  # a new op: the first may be on its way
    figures = replica.apply_results(
        workspace,
        [{"op_id": op["op_id"], "status": "applied", "version": 2} for op in sent],
    )
    assert figures == {"applied": 2, "conflict": 0, "rejected": 0}
    with workspace.reading() as s:
        a1, a2 = s.get(Article, "a1"), s.get(Article, "a2")
        later = s.scalars(select(OutboxOp).where(OutboxOp.state == "queued")).all()
    assert a1 is not None and (a1.version, a1.local, a1.base) == (2, False, None)
    assert a2 is not None and (a2.version, a2.local) == (2, True)
    assert a2.base is not None and a2.base["version"] == 2
    assert [(op.record_id, op.base_version) for op in later] == [("a2", 2)]
