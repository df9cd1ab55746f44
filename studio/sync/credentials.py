"""Tokens live in the OS keyring only: never in the workspace, settings, logs or crash reports.

Where no keyring backend is available, storing fails with a clear message and nothing is written
anywhere else (no plaintext fallback).
"""

from __future__ import annotations

import logging

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

log = logging.getLogger(__name__)

SERVICE = "studio"


class CredentialStoreUnavailable(Exception):
    """No usable OS keyring: ``str()`` says so and what to do."""


def _key(hub_url: str, account: str) -> str:
    return f"{account} @ {hub_url.rstrip('/')}"


def backend_name() -> str:
    return type(keyring.get_keyring()).__name__


class Credentials:
    """Bearer tokens by (Hub, account), in the OS keyring."""

    def store(self, hub_url: str, account: str, token: str) -> None:
        try:
            keyring.set_password(SERVICE, _key(hub_url, account), token)
        except (NoKeyringError, KeyringError, RuntimeError) as exc:
            raise CredentialStoreUnavailable(
                "Studio keeps sign-in tokens only in the system keyring, and none is available "
                f"here ({type(exc).__name__}). Start the desktop's keyring (GNOME Keyring, "
                "KWallet, or another Secret Service) and sign in again; nothing was saved."
            ) from None

    def token(self, hub_url: str, account: str) -> str | None:
        try:
            return keyring.get_password(SERVICE, _key(hub_url, account))
        except (NoKeyringError, KeyringError, RuntimeError) as exc:
            log.warning("the keyring cannot be read: %s", type(exc).__name__)
            return None

    def forget(self, hub_url: str, account: str) -> None:
        try:
            keyring.delete_password(SERVICE, _key(hub_url, account))
        except (PasswordDeleteError, NoKeyringError, KeyringError, RuntimeError):
            log.info("no token to forget for %s", account)  # already gone: nothing to undo
