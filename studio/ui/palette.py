"""The command palette (Ctrl+K): every action by name, with its shortcut, filtered as you type."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

ActionRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def action_label(action: QAction) -> str:
    """The action's text without mnemonic ampersands."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


class ActionListModel(QAbstractListModel):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions = [a for a in actions if a.text() and not a.isSeparator()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._actions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._actions):
            return None
        action = self._actions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            return f"{action_label(action)}\t{shortcut}" if shortcut else action_label(action)
        if role == Qt.ItemDataRole.ToolTipRole:
            return action.toolTip()
        if role == ActionRole:
            return action
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        action = self._actions[index.row()]
        enabled = Qt.ItemFlag.ItemIsEnabled if action.isEnabled() else Qt.ItemFlag.NoItemFlags
        return enabled | Qt.ItemFlag.ItemIsSelectable


class _AllWordsFilter(QSortFilterProxyModel):
    """Keeps rows whose label contains every typed word, in any order, ignoring case."""

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        label = str(self.sourceModel().index(row, 0, parent).data()).casefold()
        return all(word in label for word in self._words)


class CommandPalette(QDialog):
    """Type to filter; Up/Down to choose; Enter runs the action; Esc closes."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Command palette"))
        self.setMinimumSize(520, 360)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Type a command…"))
        self.search.setAccessibleName(self.tr("Command"))
        self.model = ActionListModel(actions, self)
        self.proxy = _AllWordsFilter()
        self.proxy.setSourceModel(self.model)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(self.tr("Matching commands"))
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.run_current)
        self.list.activated.connect(lambda _index: self.run_current())
        self.search.installEventFilter(self)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.proxy.set_query(text)
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            rows = self.proxy.rowCount()
            if rows:
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = (self.list.currentIndex().row() + step) % rows
                self.list.setCurrentIndex(self.proxy.index(row, 0))
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def shown_labels(self) -> list[str]:
        return [str(self.proxy.index(r, 0).data()) for r in range(self.proxy.rowCount())]

    def run_current(self) -> None:
        index = self.list.currentIndex()
        action = index.data(ActionRole) if index.isValid() else None
        if isinstance(action, QAction) and action.isEnabled():
            self.accept()
            action.trigger()
