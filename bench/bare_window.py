"""The baselines for bench/startup.py: a bare PySide6 window, measured the way Studio is.

``python bench/bare_window.py`` shows an empty QMainWindow, lets the event loop turn once and
prints ``READY <peak_rss_kb>`` then ``DONE <peak_rss_kb>`` and exits: the floor any Qt desktop
app pays (interpreter, Qt libraries, platform plugin, one window).

``python bench/bare_window.py pages [N]`` shows a window whose QStackedWidget holds N empty
QWidgets and visits each twice with the same 5 ms stall probe and the same timing as Studio's
``STUDIO_BENCH=pages`` tour, then prints ``PAGE_STALLS {json}`` and ``DONE``: the gaps the event
loop shows on this machine even when switching to a page costs nothing.
"""

from __future__ import annotations

import json
import resource
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget


def say(what: str) -> None:
    print(f"{what} {peak_rss_kb()}", flush=True)


def peak_rss_kb() -> int:
    """As studio/bench_hooks.py measures it (the memory map's high-water mark: ru_maxrss keeps
    the spawning process's peak across exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def ready(app: QApplication) -> None:
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 820)
    window.show()

    def done() -> None:
        say("READY")
        say("DONE")
        app.quit()

    QTimer.singleShot(0, done)
    app.exec()


def pages(app: QApplication, count: int) -> None:
    from studio.ui.probe import StallProbe  # the probe Studio's bench hooks use: Qt only

    window = QMainWindow()
    window.resize(1280, 820)
    stack = QStackedWidget()
    stack.addWidget(QWidget())  # what shows before the first visit
    window.setCentralWidget(stack)
    window.show()
    probe = StallProbe()
    keys = [f"page{i}" for i in range(count)]
    built: dict[str, QWidget] = {}
    pending = keys + keys  # first visits add the pages, second ones switch, as Studio's tour does
    stalls: dict[str, float] = {}

    def show_page(key: str) -> None:
        page = built.get(key)
        if page is None:
            page = built[key] = QWidget()
            stack.addWidget(page)
        stack.setCurrentWidget(page)

    def step() -> None:
        if not pending:
            print("PAGE_STALLS " + json.dumps(stalls), flush=True)
            say("DONE")
            app.quit()
            return
        key = pending.pop(0)
        probe.start()
        show_page(key)

        def measure(k: str = key) -> None:
            stalls[k] = max(stalls.get(k, 0.0), probe.stop())
            step()

        QTimer.singleShot(400, measure)

    QTimer.singleShot(0, lambda: say("READY"))
    QTimer.singleShot(300, step)
    app.exec()


def main(argv: list[str]) -> int:
    app = QApplication(sys.argv[:1])
    if argv and argv[0] == "pages":
        pages(app, int(argv[1]) if len(argv) > 1 else 6)
    else:
        ready(app)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
