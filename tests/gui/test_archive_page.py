"""The Archive page against a real Hub: a simulated day and a moderator's decisions, pulled by a
compliance officer's sync (the `day` of tests/integration/test_archive.py), then the page driven
as a user would: search by text and kind, verify a tampered copy and follow the named entries,
place and lift a legal hold, export a thread and verify the package, and the message another
role sees instead.

Set ARCHIVE_SCREENSHOTS=DIR to keep pictures of the page (search, a failed verification, an
export checked).
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListWidget, QWidget

from studio.app import Studio
from studio.editors.archive.page import ArchivePage
from studio.editors.archive.view import ArchiveView
from studio.store import archive_queries, replica
from studio.store.workspace import Workspace, workspace_path
from tests.hub.hubproc import HubProcess
from tests.integration import test_archive
from tests.integration.test_archive import Day, copy_of, flip_one_byte, local_entries, tamper

#: The simulated day of the archive's integration tests (a module fixture), shared here.
day = test_archive.day


class KnownToken:
    """Stands in for the OS keyring (tests/integration/test_login_keyring.py uses the real one)."""

    def __init__(self, token: str) -> None:
        self.value = token

    def token(self, hub_url: str, account: str) -> str | None:
        return self.value


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("ARCHIVE_SCREENSHOTS")
    if folder:
        QApplication.processEvents()
        widget.window().grab().save(str(Path(folder) / f"archive-{name}.png"))


@pytest.fixture
def open_studio(qapp: QApplication, qtbot) -> Iterator:
    started: list[Studio] = []

    def start(data: Path, name: str, token: str) -> Studio:
        studio = Studio(qapp, data, name, show_dialogs=False, credentials=KnownToken(token))
        qtbot.addWidget(studio.window)
        studio.window.resize(1440, 900)
        studio.start()
        qtbot.waitUntil(lambda: studio.workspace is not None, timeout=20_000)
        studio.window.activateWindow()
        assert QTest.qWaitForWindowActive(studio.window, 5000)  # for the page's shortcuts
        started.append(studio)
        return studio

    yield start
    for studio in started:
        studio.window.close()
        studio.shut_down()


def archive_view(studio: Studio, qtbot) -> ArchiveView:
    studio.window.show_page("archive")
    page = studio.window.pages["archive"]
    assert isinstance(page, ArchivePage)
    qtbot.waitUntil(lambda: page.view is not None and page.currentWidget() is page.view)
    view = page.view
    assert view is not None
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=20_000)
    return view


def shown(view: ArchiveView) -> list:
    return [view.model.row(n) for n in range(view.model.rowCount())]


def settle(view: ArchiveView, qtbot) -> None:
    """Wait until the list has answered the last change of the filters."""
    qtbot.waitUntil(lambda: not view._search_timer.isActive() and not view.model.is_loading())


def choose_kind(view: ArchiveView, kind: str, qtbot) -> None:
    combo = view.filters.kind
    combo.setFocus()
    target = combo.findData(kind)
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def pick_row(view: ArchiveView, number: int, qtbot) -> None:
    view.table.setFocus()
    rect = view.table.visualRect(view.model.index(number, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# -- search ------------------------------------------------------------------------------------


def test_search_narrows_by_text_and_kind(day: Day, open_studio, qtbot) -> None:
    day.catch_up()
    studio = open_studio(day.data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    everything = len(local_entries(day.path))
    qtbot.waitUntil(lambda: "entries, up to entry" in view.status.text())
    assert f"Copy: {everything} entries" in view.status.text()
    newest = shown(view)[0].seq
    assert newest == everything  # newest first
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.filters.text.hasFocus()
    qtbot.keyClicks(view.filters.text, "reponse")  # accents need not be typed
    settle(view, qtbot)
    rows = shown(view)
    assert rows and all("Réponse" in r.excerpt for r in rows)
    assert {r.kind for r in rows} == {"reply"}
    shot(view, "search")
    # Kind narrows further: no decision says "Réponse".
    choose_kind(view, "decision", qtbot)
    settle(view, qtbot)
    assert view.model.rowCount() == 0 and view.count.text() == "No entry matches."
    view.filters.text.clear()
    settle(view, qtbot)
    rows = shown(view)
    assert rows and {r.kind for r in rows} == {"decision"}
    assert any(r.excerpt.startswith("remove") for r in rows)
    # A search holding no word says so instead of failing.
    qtbot.keyClicks(view.filters.text, "***")
    settle(view, qtbot)
    assert "holds no word to look for" in view.count.text()
    view.filters.reset()
    settle(view, qtbot)
    assert view.model.rowCount() > 0
    # An entry: its fields, its content as written, and its place in the chain.
    pick_row(view, 0, qtbot)
    qtbot.waitUntil(lambda: view.entry.heading.text().startswith(f"Entry {newest} ·"))
    chain = view.entry.chain.text()
    assert "Its hash recomputes from its fields." in chain
    assert f'It follows <a href="entry:{newest - 1}">entry {newest - 1}</a>' in chain
    # Following the link to the entry before it.
    view.entry.chain.linkActivated.emit(f"entry:{newest - 1}")
    qtbot.waitUntil(lambda: view.entry.heading.text().startswith(f"Entry {newest - 1} ·"))


def test_search_by_thread_title_actor_and_days(day: Day, open_studio, qtbot) -> None:
    day.catch_up()
    studio = open_studio(day.data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    everything = len(local_entries(day.path))
    qtbot.waitUntil(lambda: view.model.rowCount() == everything)
    row = next(r for r in shown(view) if r.thread_id == day.thread)
    # Words of the thread's title find its entries (and only threads titled so). QTest types
    # ASCII only: the longest stretch of the title without accents.
    words = max(re.findall(r"[ -~]+", row.thread), key=len).strip()[:20]
    qtbot.keyClicks(view.filters.thread_box, words)
    settle(view, qtbot)
    assert shown(view) and all(words.lower() in r.thread.lower() for r in shown(view))
    assert row.seq in {r.seq for r in shown(view)}
    view.filters.reset()
    # The actor: the moderator's replies and decisions, nobody else's.
    qtbot.keyClicks(view.filters.actor, "moder")
    settle(view, qtbot)
    assert shown(view) and {r.actor for r in shown(view)} == {"moderator"}
    view.filters.reset()
    settle(view, qtbot)
    # Days (UTC): today holds everything; tomorrow nothing; a range backwards is explained.
    today = view.filters.until.date()
    view.filters.since.setDate(today)
    view.filters.use_since.click()
    settle(view, qtbot)
    assert view.model.rowCount() == everything
    view.filters.since.setDate(today.addDays(1))
    settle(view, qtbot)
    assert view.count.text() == "No entry matches."
    view.filters.use_until.click()
    settle(view, qtbot)
    assert view.count.text() == "The date range ends before it starts."


def test_verify_without_the_hub_checks_the_copy_alone(
    day: Day, open_studio, qtbot, tmp_path: Path
) -> None:
    data = copy_of(day, tmp_path)
    tamper(data, "UPDATE sync_state SET hub_url = 'http://127.0.0.1:9'")  # nothing listens
    studio = open_studio(data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    view.tabs.setCurrentWidget(view.verification)
    qtbot.mouseClick(view.verification.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.verification.button.isEnabled(), timeout=60_000)
    assert "intact" in view.verification.summary.text()
    assert view.verification.hub.text().startswith("The Hub could not be reached (")
    assert view.verification.hub.text().endswith("the copy was checked on its own.")


def test_a_hostile_post_is_shown_as_text_and_rendered_inert(
    day: Day, open_studio, qtbot, tmp_path: Path
) -> None:
    data = copy_of(day, tmp_path)
    hostile = '<script>alert(1)</script><img src="http://127.0.0.1:9/b.png">Hostile words'
    tamper(
        data,
        # A new last entry is enough for the view (verification would name it, rightly).
        "UPDATE archive_entries SET payload = json_set(payload, '$.body', "
        f"'{hostile}') WHERE seq = (SELECT max(seq) FROM archive_entries WHERE kind = 'reply')",
    )
    studio = open_studio(data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    choose_kind(view, "reply", qtbot)
    settle(view, qtbot)
    pick_row(view, 0, qtbot)
    qtbot.waitUntil(lambda: "Hostile words" in view.entry.as_written.toPlainText())
    assert "<script>alert(1)</script>" in view.entry.as_written.toPlainText()  # as written
    assert "Its hash does not match its fields" in view.entry.chain.text()
    view.entry.render_toggle.click()
    qtbot.waitUntil(lambda: "Hostile words" in view.entry.rendered.toPlainText())
    html = view.entry.rendered.toHtml()
    assert "alert" not in html and "127.0.0.1" not in html


# -- verification ------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["flip", "delete", "swap"])
def test_verify_names_each_tampered_entry(
    day: Day, open_studio, qtbot, tmp_path: Path, how: str
) -> None:
    day.catch_up()
    data = copy_of(day, tmp_path)
    replies = [
        e["seq"] for e in local_entries(workspace_path(data, "archive")) if e["kind"] == "reply"
    ]
    a, b = replies[0], replies[-1]
    if how == "flip":
        flip_one_byte(data, a)
        expected = [f"Entry {a} changed"]
    elif how == "delete":
        tamper(data, f"DELETE FROM archive_entries WHERE seq = {a}")
        expected = [f"Entry {a} missing"]
    else:
        tamper(
            data,
            f"UPDATE archive_entries SET seq = -1 WHERE seq = {a}",
            f"UPDATE archive_entries SET seq = {a} WHERE seq = {b}",
            f"UPDATE archive_entries SET seq = {b} WHERE seq = -1",
        )
        expected = [f"Entry {a} out of place", f"Entry {b} out of place"]
    studio = open_studio(data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    view.tabs.setCurrentWidget(view.verification)
    qtbot.mouseClick(view.verification.button, Qt.MouseButton.LeftButton)
    problems: QListWidget = view.verification.problems
    qtbot.waitUntil(lambda: view.verification.button.isEnabled(), timeout=30_000)
    titles = [problems.item(n).text().split("\n")[0] for n in range(problems.count())]
    assert [t.split(" (")[0] for t in titles] == expected, titles
    assert "failed verification" in view.verification.summary.text()
    assert (
        view.verification.hub.text()
        == "The copy matches the Hub's head (entry " + str(len(local_entries(day.path))) + ")."
    )
    shot(view, f"verify-{how}")
    # Clicking a problem shows that entry (or says it is not in the copy).
    item = problems.item(0)
    rect = problems.visualItemRect(item)
    qtbot.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.tabs.currentIndex() == 0
    if how == "delete":
        qtbot.waitUntil(
            lambda: view.entry.heading.text() == f"Entry {a} is not in this copy of the archive."
        )
    else:
        qtbot.waitUntil(lambda: view.entry.heading.text().startswith(f"Entry {a} ·"))
        assert "Its hash does not match its fields" in view.entry.chain.text()


def test_an_intact_copy_verifies_against_the_hub(day: Day, open_studio, qtbot) -> None:
    day.catch_up()
    studio = open_studio(day.data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    view.tabs.setCurrentWidget(view.verification)
    qtbot.mouseClick(view.verification.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "intact" in view.verification.summary.text(), timeout=30_000)
    assert view.verification.problems.count() == 0
    assert view.verification.hub.text().startswith("The copy matches the Hub's head")


# -- holds and retention -----------------------------------------------------------------------


def test_place_and_lift_a_hold(day: Day, open_studio, qtbot, tmp_path: Path) -> None:
    data = copy_of(day, tmp_path)
    studio = open_studio(data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    choose_kind(view, "post", qtbot)
    settle(view, qtbot)
    post = shown(view)[0]
    pick_row(view, 0, qtbot)
    entry = view.entry
    qtbot.waitUntil(lambda: entry.heading.text().startswith(f"Entry {post.seq} ·"))
    assert not entry.hold_post.isEnabled()  # no reason yet
    qtbot.keyClicks(entry.reason, "Regulator's inquiry 2026-114")
    assert entry.hold_post.isEnabled()
    qtbot.mouseClick(entry.hold_post, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: entry.holds.count() == 1, timeout=10_000)
    assert "Legal hold on this post" in entry.holds.item(0).text()
    assert "Regulator's inquiry 2026-114" in entry.holds.item(0).text()
    assert entry.reason.text() == ""  # the reason has served
    assert not entry.hold_post.isEnabled()
    shot(view, "hold")
    # The list marks the entry held; the holds tab lists the hold in force.
    qtbot.waitUntil(lambda: bool(shown(view)) and shown(view)[0].held, timeout=10_000)
    assert view.model.index(0, 6).data() == "held"
    holds = view.holds
    qtbot.waitUntil(lambda: view.holds_model.rowCount() == 1)
    assert view.holds_model.index(0, 4).data() == "in force · waiting to reach the Hub"
    assert "kept by 1 hold(s) in force" in holds.figures.text()
    # Lifted from the holds tab, with a reason: the hold stays, marked lifted.
    view.tabs.setCurrentWidget(holds)
    holds.table.setFocus()
    holds.table.selectRow(0)
    qtbot.keyClicks(holds.reason, "Inquiry closed")
    qtbot.mouseClick(holds.lift_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (view.holds_model.index(0, 4).data() or "").startswith("lifted"), timeout=10_000
    )
    qtbot.waitUntil(lambda: bool(shown(view)) and not shown(view)[0].held, timeout=10_000)
    qtbot.waitUntil(lambda: entry.holds.count() == 1 and "Lifted" in entry.holds.item(0).text())
    assert "Inquiry closed" in entry.holds.item(0).text()


def test_retention_is_set_and_explained(day: Day, open_studio, qtbot, tmp_path: Path) -> None:
    data = copy_of(day, tmp_path)
    studio = open_studio(data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    holds = view.holds
    view.tabs.setCurrentWidget(holds)
    qtbot.waitUntil(lambda: holds.years.value() == 6)
    assert "Entries are kept for 6 years" in holds.meaning.text()
    assert "Nothing is ever deleted" in holds.meaning.text()
    holds.years.setFocus()
    holds.years.selectAll()
    qtbot.keyClicks(holds.years, "10")
    assert "kept for 10 years" in holds.meaning.text()
    qtbot.mouseClick(holds.apply, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Retention: 10 years." in view.status.text(), timeout=10_000)
    assert not holds.apply.isEnabled()


def test_entries_past_retention_are_hidden_unless_held_or_asked_for(
    day: Day, open_studio, qtbot, tmp_path: Path
) -> None:
    data = copy_of(day, tmp_path)
    # The first entry, written seven years ago (its hash no longer fits: the list doesn't mind).
    tamper(data, "UPDATE archive_entries SET at = '2019-01-02T10:00:00Z' WHERE seq = 1")
    studio = open_studio(data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    settle(view, qtbot)
    assert 1 not in {r.seq for r in shown(view)}
    qtbot.waitUntil(lambda: "1 past retention" in view.holds.figures.text())
    view.filters.past.click()
    settle(view, qtbot)
    oldest = shown(view)[-1]
    assert oldest.seq == 1 and view.model.index(view.model.rowCount() - 1, 6).data() == (
        "past retention"
    )
    # Held, it is kept in view whatever its age.
    pick_row(view, view.model.rowCount() - 1, qtbot)
    qtbot.waitUntil(lambda: view.entry.heading.text().endswith("· past retention"))
    qtbot.keyClicks(view.entry.reason, "Litigation hold")
    qtbot.mouseClick(view.entry.hold_post, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "kept by 1 hold(s) in force" in view.holds.figures.text())
    view.filters.past.click()
    settle(view, qtbot)
    assert shown(view)[-1].seq == 1 and shown(view)[-1].held
    assert "0 past retention" in view.holds.figures.text()


# -- export ------------------------------------------------------------------------------------


def test_export_a_thread_and_verify_the_package(
    day: Day, open_studio, qtbot, tmp_path: Path
) -> None:
    # A lexicon term the day's removal note holds: its hit is shown and exported.
    test_archive.ops(
        day.hub,
        "compliance",
        {
            "type": "lexicon_term",
            "id": str(uuid.uuid4()),
            "action": "create",
            "data": {"pattern": "fake bank", "severity": "high"},
        },
    )
    day.catch_up()
    studio = open_studio(day.data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    # The thread of the day's decisions: found by an entry of it, then shown whole.
    qtbot.keyClicks(view.filters.thread_box, day.thread)
    settle(view, qtbot)
    in_thread = shown(view)
    assert in_thread and {r.thread_id for r in in_thread} == {day.thread}
    removal = next(n for n, r in enumerate(in_thread) if r.excerpt.startswith("remove"))
    pick_row(view, removal, qtbot)
    qtbot.waitUntil(lambda: view.export.thread_id == day.thread)
    qtbot.waitUntil(lambda: "Lexicon: “fake bank” matches" in view.entry.chain.text())
    export = view.export
    view.tabs.setCurrentWidget(export)
    assert export.what.currentData() == "thread"
    out = tmp_path / "package"
    qtbot.keyClicks(export.folder, str(out))
    qtbot.mouseClick(export.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Exported" in export.result.text(), timeout=30_000)
    assert f"Exported {len(in_thread)} archive entries" in export.result.text()
    assert len(list((out / "messages").iterdir())) == len(in_thread)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    hits = manifest["lexicon_hits"]["hits"]
    assert [(h["seq"], h["text"], h["severity"]) for h in hits] == [
        (in_thread[removal].seq, "fake bank", "high")
    ]
    shot(view, "export")
    qtbot.mouseClick(export.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is intact" in export.check_result.text(), timeout=10_000)
    assert f"{len(in_thread)} archive entries" in export.check_result.text()
    assert not export.problems.isVisible()
    shot(view, "export-verified")
    # A changed message is named by the same button.
    changed = sorted((out / "messages").iterdir())[0]
    changed.write_bytes(changed.read_bytes().replace(b"Subject:", b"Subject: X", 1))
    qtbot.mouseClick(export.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "failed the check" in export.check_result.text(), timeout=10_000)
    assert export.problems.isVisible()
    assert export.problems.item(0).text().startswith(f"Changed: messages/{changed.name}")
    # Exporting into a folder that is not empty is refused with a sentence.
    qtbot.mouseClick(export.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not export.progress.isVisible(), timeout=10_000)
    assert "not an empty folder" in export.result.text(), export.result.text()


def test_export_the_current_search(
    day: Day, open_studio, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day.catch_up()
    studio = open_studio(day.data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    qtbot.keyClicks(view.filters.text, "reponse")  # accents need not be typed
    settle(view, qtbot)
    found = len(shown(view))
    export = view.export
    view.tabs.setCurrentWidget(export)
    export.what.setCurrentIndex(export.what.findData("search"))
    qtbot.keyClicks(export.folder, str(tmp_path / "search"))
    qtbot.mouseClick(export.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Exported" in export.result.text(), timeout=30_000)
    names = sorted(p.name for p in (tmp_path / "search" / "messages").iterdir())
    assert sum(n.endswith("-reply.eml") for n in names) == found
    # A search too large for the page is refused with what to do instead.
    monkeypatch.setattr(archive_queries, "MAX_EXPORT", 2)
    export.folder.clear()
    qtbot.keyClicks(export.folder, str(tmp_path / "too-many"))
    qtbot.mouseClick(export.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "more than 2 entries" in export.result.text(), timeout=10_000)
    assert not (tmp_path / "too-many").exists()


# -- role --------------------------------------------------------------------------------------


def test_another_role_sees_a_message(hub: HubProcess, open_studio, qtbot, data_dir: Path) -> None:
    ws = Workspace.open(workspace_path(data_dir, "desk"), "desk")
    replica.link(ws, "http://127.0.0.1:9", "ed", role="editor")  # offline: the role as last seen
    ws.close()
    studio = open_studio(data_dir, "desk", "t")
    studio.window.show_page("archive")
    page = studio.window.pages["archive"]
    assert isinstance(page, ArchivePage)
    qtbot.waitUntil(lambda: page.role == "editor")
    assert page.view is None and page.currentWidget() is page.message
    heading = page.message.heading.text()
    assert "The archive is for compliance officers" in heading
    assert "You are signed in as ed, an editor" in page.message.text.text()
    shot(page, "role")


def test_new_entries_from_the_sync_wait_for_the_reader(day: Day, open_studio, qtbot) -> None:
    day.catch_up()
    studio = open_studio(day.data, "archive", day.hub.token("compliance"))
    view = archive_view(studio, qtbot)
    qtbot.waitUntil(lambda: studio.window.status_connection.text() == "Online", timeout=20_000)
    newest = shown(view)[0].seq
    pick_row(view, 2, qtbot)
    reading = shown(view)[2].seq
    qtbot.waitUntil(lambda: view.entry.heading.text().startswith(f"Entry {reading} ·"))
    first = next(
        p for p in test_archive.hub_records(day.hub, "post") if p.data["thread_id"] == day.thread
    )
    test_archive.ops(
        day.hub,
        "moderator",
        {
            "type": "post",
            "id": str(uuid.uuid4()),
            "action": "create",
            "data": {"thread_id": day.thread, "parent_id": first.id, "body": "Late reply"},
        },
    )
    studio.request_sync()
    qtbot.waitUntil(lambda: view.new_entries.isVisible(), timeout=20_000)
    assert shown(view)[0].seq == newest  # the list stayed put under the reader
    assert view.table.currentIndex().row() == 2
    qtbot.waitUntil(lambda: f"up to entry {newest + 1}." in view.status.text(), timeout=10_000)
    qtbot.mouseClick(view.new_entries, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown(view)) and shown(view)[0].seq == newest + 1)
    assert shown(view)[0].excerpt == "Late reply"
    assert not view.new_entries.isVisible()
    # The entry being read is selected again in the new list.
    qtbot.waitUntil(lambda: view.table.currentIndex().row() == 3)


def test_a_hold_reaches_the_hub_and_another_officers_copy(
    day: Day, open_studio, qtbot, tmp_path: Path
) -> None:
    day.catch_up()
    token = day.hub.token("compliance")
    first, second = copy_of(day, tmp_path / "a"), copy_of(day, tmp_path / "b")
    studio = open_studio(first, "archive", token)
    qtbot.waitUntil(lambda: studio.window.status_connection.text() == "Online", timeout=20_000)
    view = archive_view(studio, qtbot)
    choose_kind(view, "post", qtbot)
    settle(view, qtbot)
    oldest = view.model.rowCount() - 1
    post = shown(view)[oldest]
    pick_row(view, oldest, qtbot)
    qtbot.waitUntil(lambda: view.entry.heading.text().startswith(f"Entry {post.seq} ·"))
    qtbot.keyClicks(view.entry.reason, "Subpoena 12")
    qtbot.mouseClick(view.entry.hold_post, Qt.MouseButton.LeftButton)
    state = view.holds_model.index
    qtbot.waitUntil(lambda: state(0, 4).data() == "in force · waiting to reach the Hub")
    studio.request_sync()
    qtbot.waitUntil(
        lambda: state(0, 4).data() == "in force · recorded in the Hub's archive", timeout=20_000
    )
    hub_entry = test_archive.hub_archive(day.hub)[-1]
    assert (hub_entry["kind"], hub_entry["subject_id"]) == ("legal_hold", post.subject_id)
    # Another compliance officer's copy receives the hold with the archive, and lifts it.
    other = open_studio(second, "archive", token)
    other_view = archive_view(other, qtbot)
    holds = other_view.holds
    qtbot.waitUntil(lambda: other_view.holds_model.rowCount() == 1, timeout=20_000)
    assert other_view.holds_model.index(0, 2).data() == "Subpoena 12"
    assert other_view.holds_model.index(0, 3).data().endswith("· compliance")
    choose_kind(other_view, "legal_hold", qtbot)
    settle(other_view, qtbot)
    assert [r.subject_id for r in shown(other_view)] == [post.subject_id]
    other_view.tabs.setCurrentWidget(holds)
    holds.table.setFocus()
    holds.table.selectRow(0)
    qtbot.keyClicks(holds.reason, "Subpoena answered")
    qtbot.mouseClick(holds.lift_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (other_view.holds_model.index(0, 4).data() or "").endswith(
            "waiting to reach the Hub"
        )
    )
    other.request_sync()
    qtbot.waitUntil(
        lambda: (other_view.holds_model.index(0, 4).data() or "").endswith("Hub's archive"),
        timeout=20_000,
    )
    lifted = test_archive.hub_archive(day.hub)[-1]
    assert lifted["kind"] == "legal_hold_lifted"
    assert lifted["payload"]["reason"] == "Subpoena answered"
