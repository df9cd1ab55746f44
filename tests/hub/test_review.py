"""An article's review on a real Hub (hub/review.py): edits to a published article wait as a
pending revision while the live text stays, approved by whoever may publish or discarded by an
editor; review comments on a passage, written by editors and admins, resolved by any of them."""

from __future__ import annotations

import uuid
from typing import Any

from tests.hub.hubproc import HubProcess


def send(hub: HubProcess, role: str, *ops: dict[str, Any]) -> list[dict[str, Any]]:
    batch = [{"op_id": str(uuid.uuid4()), "base_version": 0, **op} for op in ops]
    with hub.client(role) as client:
        answer = client.post("/v1/ops", json={"ops": batch})
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def one(hub: HubProcess, role: str, op: dict[str, Any]) -> dict[str, Any]:
    return send(hub, role, op)[0]


def record(hub: HubProcess, record_type: str, record_id: str) -> dict[str, Any]:
    """The record as the feed carries it to every Studio."""
    since = ""
    with hub.client("admin") as client:
        while True:
            page = client.get("/v1/changes", params={"since": since, "limit": 1000}).json()
            for change in page["changes"]:
                if (change["type"], change["id"]) == (record_type, record_id):
                    data: dict[str, Any] = change["data"]
                    return data
            if not page["more"]:
                raise AssertionError(f"no {record_type} {record_id} in the feed")
            since = page["cursor"]


def archive(hub: HubProcess) -> list[dict[str, Any]]:
    with hub.client("compliance") as client:
        entries: list[dict[str, Any]] = client.get("/v1/archive", params={"limit": 1000}).json()[
            "entries"
        ]
    return entries


def published(hub: HubProcess, body: str = "Live text.") -> tuple[str, int]:
    """A published article (by an admin); its id and version."""
    article = str(uuid.uuid4())
    data = {"title": "Live", "body": body, "status": "published"}
    result = one(hub, "admin", {"type": "article", "id": article, "action": "create", "data": data})
    assert result["status"] == "applied", result
    return article, int(result["version"])


def edit(article: str, version: int, **fields: Any) -> dict[str, Any]:
    return {
        "type": "article",
        "id": article,
        "action": "update",
        "base_version": version,
        "data": fields,
    }


def test_an_edit_of_a_published_article_waits_as_a_pending_revision(hub: HubProcess) -> None:
    article, version = published(hub)
    entries_before = len(archive(hub))
    result = one(hub, "editor", edit(article, version, body="New text.", title="Live (new)"))
    assert result["status"] == "applied", result
    now = record(hub, "article", article)
    assert now["body"] == "Live text." and now["title"] == "Live"  # readers see no change
    assert now["staged"]["fields"] == {"body": "New text.", "title": "Live (new)"}
    assert now["staged"]["by"] == "editor"
    assert len(archive(hub)) == entries_before  # nothing readers see changed

    # A later edit joins the revision; an edit back to the live title drops it from it.
    result = one(hub, "editor", edit(article, now["version"], title="Live", tags=["a"]))
    now = record(hub, "article", article)
    assert now["staged"]["fields"] == {"body": "New text.", "tags": ["a"]}
    # Not text: applied at once.
    result = one(hub, "editor", edit(article, now["version"], slug="live-now"))
    assert result["status"] == "applied", result
    assert record(hub, "article", article)["slug"] == "live-now"


def test_an_editor_may_not_approve_an_admin_may_and_the_archive_keeps_the_edit(
    hub: HubProcess,
) -> None:
    article, version = published(hub)
    version = one(hub, "editor", edit(article, version, body="Better."))["version"]
    approve = {"type": "article", "id": article, "action": "approve_staged"}
    refused = one(hub, "editor", {**approve, "base_version": version})
    assert refused["status"] == "rejected"
    assert refused["error"]["code"] == "forbidden"
    assert "publish" in refused["error"]["message"]
    assert record(hub, "article", article)["body"] == "Live text."

    stale = one(hub, "admin", {**approve, "base_version": version - 1})
    assert stale["status"] == "conflict"  # an approval names the revision it saw

    applied = one(hub, "admin", {**approve, "base_version": version})
    assert applied["status"] == "applied", applied
    now = record(hub, "article", article)
    assert now["body"] == "Better." and now["staged"] is None and now["status"] == "published"
    entry = archive(hub)[-1]
    assert entry["kind"] == "edit" and entry["subject_id"] == article
    assert entry["payload"]["body"] == "Better." and entry["payload"]["staged_by"] == "editor"

    again = one(hub, "admin", {**approve, "base_version": now["version"]})
    assert again["status"] == "rejected" and again["error"]["code"] == "nothing_staged"


def test_a_pending_revision_is_discarded_by_an_editor_not_by_a_moderator(
    hub: HubProcess,
) -> None:
    article, version = published(hub)
    version = one(hub, "editor", edit(article, version, body="Oops."))["version"]
    discard = {"type": "article", "id": article, "action": "discard_staged"}
    refused = one(hub, "moderator", {**discard, "base_version": version})
    assert refused["status"] == "rejected" and refused["error"]["code"] == "forbidden"
    assert one(hub, "editor", {**discard, "base_version": version})["status"] == "applied"
    now = record(hub, "article", article)
    assert now["staged"] is None and now["body"] == "Live text."


def test_a_draft_is_edited_directly(hub: HubProcess) -> None:
    article = str(uuid.uuid4())
    data = {"title": "Draft", "body": "One."}
    create = {"type": "article", "id": article, "action": "create", "data": data}
    created = one(hub, "editor", create)
    one(hub, "editor", edit(article, created["version"], body="Two."))
    now = record(hub, "article", article)
    assert now["body"] == "Two." and not now.get("staged")


def comment(article: str, comment_id: str, **extra: Any) -> dict[str, Any]:
    data = {
        "article_id": article,
        "anchor": {"quote": "Live", "offset": 0, "prefix": "", "suffix": " text."},
        "body": "Say which one.",
        **extra,
    }
    return {"type": "review_comment", "id": comment_id, "action": "create", "data": data}


def test_review_comments_by_role_author_set_and_resolved(hub: HubProcess) -> None:
    article, _version = published(hub)
    by_moderator = one(hub, "moderator", comment(article, str(uuid.uuid4())))
    assert by_moderator["status"] == "rejected"
    assert by_moderator["error"]["code"] == "forbidden"
    nowhere = one(hub, "editor", comment(str(uuid.uuid4()), str(uuid.uuid4())))
    assert nowhere["status"] == "rejected" and nowhere["error"]["code"] == "not_found"
    sneaky = one(hub, "editor", comment(article, str(uuid.uuid4()), author="admin"))
    assert sneaky["status"] == "rejected" and sneaky["error"]["code"] == "server_fields"

    comment_id = str(uuid.uuid4())
    made = one(hub, "editor", comment(article, comment_id))
    assert made["status"] == "applied", made
    kept = record(hub, "review_comment", comment_id)
    assert kept["author"] == "editor" and kept["created_at"] and kept["resolved"] is False

    def update(role: str, **data: Any) -> dict[str, Any]:
        version = record(hub, "review_comment", comment_id)["version"]
        op = {"type": "review_comment", "id": comment_id, "action": "update"}
        return one(hub, role, {**op, "base_version": version, "data": data})

    moved = update("editor", anchor={"quote": "text", "offset": 5})
    assert moved["status"] == "rejected" and moved["error"]["code"] == "comment_moved"
    assert update("admin", resolved=True)["status"] == "applied"
    assert record(hub, "review_comment", comment_id)["resolved"] is True
    assert update("admin", body="Rewritten by an admin.")["status"] == "applied"


def test_a_reply_is_on_a_comment_of_the_same_article(hub: HubProcess) -> None:
    article, _version = published(hub)
    other, _version = published(hub)
    first = str(uuid.uuid4())
    assert one(hub, "editor", comment(article, first))["status"] == "applied"
    reply = one(hub, "admin", comment(article, str(uuid.uuid4()), parent_id=first))
    assert reply["status"] == "applied", reply
    astray = one(hub, "admin", comment(other, str(uuid.uuid4()), parent_id=first))
    assert astray["status"] == "rejected" and astray["error"]["code"] == "not_found"
    nowhere = one(hub, "admin", comment(article, str(uuid.uuid4()), parent_id="missing"))
    assert nowhere["status"] == "rejected" and nowhere["error"]["code"] == "not_found"


def test_other_records_carry_no_pending_revision(hub: HubProcess) -> None:
    thread = str(uuid.uuid4())
    one(hub, "admin", {"type": "thread", "id": thread, "action": "create", "data": {"title": "T"}})
    update = {"type": "thread", "id": thread, "action": "update", "base_version": 1}
    assert one(hub, "admin", {**update, "data": {"title": "U"}})["status"] == "applied"
    assert "staged" not in record(hub, "thread", thread)
