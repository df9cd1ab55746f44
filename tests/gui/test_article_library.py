"""The Articles library as an editor uses it: filters that narrow the list, sorting by a column
across pages, duplicate, delete to the trash and restore; and against a real Hub, a deletion
that reaches the Hub and a restore that brings the article back there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from studio.app import Studio
from studio.domain.ids import new_id
from studio.editors.article.page import ArticleLibrary
from studio.store import replica
from studio.store.models import Article, Member, OutboxOp
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from tests.gui.test_sync_gui import KnownToken
from tests.hub.hubproc import PASSWORD, HubProcess

ADA, BOB = new_id(), new_id()


def _fill(ws: Workspace) -> None:
    """Six articles that differ by status, author, tag, publish date, conflict and sync."""
    now = datetime.now(UTC)
    with ws.writing() as w:
        for member_id, name in ((ADA, "Ada Lovelace"), (BOB, "Bob Martin")):
            w.session.add(
                Member(id=member_id, display_name=name, joined_at=now, updated_at=now, version=1)
            )
    ws.create_article("Rates in spring", "Text.", tags=["Tax"], author_id=ADA)
    pub = ws.create_article(
        "Published guide", "Text.", author_id=BOB, publish_at=datetime(2026, 3, 10, 9, tzinfo=UTC)
    )
    ws.set_article_status(pub, "published")
    ws.create_article("Review me", "Text.", tags=["law", "tax"], author_id=BOB)
    clash = ws.create_article("Clashing edit", "Text.")
    synced = ws.create_article("Synced long ago", "Text.")
    ws.create_article("Autumn schedule", "Text.", publish_at=datetime(2026, 10, 2, 9, tzinfo=UTC))
    with ws.writing() as w:
        w.session.get(Article, clash).conflict = True
        w.session.get(Article, synced).local = False


def _open(qapp: QApplication, data_dir: Path, qtbot, name: str = "desk", **kw) -> Studio:
    app = Studio(qapp, data_dir, name, show_dialogs=False, **kw)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: "articles" in app.window.pages, timeout=10_000)
    app.window.activateWindow()
    assert QTest.qWaitForWindowActive(app.window, 5000)
    return app


@pytest.fixture
def studio(qapp: QApplication, data_dir: Path, qtbot) -> Iterator[Studio]:
    ws = Workspace.open(workspace_path(data_dir, "desk"), "desk")
    _fill(ws)
    ws.close()
    app = _open(qapp, data_dir, qtbot)
    yield app
    app.window.close()
    app.shut_down()


def _library(studio: Studio) -> ArticleLibrary:
    return studio.window.pages["articles"].library


def _titles(lib: ArticleLibrary) -> list[str]:
    return [lib.model.row(i).title for i in range(lib.model.rowCount())]


def _shows(qtbot, lib: ArticleLibrary, *titles: str) -> None:
    qtbot.waitUntil(lambda: sorted(_titles(lib)) == sorted(titles) and not lib.model.is_loading())


def _all_rows(qtbot, lib: ArticleLibrary) -> list[str]:
    """Scroll through every page (as the view does when scrolled to the end)."""
    while True:
        qtbot.waitUntil(lambda: not lib.model.is_loading())
        if not lib.model.canFetchMore():
            return _titles(lib)
        lib.table.scrollToBottom()
        lib.model.fetchMore()


ALL = (
    "Rates in spring",
    "Published guide",
    "Review me",
    "Clashing edit",
    "Synced long ago",
    "Autumn schedule",
)


def test_each_filter_narrows_the_list_and_combines_with_the_search(studio: Studio, qtbot) -> None:
    lib = _library(studio)
    _shows(qtbot, lib, *ALL)
    assert lib.filters.isVisible()
    # Ctrl+Shift+F reaches the filters; the keyboard picks a status.
    lib.table.setFocus()
    QTest.keySequence(lib.table, "Ctrl+Shift+F")
    assert lib.status_filter.hasFocus()
    lib.status_filter.setCurrentIndex(lib.status_filter.findText("Published"))
    _shows(qtbot, lib, "Published guide")
    assert lib.count.text() == "1 shown (filtered)"
    lib.status_filter.setCurrentIndex(0)
    _shows(qtbot, lib, *ALL)
    qtbot.waitUntil(lambda: lib.author_filter.findText("Bob Martin") > 0)
    lib.author_filter.setCurrentIndex(lib.author_filter.findText("Bob Martin"))
    _shows(qtbot, lib, "Published guide", "Review me")
    qtbot.keyClicks(lib.tag_filter, "TAX")  # tags match whatever the case
    _shows(qtbot, lib, "Review me")
    qtbot.mouseClick(lib.clear_filters, Qt.MouseButton.LeftButton)
    _shows(qtbot, lib, *ALL)
    assert lib.count.text() == "6 shown"
    # The publish dates: a range in March.
    lib.date_from.setDate(QDate(2026, 3, 1))
    lib.date_to.setDate(QDate(2026, 3, 31))
    qtbot.mouseClick(lib.dates_filter, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    _shows(qtbot, lib, "Published guide")
    lib.date_to.setDate(QDate(2026, 12, 31))
    _shows(qtbot, lib, "Published guide", "Autumn schedule")
    qtbot.mouseClick(lib.clear_filters, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(lib.conflict_filter, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    _shows(qtbot, lib, "Clashing edit")
    qtbot.mouseClick(lib.conflict_filter, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    qtbot.mouseClick(lib.local_filter, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    _shows(qtbot, lib, *(t for t in ALL if t != "Synced long ago"))
    # With the search: both narrow.
    qtbot.keyClicks(lib.search, "rates")
    _shows(qtbot, lib, "Rates in spring")


def test_sorting_by_title_both_ways_pages_through_every_row(studio: Studio, qtbot) -> None:
    lib = _library(studio)
    _shows(qtbot, lib, *ALL)
    for i in range(14):
        studio.workspace.create_article(f"{'aA'[i % 2]}rticle {i:02d}")
    qtbot.waitUntil(lambda: lib.model.rowCount() == 20)
    lib.model.page_size = 4  # keyset paging over five pages
    header = lib.table.horizontalHeader()
    spot = QPoint(header.sectionViewportPosition(0) + 20, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    up = _all_rows(qtbot, lib)
    assert len(up) == 20 and up == sorted(up, key=str.lower)
    assert up[:3] == ["article 00", "Article 01", "article 02"]  # the case does not count
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    down = _all_rows(qtbot, lib)
    assert down == list(reversed(up))


def test_ctrl_d_duplicates_the_selected_article_as_a_draft(studio: Studio, qtbot) -> None:
    lib = _library(studio)
    _shows(qtbot, lib, *ALL)
    lib.table.setFocus()
    lib.table.selectRow(_titles(lib).index("Published guide"))
    QTest.keySequence(lib.table, "Ctrl+D")
    _shows(qtbot, lib, *ALL, "Copy of Published guide")
    copy = next(lib.model.row(i) for i in range(7) if lib.model.row(i).title.startswith("Copy"))
    assert copy.status == "draft" and copy.local
    assert studio.workspace.article(copy.id).slug == "copy-of-published-guide"


def _delete_selected(qtbot, lib: ArticleLibrary, title: str) -> None:
    lib.table.setFocus()
    lib.table.selectRow(_titles(lib).index(title))
    qtbot.keyClick(lib.table, Qt.Key.Key_Delete)
    box = lib.findChild(QMessageBox, "confirm-delete")
    assert box is not None and title in box.text()
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


def _ops(ws: Workspace, article_id: str) -> list[str]:
    with ws.reading() as s:
        return list(
            s.scalars(
                select(OutboxOp.action)
                .where(OutboxOp.record_id == article_id, OutboxOp.state == "queued")
                .order_by(OutboxOp.seq)
            )
        )


def test_delete_goes_to_the_trash_and_restore_takes_the_deletion_back(
    studio: Studio, qtbot
) -> None:
    lib = _library(studio)
    _shows(qtbot, lib, *ALL)
    gone = lib.model.row(_titles(lib).index("Review me"))
    _delete_selected(qtbot, lib, "Review me")
    _shows(qtbot, lib, *(t for t in ALL if t != "Review me"))
    assert _ops(studio.workspace, gone.id) == ["create", "delete"]
    qtbot.mouseClick(lib.trash_toggle, Qt.MouseButton.LeftButton)
    assert lib.trash.isVisible() and not lib.table.isVisible()
    qtbot.waitUntil(lambda: lib.trash_model.rowCount() == 1)
    state = lib.trash_model.index(0, 2).data()
    assert lib.trash_model.index(0, 0).data() == "Review me" and "Not synced yet" in state
    lib.trash_table.selectRow(0)
    qtbot.mouseClick(lib.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is back, as it was" in lib.trash_note.text())
    qtbot.waitUntil(lambda: lib.trash_model.rowCount() == 0)
    assert _ops(studio.workspace, gone.id) == ["create"]  # the delete op is gone
    qtbot.mouseClick(lib.trash_toggle, Qt.MouseButton.LeftButton)
    _shows(qtbot, lib, *ALL)


def test_delete_for_good_empties_the_trash_and_the_deletion_still_syncs(
    studio: Studio, qtbot
) -> None:
    lib = _library(studio)
    _shows(qtbot, lib, *ALL)
    gone = lib.model.row(_titles(lib).index("Clashing edit"))
    _delete_selected(qtbot, lib, "Clashing edit")
    qtbot.mouseClick(lib.trash_toggle, Qt.MouseButton.LeftButton)
    assert not lib.search.isEnabled() and not lib.status_filter.isEnabled()
    qtbot.waitUntil(lambda: lib.trash_model.rowCount() == 1)
    lib.window().activateWindow()  # back from the confirmation
    assert QTest.qWaitForWindowActive(lib.window(), 5000)
    lib.trash_table.setFocus()
    lib.trash_table.selectRow(0)
    qtbot.waitUntil(lib.trash_table.hasFocus)
    qtbot.keyClick(lib.trash_table, Qt.Key.Key_Delete)
    box = lib.findChild(QMessageBox, "confirm-purge")
    assert box is not None and "cannot be restored" in box.text()
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "deleted for good" in lib.trash_note.text())
    qtbot.waitUntil(lambda: lib.trash_model.rowCount() == 0)
    assert _ops(studio.workspace, gone.id) == ["create", "delete"]
    qtbot.mouseClick(lib.trash_toggle, Qt.MouseButton.LeftButton)
    assert lib.search.isEnabled()
    _shows(qtbot, lib, *(t for t in ALL if t != "Clashing edit"))


def _on_hub(client: HubClient) -> dict[str, tuple[bool, str]]:
    """Every article on the Hub: id -> (deleted, title)."""
    seen: dict[str, tuple[bool, str]] = {}
    cursor = ""
    while True:
        page = client.changes(cursor)
        for change in page.changes:
            if change.type == "article":
                title = (change.data or {}).get("title", "")
                seen[change.id] = (change.deleted, title or seen.get(change.id, (0, ""))[1])
        cursor = page.cursor
        if not page.more:
            return seen


def test_a_deleted_article_leaves_the_hub_and_a_restore_brings_it_back(
    hub: HubProcess, qapp: QApplication, data_dir: Path, qtbot
) -> None:
    token = HubClient(hub.url).sign_in("editor", PASSWORD).access_token
    client = HubClient(hub.url, lambda: token)
    title = f"Old news {new_id()[:8]}"
    ws = Workspace.open(workspace_path(data_dir, "hubdesk"), "hubdesk")
    replica.link(ws, hub.url, "editor")
    aid = ws.create_article(title, "Kept text.")
    ws.close()
    app = _open(qapp, data_dir, qtbot, "hubdesk", credentials=KnownToken(token))
    try:
        qtbot.waitUntil(lambda: _on_hub(client).get(aid) == (False, title), timeout=20_000)
        lib = _library(app)
        qtbot.waitUntil(lambda: title in _titles(lib) and not lib.model.row(0).local)
        _delete_selected(qtbot, lib, title)
        qtbot.waitUntil(lambda: title not in _titles(lib))
        # The trash, open while the deletion goes (the app syncs a change soon by itself).
        qtbot.mouseClick(lib.trash_toggle, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: lib.trash_model.rowCount() == 1)
        app.request_sync()
        qtbot.waitUntil(lambda: _on_hub(client)[aid][0], timeout=20_000)  # deleted there
        qtbot.waitUntil(  # the trash, open meanwhile, says what a restore now does
            lambda: (
                lib.trash_model.rowCount() == 1
                and "Deleted on the Hub" in lib.trash_model.index(0, 2).data()
            ),
            timeout=10_000,
        )
        lib.trash_table.selectRow(0)
        qtbot.mouseClick(lib.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "back as a new draft" in lib.trash_note.text())
        app.request_sync()

        def back_on_hub() -> bool:
            live = [i for i, (deleted, t) in _on_hub(client).items() if t == title and not deleted]
            return len(live) == 1 and live[0] != aid

        qtbot.waitUntil(back_on_hub, timeout=20_000)
        qtbot.mouseClick(lib.trash_toggle, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: title in _titles(lib))
    finally:
        app.window.close()
        app.shut_down()
