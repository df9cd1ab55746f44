"""The conflict view and the sync panel, driven through the window against a real Hub: a
paragraph changed on both sides is shown in the panel, resolved hunk by hunk, and synced."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QRadioButton, QTableView

from studio.app import Studio
from studio.store import replica
from studio.store.models import Article
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from studio.sync.engine import SyncEngine
from studio.ui.conflict_view import ConflictDialog, HunkChoice
from studio.ui.sync_panel import SyncPanel
from tests.gui.test_sync_gui import KnownToken
from tests.hub.hubproc import PASSWORD, HubProcess

BODY = "Opening.\n\nThe rates rise in March.\n\nClosing.\n"


def click_choice(qtbot, button: QRadioButton) -> None:
    """Click a radio button on its indicator, as a user does (its centre may lie past its
    text, where a click does nothing)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def _engine(hub: HubProcess, ws: Workspace, token: str) -> SyncEngine:
    return SyncEngine(ws, HubClient(hub.url, lambda: token))


def _body(ws: Workspace, aid: str) -> tuple[str, str]:
    with ws.reading() as s:
        row = s.get(Article, aid)
        assert row is not None
        return row.title, row.body


def test_a_conflict_is_listed_resolved_hunk_by_hunk_and_synced(
    hub: HubProcess, qapp: QApplication, data_dir: Path, tmp_path: Path, qtbot
) -> None:
    token = HubClient(hub.url).sign_in("editor", PASSWORD).access_token
    colleague = Workspace.open(workspace_path(tmp_path / "other", "a"), "a")
    replica.link(colleague, hub.url, "editor")
    mine = Workspace.open(workspace_path(data_dir, "desk"), "desk")
    replica.link(mine, hub.url, "editor")
    aid = colleague.create_article("Rates", BODY)
    _engine(hub, colleague, token).sync()
    _engine(hub, mine, token).sync()
    colleague.save_article(
        aid, title="Rates in spring", body=BODY.replace("in March", "in April (colleague)")
    )
    _engine(hub, colleague, token).sync()
    mine.save_article(aid, title="Rates, 2027", body=BODY.replace("in March", "in May (mine)"))
    mine.close()

    studio = Studio(qapp, data_dir, "desk", show_dialogs=False, credentials=KnownToken(token))
    qtbot.addWidget(studio.window)
    studio.start()
    window = studio.window
    qtbot.waitUntil(lambda: window.status_connection.text() == "Online", timeout=20_000)

    # The pending count opens the sync panel, which lists the conflict.
    qtbot.mouseClick(window.status_pending, Qt.MouseButton.LeftButton)
    panel = window.findChild(SyncPanel)
    assert panel is not None and panel.isVisible()
    qtbot.waitUntil(lambda: panel.tabs.tabText(1) == "Conflicts (1)")
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: panel.conflicts.model.rowCount() == 1)
    assert "Rates, 2027" in panel.conflicts.model.index(0, 0).data()
    panel.conflicts.table.selectRow(0)
    qtbot.mouseClick(panel.resolve_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(ConflictDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.resolve_button.isEnabled())
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog, 5000)
    assert "changed here and on the Hub" in dialog.heading.text()

    # The text: one clashing hunk, both sides shown with their words marked.
    (hunk,) = dialog.findChildren(HunkChoice)
    assert "in May (mine)" in hunk.mine_view.toPlainText()
    assert "in April (colleague)" in hunk.theirs_view.toPlainText()
    assert "in March" in hunk.base_label.text()
    result = dialog.findChild(QPlainTextEdit, "result-body")
    assert result.toPlainText() == BODY.replace("in March", "in May (mine)")
    dialog.scroll.ensureWidgetVisible(hunk.take_theirs)
    click_choice(qtbot, hunk.take_theirs)
    assert result.toPlainText() == BODY.replace("in March", "in April (colleague)")
    click_choice(qtbot, hunk.take_both)
    both = BODY.replace("The rates rise in March.\n", "The rates rise in May (mine).\n")
    both = both.replace("(mine).\n", "(mine).\nThe rates rise in April (colleague).\n")
    assert result.toPlainText() == both
    # The user edits the result by hand; the title takes the Hub's, then is edited.
    dialog.scroll.ensureWidgetVisible(result)
    result.moveCursor(result.textCursor().MoveOperation.End)
    qtbot.keyClicks(result, "Added while resolving.")
    qtbot.keyClick(result, Qt.Key.Key_Return)
    title = dialog.findChild(QLineEdit, "result-title")
    title_field = title.parent()
    dialog.scroll.ensureWidgetVisible(title_field.take_theirs)
    click_choice(qtbot, title_field.take_theirs)
    assert title.text() == "Rates in spring"
    qtbot.keyClicks(title, " 2027")
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog, 5000)
    qtbot.keyClick(result, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog) is None)  # closed and deleted

    # The panel updates; F5 sends the result; the colleague receives it.
    qtbot.waitUntil(lambda: panel.tabs.tabText(1) == "Conflicts (0)")
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 5000)
    qtbot.keyClick(window.rail, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.status_pending.text() == "All changes synced", timeout=20_000)
    _engine(hub, colleague, token).sync()
    expected = ("Rates in spring 2027", both + "Added while resolving.\n")
    assert _body(colleague, aid) == expected
    panel.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: panel.history.model.rowCount() >= 2)
    history = [
        panel.history.model.index(i, 1).data() for i in range(panel.history.model.rowCount())
    ]
    assert any(h.startswith("Resolved:") for h in history)
    assert any(h.startswith("Conflict:") for h in history)
    window.close()
    studio.shut_down()
    colleague.close()


def test_a_refused_change_shows_the_hubs_reason_and_can_be_set_aside(
    hub: HubProcess, qapp: QApplication, data_dir: Path, qtbot
) -> None:
    token = HubClient(hub.url).sign_in("editor", PASSWORD).access_token
    ws = Workspace.open(workspace_path(data_dir, "ed"), "ed")
    replica.link(ws, hub.url, "editor")
    aid = ws.create_article(f"To publish {uuid.uuid4()}")
    _engine(hub, ws, token).sync()
    ws.set_article_status(aid, "published")  # an editor may not publish
    ws.close()
    studio = Studio(qapp, data_dir, "ed", show_dialogs=False, credentials=KnownToken(token))
    qtbot.addWidget(studio.window)
    studio.start()
    window = studio.window
    qtbot.waitUntil(lambda: window.status_connection.text() == "Online", timeout=20_000)
    window.act_sync_panel.trigger()
    panel = window.findChild(SyncPanel)
    qtbot.waitUntil(lambda: panel.tabs.tabText(2) == "Refused (1)")
    panel.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: panel.refused.model.rowCount() == 1)
    assert "may not move an article to published" in panel.refused.model.index(0, 2).data()
    panel.refused.table.selectRow(0)
    qtbot.mouseClick(panel.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.tabs.tabText(2) == "Refused (0)")
    with studio.workspace.reading() as s:
        row = s.get(Article, aid)
        assert row is not None and row.status == "published"  # kept here, not dropped
    window.close()
    studio.shut_down()


def test_a_long_pull_shows_progress_and_can_be_cancelled_keeping_what_arrived(
    hub: HubProcess, qapp: QApplication, data_dir: Path, qtbot, monkeypatch
) -> None:
    from studio.sync.worker import SyncWorker

    token = HubClient(hub.url).sign_in("editor", PASSWORD).access_token
    HubClient(hub.url, lambda: token).push(
        [
            {
                "op_id": str(uuid.uuid4()),
                "type": "article",
                "id": str(uuid.uuid4()),
                "action": "create",
                "base_version": 0,
                "data": {"title": f"Bulk {n}"},
            }
            for n in range(80)
        ]
    )
    monkeypatch.setattr(SyncWorker, "page_size", 2)  # 40 pages and more
    ws = Workspace.open(workspace_path(data_dir, "slow"), "slow")
    replica.link(ws, hub.url, "editor")
    ws.close()
    studio = Studio(qapp, data_dir, "slow", show_dialogs=False, credentials=KnownToken(token))
    qtbot.addWidget(studio.window)
    studio.start()
    window = studio.window
    qtbot.waitUntil(lambda: "Receiving" in window.sync_progress.format(), timeout=20_000)
    assert window.sync_progress.isVisible() and window.cancel_sync.isVisible()
    assert window.sync_progress.maximum() >= 80  # the first pull's size, from the Hub's figures
    qtbot.mouseClick(window.cancel_sync, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Sync stopped" in window.statusBar().currentMessage(), timeout=20_000)
    assert not window.sync_progress.isVisible()
    assert window.status_connection.text() == "Online"
    state = replica.state(studio.workspace)
    received = studio.workspace.counts()["articles"]
    assert state["cursor"] and 0 < received < 80  # what arrived is kept, the rest waits
    # The next round carries on from the cursor.
    monkeypatch.setattr(SyncWorker, "page_size", 1000)
    studio.request_sync()
    qtbot.waitUntil(lambda: studio.workspace.counts()["articles"] >= 80, timeout=20_000)
    window.close()
    studio.shut_down()


def test_switching_workspace_from_the_file_menu(qapp: QApplication, data_dir: Path, qtbot) -> None:
    for name in ("desk", "train"):
        ws = Workspace.open(workspace_path(data_dir, name), name)
        ws.create_article(f"Written at the {name}")
        ws.close()
    studio = Studio(qapp, data_dir, "desk", show_dialogs=False)
    qtbot.addWidget(studio.window)
    studio.start()
    window = studio.window
    qtbot.waitUntil(lambda: len(window.menu_workspaces.actions()) == 2)
    names = [a.text() for a in window.menu_workspaces.actions()]
    assert names == ["desk (local)", "train (local)"]
    assert window.menu_workspaces.actions()[0].isChecked()
    window.menu_workspaces.actions()[1].trigger()
    qtbot.waitUntil(lambda: studio.workspace is not None and studio.workspace.name == "train")
    assert window.status_workspace.text() == "Workspace: train"
    table = window.pages["articles"].findChild(QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    assert "Written at the train" in table.model().index(0, 0).data()
    qtbot.waitUntil(lambda: window.menu_workspaces.actions()[1].isChecked())
    window.close()
    studio.shut_down()


def test_an_article_in_conflict_is_marked_and_opens_the_conflict_view(
    qapp: QApplication, data_dir: Path, qtbot
) -> None:
    from tests.unit.test_conflicts import _in_conflict

    ws = Workspace.open(workspace_path(data_dir, "desk"), "desk")
    _in_conflict(ws)
    ws.close()
    studio = Studio(qapp, data_dir, "desk", show_dialogs=False)
    qtbot.addWidget(studio.window)
    studio.start()
    window = studio.window
    qtbot.waitUntil(lambda: "articles" in window.pages)
    table = window.pages["articles"].findChild(QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    assert table.model().index(0, 0).data().startswith("● ⚠ ")
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 5000)
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog) is not None)
    dialog = window.findChild(ConflictDialog)
    qtbot.waitUntil(lambda: dialog.resolve_button.isEnabled())
    assert "Export (mine)" in dialog.heading.text()
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog) is None)
    window.close()
    studio.shut_down()
