"""The full-text index stays true to the records when a feed page both deletes the newest record
and brings new ones (found by the stateful fault test, tests/faults/test_stateful_sync.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from studio.store import replica
from studio.store.workspace import Workspace


def article(seq: int, rid: str, body: str, version: int = 1) -> dict[str, Any]:
    data = {"title": rid, "slug": rid, "body": body}
    return {
        "seq": seq,
        "type": "article",
        "id": rid,
        "version": version,
        "deleted": False,
        "data": data,
    }


def test_a_page_deleting_the_newest_record_and_bringing_a_new_one_indexes_the_new_one(
    workspace: Workspace,
) -> None:
    replica.apply_page(workspace, [article(1, "a1", "first"), article(2, "a2", "second")], "2")
    # a2 holds the largest rowid; this page deletes it and brings a3, which takes a2's rowid.
    gone = {"seq": 3, "type": "article", "id": "a2", "version": 2, "deleted": True, "data": None}
    replica.apply_page(workspace, [gone, article(4, "a3", "third")], "4")
    # Before, a3 was left out of the index, and this update of it failed: "database disk image
    # is malformed" (the index's delete of terms it never had).
    replica.apply_page(workspace, [article(5, "a3", "third, edited", version=2)], "5")
    with workspace.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        )
        hits = (
            conn.execute(
                text(
                    "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                    "WHERE articles_fts MATCH 'edited'"
                )
            )
            .scalars()
            .all()
        )
    assert hits == ["a3"]
