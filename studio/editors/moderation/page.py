"""The Moderation page: the queue, most reported first, fetched lazily."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from studio.domain.records import RecordType
from studio.store.queries import QueueRow, moderation_queue_page
from studio.ui.context import PageContext
from studio.ui.format import local_time
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column
from studio.ui.list_page import ListPage


def _why(row: QueueRow) -> str:
    if row.report_count:
        return tr("%n report(s)", "", row.report_count)
    return tr("Awaiting approval")


class ModerationPage(ListPage):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        workspace = context.workspace
        columns = [
            Column(lambda: tr("Post"), lambda r: r.excerpt, lambda r: r.excerpt),
            Column(lambda: tr("Why"), _why),
            Column(lambda: tr("Author"), lambda r: r.author or tr("(deleted member)")),
            Column(lambda: tr("Thread"), lambda r: r.thread),
            Column(lambda: tr("Posted"), lambda r: local_time(r.created_at)),
        ]
        super().__init__(
            context,
            "moderation",
            columns,
            search=lambda _text: (
                lambda after, limit: moderation_queue_page(workspace, after, limit)
            ),
            record_types=[RecordType.POST],
            searchable=False,
            parent=parent,
        )
        self.detail.set_text(
            tr("Moderation queue"),
            tr(
                "Posts awaiting approval and reported posts, most reported first. Single-key "
                "triage (approve, remove with a reason, escalate, snooze), the thread and the "
                "author's history arrive here."
            ),
        )
