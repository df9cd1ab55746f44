"""Verify the workspace's copy of the archive against the Hub it came from.

Shared by ``studio archive verify`` and the Archive page: every entry's hash and link
(``studio.store.archive.verify``), then the copy's end against the Hub's head, or against the
Hub's entry at the copy's end when the Hub is further on. When the Hub cannot be asked (a local
workspace, no sign-in token, the Hub unreachable) the copy is checked on its own and
``Checked.hub_skipped`` says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from studio.store import archive
from studio.store.archive import Verification
from studio.store.workspace import Workspace
from studio.sync.client import HubClient, HubError, make_session

log = logging.getLogger(__name__)

#: token(hub_url, account) -> the sign-in token, None when there is none.
TokenOf = Callable[[str, str], str | None]
#: ca_bundle(hub_url) -> the CA bundle trusted for that Hub ("" or None for the usual CAs).
CaBundleOf = Callable[[str], str | None]


@dataclass
class Checked:
    result: Verification
    hub: str = ""
    account: str = ""
    #: "" when the Hub was asked; else local, no_token or unreachable (``detail`` says why).
    hub_skipped: str = ""
    detail: str = ""


def verify(
    workspace: Workspace,
    token_of: TokenOf,
    ca_bundle_of: CaBundleOf,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Check the copy and, when the workspace's Hub answers, compare it with the Hub's head.
    ``progress(entries read, entries in the copy)`` is called as the check goes."""
    total = int(archive.chain_status(workspace)["entries"])
    hub, account = workspace.hub_link()
    checked = Checked(Verification(0, 0, ""), hub, account)
    client: HubClient | None = None
    if not hub:
        checked.hub_skipped = "local"
    else:
        token = token_of(hub, account)
        if not token:
            checked.hub_skipped = "no_token"
        else:
            client = HubClient(hub, lambda: token, make_session(ca_bundle_of(hub) or None))
    head: tuple[int, str] | None = None
    try:
        if client is not None:
            try:
                answer = client.archive_head()
                head = (answer.seq, answer.hash)
            except HubError as exc:
                checked.hub_skipped, checked.detail = "unreachable", str(exc)

        def hub_hash_at(seq: int) -> str | None:
            assert client is not None
            try:
                page = client.archive(seq - 1, 1)
            except HubError as exc:
                log.warning("the Hub's entry %s could not be read: %s", seq, exc)
                return None
            return page.entries[0].hash if page.entries and page.entries[0].seq == seq else None

        checked.result = archive.verify(
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
    return checked
