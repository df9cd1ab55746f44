"""Triage from the keyboard: a hundred items decided with single keys, removal reasons, undo,
hostile posts shown safely."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.app import Studio
from studio.store.models import Decision, Member, OutboxOp, Post, Thread
from studio.store.workspace import Workspace, workspace_path

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
POSTS = 120


def seed(path: Path) -> None:
    ws = Workspace.open(path, "mod")
    with Session(ws.engine) as s, s.begin():
        s.add(Member(id="m1", display_name="Ada", joined_at=T0, updated_at=T0))
        s.flush()
        s.add(Thread(id="t1", title="Cash flow", author_id="m1", created_at=T0, updated_at=T0))
        s.flush()
        for i in range(POSTS):
            body = f"Post number {i}."
            if i == 1:
                body = '<script>alert(1)</script><img src="http://127.0.0.1:9/b.png">Hostile one'
            s.add(
                Post(
                    id=f"p{i:03d}",
                    thread_id="t1",
                    author_id="m1",
                    body=body,
                    created_at=T0 + timedelta(minutes=i),
                    state="pending",
                    report_count=0,
                    version=1,
                    updated_at=T0,
                )
            )
    ws.close()


@pytest.fixture
def studio(qapp: QApplication, data_dir: Path, qtbot) -> Iterator[Studio]:
    seed(workspace_path(data_dir, "mod"))
    app = Studio(qapp, data_dir, "mod", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.workspace is not None, timeout=10_000)
    app.window.activateWindow()
    assert QTest.qWaitForWindowActive(app.window, 5000)
    yield app
    app.window.close()
    app.shut_down()


def decisions(studio: Studio) -> dict[str, tuple[str, str]]:
    with studio.workspace.reading() as s:
        return {d.post_id: (d.action, d.reason) for d in s.scalars(select(Decision))}


def test_a_hundred_items_decided_from_the_keyboard(studio: Studio, qtbot) -> None:
    window = studio.window
    qtbot.keyClick(window.rail, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["moderation"]
    qtbot.waitUntil(lambda: page.model.rowCount() >= 100)
    page.table.setFocus()
    view = page.post
    qtbot.waitUntil(lambda: "Post number 0." in view.body.toPlainText())
    assert view.heading.text().startswith("Awaiting approval · by Ada in “Cash flow”")
    # j then k: the hostile post is shown as text, nothing loaded, nothing run.
    qtbot.keyClick(page.table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: "Hostile one" in view.body.toPlainText())
    assert "alert" not in view.body.toHtml() and "127.0.0.1" not in view.body.toHtml()
    qtbot.keyClick(page.table, Qt.Key.Key_K)
    # r, 4, Enter: removed as a misleading financial claim; the next item is shown at once.
    qtbot.keyClick(page.table, Qt.Key.Key_R)
    assert view.asking()
    qtbot.keyClick(view.reasons, Qt.Key.Key_4)
    qtbot.keyClick(view.reasons, Qt.Key.Key_Return)
    assert not view.asking()
    assert page.current()[1].id == "p001"
    # Then 99 more, one key each: approve, escalate, approve…
    for i in range(99):
        qtbot.keyClick(page.table, Qt.Key.Key_E if i % 10 == 9 else Qt.Key.Key_A)
    qtbot.waitUntil(lambda: len(decisions(studio)) == 100, timeout=20_000)
    made = decisions(studio)
    assert made["p000"] == ("remove", "Misleading financial claim")
    assert sum(1 for a, _ in made.values() if a == "escalate") == 9
    assert page.current()[1].id == "p100"  # the next undecided item
    # u takes back the last decision: the item is back, and so is the post's state.
    qtbot.keyClick(page.table, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: page.current()[1].id == "p099")
    qtbot.waitUntil(lambda: "p099" not in decisions(studio))
    with studio.workspace.reading() as s:
        post = s.get(Post, "p099")
        assert post is not None and post.state == "pending" and not post.local
        assert s.scalar(select(OutboxOp).where(OutboxOp.record_id == "p099")) is None
    assert len(decisions(studio)) == 99
