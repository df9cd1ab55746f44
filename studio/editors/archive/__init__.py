"""Archive: search, verify, hold and export the compliance archive (compliance role)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from studio.ui.context import PageContext, PageSpec
from studio.ui.i18n import tr


def _build(context: PageContext) -> QWidget:
    # Loaded on first visit: the page pulls in the store's queries and the export code.
    from studio.editors.archive.page import ArchivePage

    return ArchivePage(context)


def spec() -> PageSpec:
    return PageSpec(
        key="archive",
        title=lambda: tr("Archive"),
        description=lambda: tr("Search, verify and export the compliance archive"),
        factory=_build,
        module="studio.editors.archive.page",
    )
