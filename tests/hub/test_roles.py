"""The role matrix, enforced by a real Hub (SQLite and PostgreSQL): every role against every
endpoint and every op, as one table.

The table is written out here on purpose, not computed from studio.domain.roles: a change of
the rules must show up as a failing test and a change of this table. A forbidden read is
``403 forbidden``; a forbidden op is ``rejected`` with ``forbidden`` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.hub.fixtures import (
    ROLES,
    LiveHub,
    assert_error,
    assert_rejected,
    live_hub,  # noqa: F401 - the fixture `hub`
    new_id,
    sha256,
)

# Reads: the HTTP status each role gets. Ops: "applied" or "forbidden" (rejected, nothing changed).
# The examples of the brief: a moderator cannot publish an article (article -> published), an
# editor cannot decide on posts (post decide), only compliance and admin read the archive.
MATRIX = """
what                      admin    editor     moderator  coordinator  compliance  member
GET /v1/me                200      200        200        200          200         200
GET /v1/changes           200      200        200        200          200         403
GET /v1/archive           200      403        403        403          200         403
GET /v1/archive/head      200      403        403        403          200         403
GET /v1/stats             200      200        200        200          200         403
GET /v1/articles/ID       200      200        200        200          200         403
GET /v1/webinars/ID       200      200        200        200          200         403
GET /v1/posts/ID          200      200        200        200          200         403
GET /v1/members/ID        200      200        200        200          200         403
GET /v1/polls/ID          200      200        200        200          200         403
GET /v1/threads/ID        200      200        200        200          200         403
PUT /v1/attachments/HASH  201      201        201        201          201         201
article create            applied  applied    forbidden  forbidden    forbidden   forbidden
article update            applied  applied    forbidden  forbidden    forbidden   forbidden
article delete            applied  applied    forbidden  forbidden    forbidden   forbidden
article ->draft           applied  applied    forbidden  forbidden    forbidden   forbidden
article ->in_review       applied  applied    forbidden  forbidden    forbidden   forbidden
article ->approved        applied  forbidden  forbidden  forbidden    forbidden   forbidden
article ->scheduled       applied  forbidden  forbidden  forbidden    forbidden   forbidden
article ->published       applied  forbidden  forbidden  forbidden    forbidden   forbidden
article ->archived        applied  forbidden  forbidden  forbidden    forbidden   forbidden
webinar create            applied  forbidden  forbidden  applied      forbidden   forbidden
webinar update            applied  forbidden  forbidden  applied      forbidden   forbidden
webinar delete            applied  forbidden  forbidden  applied      forbidden   forbidden
poll create               applied  applied    forbidden  applied      forbidden   forbidden
poll update               applied  applied    forbidden  applied      forbidden   forbidden
poll delete               applied  applied    forbidden  applied      forbidden   forbidden
poll respond              applied  forbidden  forbidden  forbidden    forbidden   applied
thread create             applied  forbidden  applied    forbidden    forbidden   applied
post create               applied  forbidden  applied    forbidden    forbidden   applied
post decide               applied  forbidden  applied    forbidden    forbidden   forbidden
post report               applied  forbidden  forbidden  forbidden    forbidden   applied
member create             applied  forbidden  forbidden  forbidden    forbidden   forbidden
member update             applied  forbidden  applied    forbidden    forbidden   forbidden
lexicon_term create       applied  forbidden  forbidden  forbidden    applied     forbidden
lexicon_term update       applied  forbidden  forbidden  forbidden    applied     forbidden
lexicon_term delete       applied  forbidden  forbidden  forbidden    applied     forbidden
article approve_staged    applied  forbidden  forbidden  forbidden    forbidden   forbidden
article discard_staged    applied  applied    forbidden  forbidden    forbidden   forbidden
review_comment create     applied  applied    forbidden  forbidden    forbidden   forbidden
review_comment update     applied  applied    forbidden  forbidden    forbidden   forbidden
"""


def parse_matrix(text: str) -> list[tuple[str, str, str]]:
    """(what, role, expected) for every cell of the table."""
    header, *rows = [line for line in text.strip().splitlines() if line.strip()]
    roles = header.split()[1:]
    assert tuple(roles) == ROLES, "the table has one column per role"
    cells = []
    for row in rows:
        words = row.split()
        what, outcomes = " ".join(words[: -len(roles)]), words[-len(roles) :]
        assert len(outcomes) == len(roles), row
        cells += [(what, role, outcome) for role, outcome in zip(roles, outcomes, strict=True)]
    return cells


CELLS = parse_matrix(MATRIX)


# -- what each row does ------------------------------------------------------------------------


@dataclass
class Attempt:
    """One op to try as the role: set up by admin, then sent; ``created`` when the op would
    create the record (so a refusal must leave no record behind)."""

    type: str
    action: str
    id: str
    data: dict[str, Any]
    base_version: int = 0
    created: bool = False


def webinar_data() -> dict[str, Any]:
    # No speakers, so webinars of different cells never double-book anyone.
    return {
        "title": "Matrix",
        "starts_at": "2027-09-01T10:00:00",
        "zone": "Europe/Berlin",
        "duration_minutes": 45,
    }


def existing(hub: LiveHub, record_type: str, data: dict[str, Any]) -> str:
    record_id = new_id()
    hub.applied("admin", record_type, "create", id=record_id, data=data)
    return record_id


def a_post(hub: LiveHub) -> str:
    thread = existing(hub, "thread", {"title": "Matrix thread"})
    return existing(hub, "post", {"thread_id": thread, "body": "A post"})


def article_to(status: str) -> Callable[[LiveHub], Attempt]:
    def attempt(hub: LiveHub) -> Attempt:
        # Start elsewhere, so the update is a real move into ``status``.
        start = "in_review" if status == "draft" else "draft"
        rid = existing(hub, "article", {"title": "Matrix", "status": start})
        return Attempt("article", "update", rid, {"status": status}, base_version=1)

    return attempt


def create(record_type: str, data: Callable[[LiveHub], dict[str, Any]]) -> Callable[..., Attempt]:
    return lambda hub: Attempt(record_type, "create", new_id(), data(hub), created=True)


def change(
    record_type: str, action: str, start: dict[str, Any], data: dict[str, Any]
) -> Callable[[LiveHub], Attempt]:
    def attempt(hub: LiveHub) -> Attempt:
        rid = existing(hub, record_type, start)
        return Attempt(record_type, action, rid, data, base_version=1)

    return attempt


ARTICLE_STATUSES = ("draft", "in_review", "approved", "scheduled", "published", "archived")
POLL = {"question": "Which?", "options": ["this", "that"]}
ATTEMPTS: dict[str, Callable[[LiveHub], Attempt]] = {
    "article create": create("article", lambda hub: {"title": "Matrix"}),
    "article update": change("article", "update", {"title": "Matrix"}, {"summary": "Changed"}),
    "article delete": change("article", "delete", {"title": "Matrix"}, {}),
    **{f"article ->{s}": article_to(s) for s in ARTICLE_STATUSES},
    "webinar create": create("webinar", lambda hub: webinar_data()),
    "webinar update": change("webinar", "update", webinar_data(), {"capacity": 20}),
    "webinar delete": change("webinar", "delete", webinar_data(), {}),
    "poll create": create("poll", lambda hub: POLL),
    "poll update": change("poll", "update", POLL, {"question": "Which one?"}),
    "poll delete": change("poll", "delete", POLL, {}),
    "poll respond": change("poll", "respond", POLL, {"option": 1}),
    "thread create": create("thread", lambda hub: {"title": "Mine"}),
    "post create": create(
        "post", lambda hub: {"thread_id": existing(hub, "thread", {"title": "T"}), "body": "Hi"}
    ),
    "post decide": lambda hub: Attempt(
        "post", "decide", a_post(hub), {"action": "approve"}, base_version=1
    ),
    "post report": lambda hub: Attempt(
        "post", "report", a_post(hub), {"reason": "spam"}, base_version=1
    ),
    "member create": create("member", lambda hub: {"display_name": "New member"}),
    "member update": change("member", "update", {"display_name": "Ana"}, {"strikes": 1}),
    "lexicon_term create": create("lexicon_term", lambda hub: {"pattern": "cheap watches"}),
    "lexicon_term update": change(
        "lexicon_term", "update", {"pattern": "casino"}, {"severity": "high"}
    ),
    "lexicon_term delete": change("lexicon_term", "delete", {"pattern": "lottery"}, {}),
}


def pending_revision(action: str) -> Callable[[LiveHub], Attempt]:
    """A published article with a pending revision (hub/review.py), then ``action`` on it."""

    def attempt(hub: LiveHub) -> Attempt:
        rid = existing(hub, "article", {"title": "Live", "status": "published"})
        hub.applied("admin", "article", "update", id=rid, data={"body": "New"}, base_version=1)
        return Attempt("article", action, rid, {}, base_version=2)

    return attempt


def comment_data(hub: LiveHub) -> dict[str, Any]:
    article = existing(hub, "article", {"title": "Commented"})
    return {"article_id": article, "anchor": {"quote": "Commented"}, "body": "Why?"}


def a_comment(hub: LiveHub) -> Attempt:
    rid = existing(hub, "review_comment", comment_data(hub))
    return Attempt("review_comment", "update", rid, {"resolved": True}, base_version=1)


ATTEMPTS.update(
    {
        "article approve_staged": pending_revision("approve_staged"),
        "article discard_staged": pending_revision("discard_staged"),
        "review_comment create": create("review_comment", comment_data),
        "review_comment update": a_comment,
    }
)

RECORD_PATHS = {
    "articles": ("article", {"title": "Read me"}),
    "webinars": ("webinar", webinar_data()),
    "posts": ("post", None),
    "members": ("member", {"display_name": "Read me"}),
    "polls": ("poll", POLL),
    "threads": ("thread", {"title": "Read me"}),
}


def read(hub: LiveHub, role: str, what: str) -> Any:
    """Send the read of row ``what`` as ``role``; the response."""
    method, path = what.split(" ", 1)
    if path.endswith("/ID"):
        kind = path.split("/")[2]
        record_type, data = RECORD_PATHS[kind]
        rid = a_post(hub) if data is None else existing(hub, record_type, data)
        response = hub.get(role, path.replace("ID", rid))
        if response.status_code == 200:
            assert response.json()["id"] == rid
            assert response.json()["version"] == 1
        return response
    if path.endswith("/HASH"):
        content = new_id().encode()
        return hub.request(role, method, path.replace("HASH", sha256(content)), content=content)
    response = hub.request(role, method, path)
    if response.status_code == 200 and path == "/v1/me":
        assert response.json()["role"] == role
    return response


# -- the one test --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("what", "role", "expected"),
    [pytest.param(w, r, e, id=f"{w}-as-{r}") for w, r, e in CELLS],
)
def test_role_matrix(hub: LiveHub, what: str, role: str, expected: str) -> None:
    if what.split(" ", 1)[0] in ("GET", "PUT"):
        response = read(hub, role, what)
        if expected == "403":
            assert_error(response, 403, "forbidden")
            assert role in response.json()["error"]["message"].lower()
        else:
            assert response.status_code == int(expected), response.text
        return

    attempt = ATTEMPTS[what](hub)
    before = hub.snapshot()
    result = hub.op(
        role,
        attempt.type,
        attempt.action,
        id=attempt.id,
        data=attempt.data,
        base_version=attempt.base_version,
    )
    if expected == "applied":
        assert result["status"] == "applied", result
        assert result["version"] == attempt.base_version + 1
        row = hub.row(attempt.type, attempt.id)
        assert row is not None and row.version == result["version"]
        assert row.deleted == (attempt.action == "delete")
    else:
        assert expected == "forbidden", f"unknown outcome {expected!r} in the table"
        error = assert_rejected(result, "forbidden")
        assert error["message"].lower().startswith(("a ", "an "))  # "A moderator may not …"
        assert hub.snapshot() == before, "a forbidden op changed something"
        if attempt.created:
            assert hub.row(attempt.type, attempt.id) is None


def test_the_table_covers_every_role_endpoint_and_op() -> None:
    rows = {what for what, _, _ in CELLS}
    assert {what for what in rows if not what.startswith(("GET", "PUT"))} == set(ATTEMPTS)
    assert len(CELLS) == len(rows) * len(ROLES)
    for endpoint in ("/v1/me", "/v1/changes", "/v1/archive", "/v1/archive/head", "/v1/stats"):
        assert f"GET {endpoint}" in rows
