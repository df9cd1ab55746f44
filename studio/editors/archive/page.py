"""The Archive page: the compliance archive for the compliance role (and admins), a clear
message for every other role.

The page proper (studio/editors/archive/view.py) and what it needs (the store's archive
queries, the export format, the HTTP client for verification) are imported off the UI thread
while the role is read, so the first visit does not stall the window.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QStackedWidget, QWidget

from studio.domain.roles import a_or_an, may_read
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.i18n import tr
from studio.ui.widgets import MessagePage, escape

VIEW = "studio.editors.archive.view"


class ArchivePage(QStackedWidget):
    """The archive for the compliance role (and admins); a clear message for the others."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.message = MessagePage()
        self.message.setObjectName("archive-message")
        self.message.set_text(tr("Archive"), escape(tr("Checking your role…")))
        self.addWidget(self.message)
        self.view: Any = None  # the ArchiveView, once the role allows it
        self.role: str | None = None
        self._check_role()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.role is not None:
            self._check_role()  # a sign-in as another account may have changed it

    def _check_role(self) -> None:
        workspace = self.context.workspace

        def read() -> tuple[str, tuple[str, str]]:
            role = workspace.role()
            if may_read(role, "archive"):
                import_module(VIEW)  # the page proper's imports, away from the UI thread
            return role, workspace.hub_link()

        self.context.tasks.run(
            read,
            lambda found: self._role_known(*found),
            lambda exc: self.message.set_text(tr("Archive"), escape(describe_error(exc))),
            what="reading the account's role",
        )

    def _role_known(self, role: str, link: tuple[str, str]) -> None:
        self.role = role
        if may_read(role, "archive"):
            if self.view is None:
                self.view = import_module(VIEW).ArchiveView(self.context, link)
                self.addWidget(self.view)
            self.setCurrentWidget(self.view)
            return
        if not link[0]:
            text = tr(
                "This workspace is not signed in to a Hub. The archive is copied from the Hub "
                "by the sync of a compliance officer's account: sign in (File → Sign in) as a "
                "compliance officer to search, verify and export it."
            )
        else:
            text = tr(
                "You are signed in as {account}, {role}. Searching, verifying, holding and "
                "exporting the compliance archive needs the compliance role (or admin): ask an "
                "administrator if your work needs it."
            ).format(account=link[1], role=a_or_an(role).lower() if role else tr("no role"))
        # A new page rather than new text: a wrapped label that grows from one line to several
        # keeps its first height in MessagePage's centred column.
        message = MessagePage(tr("The archive is for compliance officers"), escape(text))
        message.setObjectName("archive-message")
        self.addWidget(message)
        self.setCurrentWidget(message)
        self.removeWidget(self.message)
        self.message.deleteLater()
        self.message = message
