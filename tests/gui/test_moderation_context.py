"""Beside the post: its context, a strike and a note with a removal, images veiled until
revealed, links that say where they go, a colleague's claim, and a bulk removal of a chosen set
with one item changed while the confirmation is open."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from studio.app import Studio
from studio.domain.instants import to_wire, utc_now
from studio.editors.moderation.aside import ModerationAside
from studio.editors.moderation.bulk import BulkDialog
from studio.editors.moderation.post_browser import PostBrowser, misleading, veil
from studio.store.models import (
    Attachment,
    Decision,
    Member,
    OutboxOp,
    Post,
    Report,
    SyncState,
    Thread,
)
from studio.store.moderation_context import post_context
from studio.store.workspace import Workspace, workspace_path

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
SHOTS = Path(os.environ.get("STUDIO_SHOTS", "/tmp/team"))


def picture() -> bytes:
    """A colourful PNG: red and blue stripes with a green square."""
    image = QImage(160, 100, QImage.Format.Format_RGB32)
    for x in range(160):
        for y in range(100):
            colour = QColor(220, 30, 30) if (x // 10) % 2 else QColor(30, 60, 220)
            if 60 <= x < 100 and 30 <= y < 70:
                colour = QColor(20, 200, 40)
            image.setPixelColor(x, y, colour)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


PNG = picture()
SHA = hashlib.sha256(PNG).hexdigest()


def seed(path: Path) -> None:
    ws = Workspace.open(path, "mod")
    with Session(ws.engine) as s, s.begin():
        s.add(SyncState(id=1, hub_url="", account="me", role="moderator"))
        s.add(
            Member(
                id="ada",
                display_name="Ada",
                company="Ada Ltd",
                joined_at=T0 - timedelta(days=300),
                updated_at=T0,
                strikes=1,
                notes=[
                    {
                        "id": "n1",
                        "kind": "strike",
                        "text": "Spam in June",
                        "by": "mo",
                        "at": "2026-06-01T10:00:00Z",
                        "expires_at": None,
                        "post_id": "old1",
                    }
                ],
            )
        )
        s.add(Member(id="bob", display_name="Bob", joined_at=T0, updated_at=T0))
        s.add(Member(id="cy", display_name="Cy", joined_at=T0, updated_at=T0))
        s.add(Thread(id="t1", title="Cash flow", author_id="bob", created_at=T0, updated_at=T0))
        s.add(
            Attachment(
                sha256=SHA,
                media_type="image/png",
                size=len(PNG),
                data=PNG,
                uploaded=True,
                created_at=T0,
            )
        )
        s.flush()

        def post(pid: str, author: str, body: str, minutes: int, **extra: object) -> None:
            s.add(
                Post(
                    id=pid,
                    thread_id="t1",
                    author_id=author,
                    body=body,
                    created_at=T0 + timedelta(minutes=minutes),
                    state=extra.pop("state", "pending"),
                    report_count=extra.pop("report_count", 0),
                    version=1,
                    updated_at=T0,
                    **extra,
                )
            )

        post(
            "old1",
            "ada",
            "Buy cheap followers now",
            -600,
            state="removed",
            decision={
                "action": "remove",
                "reason": "Spam",
                "by": "mo",
                "at": "2026-10-20T09:00:00Z",
            },
        )
        post("q1", "bob", "Which bank for invoices?", 1, state="visible")
        post(
            "hot",
            "ada",
            f"Look at my chart ![chart](attachment:{SHA})\n\n"
            "Log in at [www.bank.example](http://evil.example/login) to claim it.",
            2,
            state="visible",
            report_count=2,
        )
        post("a1", "cy", "That link looks wrong to me.", 3, state="visible")
        post(
            "claimed",
            "cy",
            "Someone else is on this one.",
            4,
            claimed_by="mo",
            claimed_until=to_wire(utc_now() + timedelta(minutes=4)),
        )
        for i in range(8):
            post(f"b{i}", "bob", f"Bulk candidate number {i}.", 10 + i)
        s.flush()
        for rid, reporter, reason, pid, note in (
            ("r1", "bob", "scam", "hot", "Phishing for bank logins"),
            ("r2", "cy", "spam", "hot", ""),
            ("r0", "bob", "spam", "old1", ""),
        ):
            s.add(
                Report(
                    id=rid,
                    post_id=pid,
                    reporter_id=reporter,
                    reason=reason,
                    note=note,
                    created_at=T0 + timedelta(minutes=30),
                )
            )
    ws.close()


@pytest.fixture
def studio(qapp: QApplication, data_dir: Path, qtbot) -> Iterator[Studio]:
    seed(workspace_path(data_dir, "mod"))
    app = Studio(qapp, data_dir, "mod", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.workspace is not None, timeout=20_000)
    app.window.resize(1440, 900)
    app.window.activateWindow()
    assert QTest.qWaitForWindowActive(app.window, 5000)
    yield app
    app.window.close()
    app.shut_down()


def open_page(studio: Studio, qtbot):
    studio.window.show_page("moderation")
    page = studio.window.pages["moderation"]
    qtbot.waitUntil(lambda: page.model.rowCount() >= 10, timeout=20_000)
    assert isinstance(page.aside, ModerationAside)
    page.table.setFocus()
    return page


def go_to(page, qtbot, post_id: str) -> None:
    """Move with j/k until ``post_id`` is the item shown."""
    ids = page.model.ids()
    target = ids.index(post_id)
    number = page.current()[0]
    while number != target:
        qtbot.keyClick(page.table, Qt.Key.Key_J if number < target else Qt.Key.Key_K)
        number = page.current()[0]
    pane = page.aside.pane
    qtbot.waitUntil(
        lambda: pane.shown is not None and pane.shown.post_id == post_id, timeout=10_000
    )


def test_the_context_beside_the_post_and_a_strike_with_a_removal(studio: Studio, qtbot) -> None:
    page = open_page(studio, qtbot)
    go_to(page, qtbot, "hot")
    pane = page.aside.pane
    text = pane.view.toPlainText()
    # The reports with their reporters (Bob's earlier report was upheld), the thread around the
    # post, and the author's history: posts, removals, reports, decisions, notes and strikes.
    assert "Reports (2)" in text
    assert "scam · Bob" in text and "Phishing for bank logins" in text
    assert "1 of 1 earlier reports upheld" in text
    assert "Thread: Cash flow" in text
    assert text.index("Which bank for invoices?") < text.index("▶") < text.index("link looks")
    assert "Ada (Ada Ltd)" in text and "1 strike" in text
    assert "2 posts, 1 removed, 3 reports against them" in text
    assert "Strike: Spam in June" in text
    assert "Removed by mo" in text and "Buy cheap followers now" in text
    pane.grab().save(str(SHOTS / "h6-context-pane.png"))

    # A strike and a note go with the removal: r, 1, Enter.
    pane.strike.setChecked(True)
    qtbot.keyClicks(pane.note, "Phishing link to a fake bank login")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_R)
    qtbot.keyClick(page.post.reasons, Qt.Key.Key_1)
    qtbot.keyClick(page.post.reasons, Qt.Key.Key_Return)

    def queued() -> list[OutboxOp]:
        with studio.workspace.reading() as s:
            return list(s.scalars(select(OutboxOp).where(OutboxOp.record_type == "member")))

    qtbot.waitUntil(lambda: len(queued()) == 1, timeout=10_000)
    (op,) = queued()
    assert (op.record_id, op.action) == ("ada", "strike")
    assert op.data["text"] == "Phishing link to a fake bank login" and op.data["post_id"] == "hot"
    assert not pane.strike.isChecked() and pane.note.text() == ""  # used once, then cleared

    def decided() -> list[str]:
        with studio.workspace.reading() as s:
            return list(s.scalars(select(Decision.action).where(Decision.post_id == "hot")))

    qtbot.waitUntil(lambda: decided() == ["remove"], timeout=10_000)
    # The author's record now has the strike, waiting to sync, and counts it.
    ada = post_context(studio.workspace, "old1")
    assert ada.strikes == 2 and ada.notes[0].waiting and ada.notes[0].kind == "strike"


def test_images_are_veiled_until_revealed_and_links_say_where_they_go(
    studio: Studio, qtbot
) -> None:
    page = open_page(studio, qtbot)
    go_to(page, qtbot, "hot")
    body = page.post.body
    assert isinstance(body, PostBrowser)
    url = QUrl(f"attachment:{SHA}")

    def shown_image() -> QImage:
        found = body.document().resource(QTextDocument.ResourceType.ImageResource.value, url)
        return found if isinstance(found, QImage) else QImage()

    qtbot.waitUntil(lambda: not shown_image().isNull(), timeout=10_000)
    veiled = shown_image()
    assert body.veiled()
    assert is_grey(veiled) and sharpness(veiled) < 8  # grey and blurred: the stripes are gone
    qtbot.waitUntil(lambda: "press m or click one" in body.toPlainText())
    page.post.grab().save(str(SHOTS / "h6-blurred-image.png"))
    studio.window.grab().save(str(SHOTS / "h6-window.png"))

    # m shows it as it is; m again veils it.
    qtbot.keyClick(page.table, Qt.Key.Key_M)
    assert body.revealed and not is_grey(shown_image()) and sharpness(shown_image()) > 20
    assert "press m or click one" not in body.toPlainText()
    qtbot.keyClick(page.table, Qt.Key.Key_M)
    assert is_grey(shown_image())
    # A click on the image reveals it too.
    cursor = QTextCursor(body.document())
    found = body.document().find("\ufffc")  # the object replacement character of the image
    assert not found.isNull()
    cursor.setPosition(found.selectionStart())
    point = body.cursorRect(cursor).center() + QPoint(4, -4)
    qtbot.mouseClick(body.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: body.revealed)

    # Both settings: without blur the image is still grey; without either it is as it is.
    pane = page.aside.pane
    qtbot.keyClick(page.table, Qt.Key.Key_M)  # veiled again
    pane.blur.click()
    assert studio.settings.blur_media is False
    assert is_grey(shown_image()) and sharpness(shown_image()) > 20
    pane.grey.click()
    assert studio.settings.greyscale_media is False and not body.veiled()
    assert not is_grey(shown_image())
    pane.blur.click()
    pane.grey.click()

    # The link's text names one address and goes to another: flagged, in the text and above.
    assert body.misleading_links == [("www.bank.example", "http://evil.example/login")]
    assert "Careful: 1 link(s) here show one address and go to another." in body.toPlainText()
    # Hovering it shows its real target in the status bar.
    ((position, _length, _text, _href),) = body._misleading_anchors()
    cursor.setPosition(position + 3)
    where = body.cursorRect(cursor).center()
    qtbot.mouseMove(body.viewport(), where + QPoint(0, 1))
    qtbot.mouseMove(body.viewport(), where)
    qtbot.waitUntil(
        lambda: "http://evil.example/login" in studio.window.statusBar().currentMessage()
    )


def test_a_colleagues_claim_is_shown(studio: Studio, qtbot) -> None:
    page = open_page(studio, qtbot)
    go_to(page, qtbot, "claimed")
    banner = page.aside.pane.banner
    qtbot.waitUntil(lambda: banner.isVisible())
    assert banner.text().startswith("Claimed by mo until ")


def test_bulk_removal_leaves_out_and_names_an_item_decided_meanwhile(studio: Studio, qtbot) -> None:
    page = open_page(studio, qtbot)
    go_to(page, qtbot, "b0")
    for _ in range(5):  # x adds the item shown to the set and moves on
        qtbot.keyClick(page.table, Qt.Key.Key_X)
    chosen = page.aside.selected_ids()
    assert chosen == [f"b{i}" for i in range(5)]
    qtbot.keyClick(page.table, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: page.aside.bulk_dialog is not None, timeout=10_000)
    dialog = page.aside.bulk_dialog
    assert isinstance(dialog, BulkDialog)
    qtbot.waitUntil(dialog.isVisible)
    listed = [dialog.list.item(n).text() for n in range(dialog.list.count())]
    assert len(listed) == 5
    assert listed[2].startswith("Bob · Cash flow · Awaiting approval")
    assert "Bulk candidate number 2." in listed[2]
    assert dialog.confirm.text() == "Remove 5 post(s)"

    # While the list is open, a colleague's removal of b3 arrives (as the sync would write it).
    with studio.workspace.writing() as w:
        post = w.session.get(Post, "b3")
        post.version += 1
        post.state = "removed"
        post.decision = {"action": "remove", "reason": "Spam", "by": "mo", "at": to_wire(utc_now())}
        w.changed["post"].add("b3")
    qtbot.waitUntil(lambda: "b3" in dialog.changed, timeout=10_000)
    assert "Decided by mo meanwhile" in dialog.list.item(3).text()
    assert dialog.confirm.text() == "Remove 4 post(s)"
    dialog.grab().save(str(SHOTS / "h6-bulk-confirmation.png"))

    dialog.reason.setCurrentIndex(0)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert sorted(dialog.outcome.decided) == ["b0", "b1", "b2", "b4"]
    assert [left.item.id for left in dialog.outcome.left_out] == ["b3"]
    shown = dialog.result.text()
    assert "4 post(s) decided." in shown
    assert "“Bulk candidate number 3.”: removed by mo at " in shown
    with studio.workspace.reading() as s:
        made = {d.post_id: d.action for d in s.scalars(select(Decision))}
    assert made == {"b0": "remove", "b1": "remove", "b2": "remove", "b4": "remove"}
    dialog.grab().save(str(SHOTS / "h6-bulk-done.png"))
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)  # Close
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: "b0" not in page.model.ids(), timeout=10_000)


def test_veil_and_misleading_links_alone() -> None:
    image = QImage.fromData(PNG)
    assert is_grey(veil(image, blur=False, grey=True))
    assert sharpness(veil(image, blur=True, grey=False)) < 8 < sharpness(image)
    assert misleading("www.bank.example", "http://evil.example/")
    assert misleading("https://bank.example/login", "https://bank.example.evil.test/")
    assert not misleading("bank.example", "https://www.bank.example/x")
    assert not misleading("our guide", "https://evil.example/")


def is_grey(image: QImage) -> bool:
    return all(
        (c := image.pixelColor(x, y)).red() == c.green() == c.blue()
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    )


def sharpness(image: QImage) -> int:
    """The largest step of grey between two neighbouring pixels across the stripes: the
    stripes' edges when sharp, a few levels when blurred."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    row = [grey.pixelColor(x, 10).red() for x in range(grey.width())]
    return max(abs(a - b) for a, b in itertools.pairwise(row))


def test_select_all_shown_lists_exactly_the_items_shown(studio: Studio, qtbot) -> None:
    page = open_page(studio, qtbot)
    shown = page.model.ids()
    assert page.aside.act_all.text() == f"Select all {len(shown)} shown (Ctrl+A)"
    qtbot.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.table, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: page.aside.bulk_dialog is not None, timeout=10_000)
    dialog = page.aside.bulk_dialog
    listed = [
        dialog.list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(dialog.list.count())
    ]
    assert listed == shown
    assert dialog.confirm.text() == f"Remove {len(shown)} post(s)"
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with studio.workspace.reading() as s:
        assert s.scalars(select(Decision)).all() == []  # cancelled: nothing decided


def test_a_post_stayed_on_is_claimed_and_its_claim_kept_while_it_is_shown(
    data_dir: Path, qtbot
) -> None:
    from types import SimpleNamespace

    from studio.editors.moderation.claims import ClaimKeeper
    from studio.store import replica
    from studio.tasks import ImmediateTaskRunner

    path = workspace_path(data_dir, "claims")
    seed(path)
    ws = Workspace.open(path, "claims")
    replica.link(ws, "http://127.0.0.1:9", "me")  # a Hub to tell (never reached here)
    asked: list[int] = []
    keeper = ClaimKeeper(
        SimpleNamespace(workspace=ws, tasks=ImmediateTaskRunner()),
        lambda: asked.append(1),
        dwell_ms=20,
    )
    keeper._renew.setInterval(50)

    def claims() -> list[tuple[str, dict]]:
        with ws.reading() as s:
            return [
                (o.record_id, o.data)
                for o in s.scalars(select(OutboxOp).where(OutboxOp.action == "claim"))
            ]

    keeper.opened("b0")
    keeper.opened("b1")  # moved on before the dwell: b0 is not claimed
    qtbot.waitUntil(lambda: claims() == [("b1", {"minutes": 5})])
    assert asked == [1]  # a sync was asked for at once
    qtbot.wait(200)
    assert len(claims()) == 1  # five minutes left: not renewed yet
    with ws.writing() as w:  # the claim went to the Hub; time passes: 30 s left
        w.session.execute(
            update(OutboxOp).where(OutboxOp.action == "claim").values(state="applied", attempts=1)
        )
        w.session.get(Post, "b1").claimed_until = to_wire(utc_now() + timedelta(seconds=30))
    qtbot.waitUntil(lambda: len(claims()) == 2)
    keeper.opened("claimed")  # a colleague's running claim: nothing sent
    qtbot.wait(200)
    assert [c[0] for c in claims()] == ["b1", "b1"] and len(asked) == 2
    # Offline, a claim never sent gives way to the next one: only the post looked at now.
    keeper.opened("b2")
    qtbot.waitUntil(lambda: [c[0] for c in claims()] == ["b1", "b2"])
    keeper.opened("b3")
    qtbot.waitUntil(lambda: [c[0] for c in claims()] == ["b1", "b3"])
    ws.close()
