"""An article's history: its revisions (each Ctrl+S, status change, conflict and restore), a
side-by-side diff of any revision against the text now or against another revision, and restore.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studio.domain.merge import DiffRow, side_by_side
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.format import local_time
from studio.ui.i18n import tr

if TYPE_CHECKING:
    from studio.store.workspace import RevisionRow

NOW = ""  # the id that stands for the text as it is now


def reason_name(reason: str) -> str:
    names = {
        "saved": tr("Saved"),
        "status": tr("Status changed"),
        "conflict": tr("Conflict"),
        "restore": tr("Before a restore"),
        "merge": tr("Merged"),
        "approve": tr("Before an approval"),  # the live text a pending revision replaced
        "discard": tr("Discarded"),  # a pending revision dropped
    }
    return names.get(reason, reason)


COLOURS = {"removed": "#f6d5d5", "added": "#d3f0d8", "changed": "#f8e9c4"}

DIFF_STYLE = (
    "td { padding: 1px 4px; } pre { margin: 0; white-space: pre-wrap; } .n { color: #888; }"
)


def diff_table(rows: list[DiffRow]) -> str:
    """The rows as an escaped two-column HTML table (line numbers, coloured changes)."""
    out = ['<table width="100%" cellspacing="0" cellpadding="1">']
    for row in rows:
        if row.kind == "gap":
            out.append('<tr><td colspan="4" align="center" class="n">⋯</td></tr>')
            continue
        colour = COLOURS.get(row.kind, "")
        left_bg = f' bgcolor="{colour}"' if row.kind in ("removed", "changed") else ""
        right_bg = f' bgcolor="{colour}"' if row.kind in ("added", "changed") else ""
        out.append(
            "<tr>"
            f'<td width="40" align="right" class="n">{row.left_number or ""}</td>'
            f"<td{left_bg}><pre>{html.escape(row.left)}</pre></td>"
            f'<td width="40" align="right" class="n">{row.right_number or ""}</td>'
            f"<td{right_bg}><pre>{html.escape(row.right)}</pre></td>"
            "</tr>"
        )
    out.append("</table>")
    return "".join(out)


class HistoryDialog(QDialog):
    """``restored`` (accept) when the user brought a revision back."""

    def __init__(
        self, context: PageContext, article_id: str, now_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.article_id = article_id
        self.texts: dict[str, str] = {NOW: now_text}
        self.setWindowTitle(tr("History"))
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1100, screen.width() * 9 // 10), min(760, screen.height() * 9 // 10))
        self.revisions = QListWidget()
        self.revisions.setObjectName("revisions")
        self.against = QComboBox()
        self.against.setObjectName("compare-with")
        # Escaped text only (no markup of the article's reaches it): a plain browser will do.
        self.diff = QTextBrowser()
        self.diff.setOpenLinks(False)
        self.diff.setObjectName("revision-diff")
        self.diff.document().setDefaultStyleSheet(DIFF_STYLE)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.restore = QPushButton(tr("&Restore this revision"))
        self.restore.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore.clicked.connect(lambda _c=False: self._restore())
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Compared with:")))
        row.addWidget(self.against, 1)
        column.addLayout(row)
        column.addWidget(self.diff, 1)
        column.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.revisions)
        splitter.addWidget(right)
        splitter.setSizes([280, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.revisions.currentRowChanged.connect(lambda _r: self._compare())
        self.against.currentIndexChanged.connect(lambda _i: self._compare())
        workspace = context.workspace
        context.tasks.run(
            lambda: workspace.article_revisions(article_id),
            self._listed,
            lambda exc: self.summary.setText(describe_error(exc)),
            what="reading the history",
        )

    def _listed(self, rows: list[RevisionRow]) -> None:
        self.against.addItem(tr("The text now"), NOW)
        for row in rows:
            when = local_time(row.created_at)
            text = f"{when} · {reason_name(row.reason)}" + (f" · {row.label}" if row.label else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(row.title)
            self.revisions.addItem(item)
            self.against.addItem(text, row.id)
        if not rows:
            self.summary.setText(tr("No revisions yet: Ctrl+S keeps one."))
        else:
            self.revisions.setCurrentRow(0)
            self.revisions.setFocus()

    def selected(self) -> str:
        item = self.revisions.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _text(self, revision_id: str, then: Callable[[], None]) -> None:
        if revision_id in self.texts:
            then()
            return
        workspace = self.context.workspace

        def keep(body: str) -> None:
            self.texts[revision_id] = body
            then()

        self.context.tasks.run(
            lambda: workspace.revision(revision_id).body,
            keep,
            lambda exc: self.summary.setText(describe_error(exc)),
            what="reading a revision",
        )

    def _compare(self) -> None:
        left, right = self.selected(), str(self.against.currentData() or NOW)
        if not left:
            return
        self.restore.setEnabled(True)
        self._text(left, lambda: self._text(right, lambda: self._show(left, right)))

    def _show(self, left: str, right: str) -> None:
        if (left, right) != (self.selected(), str(self.against.currentData() or NOW)):
            return  # the choice changed while a text was read
        rows = side_by_side(self.texts[left], self.texts[right], context=3)
        changed = sum(1 for r in rows if r.kind not in ("same", "gap"))
        self.diff.setHtml(diff_table(rows))
        self.summary.setText(
            tr("%n line(s) differ.", "", changed) if changed else tr("The same text.")
        )

    def _restore(self) -> None:
        revision_id = self.selected()
        if not revision_id:
            return
        workspace, article_id = self.context.workspace, self.article_id
        self.restore.setEnabled(False)
        self.context.tasks.write(
            lambda: workspace.restore_article_revision(article_id, revision_id),
            lambda _r: self.accept(),
            lambda exc: self.summary.setText(describe_error(exc)),
            what="restoring a revision",
        )
