"""One round of sync: push the outbox, pull the change feed, merge; resumable at every step.

The engine holds no state of its own: the outbox says what is left to send (an op marked sent
but unanswered goes again with its op_id), the stored cursor says where the pull resumes, and
each page is applied with its cursor in one transaction. Qt-free: the worker thread, the CLI and
the tests all drive it the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from studio.domain.roles import may_read
from studio.store import archive, replica
from studio.store.workspace import Workspace
from studio.sync.client import HubClient, HubError

log = logging.getLogger(__name__)

#: progress(stage, done, total): stage is "push" or "pull"; total is 0 when unknown.
Progress = Callable[[str, int, int], None]


class Cancelled(Exception):
    """The user stopped the sync; what was done so far is kept."""


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    pages: int = 0
    archived: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Sent {self.pushed} change(s): {self.applied} applied, {self.conflicts} in "
            f"conflict, {self.rejected} refused. Received {self.pulled} change(s) in "
            f"{self.pages} page(s)."
        ) + (f" Added {self.archived} archive entries." if self.archived else "")


class SyncEngine:
    def __init__(
        self, workspace: Workspace, client: HubClient, batch: int = 500, page: int = 1000
    ) -> None:
        self.workspace = workspace
        self.client = client
        self.batch = batch
        self.page = page

    def sync(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False
    ) -> SyncReport:
        """Push, pull, then push what merging queued. Raises HubError or Cancelled."""
        report = SyncReport()
        self.push(report, progress, cancelled)
        # The role as the Hub has it now (promotions count): it decides what Studio offers.
        # Asked after the push, so an offline round has marked its batch sent like any other.
        role = self.client.me().role
        replica.set_role(self.workspace, role)
        self.pull(report, progress, cancelled)
        self.push(report, progress, cancelled)
        self.pull_archive(report, progress, cancelled, role)
        return report

    def push(
        self,
        report: SyncReport,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        self.upload_attachments(cancelled)
        for _ in range(10_000):  # a bound, never reached: each batch leaves the queue
            if cancelled():
                raise Cancelled
            ops = replica.next_batch(self.workspace, self.batch)
            if not ops:
                return
            answer = self.client.push(ops)
            figures = replica.apply_results(
                self.workspace, [r.model_dump() for r in answer.results]
            )
            report.pushed += len(ops)
            report.applied += figures["applied"]
            report.conflicts += figures["conflict"]
            report.rejected += figures["rejected"]
            if progress:
                progress("push", report.pushed, 0)

    def pull(
        self,
        report: SyncReport,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        cursor = replica.state(self.workspace)["cursor"]
        total = 0 if cursor else self._estimate()
        # The next page is fetched (and validated) on a thread of its own while this one is
        # written, so the Hub and the disk work at the same time; pages are still applied in
        # order, each with its cursor. Leaving waits for a fetch in flight: the client is never
        # used by two threads at once.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-fetch") as fetcher:
            ahead = fetcher.submit(self.client.changes, cursor, self.page)
            while True:
                if cancelled():
                    raise Cancelled
                page = ahead.result()
                if page.more:
                    ahead = fetcher.submit(self.client.changes, page.cursor, self.page)
                changes: list[Mapping[str, Any]] = [
                    {
                        "seq": c.seq,
                        "type": c.type,
                        "id": c.id,
                        "version": c.version,
                        "deleted": c.deleted,
                        "data": c.data,
                    }
                    for c in page.changes
                ]
                report.pulled += replica.apply_page(self.workspace, changes, page.cursor)
                report.pages += 1
                if progress:
                    progress("pull", report.pulled, max(total, report.pulled))
                if not page.more:
                    return

    def pull_archive(
        self,
        report: SyncReport,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        role: str | None = None,
    ) -> None:
        """The compliance archive's new entries, page by page, each page with its position in
        one transaction; only for roles that may read it (the others skip it quietly)."""
        if not may_read(role if role is not None else self.client.me().role, "archive"):
            return
        head = self.client.archive_head()
        archive.note_hub_head(self.workspace, head.seq, head.hash)
        since = start = archive.position(self.workspace).seq
        while since < head.seq:
            if cancelled():
                raise Cancelled
            page = self.client.archive(since, min(self.page, 1000))
            if not page.entries:
                return
            report.archived += archive.apply_page(
                self.workspace, [e.model_dump() for e in page.entries]
            )
            since = max(since, page.entries[-1].seq)
            if progress:
                progress("archive", report.archived, head.seq - start)
            if not page.more:
                return

    def upload_attachments(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Images the outbox's changes refer to go first, so no article points at a file the
        Hub lacks. Each upload is idempotent (the Hub keys files by their SHA-256)."""
        for _ in range(10_000):  # a bound, never reached: each round leaves the list shorter
            waiting = self.workspace.attachments_to_upload()
            if not waiting:
                return
            for digest in waiting:
                if cancelled():
                    raise Cancelled
                found = self.workspace.attachment(digest)
                if found is not None:
                    self.client.put_attachment(digest, found[0], found[1])
                self.workspace.mark_uploaded(digest)

    def _estimate(self) -> int:
        """About how many records a first pull brings (for a progress bar); 0 if unknown."""
        try:
            stats = self.client.stats()
        except HubError as exc:
            log.info("no estimate of the first pull: %s", exc)
            return 0
        return stats.members + stats.articles + stats.webinars + stats.posts + stats.polls
