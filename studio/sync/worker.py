"""The sync worker: runs SyncEngine rounds on a thread of its own, one at a time, and reports to the
UI by signals carrying figures and sentences, never ORM objects.

A round starts on request (F5, the timer, the window opening); a request during a round is
remembered and run after it. Cancelling stops at the next page or batch; what was done is kept.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from studio.collector import freeze_long_lived_objects
from studio.store import replica
from studio.store.workspace import Workspace
from studio.sync import first_pull
from studio.sync.client import (
    AuthenticationNeeded,
    HubClient,
    HubError,
    Unreachable,
    make_session,
)
from studio.sync.engine import Cancelled, Progress, SyncEngine
from studio.sync.first_pull import Pulled

log = logging.getLogger(__name__)


class _Runner(QObject):
    """Lives on the worker thread; ``run`` is queued to it by a signal."""

    progress = Signal(str, int, int)  # stage, done, total (0: unknown)
    done = Signal(str, int, int)  # summary, conflicts, rejected
    failed = Signal(str, str)  # kind (offline, sign_in, error), message

    def __init__(
        self,
        make_engine: Callable[[], SyncEngine],
        record_error: Callable[[str], None],
        first_pull: Callable[[Progress, Callable[[], bool]], Pulled | None] = lambda *_: None,
    ) -> None:
        super().__init__()
        self.make_engine = make_engine
        self.record_error = record_error
        self.first_pull = first_pull
        self.cancel = threading.Event()

    @Slot()
    def run(self) -> None:
        self.cancel.clear()
        try:
            engine = self.make_engine()

            def progress(stage: str, n: int, total: int) -> None:
                self.progress.emit(stage, n, total)

            pulled = self.first_pull(progress, self.cancel.is_set)
            before = pulled.changes if pulled is not None else 0

            def then(stage: str, n: int, total: int) -> None:
                # The round after a first pull goes on counting from it: the bar never drops.
                if stage == "pull" and before:
                    n += before
                    total = max(total, n)
                progress(stage, n, total)

            report = engine.sync(then, self.cancel.is_set)
            if pulled is not None:
                report.pulled += pulled.changes
                report.pages += pulled.pages
        except Cancelled:
            self.failed.emit("cancelled", "Sync stopped; what was done so far is kept.")
        except AuthenticationNeeded as exc:
            self._fail("sign_in", str(exc))
        except Unreachable as exc:
            self._fail("offline", str(exc))
        except HubError as exc:
            self._fail("error", str(exc))
        except Exception as exc:  # reported to the user, logged with its trace
            log.exception("sync failed")
            self._fail("error", f"Sync failed: {exc}")
        else:
            self.done.emit(report.summary(), report.conflicts, report.rejected)

    def _fail(self, kind: str, message: str) -> None:
        try:
            self.record_error(message)
        except Exception:  # the failure itself is what the user must hear of
            log.exception("could not record the sync error")
        self.failed.emit(kind, message)


class SyncWorker(QObject):
    """One per workspace. ``started``, ``progress``, ``finished`` and ``failed`` are delivered on
    the thread that made the worker (the UI thread)."""

    #: Changes asked of the Hub per page of the feed (the API's most).
    page_size = 1000

    started = Signal()
    progress = Signal(str, int, int)
    finished = Signal(str, int, int)
    failed = Signal(str, str)
    _kick = Signal()

    def __init__(
        self,
        workspace: Workspace,
        token: Callable[[str, str], str | None],
        parent: QObject | None = None,
        ca_bundle: str | None = None,
    ) -> None:
        super().__init__(parent)
        freeze_long_lived_objects()
        self.workspace = workspace
        self.ca_bundle = ca_bundle  # checks the Hub's certificate (None: the usual CAs)
        self.running = False
        self._again = False
        self._thread = QThread()
        self._thread.setObjectName(f"sync-{workspace.name}")
        self._runner = _Runner(
            lambda: self._engine(token),
            lambda message: replica.record_error(workspace, message),
            lambda progress, cancelled: self._first_pull(token, progress, cancelled),
        )
        self._runner.moveToThread(self._thread)
        self._kick.connect(self._runner.run)
        self._runner.progress.connect(self.progress)
        self._runner.done.connect(self._done)
        self._runner.failed.connect(self._failed)
        self._thread.start()

    def _engine(self, token: Callable[[str, str], str | None]) -> SyncEngine:
        where = replica.state(self.workspace)
        if not where["hub"]:
            raise AuthenticationNeeded("This workspace is not linked to a Hub; sign in first.")
        if not token(where["hub"], where["account"]):
            # Before the outbox is touched: nothing is marked as sent that never left.
            raise AuthenticationNeeded("Sign in to the Hub to sync.")
        client = HubClient(
            where["hub"],
            lambda: token(where["hub"], where["account"]),
            make_session(self.ca_bundle),
        )
        return SyncEngine(self.workspace, client, page=self.page_size)

    def _first_pull(
        self,
        token: Callable[[str, str], str | None],
        progress: Progress,
        cancelled: Callable[[], bool],
    ) -> Pulled | None:
        """A workspace's first pull runs in a child process (first_pull.py says why); later
        rounds, a page or two, run here."""
        where = replica.state(self.workspace)
        secret = token(where["hub"], where["account"]) if where["hub"] else None
        if where["cursor"] or not secret:
            return None
        return first_pull.pull_in_child(
            self.workspace,
            where["hub"],
            secret,
            self.ca_bundle,
            progress,
            cancelled,
            self.page_size,
        )

    def request(self) -> None:
        """Sync now, or right after the round in progress."""
        if self.running:
            self._again = True
            return
        self.running = True
        self.started.emit()
        self._kick.emit()

    def cancel(self) -> None:
        self._runner.cancel.set()
        self._again = False

    def _done(self, summary: str, conflicts: int, rejected: int) -> None:
        self.running = False
        self.finished.emit(summary, conflicts, rejected)
        self._next()

    def _failed(self, kind: str, message: str) -> None:
        self.running = False
        self.failed.emit(kind, message)
        self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            self.request()

    def stop(self) -> None:
        """Cancel and wait for the thread (window closing)."""
        self.cancel()
        self._thread.quit()
        self._thread.wait(30_000)
