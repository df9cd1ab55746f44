"""The moderation queue kept by the sync against a real Hub: posts and reports arriving through
the feed queue their posts with the reasons and a priority; a decision made here and one made by
a colleague on the Hub each take a post out; the reporter's accuracy follows the removal."""

from __future__ import annotations

import uuid
from pathlib import Path

from studio.store import moderation_queue as mq
from studio.store import replica
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from studio.sync.engine import SyncEngine
from tests.hub.hubproc import PASSWORD, HubProcess


def op(record_type: str, record_id: str, action: str, data: dict, base: int = 0) -> dict:
    return {
        "op_id": str(uuid.uuid4()),
        "type": record_type,
        "id": record_id,
        "action": action,
        "base_version": base,
        "data": data,
    }


def applied(answer) -> list[dict]:
    results = answer.json()["results"]
    assert {r["status"] for r in results} == {"applied"}, answer.text
    return results


def queue(ws: Workspace) -> dict[str, mq.QueueItem]:
    return {i.id: i for i in mq.queue_page(ws, mq.QueueFilter(), None, 100)}


def test_the_queue_follows_the_feed_and_the_decisions(hub: HubProcess, tmp_path: Path) -> None:
    member, thread = str(uuid.uuid4()), str(uuid.uuid4())
    posts = [str(uuid.uuid4()) for _ in range(3)]
    applied(
        hub.client("admin").post(
            "/v1/ops",
            json={"ops": [op("member", member, "create", {"display_name": "Queue Ada"})]},
        )
    )
    ops = [op("thread", thread, "create", {"title": "Queue test thread"})]
    ops += [
        op("post", p, "create", {"thread_id": thread, "author_id": member, "body": f"Post {n}"})
        for n, p in enumerate(posts)
    ]
    member_client = hub.client("member")
    applied(member_client.post("/v1/ops", json={"ops": ops}))
    # The middle post is reported twice (spam, scam) by the member account.
    reports = [
        op("post", posts[1], "report", {"reason": r, "reporter_id": member})
        for r in ("spam", "scam")
    ]
    for report in reports:
        current = hub.client("admin").get(f"/v1/posts/{posts[1]}").json()["version"]
        report["base_version"] = current
        applied(member_client.post("/v1/ops", json={"ops": [report]}))

    ws = Workspace.open(workspace_path(tmp_path, "mod"), "mod")
    replica.link(ws, hub.url, "moderator", "moderator")
    token = HubClient(hub.url).sign_in("moderator", PASSWORD).access_token
    sync = SyncEngine(ws, HubClient(hub.url, lambda: token))
    sync.sync()

    items = queue(ws)
    mine = {p: items[p] for p in posts if p in items}
    assert set(mine) == set(posts), "awaiting approval, all three are queued"
    assert {i.pending for i in mine.values()} == {True}
    reported = mine[posts[1]]
    assert reported.report_count == 2 and dict(reported.reasons) == {"spam": 1, "scam": 1}
    assert reported.thread == "Queue test thread" and reported.author == "Queue Ada"
    order = [i for i in items if i in mine]
    assert order[0] == posts[1], "two reports put it first among these posts"

    # Removed here and pushed: out of the queue, and the reporter was right.
    ws.decide_post(posts[1], "remove", reason="Spam or advertising")
    sync.sync()
    assert posts[1] not in queue(ws)
    assert mq.reporter_accuracy(ws, member) == 1.0

    # A colleague decides on another post on the Hub: the feed takes it out of the queue here.
    target = posts[0]
    version = hub.client("admin").get(f"/v1/posts/{target}").json()["version"]
    applied(
        hub.client("admin").post(
            "/v1/ops",
            json={"ops": [op("post", target, "decide", {"action": "approve"}, base=version)]},
        )
    )
    sync.sync()
    assert target not in queue(ws) and posts[2] in queue(ws)
    ws.close()
