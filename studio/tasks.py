"""The one background-task helper.

Database writes run one at a time, in order, on a single writer thread; other work (queries over
large sets, rendering, network, files) runs on a small pool. Results and errors come back on the
UI thread through callbacks. Tests swap in :class:`ImmediateTaskRunner`, which runs everything at
once on the calling thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Tasks(Protocol):
    def write(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        what: str = "",
    ) -> None: ...

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        what: str = "",
    ) -> None: ...


class _Relay(QObject):
    """Lives on the UI thread; a call emitted from a worker is queued to it and run there."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run)

    @Slot(object)
    def _run(self, call: Callable[[], None]) -> None:
        call()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], finish: Callable[[bool, Any], None]) -> None:
        super().__init__()
        self.fn = fn
        self.finish = finish

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - every failure is reported, none escapes
            self.finish(False, exc)
        else:
            self.finish(True, result)


class TaskRunner(QObject):
    """Runs callables off the UI thread and calls back on it.

    ``failed(what, exception)`` fires for any failure that has no ``on_error`` of its own, so one
    handler (the error dialog) hears of every error nobody else handled.
    """

    failed = Signal(str, object)

    def __init__(self, parent: QObject | None = None, pool_size: int = 4) -> None:
        super().__init__(parent)
        self._relay = _Relay()
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(pool_size)
        self._closed = False

    def write(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        what: str = "",
    ) -> None:
        """Queue a database write; writes run one at a time in the order they were queued."""
        self._writer.start(_Job(fn, self._finisher(on_done, on_error, what)))

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        what: str = "",
    ) -> None:
        """Run other background work (reads, rendering, network) on the pool."""
        self._pool.start(_Job(fn, self._finisher(on_done, on_error, what)))

    def wait(self, msecs: int = -1) -> bool:
        """Block until queued work is done (shutdown and tests only); False on time-out."""
        return self._writer.waitForDone(msecs) and self._pool.waitForDone(msecs)

    def close(self, msecs: int = 30_000) -> bool:
        """Finish the queued work, then drop results still on their way: whatever they would
        update (a window, a list) is closing."""
        done = self.wait(msecs)
        self._closed = True
        return done

    def _finisher(
        self, on_done: Done | None, on_error: Failed | None, what: str
    ) -> Callable[[bool, Any], None]:
        def finish(ok: bool, value: Any) -> None:
            self._relay.deliver.emit(lambda: self._complete(ok, value, on_done, on_error, what))

        return finish

    def _complete(
        self, ok: bool, value: Any, on_done: Done | None, on_error: Failed | None, what: str
    ) -> None:
        if self._closed:
            return
        if ok:
            if on_done is not None:
                on_done(value)
            return
        log.error("task failed: %s", what or "background task", exc_info=value)
        if on_error is not None:
            on_error(value)
        else:
            self.failed.emit(what, value)


class ImmediateTaskRunner(QObject):
    """Runs every task at once on the calling thread (tests); same interface as TaskRunner."""

    failed = Signal(str, object)

    def write(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        what: str = "",
    ) -> None:
        self.run(fn, on_done, on_error, what)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        what: str = "",
    ) -> None:
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - reported like TaskRunner's failures
            if on_error is not None:
                on_error(exc)
            else:
                self.failed.emit(what, exc)
            return
        if on_done is not None:
            on_done(result)

    def wait(self, msecs: int = -1) -> bool:
        return True


class Lane(QObject):
    """One background thread for one kind of work (a preview's renders), the latest request
    winning: work queued but not started is dropped when a newer request comes, and a result
    that a newer request has superseded is never delivered. Results arrive on the UI thread."""

    _deliver = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._generation = 0
        self._deliver.connect(self._run)
        # Python work still running on the lane while the interpreter shuts down crashes it:
        # the lane finishes (or drops) its work before the application's objects go.
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)
        self.destroyed.connect(self._pool.clear)

    def close(self, msecs: int = 10_000) -> bool:
        """Drop the work not started, wait for the work running; no result is delivered."""
        self._generation += 1
        self._pool.clear()
        return self._pool.waitForDone(msecs)

    def submit(self, fn: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> None:
        self._generation += 1
        generation = self._generation
        self._pool.clear()  # requests nobody has started: superseded by this one

        def finish(ok: bool, value: Any) -> None:
            self._deliver.emit(lambda: self._complete(generation, ok, value, on_done, on_error))

        self._pool.start(_Job(fn, finish))

    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    @Slot(object)
    def _run(self, call: Callable[[], None]) -> None:
        call()

    def _complete(
        self, generation: int, ok: bool, value: Any, on_done: Done, on_error: Failed | None
    ) -> None:
        if generation != self._generation:
            return
        if ok:
            on_done(value)
        elif on_error is not None:
            on_error(value)
        else:
            log.error("background work failed", exc_info=value)
