"""Bad input never breaks the Hub (SQLite and PostgreSQL): never a 500, never data lost, always
the error shape ``{"error": {"code", "message", "details"}}`` with a fitting status.

After each bad request the Hub must still answer /v1/health and hold exactly what it held
before (``LiveHub.unchanged``: records, feed, archive, applied ops, attachments).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from hub import auth
from hub.db import sessions
from tests.hub.fixtures import (
    LiveHub,
    assert_error,
    assert_rejected,
    live_hub,  # noqa: F401 - the fixture `hub`
    make_op,
    new_id,
    sha256,
)
from tests.hub.hubproc import PASSWORD

MB = 1024 * 1024
JSON = {"content-type": "application/json"}


def an_op(**fields: Any) -> dict[str, Any]:
    return {**make_op("article", "create", data={"title": "Fine"}), **fields}


# -- bad requests: the table -------------------------------------------------------------------


@dataclass
class Bad:
    name: str
    method: str
    path: str
    status: int | tuple[int, ...]
    code: str | None
    role: str | None = "admin"
    kwargs: dict[str, Any] = field(default_factory=dict)


def raw(body: str | bytes) -> dict[str, Any]:
    content = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return {"content": content, "headers": JSON}


def ops(*ops: Any, **more: Any) -> dict[str, Any]:
    return {"json": {"ops": list(ops), **more}}


def changes(**params: Any) -> dict[str, Any]:
    return {"params": params}


BAD_REQUESTS = [
    # malformed JSON and bodies that are not what the endpoint takes
    Bad("truncated json", "POST", "/v1/ops", 422, "invalid_request", kwargs=raw('{"ops": [')),
    Bad("not json", "POST", "/v1/ops", 422, "invalid_request", kwargs=raw("ops=1")),
    Bad("empty body", "POST", "/v1/ops", 422, "invalid_request", kwargs=raw(b"")),
    Bad("json array body", "POST", "/v1/ops", 422, "invalid_request", kwargs=raw("[]")),
    Bad(
        "not utf-8",
        "POST",
        "/v1/ops",
        (400, 422),
        None,
        kwargs=raw('{"ops": [{"op_id": "é"}]}'.encode("latin-1")),
    ),
    Bad(
        "nested 100k deep",
        "POST",
        "/v1/ops",
        (400, 422),
        None,
        kwargs=raw('{"ops": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ),
    Bad(
        "a 5000-digit number",
        "POST",
        "/v1/ops",
        (400, 422),
        None,
        kwargs=raw('{"ops": [{"base_version": ' + "9" * 5000 + "}]}"),
    ),
    Bad(
        "lone surrogate",
        "POST",
        "/v1/ops",
        422,
        "invalid_request",
        kwargs=raw(json.dumps({"ops": [an_op()]}).replace('"Fine"', '"Fi\\ud800ne"')),
    ),
    # wrong types
    Bad(
        "ops is a string", "POST", "/v1/ops", 422, "invalid_request", kwargs={"json": {"ops": "x"}}
    ),
    Bad("op is a string", "POST", "/v1/ops", 422, "invalid_request", kwargs=ops("op")),
    Bad(
        "base_version text",
        "POST",
        "/v1/ops",
        422,
        "invalid_request",
        kwargs=ops(an_op(base_version="one")),
    ),
    Bad(
        "base_version negative",
        "POST",
        "/v1/ops",
        422,
        "invalid_request",
        kwargs=ops(an_op(base_version=-1)),
    ),
    Bad(
        "base_version fraction",
        "POST",
        "/v1/ops",
        422,
        "invalid_request",
        kwargs=ops(an_op(base_version=1.5)),
    ),
    Bad("data is a list", "POST", "/v1/ops", 422, "invalid_request", kwargs=ops(an_op(data=[]))),
    Bad("op_id is null", "POST", "/v1/ops", 422, "invalid_request", kwargs=ops(an_op(op_id=None))),
    Bad(
        "token: password a number",
        "POST",
        "/v1/auth/token",
        422,
        "invalid_request",
        role=None,
        kwargs={"json": {"username": "admin", "password": 12345}},
    ),
    # unknown fields
    Bad(
        "unknown body field",
        "POST",
        "/v1/ops",
        422,
        "invalid_request",
        kwargs=ops(an_op(), dry_run=True),
    ),
    Bad(
        "unknown op field",
        "POST",
        "/v1/ops",
        422,
        "invalid_request",
        kwargs=ops(an_op(colour="red")),
    ),
    Bad(
        "token: unknown field",
        "POST",
        "/v1/auth/token",
        422,
        "invalid_request",
        role=None,
        kwargs={"json": {"username": "admin", "password": PASSWORD, "remember": True}},
    ),
    # unknown record type, malformed action and ids
    Bad(
        "unknown record type",
        "POST",
        "/v1/ops",
        422,
        "invalid_request",
        kwargs=ops(an_op(type="invoice")),
    ),
    Bad(
        "action not snake_case",
        "POST",
        "/v1/ops",
        422,
        "invalid_request",
        kwargs=ops(an_op(action="Create")),
    ),
    Bad(
        "op_id of 65 chars",
        "POST",
        "/v1/ops",
        422,
        "invalid_request",
        kwargs=ops(an_op(op_id="x" * 65)),
    ),
    Bad("id with a slash", "POST", "/v1/ops", 422, "invalid_request", kwargs=ops(an_op(id="a/b"))),
    Bad(
        "1001 ops in a batch",
        "POST",
        "/v1/ops",
        422,
        "invalid_request",
        kwargs=ops(*[an_op() for _ in range(1001)]),
    ),
    Bad(
        "token: 201-char name",
        "POST",
        "/v1/auth/token",
        422,
        "invalid_request",
        role=None,
        kwargs={"json": {"username": "n" * 201, "password": "x"}},
    ),
    Bad(
        "token: empty password",
        "POST",
        "/v1/auth/token",
        422,
        "invalid_request",
        role=None,
        kwargs={"json": {"username": "admin", "password": ""}},
    ),
    # cursors that aren't, limits out of range
    Bad("since=abc", "GET", "/v1/changes", 400, "bad_cursor", kwargs=changes(since="abc")),
    Bad("since=-1", "GET", "/v1/changes", 400, "bad_cursor", kwargs=changes(since="-1")),
    Bad("since=1.5", "GET", "/v1/changes", 400, "bad_cursor", kwargs=changes(since="1.5")),
    Bad(
        "since of 21 digits",
        "GET",
        "/v1/changes",
        422,
        "invalid_request",
        kwargs=changes(since="1" * 21),
    ),
    Bad(
        "since=² (a digit to str.isdigit, not to int)",
        "GET",
        "/v1/changes",
        400,
        "bad_cursor",
        kwargs=changes(since="²"),
    ),
    Bad(
        "since past bigint",
        "GET",
        "/v1/changes",
        400,
        "bad_cursor",
        kwargs=changes(since="9" * 20),
    ),
    Bad("limit=0", "GET", "/v1/changes", 422, "invalid_request", kwargs=changes(limit=0)),
    Bad("limit=1001", "GET", "/v1/changes", 422, "invalid_request", kwargs=changes(limit=1001)),
    Bad("limit=-5", "GET", "/v1/changes", 422, "invalid_request", kwargs=changes(limit=-5)),
    Bad("limit=ten", "GET", "/v1/changes", 422, "invalid_request", kwargs=changes(limit="ten")),
    Bad(
        "limit of 30 digits",
        "GET",
        "/v1/changes",
        422,
        "invalid_request",
        kwargs=changes(limit="9" * 30),
    ),
    Bad(
        "archive since=-1",
        "GET",
        "/v1/archive",
        422,
        "invalid_request",
        kwargs=changes(since=-1),
    ),
    Bad(
        "archive since=abc",
        "GET",
        "/v1/archive",
        422,
        "invalid_request",
        kwargs=changes(since="abc"),
    ),
    Bad("archive limit=0", "GET", "/v1/archive", 422, "invalid_request", kwargs=changes(limit=0)),
    Bad(
        "archive limit=1001",
        "GET",
        "/v1/archive",
        422,
        "invalid_request",
        kwargs=changes(limit=1001),
    ),
    # paths and methods
    Bad("no such path", "GET", "/v1/nothing", 404, "not_found"),
    Bad("no such record", "GET", "/v1/articles/no-such-id", 404, "not_found"),
    Bad("no such record kind", "GET", "/v1/invoices/x", 404, "not_found"),
    Bad("GET of a POST-only path", "GET", "/v1/auth/token", 405, "method_not_allowed"),
    Bad("record id of 65 chars", "GET", "/v1/articles/" + "x" * 65, 422, "invalid_request"),
    Bad("wrong method", "DELETE", "/v1/ops", 405, "method_not_allowed"),
    Bad(
        "attachment name not a hash",
        "PUT",
        "/v1/attachments/not-a-hash",
        422,
        "invalid_request",
        kwargs={"content": b"x"},
    ),
    Bad(
        "attachment hash in upper case",
        "PUT",
        f"/v1/attachments/{sha256(b'x').upper()}",
        422,
        "invalid_request",
        kwargs={"content": b"x"},
    ),
    Bad(
        "attachment bytes not matching the hash",
        "PUT",
        f"/v1/attachments/{sha256(b'the real bytes')}",
        400,
        "hash_mismatch",
        kwargs={"content": b"other bytes"},
    ),
    # auth
    Bad("no token", "GET", "/v1/changes", 401, "unauthenticated", role=None),
    Bad(
        "not a bearer token",
        "GET",
        "/v1/changes",
        401,
        "unauthenticated",
        role=None,
        kwargs={"headers": {"Authorization": "Basic YWRtaW46dGVzdA=="}},
    ),
    Bad(
        "forged token",
        "GET",
        "/v1/changes",
        401,
        "invalid_token",
        role=None,
        kwargs={"headers": {"Authorization": "Bearer " + "A" * 43}},
    ),
    Bad(
        "8 kB token",
        "POST",
        "/v1/ops",
        401,
        "invalid_token",
        role=None,
        kwargs={"headers": {"Authorization": "Bearer " + "A" * 8_000}, **ops(an_op())},
    ),
    Bad(
        "unsigned op batch",
        "POST",
        "/v1/ops",
        401,
        "unauthenticated",
        role=None,
        kwargs=ops(an_op()),
    ),
    Bad(
        "unsigned attachment",
        "PUT",
        f"/v1/attachments/{sha256(b'x')}",
        401,
        "unauthenticated",
        role=None,
        kwargs={"content": b"x"},
    ),
    Bad(
        "sign-in as NUL",
        "POST",
        "/v1/auth/token",
        422,
        "invalid_request",
        role=None,
        kwargs={"json": {"username": "admin\u0000", "password": "x"}},
    ),
]


@pytest.mark.parametrize("bad", [pytest.param(b, id=b.name) for b in BAD_REQUESTS])
def test_a_bad_request_is_refused_in_the_error_shape(hub: LiveHub, bad: Bad) -> None:
    with hub.unchanged():
        response = hub.request(bad.role, bad.method, bad.path, **bad.kwargs)
        statuses = bad.status if isinstance(bad.status, tuple) else (bad.status,)
        assert response.status_code in statuses, (response.status_code, response.text[:300])
        error = assert_error(response, response.status_code, bad.code)
    if error["code"] == "invalid_request":
        problems = error["details"]["problems"]
        assert problems and all({"field", "problem"} <= set(p) for p in problems)
    if response.status_code == 401 and bad.path != "/v1/auth/token":
        assert response.headers.get("www-authenticate", "").lower().startswith("bearer")


def test_unknown_fields_are_named(hub: LiveHub) -> None:
    response = hub.request("admin", "POST", "/v1/ops", json={"ops": [an_op(colour="red")]})
    fields = [p["field"] for p in assert_error(response, 422)["details"]["problems"]]
    assert fields == ["body.ops.0.colour"]
    response = hub.request("admin", "POST", "/v1/ops", json={"ops": [], "dry_run": True})
    fields = [p["field"] for p in assert_error(response, 422)["details"]["problems"]]
    assert fields == ["body.dry_run"]


def test_an_archive_seq_past_the_end_is_an_empty_page(hub: LiveHub) -> None:
    with hub.unchanged():
        response = hub.get("compliance", "/v1/archive", params={"since": 10**20})
        assert response.status_code in (200, 422), response.text
        if response.status_code == 200:
            assert response.json() == {"entries": [], "more": False}
        else:
            assert_error(response, 422, "invalid_request")


# -- bad ops: rejected one by one, nothing changed ---------------------------------------------


@dataclass
class BadOp:
    name: str
    code: str
    make: Callable[[LiveHub], dict[str, Any]]
    role: str = "admin"


def with_article(hub: LiveHub, action: str, data: dict[str, Any], base: int = 1) -> dict[str, Any]:
    rid = new_id()
    hub.applied("admin", "article", "create", id=rid, data={"title": "Kept"})
    return make_op("article", action, rid, data, base_version=base)


def with_post(hub: LiveHub, action: str, data: dict[str, Any]) -> dict[str, Any]:
    thread, post = new_id(), new_id()
    hub.applied("admin", "thread", "create", id=thread, data={"title": "T"})
    hub.applied("admin", "post", "create", id=post, data={"thread_id": thread, "body": "B"})
    return make_op("post", action, post, data, base_version=1)


def post_in_thread(hub: LiveHub, body: str) -> dict[str, Any]:
    thread = new_id()
    hub.applied("admin", "thread", "create", id=thread, data={"title": "T"})
    return make_op("post", "create", data={"thread_id": thread, "body": body})


def with_poll(hub: LiveHub, data: dict[str, Any]) -> dict[str, Any]:
    poll = new_id()
    hub.applied("admin", "poll", "create", id=poll, data={"question": "?", "options": ["a", "b"]})
    return make_op("poll", "respond", poll, data, base_version=1)


def replay_with_other_content(hub: LiveHub) -> dict[str, Any]:
    first = make_op("article", "create", data={"title": "First"})
    assert hub.ops("admin", first)[0]["status"] == "applied"
    return {**first, "data": {"title": "Second"}}


def webinar(**fields: Any) -> dict[str, Any]:
    return {
        "title": "W",
        "starts_at": "2027-04-01T10:00:00",
        "zone": "America/New_York",
        "duration_minutes": 60,
        **fields,
    }


def report_twice(hub: LiveHub) -> dict[str, Any]:
    op = with_post(hub, "report", {"reason": "spam", "report_id": new_id()})
    assert hub.ops("member", op)[0]["status"] == "applied"
    return {**op, "op_id": new_id()}  # another report with the same report id


def article(**data: Any) -> Callable[[LiveHub], dict[str, Any]]:
    return lambda hub: make_op("article", "create", data={"title": "T", **data})


BAD_OPS = [
    BadOp("op_id replayed with other content", "op_id_reused", replay_with_other_content),
    BadOp("unknown action", "unknown_action", lambda hub: with_article(hub, "frobnicate", {})),
    BadOp(
        "decide on an article",
        "unknown_action",
        lambda hub: with_article(hub, "decide", {"action": "approve"}),
    ),
    BadOp("respond to a post", "unknown_action", lambda hub: with_post(hub, "respond", {})),
    BadOp(
        "create a report directly",
        "not_creatable",
        lambda hub: make_op("report", "create", data={"reason": "x"}),
    ),
    BadOp("update nothing there", "not_found", lambda hub: make_op("article", "update", data={})),
    BadOp(
        "post in no thread",
        "not_found",
        lambda hub: make_op("post", "create", data={"thread_id": new_id(), "body": "x"}),
    ),
    BadOp("unknown data field", "invalid_data", article(colour="red")),
    BadOp(
        "title is a number",
        "invalid_data",
        lambda hub: make_op("article", "create", data={"title": 5}),
    ),
    BadOp("title missing", "invalid_data", lambda hub: make_op("article", "create", data={})),
    BadOp("status unknown", "invalid_data", article(status="viral")),
    BadOp("a server field", "server_fields", article(views=1_000_000)),
    BadOp(
        "a server field on update",
        "server_fields",
        lambda hub: with_article(hub, "update", {"version": 99}),
    ),
    BadOp("title of 501 chars", "invalid_data", article(title="t" * 501)),
    BadOp("summary of 5001 chars", "invalid_data", article(summary="s" * 5001)),
    BadOp("body of 2,000,001 chars", "invalid_data", article(body="b" * 2_000_001)),
    BadOp("51 tags", "invalid_data", article(tags=[f"t{i}" for i in range(51)])),
    BadOp("a 61-char tag", "invalid_data", article(tags=["t" * 61])),
    BadOp(
        "post body of 100,001 chars",
        "invalid_data",
        lambda hub: post_in_thread(hub, "p" * 100_001),
    ),
    BadOp(
        "51 poll options",
        "invalid_data",
        lambda hub: make_op(
            "poll", "create", data={"question": "?", "options": [str(i) for i in range(51)]}
        ),
    ),
    BadOp("poll option out of range", "invalid_data", lambda hub: with_poll(hub, {"option": 2})),
    BadOp("poll option negative", "invalid_data", lambda hub: with_poll(hub, {"option": -1})),
    BadOp(
        "decision unknown",
        "invalid_data",
        lambda hub: with_post(hub, "decide", {"action": "shadowban"}),
    ),
    BadOp(
        "report reason of 41 chars",
        "invalid_data",
        lambda hub: with_post(hub, "report", {"reason": "r" * 41}),
        role="member",
    ),
    BadOp(
        "capacity negative",
        "invalid_data",
        lambda hub: make_op("webinar", "create", data=webinar(capacity=-1)),
    ),
    BadOp(
        "duration of a day and a minute",
        "invalid_data",
        lambda hub: make_op("webinar", "create", data=webinar(duration_minutes=24 * 60 + 1)),
    ),
    BadOp(
        "fold of 2",
        "invalid_data",
        lambda hub: make_op("webinar", "create", data=webinar(fold=2)),
    ),
    BadOp(
        "start with an offset",
        "bad_wall_time",
        lambda hub: make_op("webinar", "create", data=webinar(starts_at="2027-04-01T10:00:00Z")),
    ),
    BadOp(
        "start not a time",
        "bad_wall_time",
        lambda hub: make_op("webinar", "create", data=webinar(starts_at="next tuesday")),
    ),
    BadOp(
        "zone unknown",
        "unknown_zone",
        lambda hub: make_op("webinar", "create", data=webinar(zone="Mars/Olympus_Mons")),
    ),
    BadOp(
        "zone a path",
        "unknown_zone",
        lambda hub: make_op("webinar", "create", data=webinar(zone="../../etc/passwd")),
    ),
    BadOp(
        "start at the end of time",
        "bad_wall_time",
        lambda hub: make_op("webinar", "create", data=webinar(starts_at="9999-12-31T23:30:00")),
    ),
    BadOp(
        "a report id used before",
        "report_id_taken",
        report_twice,
        role="member",
    ),
    BadOp(
        "a report id of 100 chars",
        "invalid_data",
        lambda hub: with_post(hub, "report", {"reason": "spam", "report_id": "r" * 100}),
        role="member",
    ),
]


@pytest.mark.parametrize("bad", [pytest.param(b, id=b.name) for b in BAD_OPS])
def test_a_bad_op_is_rejected_and_changes_nothing(hub: LiveHub, bad: BadOp) -> None:
    op = bad.make(hub)
    good = make_op("thread", "create", data={"title": "Good neighbour"})
    with hub.unchanged():
        response = hub.request(bad.role, "POST", "/v1/ops", json={"ops": [op]})
        assert response.status_code == 200, response.text[:300]
        assert_rejected(response.json()["results"][0], bad.code)
    # A bad op does not take the batch down: the next op in it is applied.
    results = hub.ops("admin", op, good)
    assert results[0]["status"] == "rejected"
    assert results[1]["status"] == "applied"


def test_text_with_nul_is_refused_never_a_500(hub: LiveHub) -> None:
    # PostgreSQL text cannot hold NUL, so the Hub refuses it on every backend alike: the whole
    # request is 422 invalid_request, nothing is stored.
    rid = new_id()
    op = make_op("article", "create", rid, {"title": "nul\u0000byte"})
    with hub.unchanged():
        response = hub.request("editor", "POST", "/v1/ops", json={"ops": [op]})
        problems = assert_error(response, 422, "invalid_request")["details"]["problems"]
    assert problems and all({"field", "problem"} <= set(p) for p in problems)
    assert_error(hub.get("editor", f"/v1/articles/{rid}"), 404, "not_found")


# -- bodies too large --------------------------------------------------------------------------


def twenty_mb_ops() -> Iterator[bytes]:
    yield b'{"ops": [{"op_id": "big", "type": "article", "id": "big", "action": "create", '
    yield b'"data": {"title": "big", "body": "'
    for _ in range(20):
        yield b"x" * MB
    yield b'"}}]}'


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("endpoint", ["ops", "attachment"])
def test_a_20_mb_body_is_413(hub: LiveHub, endpoint: str, declared: bool) -> None:
    body = b"".join(twenty_mb_ops())
    assert len(body) > 20 * MB
    if endpoint == "ops":
        method, path, headers = "POST", "/v1/ops", JSON
    else:
        method, path, headers = "PUT", f"/v1/attachments/{sha256(body)}", {}
    content: bytes | Iterator[bytes] = body if declared else twenty_mb_ops()
    with hub.unchanged():
        response = hub.request("admin", method, path, content=content, headers=headers)
        if declared:
            assert response.request.headers["content-length"] == str(len(body))
        else:
            assert response.request.headers["transfer-encoding"] == "chunked"
        assert_error(response, 413, "body_too_large")


# -- tokens and sign-in ------------------------------------------------------------------------


def test_an_expired_token_is_refused(hub: LiveHub) -> None:
    token = hub.sign_in("editor").json()["access_token"]
    signed = {"Authorization": f"Bearer {token}"}
    assert hub.get(None, "/v1/me", headers=signed).status_code == 200
    hub.expire_token(token)
    with hub.unchanged():
        for path in ("/v1/me", "/v1/changes", "/v1/stats"):
            response = hub.get(None, path, headers=signed)
            assert_error(response, 401, "invalid_token")
            assert response.headers["www-authenticate"] == "Bearer"
        ops = hub.request(None, "POST", "/v1/ops", headers=signed, json={"ops": [an_op()]})
        assert_error(ops, 401, "invalid_token")
    # Other tokens of the account still work; signing in again gives a working one.
    assert hub.get("editor", "/v1/me").status_code == 200
    fresh = hub.sign_in("editor").json()["access_token"]
    assert hub.get(None, "/v1/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def an_account(hub: LiveHub) -> str:
    name = f"user-{new_id()}"
    with sessions(hub.engine).begin() as session:
        auth.add_user(session, name, PASSWORD, "editor")
    return name


def test_repeated_failed_sign_ins_are_429_with_retry_after(hub: LiveHub) -> None:
    name = an_account(hub)
    with hub.unchanged():
        for _ in range(5):
            assert_error(hub.sign_in(name, "guess"), 401, "bad_credentials")
        locked = hub.sign_in(name, "guess")
        error = assert_error(locked, 429, "too_many_attempts")
        retry_after = int(locked.headers["retry-after"])
        assert 0 < retry_after <= 300
        assert error["details"]["retry_after"] == retry_after
        # Even the right password waits now; other accounts don't.
        assert_error(hub.sign_in(name, PASSWORD), 429, "too_many_attempts")
        assert hub.sign_in("moderator").status_code == 200


def sign_in_at_once(hub: LiveHub, name: str, count: int) -> list[httpx.Response]:
    start = threading.Barrier(count)
    responses: list[httpx.Response] = []

    def attempt() -> None:
        start.wait()
        responses.append(hub.sign_in(name, "guess"))

    threads = [threading.Thread(target=attempt) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return responses


def test_failed_sign_ins_at_once_are_refused_in_the_error_shape(hub: LiveHub) -> None:
    responses = sign_in_at_once(hub, an_account(hub), 6)
    assert sorted({r.status_code for r in responses}) in ([401], [401, 429])
    for response in responses:
        assert_error(response, response.status_code)


def test_failed_sign_ins_at_once_still_stop_at_five(hub: LiveHub) -> None:
    name = an_account(hub)
    assert_error(hub.sign_in(name, "guess"), 401)  # the name's failure row exists now
    responses = sign_in_at_once(hub, name, 8)
    checked = [r.status_code for r in responses]
    assert sorted(checked) == [401] * 4 + [429] * 4
