"""A first sync in a Qt app of its own, for bench/sync.py's ``sync_first_pull`` and
``sync_first_pull_max_stall``.

``python bench/sync_ui.py studio HUB_URL TOKEN FOLDER PAGE`` opens a Qt app (a window shown),
makes a new workspace under FOLDER tied to the Hub, and runs a first sync on the real
``studio.sync.worker.SyncWorker`` (its own QThread) while a 5 ms ``StallProbe`` ticks on the UI
thread. ``… bare …`` runs bench/sync.py's bare pull on a plain Python thread under the same probe
instead, into FOLDER/bare.sqlite3. Either prints ``SYNC_DONE {"max_gap_ms", "seconds",
"peak_rss_mib", "changes", "pages", …}`` (or ``{"error"}``) and exits.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from studio.bench_hooks import peak_rss_kb
from studio.ui.probe import StallProbe


def finish(app: QApplication, probe: StallProbe, started: float, **extra: Any) -> None:
    ended = extra.pop("ended", None) or time.perf_counter()
    result = {
        "max_gap_ms": probe.stop(),
        "seconds": ended - started,
        "peak_rss_mib": peak_rss_kb() / 1024,
        **extra,
    }
    print("SYNC_DONE " + json.dumps(result), flush=True)
    app.quit()


def studio(app: QApplication, probe: StallProbe, url: str, token: str, folder: Path) -> None:
    from studio.store import replica
    from studio.store.workspace import Workspace, workspace_path
    from studio.sync.worker import SyncWorker

    workspace = Workspace.open(workspace_path(folder, "bench"), "bench")
    replica.link(workspace, url, "editor")
    worker = SyncWorker(workspace, lambda _hub, _account: token)
    started = 0.0

    pulled = {"changes": 0, "pages": 0}

    def progress(stage: str, done: int, _total: int) -> None:
        if stage == "pull":
            pulled["changes"] = done
            pulled["pages"] += 1

    def done(summary: str, _conflicts: int, _rejected: int) -> None:
        finish(app, probe, started, summary=summary, **pulled)

    def failed(_kind: str, message: str) -> None:
        finish(app, probe, started, error=message)

    def go() -> None:
        nonlocal started
        probe.start()
        started = time.perf_counter()
        worker.request()

    worker.progress.connect(progress)
    worker.finished.connect(done)
    worker.failed.connect(failed)
    QTimer.singleShot(100, go)
    app.exec()
    worker.stop()
    workspace.close()


def bare(
    app: QApplication, probe: StallProbe, url: str, token: str, folder: Path, page: int
) -> None:
    from bench.sync import bare_database, bare_pull

    conn = bare_database(folder / "bare.sqlite3")
    outcome: dict[str, Any] = {}

    def pull() -> None:
        try:
            changes, pages, cursor = bare_pull(url, token, conn, page)
            outcome.update(changes=changes, pages=pages, cursor=cursor)
        except Exception as exc:  # noqa: BLE001 - said on stdout, for the bench to raise
            outcome["error"] = repr(exc)
        outcome["ended"] = time.perf_counter()

    thread = threading.Thread(target=pull)
    poll = QTimer()
    poll.setInterval(10)
    started = 0.0

    def check() -> None:
        if not thread.is_alive():
            poll.stop()
            finish(app, probe, started, **outcome)

    def go() -> None:
        nonlocal started
        probe.start()
        started = time.perf_counter()
        thread.start()
        poll.start()

    poll.timeout.connect(check)
    QTimer.singleShot(100, go)
    app.exec()
    thread.join()
    conn.close()


def main() -> None:
    mode, url, token, folder, page = sys.argv[1:6]
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("sync")
    window.resize(1280, 820)
    window.show()
    probe = StallProbe()
    if mode == "studio":
        studio(app, probe, url, token, Path(folder))
    else:
        bare(app, probe, url, token, Path(folder), int(page))


if __name__ == "__main__":
    main()
