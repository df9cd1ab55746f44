"""The window syncing with a real Hub: on opening, on F5, with the state in the status bar."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from studio.app import Studio
from studio.store import replica
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from tests.hub.hubproc import PASSWORD, HubProcess


class KnownToken:
    """Stands in for the OS keyring (tests/integration/test_login_keyring.py uses the real one)."""

    def __init__(self, token: str) -> None:
        self.value = token

    def token(self, hub_url: str, account: str) -> str | None:
        return self.value


def test_the_window_syncs_on_opening_and_on_f5(
    hub: HubProcess, qapp: QApplication, data_dir: Path, qtbot
) -> None:
    token = HubClient(hub.url).sign_in("editor", PASSWORD).access_token
    remote = HubClient(hub.url, lambda: token)
    remote.push(
        [
            {
                "op_id": str(uuid.uuid4()),
                "type": "article",
                "id": str(uuid.uuid4()),
                "action": "create",
                "base_version": 0,
                "data": {"title": "Written by a colleague"},
            }
        ]
    )
    ws = Workspace.open(workspace_path(data_dir, "desk"), "desk")
    replica.link(ws, hub.url, "editor")
    ws.close()
    studio = Studio(qapp, data_dir, "desk", show_dialogs=False, credentials=KnownToken(token))
    qtbot.addWidget(studio.window)
    studio.start()
    window = studio.window
    qtbot.waitUntil(lambda: window.status_connection.text() == "Online", timeout=20_000)
    table = window.pages["articles"].findChild(QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    assert "Written by a colleague" in table.model().index(0, 0).data()
    assert "Received" in window.statusBar().currentMessage()
    # Offline work, then F5.
    studio.tasks.write(lambda: studio.workspace.create_article("Mine, from Studio"))
    qtbot.waitUntil(lambda: window.status_pending.text() == "1 change(s) waiting to sync")
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 5000)
    qtbot.keyClick(window.rail, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.status_pending.text() == "All changes synced", timeout=20_000)
    titles = {c.data["title"] for c in remote.changes("").changes if c.type == "article"}
    assert titles == {"Written by a colleague", "Mine, from Studio"}
    window.close()
    studio.shut_down()


def test_an_unreachable_hub_shows_offline_and_keeps_the_work(
    qapp: QApplication, data_dir: Path, qtbot
) -> None:
    ws = Workspace.open(workspace_path(data_dir, "train"), "train")
    replica.link(ws, "http://127.0.0.1:9", "editor")  # nothing listens on port 9
    ws.create_article("Written on the train")
    ws.close()
    studio = Studio(qapp, data_dir, "train", show_dialogs=False, credentials=KnownToken("t"))
    qtbot.addWidget(studio.window)
    studio.start()
    qtbot.waitUntil(
        lambda: "cannot be reached" in studio.window.statusBar().currentMessage(), timeout=30_000
    )
    assert studio.window.status_connection.text() == "Offline"
    assert studio.window.status_pending.text() == "1 change(s) waiting to sync"
    studio.window.close()
    studio.shut_down()


class MemoryKeyring(KnownToken):
    """An in-memory credential store (the real keyring is tested with `studio login`)."""

    def __init__(self) -> None:
        super().__init__("")
        self.saved: dict[tuple[str, str], str] = {}

    def store(self, hub_url: str, account: str, token: str) -> None:
        self.saved[(hub_url, account)] = token

    def token(self, hub_url: str, account: str) -> str | None:
        return self.saved.get((hub_url, account))


def test_signing_in_from_the_window_opens_the_accounts_workspace_and_syncs(
    hub: HubProcess, qapp: QApplication, data_dir: Path, qtbot
) -> None:
    from studio.ui.sign_in import SignInDialog

    keyring = MemoryKeyring()
    studio = Studio(qapp, data_dir, "local", show_dialogs=False, credentials=keyring)
    qtbot.addWidget(studio.window)
    studio.start()
    qtbot.waitUntil(lambda: studio.workspace is not None)
    assert not studio.window.act_sync.isEnabled()  # a local workspace has no Hub
    studio.window.act_sign_in.trigger()
    dialog = studio.window.findChild(SignInDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.hub.clear()
    qtbot.keyClicks(dialog.hub, hub.url)
    qtbot.keyClicks(dialog.user, "moderator")
    qtbot.keyClicks(dialog.password, "wrong password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    # Generous waits: the Hub hashes passwords with argon2, slow on a loaded machine.
    qtbot.waitUntil(lambda: "Wrong user name or password" in dialog.message.text(), timeout=20_000)
    assert dialog.password.text() == "" and not keyring.saved
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: studio.workspace_name.startswith("moderator-at-127-0-0-1"), timeout=20_000
    )
    qtbot.waitUntil(lambda: studio.window.status_connection.text() == "Online", timeout=20_000)
    assert keyring.saved[(hub.url, "moderator")]
    assert studio.window.act_sync.isEnabled()
    assert "Workspace: moderator-at-127-0-0-1" in studio.window.status_workspace.text()
    studio.window.close()
    studio.shut_down()


def test_an_expired_token_asks_to_sign_in_again_and_the_queue_waits(
    hub: HubProcess, qapp: QApplication, data_dir: Path, qtbot
) -> None:
    from studio.ui.sign_in import SignInDialog

    ws = Workspace.open(workspace_path(data_dir, "ed"), "ed")
    replica.link(ws, hub.url, "editor")
    ws.create_article("Written while the token expired")
    ws.close()
    keyring = MemoryKeyring()
    keyring.saved[(hub.url, "editor")] = "expired-or-revoked"
    studio = Studio(qapp, data_dir, "ed", show_dialogs=False, credentials=keyring)
    qtbot.addWidget(studio.window)
    studio.start()
    qtbot.waitUntil(lambda: studio.window.findChild(SignInDialog) is not None, timeout=20_000)
    dialog = studio.window.findChild(SignInDialog)
    assert (dialog.hub.text(), dialog.user.text()) == (hub.url, "editor")
    assert "sign in again" in dialog.message.text()
    assert studio.window.status_pending.text() == "1 change(s) waiting to sync"
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: studio.window.status_pending.text() == "All changes synced", timeout=20_000
    )
    assert studio.workspace_name == "ed"  # the same workspace, its queue sent
    assert keyring.saved[(hub.url, "editor")] != "expired-or-revoked"
    studio.window.close()
    studio.shut_down()
