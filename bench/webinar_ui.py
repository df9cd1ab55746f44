"""The Webinars calendar switching weeks and months with 4,000 webinars and 800 speakers.

- ``webinar_calendar_switch_max_stall``: a workspace holding bench/webinars.py's calendar
  (4,000 webinars, about 15 % in series, 800 speakers with their links) opens the real
  ``WebinarsPage`` in a Qt app of its own (offscreen, 1280×820). With a 5 ms ``StallProbe``
  ticking on the UI thread, the benchmark presses PageDown through 30 weeks, M, PageDown through
  8 months, W, PageUp through 12 weeks, A, PageUp through 3 months (one key every 80 ms, faster
  than anyone reads a week), and waits for the last range to be on screen. The value is the
  longest the UI thread went without serving its timer, median of N runs (the worst single run
  is kept as ``worst_ms``). The baseline is the same probe and the same key rhythm on a bare
  window that switches between two empty pages and repaints. The requirement is absolute (≤ 50
  ms, ``limit_ms``); the ratio is reported. ``waits_ms`` is how long a range took to appear
  after its key (0 when it was read ahead).

``python bench/webinar_ui.py studio|bare FOLDER`` is the measured process; it prints
``UI_DONE {json}``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import Context, Result, bench_env, median

STALL_LIMIT_MS = 50.0
KEY_MS = 80
WORKSPACE = "webinar-ui"
#: The keys pressed, in order (Qt key names).
SCRIPT = (
    ["PageDown"] * 30 + ["M"] + ["PageDown"] * 8 + ["W"] + ["PageUp"] * 12 + ["A"] + ["PageUp"] * 3
)


def make_workspace(folder: Path) -> Path:
    """The bench workspace under ``folder`` (made once): bench/webinars.py's calendar as rows."""
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from bench.webinars import calendar_data
    from studio.store.models import Speaker, Webinar, WebinarSpeaker
    from studio.store.workspace import Workspace, workspace_path

    path = workspace_path(folder, WORKSPACE)
    done = path.parent / "complete"
    if done.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    webinars, speakers = calendar_data()
    ws = Workspace.open(path, WORKSPACE)
    now = datetime(2026, 5, 1, tzinfo=UTC)
    with ws.writing() as w:
        w.session.execute(
            insert(Speaker), [{"id": s.id, "name": s.name, "zone": s.zone} for s in speakers]
        )
        w.session.execute(
            insert(Webinar),
            [
                {
                    "id": x.id,
                    "version": 1,
                    "title": x.title,
                    "description": "",
                    "starts_at": x.starts_at,
                    "zone": x.zone,
                    "fold": x.fold,
                    "starts_at_utc": x.start,
                    "duration_minutes": x.duration_minutes,
                    "capacity": 100,
                    "registration": "open",
                    "status": x.status,
                    "series_id": x.series_id,
                    "registered": 0,
                    "attended": 0,
                    "updated_at": now,
                }
                for x in webinars
            ],
        )
        w.session.execute(
            insert(WebinarSpeaker),
            [
                {"webinar_id": x.id, "speaker_id": p, "role": role}
                for x in webinars
                for role, people in (("speaker", x.speaker_ids), ("host", x.host_ids))
                for p in people
            ],
        )
    ws.close()
    done.write_text("ok\n", encoding="utf-8")
    return path


# -- the measured process ---------------------------------------------------------------------


def measured(mode: str, folder: Path) -> dict[str, Any]:
    from datetime import date

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

    from studio.ui.probe import StallProbe

    _app = QApplication(sys.argv[:1])  # kept alive for the whole run
    probe = StallProbe(5)
    keys = {
        "PageDown": Qt.Key.Key_PageDown,
        "PageUp": Qt.Key.Key_PageUp,
        "M": Qt.Key.Key_M,
        "W": Qt.Key.Key_W,
        "A": Qt.Key.Key_A,
    }
    waits: list[float] = []

    def pause(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    if mode == "bare":
        window = QStackedWidget()
        window.addWidget(QWidget())
        window.addWidget(QWidget())
        window.resize(1280, 820)
        window.show()
        QTest.qWaitForWindowExposed(window)
        pause(300)
        probe.start()
        for _ in SCRIPT:
            window.setCurrentIndex(1 - window.currentIndex())
            window.update()
            pause(KEY_MS)
        pause(200)
        return {"max_gap_ms": probe.stop()}

    from studio.editors.webinar.page import WebinarsPage
    from studio.store.workspace import Workspace
    from studio.tasks import TaskRunner
    from studio.ui.context import PageContext, WorkspaceSignals
    from studio.ui.errors import ErrorReporter
    from studio.ui.settings import Settings

    ws = Workspace.open(make_workspace(folder), WORKSPACE)
    tasks = TaskRunner()
    signals = WorkspaceSignals(ws)
    settings = Settings(folder / "bench-studio.ini")
    settings.coordinator_zone = "Europe/Paris"
    context = PageContext(ws, tasks, signals, settings, ErrorReporter(show_dialogs=False))
    page = WebinarsPage(context)
    page.resize(1280, 820)
    page.show()
    QTest.qWaitForWindowExposed(page)
    page.go_to(date(2026, 6, 1))
    deadline = time.perf_counter() + 30
    while page.shown_key != page.wanted and time.perf_counter() < deadline:
        pause(20)
    pause(500)  # the neighbours read ahead
    shown = 0
    probe.start()
    started = time.perf_counter()
    for name in SCRIPT:
        target = page.stack.currentWidget() or page
        pressed = time.perf_counter()
        QTest.keyClick(target, keys[name])
        waited = 0.0
        while page.shown_key != page.wanted:
            pause(5)
            waited = (time.perf_counter() - pressed) * 1000
            if waited > 10_000:
                break
        waits.append(round(waited, 1))
        shown += len(page.state.webinars())
        rest = KEY_MS - (time.perf_counter() - pressed) * 1000
        if rest > 0:
            pause(int(rest))
    seconds = time.perf_counter() - started
    result = {
        "max_gap_ms": probe.stop(),
        "seconds": round(seconds, 2),
        "keys": len(SCRIPT),
        "waits_ms": waits,
        "webinars_shown": shown,
        "banner": page.banner.text(),
    }
    tasks.wait(10_000)
    signals.detach()
    ws.close()
    return result


# -- the runner ---------------------------------------------------------------------------------


def one(ctx: Context, mode: str) -> dict[str, Any]:
    folder = ctx.data / "webinar-ui"
    done = subprocess.run(
        [ctx.python, str(ctx.repo / "bench" / "webinar_ui.py"), mode, str(folder)],
        cwd=ctx.repo,
        env=bench_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    for line in done.stdout.splitlines():
        if line.startswith("UI_DONE "):
            data: dict[str, Any] = json.loads(line[len("UI_DONE ") :])
            return data
    raise RuntimeError(f"{mode} run gave no result ({done.returncode}):\n{done.stderr[-3000:]}")


def run(ctx: Context) -> list[Result]:
    folder = ctx.data / "webinar-ui"
    started = time.perf_counter()
    make_workspace(folder)
    ctx.log(f"  workspace ready ({time.perf_counter() - started:.1f} s)")
    runs = ctx.repeats(5, 2)
    studio: list[dict[str, Any]] = []
    bare: list[float] = []
    for _ in range(runs):
        studio.append(one(ctx, "studio"))
        bare.append(one(ctx, "bare")["max_gap_ms"])
        last = studio[-1]
        waits = [w for w in last["waits_ms"] if w]
        ctx.log(
            f"  longest stall {last['max_gap_ms']:.0f} ms (bare {bare[-1]:.0f} ms); "
            f"{len(SCRIPT)} keys, {len(waits)} ranges waited for "
            f"(median {median(waits) if waits else 0:.0f} ms, "
            f"longest {max(waits, default=0):.0f} ms)"
        )
    stalls = [r["max_gap_ms"] for r in studio]
    all_waits = [w for r in studio for w in r["waits_ms"]]
    waited = [w for w in all_waits if w]
    return [
        Result(
            "webinar_calendar_switch_max_stall",
            median(stalls),
            "ms",
            median(bare),
            None,
            {
                "limit_ms": STALL_LIMIT_MS,
                "runs": runs,
                "samples": [round(v, 1) for v in stalls],
                "baseline_samples": [round(v, 1) for v in bare],
                "worst_ms": round(max(stalls), 1),
                "keys": len(SCRIPT),
                "key_interval_ms": KEY_MS,
                "webinars": 4_000,
                "speakers": 800,
                "ranges_waited_for": len(waited),
                "ranges_read_ahead": len(all_waits) - len(waited),
                "median_wait_ms": round(median(waited), 1) if waited else 0.0,
                "longest_wait_ms": round(max(waited, default=0.0), 1),
            },
        )
    ]


if __name__ == "__main__":
    result = measured(sys.argv[1], Path(sys.argv[2]))
    print("UI_DONE " + json.dumps(result), flush=True)
    sys.exit(0)
