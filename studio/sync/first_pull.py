"""A workspace's first pull, in a process of its own.

The first pull of a platform's workspace brings every record (some 125,000, in 125 pages), and
each page is validated and written with Python code that holds the interpreter lock for
milliseconds at a time. On a thread of the app's process that lock is shared with the UI
thread, which then waits for it between the pages' pieces: under load the window stalled for
80-140 ms at a time. A child process has its own lock, so the UI thread only reads its progress
lines.

The child (``studio --first-pull-child WORKSPACE_FILE HUB_URL [CA_BUNDLE]``) reads the token from
its standard input (never the command line or the environment, which other users' tools can
read), pulls the feed with the same SyncEngine.pull as any round, page by page with the cursor
committed with each page, and writes one JSON line per page on its standard output::

    {"progress": [done, total], "changed": {"post": [ids…], …}}
    {"done": [pulled, pages]}                      at the end, or
    {"failed": ["offline" | "sign_in" | "error", message]}

Its standard input closing asks it to stop after the page being written (the parent cancels by
closing it); what it committed is kept, and the next round goes on from its cursor. Anything else
the child prints (a warning, a traceback) is logged by the parent.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from studio.store import database
from studio.store.workspace import Changes, Workspace
from studio.sync.client import (
    AuthenticationNeeded,
    HubClient,
    HubError,
    Unreachable,
    make_session,
)
from studio.sync.engine import Cancelled, Progress, SyncEngine, SyncReport

log = logging.getLogger(__name__)

CHILD_FLAG = "--first-pull-child"
#: How much the child yields the CPU to the app's own process (Unix nice). 0: on a quiet
#: machine with the Hub on the same cores (the bench), nice 5 made the pull 2.10x the bare
#: loop's time instead of 1.80x, and the window's longest stall was 12 ms either way; under
#: heavy load nice 5 had kept the window's stalls shorter. Left here to weigh again.
NICENESS = 0
#: How long a cancelled child may take to finish its page before it is killed (its page's
#: transaction is then rolled back; nothing committed is lost either way).
STOP_GRACE_S = 10.0


class ChildFailed(HubError):
    """The child stopped without saying why (it crashed); the details are in the log."""

    for_the_user = True


@dataclass
class Pulled:
    changes: int = 0
    pages: int = 0
    changed: dict[str, set[str]] = field(default_factory=dict)


def command(workspace: Workspace, hub_url: str, ca_bundle: str | None) -> list[str]:
    """The child's command line: this program again (frozen builds have no ``-m``)."""
    program = (
        [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "studio"]
    )
    return [*program, CHILD_FLAG, str(workspace.path), hub_url, *([ca_bundle] if ca_bundle else [])]


def pull_in_child(
    workspace: Workspace,
    hub_url: str,
    token: str,
    ca_bundle: str | None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    page: int = 1000,
) -> Pulled:
    """Run the first pull in a child process; its pages are announced as they commit.

    Raises Cancelled, Unreachable, AuthenticationNeeded or HubError as SyncEngine.pull would.
    """
    child = subprocess.Popen(
        [*command(workspace, hub_url, ca_bundle), str(page)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    assert child.stdin is not None and child.stdout is not None
    stop = threading.Event()
    watcher = threading.Thread(
        target=_stop_when_cancelled, args=(child, cancelled, stop), daemon=True
    )
    try:
        child.stdin.write(token + "\n")
        child.stdin.flush()
        watcher.start()
        pulled, failure = _read(child.stdout, workspace, progress)
    finally:
        stop.set()
        _close(child.stdin)
        try:
            child.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    if failure is not None:
        kind, message = failure
        raise {"offline": Unreachable, "sign_in": AuthenticationNeeded}.get(kind, HubError)(message)
    if cancelled():
        raise Cancelled
    if child.returncode != 0 or pulled is None:
        raise ChildFailed(
            f"The first sync stopped unexpectedly (exit code {child.returncode}); what it "
            "received so far is kept. Details are in the log."
        )
    return pulled


def _stop_when_cancelled(
    child: subprocess.Popen[str], cancelled: Callable[[], bool], stop: threading.Event
) -> None:
    while not stop.wait(0.1):
        if cancelled():
            _close(child.stdin)
            return


def _close(stream: IO[str] | None) -> None:
    try:
        if stream is not None and not stream.closed:
            stream.close()
    except OSError:  # the child is gone already
        pass


def _read(
    lines: IO[str], workspace: Workspace, progress: Progress | None
) -> tuple[Pulled | None, tuple[str, str] | None]:
    pulled = Pulled()
    for line in lines:
        message = _message(line)
        if message is None:
            if line.strip():
                log.warning("first sync: %s", line.rstrip()[:2000])
            continue
        if "progress" in message:
            done, total = message["progress"]
            changed = {t: frozenset(ids) for t, ids in message.get("changed", {}).items()}
            pulled.pages += 1
            pulled.changes = done
            workspace.announce(Changes(changed))
            if progress:
                progress("pull", int(done), int(total))
        elif "done" in message:
            pulled.changes, pulled.pages = message["done"]
            return pulled, None
        elif "failed" in message:
            kind, text = message["failed"]
            return None, (str(kind), str(text))
    return None, None


def _message(line: str) -> dict[str, Any] | None:
    if not line.startswith("{"):
        return None
    try:
        message = json.loads(line)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


# -- the child ---------------------------------------------------------------------------------


def child_main(argv: list[str]) -> int:
    """``studio --first-pull-child WORKSPACE_FILE HUB_URL [CA_BUNDLE] PAGE``; token on stdin."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if NICENESS and hasattr(os, "nice"):
        os.nice(NICENESS)  # a bulk job in the background: the window gets the cores first
    logging.getLogger("urllib3").setLevel(logging.ERROR)  # retries are the client's business
    path, hub_url, *rest = argv
    page = int(rest.pop())
    ca_bundle = rest[0] if rest else None
    token = sys.stdin.readline().strip()
    stopping = threading.Event()
    threading.Thread(target=_wait_for_eof, args=(stopping,), daemon=True).start()

    def say(message: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
        sys.stdout.flush()

    workspace = Workspace.open(Path(path))
    database.bulk_load(workspace.engine)
    changed: dict[str, list[str]] = {}

    def heard(changes: Changes) -> None:
        for record_type, ids in changes.records.items():
            changed.setdefault(record_type, []).extend(ids)

    workspace.subscribe(heard)
    engine = SyncEngine(
        workspace, HubClient(hub_url, lambda: token, make_session(ca_bundle)), page=page
    )
    report = SyncReport()

    def page_done(_stage: str, done: int, total: int) -> None:
        say({"progress": [done, total], "changed": changed})
        changed.clear()

    try:
        engine.pull(report, page_done, stopping.is_set)
    except Cancelled:
        return 0
    except Unreachable as exc:
        say({"failed": ["offline", str(exc)]})
    except AuthenticationNeeded as exc:
        say({"failed": ["sign_in", str(exc)]})
    except HubError as exc:
        say({"failed": ["error", str(exc)]})
    else:
        say({"done": [report.pulled, report.pages]})
    finally:
        workspace.close()
    return 0


def _wait_for_eof(stopping: threading.Event) -> None:
    sys.stdin.read()
    stopping.set()
