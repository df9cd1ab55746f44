"""Claiming the post the moderator is looking at, so colleagues don't take it at the same time.

A post the moderator stays on for a moment (not every one a run of j/k passes over) is claimed
for a few minutes: an op queued for the Hub, and a sync asked for at once so colleagues hear of
it at their next sync. A colleague's claim still running is shown instead and nothing is sent;
the Hub has the last word either way (hub/claims.py). A workspace with no Hub claims nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from studio.contract.limits import CLAIM_MINUTES
from studio.store.moderation_context import Claimed, claim_post
from studio.ui.context import PageContext

#: How long a post must stay shown before it is claimed.
DWELL_MS = 1200
#: While the same post stays shown, its claim is renewed when it has less than a minute left.
RENEW_MS = (CLAIM_MINUTES * 60 - 45) * 1000


class ClaimKeeper(QObject):
    """Claims the post shown after ``DWELL_MS``; ``claimed(post_id, Claimed)`` is called after."""

    def __init__(
        self,
        context: PageContext,
        ask_sync: Callable[[], None],
        claimed: Callable[[str, Claimed], None] | None = None,
        parent: QObject | None = None,
        dwell_ms: int = DWELL_MS,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.ask_sync = ask_sync
        self.claimed = claimed
        self.post_id: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(dwell_ms)
        self._timer.timeout.connect(self._claim)
        self._renew = QTimer(self)
        self._renew.setSingleShot(True)
        self._renew.setInterval(RENEW_MS)
        self._renew.timeout.connect(self._claim)

    def opened(self, post_id: str | None) -> None:
        """The moderator now looks at ``post_id`` (None: at nothing)."""
        if post_id != self.post_id:
            self.post_id = post_id
            self._timer.stop()
            self._renew.stop()
            if post_id is not None:
                self._timer.start()

    def _claim(self) -> None:
        post_id = self.post_id
        if post_id is None:
            return
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: claim_post(workspace, post_id),
            lambda result: self._done(post_id, result),
            lambda _exc: None,  # a post gone meanwhile: nothing to claim, nothing to say
            what="claiming a post",
        )

    def _done(self, post_id: str, result: Claimed) -> None:
        if result.queued:
            self.ask_sync()
        if post_id == self.post_id:
            self._renew.start()  # still on it: keep it while the moderator reads
        if self.claimed is not None:
            self.claimed(post_id, result)


def window_sync(widget: object) -> Callable[[], None]:
    """A function asking the main window holding ``widget`` for a sync round (if it can)."""

    def ask() -> None:
        window = widget.window() if hasattr(widget, "window") else None
        signal = getattr(window, "sync_requested", None)
        if signal is not None:
            signal.emit()

    return ask
