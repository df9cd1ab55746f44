"""The lazily fetched table model: Qt's model checks, paging, stale pages, errors."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from studio.tasks import ImmediateTaskRunner, TaskRunner
from studio.ui.lazy_table import Column, IdRole, LazyTableModel

ROWS = [(f"id-{i:04d}", f"Row {i}") for i in range(1000)]


def fetch_from(rows):
    def fetch(after, limit):
        start = 0 if after is None else rows.index(after) + 1
        return rows[start : start + limit]

    return fetch


COLUMNS = [Column(lambda: "Id", lambda r: r[0]), Column(lambda: "Name", lambda r: r[1])]


def test_model_passes_qt_model_tester_while_paging(qtmodeltester):
    model = LazyTableModel(ImmediateTaskRunner(), COLUMNS, fetch_from(ROWS), page_size=100)
    model.fetchMore()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() % 100 == 0 and model.rowCount() < 1000  # whole pages, not all
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1000
    assert model.index(999, 1).data() == "Row 999"
    assert model.index(5, 0).data(IdRole) == "id-0005"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Name"


def test_a_view_fetches_pages_in_the_background_as_it_scrolls(qtbot):
    threads = set()

    def fetch(after, limit):
        threads.add(threading.get_ident())
        return fetch_from(ROWS)(after, limit)

    runner = TaskRunner()
    model = LazyTableModel(runner, COLUMNS, fetch, page_size=50)
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.setModel(model)
    view.show()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() >= 50)
    assert model.rowCount() < 1000  # never every row at once
    assert threading.get_ident() not in threads  # queries ran off the UI thread
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() >= 100)
    runner.wait(5000)


def test_a_page_of_a_replaced_query_is_dropped(qtbot):
    runner = ImmediateTaskRunner()
    model = LazyTableModel(runner, COLUMNS, fetch_from(ROWS), page_size=10)
    pending = []
    # A runner that holds jobs, to deliver an old page after the query changed.
    model.tasks = type(
        "Held", (), {"run": lambda self, fn, ok, err, what="": pending.append((fn, ok))}
    )()
    model.fetchMore()
    model.set_fetch(fetch_from([("x", "Only match")]))
    old, new = pending
    new[1](new[0]())
    old[1](old[0]())  # arrives late: must not mix into the new result
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["Only match"]


def test_a_failing_query_is_reported_not_raised():
    model = LazyTableModel(
        ImmediateTaskRunner(),
        COLUMNS,
        lambda after, limit: (_ for _ in ()).throw(OSError(5, "disk I/O")),
    )
    errors = []
    model.failed.connect(errors.append)
    model.fetchMore()
    assert model.rowCount() == 0 and not model.canFetchMore()
    assert isinstance(errors[0], OSError)
