"""The kit as an editor meets it: Ctrl+Shift+K in the editor, type to search, insert a snippet at
the cursor (its variables asked for, prefilled from the article), a new article from a template,
and a new kit item whose broken variable is refused with the text kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView

from studio.app import Studio
from studio.editors.article.editor import ArticleEditor
from studio.editors.article.kit import KitDialog, KitItemDialog, VariablesDialog
from studio.store.kit import create_kit_item, kit_page
from studio.store.models import Article
from studio.store.workspace import Workspace, workspace_path

BODY = "# Guide\n\nIntro paragraph.\n\nOutro.\n"
SHOTS = Path("/tmp/team")
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def studio(qapp: QApplication, data_dir: Path, qtbot) -> Iterator[Studio]:
    ws = Workspace.open(workspace_path(data_dir, "desk"), "desk")
    ws.create_article("Budget guide", BODY, summary="How to plan")
    create_kit_item(ws, "Risk warning", "> **Capital at risk.** Not advice.\n", tags=["compliance"])
    create_kit_item(ws, "Welcome a member", "Welcome, {member_name}! — {author}, for “{title}”.")
    create_kit_item(
        ws,
        "Webinar recap",
        "# {title}\n\n**{speaker}** spoke on {date}. Code: `{{x}}`\n",
        kind="template",
        tags=["webinar"],
    )
    ws.close()
    app = Studio(qapp, data_dir, "desk", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.workspace is not None, timeout=10_000)
    app.window.resize(1280, 800)
    app.window.activateWindow()
    assert QTest.qWaitForWindowActive(app.window, 5000)
    yield app
    app.window.close()
    app.shut_down()


def articles(studio: Studio):  # -> ArticlesPage
    page = studio.window.pages.get("articles")
    if page is None or not page.isVisible():
        studio.window.show_page("articles")
        page = studio.window.pages["articles"]
    return page


def open_guide(studio: Studio, qtbot) -> ArticleEditor:
    page = articles(studio)
    table = page.findChild(QTableView)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    editor = page.findChild(ArticleEditor)
    qtbot.waitUntil(lambda: editor.text.toPlainText() == BODY)
    return editor


def kit_dialog(qtbot) -> KitDialog:
    found: list[KitDialog] = []

    def shown() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, KitDialog) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def titles(dialog: KitDialog) -> list[str]:
    return [dialog.model.row(i).title for i in range(dialog.model.rowCount())]


def shown_values(dialog: KitDialog, qtbot) -> VariablesDialog:
    found: list[VariablesDialog] = []

    def shown() -> bool:
        found[:] = [w for w in dialog.findChildren(VariablesDialog) if w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def stored(studio: Studio, title: str) -> Article | None:
    with studio.workspace.reading() as s:
        return s.query(Article).filter(Article.title == title).one_or_none()


def test_insert_a_snippet_at_the_cursor_with_its_variables(studio: Studio, qtbot) -> None:
    editor = open_guide(studio, qtbot)
    cursor = editor.text.textCursor()
    cursor.setPosition(BODY.index("Outro."))
    editor.text.setTextCursor(cursor)
    qtbot.keyClick(
        editor.text,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = kit_dialog(qtbot)
    qtbot.waitUntil(dialog.search.hasFocus)
    qtbot.waitUntil(lambda: titles(dialog) == ["Risk warning", "Webinar recap", "Welcome a member"])
    # Search as you type: the body and tags count too.
    qtbot.keyClicks(dialog.search, "capital")
    qtbot.waitUntil(lambda: titles(dialog) == ["Risk warning"])
    qtbot.waitUntil(lambda: "Capital at risk." in dialog.preview.toPlainText())
    assert "**" not in dialog.preview.toPlainText()  # rendered, not shown as Markdown
    dialog.grab().save(str(SHOTS / "kit-dialog.png"))
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    expected = BODY.replace("Outro.", "> **Capital at risk.** Not advice.\nOutro.")
    assert editor.text.toPlainText() == expected
    qtbot.waitUntil(editor.text.hasFocus)
    # Saved like typing; one Ctrl+Z takes the whole insertion back.
    qtbot.waitUntil(lambda: stored(studio, "Budget guide").body == expected, timeout=3000)
    qtbot.keyClick(editor.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.text.toPlainText() == BODY

    # A snippet with variables: a form asks for each, prefilled from the article's metadata.
    qtbot.keyClick(
        editor.text,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = kit_dialog(qtbot)
    qtbot.keyClicks(dialog.search, "welcome")
    qtbot.waitUntil(lambda: titles(dialog) == ["Welcome a member"])
    qtbot.waitUntil(lambda: dialog.use_button.isEnabled())
    assert "{member_name}, {author}, {title}" in dialog.info.text()
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    form = shown_values(dialog, qtbot)
    assert form.fields["title"].text() == "Budget guide"  # from the article
    assert form.fields["member_name"].text() == "" and form.fields["member_name"].hasFocus()
    qtbot.keyClicks(form.fields["member_name"], "Ana")
    qtbot.keyClicks(form.fields["author"], "Lea")  # QTest aborts on non-ASCII keys
    form.grab().save(str(SHOTS / "kit-variables.png"))
    qtbot.keyClick(form.fields["author"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "Welcome, Ana! — Lea, for “Budget guide”.Outro." in editor.text.toPlainText()


def test_a_new_article_from_a_template(studio: Studio, qtbot) -> None:
    page = articles(studio)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.grab().save(str(SHOTS / "kit-library.png"))
    page.kit.act_template.trigger()
    dialog = kit_dialog(qtbot)
    assert dialog.use_button.text() == "New article"
    qtbot.waitUntil(lambda: titles(dialog) == ["Webinar recap"])  # templates only
    qtbot.waitUntil(lambda: dialog.use_button.isEnabled())
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    form = shown_values(dialog, qtbot)
    assert list(form.fields) == ["title", "speaker", "date"]
    assert form.fields["title"].text() == "Webinar recap" and form.fields["date"].text()
    form.fields["title"].selectAll()
    qtbot.keyClicks(form.fields["title"], "Cash management, the recap")
    qtbot.keyClicks(form.fields["speaker"], "Ana Duval")
    date = form.fields["date"].text()
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    editor = page.findChild(ArticleEditor)
    qtbot.waitUntil(lambda: editor is not None or page.findChild(ArticleEditor) is not None)
    editor = page.findChild(ArticleEditor)
    expected = f"# Cash management, the recap\n\n**Ana Duval** spoke on {date}. Code: `{{x}}`\n"
    qtbot.waitUntil(lambda: editor.text.toPlainText() == expected)
    assert editor.title.text() == "Cash management, the recap" and editor.isVisible()
    article = stored(studio, "Cash management, the recap")
    assert article is not None and article.tags == ["webinar"] and article.status == "draft"


def test_a_new_kit_item_with_a_broken_variable_is_refused_and_kept(studio: Studio, qtbot) -> None:
    page = articles(studio)
    page.kit.act_kit.trigger()
    dialog = kit_dialog(qtbot)
    qtbot.waitUntil(lambda: len(titles(dialog)) == 3)
    assert dialog.use_button.text() == "New article"  # no article open: templates only
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    item = dialog.findChild(KitItemDialog)
    qtbot.waitUntil(lambda: item.isVisible())
    qtbot.keyClicks(item.title, "Signature")
    item.body.setFocus()
    qtbot.keyClicks(item.body, "Best regards,")
    qtbot.keyClick(item.body, Qt.Key.Key_Return)
    qtbot.keyClicks(item.body, "{sender")
    qtbot.mouseClick(item.save_button, Qt.MouseButton.LeftButton)
    assert "Line 2, column 1" in item.message.text() and "not closed" in item.message.text()
    assert item.isVisible() and item.body.toPlainText() == "Best regards,\n{sender"
    qtbot.wait(50)  # the layout makes room for the message
    item.grab().save(str(SHOTS / "kit-item-refused.png"))
    # The cursor was put on the brace at fault; the fix goes at the end.
    assert item.body.textCursor().position() == len("Best regards,\n") and item.body.hasFocus()
    item.body.moveCursor(item.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(item.body, "}")
    qtbot.mouseClick(item.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not item.isVisible())
    qtbot.waitUntil(lambda: "Signature" in titles(dialog))
    rows = {r.title: r for r in kit_page(studio.workspace, None, 50)}
    assert rows["Signature"].approved  # a local workspace's own items: approved at once
    search = dialog.findChild(QLineEdit, "kit-search")
    assert search is dialog.search


def test_a_colleagues_proposal_waits_for_approval_then_is_offered(studio: Studio, qtbot) -> None:
    from studio.store.models import KitItem

    with studio.workspace.writing() as w:  # as the feed brings a colleague's proposal
        w.session.add(
            KitItem(
                id="proposal-1",
                version=1,
                title="Closing line",
                kind="snippet",
                body="Thanks for reading.",
                tags=[],
                language="en",
                approved=False,
                proposed_by="bob",
                updated_at=w.now,
            )
        )
    editor = open_guide(studio, qtbot)
    qtbot.keyClick(editor.text, Qt.Key.Key_K, CTRL_SHIFT)
    dialog = kit_dialog(qtbot)
    qtbot.keyClicks(dialog.search, "closing")
    qtbot.waitUntil(lambda: titles(dialog) == ["Closing line"])
    assert dialog.model.index(0, 3).data() == "Proposal by bob"
    qtbot.waitUntil(lambda: dialog.approve_button.isEnabled())
    assert not dialog.use_button.isEnabled()  # not offered until approved
    assert dialog.use_button.toolTip() == "Waiting for an admin's approval."
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)  # this workspace approves
    qtbot.waitUntil(lambda: dialog.model.index(0, 3).data() == "● Approved")
    qtbot.waitUntil(lambda: dialog.use_button.isEnabled())
    assert dialog.approve_button.text() == "Withdraw approval"
    # Deleting asks first; declined, nothing happens; confirmed, the item goes.
    dialog.confirm = lambda _question: False
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert titles(dialog) == ["Closing line"]
    dialog.confirm = lambda _question: True
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: titles(dialog) == [])
    assert kit_page(studio.workspace, None, 50, "closing", everything=True) == []
