"""Sync through a faulty network, one fault at a time, against a real Hub process.

Each fault of the proxy meets a push (the second batch of ops) and a pull (the second page of
the feed). Whatever happens to that round, the cursor never claims a page the workspace did not
store, and one clean round afterwards leaves every change on the Hub exactly once (versions say
how many times each record changed, the archive how many times each decision was applied), the
outbox empty and the workspace equal to the Hub.
"""

from __future__ import annotations

import json
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studio.store import replica
from studio.sync.client import HubError, Unreachable
from tests.faults.harness import (
    Studio,
    archive_head,
    cursor_problems,
    decisions_on_hub,
    differences,
    hub_end,
    hub_feed,
    local_record,
    outbox,
    pending_ops,
    push_directly,
    seed_posts,
)
from tests.faults.proxy import AFTER_FORWARD, Fault, FaultProxy
from tests.hub.hubproc import HubProcess

#: Faults the round survives: a delay, and those urllib3 retries by itself (a connection lost
#: before any answer, 503 with Retry-After).
RETRIED = frozenset({Fault.DROP, Fault.BUSY, Fault.LOST, Fault.DELAY})


@pytest.fixture
def proxy(hub: HubProcess) -> Iterator[FaultProxy]:
    with FaultProxy(hub.url, retry_after="1", delay=0.1) as p:
        yield p


def studio(
    hub: HubProcess, proxy: FaultProxy, folder: Path, account: str, since: str, **kw: Any
) -> Studio:
    name = f"{account}-{uuid.uuid4().hex[:6]}"
    return Studio(name, account, folder, proxy.url, hub.token(account), since=since, **kw)


def hub_record(hub: HubProcess, kind: str, record_id: str) -> dict[str, Any]:
    with hub.client("admin") as c:
        r = c.get(f"/v1/{kind}s/{record_id}")
        assert r.status_code == 200, r.text
        return dict(r.json())


def assert_same_as_hub(hub: HubProcess, s: Studio, kind: str, record_id: str) -> dict[str, Any]:
    theirs = hub_record(hub, kind, record_id)
    mine = local_record(s.ws, kind, record_id)
    assert mine is not None and not mine.local and not mine.conflict
    assert differences(kind, mine, theirs) == []
    return theirs


def run(s: Studio) -> HubError | None:
    try:
        s.sync()
    except HubError as exc:
        return exc
    return None


@pytest.mark.parametrize("fault", list(Fault))
def test_a_fault_during_push_loses_and_repeats_nothing(
    hub: HubProcess, proxy: FaultProxy, tmp_path: Path, fault: Fault
) -> None:
    start = hub_end(hub)
    (post,) = seed_posts(hub, 1, f"push {fault}")
    s = studio(hub, proxy, tmp_path, "admin", start, batch=2)
    x = s.ws.create_article("Existing", "One.\nTwo.\n")
    s.sync()
    # Offline work, four ops in two batches: [create y, create z], [edit x, decide post].
    y = s.ws.create_article("New one", "Y.\n")
    z = s.ws.create_article("New two", "Z.\n")
    s.ws.save_article(x, body="One.\nTwo, edited.\n")
    decision = s.ws.decide_post(post, "remove", reason="spam")
    archive_start, cursor_before = archive_head(hub), s.cursor()
    proxy.reset()
    proxy.inject(fault, method="POST", path="/v1/ops", after=1)

    failed = run(s)

    if fault in RETRIED:
        assert failed is None, failed
    else:
        assert isinstance(failed, HubError)
        # The first batch was answered and recorded; the second waits, marked sent.
        assert [op.state for op in outbox(s.ws)] == ["applied"] * 3 + ["sent"] * 2
        assert s.cursor() == cursor_before  # no pull after a failed push
    assert cursor_problems(s.ws, hub_feed(hub, start)) == []
    posts = proxy.entries("POST", "/v1/ops")
    assert posts[1].fault == fault.value

    proxy.calm()
    assert run(s) is None
    assert pending_ops(s.ws) == []
    assert {op.state for op in outbox(s.ws)} == {"applied"}
    assert assert_same_as_hub(hub, s, "article", x)["version"] == 2  # created, edited once
    assert hub_record(hub, "article", x)["body"] == "One.\nTwo, edited.\n"
    for new in (y, z):
        assert assert_same_as_hub(hub, s, "article", new)["version"] == 1
    assert assert_same_as_hub(hub, s, "post", post)["decision"]["decision_id"] == decision
    assert decisions_on_hub(hub, archive_start) == {decision: 1}
    if fault in AFTER_FORWARD:
        # The Hub applied the batch whose answer was lost; the batch sent again was a replay.
        forwarded = [e for e in proxy.entries("POST", "/v1/ops") if e.forwarded]
        assert len(forwarded) == 3
        statuses = [r["status"] for r in json.loads(forwarded[1].hub_body)["results"]]
        assert statuses == ["applied", "applied"]
        statuses = [r["status"] for r in json.loads(forwarded[2].hub_body)["results"]]
        assert statuses == ["duplicate", "duplicate"]


@pytest.mark.parametrize("fault", list(Fault))
def test_a_fault_during_pull_never_moves_the_cursor_past_what_is_stored(
    hub: HubProcess, proxy: FaultProxy, tmp_path: Path, fault: Fault
) -> None:
    start = hub_end(hub)
    push_directly(
        hub,
        "admin",
        [
            {
                "type": "article",
                "id": str(uuid.uuid4()),
                "action": "create",
                "data": {"title": f"Pulled {i}", "body": f"Body {i}.\n"},
            }
            for i in range(12)
        ],
    )
    s = studio(hub, proxy, tmp_path, "editor", start, page=5)
    proxy.inject(fault, method="GET", path="/v1/changes", after=1)

    failed = run(s)

    gets = proxy.entries("GET", "/v1/changes")
    assert gets[1].fault == fault.value
    if fault in RETRIED:
        assert failed is None, failed
    else:
        assert isinstance(failed, HubError)
        # Page one is stored with its cursor; page two, whose answer broke, is not.
        assert s.cursor() == json.loads(gets[0].hub_body)["cursor"]
    assert cursor_problems(s.ws, hub_feed(hub, start)) == []

    proxy.calm()
    assert run(s) is None
    feed = hub_feed(hub, start)
    assert s.cursor() == hub_end(hub)
    assert cursor_problems(s.ws, feed) == []
    for change in feed:
        if change["type"] in ("article", "post", "thread") and not change["deleted"]:
            mine = local_record(s.ws, change["type"], change["id"])
            assert mine is not None, change
            assert differences(change["type"], mine, change["data"]) == []


def test_an_answer_lost_every_time_is_applied_once(
    hub: HubProcess, proxy: FaultProxy, tmp_path: Path
) -> None:
    s = studio(hub, proxy, tmp_path, "editor", hub_end(hub), retries=2)
    ids = [s.ws.create_article(f"Lost {i}", "Text.\n") for i in range(3)]
    proxy.inject(Fault.LOST, method="POST", path="/v1/ops", times=100)

    with pytest.raises(Unreachable):
        s.sync()

    sent = proxy.entries("POST", "/v1/ops")
    assert len(sent) == 3  # the first try and urllib3's two retries, each one committed
    answers = [[r["status"] for r in json.loads(e.hub_body)["results"]] for e in sent]
    assert answers == [["applied"] * 3] + [["duplicate"] * 3] * 2
    assert [op.state for op in outbox(s.ws)] == ["sent"] * 3
    assert {op.attempts for op in outbox(s.ws)} == {1}
    proxy.calm()
    s.sync()
    assert {op.state for op in outbox(s.ws)} == {"applied"}
    for record_id in ids:
        assert assert_same_as_hub(hub, s, "article", record_id)["version"] == 1


def test_offline_keeps_the_queue_and_online_sends_it(
    hub: HubProcess, proxy: FaultProxy, tmp_path: Path
) -> None:
    s = studio(hub, proxy, tmp_path, "editor", hub_end(hub), retries=1)
    aid = s.ws.create_article("Written on a train", "Text.\n")
    proxy.offline = True
    for _ in range(2):
        with pytest.raises(Unreachable, match="cannot be reached"):
            s.sync()
    assert [op.state for op in pending_ops(s.ws)] == ["sent"]
    assert {e.fault for e in proxy.log} == {"offline"}
    proxy.offline = False
    s.sync()
    assert pending_ops(s.ws) == []
    assert assert_same_as_hub(hub, s, "article", aid)["version"] == 1


def test_sigkill_after_the_hub_answered_a_push_resends_and_applies_once(
    hub: HubProcess, proxy: FaultProxy, tmp_path: Path
) -> None:
    start = hub_end(hub)
    (post,) = seed_posts(hub, 1, "kill")
    s = studio(hub, proxy, tmp_path, "admin", start)
    s.sync()
    aid = s.ws.create_article("Before the crash", "Text.\n")
    decision = s.ws.decide_post(post, "approve")
    archive_start = archive_head(hub)

    child = s.run_child("push")

    assert child.returncode == -signal.SIGKILL, child.stderr
    # The Hub applied both; the workspace never heard: the ops still say "sent".
    assert hub_record(hub, "article", aid)["version"] == 1
    assert decisions_on_hub(hub, archive_start) == {decision: 1}
    assert [op.state for op in pending_ops(s.ws)] == ["sent", "sent"]
    s.sync()
    assert pending_ops(s.ws) == []
    assert assert_same_as_hub(hub, s, "article", aid)["version"] == 1
    assert decisions_on_hub(hub, archive_start) == {decision: 1}
    replays = [json.loads(e.hub_body)["results"] for e in proxy.entries("POST", "/v1/ops")]
    assert [r["status"] for r in replays[-1]] == ["duplicate", "duplicate"]


def test_sigkill_after_a_page_arrived_keeps_the_cursor_before_it(
    hub: HubProcess, proxy: FaultProxy, tmp_path: Path
) -> None:
    start = hub_end(hub)
    seed_posts(hub, 3, "kill-pull")
    s = studio(hub, proxy, tmp_path, "editor", start, page=2)
    before = s.cursor()

    child = s.run_child("pull")

    assert child.returncode == -signal.SIGKILL, child.stderr
    assert s.cursor() == before
    assert cursor_problems(s.ws, hub_feed(hub, start)) == []
    s.sync()
    assert s.cursor() == hub_end(hub)
    assert cursor_problems(s.ws, hub_feed(hub, start)) == []


def test_the_cursor_check_sees_a_page_the_workspace_skipped(
    hub: HubProcess, proxy: FaultProxy, tmp_path: Path
) -> None:
    """The check the tests above rely on fails where it should: a cursor moved past records
    the workspace does not hold."""
    start = hub_end(hub)
    seed_posts(hub, 2, "skipped")
    s = studio(hub, proxy, tmp_path, "editor", start)
    assert cursor_problems(s.ws, hub_feed(hub, start)) == []
    replica.apply_page(s.ws, [], hub_end(hub))  # the cursor alone, without the page
    problems = cursor_problems(s.ws, hub_feed(hub, start))
    assert len(problems) == 3 and all("is missing" in p for p in problems)
