"""The moderation queue at ten times the platform's scale: 1,000,000 queued items (issue 6).

A workspace with 1,000,000 posts in the queue (600,000 awaiting approval, 400,000 reported with
about 2.5 reports each by 20,000 members with a history of accuracy, lexicon hits on some) is
made once under bench/out/moderation/ straight in SQLite (executemany in one transaction; the
queue's triggers fill ``queue_items`` as the rows go in, the lexicon scan runs over it once) and
reused. Then Studio's window runs in a process of its own (``python -m bench.moderation child
DATA WORKSPACE DECISIONS``) with a 5 ms ``StallProbe`` on the UI thread, which prints
``MOD_DONE {json}``:

- ``moderation_open_max_stall``: the longest gap while the Moderation page opens on the queue,
  until the first item's post is shown; ≤ 50 ms absolute (the page-open limit of bench/startup).
- ``moderation_decision_p99_stall``: for each of 250 decisions (a, e, or r + a digit + Enter,
  pressed as keys on the list), the longest gap from the key press to 30 ms after it, with the
  next item shown at once; the p99 over them; ≤ 16 ms absolute.
- ``moderation_filter_max_stall``: the longest gap while a filter is applied (kind, priority
  band, report reason, author name, search text, and back to everything), until its first page
  is shown; ≤ 100 ms absolute.
- ``moderation_peak_memory``: the child's peak RSS on the 1,000,000-item workspace against the
  same child on an empty workspace; target 2× the empty one's plus the SQLite page cache of
  every connection the run opened.

The stall baselines are the same probe over 0.5 s of an idle window (the floor of the probe).
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import Context, Result, bench_env, timed_run
from studio.bench_hooks import peak_rss_kb

ITEMS = 1_000_000
DECISIONS = 250
SPACING_MS = 30
OPEN_LIMIT_MS = 50.0
DECISION_LIMIT_MS = 16.0
FILTER_LIMIT_MS = 100.0
#: Bump when the generated workspace changes shape: an older copy is made again.
GENERATION = "3"
WORKSPACE = "queue"
EMPTY = "empty"

_SOME_WORDS = (
    "invoice cash flow payroll export loan supplier client margin apprentices hiring "
    "training tender grant subsidy bank account transfer rate insurance premises lease "
    "delivery stock warehouse quote contract deadline audit tax VAT refund pension"
)
WORDS = tuple(_SOME_WORDS.split(" "))
REASONS = ("spam", "abuse", "off-topic", "misleading", "personal data")
TERMS = (
    ("l1", "guaranteed returns", "high"),
    ("l2", "wire the money", "medium"),
    ("l3", "crypto", "low"),
)


# -- the workspace -----------------------------------------------------------------------------


def ensure_workspace(ctx: Context) -> Path:
    """The 1,000,000-item workspace's data folder, made once (several minutes) and reused."""
    from studio.store.workspace import Workspace, workspace_path

    data = ctx.out / "moderation"
    marker = data / f"ready-{GENERATION}-{ITEMS}"
    path = workspace_path(data, WORKSPACE)
    if marker.exists():
        # Brought up to Studio's schema once here (not in every run's copy); the migration's
        # backup of the old file is not kept (the workspace can be made again).
        Workspace.open(path, WORKSPACE).close()
        shutil.rmtree(path.parent / "backups", ignore_errors=True)
        return data
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    for old in data.glob("ready-*"):
        old.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    Workspace.open(path, WORKSPACE).close()  # the schema, through the migrations
    generate(path, ITEMS)
    ctx.log(f"  generated {ITEMS:,} queued items in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    workspace = Workspace.open(path, WORKSPACE)
    from studio.store.moderation_queue import scan_lexicon

    while scan_lexicon(workspace, batch=20_000).looked:
        pass
    workspace.close()
    ctx.log(f"  lexicon scan of the queue: {time.perf_counter() - started:.0f} s")
    marker.write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))
    return data


def generate(path: Path, items: int, seed: int = 6) -> None:
    """Members, threads, posts (all queued), reports and reporters' history, in one transaction."""
    rng = random.Random(seed)
    members = max(100, items // 50)
    threads = max(50, items // 50)
    now = time.time()
    stamp = lambda t: time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".000000Z"  # noqa: E731
    t0 = stamp(now - 90 * 86400)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-200000")
    fts = db.execute("SELECT sql FROM sqlite_master WHERE name = 'posts_fts_ai'").fetchone()[0]
    db.execute("BEGIN")
    db.execute("DROP TRIGGER posts_fts_ai")  # one rebuild at the end instead of a row at a time
    db.executemany(
        "INSERT INTO members (id, version, local, conflict, deleted, updated_at, display_name, "
        "company, joined_at, language, strikes) VALUES (?, 1, 0, 0, 0, ?, ?, ?, ?, 'en', 0)",
        ((f"m{i:07d}", t0, f"Member {i}", f"Company {i % 997}", t0) for i in range(members)),
    )
    db.executemany(
        "INSERT INTO threads (id, version, local, conflict, deleted, updated_at, title, "
        "author_id, created_at) VALUES (?, 1, 0, 0, 0, ?, ?, ?, ?)",
        (
            (
                f"t{i:07d}",
                t0,
                " ".join(rng.choices(WORDS, k=4)).capitalize(),
                f"m{i % members:07d}",
                t0,
            )
            for i in range(threads)
        ),
    )
    # Reporters' history: most are right more often than not, some rarely.
    db.executemany(
        "INSERT INTO reporter_stats (reporter_id, decided, upheld) VALUES (?, ?, ?)",
        (
            (f"m{i:07d}", d, rng.randint(0, d))
            for i in range(0, members, 3)
            for d in (rng.randint(1, 40),)
        ),
    )
    # Reports first: each post's insert then finds them (its trigger reads them once).
    reports: list[tuple[Any, ...]] = []
    posts: list[tuple[Any, ...]] = []
    n_report = 0
    for i in range(items):
        reported = i % 5 < 2
        count = 1 + int(rng.expovariate(0.7)) if reported else 0
        created = stamp(now - rng.uniform(0, 60 * 86400))
        body = " ".join(rng.choices(WORDS, k=rng.randint(8, 30))).capitalize() + "."
        if i % 50 in (0, 3):  # reported, and awaiting approval
            body += " " + rng.choice(("Guaranteed returns!", "Wire the money today.", "crypto"))
        posts.append(
            (
                f"p{i:07d}",
                f"t{rng.randrange(threads):07d}",
                f"m{rng.randrange(members):07d}",
                body,
                created,
                "visible" if reported else "pending",
                count,
                created,
            )
        )
        for _ in range(count):
            reports.append(
                (
                    f"r{n_report:08d}",
                    f"p{i:07d}",
                    f"m{rng.randrange(members):07d}",
                    rng.choice(REASONS),
                    created,
                )
            )
            n_report += 1
    db.executemany(
        "INSERT INTO reports (id, post_id, reporter_id, reason, note, created_at) "
        "VALUES (?, ?, ?, ?, '', ?)",
        reports,
    )
    db.executemany(
        "INSERT INTO lexicon_terms (id, version, local, conflict, deleted, updated_at, pattern, "
        "severity, is_regex) VALUES (?, 1, 0, 0, 0, ?, ?, ?, 0)",
        [(term_id, t0, pattern, severity) for term_id, pattern, severity in TERMS],
    )
    db.executemany(
        "INSERT INTO posts (id, version, local, conflict, deleted, updated_at, thread_id, "
        "author_id, body, created_at, state, report_count) "
        "VALUES (?, 1, 0, 0, 0, ?8, ?2, ?3, ?4, ?5, ?6, ?7)",
        posts,
    )
    db.execute("INSERT INTO posts_fts(posts_fts) VALUES ('rebuild')")
    db.execute(fts)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


# -- the measured process ----------------------------------------------------------------------


def child(data_dir: str, name: str, decisions: int, warm: bool = False) -> None:
    """Open Studio on ``name``, open the queue, decide, filter; print ``MOD_DONE {json}``.

    ``warm``: the page's modules are imported on a thread of their own before the page opens
    (what a warm-up while the workspace opens would do), to tell the imports from the rest."""
    from PySide6.QtCore import QElapsedTimer, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from studio.app import Studio
    from studio.ui.probe import StallProbe

    qapp = QApplication([])
    studio = Studio(qapp, Path(data_dir), name, show_dialogs=False)
    studio.start()
    window = studio.window

    def wait_until(condition: Any, timeout_ms: int = 60_000) -> None:
        clock = QElapsedTimer()
        clock.start()
        while not condition():
            if clock.elapsed() > timeout_ms:
                raise RuntimeError("timed out")
            QTest.qWait(1)

    def wait(ms: int) -> None:
        QTest.qWait(ms)

    wait_until(lambda: studio.workspace is not None and window.context is not None)
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 5000)
    wait(500)
    probe = StallProbe(5)
    # The probe's floor on this machine now: the same windows as the decisions', no key pressed.
    idle_gaps = []
    for _ in range(decisions or 20):
        probe.start()
        wait(SPACING_MS)
        idle_gaps.append(probe.stop())
    idle = p99(idle_gaps)
    if warm:
        import threading

        loader = threading.Thread(
            target=lambda: __import__("studio.editors.moderation.page"), daemon=True
        )
        loader.start()
        while loader.is_alive():
            wait(10)

    # Opening the queue, until the first post is shown.
    probe.start()
    started = time.perf_counter()
    window.show_page("moderation")
    page = window.pages["moderation"]
    wait_until(lambda: page.model.rowCount() > 0 or not page.model.is_loading())
    if page.model.rowCount():
        wait_until(lambda: page.post.body.toPlainText().strip() != "")
    open_stall = probe.stop()
    open_seconds = time.perf_counter() - started
    wait(300)

    # Decisions by keys on the list: the next item must be there at once.
    page.table.setFocus()
    gaps: list[float] = []
    not_at_once = 0
    cpu: list[float] = []
    for i in range(min(decisions, page.model.rowCount() and decisions)):
        before = page.current()[1]
        cpu_started = time.thread_time()
        probe.start()
        if i % 10 == 7:
            QTest.keyClick(page.table, Qt.Key.Key_R)
            QTest.keyClick(page.post.reasons, Qt.Key(Qt.Key.Key_1 + i % 9))
            QTest.keyClick(page.post.reasons, Qt.Key.Key_Return)
        else:
            QTest.keyClick(page.table, Qt.Key.Key_E if i % 10 == 9 else Qt.Key.Key_A)
        after = page.current()[1]
        if after is None or before is None or after.id == before.id:
            not_at_once += 1
        wait(SPACING_MS)
        gaps.append(probe.stop())
        cpu.append((time.thread_time() - cpu_started) * 1000)
    wait(1000)  # the writer thread catches up with the decisions

    # Filters, each until its first page is shown.
    from studio.store import moderation_queue as mq

    reasons = mq.report_reasons(studio.workspace)
    filters = page.filters

    def combo(box: Any, value: str) -> Any:
        def apply() -> None:
            if box.findData(value) < 0:
                box.addItem(value, value)
            box.setCurrentIndex(box.findData(value))

        return apply

    steps: list[tuple[str, Any]] = [
        ("kind reported", combo(filters.kind, "reported")),
        ("band high", combo(filters.band, "high")),
        ("reason", combo(filters.reason, reasons[0] if reasons else "spam")),
        ("every kind", combo(filters.kind, "")),
        ("any band", combo(filters.band, "")),
        ("any reason", combo(filters.reason, "")),
        ("author", lambda: filters.author.setText("Member 12")),
        ("author cleared", lambda: filters.author.setText("")),
        ("search", lambda: page.search.setText("guaranteed")),
        ("search cleared", lambda: page.search.setText("")),
    ]
    filter_gaps: dict[str, float] = {}
    filter_seconds: dict[str, float] = {}
    for label, apply in steps:
        loads: list[int] = []
        page.model.loaded.connect(loads.append)
        probe.start()
        started = time.perf_counter()
        apply()
        wait_until(lambda loads=loads: bool(loads), 120_000)
        filter_seconds[label] = round(time.perf_counter() - started, 3)
        wait(20)
        filter_gaps[label] = round(probe.stop(), 1)
        page.model.loaded.disconnect(loads.append)
        wait(100)

    engine = studio.workspace.engine
    connections = engine.pool.checkedin() + engine.pool.checkedout()
    with engine.connect() as conn:
        cache = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
    cache_kib = -cache if cache < 0 else cache * 4
    result = {
        "idle_ms": idle,
        "open_ms": open_stall,
        "open_seconds": open_seconds,
        "rows": page.model.rowCount(),
        "decision_gaps": gaps,
        "decision_cpu_ms": cpu,
        "idle_gaps": idle_gaps,
        "not_at_once": not_at_once,
        "filter_ms": filter_gaps,
        "filter_seconds": filter_seconds,
        "peak_rss_mib": peak_rss_kb() / 1024,
        "sqlite_cache_mib": connections * cache_kib / 1024,
        "connections": connections,
    }
    print("MOD_DONE " + json.dumps(result), flush=True)
    window.close()
    studio.shut_down()


def run_child(
    ctx: Context, data: Path, name: str, decisions: int, warm: bool = False
) -> dict[str, Any]:
    (data / "settings.ini").unlink(missing_ok=True)
    cmd = [ctx.python, "-m", "bench.moderation", "child", str(data), name, str(decisions)]
    cmd += ["warm"] if warm else []
    done = timed_run(cmd, bench_env(), "MOD_DONE", timeout=900)
    return dict(json.loads(done.args["MOD_DONE"]))


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def run(ctx: Context) -> list[Result]:
    from studio.store.workspace import workspace_path

    made = ensure_workspace(ctx)
    # Each run decides on a fresh copy (the decisions would otherwise pile up in the cache).
    data = ctx.out / "moderation-run"
    shutil.rmtree(data, ignore_errors=True)
    copy = workspace_path(data, WORKSPACE)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(workspace_path(made, WORKSPACE), copy)
    try:
        empty = run_child(ctx, data, EMPTY, 0)
        full = run_child(ctx, data, WORKSPACE, DECISIONS)
        warm = run_child(ctx, data, WORKSPACE, 0, warm=True)
    finally:
        shutil.rmtree(data, ignore_errors=True)  # the copy is 0.9 GB
    gaps = full["decision_gaps"]
    cpu = full["decision_cpu_ms"]
    idle = full["idle_ms"]
    ctx.log(
        f"  open: {full['open_ms']:.1f} ms stall ({warm['open_ms']:.1f} ms with the page's "
        f"modules imported beforehand), first post after {full['open_seconds']:.2f} s"
    )
    ctx.log(
        f"  probe floor (idle windows of {SPACING_MS} ms): p50 "
        f"{statistics.median(full['idle_gaps']):.1f} ms, p99 {idle:.1f} ms"
    )
    ctx.log(
        f"  UI thread CPU per decision window: p50 {statistics.median(cpu):.1f} ms, "
        f"p99 {p99(cpu):.1f} ms"
    )
    ctx.log(
        f"  {len(gaps)} decisions: p50 {statistics.median(gaps):.1f} ms, p99 {p99(gaps):.1f} ms, "
        f"max {max(gaps):.1f} ms; next item not shown at once: {full['not_at_once']}"
    )
    ctx.log(f"  filters (stall ms): {full['filter_ms']}")
    ctx.log(f"  filters (s to first page): {full['filter_seconds']}")
    ctx.log(
        f"  peak MiB: {full['peak_rss_mib']:.0f} (1M) / {empty['peak_rss_mib']:.0f} (empty); "
        f"SQLite cache {full['sqlite_cache_mib']:.0f} MiB over {full['connections']} connections"
    )
    memory_limit = 2 * empty["peak_rss_mib"] + full["sqlite_cache_mib"]
    return [
        Result(
            "moderation_open_max_stall",
            full["open_ms"],
            "ms",
            idle,
            None,
            {
                "limit_ms": OPEN_LIMIT_MS,
                "seconds_to_first_post": round(full["open_seconds"], 3),
                "warm_ms": round(warm["open_ms"], 1),
            },
        ),
        Result(
            "moderation_decision_p99_stall",
            p99(gaps),
            "ms",
            idle,
            None,
            {
                "limit_ms": DECISION_LIMIT_MS,
                "decisions": len(gaps),
                "p50_ms": round(statistics.median(gaps), 1),
                "max_ms": round(max(gaps), 1),
                "next_not_at_once": full["not_at_once"],
                "ui_cpu_p50_ms": round(statistics.median(cpu), 1),
                "ui_cpu_p99_ms": round(p99(cpu), 1),
            },
        ),
        Result(
            "moderation_filter_max_stall",
            max(full["filter_ms"].values()),
            "ms",
            idle,
            None,
            {
                "limit_ms": FILTER_LIMIT_MS,
                "filters_ms": full["filter_ms"],
                "seconds_to_first_page": full["filter_seconds"],
            },
        ),
        Result(
            "moderation_peak_memory",
            full["peak_rss_mib"],
            "MiB",
            empty["peak_rss_mib"],
            memory_limit / empty["peak_rss_mib"],
            {"sqlite_cache_mib": round(full["sqlite_cache_mib"], 1), "items": ITEMS},
        ),
    ]


if __name__ == "__main__":
    if len(sys.argv) in (5, 6) and sys.argv[1] == "child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:] == ["warm"])
    else:
        print(__doc__)
