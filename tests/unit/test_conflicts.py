"""Conflicts: hunks of a text merge, and resolving a conflict in the workspace (Hub answers faked
by applying feed pages and op results directly; tests/integration runs the real Hub)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from studio.domain.merge import Take, compose, text_hunks
from studio.store import conflicts, replica
from studio.store.models import Article, ArticleRevision, OutboxOp
from studio.store.workspace import OperationError, Workspace, wire_dict

BASE = "Title line.\n\nFirst paragraph.\n\nMiddle.\n\nLast paragraph.\n"


def test_hunks_settle_clean_changes_and_isolate_the_clash() -> None:
    mine = BASE.replace("First paragraph.", "First, mine.")
    theirs = BASE.replace("First paragraph.", "First, theirs.").replace("Last", "Final")
    hunks = text_hunks(BASE, mine, theirs)
    clashes = [h for h in hunks if not h.settled]
    assert [(h.mine, h.theirs, h.base) for h in clashes] == [
        ("First, mine.\n", "First, theirs.\n", "First paragraph.\n")
    ]
    # Their clean change (Last → Final) is in whatever the user picks for the clash.
    assert compose(hunks, {}) == mine.replace("Last", "Final")
    i = hunks.index(clashes[0])
    assert compose(hunks, {i: Take.THEIRS}) == theirs
    assert "First, mine.\nFirst, theirs.\n" in compose(hunks, {i: Take.BOTH})


def test_both_keeps_a_last_line_without_newline_apart() -> None:
    hunks = text_hunks("a\nend", "a\nmine", "a\ntheirs")
    i = next(i for i, h in enumerate(hunks) if not h.settled)
    assert compose(hunks, {i: Take.BOTH}) == "a\nmine\ntheirs"


def test_hunks_of_texts_with_no_common_base() -> None:
    hunks = text_hunks("", "mine\n", "theirs\n")
    assert compose(hunks, {0: Take.THEIRS}) == "theirs\n"


def _synced_article(ws: Workspace, body: str = BASE) -> str:
    aid = ws.create_article("Export", body)
    ops = replica.next_batch(ws, 10)
    replica.apply_results(ws, [{"op_id": ops[0]["op_id"], "status": "applied", "version": 1}])
    return aid


def _hub_change(ws: Workspace, aid: str, version: int, **fields: Any) -> None:
    with ws.reading() as s:
        row = s.get(Article, aid)
        assert row is not None
        data = {**(row.base or wire_dict("article", row)), **fields}
    data.pop("version", None)
    data.pop("id", None)
    change = {"type": "article", "id": aid, "version": version, "deleted": False, "data": data}
    replica.apply_page(ws, [change], f"c{version}")


def _article(ws: Workspace, aid: str) -> Article:
    with ws.reading() as s:
        row = s.get(Article, aid)
        assert row is not None
        return row


def _ops(ws: Workspace, aid: str) -> list[OutboxOp]:
    with ws.reading() as s:
        return list(s.scalars(select(OutboxOp).where(OutboxOp.record_id == aid)))


def _in_conflict(workspace: Workspace) -> tuple[str, int]:
    aid = _synced_article(workspace)
    workspace.save_article(
        aid, body=BASE.replace("Middle.", "Middle, mine."), title="Export (mine)"
    )
    _hub_change(
        workspace,
        aid,
        2,
        body=BASE.replace("Middle.", "Middle, theirs."),
        title="Export (theirs)",
        tags=["hub"],
    )
    (row,) = conflicts.conflicts_page(workspace, None, 100)
    return aid, row.id


def test_a_conflict_holds_the_records_changes_back_until_resolved(workspace: Workspace) -> None:
    aid, cid = _in_conflict(workspace)
    assert _article(workspace, aid).conflict
    workspace.save_article(aid, summary="written during the conflict")
    assert replica.next_batch(workspace, 10) == []  # nothing of it goes out
    copies = conflicts.load(workspace, cid)
    assert set(copies.fields) == {"body", "title"}
    assert copies.theirs["tags"] == ["hub"] and copies.label == "Export (mine)"
    assert copies.text_fields == ("body", "summary")


def test_resolving_queues_one_update_from_the_hubs_version(workspace: Workspace) -> None:
    aid, cid = _in_conflict(workspace)
    workspace.save_article(aid, summary="written during the conflict")
    conflicts.resolve(
        workspace, cid, {"title": "Export (theirs)", "body": BASE.replace("Middle.", "Both.")}
    )
    row = _article(workspace, aid)
    assert not row.conflict and row.local and row.tags == ["hub"]
    (batch,) = replica.next_batch(workspace, 10)
    assert batch["base_version"] == 2 and batch["action"] == "update"
    # Only what differs from the Hub's copy goes: the chosen body and the later summary.
    assert set(batch["data"]) == {"body", "summary"}
    assert conflicts.conflicts_page(workspace, None, 100) == []
    with workspace.reading() as s:
        revisions = s.scalars(
            select(ArticleRevision.title).where(ArticleRevision.reason == "conflict")
        ).all()
    assert sorted(revisions) == ["Export (mine)", "Export (theirs)"]


def test_taking_the_hubs_side_everywhere_leaves_nothing_to_send(workspace: Workspace) -> None:
    aid, cid = _in_conflict(workspace)
    theirs = conflicts.load(workspace, cid).theirs
    conflicts.resolve(workspace, cid, {"title": theirs["title"], "body": theirs["body"]})
    assert not _article(workspace, aid).local
    assert replica.next_batch(workspace, 10) == []


def test_a_conflict_is_resolved_once(workspace: Workspace) -> None:
    _aid, cid = _in_conflict(workspace)
    conflicts.resolve(workspace, cid, {})
    with pytest.raises(OperationError, match="already been resolved"):
        conflicts.resolve(workspace, cid, {})
    with pytest.raises(OperationError, match="already been resolved"):
        conflicts.load(workspace, cid)


def test_an_unknown_field_is_refused_and_nothing_changes(workspace: Workspace) -> None:
    aid, cid = _in_conflict(workspace)
    with pytest.raises(OperationError, match="Unknown field"):
        conflicts.resolve(workspace, cid, {"title": "x", "password": "y"})
    assert _article(workspace, aid).conflict and _article(workspace, aid).title == "Export (mine)"


def _deleted_on_the_hub(ws: Workspace) -> tuple[str, int]:
    aid = _synced_article(ws)
    ws.save_article(aid, body="Rewritten here.\n")
    replica.apply_page(
        ws, [{"type": "article", "id": aid, "version": 2, "deleted": True, "data": None}], "c2"
    )
    (row,) = conflicts.conflicts_page(ws, None, 100)
    assert row.fields == ("deleted",)
    return aid, row.id


def test_a_record_deleted_on_the_hub_can_be_let_go(workspace: Workspace) -> None:
    aid, cid = _deleted_on_the_hub(workspace)
    with pytest.raises(OperationError, match="deleted this record"):
        conflicts.resolve(workspace, cid, {})
    conflicts.let_go(workspace, cid)
    with workspace.reading() as s:
        assert s.get(Article, aid) is None
    assert replica.next_batch(workspace, 10) == []


def test_a_record_deleted_on_the_hub_can_be_kept_as_a_new_one(workspace: Workspace) -> None:
    aid, cid = _deleted_on_the_hub(workspace)
    new = conflicts.keep_as_new(workspace, cid)
    assert new != aid
    copy = _article(workspace, new)
    assert copy.body == "Rewritten here.\n" and copy.local and copy.slug != "export"
    (op,) = replica.next_batch(workspace, 10)
    assert (op["id"], op["action"]) == (new, "create")
    assert "version" not in op["data"] and op["data"]["body"] == "Rewritten here.\n"


def test_side_by_side_pairs_changed_lines_and_cuts_long_unchanged_stretches() -> None:
    from studio.domain.merge import side_by_side

    old = "\n".join(f"line {i}" for i in range(1, 21))
    new = old.replace("line 10", "line ten").replace("line 20", "line 20\nline 21")
    rows = side_by_side(old, new, context=1)
    kinds = [r.kind for r in rows]
    assert kinds == ["gap", "same", "changed", "same", "gap", "same", "added"]
    changed = rows[2]
    assert (changed.left_number, changed.left, changed.right_number, changed.right) == (
        10,
        "line 10",
        10,
        "line ten",
    )
    assert (rows[-1].left_number, rows[-1].right) == (0, "line 21")
    assert all(r.kind == "same" for r in side_by_side(old, old))
