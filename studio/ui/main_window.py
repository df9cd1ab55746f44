"""The shell: navigation rail, pages, menus, command palette and status bar.

Pages are built on first visit, by the factories of their editors (handed in by studio/app.py:
the shell never imports an editor). Until the workspace is open, the page area says so.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets
from PySide6 import __version__ as qt_version
from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from studio import __version__
from studio.ui.context import PageContext, PageSpec
from studio.ui.settings import Settings
from studio.ui.theme import THEMES
from studio.ui.widgets import MessagePage

if TYPE_CHECKING:
    from studio.ui.palette import CommandPalette


class LanguageWatcher(QObject):
    """Calls ``retranslate`` when the application's language changes (a translator comes or goes).

    An event filter installed after start-up, not a changeEvent override: the override would be
    called while the window is first shown and build PySide6's large QEvent.Type enum then.
    """

    def __init__(self, widget: QMainWindow, retranslate: Callable[[], None]) -> None:
        super().__init__(widget)
        self.retranslate = retranslate
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False


#: Standard icons of the rail, by name: looked up once the window is up (QStyle is costly to load).
RAIL_ICONS = (
    "SP_FileDialogDetailedView",
    "SP_MessageBoxWarning",
    "SP_FileDialogContentsView",
    "SP_DialogYesButton",
    "SP_DriveHDIcon",
    "SP_ComputerIcon",
)


class Connection(StrEnum):
    OFFLINE = "offline"
    ONLINE = "online"
    SYNCING = "syncing"
    ERROR = "error"


class MainWindow(QMainWindow):
    """Studio's main window. ``theme_chosen(name)`` asks the app to switch theme."""

    theme_chosen = Signal(str)
    sync_requested = Signal()
    cancel_sync_requested = Signal()
    workspace_chosen = Signal(str)
    sign_in_requested = Signal()
    page_shown = Signal(str)

    def __init__(self, settings: Settings, pages: list[PageSpec]) -> None:
        super().__init__()
        self.settings = settings
        self.specs = pages
        self.context: PageContext | None = None
        self.pages: dict[str, QWidget] = {}
        self.workspace_name = ""
        self.connection = Connection.OFFLINE
        self.pending = 0
        self.setObjectName("MainWindow")
        self.resize(1280, 820)

        self.rail = QListWidget()
        self.rail.setObjectName("NavigationRail")
        self.rail.setIconSize(QSize(20, 20))
        self.rail.setMinimumWidth(150)
        self.rail.setMaximumWidth(260)
        for _spec in pages:
            self.rail.addItem(QListWidgetItem(""))
        self.stack = QStackedWidget()
        self.waiting = MessagePage()
        self.stack.addWidget(self.waiting)
        self.splitter = QSplitter()  # horizontal
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.rail)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 1090])
        self.setCentralWidget(self.splitter)

        self.status_workspace = QLabel()
        self.status_connection = QLabel()
        # A flat button: clicking the count opens the sync panel with the list behind it.
        self.status_pending = QPushButton()
        self.status_pending.setFlat(True)
        self.status_pending.clicked.connect(lambda _c=False: self.show_sync_panel())
        self.sync_progress = QProgressBar()
        self.sync_progress.setMaximumWidth(180)
        self.sync_progress.setTextVisible(True)
        self.sync_progress.hide()
        self.cancel_sync = QToolButton()
        self.cancel_sync.clicked.connect(lambda _c=False: self.cancel_sync_requested.emit())
        self.cancel_sync.hide()
        for widget in (
            self.sync_progress,
            self.cancel_sync,
            self.status_workspace,
            self.status_connection,
            self.status_pending,
        ):
            self.statusBar().addPermanentWidget(widget)
        self.sync_dock: QDockWidget | None = None
        self.workspaces: list[tuple[str, str]] = []

        self._make_actions()
        self._make_menus()
        self.rail.currentRowChanged.connect(self._open_row)
        self.retranslate_ui()
        self._restore_layout()
        # What the first frame can do without waits for the first turn of the event loop.
        QTimer.singleShot(0, self._finish_setup)

    def _finish_setup(self) -> None:
        style = self.style()
        for i in range(self.rail.count()):
            pixmap = getattr(QtWidgets.QStyle.StandardPixmap, RAIL_ICONS[i % len(RAIL_ICONS)])
            self.rail.item(i).setIcon(style.standardIcon(pixmap))
        self._language = LanguageWatcher(self, self.retranslate_ui)

    # -- actions and menus ---------------------------------------------------------------------

    def _action(
        self,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[[], object],
        name: str,
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut:
            # The list overload: setShortcut's overload resolution builds the whole Qt namespace.
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        sk = QKeySequence.StandardKey
        self.act_quit = self._action(sk.Quit, self.close, "quit")
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_palette = self._action("Ctrl+K", self.show_palette, "palette")
        self.act_sign_in = self._action(None, self.sign_in_requested.emit, "sign-in")
        self.act_sync = self._action(sk.Refresh, self.sync_requested.emit, "sync")
        self.act_sync.setEnabled(False)  # until the workspace is linked to a Hub
        self.act_sync_panel = self._action("Ctrl+Shift+Y", self.toggle_sync_panel, "sync-panel")
        self.act_fullscreen = self._action(sk.FullScreen, self._toggle_fullscreen, "fullscreen")
        self.act_about = self._action(None, self.show_about, "about")
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.act_shortcuts = self._action(sk.HelpContents, self.show_shortcuts, "shortcuts")
        self.act_pages = [
            self._action(
                f"Ctrl+{i + 1}", lambda i=i: self.show_page(self.specs[i].key), f"page-{spec.key}"
            )
            for i, spec in enumerate(self.specs)
        ]
        self.theme_group = QActionGroup(self)
        self.act_themes: dict[str, QAction] = {}
        for name in THEMES:
            action = self._action(None, lambda n=name: self.theme_chosen.emit(n), f"theme-{name}")
            action.setCheckable(True)
            action.setChecked(name == self.settings.theme)
            self.theme_group.addAction(action)
            self.act_themes[name] = action

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_file.addAction(self.act_sign_in)
        self.menu_workspaces = self.menu_file.addMenu("")
        self.menu_workspaces.setObjectName("workspaces-menu")
        self.menu_file.addAction(self.act_sync)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_go = bar.addMenu("")
        for action in self.act_pages:
            self.menu_go.addAction(action)
        self.menu_view = bar.addMenu("")
        self.menu_view.addAction(self.act_palette)
        self.menu_view.addAction(self.act_sync_panel)
        self.menu_theme = self.menu_view.addMenu("")
        for action in self.act_themes.values():
            self.menu_theme.addAction(action)
        self.menu_view.addAction(self.act_fullscreen)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_shortcuts)
        self.menu_help.addAction(self.act_about)

    def all_actions(self) -> list[QAction]:
        """Every command of the window, for the palette (pages add theirs with addAction)."""
        actions = list(self.actions())
        for page in self.pages.values():
            actions.extend(a for a in page.actions() if a not in actions)
        return actions

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Studio"))
        self.act_quit.setText(self.tr("&Quit"))
        self.act_palette.setText(self.tr("Command &palette…"))
        self.act_sign_in.setText(self.tr("Sign &in to a Hub…"))
        self.act_sync.setText(self.tr("&Sync now"))
        self.act_sync_panel.setText(self.tr("Sync &panel"))
        self.menu_workspaces.setTitle(self.tr("S&witch workspace"))
        self.cancel_sync.setText(self.tr("Cancel"))
        self.cancel_sync.setToolTip(self.tr("Stop syncing; what was done so far is kept"))
        self.sync_progress.setAccessibleName(self.tr("Sync progress"))
        if self.sync_dock is not None:
            self.sync_dock.setWindowTitle(self.tr("Sync"))
        self.act_fullscreen.setText(self.tr("&Full screen"))
        self.act_about.setText(self.tr("&About Studio"))
        self.act_shortcuts.setText(self.tr("&Keyboard shortcuts"))
        for spec, action, i in zip(self.specs, self.act_pages, range(len(self.specs)), strict=True):
            action.setText(self.tr("Go to {page}").format(page=spec.title()))
            item = self.rail.item(i)
            item.setText(spec.title())
            item.setToolTip(spec.description())
        theme_names = {
            "system": self.tr("Follow the &system"),
            "light": self.tr("&Light"),
            "dark": self.tr("&Dark"),
        }
        for name, action in self.act_themes.items():
            action.setText(theme_names[name])
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_go.setTitle(self.tr("&Go"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_theme.setTitle(self.tr("&Theme"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.rail.setAccessibleName(self.tr("Pages"))
        self.status_workspace.setAccessibleName(self.tr("Workspace"))
        self.status_connection.setAccessibleName(self.tr("Connection"))
        self.status_pending.setAccessibleName(self.tr("Changes waiting to sync"))
        if self.context is None:
            self.waiting.set_text(self.tr("Opening the workspace…"), "")
        self._refresh_status()

    # -- workspace and pages -------------------------------------------------------------------

    def set_opening(self, workspace_name: str) -> None:
        self.workspace_name = workspace_name
        self._refresh_status()

    def set_context(self, context: PageContext) -> None:
        """The workspace is open: pages can be built. Shows the page chosen on the rail."""
        self.context = context
        self.workspace_name = context.workspace.name
        row = max(self.rail.currentRow(), 0)
        self.rail.setCurrentRow(row)
        self._open_row(row)
        self._refresh_status()

    def clear_pages(self) -> None:
        """Another workspace is about to open: drop the pages built for this one."""
        self.flush_pages()
        self.context = None
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.waiting.set_text(self.tr("Opening the workspace…"), "")
        self.stack.setCurrentWidget(self.waiting)
        self.set_sync_available(False)
        self.set_connection(Connection.OFFLINE)
        if self.sync_dock is not None:
            self.removeDockWidget(self.sync_dock)
            self.sync_dock.deleteLater()
            self.sync_dock = None

    def set_failed(self, message: str) -> None:
        """The workspace could not be opened: say so where the pages would be."""
        self.waiting.set_text(self.tr("This workspace could not be opened"), message)
        self.stack.setCurrentWidget(self.waiting)

    def show_page(self, key: str) -> None:
        for row, spec in enumerate(self.specs):
            if spec.key == key:
                self.rail.setCurrentRow(row)
                self._open_row(row)
                return

    def current_page_key(self) -> str:
        row = self.rail.currentRow()
        return self.specs[row].key if 0 <= row < len(self.specs) else ""

    def _open_row(self, row: int) -> None:
        if self.context is None or not 0 <= row < len(self.specs):
            return
        spec = self.specs[row]
        page = self.pages.get(spec.key)
        if page is None:
            page = spec.factory(self.context)
            page.setObjectName(f"page-{spec.key}")
            self.pages[spec.key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.page_shown.emit(spec.key)

    # -- status --------------------------------------------------------------------------------

    def set_connection(self, state: Connection) -> None:
        self.connection = state
        syncing = state is Connection.SYNCING
        if syncing and not self.sync_progress.isVisible():
            self.sync_progress.setRange(0, 0)  # busy until the first figures arrive
            self.sync_progress.setFormat("")
        self.sync_progress.setVisible(syncing)
        self.cancel_sync.setVisible(syncing)
        self._refresh_status()

    def set_progress(self, stage: str, done: int, total: int) -> None:
        """A sync round's figures: changes sent or received so far, of ``total`` if known."""
        if total > 0:
            self.sync_progress.setRange(0, total)
            self.sync_progress.setValue(min(done, total))
        else:
            self.sync_progress.setRange(0, 0)
        text = (
            self.tr("Sending: %n change(s)", "", done)
            if stage == "push"
            else self.tr("Receiving: %n change(s)", "", done)
        )
        self.sync_progress.setFormat(text if total <= 0 else f"{text} (%p%)")
        self.sync_progress.setToolTip(text)

    # -- workspaces ----------------------------------------------------------------------------

    def set_workspaces(self, workspaces: list[tuple[str, str]]) -> None:
        """The workspaces to switch to: (name, description: the account and Hub, or "local")."""
        self.workspaces = workspaces
        self.menu_workspaces.clear()
        group = QActionGroup(self.menu_workspaces)
        for name, description in workspaces:
            action = self.menu_workspaces.addAction(
                self.tr("{name} ({where})").format(name=name, where=description)
                if description
                else name
            )
            action.setObjectName(f"workspace-{name}")
            action.setCheckable(True)
            action.setChecked(name == self.workspace_name)
            group.addAction(action)
            action.triggered.connect(
                lambda _c=False, n=name: n != self.workspace_name and self.workspace_chosen.emit(n)
            )
        self.menu_workspaces.setEnabled(bool(workspaces))

    # -- the sync panel ------------------------------------------------------------------------

    def show_sync_panel(self) -> QDockWidget | None:
        if self.context is None:
            return None
        if self.sync_dock is None:
            from studio.ui.sync_panel import SyncPanel  # loads the store's queries

            self.sync_dock = QDockWidget(self.tr("Sync"), self)
            self.sync_dock.setObjectName("SyncDock")
            self.sync_dock.setWidget(SyncPanel(self.context))
            self.addDockWidget(QtCore.Qt.DockWidgetArea.BottomDockWidgetArea, self.sync_dock)
        self.sync_dock.show()
        self.sync_dock.raise_()
        return self.sync_dock

    def toggle_sync_panel(self) -> None:
        if self.sync_dock is not None and self.sync_dock.isVisible():
            self.sync_dock.hide()
        else:
            self.show_sync_panel()

    def set_sync_available(self, available: bool) -> None:
        self.act_sync.setEnabled(available)
        self.act_sync.setToolTip(
            self.tr("Sync with the platform now")
            if available
            else self.tr("Sign in to a Hub to sync this workspace (studio login)")
        )

    def show_note(self, text: str) -> None:
        """A passing message in the status bar (a sync summary, say)."""
        self.statusBar().showMessage(text, 15_000)

    def set_pending(self, count: int) -> None:
        self.pending = count
        self._refresh_status()

    def _refresh_status(self) -> None:
        self.status_workspace.setText(
            self.tr("Workspace: {name}").format(name=self.workspace_name or "–")
        )
        names = {
            Connection.OFFLINE: self.tr("Offline"),
            Connection.ONLINE: self.tr("Online"),
            Connection.SYNCING: self.tr("Syncing…"),
            Connection.ERROR: self.tr("Sync error"),
        }
        self.status_connection.setText(names[self.connection])
        if self.pending == 0:
            self.status_pending.setText(self.tr("All changes synced"))
        else:
            self.status_pending.setText(self.tr("%n change(s) waiting to sync", "", self.pending))

    # -- dialogs -------------------------------------------------------------------------------

    def show_palette(self) -> CommandPalette:
        # Dialogs load on first use: their widget classes would cost start-up time.
        from studio.ui.palette import CommandPalette

        palette = CommandPalette(self.all_actions(), self)
        palette.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        palette.open()
        return palette

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About Studio"),
            self.tr(
                "<h3>Studio {version}</h3><p>Draft articles, schedule webinars and moderate "
                "member posts, online or offline, and sync with the platform.</p>"
                "<p>Qt {qt}</p>"
            ).format(version=__version__, qt=qt_version),
        )

    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from studio.ui.palette import action_label

        rows = []
        for action in self.all_actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and action.text():
                rows.append(f"<tr><td>{action_label(action)}</td><td><b>{keys}</b></td></tr>")
        QMessageBox.information(
            self,
            self.tr("Keyboard shortcuts"),
            "<table cellspacing=6>" + "".join(rows) + "</table>",
        )

    def _toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ QtCore.Qt.WindowState.WindowFullScreen)

    # -- layout memory -------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.window_state("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state("state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.window_state("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("state", self.saveState())
        self.settings.set_window_state("splitter", self.splitter.saveState())
        self.settings.sync()

    def flush_pages(self) -> None:
        """Pages holding unsaved work (an article being typed) write it now."""
        for page in self.pages.values():
            flush = getattr(page, "flush", None)
            if callable(flush):
                flush()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush_pages()
        self.save_layout()
        super().closeEvent(event)
