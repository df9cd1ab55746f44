"""A page with a searchable, lazily fetched list on the left and a detail area on the right."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column, LazyTableModel, Row
from studio.ui.widgets import MessagePage

if TYPE_CHECKING:
    from studio.store.workspace import Changes

#: A burst of changes (a first sync commits a page of records every ~0.2 s) reads the list
#: again at most this often; the first change after a quiet moment, at once.
RELOAD_AT_MOST_EVERY_MS = 1000

#: search(text) -> fetch(after, limit): the rows matching what the user typed.
SearchFetch = Callable[[str], Callable[[Row | None, int], Sequence[Row]]]


class ListPage(QWidget):
    """Search box, a lazy table and a detail pane; the split is remembered per page."""

    def __init__(
        self,
        context: PageContext,
        key: str,
        columns: list[Column],
        search: SearchFetch,
        record_types: Sequence[str],
        searchable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.key = key
        self.search_fetch = search
        self.record_types = tuple(record_types)
        self.model = LazyTableModel(context.tasks, columns, search(""))
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        if not searchable:  # (showing it now, before it has a parent, would open a window)
            self.search.hide()
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        # The first column (what the row is) takes the room; the others keep a fixed width the
        # user can drag (sizing to contents would read every row).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setDefaultSectionSize(110)
        header.setMinimumSectionSize(60)
        self.table.setColumnWidth(len(columns) - 1, 140)  # dates and times
        self.table.setWordWrap(False)
        self.detail = MessagePage()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.table)
        column.addWidget(self.count)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName(f"{key}-splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        state = context.settings.window_state(f"{key}-splitter")
        if state is None or not self.splitter.restoreState(state):
            self.splitter.setSizes([760, 340])
        self.splitter.splitterMoved.connect(self._remember_split)

        # Search as you type, after a short pause, so each key press doesn't start a query.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.model.loaded.connect(self._show_count)
        self.model.failed.connect(lambda exc: self.count.setText(describe_error(exc)))
        self._last_read = QElapsedTimer()
        self._read_again = QTimer(self)
        self._read_again.setSingleShot(True)
        self._read_again.timeout.connect(self._read_again_now)
        context.on_changes(self._on_changes)
        self.retranslate_ui()
        self.model.fetchMore()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(tr("Search…"))
        self.search.setAccessibleName(tr("Search"))
        self.table.setAccessibleName(tr("List"))

    def _run_search(self) -> None:
        self.model.set_fetch(self.search_fetch(self.search.text()))

    def _show_count(self, loaded: int) -> None:
        more = self.model.canFetchMore()
        self.count.setText(
            tr("%n shown, more as you scroll", "", loaded) if more else tr("%n shown", "", loaded)
        )

    def _on_changes(self, changes: Changes) -> None:
        if any(changes.ids(t) for t in self.record_types):
            self._read_again_soon()

    def _read_again_soon(self) -> None:
        if self._read_again.isActive():
            return  # the burst's last read is already on its way
        since = self._last_read.elapsed() if self._last_read.isValid() else None
        if since is None or since >= RELOAD_AT_MOST_EVERY_MS:
            self._read_again_now()
        else:
            self._read_again.start(RELOAD_AT_MOST_EVERY_MS - since)

    def _read_again_now(self) -> None:
        self._last_read.start()
        self.read_again()

    def read_again(self) -> None:
        """Read the list again after a change (a page may keep its place meanwhile)."""
        self.model.refresh()  # the rows shown stay until the new ones are in

    def _remember_split(self) -> None:
        self.context.settings.set_window_state(f"{self.key}-splitter", self.splitter.saveState())
