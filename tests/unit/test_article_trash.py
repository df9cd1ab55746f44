"""The articles' trash, duplicates and the library's filters and sorts, in the store."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from studio.store.models import Article, OutboxOp
from studio.store.queries import ArticleFilter, articles_page, trash_page


def _all(fetch, limit):
    rows, after = [], None
    while True:
        page = fetch(after, limit)
        rows.extend(page)
        if len(page) < limit:
            return rows
        after = page[-1]


def test_every_sort_pages_through_every_article_once_both_ways(workspace):
    for i in range(23):
        workspace.create_article(f"Title {i % 7:02d}", tags=["t"])
    for sort in ("title", "status", "author", "changed"):
        for descending in (False, True):
            where = ArticleFilter(sort=sort, descending=descending)
            rows = _all(lambda a, n, w=where: articles_page(workspace, a, n, "", w), 4)
            assert len({r.id for r in rows}) == 23 == len(rows), (sort, descending)
    where = ArticleFilter(sort="title", descending=False)
    titles = [r.title for r in _all(lambda a, n: articles_page(workspace, a, n, "", where), 4)]
    assert titles == sorted(titles)


def test_filters_narrow_by_tag_date_and_local(workspace):
    a = workspace.create_article("Alpha", tags=["Tax"], publish_at=datetime(2026, 5, 1, tzinfo=UTC))
    workspace.create_article("Beta", tags=["law"])
    got = articles_page(workspace, None, 50, "", ArticleFilter(tag="tax"))
    assert [r.id for r in got] == [a]
    got = articles_page(
        workspace, None, 50, "", ArticleFilter(publish_from=datetime(2026, 4, 1, tzinfo=UTC))
    )
    assert [r.id for r in got] == [a]
    assert len(articles_page(workspace, None, 50, "", ArticleFilter(local=True))) == 2
    assert articles_page(workspace, None, 50, "", ArticleFilter(conflict=True)) == []


def test_duplicate_gets_a_new_id_and_a_free_slug(workspace):
    a = workspace.create_article("Guide", "Body", tags=["x"])
    b = workspace.duplicate_article(a)
    c = workspace.duplicate_article(a, "Copy of {title}")
    copy = workspace.article(b)
    assert copy.title == "Copy of Guide" and copy.body == "Body" and copy.tags == ["x"]
    assert copy.slug == "copy-of-guide" and workspace.article(c).slug == "copy-of-guide-2"


def test_restore_before_sync_takes_the_deletion_back(workspace):
    a = workspace.create_article("Gone soon")
    workspace.delete_article(a)
    assert [r.state for r in trash_page(workspace, None, 10)] == ["waiting"]
    assert articles_page(workspace, None, 10) == []
    assert workspace.restore_article(a) == (a, False)
    with workspace.reading() as s:
        actions = list(s.scalars(select(OutboxOp.action).where(OutboxOp.record_id == a)))
    assert actions == ["create"]
    assert trash_page(workspace, None, 10) == [] and workspace.article(a).title == "Gone soon"


def test_restore_after_the_hub_deleted_it_makes_a_new_article(workspace):
    a = workspace.create_article("Old news", "Text")
    workspace.delete_article(a)
    with workspace.writing() as w:  # as sync does once the Hub applied the deletion
        w.session.delete(w.session.get(Article, a))
        for op in w.session.scalars(select(OutboxOp)):
            w.session.delete(op)
    assert [r.state for r in trash_page(workspace, None, 10)] == ["gone"]
    new, as_new = workspace.restore_article(a)
    assert as_new and new != a and workspace.article(new).body == "Text"
    workspace.delete_article(new)
    workspace.purge_article(new)
    assert trash_page(workspace, None, 10) == []


def test_a_deletion_already_sent_is_not_taken_back_but_explained(workspace):
    import pytest

    from studio.store.workspace import OperationError

    a = workspace.create_article("In flight")
    workspace.delete_article(a)
    with workspace.writing() as w:  # as sync does when it sends the batch
        for op in w.session.scalars(select(OutboxOp)):
            op.state, op.attempts = "sent", 1
    with pytest.raises(OperationError, match="on its way to the Hub"):
        workspace.restore_article(a)
    assert [r.id for r in trash_page(workspace, None, 10)] == [a]  # still in the trash
