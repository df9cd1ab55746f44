"""What the user sees when something goes wrong: a sentence, details to copy, and no exit.

Every uncaught exception (on the UI thread, in a thread, or in a background task nobody else
handled) is logged and shown in an ErrorDialog (studio/ui/error_dialog.py); the app keeps
running.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from studio.ui.i18n import tr

if TYPE_CHECKING:
    from studio.ui.error_dialog import ErrorDialog

log = logging.getLogger(__name__)


def describe_error(exc: BaseException) -> str:
    """A translated sentence for the user about ``exc``; never a stack trace."""
    kind = getattr(exc, "kind", None)
    path = str(getattr(exc, "path", ""))
    detail = str(getattr(exc, "detail", ""))
    if kind == "unwritable":
        return tr(
            "Studio cannot write to the folder {path} ({detail}). Choose another data folder "
            "with --data-dir, or fix the folder's permissions."
        ).format(path=path, detail=detail)
    if kind == "corrupt":
        return tr(
            "The workspace file {path} is damaged or is not a Studio workspace ({detail}). "
            "It has been left exactly as it is; restore it from a backup, or move it aside "
            "to start a new workspace."
        ).format(path=path, detail=detail)
    if kind == "too_new":
        return tr(
            "The workspace file {path} was written by a newer version of Studio. Update Studio "
            "to open it; the file has been left exactly as it is."
        ).format(path=path)
    if kind == "migration_failed":
        return tr(
            "The workspace {path} could not be brought up to date ({detail}). The file has been "
            "left exactly as it was."
        ).format(path=path, detail=detail)
    if isinstance(exc, MemoryError):
        return tr("Studio ran out of memory while doing this.")
    if isinstance(exc, OSError):
        return tr("A file or network operation failed: {error}").format(
            error=exc.strerror or str(exc)
        )
    message = str(exc).strip()
    # Errors that carry a sentence for the user (OperationError, TextFileError, …) say so.
    if getattr(exc, "for_the_user", False) and message:
        return message
    return tr(
        "Something went wrong inside Studio. Your work is saved; the details below help us fix it."
    )


def details_of(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


class ErrorReporter(QObject):
    """The one place errors go: logged, then shown (one dialog at a time) on the UI thread."""

    reported = Signal(str, str)

    def __init__(self, parent_widget: QWidget | None = None, show_dialogs: bool = True) -> None:
        super().__init__()
        self.parent_widget = parent_widget
        self.show_dialogs = show_dialogs
        self.last: tuple[str, str] | None = None
        self._open: ErrorDialog | None = None
        self.reported.connect(self._show)

    def report(self, exc: BaseException, what: str = "") -> None:
        """Log ``exc`` and tell the user; safe to call from any thread."""
        log.error("%s", what or "unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        self.reported.emit(describe_error(exc), details_of(exc))

    @Slot(str, str)
    def _show(self, message: str, details: str) -> None:
        self.last = (message, details)
        if not self.show_dialogs:
            return
        if self._open is not None and self._open.isVisible():
            # One dialog at a time: a burst of the same failure must not bury the window.
            self._open.details.appendPlainText("\n" + details)
            return
        # Loaded with the first error: the dialog's widgets cost start-up time otherwise.
        from studio.ui.error_dialog import ErrorDialog

        self._open = ErrorDialog(message, details, self.parent_widget)
        self._open.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self._open.show()

    def install(self) -> None:
        """Route uncaught exceptions of every thread here instead of ending the app."""

        def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
            if issubclass(kind, KeyboardInterrupt):
                sys.__excepthook__(kind, exc, tb)
                return
            self.report(exc.with_traceback(tb), "uncaught exception")

        def thread_hook(args: threading.ExceptHookArgs) -> None:
            if args.exc_value is not None:
                self.report(args.exc_value, f"uncaught exception in {args.thread}")

        sys.excepthook = hook
        threading.excepthook = thread_hook
