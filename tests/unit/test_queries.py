"""Keyset paging of the screens' queries: every row once, in order, however deep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from studio.domain.ids import new_id
from studio.store.models import Article, Member, Post, Thread
from studio.store.queries import articles_page, moderation_queue_page


def _all_pages(fetch, limit):
    rows, after = [], None
    while True:
        page = fetch(after, limit)
        rows.extend(page)
        if len(page) < limit:
            return rows
        after = page[-1]


def test_article_pages_cover_every_article_once_even_with_equal_timestamps(workspace):
    same = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    rows = [
        dict(
            id=new_id(),
            title=f"Article {i}",
            slug=f"a-{i}",
            summary="",
            body="",
            tags=[],
            language="fr" if i % 2 else "en",
            status="draft",
            views=0,
            version=1,
            updated_at=same if i < 30 else same + timedelta(minutes=i),
        )
        for i in range(95)
    ]
    with workspace.engine.begin() as conn:
        conn.execute(insert(Article), rows)
    got = _all_pages(lambda after, n: articles_page(workspace, after, n), 7)
    assert sorted(r.id for r in got) == sorted(r["id"] for r in rows)
    assert len({r.id for r in got}) == 95
    keys = [(r.updated_at, r.id) for r in got]
    assert keys == sorted(keys, reverse=True)


def test_article_search_pages_and_deleted_articles_are_hidden(workspace):
    ids = [workspace.create_article(f"Financement export {i}") for i in range(12)]
    workspace.create_article("Recrutement")
    workspace.delete_article(ids[0])
    got = _all_pages(lambda after, n: articles_page(workspace, after, n, "export"), 5)
    assert sorted(r.id for r in got) == sorted(ids[1:])
    assert articles_page(workspace, None, 50, "") and len(articles_page(workspace, None, 50)) == 12
    assert articles_page(workspace, None, 50, "!!!") == []


def test_moderation_queue_orders_by_reports_then_age_and_pages_without_gaps(workspace):
    start = datetime(2026, 11, 1, tzinfo=UTC)
    member = new_id()
    thread = new_id()
    with workspace.engine.begin() as conn:
        conn.execute(
            insert(Member),
            [
                dict(
                    id=member,
                    display_name="陳大文",
                    company="",
                    version=1,
                    joined_at=start,
                    language="zh-HK",
                    strikes=0,
                    updated_at=start,
                )
            ],
        )
        conn.execute(
            insert(Thread),
            [
                dict(
                    id=thread,
                    title="Trésorerie",
                    author_id=member,
                    created_at=start,
                    version=1,
                    updated_at=start,
                )
            ],
        )
        posts = []
        for i in range(60):
            state = ["pending", "visible", "removed"][i % 3]
            posts.append(
                dict(
                    id=new_id(),
                    thread_id=thread,
                    author_id=member if i % 5 else None,
                    body=f"post {i}",
                    created_at=start + timedelta(minutes=i % 7),
                    state=state,
                    report_count=i % 4,
                    version=1,
                    updated_at=start,
                )
            )
        conn.execute(insert(Post), posts)
    got = _all_pages(lambda after, n: moderation_queue_page(workspace, after, n), 4)
    expected = [
        p
        for p in posts
        if p["state"] == "pending" or (p["state"] == "visible" and p["report_count"] > 0)
    ]
    assert sorted(r.id for r in got) == sorted(p["id"] for p in expected)
    assert len(got) == len({r.id for r in got})
    order = [(-r.report_count, r.created_at, r.id) for r in got]
    assert order == sorted(order)
    assert {r.author for r in got} == {"陳大文", None}


def test_a_workspace_opens_from_a_relative_path_and_one_with_uri_characters(tmp_path, monkeypatch):
    from studio.store.workspace import Workspace, workspace_path

    monkeypatch.chdir(tmp_path)
    for folder in ("data", "odd ?#% folder"):
        ws = Workspace.open(workspace_path(tmp_path.__class__(folder), "w"))
        ws.create_article("Hello")
        ws.close()
        again = Workspace.open(workspace_path(tmp_path.__class__(folder), "w"))
        assert again.counts()["articles"] == 1
        again.close()
