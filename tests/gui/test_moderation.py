"""Triage from the keyboard: a hundred items decided with single keys, removal reasons, undo,
hostile posts shown safely; snooze, notes, one at a time, the key list, filters and search
narrowing the queue, a saved view restored. Key presses only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.app import Studio
from studio.store import moderation_queue as mq
from studio.store.models import (
    Decision,
    LexiconTerm,
    Member,
    OutboxOp,
    Post,
    Report,
    Thread,
)
from studio.store.workspace import Changes, Workspace, workspace_path

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


def current_id(page) -> str | None:
    row = page.current()[1]
    return row.id if row is not None else None


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
    assert current_id(page) == "p001"
    # Then 99 more, one key each (approve, escalate) or r, a digit and Enter for a removal.
    for i in range(99):
        if i % 11 == 5:
            qtbot.keyClick(page.table, Qt.Key.Key_R)
            qtbot.keyClick(view.reasons, Qt.Key(Qt.Key.Key_1 + i % 9))
            qtbot.keyClick(view.reasons, Qt.Key.Key_Enter)
        else:
            qtbot.keyClick(page.table, Qt.Key.Key_E if i % 10 == 9 else Qt.Key.Key_A)
    qtbot.waitUntil(lambda: len(decisions(studio)) == 100, timeout=20_000)
    made = decisions(studio)
    assert made["p000"] == ("remove", "Misleading financial claim")
    escalated = sum(1 for i in range(99) if i % 10 == 9 and i % 11 != 5)
    assert sum(1 for a, _ in made.values() if a == "escalate") == escalated
    removed = {p: r for p, (a, r) in made.items() if a == "remove"}
    assert len(removed) == 1 + sum(1 for i in range(99) if i % 11 == 5)
    assert removed["p006"] == "Duplicate post"  # i = 5: key 6
    assert removed["p017"] == "Breaks the community rules"  # i = 16: key 8
    assert removed["p039"] == "Personal attack on Ada or another member"  # i = 38: key 3
    assert current_id(page) == "p100"  # the next undecided item
    # u takes back the last decision: the item is back, and so is the post's state.
    qtbot.keyClick(page.table, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: current_id(page) == "p099")
    qtbot.waitUntil(lambda: "p099" not in decisions(studio))
    with studio.workspace.reading() as s:
        post = s.get(Post, "p099")
        assert post is not None and post.state == "pending" and not post.local
        assert s.scalar(select(OutboxOp).where(OutboxOp.record_id == "p099")) is None
    assert len(decisions(studio)) == 99
    # Decided items stay in the list, marked, until it is read again: k goes back to one, and a
    # second decision on it is refused with a sentence.
    assert page.outcome("p099") is None and page.outcome("p098") == "Approved"
    qtbot.keyClick(page.table, Qt.Key.Key_K)
    assert current_id(page) == "p098"
    assert view.heading.text().startswith("✓ Approved")
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    assert "Already done here" in view.hint.text()
    qtbot.wait(200)
    assert len(decisions(studio)) == 99


def seed_mixed(path: Path) -> None:
    """Twenty posts awaiting approval by Ada in “Cash flow”, six reported posts by Grace in
    “Hiring apprentices” (spam or abuse), and one post the lexicon catches."""
    ws = Workspace.open(path, "mod")
    with Session(ws.engine) as s, s.begin():
        s.add(Member(id="m1", display_name="Ada", joined_at=T0, updated_at=T0))
        s.add(Member(id="m2", display_name="Grace", joined_at=T0, updated_at=T0))
        s.add(Thread(id="t1", title="Cash flow", author_id="m1", created_at=T0, updated_at=T0))
        s.add(Thread(id="t2", title="Hiring apprentices", created_at=T0, updated_at=T0))
        s.add(
            LexiconTerm(
                id="l1", pattern="guaranteed returns", severity="high", updated_at=T0, version=1
            )
        )
        s.flush()
        for i in range(20):
            s.add(_post(f"a{i:02d}", "t1", "m1", f"Invoice question {i}.", "pending", 0, i))
        for i in range(6):
            s.add(_post(f"g{i:02d}", "t2", "m2", f"Apprentice wages {i}.", "visible", 1, i))
            s.flush()
            s.add(
                Report(
                    id=f"r{i}",
                    post_id=f"g{i:02d}",
                    reporter_id="m1",
                    reason="spam" if i % 2 else "abuse",
                    created_at=T0,
                )
            )
        s.add(_post("x00", "t2", "m2", "Guaranteed returns, DM me", "visible", 0, 30))
    ws.close()


def _post(post_id, thread, author, body, state, reports, minutes):
    return Post(
        id=post_id,
        thread_id=thread,
        author_id=author,
        body=body,
        created_at=T0 + timedelta(minutes=minutes),
        state=state,
        report_count=reports,
        version=1,
        updated_at=T0,
    )


@pytest.fixture
def mixed(qapp: QApplication, data_dir: Path, qtbot) -> Iterator[Studio]:
    seed_mixed(workspace_path(data_dir, "mod"))
    app = Studio(qapp, data_dir, "mod", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.workspace is not None, timeout=10_000)
    app.window.activateWindow()
    assert QTest.qWaitForWindowActive(app.window, 5000)
    yield app
    app.window.close()
    app.shut_down()


def back_to(window, qtbot) -> None:
    """A closed dialog leaves no window active on the offscreen platform (a desktop's window
    manager activates the main window again): do what the window manager would."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def shown(page) -> list[str]:
    return page.model.ids()


def test_snooze_note_filters_search_and_saved_views_by_keys(mixed: Studio, qtbot) -> None:
    window = mixed.window
    qtbot.keyClick(window.rail, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["moderation"]
    view = page.post
    # The lexicon hit is found behind the page; reported posts and the hit come first.
    qtbot.waitUntil(lambda: len(shown(page)) == 27, timeout=10_000)
    assert shown(page)[0] == "x00" and set(shown(page)[1:7]) == {f"g{i:02d}" for i in range(6)}
    page.table.setFocus()
    # The list stayed on the item shown when the hit came in; Ctrl+Home goes to the top.
    qtbot.keyClick(page.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Lexicon (high): guaranteed returns" in view.heading.text())
    assert "reported" not in view.heading.text()
    # s, 2 (four hours), Enter: the item leaves the queue and is kept snoozed.
    qtbot.keyClick(page.table, Qt.Key.Key_S)
    assert view.choosing == "snooze"
    qtbot.keyClick(view.reasons, Qt.Key.Key_2)
    qtbot.keyClick(view.reasons, Qt.Key.Key_Return)
    assert page.outcome("x00").startswith("Snoozed until")  # marked; gone at the next read
    assert current_id(page) != "x00"
    qtbot.waitUntil(lambda: "Snoozed until" in view.hint.text())
    with mixed.workspace.reading() as s:
        until = s.execute(
            select(mq.queue_items.c.snoozed_until).where(mq.queue_items.c.post_id == "x00")
        ).scalar()
    assert timedelta(hours=3, minutes=59) < until - datetime.now(UTC) <= timedelta(hours=4)
    # n, a note, Ctrl+Enter: kept on the author and queued for the Hub.
    current = page.current()[1]
    assert current.reported
    assert "1 report(s): spam" in view.heading.text() or "1 report(s): abuse" in view.heading.text()
    qtbot.keyClick(page.table, Qt.Key.Key_N)
    assert view.note.hasFocus()
    qtbot.keyClicks(view.note, "Asked to stop posting ads")
    qtbot.keyClick(view.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Note kept on Grace" in view.hint.text())
    assert not view.asking()
    with mixed.workspace.reading() as s:
        op = s.scalar(select(OutboxOp).where(OutboxOp.action == "note"))
    assert op is not None and op.record_id == "m2"
    assert op.data["text"] == "Asked to stop posting ads" and op.data["post_id"] == current.id
    # z: one at a time; the list hides, j still moves; z again brings it back.
    qtbot.keyClick(page.table, Qt.Key.Key_Z)
    assert not page.list_side.isVisible() and page.post.isVisible()
    before = current_id(page)
    qtbot.keyClick(page.post.body, Qt.Key.Key_J)
    assert current_id(page) != before
    qtbot.keyClick(page.post.body, Qt.Key.Key_Z)
    assert page.list_side.isVisible()
    # ?: every key listed, Esc closes the list.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    keys = page.keys_dialog
    assert keys is not None and keys.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is keys)
    listed = {keys.table.item(r, 0).text() for r in range(keys.table.rowCount())}
    assert {"j", "k", "a", "r", "e", "s", "n", "u", "z", "?", "1–9", "/"} <= listed
    qtbot.keyClick(keys.table, Qt.Key.Key_Escape)
    assert not keys.isVisible()
    back_to(window, qtbot)
    # /: search as you type narrows the list.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Slash)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "wages")
    qtbot.waitUntil(lambda: len(shown(page)) == 6)
    assert all(i.startswith("g") for i in shown(page))
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.table.hasFocus()
    # f: the filters; Down picks the next kind ("Awaiting approval"): nothing matches both.
    qtbot.keyClick(page.table, Qt.Key.Key_F)
    assert page.filters.kind.hasFocus()
    qtbot.keyClick(page.filters.kind, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: shown(page) == [])
    qtbot.keyClick(page.filters.kind, Qt.Key.Key_Down)  # Reported
    qtbot.waitUntil(lambda: len(shown(page)) == 6)
    # Tab to the reason filter: "abuse".
    qtbot.keyClick(page.filters.kind, Qt.Key.Key_Tab)
    assert page.filters.reason.hasFocus()
    qtbot.keyClick(page.filters.reason, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: sorted(shown(page)) == ["g00", "g02", "g04"])
    # Shift+V: this filter and search saved as a view.
    qtbot.keyClick(page.filters.reason, Qt.Key.Key_Escape)
    qtbot.keyClick(page.table, Qt.Key.Key_V, Qt.KeyboardModifier.ShiftModifier)
    dialog = page.view_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    edit = dialog.findChild(QLineEdit)
    qtbot.keyClicks(edit, "Abuse reports")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.filters.views.currentText() == "Abuse reports")
    back_to(window, qtbot)
    assert mq.saved_views(mixed.workspace)[0][1] == mq.QueueFilter(
        kind="reported", reason="abuse", text="wages"
    )
    # v, Up: back to everything; v, Down: the view is restored, controls and list alike.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_V)
    assert page.filters.views.hasFocus()
    qtbot.keyClick(page.filters.views, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: len(shown(page)) == 26)
    assert page.search.text() == "" and page.filters.kind.currentIndex() == 0
    qtbot.keyClick(page.filters.views, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: sorted(shown(page)) == ["g00", "g02", "g04"])
    assert page.search.text() == "wages"
    assert page.filters.reason.currentText() == "abuse"
    assert page.filters.kind.currentData() == "reported"


def test_the_mouse_does_what_the_keys_do(mixed: Studio, qtbot) -> None:
    window = mixed.window
    window.show_page("moderation")
    page = window.pages["moderation"]
    view = page.post
    qtbot.waitUntil(lambda: len(shown(page)) >= 20, timeout=10_000)
    # Once the lexicon scan behind the page has read the list again (it empties for a moment).
    qtbot.waitUntil(lambda: not page._scanning and not page.model.is_loading())
    qtbot.waitUntil(lambda: current_id(page) is not None)

    def click(key: str) -> None:
        button = page.toolbar.widgetForAction(page.actions_by_key[key])
        assert button is not None and button.isVisible(), key
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    first = current_id(page)
    click("A")  # Approve
    qtbot.waitUntil(lambda: decisions(mixed).get(first) == ("approve", ""))
    second = current_id(page)
    assert second != first
    click("R")  # Remove…: a reason clicked, then Confirm
    assert view.choosing == "remove"
    reason = view.reasons.item(1)
    qtbot.mouseClick(
        view.reasons.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.reasons.visualItemRect(reason).center(),
    )
    qtbot.mouseClick(view.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: decisions(mixed).get(second) == ("remove", "Off-topic for this thread"))
    click("U")  # Undo
    qtbot.waitUntil(lambda: second not in decisions(mixed))
    qtbot.waitUntil(lambda: current_id(page) == second)
    assert page.outcome(second) is None
    click("Z")  # One at a time, and back
    assert not page.list_side.isVisible()
    click("Z")
    assert page.list_side.isVisible()
    # The filters by mouse: the kind combo's popup, "Awaiting approval".
    combo = page.filters.kind
    combo.showPopup()
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible)
    index = combo.model().index(combo.findData("pending"), 0)
    qtbot.mouseClick(
        popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center()
    )
    qtbot.waitUntil(lambda: bool(shown(page)) and all(i.startswith("a") for i in shown(page)))
    # A change from elsewhere (a sync) reads the list again without emptying it, in place.
    qtbot.keyClick(page.table, Qt.Key.Key_J)
    here = current_id(page)
    loads: list[int] = []
    page.model.loaded.connect(loads.append)
    mixed.workspace.announce(Changes({"post": frozenset({"a19"})}))
    qtbot.waitUntil(lambda: page.model.is_loading() or bool(loads))
    assert page.model.rowCount() > 0 and current_id(page) == here
    qtbot.waitUntil(lambda: bool(loads))
    assert current_id(page) == here
