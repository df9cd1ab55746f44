"""Start-up milestones printed on stdout for bench/ (``STUDIO_BENCH=startup``, ``pages`` or
``preview``).

Loaded only when that variable is set, so a normal start pays nothing for it.
"""

from __future__ import annotations

import json
import resource
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from studio.ui.probe import StallProbe

if TYPE_CHECKING:
    from studio.store.workspace import Workspace

#: The running studio.app.Studio (typed loosely: this module sits below the composition root).
Studio = Any


class BenchHooks:
    """Reports start-up milestones on stdout for bench/ (STUDIO_BENCH=startup, pages or preview).

    ``preview`` (for ``studio FILE.md``, bench/editor.py) prints ``STUDIO_TEXT`` once the file's
    text is painted (in the glance shown while the workspace opens, or in the editor) and
    ``STUDIO_PREVIEW`` once its preview has been painted, then ``STUDIO_DONE``.
    """

    def __init__(self, studio: Studio, mode: str) -> None:
        self.studio = studio
        self.mode = mode
        self.probe = StallProbe()
        self.stalls: dict[str, float] = {}
        self.watches: list[_PaintWatch] = []
        self.hooked = False
        self.said: set[str] = set()
        QTimer.singleShot(0, lambda: self._say("STUDIO_READY"))
        studio.when_open.append(self._opened)
        if mode == "preview":
            # `studio FILE.md` shows the file while the workspace opens (editors/article/early.py)
            studio.when_glance.append(self._watch_editor)

    def _opened(self, _workspace: Workspace) -> None:
        self._say("STUDIO_WORKSPACE_READY")
        if self.mode == "pages":
            QTimer.singleShot(300, self._tour)
        elif self.mode == "preview":
            self.studio.window.page_shown.connect(self._page_shown)
            self._page_shown("articles")  # built already when it is the page shown first
        else:
            self._finish()

    def _page_shown(self, key: str) -> None:
        page = self.studio.window.pages.get(key)
        if key != "articles" or page is None or self.hooked:
            return
        self.hooked = True
        # The editor is added to the page's stack when the first article opens, before it reads
        # the article: watching from there, no paint of it can be missed.
        stack = page.stack
        stack.widgetAdded.connect(lambda index: self._watch_editor(stack.widget(index)))

    def _watch_editor(self, editor: QWidget) -> None:
        text, preview = getattr(editor, "text", None), getattr(editor, "preview", None)
        if text is None or preview is None:
            return
        self.watches.append(
            _PaintWatch(
                text.viewport(),
                lambda: not text.document().isEmpty(),
                lambda: self._say("STUDIO_TEXT"),
            )
        )
        self.watches.append(
            _PaintWatch(
                preview.viewport(), lambda: not preview.document().isEmpty(), self._previewed
            )
        )

    def _previewed(self) -> None:
        self._say("STUDIO_PREVIEW")
        self._finish()

    def _say(self, what: str) -> None:
        if what in self.said:
            return  # the text or preview of the file glance, then of the editor: the first
        self.said.add(what)
        print(f"{what} {peak_rss_kb()}", flush=True)

    def _tour(self) -> None:
        keys = [s.key for s in self.studio.window.specs]
        self.pending = list(keys) + list(keys)  # first visits build pages, second ones switch

        def step() -> None:
            if not self.pending:
                self._finish()
                return
            key = self.pending.pop(0)
            self.probe.start()
            self.studio.window.show_page(key)

            def measure(k: str = key) -> None:
                gap = self.probe.stop()
                self.stalls[k] = max(self.stalls.get(k, 0.0), gap)
                step()

            QTimer.singleShot(400, measure)

        step()

    def _finish(self) -> None:
        if self.stalls:
            print("STUDIO_PAGE_STALLS " + json.dumps(self.stalls), flush=True)
        self._say("STUDIO_DONE")
        QTimer.singleShot(0, self.studio.app.quit)


class _PaintWatch(QObject):
    """Calls ``then`` once, right after the first paint of ``widget`` that finds ``ready()``
    true has finished (on the next turn of the event loop)."""

    def __init__(self, widget: QWidget, ready: Callable[[], bool], then: Callable[[], None]):
        super().__init__(widget)
        self.ready = ready
        self.then = then
        self.done = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint and self.ready():
            self.done = True
            QTimer.singleShot(0, self.then)
        return False


def peak_rss_kb() -> int:
    """This process's peak resident memory (KiB). Linux's ru_maxrss keeps the peak of the
    process that spawned this one (it survives exec), so a bench runner grown to 166 MiB made
    every process it started report 166 MiB; the memory map's own high-water mark does not."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
