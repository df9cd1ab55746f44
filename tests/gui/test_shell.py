"""The shell as a user meets it: pages, status bar, palette, layout memory, themes, errors."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QTableView

from studio.app import Studio
from studio.store.workspace import Workspace, workspace_path
from studio.ui.main_window import MainWindow
from studio.ui.palette import CommandPalette


@pytest.fixture
def studio(qapp: QApplication, data_dir: Path, qtbot) -> Iterator[Studio]:
    ws = Workspace.open(workspace_path(data_dir, "desk"), "desk")
    ws.create_article("Trésorerie des PME : le guide 2027", "Un guide **pratique**.")
    ws.create_article("Export to Asia: 陳大文's checklist 🚢", "Body")
    ws.close()
    app = Studio(qapp, data_dir, "desk", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.workspace is not None, timeout=10_000)
    # Shortcuts only reach the active window.
    app.window.activateWindow()
    assert QTest.qWaitForWindowActive(app.window, 5000)
    yield app
    app.window.close()
    app.shut_down()


def table_texts(table: QTableView, column: int = 0) -> list[str]:
    model = table.model()
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def test_opens_on_the_articles_page_with_the_workspace_in_the_status_bar(studio: Studio, qtbot):
    window = studio.window
    assert window.current_page_key() == "articles"
    page = window.pages["articles"]
    table = page.findChild(QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    titles = table_texts(table)
    assert any("陳大文" in t for t in titles)
    assert "Workspace: desk" in window.status_workspace.text()
    assert window.status_connection.text() == "Offline"
    qtbot.waitUntil(lambda: window.status_pending.text() == "2 change(s) waiting to sync")


def test_a_change_updates_the_list_and_the_waiting_count(studio: Studio, qtbot):
    window = studio.window
    table = window.pages["articles"].findChild(QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    studio.tasks.write(lambda: studio.workspace.create_article("Cybersécurité : 10 réflexes"))
    qtbot.waitUntil(lambda: table.model().rowCount() == 3)
    assert "Cybersécurité : 10 réflexes" in table_texts(table)[0]
    qtbot.waitUntil(lambda: window.status_pending.text() == "3 change(s) waiting to sync")


def test_search_narrows_the_article_list_as_you_type(studio: Studio, qtbot):
    page = studio.window.pages["articles"]
    table = page.findChild(QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    qtbot.keyClicks(page.search, "treso")  # accents are folded: matches "Trésorerie"
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    assert table_texts(table)[0].endswith("Trésorerie des PME : le guide 2027")
    page.search.clear()
    qtbot.keyClicks(page.search, '"NEAR( *')  # search syntax typed by a user is just text
    qtbot.waitUntil(lambda: table.model().rowCount() == 0 and not table.model().is_loading())


def test_navigation_by_rail_and_keyboard_builds_pages_on_first_visit(studio: Studio, qtbot):
    window = studio.window
    assert set(window.pages) == {"articles"}
    qtbot.keyClick(window.rail, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "moderation"
    window.rail.setCurrentRow(3)
    assert window.current_page_key() == "polls"
    assert set(window.pages) == {"articles", "moderation", "polls"}
    polls = window.pages["polls"]
    qtbot.waitUntil(lambda: "In this workspace" in polls.text.text())
    assert "0 polls" in polls.text.text()
    assert "2 articles" in polls.text.text()


def test_command_palette_filters_and_runs_an_action(studio: Studio, qtbot):
    window = studio.window
    qtbot.keyClick(window.rail, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.findChild(CommandPalette)
    assert palette is not None and palette.isVisible()
    labels = palette.shown_labels()
    assert any(label.startswith("Go to Moderation") and "Ctrl+2" in label for label in labels)
    assert any(label.startswith("Quit") for label in labels)
    qtbot.keyClicks(palette.search, "go webin")
    assert [label.split("\t")[0] for label in palette.shown_labels()] == ["Go to Webinars"]
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert window.current_page_key() == "webinars"
    assert not palette.isVisible()


def test_window_geometry_and_splitter_are_remembered(studio: Studio, qtbot):
    window = studio.window
    window.resize(700, 500)  # the offscreen screen is 800×600: restoring clamps to it
    window.splitter.setSizes([240, 460])
    sizes = window.splitter.sizes()
    window.close()
    again = MainWindow(studio.settings, window.specs)
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == (700, 500)
    assert again.splitter.sizes()[0] == sizes[0]


def test_theme_switch_changes_the_palette_and_is_remembered(studio: Studio, qapp, qtbot):
    window = studio.window
    window.act_themes["dark"].trigger()
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 100
    assert studio.settings.theme == "dark"
    window.act_themes["light"].trigger()
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 150
    assert studio.settings.theme == "light"


def test_an_uncaught_exception_is_shown_and_the_app_keeps_running(
    studio: Studio, qtbot, monkeypatch
):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    studio.errors.install()
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: studio.errors.last is not None)
    message, details = studio.errors.last
    assert "Your work is saved" in message
    assert "boom in a slot" in details and "Traceback" in details
    assert "Traceback" not in message
    # Still working: navigation and the workspace respond.
    studio.window.show_page("dashboard")
    assert studio.window.current_page_key() == "dashboard"


def test_error_dialog_shows_a_sentence_and_copies_the_details(qtbot, qapp):
    from studio.ui.error_dialog import ErrorDialog

    dialog = ErrorDialog("The workspace is damaged.", "Traceback (most recent call last): …")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.details.isVisible()
    qtbot.mouseClick(dialog.toggle, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible()
    qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)
    assert "Traceback" in QApplication.clipboard().text()
    assert "The workspace is damaged." in QApplication.clipboard().text()


def test_a_corrupt_workspace_is_reported_in_the_window_and_left_untouched(qapp, data_dir, qtbot):
    path = workspace_path(data_dir, "broken")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    app = Studio(qapp, data_dir, "broken", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.open_error is not None, timeout=10_000)
    shown = " ".join(label.text() for label in app.window.waiting.findChildren(QLabel))
    assert "could not be opened" in shown
    assert "damaged or is not a Studio workspace" in shown
    assert app.errors.last is not None and "damaged" in app.errors.last[0]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["workspace.sqlite3"]
    app.window.close()
    app.shut_down()


def test_an_unwritable_data_folder_is_reported_clearly(qapp, tmp_path, qtbot):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = Studio(qapp, blocker / "data", "desk", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.open_error is not None, timeout=10_000)
    assert app.errors.last is not None
    assert "cannot write to the folder" in app.errors.last[0]
    app.window.close()
    app.shut_down()


def test_switching_language_retranslates_the_shell(studio: Studio, qapp, qtbot, tmp_path):
    """Strings go through Qt's translators: a French catalogue renames the pages at once."""
    import shutil
    import subprocess

    from PySide6.QtCore import QTranslator

    source = tmp_path / "studio_fr.ts"
    source.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="fr_FR">'
        "<context><name></name>"
        "<message><source>Moderation</source><translation>Modération</translation></message>"
        "</context><context><name>MainWindow</name>"
        "<message><source>Offline</source><translation>Hors ligne</translation></message>"
        "</context></TS>",
        encoding="utf-8",
    )
    lrelease = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).with_name("pyside6-lrelease")
    )
    subprocess.run(
        [lrelease, "-silent", str(source), "-qm", str(tmp_path / "studio_fr.qm")], check=True
    )
    translator = QTranslator()
    assert translator.load(str(tmp_path / "studio_fr.qm"))
    qapp.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: studio.window.rail.item(1).text() == "Modération")
        assert studio.window.status_connection.text() == "Hors ligne"
        assert studio.window.act_pages[1].text() == "Go to Modération"
    finally:
        qapp.removeTranslator(translator)
    qtbot.waitUntil(lambda: studio.window.rail.item(1).text() == "Moderation")
