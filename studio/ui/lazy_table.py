"""A table model that pages rows in from the workspace as the view scrolls, off the UI thread.

The model holds the rows fetched so far (a few hundred at a time, never every row). Each page is
read by a background task from the row after the last one shown (keyset paging), so a query over
a million posts costs the same as over a hundred; results land on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from studio.tasks import Tasks

Index = QModelIndex | QPersistentModelIndex
Row = Any
#: fetch(after, limit) -> rows: the ``limit`` rows that follow ``after`` (None: from the start).
Fetch = Callable[[Row | None, int], Sequence[Row]]

IdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    title: Callable[[], str]
    value: Callable[[Row], object]
    tooltip: Callable[[Row], str] | None = None


class LazyTableModel(QAbstractTableModel):
    """Rows arrive page by page; ``loaded`` fires after each page, ``failed`` on an error."""

    loaded = Signal(int)
    failed = Signal(object)

    def __init__(
        self,
        tasks: Tasks,
        columns: list[Column],
        fetch: Fetch,
        page_size: int = 200,
        row_id: Callable[[Row], str] = lambda r: r[0],
    ) -> None:
        super().__init__()
        self.tasks = tasks
        self.columns = columns
        self._fetch = fetch
        self.page_size = page_size
        self.row_id = row_id
        self._rows: list[Row] = []
        self._more = True
        self._loading = False
        self._generation = 0

    # -- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == IdRole:
            return self.row_id(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title()
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation = self._generation
        after = self._rows[-1] if self._rows else None
        self.tasks.run(
            lambda: list(self._fetch(after, self.page_size)),
            lambda rows: self._append(generation, rows),
            lambda exc: self._fail(generation, exc),
            what="loading a list",
        )

    # -- changes -------------------------------------------------------------------------------

    def set_fetch(self, fetch: Fetch) -> None:
        """Show another query (a search, a filter): starts again from the first page."""
        self._fetch = fetch
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._more = True
        self._loading = False
        self.endResetModel()
        self.fetchMore()

    def refresh(self) -> None:
        """Read the rows shown again (at least a page) and swap them in when they arrive: the
        old rows stay on screen meanwhile, so a list read again under the user never empties."""
        self._generation += 1
        generation = self._generation
        self._loading = True
        fetch, limit = self._fetch, max(self.page_size, len(self._rows))
        self.tasks.run(
            lambda: list(fetch(None, limit)),
            lambda rows: self._swap(generation, rows, limit),
            lambda exc: self._fail(generation, exc),
            what="loading a list",
        )

    def _swap(self, generation: int, rows: list[Row], limit: int) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._rows = rows
        self._more = len(rows) == limit
        self._loading = False
        self.endResetModel()
        self.loaded.emit(len(self._rows))

    def take(self, number: int) -> Row | None:
        """Remove the row shown at ``number`` at once (a decided queue item), keeping the rest."""
        if not 0 <= number < len(self._rows):
            return None
        self.beginRemoveRows(QModelIndex(), number, number)
        row = self._rows.pop(number)
        self.endRemoveRows()
        return row

    def put_back(self, number: int, row: Row) -> None:
        """Show ``row`` again at ``number`` (an undone decision)."""
        number = max(0, min(number, len(self._rows)))
        self.beginInsertRows(QModelIndex(), number, number)
        self._rows.insert(number, row)
        self.endInsertRows()

    def row(self, number: int) -> Row | None:
        """The row shown at ``number``, None past the rows fetched."""
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def ids(self) -> list[str]:
        return [self.row_id(r) for r in self._rows]

    def is_loading(self) -> bool:
        return self._loading

    def _append(self, generation: int, rows: list[Row]) -> None:
        if generation != self._generation:
            return  # a page of a query that has since been replaced
        # Still "loading" while rows go in: a view reacting to the insertion must not start a
        # nested fetch (Qt's model tester catches exactly that).
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._more = len(rows) == self.page_size
        self._loading = False
        self.loaded.emit(len(self._rows))

    def _fail(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._more = False
        self.failed.emit(exc)
