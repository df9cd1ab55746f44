"""The Archive page's long jobs, without Qt: verify the copy against the Hub, export a package.

They run on the task pool; ``progress(done, total)`` is called from there (the page relays it
to the UI thread by a signal). Verification and export are those of ``studio archive verify``
and ``studio archive export`` (studio/store/archive.py, studio/domain/archive_export.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.domain.archive_export import Written, write_package
from studio.domain.instants import to_wire, utc_now
from studio.store import archive, archive_queries
from studio.store.archive import Verification
from studio.store.workspace import OperationError, Workspace
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


def _counted(
    entries: list[dict[str, Any]], progress: Progress | None
) -> Iterator[Mapping[str, Any]]:
    for number, entry in enumerate(entries, start=1):
        yield entry
        if progress is not None and (number % 50 == 0 or number == len(entries)):
            progress(number, len(entries))


def export(
    workspace: Workspace,
    out: Path,
    entries: list[dict[str, Any]],
    selection: Mapping[str, Any],
    progress: Progress | None = None,
) -> Written:
    """Write ``entries`` (in chain order) as a package in ``out``, after checking the copy.

    Raises OperationError when the copy fails verification or there is nothing to export, and
    PackageError when the package cannot be written.
    """
    checked = archive.verify(workspace)
    if not checked.intact:
        first = checked.problems[0]
        raise OperationError(
            f"The archive copy fails verification (entry {first.seq}, {first.problem}): "
            "verify it and fetch it again from the Hub. Nothing was exported."
        )
    if not entries:
        raise OperationError("The selection holds no archived entry; nothing was exported.")
    hub, account = workspace.hub_link()
    names = archive.names(workspace, entries)
    posts = archive.post_entries(
        workspace,
        [str(e["payload"].get("parent_id") or "") for e in entries]
        + [str(e["subject_id"]) for e in entries],
    )
    about = {
        "created_at": to_wire(utc_now()),
        "created_by": account or "",
        "hub": hub,
        "workspace": workspace.name,
        "selection": dict(selection),
        "chain": {**archive.chain_status(workspace), "copy_verified": True},
        "lexicon_hits": archive_queries.lexicon_hits(workspace, entries),
    }
    return write_package(out, _counted(entries, progress), about, names, posts)


def thread_entries(workspace: Workspace, thread_id: str) -> list[dict[str, Any]]:
    return archive.select_entries(workspace, thread=thread_id)


def kinds_of(entries: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[str(entry["kind"])] = counts.get(str(entry["kind"]), 0) + 1
    return counts
