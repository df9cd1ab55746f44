"""The change feed under concurrent writers: two Hub processes on one database, 8 writer threads
(4 per Hub) creating, updating and deleting articles through ``POST /v1/ops``, and one reader
pulling ``GET /v1/changes`` from ``since=""`` the whole time, alternating between the two Hubs.

The feed is compacted (API.md, hub/store.py ``touch``): each record has one feed row, moved to a
new, higher ``seq`` on every change. "Every committed change exactly once" cannot mean that the
reader sees every version — a version replaced before the reader got to its ``seq`` is gone from
the feed, by design. It means, and the test checks:

1. **Order, nothing twice.** Within and across pages (and across the two Hubs), every delivered
   ``seq`` is greater than the cursor the reader sent and than every ``seq`` before it, and the
   cursor a page gives back is its last ``seq``: the cursor never goes back, so no ``seq`` is
   delivered twice; each record's delivered versions strictly increase, so no (record, version)
   is delivered twice.
2. **Nothing invented.** Every delivered (record, version, deleted) is one that a writer was
   answered ``applied`` (or ``duplicate``, a retried request) for, and its ``data`` is that
   version of that record.
3. **Nothing skipped, during the run.** Whenever the reader caught up — a page answered
   ``more: false`` — it then held, for every record, at least the newest version whose op had
   been *answered* before that page was *requested*. A change committed before the request is in
   the page's snapshot, at a ``seq`` either after the reader's cursor (so in this page, or
   compacted into a newer version of the record that is) or not after it (so delivered earlier).
   A change whose ``seq`` the reader's cursor had already passed when it committed — the bug of a
   feed that hands out ``seq`` before commit without ordering commits — is never delivered, and
   fails this check at the next catch-up unless the record changed again in between (which a
   compacted feed may legitimately fold away).
4. **Nothing skipped, in the end.** After the writers stop, the reader goes on until a page
   requested after the last answer says ``more: false``. Its final view (the last delivery of each
   record) is every record that was ever created, each at its final version and deleted flag — the
   newest version any writer was answered for. A fresh pull of the whole feed then gives one entry
   per record, and the reader received each of those very entries (same ``seq``, id, version): its
   cursor never passed a ``seq`` that showed up afterwards. The highest ``seq`` equals the number
   of applied changes: each change took exactly one ``seq`` and none was lost or given twice.

The writers keep their own records (so their updates apply) and also fight over a few shared
"hot" records from both Hubs (conflicts, row locks and the feed lock across processes).
"""

from __future__ import annotations

import bisect
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.hub.hubproc import HubProcess, start_hub

pytestmark = pytest.mark.slow

WRITERS_PER_HUB = 4
HOT_RECORDS = 6
PAGE_LIMIT = 50
WRITER_ROLE = "editor"
READER_ROLE = "moderator"


@dataclass(frozen=True)
class Applied:
    """A change a writer was told is committed, and when it was told (time.monotonic())."""

    id: str
    version: int
    deleted: bool
    at: float


@dataclass
class Delivery:
    page: int
    seq: int
    id: str
    version: int
    deleted: bool


@dataclass
class Page:
    requested_at: float
    since: int
    cursor: int
    more: bool
    count: int
    hub: int


def post_ops(client: httpx.Client, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """POST the batch until the Hub answers it; a retry reuses the op_ids, so it is safe."""
    for attempt in range(50):
        try:
            r = client.post("/v1/ops", json={"ops": ops})
        except httpx.TransportError:
            time.sleep(0.05 * (attempt + 1))
            continue
        if r.status_code == 503:  # busy: Retry-After
            time.sleep(0.05 * (attempt + 1))
            continue
        assert r.status_code == 200, r.text
        results: list[dict[str, Any]] = r.json()["results"]
        assert [x["op_id"] for x in results] == [op["op_id"] for op in ops]
        return results
    raise AssertionError(f"the Hub never answered a batch of {len(ops)} ops")


class Writer(threading.Thread):
    def __init__(self, number: int, hub: HubProcess, until: float, hot: list[str]) -> None:
        super().__init__(name=f"writer-{number}", daemon=True)
        self.number = number
        self.hub = hub
        self.until = until
        self.rng = random.Random(number)
        self.own: dict[str, int] = {}  # live records of this writer -> version
        self.hot = dict.fromkeys(hot, 1)  # what this writer last knew of the shared records
        self.applied: list[Applied] = []
        self.conflicts = 0
        self.error: BaseException | None = None
        self._ops = 0
        self._created = 0

    def run(self) -> None:
        try:
            with self.hub.client(WRITER_ROLE) as client:
                while time.monotonic() < self.until:
                    self.step(client)
        except BaseException as exc:
            self.error = exc

    def op(self, record_id: str, action: str, base: int, data: dict[str, Any]) -> dict[str, Any]:
        self._ops += 1
        return {
            "op_id": f"w{self.number}-op{self._ops}",
            "type": "article",
            "id": record_id,
            "action": action,
            "base_version": base,
            "data": data,
        }

    def step(self, client: httpx.Client) -> None:
        ops: list[dict[str, Any]] = []
        touched: set[str] = set()
        for _ in range(self.rng.randint(1, 4)):
            roll = self.rng.random()
            live = [i for i in self.own if i not in touched]
            hot = [i for i in self.hot if i not in touched]
            if roll < 0.3 or len(live) < 3:
                self._created += 1
                record_id = f"w{self.number}-a{self._created}"
                title = f"Article {self._created} of writer {self.number}"
                ops.append(self.op(record_id, "create", 0, {"title": title}))
            elif roll < 0.45 and hot:
                record_id = self.rng.choice(hot)
                title = f"Hot {record_id} by writer {self.number}, op {self._ops}"
                ops.append(self.op(record_id, "update", self.hot[record_id], {"title": title}))
            elif roll < 0.5:
                record_id = self.rng.choice(live)
                ops.append(self.op(record_id, "delete", self.own[record_id], {}))
            else:
                record_id = self.rng.choice(live)
                summary = f"revision {self.own[record_id] + 1} {'x' * self.rng.randint(0, 400)}"
                ops.append(self.op(record_id, "update", self.own[record_id], {"summary": summary}))
            touched.add(record_id)
        results = post_ops(client, ops)
        answered = time.monotonic()
        for op, result in zip(ops, results, strict=True):
            record_id = op["id"]
            if result["status"] in ("applied", "duplicate"):
                deleted = op["action"] == "delete"
                self.applied.append(Applied(record_id, result["version"], deleted, answered))
                if record_id in self.hot:
                    self.hot[record_id] = result["version"]
                elif deleted:
                    del self.own[record_id]
                else:
                    self.own[record_id] = result["version"]
            elif result["status"] == "conflict" and record_id in self.hot:
                self.conflicts += 1
                self.hot[record_id] = result["current"]["version"]
            else:
                raise AssertionError(f"unexpected result for {op}: {result}")


class Reader(threading.Thread):
    """Pulls the feed from the beginning until told the writers are done and then caught up."""

    def __init__(self, hubs: list[HubProcess]) -> None:
        super().__init__(name="reader", daemon=True)
        self.hubs = hubs
        self.writers_done_at: float | None = None  # set by the test once every writer ended
        self.pages: list[Page] = []
        self.deliveries: list[Delivery] = []
        self.problems: list[str] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        clients = [hub.client(READER_ROLE) for hub in self.hubs]
        try:
            self.pull(clients)
        except BaseException as exc:
            self.error = exc
        finally:
            for c in clients:
                c.close()

    def pull(self, clients: list[httpx.Client]) -> None:
        cursor = ""
        last_seq = 0
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            done_at = self.writers_done_at  # read before the request: it must follow the end
            which = len(self.pages) % len(clients)
            requested = time.monotonic()
            r = clients[which].get("/v1/changes", params={"since": cursor, "limit": PAGE_LIMIT})
            if r.status_code == 503:
                time.sleep(0.02)
                continue
            assert r.status_code == 200, r.text
            body = r.json()
            index = len(self.pages)
            since = int(cursor or 0)
            seqs = [c["seq"] for c in body["changes"]]
            if seqs and (seqs[0] <= since or seqs[0] <= last_seq):
                self.problems.append(f"page {index}: seq {seqs[0]} after cursor {since}")
            if any(b <= a for a, b in pairwise(seqs)):
                self.problems.append(f"page {index}: seqs out of order {seqs}")
            if int(body["cursor"]) != (seqs[-1] if seqs else since):
                self.problems.append(f"page {index}: cursor {body['cursor']} after {seqs[-1:]}")
            if len(seqs) > PAGE_LIMIT or (body["more"] and len(seqs) < PAGE_LIMIT):
                self.problems.append(f"page {index}: {len(seqs)} changes, more={body['more']}")
            for c in body["changes"]:
                data = c["data"]
                if c["deleted"] != (data is None) or (
                    data is not None and (data["id"], data["version"]) != (c["id"], c["version"])
                ):
                    self.problems.append(f"page {index}: change and data disagree: {c}")
                self.deliveries.append(
                    Delivery(index, c["seq"], c["id"], c["version"], c["deleted"])
                )
            self.pages.append(
                Page(requested, since, int(body["cursor"]), body["more"], len(seqs), which)
            )
            last_seq = max([last_seq, *seqs])
            cursor = body["cursor"]
            if body["more"]:
                continue
            if done_at is not None and requested > done_at:
                return  # caught up, with a page asked for after the last write was answered
            # Mostly right behind the writers; now and then far enough behind that the feed
            # has compacted changes away and the reader needs several pages to catch up.
            time.sleep(0.002 if len(self.pages) % 20 else 0.5)
        raise AssertionError("the reader did not catch up within 5 minutes")


@dataclass
class Outcome:
    applied: list[Applied] = field(repr=False)
    reader: Reader = field(repr=False)
    fresh: list[dict[str, Any]] = field(default_factory=list, repr=False)
    conflicts: int = 0
    per_hub: list[int] = field(default_factory=list)


def race(hubs: list[HubProcess], seconds: float) -> Outcome:
    # The shared records, made before the writers start.
    hot = [f"hot-{i}" for i in range(HOT_RECORDS)]
    applied: list[Applied] = []
    with hubs[0].client(WRITER_ROLE) as c:
        ops: list[dict[str, Any]] = [
            {
                "op_id": f"setup-{i}",
                "type": "article",
                "id": i,
                "action": "create",
                "data": {"title": f"Shared {i}"},
            }
            for i in hot
        ]
        for record_id, result in zip(hot, post_ops(c, ops), strict=True):
            assert result["status"] == "applied", result
            applied.append(Applied(record_id, result["version"], False, time.monotonic()))
    for hub in hubs:  # sign in up front, so the threads start writing at once
        hub.token(WRITER_ROLE)
        hub.token(READER_ROLE)
    reader = Reader(hubs)
    reader.start()
    until = time.monotonic() + seconds
    writers = [
        Writer(n, hubs[n % len(hubs)], until, hot) for n in range(WRITERS_PER_HUB * len(hubs))
    ]
    for w in writers:
        w.start()
    for w in writers:
        w.join(seconds + 120)
        assert not w.is_alive(), f"{w.name} hangs"
    reader.writers_done_at = time.monotonic()
    reader.join(300)
    assert not reader.is_alive(), "the reader hangs"
    for w in writers:
        if w.error is not None:
            raise AssertionError(f"{w.name} failed: {w.error!r}") from w.error
    if reader.error is not None:
        raise AssertionError(f"the reader failed: {reader.error!r}") from reader.error
    for w in writers:
        applied.extend(w.applied)
    per_hub = [
        sum(len(w.applied) for w in writers if w.hub is hub) for hub in hubs
    ]  # changes each Hub applied
    # The whole feed as a new client sees it now, from the other Hub.
    fresh: list[dict[str, Any]] = []
    with hubs[-1].client(READER_ROLE) as c:
        cursor, more = "", True
        while more:
            body = c.get("/v1/changes", params={"since": cursor, "limit": 1000}).json()
            fresh.extend(body["changes"])
            cursor, more = body["cursor"], body["more"]
    return Outcome(applied, reader, fresh, sum(w.conflicts for w in writers), per_hub)


def check_exactly_once(outcome: Outcome, min_changes: int) -> None:
    """The four properties of the module docstring."""
    reader, applied = outcome.reader, outcome.applied
    assert len(applied) >= min_changes, f"only {len(applied)} changes applied: not a race"
    assert all(n > 0 for n in outcome.per_hub), f"a Hub applied nothing: {outcome.per_hub}"
    assert reader.problems == []

    # 1. Order, nothing twice.
    seqs = [d.seq for d in reader.deliveries]
    assert all(b > a for a, b in pairwise(seqs)), "seq went backwards"
    assert len(set(seqs)) == len(seqs)
    by_record: dict[str, list[Delivery]] = defaultdict(list)
    for d in reader.deliveries:
        by_record[d.id].append(d)
    for record_id, ds in by_record.items():
        versions = [d.version for d in ds]
        assert versions == sorted(set(versions)), f"{record_id} delivered as {versions}"

    # 2. Nothing invented.
    committed = {(a.id, a.version): a.deleted for a in applied}
    for d in reader.deliveries:
        assert committed.get((d.id, d.version)) == d.deleted, f"never applied: {d}"

    # 3. Nothing skipped during the run: after each catch-up, every change answered before it
    # was requested is in the reader's view (at that version or a newer one).
    catch_ups = [(p.requested_at, i) for i, p in enumerate(reader.pages) if not p.more]
    assert len(catch_ups) >= 3, "the reader hardly ever caught up: nothing to check"
    times = [t for t, _ in catch_ups]
    delivered_pages = {rid: [d.page for d in ds] for rid, ds in by_record.items()}
    stale = []
    for a in applied:
        k = bisect.bisect_right(times, a.at)
        if k == len(catch_ups):
            continue  # no catch-up was requested after this answer: part 4 covers it
        page = catch_ups[k][1]
        j = bisect.bisect_right(delivered_pages.get(a.id, []), page)
        seen = by_record[a.id][j - 1].version if j else 0  # the reader's version after `page`
        if seen < a.version:
            stale.append((a, page, seen))
    assert stale == [], f"{len(stale)} changes missing after a catch-up, e.g. {stale[:5]}"

    # 4. Nothing skipped in the end.
    final: dict[str, tuple[int, bool]] = {}
    for a in applied:
        if a.id not in final or a.version > final[a.id][0]:
            final[a.id] = (a.version, a.deleted)
    view = {rid: (ds[-1].version, ds[-1].deleted) for rid, ds in by_record.items()}
    assert view == final
    fresh = {(c["seq"], c["id"], c["version"], c["deleted"]) for c in outcome.fresh}
    assert len(fresh) == len(final) == len(outcome.fresh)
    received = {(d.seq, d.id, d.version, d.deleted) for d in reader.deliveries}
    assert fresh - received == set(), "the reader's cursor passed a seq that appeared later"
    assert max(s for s, *_ in fresh) == len(applied), "each change takes exactly one seq"


def describe(outcome: Outcome, seconds: float) -> str:
    r = outcome.reader
    return (
        f"{len(outcome.applied)} changes in {seconds:.0f} s (per Hub {outcome.per_hub}, "
        f"{outcome.conflicts} conflicts on shared records), {len(outcome.fresh)} records; "
        f"reader: {len(r.pages)} pages, {sum(not p.more for p in r.pages)} catch-ups, "
        f"{len(r.deliveries)} deliveries"
    )


def run_two_hubs(database: str, log_dir: Path, seconds: float, min_changes: int) -> None:
    hubs = [start_hub(database, log_dir)]
    try:
        hubs.append(start_hub(database, log_dir, prepare=False))
        outcome = race(hubs, seconds)
        print(describe(outcome, seconds))
        check_exactly_once(outcome, min_changes)
    finally:
        for hub in hubs:
            hub.stop()


def test_two_hubs_on_postgresql_deliver_every_change_exactly_once(
    pg_url: str, tmp_path: Path
) -> None:
    run_two_hubs(pg_url, tmp_path, seconds=20, min_changes=500)


def test_two_hubs_on_one_sqlite_file_deliver_every_change_exactly_once(tmp_path: Path) -> None:
    run_two_hubs(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path, seconds=5, min_changes=100)
