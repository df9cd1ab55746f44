"""Sync: Studio's sync engine against a real Hub, each figure beside a bare client doing the same
work in the same run, and beside the PouchDB figures issue 4 quotes for this machine.

The Hub is ``python -m hub serve`` on a copy of bench/hub.py's platform-scale Hub (100,000 posts,
~125,000 records; copied afresh each run, as the benchmarks below change it). Studio signs in as
the demo editor; its workspaces live under bench/out/sync/ while the benchmark runs.

- ``sync_first_pull``: seconds from asking the real ``studio.sync.worker.SyncWorker`` (its own
  QThread) for a round on a new, empty workspace to its ``finished`` signal, in a Qt app of its
  own (bench/sync_ui.py, offscreen, a window shown): push nothing, pull the whole feed page by
  page, validate every answer, apply each page with its cursor in one transaction. The baseline,
  in the same kind of app, fetches the same pages (same ``limit``) on a plain thread with a bare
  ``requests`` loop, parses them with ``json.loads`` and inserts every change with
  ``executemany`` into one plain table per record type of a new SQLite file (WAL,
  ``synchronous=FULL`` as Studio's), one transaction per page: the floor of "download, parse,
  store". Median of N alternating runs after one uncounted baseline run (it warms the Hub and its
  file); target 2×. ``peak_rss_mib`` is Studio's process's peak memory.
- ``sync_first_pull_max_stall``: the longest the UI thread went without serving a 5 ms timer
  (studio.ui.probe.StallProbe) during those same first pulls: the median of the runs' worst gaps
  (each in ``samples``; the worst of all is ``worst_ms``), beside the same probe during the
  baseline's. The limit is absolute: 50 ms.
- ``sync_incremental_100``: ms for ``SyncEngine.sync()`` of the synced platform workspace after
  another client changed 100 records on the Hub (50 article edits by the admin, 50 moderation
  decisions by the moderator); the baseline fetches the same 100 changes with the bare loop and
  stores them. Median of N; limit 150 ms.
- ``sync_push_1000``: ms for ``SyncEngine.push()`` of 1,000 changes made offline with the
  workspace's own operations (500 ``create_article``, 500 ``save_article`` of synced articles);
  the baseline POSTs 1,000 like ops (500 creates, 500 updates) built beforehand as JSON, in the
  engine's batch size, with bare ``requests``: the Hub's own share. Median of N; limit 800 ms.
"""

from __future__ import annotations

import inspect
import json
import shutil
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import Context, Result, bench_env, median, timed_run

#: The figures issue 4 quotes for PouchDB 9 replicating from a CouchDB-compatible server.
POUCHDB = {
    "first_pull_s": (39.0, 63.0),  # batch 1,000 … defaults
    "first_pull_peak_mib": 410.0,
    "changes_100_s": 0.18,
    "push_1000_s": 0.88,
}
STALL_LIMIT_MS = 50.0
INCREMENTAL_LIMIT_MS = 150.0
PUSH_LIMIT_MS = 800.0
STUDIO_ACCOUNT = "editor"
DEMO_PASSWORD = "studio-demo"


# -- the bare client -----------------------------------------------------------------------------


def bare_database(path: Path) -> sqlite3.Connection:
    """A new SQLite file set up as Studio's workspace is (WAL, synchronous=FULL)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return bare_connect(path)


def bare_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def bare_pull(
    url: str, token: str, conn: sqlite3.Connection, page: int, since: str = ""
) -> tuple[int, int, str]:
    """Fetch the feed from ``since`` with bare requests, parse it, store every change with one
    executemany per record type and page, one transaction per page; (changes, pages, cursor)."""
    import requests

    columns: dict[str, list[str]] = {
        name: [c[1] for c in conn.execute(f"PRAGMA table_info({name})")]
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    changes = pages = 0
    cursor, more = since, True
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        while more:
            response = http.get(f"{url}/v1/changes", params={"since": cursor, "limit": page})
            response.raise_for_status()
            body = json.loads(response.content)
            by_type: dict[str, list[dict[str, Any]]] = {}
            for change in body["changes"]:
                by_type.setdefault(change["type"], []).append(change)
            conn.execute("BEGIN")
            for kind, group in by_type.items():
                names = columns.get(kind)
                if names is None:  # a table per record type, with the fields as columns
                    fields = sorted({k for c in group for k in c["data"] or {}} - {"id", "version"})
                    names = ["id", "version", "deleted", *fields]
                    conn.execute(
                        f"CREATE TABLE {kind} (id TEXT PRIMARY KEY, "
                        + ", ".join(f'"{n}"' for n in names[1:])
                        + ")"
                    )
                    columns[kind] = names
                rows = []
                for c in group:
                    data = c["data"] or {}
                    row: list[Any] = [c["id"], c["version"], c["deleted"]]
                    for name in names[3:]:
                        value = data.get(name)
                        row.append(json.dumps(value) if isinstance(value, list | dict) else value)
                    rows.append(row)
                conn.executemany(
                    f"INSERT OR REPLACE INTO {kind} VALUES ({', '.join('?' * len(names))})", rows
                )
            conn.execute("COMMIT")
            changes += len(body["changes"])
            pages += 1
            cursor, more = body["cursor"], body["more"]
    return changes, pages, cursor


def bare_post(url: str, token: str, batches: list[bytes]) -> list[dict[str, Any]]:
    """POST prebuilt ``/v1/ops`` bodies with bare requests; the results."""
    import requests

    results: list[dict[str, Any]] = []
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        http.headers["Content-Type"] = "application/json"
        for body in batches:
            response = http.post(f"{url}/v1/ops", data=body)
            response.raise_for_status()
            results.extend(json.loads(response.content)["results"])
    return results


# -- the Hub and Studio's workspaces -----------------------------------------------------------


def fresh_hub(ctx: Context, folder: Path) -> Path:
    """A copy of the platform-scale Hub of bench/hub.py, which stays as it was."""
    from bench.hub import ensure_feed_hub

    source = ensure_feed_hub(ctx)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    target = folder / "hub.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)  # consistent, whatever WAL the source has
    return target


def sync_engine(workspace: Any, hub_url: str, token: str) -> Any:
    from studio.sync.client import HubClient
    from studio.sync.engine import SyncEngine

    return SyncEngine(workspace, HubClient(hub_url, lambda: token))


class Bench:
    """The state the sync benchmarks share: one Hub process, tokens, the synced workspace."""

    def __init__(self, ctx: Context, hub: Any) -> None:
        self.ctx = ctx
        self.hub = hub
        self.folder = ctx.out / "sync"
        self.tokens = {
            name: hub.token(name, DEMO_PASSWORD) for name in (STUDIO_ACCOUNT, "admin", "moderator")
        }
        self.token = self.tokens[STUDIO_ACCOUNT]
        self.workspace: Any = None  # Studio's synced workspace, once first_pull has run
        self.engine: Any = None
        self.bare: sqlite3.Connection | None = None  # the baseline's synced database
        self.bare_cursor = ""

        # The engine's own page and batch sizes, so the baselines send the same requests.
        from studio.sync.engine import SyncEngine

        defaults = inspect.signature(SyncEngine).parameters
        self.page = int(defaults["page"].default)
        self.batch = int(defaults["batch"].default)

    # -- first pull, and the UI thread meanwhile -----------------------------------------------

    def first_run(self, mode: str, run: int) -> dict[str, Any]:
        """One first pull in a Qt app of its own (bench/sync_ui.py): Studio's SyncWorker or the
        bare pull on a thread; its figures. The last of each mode stays for what follows."""
        folder = self.folder / f"{mode}-{run % 2}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        cmd = [
            self.ctx.python,
            str(self.ctx.repo / "bench" / "sync_ui.py"),
            mode,
            self.hub.url,
            self.token,
            str(folder),
            str(self.page),
        ]
        run_ = timed_run(cmd, bench_env(), "SYNC_DONE", timeout=900)
        result: dict[str, Any] = json.loads(run_.args["SYNC_DONE"])
        if "error" in result:
            raise RuntimeError(f"the {mode} first pull failed: {result['error']}")
        result["folder"] = folder
        return result

    def first_pull(self, n: int) -> list[Result]:
        self.folder.mkdir(parents=True, exist_ok=True)
        warm = self.first_run("bare", 1)  # uncounted: warms the Hub and its file
        studio: list[dict[str, Any]] = []
        bare: list[dict[str, Any]] = []
        for i in range(n):
            for mode in ("studio", "bare") if i % 2 == 0 else ("bare", "studio"):
                result = self.first_run(mode, i)
                (studio if mode == "studio" else bare).append(result)
                if result["changes"] != warm["changes"]:
                    raise RuntimeError(f"{mode} pulled {result['changes']}, not {warm['changes']}")
        self.keep_synced(studio[-1]["folder"], bare[-1])
        changes, pages = warm["changes"], warm["pages"]
        seconds = [r["seconds"] for r in studio]
        bare_seconds = [r["seconds"] for r in bare]
        gaps = [r["max_gap_ms"] for r in studio]
        bare_gaps = [r["max_gap_ms"] for r in bare]
        peak = [r["peak_rss_mib"] for r in studio]
        lo, hi = POUCHDB["first_pull_s"]
        log = self.ctx.log
        log(f"  feed: {changes:,} changes in {pages} pages; Studio holds {self.workspace.counts()}")
        log(f"  Studio first sync (SyncWorker) s: {_fmt(seconds, 1)}; PouchDB {lo:g}–{hi:g} s")
        log(f"  bare pull+parse+insert s: {_fmt(bare_seconds, 1)}")
        log(f"  UI thread's longest gap meanwhile ms: {_fmt(gaps, 1)}; bare {_fmt(bare_gaps, 1)}")
        log(f"  Studio peak MiB: {_fmt(peak, 0)}; PouchDB {POUCHDB['first_pull_peak_mib']:g} MiB")
        value = median(seconds)
        pull = {
            "runs": n,
            "changes": changes,
            "pages": pages,
            "page": self.page,
            "changes_per_s": round(changes / value),
            "peak_rss_mib": round(max(peak), 1),
            "pouchdb_s": [lo, hi],
            "pouchdb_peak_mib": POUCHDB["first_pull_peak_mib"],
            "samples": [round(v, 2) for v in seconds],
            "baseline_samples": [round(v, 2) for v in bare_seconds],
        }
        stall = {
            "limit_ms": STALL_LIMIT_MS,
            "runs": n,
            "worst_ms": round(max(gaps), 1),
            "bare_worst_ms": round(max(bare_gaps), 1),
            "samples": [round(v, 1) for v in gaps],
            "baseline_samples": [round(v, 1) for v in bare_gaps],
        }
        return [
            Result("sync_first_pull", value, "s", median(bare_seconds), 2.0, pull),
            Result("sync_first_pull_max_stall", median(gaps), "ms", median(bare_gaps), None, stall),
        ]

    def keep_synced(self, studio_folder: Path, bare: dict[str, Any]) -> None:
        """Open the last first pulls' copies for the benchmarks that follow."""
        from studio.store.workspace import Workspace, workspace_path

        self.workspace = Workspace.open(workspace_path(studio_folder, "bench"), "bench")
        self.engine = sync_engine(self.workspace, self.hub.url, self.token)
        self.bare = bare_connect(bare["folder"] / "bare.sqlite3")
        self.bare_cursor = bare["cursor"]

    # -- incremental ---------------------------------------------------------------------------

    def versions(self, table: str, ids: list[str]) -> dict[str, int]:
        """The records' versions as Studio's synced workspace holds them (the Hub's)."""
        with sqlite3.connect(self.workspace.path) as conn:
            marks = ", ".join("?" * len(ids))
            rows = conn.execute(f"SELECT id, version FROM {table} WHERE id IN ({marks})", ids)
            return dict(rows.fetchall())

    def ids(self, table: str) -> list[str]:
        with sqlite3.connect(self.workspace.path) as conn:
            return [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]

    def another_client_changes(self, rep: int, articles: list[str], posts: list[str]) -> None:
        """50 article edits (admin) and 50 moderation decisions (moderator) on the Hub."""
        edits = articles[rep * 50 : rep * 50 + 50]
        decisions = posts[rep * 50 : rep * 50 + 50]
        article_versions = self.versions("articles", edits)
        post_versions = self.versions("posts", decisions)
        stamp = uuid.uuid4().hex[:8]
        article_ops = [
            {
                "op_id": str(uuid.uuid4()),
                "type": "article",
                "id": aid,
                "action": "update",
                "base_version": article_versions[aid],
                "data": {"summary": f"Updated on the Hub ({stamp}, {k})."},
            }
            for k, aid in enumerate(edits)
        ]
        post_ops = [
            {
                "op_id": str(uuid.uuid4()),
                "type": "post",
                "id": pid,
                "action": "decide",
                "base_version": post_versions[pid],
                "data": {"action": "approve" if k % 2 else "remove", "reason": "bench"},
            }
            for k, pid in enumerate(decisions)
        ]
        for account, ops in (("admin", article_ops), ("moderator", post_ops)):
            results = bare_post(
                self.hub.url, self.tokens[account], [json.dumps({"ops": ops}).encode()]
            )
            statuses = {r["status"] for r in results}
            if statuses != {"applied"}:
                raise RuntimeError(f"the other client's changes were not all applied: {results}")

    def incremental(self, n: int) -> Result:
        articles = self.ids("articles")
        posts = self.ids("posts")
        if len(articles) < 50 * n or len(posts) < 50 * n:
            raise RuntimeError("the platform workspace has too few articles or posts")
        assert self.bare is not None
        studio: list[float] = []
        bare: list[float] = []
        for i in range(n):
            self.another_client_changes(i, articles, posts)
            for who in ("studio", "bare") if i % 2 == 0 else ("bare", "studio"):
                if who == "studio":
                    started = time.perf_counter()
                    report = self.engine.sync()
                    studio.append((time.perf_counter() - started) * 1000)
                    if report.pulled != 100:
                        raise RuntimeError(f"Studio pulled {report.pulled} changes, not 100")
                else:
                    started = time.perf_counter()
                    changes, _, cursor = bare_pull(
                        self.hub.url, self.token, self.bare, self.page, self.bare_cursor
                    )
                    bare.append((time.perf_counter() - started) * 1000)
                    if changes != 100:
                        raise RuntimeError(f"the bare client pulled {changes} changes, not 100")
                    self.bare_cursor = cursor
        self.ctx.log(f"  Studio sync of 100 changes ms: {_fmt(studio, 0)}")
        self.ctx.log(f"  bare pull+parse+insert ms: {_fmt(bare, 0)}")
        self.ctx.log(f"  PouchDB (issue 4): {POUCHDB['changes_100_s'] * 1000:g} ms")
        extra = {
            "limit_ms": INCREMENTAL_LIMIT_MS,
            "runs": n,
            "pouchdb_ms": POUCHDB["changes_100_s"] * 1000,
            "samples": [round(v, 1) for v in studio],
            "baseline_samples": [round(v, 1) for v in bare],
        }
        return Result("sync_incremental_100", median(studio), "ms", median(bare), None, extra)

    # -- push ----------------------------------------------------------------------------------

    def offline_changes(self, rep: int, edit: list[str]) -> None:
        """1,000 changes with the workspace's own operations: 500 new articles, 500 edits."""
        ws = self.workspace
        for k in range(500):
            ws.create_article(
                f"Offline note {rep}-{k}",
                "Written on the train.\n\nA second paragraph, with more to say.\n",
                summary="Drafted offline.",
                tags=["offline"],
            )
        for k, aid in enumerate(edit):
            ws.save_article(aid, summary=f"Edited offline ({rep}-{k}).")

    def bare_ops(self, rep: int, edit: list[str]) -> list[bytes]:
        versions = self.versions("articles", edit)
        ops: list[dict[str, Any]] = [
            {
                "op_id": str(uuid.uuid4()),
                "type": "article",
                "id": str(uuid.uuid4()),
                "action": "create",
                "base_version": 0,
                "data": {
                    "title": f"Bare note {rep}-{k}",
                    "summary": "Drafted offline.",
                    "body": "Written on the train.\n\nA second paragraph, with more to say.\n",
                    "tags": ["offline"],
                    "language": "en",
                    "status": "draft",
                },
            }
            for k in range(500)
        ]
        ops += [
            {
                "op_id": str(uuid.uuid4()),
                "type": "article",
                "id": aid,
                "action": "update",
                "base_version": versions[aid],
                "data": {"summary": f"Edited by the bare client ({rep}-{k})."},
            }
            for k, aid in enumerate(edit)
        ]
        return [
            json.dumps({"ops": ops[i : i + self.batch]}).encode()
            for i in range(0, len(ops), self.batch)
        ]

    def push(self, n: int) -> Result:
        from studio.sync.engine import SyncReport

        articles = self.ids("articles")
        if len(articles) < 1000:
            raise RuntimeError(f"only {len(articles)} articles to edit")
        studio: list[float] = []
        bare: list[float] = []
        for i in range(n):
            for who in ("studio", "bare") if i % 2 == 0 else ("bare", "studio"):
                if who == "studio":
                    self.offline_changes(i, articles[:500])
                    report = SyncReport()
                    started = time.perf_counter()
                    self.engine.push(report)
                    studio.append((time.perf_counter() - started) * 1000)
                    if (report.pushed, report.applied) != (1000, 1000):
                        raise RuntimeError(f"Studio's push: {report.summary()}")
                else:
                    batches = self.bare_ops(i, articles[500:1000])
                    started = time.perf_counter()
                    results = bare_post(self.hub.url, self.token, batches)
                    bare.append((time.perf_counter() - started) * 1000)
                    if {r["status"] for r in results} != {"applied"}:
                        raise RuntimeError("the bare client's ops were not all applied")
                self.engine.sync()  # not counted: takes the Hub's new versions back
        self.ctx.log(f"  Studio push of 1,000 offline changes ms: {_fmt(studio, 0)}")
        self.ctx.log(f"  bare POST of 1,000 like ops ms: {_fmt(bare, 0)}")
        self.ctx.log(f"  PouchDB (issue 4): {POUCHDB['push_1000_s'] * 1000:g} ms")
        extra = {
            "limit_ms": PUSH_LIMIT_MS,
            "runs": n,
            "batch": self.batch,
            "pouchdb_ms": POUCHDB["push_1000_s"] * 1000,
            "samples": [round(v, 1) for v in studio],
            "baseline_samples": [round(v, 1) for v in bare],
        }
        return Result("sync_push_1000", median(studio), "ms", median(bare), None, extra)

    def close(self) -> None:
        if self.workspace is not None:
            self.workspace.close()
        if self.bare is not None:
            self.bare.close()


def run(ctx: Context) -> list[Result]:
    from bench.hub import HubServer, sqlite_url

    folder = ctx.out / "sync"
    database = fresh_hub(ctx, folder / "hub")
    try:
        with HubServer(ctx, sqlite_url(database), folder / "hub" / "hub.log") as hub:
            bench = Bench(ctx, hub)
            try:
                results = bench.first_pull(ctx.repeats(3, 1))
                results.append(bench.incremental(ctx.repeats(5, 2)))
                results.append(bench.push(ctx.repeats(3, 1)))
            finally:
                bench.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _fmt(values: list[float], digits: int) -> str:
    return " ".join(f"{v:.{digits}f}" for v in values)
