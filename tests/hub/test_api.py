"""The platform API (API.md and docs/API.md) as a client sees it, against a real Hub process, on
SQLite and on PostgreSQL: sign-in, ops and their four outcomes, moderation, webinar times, the
change feed, the archive, attachments, stats and the published OpenAPI."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from studio.domain.archive import GENESIS, verify_chain
from tests.hub.fixtures import (
    LiveHub,
    assert_error,
    assert_rejected,
    live_hub,  # noqa: F401 - the fixture `hub`
    make_op,
    new_id,
    sha256,
)


def parse_instant(text: str) -> datetime:
    assert text.endswith("Z") or text.endswith("+00:00"), text
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def thread_and_post(hub: LiveHub, body: str = "Hello") -> tuple[str, str]:
    thread, post = new_id(), new_id()
    hub.applied("member", "thread", "create", id=thread, data={"title": "A thread"})
    hub.applied("member", "post", "create", id=post, data={"thread_id": thread, "body": body})
    return thread, post


def feed_entries(hub: LiveHub, record_id: str) -> list[dict[str, Any]]:
    changes, _ = hub.feed()
    return [c for c in changes if c["id"] == record_id]


def archive_entries(hub: LiveHub, subject_id: str) -> list[dict[str, Any]]:
    return [e for e in hub.archive() if e["subject_id"] == subject_id]


# -- sign-in -----------------------------------------------------------------------------------


def test_sign_in_gives_a_bearer_token_for_the_account_and_its_role(hub: LiveHub) -> None:
    for role in ("admin", "editor", "member"):
        response = hub.sign_in(role)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["role"] == role
        assert len(body["access_token"]) >= 32
        expires = parse_instant(body["expires_at"])
        assert timedelta(hours=11) < expires - datetime.now(UTC) <= timedelta(hours=12, minutes=1)
        me = hub.process.client().get(
            "/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert me.status_code == 200
        assert me.json() == {"username": role, "display_name": f"Test {role}", "role": role}

    assert_error(hub.sign_in("editor", "not the password"), 401, "bad_credentials")
    assert_error(hub.sign_in("nobody-" + new_id(), "whatever"), 401, "bad_credentials")
    assert_error(hub.get(None, "/v1/me"), 401, "unauthenticated")


# -- ops: create, update, delete, and the four outcomes ----------------------------------------


def test_create_update_delete_raise_the_version_each_time(hub: LiveHub) -> None:
    article = new_id()
    created = hub.applied(
        "editor", "article", "create", id=article, data={"title": "Spring Fair", "tags": ["x"]}
    )
    assert created["version"] == 1
    got = hub.get("editor", f"/v1/articles/{article}").json()
    assert got["version"] == 1
    assert got["slug"] == "spring-fair"
    assert got["status"] == "draft"
    assert got["views"] == 0

    updated = hub.applied(
        "editor", "article", "update", id=article, base_version=1, data={"summary": "Soon"}
    )
    assert updated["version"] == 2
    got = hub.get("editor", f"/v1/articles/{article}").json()
    assert (got["version"], got["title"], got["summary"], got["tags"]) == (
        2,
        "Spring Fair",
        "Soon",
        ["x"],
    )

    deleted = hub.applied("editor", "article", "delete", id=article, base_version=2)
    assert deleted["version"] == 3
    assert_error(hub.get("editor", f"/v1/articles/{article}"), 404, "not_found")
    # Gone is gone: updating it now is refused, not revived.
    assert_rejected(
        hub.op("editor", "article", "update", id=article, base_version=3, data={"title": "B"}),
        "not_found",
    )


def test_a_replayed_batch_answers_duplicate_with_the_original_result_and_no_second_effect(
    hub: LiveHub,
) -> None:
    thread = new_id()
    hub.applied("moderator", "thread", "create", id=thread, data={"title": "Replays"})
    poll, post, article = new_id(), new_id(), new_id()
    hub.applied("editor", "poll", "create", id=poll, data={"question": "?", "options": ["a", "b"]})
    hub.applied("editor", "article", "create", id=article, data={"title": "One"})
    archive_before = len(hub.archive())
    batch = [
        make_op("post", "create", post, {"thread_id": thread, "body": "Only once"}),
        make_op("poll", "respond", poll, {"option": 1}),
        make_op("article", "update", article, {"title": "Two"}, base_version=1),
    ]
    first = hub.ops("member", *batch[:2]) + hub.ops("editor", batch[2])
    assert [r["status"] for r in first] == ["applied"] * 3
    # The client lost the answers and sends everything again, twice.
    for _ in range(2):
        again = hub.ops("member", *batch[:2]) + hub.ops("editor", batch[2])
        assert [r["status"] for r in again] == ["duplicate"] * 3
        assert [r["version"] for r in again] == [r["version"] for r in first]
        assert all(r["error"] is None for r in again)

    assert hub.get("admin", f"/v1/posts/{post}").json()["version"] == 1
    assert hub.get("admin", f"/v1/polls/{poll}").json()["responses"] == [0, 1]
    got = hub.get("admin", f"/v1/articles/{article}").json()
    assert (got["version"], got["title"]) == (2, "Two")
    assert len(feed_entries(hub, post)) == 1
    archived = hub.archive()[archive_before:]
    assert [(e["kind"], e["subject_id"]) for e in archived] == [
        ("post", post),
        ("poll_response", poll),
    ]
    # Even after the record moved on, a replay answers the original result.
    hub.applied("editor", "article", "update", id=article, base_version=2, data={"title": "3"})
    assert hub.ops("editor", batch[2])[0] == {**first[2], "status": "duplicate"}


def test_the_same_op_id_with_other_content_is_rejected_op_id_reused(hub: LiveHub) -> None:
    article, op_id = new_id(), new_id()
    hub.applied("editor", "article", "create", id=article, data={"title": "A"}, op_id=op_id)
    before = hub.snapshot()
    result = hub.op("editor", "article", "create", id=article, data={"title": "B"}, op_id=op_id)
    assert_rejected(result, "op_id_reused")
    other = hub.op("editor", "article", "create", id=new_id(), data={"title": "A"}, op_id=op_id)
    assert_rejected(other, "op_id_reused")
    assert hub.snapshot() == before
    assert hub.get("editor", f"/v1/articles/{article}").json()["title"] == "A"


def test_a_stale_base_version_is_a_conflict_holding_the_current_record(hub: LiveHub) -> None:
    article = new_id()
    hub.applied("editor", "article", "create", id=article, data={"title": "Mine"})
    hub.applied("admin", "article", "update", id=article, base_version=1, data={"title": "Theirs"})
    before = hub.snapshot()
    for action, data in (("update", {"title": "Mine again"}), ("delete", {})):
        result = hub.op("editor", "article", action, id=article, base_version=1, data=data)
        assert result["status"] == "conflict", result
        assert result["error"] is None
        current = result["current"]
        assert (current["id"], current["version"], current["title"]) == (article, 2, "Theirs")
        assert result["version"] == 2
    # Creating an id that exists is a conflict too: the client learns what is there.
    again = hub.op("editor", "article", "create", id=article, data={"title": "New"})
    assert again["status"] == "conflict" and again["current"]["title"] == "Theirs"
    assert hub.snapshot() == before
    # A conflict is not remembered: the same change on the right base then applies.
    assert (
        hub.applied(
            "editor", "article", "update", id=article, base_version=2, data={"title": "Merged"}
        )["version"]
        == 3
    )


# -- moderation --------------------------------------------------------------------------------


def test_the_first_moderation_decision_wins_and_the_second_learns_who_decided_what_when(
    hub: LiveHub,
) -> None:
    _, post = thread_and_post(hub, "Buy cheap watches")
    started = datetime.now(UTC)
    first = hub.applied(
        "moderator",
        "post",
        "decide",
        id=post,
        base_version=1,
        data={"action": "remove", "reason": "spam"},
    )
    assert first["version"] == 2
    before = hub.snapshot()
    second = hub.op("admin", "post", "decide", id=post, base_version=1, data={"action": "approve"})
    assert second["status"] == "conflict", second
    decision = second["current"]["decision"]
    assert decision["by"] == "moderator"
    assert decision["action"] == "remove"
    assert decision["reason"] == "spam"
    assert started - timedelta(seconds=5) <= parse_instant(decision["at"]) <= datetime.now(UTC)
    assert second["current"]["state"] == "removed"
    assert hub.snapshot() == before
    post_now = hub.get("admin", f"/v1/posts/{post}").json()
    assert (post_now["state"], post_now["decision"]["by"]) == ("removed", "moderator")
    # Building on what is there (restoring after the removal) is a new decision, not a conflict.
    restored = hub.applied(
        "admin", "post", "decide", id=post, base_version=2, data={"action": "restore"}
    )
    assert restored["version"] == 3
    assert hub.get("admin", f"/v1/posts/{post}").json()["state"] == "visible"


def test_two_moderators_deciding_at_once_one_wins(hub: LiveHub) -> None:
    _, post = thread_and_post(hub)
    results: dict[str, dict[str, Any]] = {}
    start = threading.Barrier(2)

    def decide(role: str, action: str) -> None:
        client = hub.process.client(role)
        start.wait()
        response = client.post(
            "/v1/ops",
            json={"ops": [make_op("post", "decide", post, {"action": action}, base_version=1)]},
        )
        results[role] = response.json()["results"][0]
        client.close()

    threads = [
        threading.Thread(target=decide, args=("moderator", "approve")),
        threading.Thread(target=decide, args=("admin", "escalate")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r["status"] for r in results.values())
    assert statuses == ["applied", "conflict"], results
    winner = next(role for role, r in results.items() if r["status"] == "applied")
    loser = next(r for r in results.values() if r["status"] == "conflict")
    assert loser["current"]["decision"]["by"] == winner
    decisions = [e for e in archive_entries(hub, post) if e["kind"] == "decision"]
    assert [e["actor"] for e in decisions] == [winner]


# -- webinars ----------------------------------------------------------------------------------


def webinar(
    title: str = "Webinar", starts_at: str = "2027-06-01T10:00:00", **more: Any
) -> dict[str, Any]:
    return {
        "title": title,
        "starts_at": starts_at,
        "zone": "Europe/Paris",
        "duration_minutes": 60,
        **more,
    }


def test_a_webinar_start_in_a_dst_gap_is_rejected(hub: LiveHub) -> None:
    # Paris skips from 02:00 to 03:00 on 28 March 2027.
    wid = new_id()
    before = hub.snapshot()
    result = hub.op(
        "coordinator", "webinar", "create", id=wid, data=webinar(starts_at="2027-03-28T02:30:00")
    )
    assert_rejected(result, "wall_time_in_gap")
    assert "2027-03-28T02:30:00" in result["error"]["message"]
    assert hub.snapshot() == before
    ok = hub.applied(
        "coordinator", "webinar", "create", id=wid, data=webinar(starts_at="2027-03-28T03:30:00")
    )
    assert ok["version"] == 1
    got = hub.get("coordinator", f"/v1/webinars/{wid}").json()
    assert got["starts_at_utc"].startswith("2027-03-28T01:30:00")


def test_a_webinar_start_in_a_fold_must_say_which(hub: LiveHub) -> None:
    # Paris repeats 02:00-03:00 on 25 October 2026.
    before = hub.snapshot()
    result = hub.op(
        "coordinator", "webinar", "create", data=webinar(starts_at="2026-10-25T02:30:00")
    )
    assert_rejected(result, "ambiguous_wall_time")
    assert hub.snapshot() == before
    first, second = new_id(), new_id()
    for wid, fold in ((first, 0), (second, 1)):
        hub.applied(
            "coordinator",
            "webinar",
            "create",
            id=wid,
            data=webinar(starts_at="2026-10-25T02:30:00", fold=fold),
        )
    one = hub.get("coordinator", f"/v1/webinars/{first}").json()
    two = hub.get("coordinator", f"/v1/webinars/{second}").json()
    assert (one["fold"], one["starts_at_utc"][:19]) == (0, "2026-10-25T00:30:00")
    assert (two["fold"], two["starts_at_utc"][:19]) == (1, "2026-10-25T01:30:00")
    assert one["starts_at"] == two["starts_at"] == "2026-10-25T02:30:00"


def test_moving_a_webinar_into_a_fold_must_say_which_too(hub: LiveHub) -> None:
    wid = new_id()
    hub.applied("coordinator", "webinar", "create", id=wid, data=webinar())
    result = hub.op(
        "coordinator",
        "webinar",
        "update",
        id=wid,
        base_version=1,
        data={"starts_at": "2026-10-25T02:30:00"},
    )
    assert_rejected(result, "ambiguous_wall_time")


def test_a_speaker_booked_twice_at_once_is_rejected_naming_the_other_webinar(
    hub: LiveHub,
) -> None:
    speaker, first, second = new_id(), new_id(), new_id()
    hub.applied(
        "coordinator",
        "webinar",
        "create",
        id=first,
        data=webinar("Soil health", "2027-05-10T14:00:00", speaker_ids=[speaker]),
    )
    before = hub.snapshot()
    result = hub.op(
        "coordinator",
        "webinar",
        "create",
        id=second,
        data=webinar("Cover crops", "2027-05-10T14:30:00", host_ids=[speaker]),
    )
    error = assert_rejected(result, "speaker_double_booked")
    assert error["details"]["other_webinar"] == first
    assert error["details"]["people"] == [speaker]
    assert "Soil health" in error["message"]
    assert hub.snapshot() == before
    # Back to back is fine; so is the same slot once the first is cancelled.
    hub.applied(
        "coordinator",
        "webinar",
        "create",
        id=second,
        data=webinar("Cover crops", "2027-05-10T15:00:00", speaker_ids=[speaker]),
    )
    hub.applied(
        "coordinator", "webinar", "update", id=first, base_version=1, data={"status": "cancelled"}
    )
    hub.applied(
        "coordinator",
        "webinar",
        "update",
        id=second,
        base_version=1,
        data={"starts_at": "2027-05-10T14:00:00"},
    )


def test_capacity_cannot_go_below_the_registrations(hub: LiveHub) -> None:
    wid = new_id()
    hub.applied("coordinator", "webinar", "create", id=wid, data=webinar(capacity=100))
    hub.set_fields("webinar", wid, registered=40)
    before = hub.snapshot()
    result = hub.op(
        "coordinator", "webinar", "update", id=wid, base_version=1, data={"capacity": 39}
    )
    error = assert_rejected(result, "capacity_below_registrations")
    assert error["details"]["registered"] == 40
    assert hub.snapshot() == before
    hub.applied("coordinator", "webinar", "update", id=wid, base_version=1, data={"capacity": 40})
    got = hub.get("coordinator", f"/v1/webinars/{wid}").json()
    assert (got["capacity"], got["registered"], got["version"]) == (40, 40, 2)


# -- the change feed ---------------------------------------------------------------------------


def test_the_feed_pages_and_gives_every_record_exactly_once(hub: LiveHub) -> None:
    mine = [new_id() for _ in range(7)]
    for rid in mine:
        hub.applied("editor", "article", "create", id=rid, data={"title": "Feed"})
    pages = []
    since = ""
    while True:
        response = hub.get("admin", "/v1/changes", params={"since": since, "limit": 3})
        assert response.status_code == 200
        page = response.json()
        pages.append(page)
        assert len(page["changes"]) <= 3
        if page["changes"]:
            assert page["cursor"] == str(page["changes"][-1]["seq"])
        since = page["cursor"]
        if not page["more"]:
            break
    assert all(len(p["changes"]) == 3 for p in pages[:-1])
    changes = [c for p in pages for c in p["changes"]]
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(set(seqs)), "seq must increase strictly along the feed"
    keys = [(c["type"], c["id"]) for c in changes]
    assert len(keys) == len(set(keys)), "a record came twice in one full pull"
    assert set(keys) == set(hub.snapshot()["records"]), "the feed must hold every record"
    by_id = {c["id"]: c for c in changes}
    for rid in mine:
        assert by_id[rid]["version"] == 1
        assert by_id[rid]["data"]["title"] == "Feed"
        assert by_id[rid]["data"]["id"] == rid
    assert [c["id"] for c in changes[-7:]] == mine  # oldest first
    # At the end, the cursor stays where it is.
    tail = hub.get("admin", "/v1/changes", params={"since": since}).json()
    assert (tail["changes"], tail["cursor"], tail["more"]) == ([], since, False)


def test_a_changed_record_moves_to_the_end_and_a_deleted_one_says_so(hub: LiveHub) -> None:
    first, second = new_id(), new_id()
    hub.applied("editor", "article", "create", id=first, data={"title": "First"})
    hub.applied("editor", "article", "create", id=second, data={"title": "Second"})
    _, cursor = hub.feed()
    hub.applied("editor", "article", "update", id=first, base_version=1, data={"title": "1st"})
    news, cursor2 = hub.feed(cursor)
    assert [(c["id"], c["version"], c["data"]["title"]) for c in news] == [(first, 2, "1st")]
    assert int(cursor2) > int(cursor)
    everything, _ = hub.feed()
    assert everything[-1]["id"] == first
    assert [c["id"] for c in everything].count(first) == 1
    assert [c["id"] for c in everything].index(second) < len(everything) - 1

    hub.applied("editor", "article", "delete", id=second, base_version=1)
    gone, _ = hub.feed(cursor2)
    assert gone == [
        {
            "seq": gone[0]["seq"],
            "type": "article",
            "id": second,
            "version": 2,
            "deleted": True,
            "data": None,
        }
    ]
    everything, _ = hub.feed()
    assert [(c["id"], c["deleted"]) for c in everything[-2:]] == [(first, False), (second, True)]


# -- the archive -------------------------------------------------------------------------------


def test_the_archive_records_posts_replies_decisions_publications_and_poll_responses(
    hub: LiveHub,
) -> None:
    thread, post = thread_and_post(hub, "A question")
    reply = new_id()
    hub.applied(
        "moderator",
        "post",
        "create",
        id=reply,
        data={"thread_id": thread, "parent_id": post, "body": "An answer"},
    )
    hub.applied("moderator", "post", "decide", id=post, base_version=1, data={"action": "approve"})
    article = new_id()
    hub.applied("editor", "article", "create", id=article, data={"title": "News", "body": "B"})
    hub.applied(
        "admin", "article", "update", id=article, base_version=1, data={"status": "published"}
    )
    poll = new_id()
    hub.applied(
        "coordinator", "poll", "create", id=poll, data={"question": "?", "options": ["y", "n"]}
    )
    hub.applied("member", "poll", "respond", id=poll, data={"option": 1})

    entries = hub.archive(limit=2)  # pages of two
    kinds = {(e["kind"], e["subject_id"]): e for e in entries}
    assert kinds[("post", post)]["payload"]["body"] == "A question"
    assert kinds[("post", post)]["actor"] == "member"
    assert kinds[("reply", reply)]["payload"]["parent_id"] == post
    decision = kinds[("decision", post)]
    assert (decision["actor"], decision["payload"]["action"]) == ("moderator", "approve")
    assert kinds[("publication", article)]["payload"] == {"title": "News", "body": "B"}
    assert kinds[("publication", article)]["actor"] == "admin"
    assert kinds[("poll_response", poll)]["payload"]["option"] == 1

    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0]["prev_hash"] == GENESIS
    assert verify_chain(entries) == []
    head = hub.get("compliance", "/v1/archive/head").json()
    assert head == {"seq": entries[-1]["seq"], "hash": entries[-1]["hash"]}
    # A copy is checked from any point on, against the head.
    middle = len(entries) // 2
    rest = hub.archive(since=entries[middle - 1]["seq"])
    assert rest == entries[middle:]
    assert verify_chain(rest, entries[middle - 1]["hash"], entries[middle - 1]["seq"]) == []
    # A changed copy does not verify, and names the entry.
    forged = [dict(e) for e in entries]
    forged[middle] = {**forged[middle], "payload": {**forged[middle]["payload"], "x": 1}}
    problems = verify_chain(forged)
    assert [p.seq for p in problems] == [forged[middle]["seq"]]


def test_archive_paging_and_head(hub: LiveHub) -> None:
    for _ in range(3):
        thread_and_post(hub)
    entries = hub.archive()
    assert len(entries) >= 3
    page = hub.get("compliance", "/v1/archive", params={"since": 0, "limit": 2}).json()
    assert page["entries"] == entries[:2] and page["more"] is True
    last = hub.get(
        "compliance", "/v1/archive", params={"since": entries[-2]["seq"], "limit": 5}
    ).json()
    assert last == {"entries": entries[-1:], "more": False}
    after = hub.get("compliance", "/v1/archive", params={"since": entries[-1]["seq"]}).json()
    assert after == {"entries": [], "more": False}
    head = hub.get("admin", "/v1/archive/head").json()
    assert head == {"seq": entries[-1]["seq"], "hash": entries[-1]["hash"]}


# -- attachments -------------------------------------------------------------------------------


def test_an_attachment_is_stored_only_under_its_own_hash(hub: LiveHub) -> None:
    data = b"\x89PNG\r\n\x1a\n" + new_id().encode() * 100
    digest = sha256(data)
    put = hub.request(
        "editor",
        "PUT",
        f"/v1/attachments/{digest}",
        content=data,
        headers={"content-type": "image/png"},
    )
    assert put.status_code == 201, put.text
    assert digest in hub.snapshot()["attachments"]
    again = hub.request("member", "PUT", f"/v1/attachments/{digest}", content=data)
    assert again.status_code == 201  # idempotent, and any signed-in account may upload
    # An article can point at it.
    hub.applied("editor", "article", "create", data={"title": "Pic", "featured_attachment": digest})

    other = new_id().encode()
    before = hub.snapshot()
    wrong = hub.request("editor", "PUT", f"/v1/attachments/{sha256(b'else')}", content=other)
    assert_error(wrong, 400, "hash_mismatch")
    assert hub.snapshot() == before


def test_an_uploaded_attachment_downloads_byte_for_byte(hub: LiveHub) -> None:
    data = b"GIF89a" + new_id().encode() * 50
    digest = sha256(data)
    headers = {"content-type": "image/gif"}
    put = hub.request("editor", "PUT", f"/v1/attachments/{digest}", content=data, headers=headers)
    assert put.status_code == 201, put.text
    for role in ("member", "compliance", "editor"):
        got = hub.get(role, f"/v1/attachments/{digest}")
        assert got.status_code == 200, got.text
        assert got.content == data
        assert got.headers["content-type"] == "image/gif"
    assert_error(hub.get("editor", f"/v1/attachments/{sha256(b'never sent')}"), 404, "not_found")


# -- stats -------------------------------------------------------------------------------------


def test_stats_count_what_the_hub_holds(hub: LiveHub) -> None:
    before = hub.get("editor", "/v1/stats").json()
    assert set(before) >= {
        "members",
        "articles",
        "webinars",
        "posts",
        "polls",
        "archive_entries",
        "article_views",
        "webinar_registrations",
        "webinar_attendance",
    }
    assert all(isinstance(v, int) and v >= 0 for v in before.values())
    kept, dropped, wid = new_id(), new_id(), new_id()
    hub.applied("editor", "article", "create", id=kept, data={"title": "Counted"})
    hub.applied("editor", "article", "create", id=dropped, data={"title": "Dropped"})
    hub.applied("editor", "article", "delete", id=dropped, base_version=1)
    hub.set_fields("article", kept, views=12)
    hub.applied("coordinator", "webinar", "create", id=wid, data=webinar(capacity=50))
    hub.set_fields("webinar", wid, registered=30, attended=21)
    hub.applied("coordinator", "poll", "create", data={"question": "?", "options": ["a", "b", "c"]})
    hub.applied("admin", "member", "create", data={"display_name": "Ana"})
    thread_and_post(hub)  # one post, one archive entry
    after = hub.get("editor", "/v1/stats").json()
    delta = {k: after[k] - before[k] for k in before}
    assert delta == {
        "members": 1,
        "articles": 1,
        "webinars": 1,
        "posts": 1,
        "polls": 1,
        "archive_entries": 2,  # the post; the deletion
        "article_views": 12,
        "webinar_registrations": 30,
        "webinar_attendance": 21,
    }
    assert after["archive_entries"] == len(hub.archive())


# -- OpenAPI -----------------------------------------------------------------------------------


def test_openapi_lists_every_path_and_its_error_responses(hub: LiveHub) -> None:
    response = hub.get(None, "/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    paths = spec["paths"]
    expected: dict[str, dict[str, set[int]]] = {
        "/v1/auth/token": {"post": {401, 422, 429}},
        "/v1/me": {"get": {401}},
        "/v1/changes": {"get": {400, 401, 403, 422}},
        "/v1/ops": {"post": {401, 413, 422}},
        "/v1/archive": {"get": {401, 403, 422}},
        "/v1/archive/head": {"get": {401, 403}},
        "/v1/stats": {"get": {401, 403}},
        "/v1/health": {"get": set()},
        "/v1/attachments/{sha256}": {"put": {400, 401, 413, 422}, "get": {401, 404, 422}},
        **{
            f"/v1/{kind}/{{record_id}}": {"get": {401, 403, 404, 422}}
            for kind in ("articles", "webinars", "posts", "members", "polls", "threads")
        },
    }
    assert set(paths) >= set(expected), sorted(paths)
    schemas = spec["components"]["schemas"]
    assert set(schemas["ErrorBody"]["properties"]) == {"error"}
    assert set(schemas["ErrorDetail"]["properties"]) == {"code", "message", "details"}
    for path, methods in expected.items():
        assert set(paths[path]) >= set(methods), path
        for method, statuses in methods.items():
            responses = paths[path][method]["responses"]
            for status in statuses:
                assert str(status) in responses, (method, path, status, sorted(responses))
                if status == 422:
                    continue  # FastAPI documents its own validation body there
                schema = responses[str(status)]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (path, status)
            assert "500" in responses, (method, path)
    assert not any("{kind}" in path for path in paths)  # one path per kind, no catch-all
