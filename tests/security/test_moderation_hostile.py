"""The hostile corpus of the Articles issue posted as member posts on a real Hub, synced into a
moderator's Studio and walked through in the queue with j: nothing scripted is shown, nothing
remote is loaded (the beacon counts zero hits), and no link is followed by itself: a click on a
web link only asks, showing the real target; every other scheme is refused."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.exceptions import TimeoutError as WaitTimedOut

from studio.app import Studio
from studio.store import replica
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from tests.hub.hubproc import PASSWORD, HubProcess
from tests.security.corpus import corpus
from tests.security.test_hostile_content import BAD_SCHEME, EVENT_ATTRIBUTE, Beacon, _anchors


@pytest.fixture
def beacon() -> Iterator[Beacon]:
    server = Beacon()
    yield server
    server.server.shutdown()


class KnownToken:
    def __init__(self, token: str) -> None:
        self.value = token

    def token(self, hub_url: str, account: str) -> str | None:
        return self.value


def post_corpus(hub: HubProcess, items: list[str]) -> dict[str, str]:
    """Each item as a member's post in one thread; returns {post id: body} of those the Hub
    took (it refuses text no database stores, such as a NUL)."""
    member = hub.client("member")
    thread = str(uuid.uuid4())
    first = member.post(
        "/v1/ops",
        json={
            "ops": [
                {
                    "op_id": str(uuid.uuid4()),
                    "type": "thread",
                    "id": thread,
                    "action": "create",
                    "data": {"title": "Hostile <script>alert(1)</script> thread"},
                }
            ]
        },
    )
    assert first.json()["results"][0]["status"] == "applied"
    taken = {}
    for body in items:
        post = str(uuid.uuid4())
        answer = member.post(
            "/v1/ops",
            json={
                "ops": [
                    {
                        "op_id": str(uuid.uuid4()),
                        "type": "post",
                        "id": post,
                        "action": "create",
                        "data": {"thread_id": thread, "body": body},
                    }
                ]
            },
        )
        if answer.status_code == 200 and answer.json()["results"][0]["status"] == "applied":
            taken[post] = body
    return taken


def go_to(page, qtbot, post_id: str) -> None:
    """Move through the queue with j and k until ``post_id`` is the item shown."""
    for _ in range(400):
        row = page.current()[1]
        if row is not None and row.id == post_id:
            return
        ids = page.model.ids()
        here = page.current()[0]
        qtbot.keyClick(page.table, Qt.Key.Key_J if ids.index(post_id) > here else Qt.Key.Key_K)
    raise AssertionError(f"never reached {post_id}")


def test_the_hostile_corpus_in_the_queue_is_inert(
    hub: HubProcess, beacon: Beacon, qapp: QApplication, data_dir: Path, qtbot
) -> None:
    posts = post_corpus(hub, corpus(beacon.port))
    assert len(posts) >= len(corpus(beacon.port)) - 2
    ws = Workspace.open(workspace_path(data_dir, "mod"), "mod")
    replica.link(ws, hub.url, "moderator", "moderator")
    ws.close()
    token = HubClient(hub.url).sign_in("moderator", PASSWORD).access_token
    studio = Studio(qapp, data_dir, "mod", show_dialogs=False, credentials=KnownToken(token))
    qtbot.addWidget(studio.window)
    opened: list[str] = []

    class Handler(QObject):
        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            opened.append(url.toString())

    handler = Handler()
    schemes = ("http", "https", "file", "mailto", "javascript", "data")
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, handler, "open")
    try:
        studio.start()
        window = studio.window
        window.resize(1440, 900)
        qtbot.waitUntil(lambda: window.status_connection.text() == "Online", timeout=60_000)
        window.activateWindow()
        assert QTest.qWaitForWindowActive(window, 5000)
        window.show_page("moderation")
        page = window.pages["moderation"]
        qtbot.waitUntil(lambda: set(posts) <= set(page.model.ids()), timeout=60_000)
        body = page.post.body
        asked: list[str] = []
        body.confirm = lambda url: asked.append(url.toString()) or False
        pane = page.aside.pane
        page.table.setFocus()
        clicked = 0
        for post_id in posts:
            go_to(page, qtbot, post_id)
            # Pathological posts take seconds to render on a busy machine: wait generously.
            try:
                qtbot.waitUntil(lambda p=post_id: p in page._bodies, timeout=60_000)
            except WaitTimedOut:
                raise AssertionError(
                    f"{posts[post_id][:60]!r} never shown; hint: {page.post.hint.text()!r}"
                ) from None
            qtbot.waitUntil(
                lambda p=post_id: pane.shown is not None and pane.shown.post_id == p,
                timeout=60_000,
            )
            for shown in (body.toHtml(), pane.view.toHtml()):
                assert "<script" not in shown.lower(), posts[post_id]
                assert not EVENT_ATTRIBUTE.search(shown), posts[post_id]
                assert not BAD_SCHEME.search(shown), posts[post_id]
                for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', shown):
                    assert src.startswith("attachment:"), posts[post_id]
            # Click every link of the post: none is followed by itself.
            source = body.source()
            for _href, position in _anchors(body):
                cursor = QTextCursor(body.document())
                cursor.setPosition(position)
                body.setTextCursor(cursor)
                body.ensureCursorVisible()
                point = body.cursorRect(cursor).center() + QPoint(3, 0)
                qtbot.mouseClick(body.viewport(), Qt.MouseButton.LeftButton, pos=point)
                clicked += 1
            assert body.source() == source
            page.table.setFocus()
        qtbot.wait(300)
        assert clicked > 0
        assert opened == []  # nothing went to the system browser (every web link was declined)
        assert any("beacon?from=link" in u for u in asked)  # asked, with the real target
        assert all(u.startswith(("http://", "https://")) for u in asked)
        assert beacon.hits == []  # nothing remote was loaded, by the post or its context
    finally:
        studio.window.close()
        studio.shut_down()
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)
