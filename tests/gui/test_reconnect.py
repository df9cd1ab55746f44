"""Connectivity returning: a window that found the Hub unreachable syncs once it is back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from studio.app import Studio
from studio.store import replica
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from tests.gui.test_sync_gui import KnownToken
from tests.hub.hubproc import PASSWORD, start_hub


def test_the_queue_goes_out_by_itself_when_the_hub_comes_back(
    qapp: QApplication, data_dir: Path, tmp_path: Path, qtbot
) -> None:
    folder = tmp_path / "hub"
    folder.mkdir()
    database = f"sqlite:///{folder / 'hub.sqlite3'}"
    hub = start_hub(database, folder)
    port = int(hub.url.rsplit(":", 1)[1])
    token = HubClient(hub.url).sign_in("editor", PASSWORD).access_token
    hub.stop()  # the train enters the tunnel
    ws = Workspace.open(workspace_path(data_dir, "train"), "train")
    replica.link(ws, hub.url, "editor")
    ws.create_article("Written in the tunnel")
    ws.close()
    studio = Studio(qapp, data_dir, "train", show_dialogs=False, credentials=KnownToken(token))
    studio.retry_offline_ms = (300, 600)
    qtbot.addWidget(studio.window)
    studio.start()
    window = studio.window
    qtbot.waitUntil(
        lambda: "cannot be reached" in window.statusBar().currentMessage(), timeout=30_000
    )
    assert window.status_connection.text() == "Offline"
    assert window.status_pending.text() == "1 change(s) waiting to sync"
    back = start_hub(database, folder, prepare=False, port=port)
    try:
        # Nobody presses F5: the retry after the offline round finds the Hub and sends the queue.
        qtbot.waitUntil(
            lambda: (
                window.status_connection.text() == "Online"
                and window.status_pending.text() == "All changes synced"
            ),
            timeout=40_000,
        )
        titles = {
            c.data["title"]
            for c in HubClient(back.url, lambda: token).changes("").changes
            if c.type == "article"
        }
        assert titles == {"Written in the tunnel"}
        assert studio.offline_rounds == 0
    finally:
        window.close()
        studio.shut_down()
        back.stop()
