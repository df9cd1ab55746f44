"""An article's review in the workspace: a live article's pending revision (offline, as the Hub
does it) and review comments anchored to a passage that find it again after edits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from studio.domain.anchors import Anchor, anchor_at, locate
from studio.domain.records import OutboxState
from studio.store import replica
from studio.store.models import Article, OutboxOp
from studio.store.review import (
    add_comment,
    approve_pending,
    article_comments,
    discard_pending,
    pending_revision,
    set_resolved,
)
from studio.store.workspace import OperationError, Workspace


def published(workspace: Workspace, body: str = "Live text.") -> str:
    """An article published and synced: the Hub has it (a pending revision is for those only)."""
    article_id = workspace.create_article("Live", body)
    for status in ("in_review", "approved", "published"):
        workspace.set_article_status(article_id, status)  # type: ignore[arg-type]
    with workspace.writing() as w:  # as the Hub's answers leave it
        article = w.session.get(Article, article_id)
        article.version, article.local, article.base = 4, False, None
        for op in w.session.scalars(select(OutboxOp).where(OutboxOp.record_id == article_id)):
            op.state = OutboxState.APPLIED
    return article_id


def test_an_edit_of_a_published_article_is_pending_and_readers_keep_the_live_text(
    workspace: Workspace,
) -> None:
    article_id = published(workspace)
    workspace.save_article(article_id, body="Pending text.", slug="live-2")
    assert workspace.live_article(article_id).body == "Live text."
    assert workspace.article(article_id).body == "Pending text."  # what the editor shows
    assert workspace.live_article(article_id).slug == "live-2"  # not text: at once
    pending = pending_revision(workspace, article_id)
    assert pending is not None and pending.fields == {"body": "Pending text."}
    assert pending.live["body"] == "Live text."
    # Typed back to the live text: nothing is pending any more.
    workspace.save_article(article_id, body="Live text.")
    assert pending_revision(workspace, article_id) is None


def test_approve_makes_it_live_and_discard_drops_it(workspace: Workspace) -> None:
    article_id = published(workspace)
    workspace.save_article(article_id, body="Better.")
    approve_pending(workspace, article_id)
    assert workspace.live_article(article_id).body == "Better."
    assert pending_revision(workspace, article_id) is None
    with pytest.raises(OperationError, match="no pending revision"):
        approve_pending(workspace, article_id)
    workspace.save_article(article_id, body="Worse.")
    discard_pending(workspace, article_id)
    assert workspace.article(article_id).body == "Better."
    reasons = [r.reason for r in workspace.article_revisions(article_id)]
    assert "approve" in reasons and "discard" in reasons  # both can be undone from history
    with workspace.reading() as s:
        actions = [op.action for op in s.scalars(select(OutboxOp).order_by(OutboxOp.seq))]
    assert "approve_staged" in actions and "discard_staged" in actions


def test_an_editor_may_not_approve_offline_either(workspace: Workspace) -> None:
    article_id = published(workspace)
    workspace.save_article(article_id, body="Better.")
    replica.link(workspace, "http://hub.invalid", "editor", "editor")
    with pytest.raises(OperationError, match="An editor may not approve"):
        approve_pending(workspace, article_id)
    discard_pending(workspace, article_id)  # an editor may drop it
    assert pending_revision(workspace, article_id) is None


def test_comments_are_added_resolved_and_anchored(workspace: Workspace) -> None:
    article_id = workspace.create_article("Draft", "One two three. Two again.")
    text = workspace.article(article_id).body
    comment_id = add_comment(workspace, article_id, text, 4, 7, "  Which two? ")
    [row] = article_comments(workspace, article_id)
    assert (row.id, row.anchor.quote, row.body, row.resolved) == (
        comment_id,
        "two",
        "Which two?",
        False,
    )
    set_resolved(workspace, comment_id)
    assert article_comments(workspace, article_id)[0].resolved
    with pytest.raises(OperationError, match="Select the passage"):
        add_comment(workspace, article_id, text, 3, 3, "Empty")
    with pytest.raises(OperationError, match="Write the comment"):
        add_comment(workspace, article_id, text, 0, 3, "   ")


def test_an_anchor_finds_its_passage_after_edits_or_says_it_is_gone() -> None:
    text = "Alpha beta gamma. Beta again, beta."
    anchor = anchor_at(text, 30, 34)  # the last "beta"
    assert locate(text, anchor) == (30, 34)
    moved = "New first line.\n" + text.replace("Alpha", "A")
    start, end = locate(moved, anchor) or (0, 0)
    assert moved[start:end] == "beta" and moved[start - 7 : start] == "again, "
    assert locate(moved.replace("again, beta", "again"), anchor) is not None  # another beta
    assert locate("Nothing here.", anchor) is None
    assert locate("x", Anchor("")) is None


def test_the_library_says_which_articles_have_a_pending_revision(workspace: Workspace) -> None:
    from studio.store.queries import articles_page

    article_id = published(workspace)
    other = workspace.create_article("Draft")
    workspace.save_article(article_id, body="Pending.")
    rows = {r.id: r.pending for r in articles_page(workspace, None, 10)}
    assert rows == {article_id: True, other: False}
    discard_pending(workspace, article_id)
    assert not articles_page(workspace, None, 10)[0].pending


def test_an_article_taken_off_line_is_edited_directly_its_revision_still_pending(
    workspace: Workspace,
) -> None:
    article_id = published(workspace)
    workspace.save_article(article_id, body="Pending.")
    workspace.set_article_status(article_id, "archived")  # type: ignore[arg-type]
    assert workspace.article(article_id).body == "Live text."  # no longer shown over it
    workspace.save_article(article_id, body="Edited while archived.")
    assert workspace.live_article(article_id).body == "Edited while archived."
    pending = pending_revision(workspace, article_id)
    assert pending is not None and pending.fields == {"body": "Pending."}  # still to settle


def test_a_reply_is_on_the_same_passage(workspace: Workspace) -> None:
    from studio.store.review import add_reply

    article_id = workspace.create_article("Draft", "One two three.")
    first = add_comment(workspace, article_id, "One two three.", 4, 7, "Which two?")
    reply = add_reply(workspace, first, "The second one.")
    rows = {r.id: r for r in article_comments(workspace, article_id)}
    assert rows[reply].parent_id == first and rows[reply].anchor == rows[first].anchor
    with pytest.raises(OperationError, match="Write the comment"):
        add_reply(workspace, first, " ")
