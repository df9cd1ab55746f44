"""An article's review as editors and admins meet it: the workflow moves each role may make (a
refused one says why), edits of a published article waiting as a pending revision (the live
text stays) that an admin approves or anyone discards, and review comments on a passage, synced
through a real Hub to a second Studio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from studio.app import Studio
from studio.editors.article.editor import ArticleEditor
from studio.editors.article.page import ArticlesPage
from studio.editors.article.review import CompareDialog, qt_position
from studio.store import replica
from studio.store.review import article_comments, pending_revision, set_resolved
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from studio.sync.engine import SyncEngine
from tests.hub.hubproc import PASSWORD, HubProcess

LIVE = "# Rates\n\nThe rate is 3%.\n\nAsk your adviser.\n"
SHOTS = Path("/tmp/team")


def synced_article(ws: Workspace, status: str, article_id: str = "art-1") -> None:
    """An article as it arrives from the Hub's feed (not a local change)."""
    data = {
        "id": article_id,
        "version": 4,
        "title": "Rates explained",
        "slug": "rates-explained",
        "summary": "",
        "body": LIVE,
        "tags": [],
        "language": "en",
        "status": status,
        "publish_at": None,
        "author_id": None,
        "featured_attachment": None,
        "views": 0,
        "staged": None,
    }
    change = {"seq": 1, "type": "article", "id": article_id, "version": 4, "data": data}
    replica.apply_page(ws, [change], "1")


def start(qapp: QApplication, data_dir: Path, qtbot, name: str) -> Studio:
    app = Studio(qapp, data_dir, name, show_dialogs=False)
    # No keyring here: the app's own sync would ask to sign in, over the window under test
    # (the end-to-end test syncs with tokens of its own).
    app.show_sign_in = lambda *_args: None  # type: ignore[method-assign]
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: "articles" in app.window.pages, timeout=10_000)
    app.window.resize(1440, 900)
    app.window.show()
    app.window.activateWindow()
    QTest.qWaitForWindowActive(app.window, 5000)
    return app


@pytest.fixture
def studio_as(qapp: QApplication, data_dir: Path, qtbot) -> Iterator:
    """studio_as(role, status): a Studio signed to a Hub as ``role`` (no sync: the Hub's
    port is closed) holding one article in ``status`` synced from it."""
    apps: list[Studio] = []

    def make(role: str, status: str) -> Studio:
        ws = Workspace.open(workspace_path(data_dir, role), role)
        replica.link(ws, "http://127.0.0.1:9", role, role)
        synced_article(ws, status)
        ws.close()
        app = start(qapp, data_dir, qtbot, role)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.window.close()
        app.shut_down()


def open_article(app: Studio, qtbot) -> tuple[ArticlesPage, ArticleEditor]:
    app.window.show_page("articles")
    page: ArticlesPage = app.window.pages["articles"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor = page.editor
    assert editor is not None
    qtbot.waitUntil(
        lambda: editor.text.toPlainText() == LIVE and editor.save_state.text() == "Saved"
    )
    # Shortcuts need the window active (a window of an earlier test may have taken it).
    app.window.raise_()
    app.window.activateWindow()
    assert QTest.qWaitForWindowActive(app.window, 5000)
    editor.text.setFocus()
    return page, editor


def type_at_end(editor: ArticleEditor, qtbot, text: str) -> None:
    editor.text.setFocus()
    editor.text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.text, text)


def moves(editor: ArticleEditor) -> dict[str, tuple[bool, str]]:
    """Each move's label: (enabled, why not: its tooltip, "" when that is only the label)."""
    actions = editor.details.move_menu.actions()
    return {
        a.text(): (a.isEnabled(), "" if a.toolTip() == a.text() else a.toolTip()) for a in actions
    }


# -- who may move an article where --------------------------------------------------------------


def test_an_editor_may_not_publish_and_each_refused_move_says_why(studio_as, qtbot) -> None:
    app = studio_as("editor", "approved")
    _page, editor = open_article(app, qtbot)
    shown = moves(editor)
    assert set(shown) == {
        "Schedule (an admin's move)",
        "Publish now (an admin's move)",
        "Back to draft",
    }
    for label in ("Schedule (an admin's move)", "Publish now (an admin's move)"):
        enabled, why = shown[label]
        assert not enabled
        assert why == "Only an admin may do this; you are signed in as an editor."
    assert shown["Back to draft"] == (True, "")
    editor.details.move_menu.actions()[2].trigger()  # back to draft: an editor's move
    qtbot.waitUntil(lambda: app.workspace.article("art-1").status == "draft")
    qtbot.waitUntil(lambda: editor.details.move.text() == "Draft ▾")
    assert list(moves(editor)) == ["Submit for review"]


def test_an_admin_may_publish_and_archive(studio_as, qtbot) -> None:
    app = studio_as("admin", "approved")
    _page, editor = open_article(app, qtbot)
    shown = moves(editor)
    assert shown["Publish now"] == (True, "")
    assert shown["Back to draft"] == (True, "")
    # Scheduling needs a time first: refused, and the menu says what to do.
    assert shown["Schedule (set a publish time first)"][0] is False
    assert "publish time" in shown["Schedule (set a publish time first)"][1]
    publish = next(a for a in editor.details.move_menu.actions() if a.text() == "Publish now")
    publish.trigger()
    qtbot.waitUntil(lambda: app.workspace.article("art-1").status == "published")
    qtbot.waitUntil(lambda: editor.details.move.text() == "Published ▾")
    assert moves(editor) == {"Archive": (True, "")}


# -- a published article's pending revision -----------------------------------------------------


def test_an_editor_s_edit_of_a_published_article_waits_and_the_live_text_stays(
    studio_as, qtbot
) -> None:
    app = studio_as("editor", "published")
    page, editor = open_article(app, qtbot)
    banner = page.banner
    assert banner is not None and not banner.isVisible()
    type_at_end(editor, qtbot, "Rates change on 1 May.")
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert banner.message.text().startswith(
        "Pending revision — the live article stays as published until approved."
    )
    assert "Changed: text." in banner.message.text()
    assert banner.discard.isVisible() and not banner.approve.isVisible()  # an admin approves
    assert app.workspace.live_article("art-1").body == LIVE  # readers see no change
    assert editor.text.toPlainText() == LIVE + "Rates change on 1 May."
    page.grab().save(str(SHOTS / "review-pending-banner.png"))

    qtbot.mouseClick(banner.compare, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: banner.findChild(CompareDialog) is not None)
    dialog = banner.findChild(CompareDialog)
    shown = dialog.diff.toPlainText()
    assert "Ask your adviser." in shown and "Rates change on 1 May." in shown
    dialog.grab().save(str(SHOTS / "review-compare.png"))
    dialog.close()

    # The library says it too.
    qtbot.mouseClick(editor.back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.library)
    qtbot.waitUntil(lambda: page.model.row(0) is not None and page.model.row(0).pending)
    index = page.model.index(0, 1)
    assert page.model.data(index) == "Published, revision pending"
    assert not banner.isVisible()

    # Discarded: the editor shows the live text again, and nothing is pending.
    page.open_article("art-1")
    qtbot.waitUntil(banner.isVisible)
    qtbot.mouseClick(banner.discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible())
    qtbot.waitUntil(lambda: editor.text.toPlainText() == LIVE)
    assert pending_revision(app.workspace, "art-1") is None


def test_an_admin_approves_the_pending_revision_and_it_goes_live(studio_as, qtbot) -> None:
    app = studio_as("admin", "published")
    page, editor = open_article(app, qtbot)
    banner = page.banner
    type_at_end(editor, qtbot, "Approved addition.")
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert banner.approve.isVisible() and banner.approve.text() == "&Approve and publish"
    assert app.workspace.live_article("art-1").body == LIVE
    qtbot.mouseClick(banner.approve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert app.workspace.live_article("art-1").body == LIVE + "Approved addition."
    assert editor.text.toPlainText() == LIVE + "Approved addition."
    # The live text before the approval is in the history: it can be restored.
    reasons = [r.reason for r in app.workspace.article_revisions("art-1")]
    assert reasons[0] == "approve"


def test_a_restore_of_a_published_article_is_a_pending_revision(studio_as, qtbot) -> None:
    from studio.editors.article.history import HistoryDialog

    app = studio_as("editor", "published")
    page, editor = open_article(app, qtbot)
    editor.save_revision()  # Ctrl+S
    qtbot.waitUntil(lambda: editor.save_state.text() == "Revision kept")
    type_at_end(editor, qtbot, "Extra.")
    qtbot.waitUntil(page.banner.isVisible, timeout=5000)
    page.banner.discard.click()
    qtbot.waitUntil(lambda: not page.banner.isVisible())
    qtbot.waitUntil(lambda: editor.text.toPlainText() == LIVE)
    # The discarded revision is in the history; restoring it makes it pending again.
    editor.show_history()
    dialog = editor.findChild(HistoryDialog)
    qtbot.waitUntil(lambda: dialog.revisions.count() == 2)
    assert dialog.revisions.item(0).text().endswith("· Discarded · Pending revision")
    dialog.revisions.setCurrentRow(0)
    qtbot.mouseClick(dialog.restore, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.findChild(HistoryDialog) is None)
    qtbot.waitUntil(page.banner.isVisible)
    qtbot.waitUntil(lambda: editor.text.toPlainText() == LIVE + "Extra.")
    assert app.workspace.live_article("art-1").body == LIVE


# -- review comments ----------------------------------------------------------------------------


def select_text(editor: ArticleEditor, passage: str) -> None:
    text = editor.text.toPlainText()
    start = text.index(passage)
    cursor = editor.text.textCursor()
    cursor.setPosition(qt_position(text, start))  # Qt counts an emoji as two
    cursor.setPosition(qt_position(text, start + len(passage)), QTextCursor.MoveMode.KeepAnchor)
    editor.text.setTextCursor(cursor)


def comment_on(page: ArticlesPage, editor: ArticleEditor, qtbot, passage: str, text: str) -> None:
    select_text(editor, passage)
    editor.text.setFocus()
    qtbot.keyClick(
        editor.text,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    comments = page.comments
    qtbot.waitUntil(lambda: comments.composer.isVisible())
    assert comments.quote.text() == f"On “{passage}”"
    qtbot.keyClicks(comments.input, text)
    qtbot.mouseClick(comments.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not comments.composer.isVisible())


def shaded(editor: ArticleEditor) -> list[str]:
    """The passages the editor shades as commented on."""
    return [
        s.cursor.selectedText()
        for s in editor.text.extraSelections()
        if s.format.background().color().name() == "#fde9a8"
    ]


def items(page: ArticlesPage) -> list[str]:
    comments = page.comments
    return [comments.list.item(i).text() for i in range(comments.list.count())]


def test_a_comment_on_a_passage_follows_it_and_is_resolved(studio_as, qtbot) -> None:
    app = studio_as("editor", "draft")
    page, editor = open_article(app, qtbot)
    comments = page.comments
    assert comments is not None and not comments.isVisible()
    # Nothing selected: the panel says what to do.
    editor.text.setFocus()
    ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(editor.text, Qt.Key.Key_M, ctrl_alt)
    assert comments.state.text() == "Select the passage to comment on first."
    comment_on(page, editor, qtbot, "3%", "Is it still 3% in May?")
    qtbot.waitUntil(lambda: len(items(page)) == 1)
    assert items(page)[0].startswith("“3%”\nIs it still 3% in May?\neditor")
    assert comments.heading.text() == "Comments: 1 open"
    qtbot.waitUntil(lambda: shaded(editor) == ["3%"])  # the passage shaded in the text

    # A reply, under the comment it answers.
    comments.list.setCurrentRow(0)
    qtbot.mouseClick(comments.reply, Qt.MouseButton.LeftButton)
    assert comments.quote.text() == "Reply to editor on “3%”"
    qtbot.keyClicks(comments.input, "Yes, until June.")
    qtbot.keyClick(comments.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(items(page)) == 2)
    assert items(page)[1].startswith("↳ Yes, until June.\neditor")
    assert comments.heading.text() == "Comments: 1 open"

    # Text typed before the passage: a click still selects the passage.
    editor.text.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClicks(editor.text, "Draft. ")
    qtbot.wait(600)
    item = comments.list.item(0)
    rect = comments.list.visualItemRect(item)
    qtbot.mouseClick(comments.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.text.textCursor().selectedText() == "3%"
    page.grab().save(str(SHOTS / "review-comments.png"))
    editor.text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.wait(150)
    editor.text.grab().save(str(SHOTS / "review-comment-shaded.png"))

    # The passage rewritten: the comment says it is orphaned.
    select_text(editor, "3%")
    qtbot.keyClicks(editor.text, "three per cent")
    qtbot.waitUntil(lambda: "⚠ passage gone" in items(page)[0], timeout=3000)
    qtbot.waitUntil(lambda: shaded(editor) == [])
    qtbot.mouseClick(
        comments.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=comments.list.visualItemRect(comments.list.item(0)).center(),
    )
    assert "no longer in the text" in comments.state.text()

    # Resolved: hidden, unless resolved ones are shown.
    comments.list.setCurrentRow(1)  # the reply: its thread is resolved
    qtbot.mouseClick(comments.resolve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: items(page) == [])
    assert comments.heading.text() == "Comments: 0 open · 1 resolved"
    comments.show_resolved.click()
    qtbot.waitUntil(lambda: len(items(page)) == 2 and "✓ resolved" in items(page)[0])
    assert comments.resolve.text() == "Reopen" or comments.list.currentItem() is None


def test_a_comment_reaches_a_second_studio_through_a_real_hub(
    hub: HubProcess, qapp: QApplication, data_dir: Path, tmp_path: Path, qtbot
) -> None:
    def engine(ws: Workspace, account: str) -> SyncEngine:
        token = HubClient(hub.url).sign_in(account, PASSWORD).access_token
        return SyncEngine(ws, HubClient(hub.url, lambda: token))

    # The admin (a Studio without a window) publishes the article.
    admin = Workspace.open(workspace_path(tmp_path, "admin"), "admin")
    replica.link(admin, hub.url, "admin", "admin")
    admin_sync = engine(admin, "admin")
    article_id = admin.create_article("Rates explained", LIVE)
    for status in ("in_review", "approved", "published"):
        admin.set_article_status(article_id, status)  # type: ignore[arg-type]
    assert admin_sync.sync().rejected == 0

    # The editor's Studio, with its window.
    ws = Workspace.open(workspace_path(data_dir, "editor"), "editor")
    replica.link(ws, hub.url, "editor", "editor")
    engine(ws, "editor").sync()
    assert ws.article(article_id).status == "published"
    ws.close()
    app = start(qapp, data_dir, qtbot, "editor")
    try:
        editor_sync = engine(app.workspace, "editor")
        page, editor = open_article(app, qtbot)
        comment_on(page, editor, qtbot, "Ask your adviser.", "Name the adviser's desk.")
        type_at_end(editor, qtbot, "Call 0800 000.")
        qtbot.waitUntil(page.banner.isVisible, timeout=5000)
        qtbot.waitUntil(lambda: replica.state(app.workspace)["queued"] == 2)
        report = editor_sync.sync()
        assert (report.rejected, report.conflicts) == (0, 0)

        # The admin's Studio sees the comment on its passage, and the pending revision.
        admin_sync.sync()
        [seen] = article_comments(admin, article_id)
        assert (seen.anchor.quote, seen.body, seen.author) == (
            "Ask your adviser.",
            "Name the adviser's desk.",
            "editor",
        )
        assert admin.live_article(article_id).body == LIVE
        pending = pending_revision(admin, article_id)
        assert pending is not None and pending.fields["body"] == LIVE + "Call 0800 000."
        # It resolves the comment and approves the revision; the editor's window follows.
        from studio.store.review import approve_pending

        set_resolved(admin, seen.id)
        approve_pending(admin, article_id)
        assert admin_sync.sync().rejected == 0
        editor_sync.sync()
        qtbot.waitUntil(lambda: not page.banner.isVisible(), timeout=5000)
        qtbot.waitUntil(lambda: items(page) == [], timeout=5000)
        assert page.comments.heading.text() == "Comments: 0 open · 1 resolved"
        assert app.workspace.live_article(article_id).body == LIVE + "Call 0800 000."
        assert editor.text.toPlainText() == LIVE + "Call 0800 000."
    finally:
        app.window.close()
        app.shut_down()
        admin.close()


def test_passages_after_an_emoji_are_selected_exactly(studio_as, qtbot) -> None:
    """Qt counts an emoji as two positions, Python as one character: the passage selected is
    the one commented on, not one shifted by the emoji before it."""
    app = studio_as("editor", "draft")
    page, editor = open_article(app, qtbot)
    editor.text.moveCursor(QTextCursor.MoveOperation.Start)
    editor.text.insertPlainText("Fun 😀 fact. ")  # pasted: QTest types no emoji
    comment_on(page, editor, qtbot, "fact", "Source?")
    qtbot.waitUntil(lambda: len(items(page)) == 1)
    assert app.workspace is not None
    [row] = article_comments(app.workspace, "art-1")
    assert row.anchor.quote == "fact"
    editor.text.moveCursor(QTextCursor.MoveOperation.End)
    page.comments.list.setCurrentRow(0)
    qtbot.keyClick(page.comments.list, Qt.Key.Key_Return)
    assert editor.text.textCursor().selectedText() == "fact"
    qtbot.waitUntil(lambda: shaded(editor) == ["fact"])
