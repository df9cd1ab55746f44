"""The composition root: builds the settings, task runner, error reporter, workspace and window,
and passes each what it needs. Nothing else creates these; there are no globals.

The window is shown first and the workspace opened by the writer thread behind it (migrating a
large file can take a while, and the database driver's import alone costs more than the window),
so Studio is on screen and responsive at once.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6 import QtCore
from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

# First of Studio's modules, right after PySide6: narrows PySide6's import hook (see there).
import studio.qt_import_hook as import_hook
from studio import __version__
from studio.editors import archive, article, dashboard, moderation, poll, webinar
from studio.locations import data_dir, set_application_names, setup_logging
from studio.tasks import TaskRunner
from studio.ui.context import PageContext, PageSpec, WorkspaceSignals
from studio.ui.errors import ErrorReporter, describe_error
from studio.ui.main_window import Connection, MainWindow
from studio.ui.settings import Settings
from studio.ui.theme import apply_theme

if TYPE_CHECKING:
    from studio.editors.article.early import FileGlance
    from studio.store.workspace import Changes, Workspace
    from studio.sync.account import SignedIn
    from studio.sync.worker import SyncWorker
    from studio.ui.sign_in import SignInDialog

log = logging.getLogger(__name__)

DEFAULT_WORKSPACE = "local"
SYNC_EVERY_MS = 5 * 60 * 1000
#: After a round finds the Hub unreachable, try again after these pauses (then the last, on).
RETRY_OFFLINE_MS = (10_000, 30_000, 60_000, 120_000)


class CredentialStore(Protocol):
    """Where tokens live (the OS keyring: studio.sync.credentials.Credentials)."""

    def token(self, hub_url: str, account: str) -> str | None: ...

    def store(self, hub_url: str, account: str, token: str) -> None: ...


def page_specs() -> list[PageSpec]:
    return [m.spec() for m in (article, moderation, webinar, poll, archive, dashboard)]


def open_workspace(folder: Path, name: str) -> Workspace:
    """Open the named workspace under ``folder`` (runs on the writer thread)."""
    # Imported here, on the writer thread, so the window shows before the driver has loaded.
    from studio.store.workspace import Workspace, workspace_path

    workspace = Workspace.open(workspace_path(folder, name), name)
    # The renderer (articles, posts) loads and builds its converter here too, while the window
    # waits for the workspace: done later on a worker, it holds the interpreter lock long
    # enough to stall the UI thread by ~30 ms on the page that first needs it.
    from studio.domain.markdown import render

    render("*Studio*")
    return workspace


def preload_pages() -> None:
    """Import the pages' own modules (on a worker, once the workspace is open): a first visit
    that imported them stalled the UI thread (the Moderation page's ~100 ms of widget classes
    and queries)."""
    for spec in page_specs():
        if spec.module:
            importlib.import_module(spec.module)


class Studio:
    """One running Studio: the objects of a session and how they are wired."""

    def __init__(
        self,
        app: QApplication,
        folder: Path,
        workspace_name: str,
        show_dialogs: bool = True,
        credentials: CredentialStore | None = None,
    ) -> None:
        self.app = app
        self.folder = folder
        self.workspace_name = workspace_name
        self.credentials = credentials
        self.settings = Settings(folder / "settings.ini")
        self.errors = ErrorReporter(show_dialogs=show_dialogs)
        self.tasks = TaskRunner()
        self.tasks.failed.connect(lambda what, exc: self.errors.report(exc, what))
        self.workspace: Workspace | None = None
        self.sync: SyncWorker | None = None
        self.sign_in_dialog: SignInDialog | None = None
        #: (Hub URL, account) of the open workspace, ("", "") when it is local.
        self.hub_link = ("", "")
        self.sync_timer = QTimer()
        self.sync_timer.setInterval(SYNC_EVERY_MS)
        self.sync_timer.timeout.connect(self.request_sync)
        # Offline: try again soon, then less often, so the sync resumes when the Hub is back.
        self.retry_offline_ms = RETRY_OFFLINE_MS
        self.offline_rounds = 0
        self.retry_timer = QTimer()
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self.request_sync)
        self.signals: WorkspaceSignals | None = None
        self.open_error: BaseException | None = None
        #: Called with the workspace once it is open and the pages can show it.
        self.when_open: list[Callable[[Workspace], None]] = []
        #: Called with the glance at a file given on the command line (see glance_at()).
        self.when_glance: list[Callable[[FileGlance], None]] = []
        self.glance: FileGlance | None = None
        apply_theme(app, self.settings.theme)
        QGuiApplication.styleHints().colorSchemeChanged.connect(
            lambda _scheme: self.settings.theme == "system" and apply_theme(app, "system")
        )
        self.window = MainWindow(self.settings, page_specs())
        self.errors.parent_widget = self.window
        self.window.theme_chosen.connect(self.choose_theme)
        self.window.sync_requested.connect(self.request_sync)
        self.window.sign_in_requested.connect(self.show_sign_in)
        self.window.cancel_sync_requested.connect(self.cancel_sync)
        self.window.workspace_chosen.connect(self.switch_to)
        app.aboutToQuit.connect(self.shut_down)

    def start(self, open_workspace: bool = True) -> None:
        self.window.show()
        self.window.set_opening(self.workspace_name)
        if open_workspace:
            self.open_workspace()

    def open_workspace(self) -> None:
        """Open the workspace chosen (on the writer thread); the pages follow (``_attach``)."""
        self.tasks.write(
            lambda: open_workspace(self.folder, self.workspace_name),
            self._attach,
            self._failed_to_open,
            what="opening the workspace",
        )

    def choose_theme(self, name: str) -> None:
        self.settings.theme = name
        apply_theme(self.app, name)

    def _attach(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.signals = WorkspaceSignals(workspace)
        self.signals.changed.connect(self._on_changes)
        self.settings.last_workspace = workspace.name
        context = PageContext(
            workspace,
            self.tasks,
            self.signals,
            self.settings,
            self.errors,
            token=lambda hub, account: self._credentials().token(hub, account),
        )
        self.window.set_context(context)
        self.tasks.run(preload_pages, what="loading the pages")
        self._count_pending()
        self._start_sync(workspace)
        self.list_workspaces()
        log.info("workspace %s open at %s", workspace.name, workspace.path)
        for callback in self.when_open:
            callback(workspace)

    def import_files(self, paths: list[Path]) -> None:
        """Markdown files given on the command line: new drafts, the last one opened."""
        self.window.show_page("articles")
        page = self.window.pages.get("articles")
        importer = getattr(page, "import_files", None)
        if importer is not None:
            importer(paths)
        glance = self.glance
        if glance is not None:
            self.window.stack.setCurrentWidget(glance)  # until the editor shows the draft

            def imported(_r: object) -> None:
                editor = getattr(page, "editor", None)
                glance.import_over(bool(getattr(editor, "article_id", "")))

            # Queued after the import on the writer thread: its result has been handled.
            self.tasks.write(lambda: None, imported)

    def glance_at(self, path: Path, then: Callable[[], None]) -> None:
        """Show the file's text and preview while the workspace opens (studio FILE.md); the
        article editor takes over once the file is a draft (editors/article/early.py).
        ``then`` is called once the preview shows the file's first part (or the file could
        not be read): opening the workspace meanwhile would hold the interpreter lock for
        the time the file takes to show."""
        from studio.editors.article.early import FileGlance

        def editor_shows_it() -> bool:
            editor = getattr(self.window.pages.get("articles"), "editor", None)
            return (
                editor is not None
                and not editor.text.document().isEmpty()
                and not editor.preview.document().isEmpty()
            )

        def done() -> None:
            glance = self.glance
            self.glance = None
            if glance is not None:
                self.window.show_page("articles")
                self.window.stack.removeWidget(glance)  # it deletes itself when idle

        self.glance = FileGlance(path, self.tasks, editor_shows_it, done, then)
        self.window.stack.addWidget(self.glance)
        self.window.stack.setCurrentWidget(self.glance)
        for callback in self.when_glance:
            callback(self.glance)

    def show_sign_in(self, hub_url: str = "", user: str = "", message: str = "") -> None:
        # Loaded on first use: the HTTP client and the keyring cost start-up time.
        from studio.sync.account import sign_in
        from studio.ui.sign_in import SignInDialog

        credentials = self._credentials()
        dialog = SignInDialog(
            self.tasks,
            lambda hub, user, password: sign_in(
                self.folder,
                hub,
                user,
                password,
                ca_bundle=self.settings.ca_bundle(hub) or None,
                credentials=credentials,
                # Signing in again as this workspace's account keeps this workspace.
                workspace=self.workspace_name if (hub.rstrip("/"), user) == self.hub_link else None,
            ),
            hub_url=hub_url,
            user=user,
            parent=self.window,
        )
        dialog.message.setText(message)
        dialog.accepted.connect(lambda: self._signed_in(dialog.result_value))
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.sign_in_dialog = dialog

    def _signed_in(self, signed: SignedIn | None) -> None:
        if signed is None:
            return
        if signed.workspace == self.workspace_name and self.workspace is not None:
            self.request_sync()  # signed in again: the queued changes go now
        else:
            self.switch_to(signed.workspace)

    def switch_to(self, name: str) -> None:
        """Close this workspace (after its queued writes) and open ``name`` in its place."""
        self._stop_sync()
        self.hub_link = ("", "")
        if self.signals is not None:
            self.signals.detach()
            self.signals = None
        old, self.workspace = self.workspace, None
        self.window.clear_pages()
        if old is not None:
            self.tasks.write(old.close, what="closing the workspace")
        self.workspace_name = name
        self.window.set_opening(name)
        self.tasks.write(
            lambda: open_workspace(self.folder, name),
            self._attach,
            self._failed_to_open,
            what="opening the workspace",
        )

    def list_workspaces(self) -> None:
        """Refresh File → Switch workspace from the data folder (read off the UI thread)."""
        from studio.store.workspace import list_workspaces

        def described(found: list) -> list[tuple[str, str]]:
            return [
                (w.name, f"{w.account} @ {w.hub_url}" if w.hub_url else self.window.tr("local"))
                for w in found
            ]

        self.tasks.run(
            lambda: list_workspaces(self.folder),
            lambda found: self.window.set_workspaces(described(found)),
            what="listing the workspaces",
        )

    def _stop_sync(self) -> None:
        """Stop syncing this workspace; answers still on their way are not delivered."""
        self.sync_timer.stop()
        self.retry_timer.stop()
        self.offline_rounds = 0
        if self.sync is not None:
            for signal in (
                self.sync.started,
                self.sync.progress,
                self.sync.finished,
                self.sync.failed,
            ):
                signal.disconnect()
            self.sync.stop()
            self.sync = None

    def _credentials(self) -> CredentialStore:
        if self.credentials is None:
            from studio.sync.credentials import Credentials

            self.credentials = Credentials()
        return self.credentials

    def _start_sync(self, workspace: Workspace) -> None:
        self.tasks.run(
            workspace.hub_link,
            lambda link: self._linked(workspace, *link),
            what="reading the sync state",
        )

    def _linked(self, workspace: Workspace, hub: str, account: str) -> None:
        self.hub_link = (hub, account)
        self.window.set_sync_available(bool(hub))
        if not hub or workspace is not self.workspace:
            return
        # Loaded only for a workspace tied to a Hub: the HTTP client and the keyring cost
        # memory and time a local workspace never needs.
        from studio.sync.worker import SyncWorker

        self.sync = SyncWorker(
            workspace, self._credentials().token, ca_bundle=self.settings.ca_bundle(hub) or None
        )
        self.sync.started.connect(lambda: self.window.set_connection(Connection.SYNCING))
        self.sync.progress.connect(self.window.set_progress)
        self.sync.finished.connect(self._synced)
        self.sync.failed.connect(self._sync_failed)
        self.sync_timer.start()
        self._watch_network()
        self.request_sync()

    def _watch_network(self) -> None:
        """Sync as soon as the system says the network is back (where it can say so: the
        retry timer covers the rest)."""
        from PySide6.QtNetwork import QNetworkInformation

        if QNetworkInformation.instance() is None and not QNetworkInformation.loadDefaultBackend():
            log.info("no network information backend; offline retries use the timer only")
            return
        info = QNetworkInformation.instance()
        if info is not None and not getattr(self, "_network_watched", False):
            self._network_watched = True
            online = QNetworkInformation.Reachability.Online
            info.reachabilityChanged.connect(
                lambda reach: reach == online and self.offline_rounds and self.request_sync()
            )

    def request_sync(self) -> None:
        if self.sync is not None and self.window.act_sync.isEnabled():
            self.sync.request()

    def cancel_sync(self) -> None:
        if self.sync is not None:
            self.sync.cancel()

    def _synced(self, summary: str, conflicts: int, rejected: int) -> None:
        self.offline_rounds = 0
        self.retry_timer.stop()
        self.window.set_connection(Connection.ONLINE)
        self.window.show_note(summary)
        self._count_pending()

    def _sync_failed(self, kind: str, message: str) -> None:
        states = {"offline": Connection.OFFLINE, "cancelled": Connection.ONLINE}
        self.window.set_connection(states.get(kind, Connection.ERROR))
        self.window.show_note(message)
        if kind == "offline":
            # Connectivity returns without telling us: try again, less and less often.
            pauses = self.retry_offline_ms
            self.retry_timer.start(pauses[min(self.offline_rounds, len(pauses) - 1)])
            self.offline_rounds += 1
        dialog_open = self.sign_in_dialog is not None and self.sign_in_dialog.isVisible()
        if kind == "sign_in" and not dialog_open:
            # The token expired or was revoked: ask again; the queued changes wait meanwhile.
            self.show_sign_in(*self.hub_link, message)

    def _failed_to_open(self, exc: BaseException) -> None:
        self.open_error = exc
        self.window.set_failed(describe_error(exc))
        self.errors.report(exc, "opening the workspace")

    def _on_changes(self, changes: Changes) -> None:
        if changes.outbox:
            self._count_pending()

    def _count_pending(self) -> None:
        if self.workspace is not None:
            self.tasks.run(
                self.workspace.pending_changes,
                self.window.set_pending,
                what="counting changes waiting to sync",
            )

    def shut_down(self) -> None:
        # Queued writes are the user's work: let them finish before the process ends.
        self._stop_sync()
        self.tasks.close(30_000)
        if self.signals is not None:
            self.signals.detach()
        if self.workspace is not None:
            self.workspace.close()
        self.settings.sync()


def install_translators(app: QApplication, language: str) -> None:
    """Qt's own strings and Studio's, for the chosen language or the system's."""
    locale = QLocale(language) if language else QLocale.system()
    QLocale.setDefault(locale)
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    ours = QTranslator(app)
    if ours.load(locale, "studio", "_", str(Path(__file__).with_name("translations"))):
        app.installTranslator(ours)


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop app; returns the exit code."""
    import_hook.narrow_feature_scan()
    import_hook.defer_unused_modules()  # before the writer thread imports SQLAlchemy
    set_application_names()
    # Fusion from the start: one style everywhere, and no second style object made later.
    app = QApplication([*sys.argv[:1], "-style", "Fusion"])
    app.setApplicationDisplayName("Studio")
    app.setApplicationVersion(__version__)
    folder = data_dir(args.data_dir)
    setup_logging(folder)
    settings_language = Settings(folder / "settings.ini").language
    install_translators(app, settings_language)
    name = args.workspace or Settings(folder / "settings.ini").last_workspace or DEFAULT_WORKSPACE
    studio = Studio(app, folder, name)
    studio.errors.install()
    bench = os.environ.get("STUDIO_BENCH", "")
    if bench:
        from studio.bench_hooks import BenchHooks  # only when benchmarking

        BenchHooks(studio, bench)
    files = [Path(f) for f in getattr(args, "files", [])]
    if files:
        studio.when_open.append(lambda _ws: studio.import_files(files))
        studio.start(open_workspace=False)
        studio.glance_at(files[-1], then=studio.open_workspace)
    else:
        studio.start()
    return app.exec()
