"""Start-up milestones printed on stdout for bench/ (``STUDIO_BENCH=startup`` or ``pages``).

Loaded only when that variable is set, so a normal start pays nothing for it.
"""

from __future__ import annotations

import json
import resource
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from studio.ui.probe import StallProbe

if TYPE_CHECKING:
    from studio.store.workspace import Workspace

#: The running studio.app.Studio (typed loosely: this module sits below the composition root).
Studio = Any


class BenchHooks:
    """Reports start-up milestones on stdout for bench/ (STUDIO_BENCH=startup or pages)."""

    def __init__(self, studio: Studio, mode: str) -> None:
        self.studio = studio
        self.mode = mode
        self.probe = StallProbe()
        self.stalls: dict[str, float] = {}
        QTimer.singleShot(0, lambda: self._say("STUDIO_READY"))
        studio.when_open.append(self._opened)

    def _opened(self, _workspace: Workspace) -> None:
        self._say("STUDIO_WORKSPACE_READY")
        if self.mode == "pages":
            QTimer.singleShot(300, self._tour)
        else:
            self._finish()

    def _say(self, what: str) -> None:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"{what} {peak_kb}", flush=True)

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
