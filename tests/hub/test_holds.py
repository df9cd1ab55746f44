"""Legal holds on a real Hub (hub/holds.py): placed and lifted by ops, written into the archive
chain, refused to other roles and for bad data, and keeping a held post (or a post of a held
thread) from being deleted while it can still be hidden."""

from __future__ import annotations

import uuid
from typing import Any

from studio.domain.archive import verify_chain
from tests.hub.hubproc import HubProcess


def send(hub: HubProcess, role: str, *ops: dict[str, Any]) -> list[dict[str, Any]]:
    batch = [{"op_id": str(uuid.uuid4()), "base_version": 0, **op} for op in ops]
    with hub.client(role) as client:
        answer = client.post("/v1/ops", json={"ops": batch})
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def archive(hub: HubProcess) -> list[dict[str, Any]]:
    with hub.client("compliance") as client:
        entries: list[dict[str, Any]] = client.get("/v1/archive", params={"limit": 1000}).json()[
            "entries"
        ]
    return entries


def a_thread_with_a_post(hub: HubProcess) -> tuple[str, str, int]:
    thread, post = str(uuid.uuid4()), str(uuid.uuid4())
    results = send(
        hub,
        "moderator",
        {"type": "thread", "id": thread, "action": "create", "data": {"title": "Held"}},
        {
            "type": "post",
            "id": post,
            "action": "create",
            "data": {"thread_id": thread, "body": "Keep me"},
        },
    )
    assert [r["status"] for r in results] == ["applied", "applied"], results
    return thread, post, int(results[1]["version"])


def place(scope: str, subject: str, hold: str, reason: str = "Inquiry 7") -> dict[str, Any]:
    return {
        "type": "archive_hold",
        "id": hold,
        "action": "place",
        "data": {"scope": scope, "subject_id": subject, "reason": reason},
    }


def lift(subject: str, hold: str, reason: str = "Closed") -> dict[str, Any]:
    return {
        "type": "archive_hold",
        "id": hold,
        "action": "lift",
        "data": {"subject_id": subject, "reason": reason},
    }


def delete(record_type: str, record_id: str, version: int) -> dict[str, Any]:
    return {"type": record_type, "id": record_id, "action": "delete", "base_version": version}


def test_a_hold_is_an_archive_entry_and_keeps_its_post_from_deletion(hub: HubProcess) -> None:
    _thread, post, version = a_thread_with_a_post(hub)
    hold = str(uuid.uuid4())
    (placed,) = send(hub, "compliance", place("record", post, hold))
    assert placed["status"] == "applied" and placed["version"] == 1
    entries = archive(hub)
    assert entries[-1]["kind"] == "legal_hold" and entries[-1]["subject_id"] == post
    assert entries[-1]["payload"] == {"hold_id": hold, "scope": "record", "reason": "Inquiry 7"}
    assert entries[-1]["actor"] == "compliance"
    assert verify_chain(entries) == []
    # Held: not deleted, even by an admin; hidden by a moderator, yes.
    (refused,) = send(hub, "admin", delete("post", post, version))
    assert refused["status"] == "rejected" and refused["error"]["code"] == "legal_hold"
    assert "never deleted" in refused["error"]["message"]
    (hidden,) = send(
        hub,
        "moderator",
        {
            "type": "post",
            "id": post,
            "action": "decide",
            "base_version": version,
            "data": {"action": "remove", "reason": "Scam"},
        },
    )
    assert hidden["status"] == "applied"
    # Lifted: a second entry; then the post may go.
    (lifted,) = send(hub, "compliance", lift(post, hold))
    assert lifted["status"] == "applied" and lifted["version"] == 2
    assert archive(hub)[-1]["kind"] == "legal_hold_lifted"
    (again,) = send(hub, "compliance", lift(post, hold))
    assert again["status"] == "rejected" and again["error"]["code"] == "no_such_hold"
    (gone,) = send(hub, "admin", delete("post", post, hidden["version"]))
    assert gone["status"] == "applied", gone


def test_a_thread_hold_keeps_each_of_its_posts(hub: HubProcess) -> None:
    thread, post, version = a_thread_with_a_post(hub)
    hold = str(uuid.uuid4())
    assert send(hub, "compliance", place("thread", thread, hold))[0]["status"] == "applied"
    (refused,) = send(hub, "admin", delete("post", post, version))
    assert refused["error"]["code"] == "legal_hold"
    # The same hold id twice is refused; a hold on a thread that doesn't exist too.
    (twice,) = send(hub, "compliance", place("thread", thread, hold))
    assert twice["error"]["code"] == "hold_exists"
    (nowhere,) = send(hub, "compliance", place("thread", str(uuid.uuid4()), str(uuid.uuid4())))
    assert nowhere["error"]["code"] == "unknown_subject"


def test_only_compliance_and_admins_hold_and_bad_data_is_refused(hub: HubProcess) -> None:
    _thread, post, _version = a_thread_with_a_post(hub)
    for role in ("moderator", "editor", "member"):
        (answer,) = send(hub, role, place("record", post, str(uuid.uuid4())))
        assert answer["error"]["code"] == "forbidden", (role, answer)
    assert send(hub, "admin", place("record", post, str(uuid.uuid4())))[0]["status"] == "applied"
    bad = [
        {**place("record", post, str(uuid.uuid4())), "data": {"scope": "record"}},
        {**place("record", post, str(uuid.uuid4())), "data": {"scope": "everything"}},
        place("record", post, str(uuid.uuid4()), reason="   "),
        {**place("record", post, str(uuid.uuid4())), "data": {"x": 1}},
        {**place("record", post, str(uuid.uuid4())), "action": "shred"},
    ]
    answers = send(hub, "compliance", *bad)
    assert [a["error"]["code"] for a in answers] == [
        "invalid_data",
        "invalid_data",
        "invalid_data",
        "invalid_data",
        "unknown_action",
    ]
