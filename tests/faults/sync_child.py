"""One sync round in a process of its own that dies by SIGKILL at a chosen moment.

    python -m tests.faults.sync_child WORKSPACE URL --kill-after push|pull|never
        [--retries N] [--batch N] [--page N] [--clock-offset SECONDS]

The bearer token comes in $STUDIO_TEST_TOKEN. With ``--kill-after push`` the process kills
itself as soon as ``client.push`` has returned the Hub's answer to a batch, before
``replica.apply_results`` records it: the Hub has acknowledged, the outbox still says "sent".
With ``--kill-after pull`` it dies once a page of the feed has arrived, before it is applied.
Exit status: -9 (killed), 0 (the round ended without reaching the moment), 3 (the round failed
with a HubError, message on stderr).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from studio.contract import wire
from studio.store.workspace import Workspace
from studio.sync.client import HubClient, HubError, make_session
from studio.sync.engine import SyncEngine
from tests.faults.clock import clock, install_clock


class DyingClient(HubClient):
    """The real client, which dies right after hearing the Hub at the chosen moment."""

    kill_after = "never"

    def push(self, ops: list[dict[str, Any]]) -> wire.OpsResponse:
        answer = super().push(ops)
        if self.kill_after == "push":
            os.kill(os.getpid(), signal.SIGKILL)
        return answer

    def changes(self, since: str, limit: int = 1000) -> wire.ChangesPage:
        page = super().changes(since, limit)
        if self.kill_after == "pull":
            os.kill(os.getpid(), signal.SIGKILL)
        return page


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("url")
    parser.add_argument("--kill-after", choices=("push", "pull", "never"), default="never")
    parser.add_argument("--retries", type=int, default=4)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--page", type=int, default=1000)
    parser.add_argument("--clock-offset", type=float, default=0.0)
    args = parser.parse_args()
    install_clock()
    token = os.environ["STUDIO_TEST_TOKEN"]
    client = DyingClient(args.url, lambda: token, make_session(retries=args.retries))
    client.kill_after = args.kill_after
    workspace = Workspace.open(args.workspace)
    try:
        with clock(timedelta(seconds=args.clock_offset)):
            SyncEngine(workspace, client, batch=args.batch, page=args.page).sync()
    except HubError as exc:
        print(f"sync failed: {exc}", file=sys.stderr)
        return 3
    finally:
        workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
