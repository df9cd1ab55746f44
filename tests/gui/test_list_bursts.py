"""A list page under a burst of changes (a first sync commits a page of records every ~0.2 s):
it reads the list again a few times, not once per change, and ends showing the last state."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from studio.app import Studio
from studio.store.workspace import Workspace, workspace_path
from studio.ui.list_page import RELOAD_AT_MOST_EVERY_MS


@pytest.fixture
def studio(qapp: QApplication, data_dir: Path, qtbot) -> Iterator[Studio]:
    ws = Workspace.open(workspace_path(data_dir, "desk"), "desk")
    ws.create_article("Already there")
    ws.close()
    app = Studio(qapp, data_dir, "desk", show_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.workspace is not None, timeout=10_000)
    yield app
    app.window.close()
    app.shut_down()


def test_a_burst_of_changes_reads_the_list_a_few_times_and_ends_up_to_date(
    studio: Studio, qtbot
) -> None:
    studio.window.show_page("articles")
    library = studio.window.pages["articles"].library
    qtbot.waitUntil(lambda: library.model.rowCount() == 1, timeout=10_000)
    reads: list[float] = []
    fetch = library.model._fetch

    def counted(after, limit):  # type: ignore[no-untyped-def]
        if after is None:  # a read from the top (not the next page as the user scrolls)
            reads.append(time.monotonic())
        return fetch(after, limit)

    library.model.set_fetch(counted)
    qtbot.waitUntil(lambda: library.model.rowCount() == 1, timeout=10_000)
    reads.clear()
    took: list[float] = []

    def burst() -> None:
        started = time.monotonic()
        for k in range(60):
            studio.workspace.create_article(f"Arrived {k}")
        took.append(time.monotonic() - started)

    writer = threading.Thread(target=burst)
    writer.start()
    qtbot.waitUntil(lambda: not writer.is_alive(), timeout=60_000)
    qtbot.waitUntil(lambda: library.model.rowCount() == 61, timeout=10_000)
    titles = {library.model.row(i).title for i in range(61)}
    assert {f"Arrived {k}" for k in range(60)} <= titles
    # One read at the first change, then at most one a second while the burst lasts, and the
    # last one after it: never one per change.
    assert 1 <= len(reads) <= 2 + took[0] * 1000 / RELOAD_AT_MOST_EVERY_MS
    assert len(reads) < 60 / 3
    gaps = [b - a for a, b in pairwise(reads)]
    assert all(g >= RELOAD_AT_MOST_EVERY_MS / 1000 * 0.9 for g in gaps)
