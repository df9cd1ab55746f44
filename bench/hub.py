"""The Hub over HTTP: pulling the whole change feed, and pushing ops, each against the raw cost of
the same work done directly on the database with SQLAlchemy in this process.

- ``hub_feed_pull``: a client pulls the whole feed of a platform-scale Hub (``studio-hub seed
  --scale platform``: ~125,000 records) from a real Hub process (``python -m hub serve`` on
  SQLite), paging ``GET /v1/changes`` with ``limit=1000`` through httpx and parsing every page;
  the baseline reads the same rows from the same file with SQLAlchemy (the feed joined to the
  records, in seq order) and serialises them to the same JSON pages, bytes for bytes. Median of
  N alternating runs after one uncounted run of each; target 3×.
- ``hub_ops_throughput``: time per op of ``POST /v1/ops`` with batches of 500 article creates
  into an empty Hub (SQLite, as served); the baseline inserts the very rows the Hub wrote (its
  records, feed and applied-op rows, read back from its file) into an empty database of the same
  kind (hub.db.make_engine: WAL, synchronous=FULL), one transaction per batch of 500, with
  SQLAlchemy Core. Reported, no target. The Hub applies each op in a savepoint and commits a
  batch at once (API.md); ``per_op_commit_us`` gives the same rows inserted with one
  transaction per op too. ``ops_per_s`` and ``baseline_ops_per_s`` are in the extra fields.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from bench.common import Context, Result, bench_env, median
from hub.db import make_engine, migrate
from hub.models import AppliedOp, ChangeRow, RecordRow

FEED_SCALE = "platform"
PAGE = 1000
BATCH = 500
#: The demo accounts' password (hub/seed.py); the ops bench makes its own account.
DEMO_PASSWORD = "studio-demo"
BENCH_PASSWORD = "bench-password"
ARTICLE_BODY = (
    "## Why it matters\n\n"
    + "Members asked for clearer guidance on the new reporting rules, so here it is. " * 12
    + "\n\n## What changes\n\n"
    + "- Quarterly filings move to the portal.\n- Old forms stay valid until March.\n" * 4
)


# -- a Hub process -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HubServer:
    """``python -m hub serve`` on ``database``, on a free loopback port, until ``stop()``."""

    def __init__(self, ctx: Context, database: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    ctx.python,
                    "-m",
                    "hub",
                    "serve",
                    "--database",
                    database,
                    "--port",
                    str(self.port),
                ],
                cwd=ctx.repo,
                env=bench_env(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Hub exited:\n{self.tail()}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the Hub did not start:\n{self.tail()}")

    def token(self, username: str, password: str) -> str:
        r = httpx.post(
            f"{self.url}/v1/auth/token",
            json={"username": username, "password": password},
            timeout=30,
        )
        r.raise_for_status()
        return str(r.json()["access_token"])

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> HubServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


# -- hub_feed_pull -------------------------------------------------------------------------------


def ensure_feed_hub(ctx: Context) -> Path:
    """The platform-scale Hub, seeded once under bench/out/hub/platform and reused."""
    folder = ctx.out / "hub" / FEED_SCALE
    database = folder / "hub.sqlite3"
    if database.exists():
        return database
    building = folder.with_name(f"{FEED_SCALE}-building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    seeding = sqlite_url(building / "hub.sqlite3")
    started = time.perf_counter()
    done = subprocess.run(
        [ctx.python, "-m", "hub", "seed", "--database", seeding, "--scale", FEED_SCALE],
        cwd=ctx.repo,
        env=bench_env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        raise RuntimeError(f"seeding the Hub failed ({done.returncode}):\n{done.stderr[-2000:]}")
    building.rename(folder)  # whole, or not at all: an interrupted seed is redone
    took = time.perf_counter() - started
    ctx.log(f"  platform Hub: {done.stdout.strip().splitlines()[0]} ({took:.1f} s)")
    return database


def pull_feed(url: str, token: str) -> tuple[float, int, int, int]:
    """Seconds to pull and parse the whole feed over HTTP; (seconds, changes, pages, bytes)."""
    changes = pages = size = 0
    started = time.perf_counter()
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120
    ) as client:
        cursor, more = "", True
        while more:
            r = client.get("/v1/changes", params={"since": cursor, "limit": PAGE})
            r.raise_for_status()
            body = r.json()
            changes += len(body["changes"])
            pages += 1
            size += len(r.content)
            cursor, more = body["cursor"], body["more"]
    return time.perf_counter() - started, changes, pages, size


def raw_pages(engine: Engine) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """The feed as the Hub pages it, read with SQLAlchemy: (changes, cursor) per page."""
    query = (
        select(
            ChangeRow.seq,
            RecordRow.type,
            RecordRow.id,
            RecordRow.version,
            RecordRow.deleted,
            RecordRow.data,
        )
        .join(RecordRow, (RecordRow.type == ChangeRow.type) & (RecordRow.id == ChangeRow.id))
        .order_by(ChangeRow.seq)
    )
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=PAGE).execute(query)
        for part in result.partitions(PAGE):
            changes = [
                {
                    "seq": seq,
                    "type": kind,
                    "id": rid,
                    "version": version,
                    "deleted": deleted,
                    "data": None if deleted else {**data, "id": rid, "version": version},
                }
                for seq, kind, rid, version, deleted, data in part
            ]
            yield changes, part[-1][0]


def serialise_feed(engine: Engine) -> tuple[float, int, int]:
    """Seconds to read the whole feed and serialise it to the Hub's JSON pages; (s, changes,
    bytes). Serialised like Starlette's JSONResponse: compact, UTF-8."""
    changes = size = 0
    started = time.perf_counter()
    pending: tuple[list[dict[str, Any]], int] | None = None
    for page in raw_pages(engine):
        if pending is not None:  # one page behind, to know whether there are more
            size += _page_bytes(*pending, more=True)
            changes += len(pending[0])
        pending = page
    if pending is not None:
        size += _page_bytes(*pending, more=False)
        changes += len(pending[0])
    return time.perf_counter() - started, changes, size


def _page_bytes(changes: list[dict[str, Any]], cursor: int, *, more: bool) -> int:
    page = {"changes": changes, "cursor": str(cursor), "more": more}
    return len(json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def feed_pull(ctx: Context, n: int) -> Result:
    database = ensure_feed_hub(ctx)
    engine = make_engine(sqlite_url(database))
    pulls: list[float] = []
    raws: list[float] = []
    try:
        with HubServer(ctx, sqlite_url(database), database.with_name("hub.log")) as hub:
            token = hub.token("admin", DEMO_PASSWORD)
            # One of each first, not counted: warms the file cache and both processes.
            _, changes, pages, size = pull_feed(hub.url, token)
            _, raw_changes, raw_size = serialise_feed(engine)
            if raw_changes != changes:
                raise RuntimeError(f"the Hub gave {changes} changes, the database {raw_changes}")
            for i in range(n):
                for who in ("hub", "raw") if i % 2 == 0 else ("raw", "hub"):
                    if who == "hub":
                        pulls.append(pull_feed(hub.url, token)[0] * 1000)
                    else:
                        raws.append(serialise_feed(engine)[0] * 1000)
    finally:
        engine.dispose()
    ctx.log(f"  feed: {changes:,} changes in {pages} pages, {size / 1e6:.1f} MB")
    ctx.log(f"  pull ms: {_fmt(pulls)}")
    ctx.log(f"  raw read+serialise ms: {_fmt(raws)}")
    extra = {
        "runs": n,
        "changes": changes,
        "pages": pages,
        "bytes": size,
        "baseline_bytes": raw_size,
        "changes_per_s": round(changes / (median(pulls) / 1000)),
        "samples": [round(v, 1) for v in pulls],
        "baseline_samples": [round(v, 1) for v in raws],
    }
    return Result("hub_feed_pull", median(pulls), "ms", median(raws), 3.0, extra)


# -- hub_ops_throughput --------------------------------------------------------------------------


def empty_hub(folder: Path) -> str:
    """A migrated, empty Hub database with one admin account; its URL."""
    from hub import auth
    from hub.db import sessions

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    url = sqlite_url(folder / "hub.sqlite3")
    engine = make_engine(url)
    migrate(engine)
    with sessions(engine).begin() as session:
        auth.add_user(session, "bench", BENCH_PASSWORD, "admin", "Bench")
    engine.dispose()
    return url


def article_ops(run: int, batch: int) -> list[dict[str, Any]]:
    ops = []
    for i in range(BATCH):
        n = batch * BATCH + i
        ops.append(
            {
                "op_id": f"bench-{run}-{n}",
                "type": "article",
                "id": f"bench-article-{run}-{n}",
                "action": "create",
                "data": {
                    "title": f"Reporting rules, part {n}",
                    "summary": "What changes for members this quarter, and what stays.",
                    "body": ARTICLE_BODY,
                    "tags": ["compliance", "reporting"],
                    "language": "en",
                },
            }
        )
    return ops


def push_ops(ctx: Context, url: str, folder: Path, run: int, batches: int) -> float:
    """Seconds the Hub took to answer ``batches`` POST /v1/ops of BATCH creates."""
    bodies = [{"ops": article_ops(run, b)} for b in range(batches)]
    with HubServer(ctx, url, folder / "hub.log") as hub:
        token = hub.token("bench", BENCH_PASSWORD)
        with httpx.Client(
            base_url=hub.url, headers={"Authorization": f"Bearer {token}"}, timeout=300
        ) as client:
            started = time.perf_counter()
            answers = [client.post("/v1/ops", json=body) for body in bodies]
            took = time.perf_counter() - started
    for r in answers:
        r.raise_for_status()
        statuses = {x["status"] for x in r.json()["results"]}
        if statuses != {"applied"}:
            raise RuntimeError(f"ops not all applied: {statuses}")
    return took


def hub_rows(url: str) -> list[tuple[type[Any], list[dict[str, Any]]]]:
    """The rows the Hub wrote for the ops, per table, in the order they were written."""
    engine = make_engine(url)
    tables: list[tuple[type[Any], list[dict[str, Any]]]] = []
    try:
        with engine.connect() as conn:
            for model, order in (
                (RecordRow, RecordRow.updated_at),
                (ChangeRow, ChangeRow.seq),
                (AppliedOp, AppliedOp.applied_at),
            ):
                rows = conn.execute(select(model.__table__).order_by(order)).mappings().all()
                tables.append((model, [dict(r) for r in rows]))
    finally:
        engine.dispose()
    return tables


def insert_rows(
    url: str, tables: list[tuple[type[Any], list[dict[str, Any]]]], per_transaction: int
) -> float:
    """Seconds to insert ``tables`` into the empty database at ``url``, ``per_transaction`` ops'
    rows (a record, its feed row and its applied op) per transaction."""
    engine = make_engine(url)
    count = len(tables[0][1])
    try:
        with engine.connect():
            pass  # connect (and set the pragmas) before the clock starts
        started = time.perf_counter()
        for start in range(0, count, per_transaction):
            with engine.begin() as conn:
                for model, rows in tables:
                    conn.execute(insert(model), rows[start : start + per_transaction])
        return time.perf_counter() - started
    finally:
        engine.dispose()


def ops_throughput(ctx: Context, n: int, batches: int) -> Result:
    base = ctx.out / "hub" / "ops"
    hub_us: list[float] = []
    raw_us: list[float] = []
    per_op_us: list[float] = []
    ops = batches * BATCH
    try:
        for run in range(n):
            url = empty_hub(base / "hub")
            seconds = push_ops(ctx, url, base / "hub", run, batches)
            hub_us.append(seconds / ops * 1e6)
            tables = hub_rows(url)
            if len(tables[0][1]) != ops:
                raise RuntimeError(f"the Hub holds {len(tables[0][1])} records, not {ops}")
            raw_us.append(insert_rows(empty_hub(base / "raw"), tables, BATCH) / ops * 1e6)
            per_op_us.append(insert_rows(empty_hub(base / "raw"), tables, 1) / ops * 1e6)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    ctx.log(f"  POST /v1/ops µs/op: {_fmt(hub_us)}")
    ctx.log(f"  raw insert µs/op, {BATCH} per transaction: {_fmt(raw_us)}")
    ctx.log(f"  raw insert µs/op, one transaction per op: {_fmt(per_op_us)}")
    value, baseline = median(hub_us), median(raw_us)
    extra = {
        "runs": n,
        "ops": ops,
        "batch": BATCH,
        "ops_per_s": round(1e6 / value),
        "baseline_ops_per_s": round(1e6 / baseline),
        "per_op_commit_us": round(median(per_op_us), 1),
        "per_op_commit_ops_per_s": round(1e6 / median(per_op_us)),
        "samples": [round(v, 1) for v in hub_us],
        "baseline_samples": [round(v, 1) for v in raw_us],
    }
    return Result("hub_ops_throughput", value, "µs", baseline, None, extra)


def run(ctx: Context) -> list[Result]:
    return [
        feed_pull(ctx, ctx.repeats(5, 2)),
        ops_throughput(ctx, ctx.repeats(3, 1), ctx.repeats(4, 2)),
    ]


def _fmt(values: list[float]) -> str:
    return " ".join(f"{v:.0f}" for v in values)
