"""The Archive page's long jobs, without Qt: verify the copy against the Hub, export a package.

They run on the task pool; ``progress(done, total)`` is called from there (the page relays it
to the UI thread by a signal). Verification and export are those of ``studio archive verify``
and ``studio archive export`` (studio/store/archive.py, studio/domain/archive_export.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.domain.archive_export import Written
from studio.store import archive
from studio.store.archive import Verification
from studio.store.workspace import Workspace
from studio.sync.client import HubClient, HubError, make_session

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
#: token(hub_url, account) -> the sign-in token, None when there is none.
TokenOf = Callable[[str, str], str | None]


@dataclass
class Checked:
    """A verification, and why the Hub was not part of it ("" when it was)."""

    result: Verification
    #: "" when the Hub was asked; else one of: local, no_token, unreachable (and ``detail``).
    hub_skipped: str = ""
    detail: str = ""


def entries_in_copy(workspace: Workspace) -> int:
    return int(archive.chain_status(workspace)["entries"])


def verify(
    workspace: Workspace,
    token_of: TokenOf,
    ca_bundle_of: Callable[[str], str | None],
    progress: Progress | None = None,
) -> Checked:
    """Check the copy entry by entry and, when the workspace's Hub answers, against its head."""
    total = entries_in_copy(workspace)
    hub, account = workspace.hub_link()
    client: HubClient | None = None
    skipped, detail = "", ""
    if not hub:
        skipped = "local"
    else:
        token = token_of(hub, account)
        if not token:
            skipped = "no_token"
        else:
            client = HubClient(hub, lambda: token, make_session(ca_bundle_of(hub) or None))
    head: tuple[int, str] | None = None
    try:
        if client is not None:
            try:
                answer = client.archive_head()
                head = (answer.seq, answer.hash)
            except HubError as exc:
                skipped, detail = "unreachable", str(exc)

        def hub_hash_at(seq: int) -> str | None:
            assert client is not None
            try:
                page = client.archive(seq - 1, 1)
            except HubError as exc:
                log.warning("the Hub's entry %s could not be read: %s", seq, exc)
                return None
            return page.entries[0].hash if page.entries and page.entries[0].seq == seq else None

        result = archive.verify(
            workspace,
            head,
            hub_hash_at if head is not None else None,
            progress=(lambda done: progress(done, total)) if progress else None,
        )
    finally:
        if client is not None:
            client.close()
    if head is not None:
        archive.note_hub_head(workspace, *head)
    return Checked(result, skipped, detail)


def export(
    workspace: Workspace,
    out: Path,
    entries: list[dict[str, Any]],
    selection: Mapping[str, Any],
    progress: Progress | None = None,
) -> Written:
    """``studio archive export`` for the page (studio/store/archive.export_package)."""
    return archive.export_package(workspace, out, entries, selection, progress)


def thread_entries(workspace: Workspace, thread_id: str) -> list[dict[str, Any]]:
    return archive.select_entries(workspace, thread=thread_id)


def kinds_of(entries: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[str(entry["kind"])] = counts.get(str(entry["kind"]), 0) + 1
    return counts
