"""The article preview replaces only the blocks that changed: after any sequence of edits its
document is the one a full render of the final text gives (as plain text, and block by block),
it follows the editor's scrolling, and link definitions and footnotes that change other blocks
are handled. Driven through the real renderer and the real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication

from bench.article_text import article
from studio.app import Studio
from studio.domain.markdown import BlockRenderer, render
from studio.editors.article.editor import ArticleEditor
from studio.editors.article.preview import ArticlePreview
from studio.store.workspace import Workspace, workspace_path

DOC = """# Guide

Intro paragraph with a [link][bank] and *emphasis*.

## Steps

- one
- two
- three

| Fee | Amount |
|:----|-------:|
| Entry | 10 € |
| Exit | 5 € |

```python
x = 1

y = 2
```

Closing words.

[bank]: https://bank.example/a
"""


def words(text: str) -> str:
    return " ".join(text.split())


def shown_whole(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def check_equals_full_render(preview: ArticlePreview, text: str, qtbot) -> None:
    qtbot.waitUntil(lambda: not preview.building())
    full = BlockRenderer().render(text)  # a renderer that has seen nothing: a full render
    assert preview.blocks() == full.blocks
    assert words("\n".join(full.blocks)) == words(render(text).html)
    fresh = ArticlePreview()
    fresh.show_blocks(full.blocks, full.lines)
    qtbot.waitUntil(lambda: not fresh.building())
    assert preview.toPlainText() == fresh.toPlainText()
    # Set whole, Qt's own import of the same HTML shows the same words.
    assert words(preview.toPlainText()) == words(shown_whole(full.html))


def test_edits_replace_few_blocks_and_end_equal_to_a_full_render(qapp: QApplication, qtbot):
    renderer = BlockRenderer()
    preview = ArticlePreview()
    qtbot.addWidget(preview)
    preview.resize(500, 400)
    preview.show()
    text = DOC

    def step(new: str) -> int:
        nonlocal text
        text = new
        result = renderer.render(text)
        preview.show_blocks(result.blocks, result.lines)
        check_equals_full_render(preview, text, qtbot)
        return preview.replaced_blocks

    step(text)
    assert "Intro paragraph with a link" in preview.toPlainText()
    # Typing in a paragraph replaces that block alone.
    assert step(text.replace("Closing words.", "Closing words, typed.")) == 1
    # A heading added, then removed.
    assert step(text.replace("## Steps", "## Steps\n\n### New part")) == 1
    assert "New part" in preview.toPlainText()
    assert step(text.replace("\n\n### New part", "")) == 0  # one block gone, none added
    assert "New part" not in preview.toPlainText()
    # A list split in two by a blank line (a loose list renders whole), then joined again.
    step(text.replace("- two\n", "- two\n\n"))
    step(text.replace("- two\n\n", "- two\n"))
    # Inside the fenced code block and inside the table.
    assert step(text.replace("y = 2", "y = 20")) == 1
    assert step(text.replace("| Exit | 5 € |", "| Exit | 7 € |\n| Late | 2 € |")) == 1
    assert "Late" in preview.toPlainText()
    # A link definition changes the blocks that use it, and only those.
    step(text.replace("https://bank.example/a", "https://bank.example/b"))
    assert preview.replaced_blocks == 1
    assert "https://bank.example/b" in preview.toHtml()
    # A definition added where a reference had none: that paragraph becomes a link.
    step(text.replace("Closing words", "Closing [words][w]") + "\n[w]: https://w.example/\n")
    assert "https://w.example/" in preview.toHtml()
    # A footnote makes the document render whole; removing it brings the blocks back.
    step(text + "\nA note.[^1]\n\n[^1]: The note.\n")
    assert "The note." in preview.toPlainText()
    step(text.replace("\nA note.[^1]\n\n[^1]: The note.\n", ""))
    assert "The note." not in preview.toPlainText()
    # Blocks that run together after a blank line and a new first block.
    step("Preface.\n\n" + text.replace("Closing", "> quoted\n\n> more\n\nClosing"))
    step(text.replace("# Guide", "# Guide, second edition"))


def test_a_long_document_changes_keep_matching_a_full_render(qapp: QApplication, qtbot):
    """Random-ish edits over a long article, each compared with a full render."""
    import random

    rng = random.Random(5)
    renderer = BlockRenderer()
    preview = ArticlePreview()
    qtbot.addWidget(preview)
    text = article(11, 20_000)
    for _ in range(25):
        lines = text.split("\n")
        at = rng.randrange(8, len(lines))
        edit = rng.choice(["type", "heading", "delete", "blank", "list", "code"])
        if edit == "type":
            lines[at] += " typed *word*"
        elif edit == "heading":
            lines.insert(at, "\n## Inserted\n")
        elif edit == "delete":
            del lines[at]
        elif edit == "blank":
            lines.insert(at, "")
        elif edit == "list":
            lines.insert(at, "- item one\n- item two")
        else:
            lines.insert(at, "\n```\ncode = 1\n\nmore = 2\n```\n")
        text = "\n".join(lines)
        result = renderer.render(text)
        preview.show_blocks(result.blocks, result.lines)
        check_equals_full_render(preview, text, qtbot)


# -- in the editor ------------------------------------------------------------------------------

LONG = article(3, 40_000)


@pytest.fixture
def studio(qapp: QApplication, data_dir: Path, qtbot) -> Iterator[Studio]:
    ws = Workspace.open(workspace_path(data_dir, "desk"), "desk")
    ws.create_article("Long read", LONG)
    ws.close()
    app = Studio(qapp, data_dir, "desk", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: "articles" in app.window.pages, timeout=10_000)
    yield app
    app.window.close()
    app.shut_down()


def open_long(studio: Studio, qtbot) -> ArticleEditor:
    page = studio.window.pages["articles"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    editor = page.open_article(page.model.row(0).id)
    qtbot.waitUntil(lambda: editor.text.toPlainText() == LONG, timeout=10_000)
    qtbot.waitUntil(lambda: not editor.preview.building() and len(editor.preview.blocks()) > 50)
    qtbot.waitUntil(lambda: editor.preview.blocks() == BlockRenderer().render(LONG).blocks)
    return editor


def test_typing_in_the_editor_replaces_one_block_of_the_preview(studio: Studio, qtbot) -> None:
    editor = open_long(studio, qtbot)
    block = editor.text.document().findBlockByNumber(200)
    while not (block.text()[:1].isalpha() and len(block.text()) > 60):
        block = block.next()
    cursor = editor.text.textCursor()
    cursor.setPosition(block.position() + len(block.text()))
    editor.text.setTextCursor(cursor)
    qtbot.keyClicks(editor.text, " Zanzibar")
    qtbot.waitUntil(lambda: "Zanzibar" in editor.preview.toPlainText())
    assert editor.preview.replaced_blocks == 1
    # A new heading typed on its own line, and the document still equals a full render.
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.text, "## Quokka section")
    qtbot.waitUntil(lambda: "Quokka section" in editor.preview.toPlainText())
    check_equals_full_render(editor.preview, editor.text.toPlainText(), qtbot)


def test_reopening_an_article_keeps_its_preview(studio: Studio, qtbot) -> None:
    editor = open_long(studio, qtbot)
    page = studio.window.pages["articles"]
    editor.close_article()
    shown = editor.preview.toPlainText()
    page.open_article(editor.article_id)
    qtbot.waitUntil(lambda: editor.save_state.text() == "Saved")
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not editor._lane.busy())
    assert editor.preview.replaced_blocks == 0 and editor.preview.toPlainText() == shown


def test_the_preview_follows_the_editor_to_the_same_block(studio: Studio, qtbot) -> None:
    editor = open_long(studio, qtbot)
    editor.resize(1200, 700)
    heading = editor.text.document().find("## ", editor.text.document().characterCount() // 2)
    line = heading.block().text().lstrip("# ").strip()
    bar = editor.text.verticalScrollBar()
    bar.setValue(heading.blockNumber())  # the heading at the top of the editor
    qtbot.waitUntil(lambda: editor.preview.verticalScrollBar().value() > 0)
    top = editor.preview.cursorForPosition(editor.preview.viewport().rect().topLeft())
    top.movePosition(QTextCursor.MoveOperation.Down, QTextCursor.MoveMode.KeepAnchor, 3)
    assert line in top.selectedText().replace("\u2029", "\n")


# -- studio FILE.md: the file shown while the workspace opens -----------------------------------


def launch_with(qapp: QApplication, data_dir: Path, path: Path, qtbot) -> Studio:
    """As run_gui() starts `studio FILE.md`."""
    app = Studio(qapp, data_dir, "desk", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.when_open.append(lambda _ws: app.import_files([path]))
    app.start(open_workspace=False)
    app.glance_at(path, then=app.open_workspace)
    return app


def test_a_file_on_the_command_line_shows_before_the_workspace_opens(
    qapp: QApplication, data_dir: Path, qtbot, tmp_path: Path
) -> None:
    path = tmp_path / "big.md"
    path.write_text("---\ntitle: Big\n---\n" + LONG, encoding="utf-8")
    app = launch_with(qapp, data_dir, path, qtbot)
    glance = app.glance
    assert glance is not None and app.window.stack.currentWidget() is glance
    qtbot.waitUntil(lambda: glance.text.toPlainText() == LONG)
    qtbot.waitUntil(lambda: "Treasury for small firms" in glance.preview.toPlainText())
    assert glance.text.isReadOnly()
    # The editor takes over with the draft; the glance goes.
    qtbot.waitUntil(lambda: app.glance is None, timeout=15_000)
    page = app.window.pages["articles"]
    assert app.window.stack.currentWidget() is page and page.stack.currentWidget() is page.editor
    assert page.editor.text.toPlainText() == LONG and page.editor.title.text() == "Big"
    assert not page.editor.text.isReadOnly()
    qtbot.waitUntil(lambda: page.editor.preview.blocks() == BlockRenderer().render(LONG).blocks)
    app.window.close()
    app.shut_down()


def test_a_refused_file_leaves_the_library_saying_why(
    qapp: QApplication, data_dir: Path, qtbot, tmp_path: Path
) -> None:
    path = tmp_path / "binary.md"
    path.write_bytes(b"\x00\x01binary")
    app = launch_with(qapp, data_dir, path, qtbot)
    qtbot.waitUntil(lambda: app.glance is None, timeout=15_000)
    page = app.window.pages["articles"]
    assert app.window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: "binary.md" in page.notice.text())
    app.window.close()
    app.shut_down()


def test_an_image_read_after_the_preview_shows_appears_in_it(
    qapp: QApplication, data_dir: Path, qtbot
) -> None:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    ws = Workspace.open(workspace_path(data_dir, "desk"), "desk")
    digest = ws.add_attachment(bytes(buffer.data().data()), "image/png")
    ws.create_article("Pictures", LONG.replace("\n\n", f"\n\n![chart](attachment:{digest})\n\n", 3))
    ws.close()
    app = Studio(qapp, data_dir, "desk", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: "articles" in app.window.pages, timeout=10_000)
    page = app.window.pages["articles"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    editor = page.open_article(page.model.row(0).id)

    def shown() -> bool:
        """Each picture laid out at its size (not as a missing image), as a reader sees it."""
        document = editor.preview.document()
        block, heights = document.begin(), []
        while block.isValid():
            if "\ufffc" in block.text() and block.layout().lineCount():
                heights.append(block.layout().lineAt(0).height())
            block = block.next()
        return len(heights) == 3 and min(heights) >= 60

    qtbot.waitUntil(shown, timeout=10_000)
    full = BlockRenderer().render(editor.text.toPlainText()).blocks
    qtbot.waitUntil(lambda: editor.preview.blocks() == full and not editor.preview.building())
    assert editor.preview.toPlainText().count("\ufffc") == 3  # the three pictures, in place
    app.window.close()
    app.shut_down()
