"""Signing in: the one path the window and `studio login` share.

The token goes to the OS keyring; the account gets a workspace of its own, tied to that Hub.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from studio.domain.slugs import slugify
from studio.store import replica
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient, make_session
from studio.sync.credentials import Credentials


@dataclass(frozen=True)
class SignedIn:
    hub_url: str
    account: str
    role: str
    workspace: str


def workspace_name_for(hub_url: str, user: str) -> str:
    """A workspace per account per Hub: ``editor-at-127-0-0-1-8750``."""
    host = urlsplit(hub_url).netloc or hub_url
    return slugify(f"{user}@{host}".replace(":", "-").replace("@", "-at-"))


def sign_in(
    folder: Path,
    hub_url: str,
    user: str,
    password: str,
    ca_bundle: str | None = None,
    workspace: str | None = None,
    credentials: Credentials | None = None,
) -> SignedIn:
    """Sign in, keep the token in the keyring, tie the account's workspace to the Hub.

    Raises HubError (wrong password, unreachable Hub, …), CredentialStoreUnavailable (no
    keyring: nothing stored), WorkspaceError or ValueError (a workspace of another account).
    """
    hub_url = hub_url.rstrip("/")
    client = HubClient(hub_url, session=make_session(ca_bundle))
    try:
        answer = client.sign_in(user, password)
    finally:
        client.close()
    (credentials or Credentials()).store(hub_url, user, answer.access_token)
    name = workspace or workspace_name_for(hub_url, user)
    opened = Workspace.open(workspace_path(folder, name), name)
    try:
        replica.link(opened, hub_url, user, answer.role)
    finally:
        opened.close()
    return SignedIn(hub_url, user, answer.role, name)
