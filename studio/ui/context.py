"""What a page is given: the workspace, the task runner, change announcements, settings, errors.

Built by the composition root (studio/app.py) and handed to every page; there are no globals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from studio.tasks import Tasks
from studio.ui.errors import ErrorReporter
from studio.ui.settings import Settings

if TYPE_CHECKING:  # the store costs a database driver import; pages get it at run time
    from studio.store.workspace import Changes, Workspace


class WorkspaceSignals(QObject):
    """Re-announces the workspace's ``Changes`` as a Qt signal, delivered on the UI thread."""

    changed = Signal(object)
    _arrived = Signal(object)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        # _arrived is emitted on the writer thread; its slot is a method of this object, which
        # lives on the UI thread, so Qt queues the call there. Receivers of ``changed`` (lambdas
        # included) then always run on the UI thread.
        self._arrived.connect(self._deliver)
        self._unsubscribe = workspace.subscribe(self._arrived.emit)

    @Slot(object)
    def _deliver(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def detach(self) -> None:
        self._unsubscribe()


@dataclass
class PageContext:
    workspace: Workspace
    tasks: Tasks
    signals: WorkspaceSignals
    settings: Settings
    errors: ErrorReporter
    #: token(hub_url, account): the account's sign-in token (the keyring), None when unknown.
    #: For pages that ask the Hub something themselves (the Archive page's verification).
    token: Callable[[str, str], str | None] = lambda _hub, _account: None

    def on_changes(self, receiver: Callable[[Changes], None]) -> None:
        self.signals.changed.connect(receiver)


@dataclass(frozen=True)
class PageSpec:
    """A page of the navigation rail: its key, its (translated) title, and how to build it."""

    key: str
    title: Callable[[], str]
    description: Callable[[], str]
    factory: Callable[[PageContext], QWidget]
    #: The module the factory imports on the page's first visit: the app loads it on the writer
    #: thread while the workspace opens, so the first visit only builds widgets.
    module: str | None = None
