"""What the fault tests share: Studios behind a fault proxy, the Hub's view (read directly,
never through the proxy) and the checks that compare the two."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from studio.domain import instants
from studio.domain.records import PENDING_OUTBOX_STATES
from studio.store import replica
from studio.store.models import SYNCED_MODELS, Conflict, OutboxOp, SyncState
from studio.store.workspace import WIRE_FIELDS, Workspace, wire_dict, workspace_path
from studio.sync.client import HubClient, make_session
from studio.sync.engine import SyncEngine, SyncReport
from tests.faults.clock import clock
from tests.hub.hubproc import HubProcess

REPO = Path(__file__).resolve().parents[2]

# -- Studios ------------------------------------------------------------------------------------


@dataclass
class Studio:
    """One Studio: a workspace in a folder of its own, syncing as ``account`` through ``url``.

    ``since`` starts its pull at that cursor rather than at the beginning of the feed: the
    tests share one Hub, and each Studio needs only what its own test puts there.
    """

    name: str
    account: str
    folder: Path
    url: str
    token: str
    retries: int = 4
    batch: int = 500
    page: int = 1000
    offset: timedelta = timedelta(0)
    since: str = ""
    template: Path | None = None  # an empty workspace file to copy rather than create anew
    ws: Workspace = field(init=False)
    client: HubClient = field(init=False)

    def __post_init__(self) -> None:
        if self.template is not None and not self.path.exists():
            self.path.parent.mkdir(parents=True)
            shutil.copyfile(self.template, self.path)
        self.ws = Workspace.open(self.path, self.name)
        replica.link(self.ws, self.url, self.account)
        if self.since:
            replica.apply_page(self.ws, [], self.since)
        self.client = HubClient(self.url, lambda: self.token, make_session(retries=self.retries))

    @property
    def path(self) -> Path:
        return workspace_path(self.folder, self.name)

    def engine(self) -> SyncEngine:
        return SyncEngine(self.ws, self.client, batch=self.batch, page=self.page)

    def sync(self) -> SyncReport:
        with clock(self.offset):
            return self.engine().sync()

    def cursor(self) -> str:
        return stored_cursor(self.ws)

    def close(self) -> None:
        self.client.close()
        self.ws.close()

    def run_child(self, kill_after: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """One sync round in a child process that SIGKILLs itself once the Hub has answered
        ``kill_after`` ("push": a batch of ops; "pull": a page of the feed), before the
        workspace records the answer. The workspace is closed here first and reopened after."""
        self.ws.close()
        try:
            return subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tests.faults.sync_child",
                    str(self.path),
                    self.url,
                    "--kill-after",
                    kill_after,
                    "--retries",
                    str(self.retries),
                    "--batch",
                    str(self.batch),
                    "--page",
                    str(self.page),
                    "--clock-offset",
                    str(self.offset.total_seconds()),
                ],
                cwd=REPO,
                env={**os.environ, "STUDIO_TEST_TOKEN": self.token},
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        finally:
            self.ws = Workspace.open(self.path, self.name)


def stored_cursor(ws: Workspace) -> str:
    with ws.reading() as s:
        row = s.get(SyncState, 1)
        return row.cursor if row is not None else ""


def pending_ops(ws: Workspace) -> list[OutboxOp]:
    with ws.reading() as s:
        return list(
            s.scalars(
                select(OutboxOp)
                .where(OutboxOp.state.in_([str(x) for x in PENDING_OUTBOX_STATES]))
                .order_by(OutboxOp.seq)
            )
        )


def outbox(ws: Workspace) -> list[OutboxOp]:
    with ws.reading() as s:
        return list(s.scalars(select(OutboxOp).order_by(OutboxOp.seq)))


def open_conflicts(ws: Workspace) -> list[Conflict]:
    with ws.reading() as s:
        return list(s.scalars(select(Conflict).where(Conflict.resolved_at.is_(None))))


# -- the Hub's view -------------------------------------------------------------------------------


_clients: dict[tuple[str, str, str], httpx.Client] = {}


def hub_client(hub: HubProcess, role: str) -> httpx.Client:
    """A client of the Hub itself (no proxy) signed in as ``role``; kept, as making one costs
    more than most requests. It opens a connection per request: the Hub closes one idle for
    5 s, and a request sent on it just then would fail ("connection reset by peer")."""
    key = (hub.url, hub.database, role)
    if key not in _clients:
        _clients[key] = hub.client(role, limits=httpx.Limits(max_keepalive_connections=0))
    return _clients[key]


def hub_feed(hub: HubProcess, since: str = "") -> list[dict[str, Any]]:
    """The whole change feed after ``since``, read directly from the Hub."""
    changes: list[dict[str, Any]] = []
    while True:
        r = hub_client(hub, "admin").get("/v1/changes", params={"since": since, "limit": 1000})
        r.raise_for_status()
        page = r.json()
        changes.extend(page["changes"])
        since = page["cursor"]
        if not page["more"]:
            return changes


_ends: dict[str, str] = {}


def hub_end(hub: HubProcess) -> str:
    """The cursor at the end of the feed now (read on from the end found last time: cursors
    only grow, and the shared Hub's feed does)."""
    cursor = _ends.get(hub.database, "")
    while True:
        r = hub_client(hub, "admin").get("/v1/changes", params={"since": cursor, "limit": 1000})
        r.raise_for_status()
        page = r.json()
        cursor = page["cursor"]
        if not page["more"]:
            _ends[hub.database] = str(cursor)
            return str(cursor)


def hub_archive(hub: HubProcess, since: int = 0) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    while True:
        r = hub_client(hub, "compliance").get("/v1/archive", params={"since": since, "limit": 1000})
        r.raise_for_status()
        page = r.json()
        entries.extend(page["entries"])
        if not page["more"] or not page["entries"]:
            return entries
        since = page["entries"][-1]["seq"]


def archive_head(hub: HubProcess) -> int:
    r = hub_client(hub, "compliance").get("/v1/archive/head")
    r.raise_for_status()
    return int(r.json()["seq"])


def decisions_on_hub(hub: HubProcess, since: int = 0) -> Counter[str]:
    """How many times each decision_id was applied, from the archive's decision entries."""
    return Counter(
        e["payload"].get("decision_id") for e in hub_archive(hub, since) if e["kind"] == "decision"
    )


def push_directly(hub: HubProcess, role: str, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Apply ops on the Hub as ``role``, not through any Studio or proxy."""
    for op in ops:
        op.setdefault("op_id", str(uuid.uuid4()))
        op.setdefault("base_version", 0)
    r = hub_client(hub, role).post("/v1/ops", json={"ops": ops})
    r.raise_for_status()
    results: list[dict[str, Any]] = r.json()["results"]
    assert all(x["status"] == "applied" for x in results), results
    return results


def seed_posts(hub: HubProcess, count: int, tag: str = "") -> list[str]:
    """A thread of ``count`` member posts on the Hub; returns the posts' ids."""
    thread = str(uuid.uuid4())
    posts = [str(uuid.uuid4()) for _ in range(count)]
    ops: list[dict[str, Any]] = [
        {"type": "thread", "id": thread, "action": "create", "data": {"title": f"Thread {tag}"}}
    ]
    ops += [
        {
            "type": "post",
            "id": post,
            "action": "create",
            "data": {"thread_id": thread, "body": f"Post {i} {tag}"},
        }
        for i, post in enumerate(posts)
    ]
    push_directly(hub, "member", ops)
    return posts


# -- checks ---------------------------------------------------------------------------------------


def _same(name: str, mine: Any, theirs: Any) -> bool:
    if name in replica.INSTANT_FIELDS and isinstance(mine, str) and isinstance(theirs, str):
        return instants.from_wire(mine) == instants.from_wire(theirs)
    return bool(mine == theirs)


def differences(record_type: str, record: Any, hub_data: dict[str, Any]) -> list[str]:
    """The wire fields (and version) where the local ``record`` differs from the Hub's copy."""
    mine = wire_dict(record_type, record)
    names = ["version", *WIRE_FIELDS[record_type]]
    return [n for n in names if not _same(n, mine.get(n), hub_data.get(n))]


def local_record(ws: Workspace, record_type: str, record_id: str) -> Any:
    model = SYNCED_MODELS[record_type]
    with ws.reading() as s:
        return s.get(model, record_id)


def cursor_problems(ws: Workspace, feed: list[dict[str, Any]]) -> list[str]:
    """What the stored cursor claims but the workspace lacks.

    ``feed`` is the Hub's feed (compacted: one entry per record at its latest seq). Every entry
    at or below the cursor must be in the workspace as the Hub has it (or changed locally since,
    which a record's ``local`` flag says): otherwise the cursor passed a page that was not
    committed.
    """
    cursor = int(stored_cursor(ws) or 0)
    claimed = [c for c in feed if c["seq"] <= cursor and c["type"] in SYNCED_MODELS]
    held: dict[tuple[str, str], tuple[int, bool]] = {}  # (type, id) -> (version, local)
    with ws.reading() as s:
        for record_type in {c["type"] for c in claimed}:
            model: Any = SYNCED_MODELS[record_type]
            ids = [c["id"] for c in claimed if c["type"] == record_type]
            for record_id, version, local in s.execute(
                select(model.id, model.version, model.local).where(model.id.in_(ids))
            ):
                held[(record_type, record_id)] = (version, local)
    problems = []
    for change in claimed:
        found = held.get((change["type"], change["id"]))
        label = f"{change['type']} {change['id']} (seq {change['seq']} ≤ cursor {cursor})"
        if change["deleted"]:
            if found is not None and not found[1]:
                problems.append(f"{label} is deleted on the Hub but here")
        elif found is None:
            problems.append(f"{label} is missing")
        elif not found[1] and found[0] != change["version"]:
            problems.append(f"{label} is at version {found[0]}, not {change['version']}")
    return problems
