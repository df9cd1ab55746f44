"""The Archive page proper (compliance role): search the workspace's copy of the Hub's archive,
see an entry and where it stands in the hash chain, verify the copy against the Hub's head,
place and lift legal holds, set retention, and export a thread or a search result as a
documented package. Built by studio/editors/archive/page.py once the role allows it.

The list pages in lazily, newest entry first (studio/store/archive_queries.py); every read,
verification, render and export runs off the UI thread (studio/tasks.py), holds and retention
on the writer thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.domain.archive_export import PackageCheck, PackageError, Written, check_package
from studio.editors.archive.entry_view import EntryView, hold_sync, kind_name, utc
from studio.editors.archive.panels import ExportPanel, FilterBar, HoldsPanel, VerifyPanel
from studio.store import archive, archive_queries
from studio.store.archive_queries import ArchiveFilter, ArchiveRow, EntryDetail
from studio.sync import archive_check
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column, LazyTableModel

if TYPE_CHECKING:
    from studio.store.workspace import Changes


def sentence(exc: BaseException) -> str:
    """What went wrong, for the user: a package's own sentence, else the usual one."""
    return str(exc) if isinstance(exc, PackageError) else describe_error(exc)


class Progress(QObject):
    """Carries a job's progress from the pool to the UI thread (a queued signal)."""

    moved = Signal(int, int)


def _columns() -> list[Column]:
    return [
        Column(lambda: tr("Seq"), lambda r: r.seq),
        Column(lambda: tr("When (UTC)"), lambda r: utc(r.at)[:-4]),
        Column(lambda: tr("Kind"), lambda r: kind_name(r.kind)),
        Column(lambda: tr("Actor"), lambda r: r.actor),
        Column(lambda: tr("Thread"), lambda r: r.thread or "", lambda r: r.thread_id or ""),
        Column(lambda: tr("Text"), lambda r: r.excerpt, lambda r: r.excerpt),
        Column(
            lambda: tr("Hold"),
            lambda r: tr("held") if r.held else (tr("past retention") if r.past_retention else ""),
        ),
    ]


def _hold_columns() -> list[Column]:
    return [
        Column(
            lambda: tr("On"),
            lambda h: tr("thread") if h.scope == "thread" else tr("post"),
        ),
        Column(lambda: tr("What"), lambda h: h.subject or h.subject_id, lambda h: h.subject_id),
        Column(lambda: tr("Reason"), lambda h: h.reason, lambda h: h.reason),
        Column(lambda: tr("Placed"), lambda h: f"{utc(h.placed_at)[:-4]} · {h.placed_by}"),
        Column(
            lambda: tr("State"),
            lambda h: (
                (
                    tr("lifted {when}").format(when=utc(h.lifted_at)[:-4])
                    if h.lifted_at
                    else tr("in force")
                )
                + f" · {hold_sync(h)}"
            ),
            lambda h: h.lift_reason,
        ),
    ]


class ArchiveView(QWidget):
    """The page proper: filters and the lazy list on the left, tabs for the rest."""

    def __init__(
        self, context: PageContext, link: tuple[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.hub, self.account = link
        workspace = context.workspace
        self.wanted = ArchiveFilter()
        self._shown_seq: int | None = None
        self._render_generation = 0
        self._package: str = ""
        # -- the list ----------------------------------------------------------------------
        self.status = QLabel()
        self.status.setObjectName("archive-status")
        self.status.setWordWrap(True)
        self.filters = FilterBar()
        self.model = LazyTableModel(
            context.tasks,
            _columns(),
            archive_queries.fetch(workspace, self.wanted),
            page_size=200,
            row_id=lambda r: str(r.seq),
        )
        self.table = QTableView()
        self.table.setObjectName("archive-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((50, 135, 85, 95, 170, 200, 70)):
            self.table.setColumnWidth(column, width)
        self.count = QLabel()
        self.count.setObjectName("archive-count")
        self.count.setWordWrap(True)
        left = QWidget()
        stack = QVBoxLayout(left)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(self.filters)
        stack.addWidget(self.table, 1)
        self.new_entries = QPushButton()
        self.new_entries.setObjectName("archive-new-entries")
        self.new_entries.setVisible(False)
        self.new_entries.clicked.connect(self.search)
        below = QHBoxLayout()
        below.addWidget(self.count, 1)
        below.addWidget(self.new_entries)
        stack.addLayout(below)
        # -- the tabs ----------------------------------------------------------------------
        self.entry = EntryView()
        entry_scroll = QScrollArea()
        entry_scroll.setWidgetResizable(True)
        entry_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        entry_scroll.setWidget(self.entry)
        self.verification = VerifyPanel()
        self.holds_model = LazyTableModel(
            context.tasks,
            _hold_columns(),
            lambda after, limit: archive_queries.holds_page(workspace, after, limit),
            page_size=100,
            row_id=lambda h: h.id,
        )
        self.holds = HoldsPanel(self.holds_model)
        self.export = ExportPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("archive-tabs")
        self.tabs.addTab(entry_scroll, "")
        self.tabs.addTab(self.verification, "")
        self.tabs.addTab(self.holds, "")
        self.tabs.addTab(self.export, "")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("archive-splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        state = context.settings.window_state("archive-splitter")
        if state is None or not self.splitter.restoreState(state):
            self.splitter.setSizes([780, 520])
        self.splitter.splitterMoved.connect(
            lambda *_a: context.settings.set_window_state(
                "archive-splitter", self.splitter.saveState()
            )
        )
        # -- wiring ------------------------------------------------------------------------
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.search)
        self.filters.changed.connect(self._search_timer.start)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(500)
        self._refresh_timer.timeout.connect(self.refresh)
        self._holds_timer = QTimer(self)
        self._holds_timer.setSingleShot(True)
        self._holds_timer.setInterval(300)
        self._holds_timer.timeout.connect(self._refresh_holds)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(500)
        self._status_timer.timeout.connect(self.refresh_status)
        self.model.loaded.connect(self._show_count)
        self.model.failed.connect(lambda exc: self.count.setText(describe_error(exc)))
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._row_chosen())
        self.table.activated.connect(lambda _index: self.tabs.setCurrentIndex(0))
        self.entry.open_entry.connect(self.show_entry)
        self.entry.show_thread.connect(self.show_thread)
        self.entry.place_hold.connect(self.place_hold)
        self.entry.lift_hold.connect(self.lift_hold)
        self.entry.render_wanted.connect(self._render)
        self.verification.verify.connect(self.verify)
        self.verification.open_entry.connect(self._open_problem)
        self.holds.lift.connect(self.lift_hold)
        self.holds.set_retention.connect(self.set_retention)
        self.holds.open_subject.connect(self._open_hold_subject)
        self.export.export.connect(self.export_package)
        self.export.check.connect(self.check_package)
        self.verify_progress = Progress(self)
        self.verify_progress.moved.connect(self.verification.advance)
        self.export_progress = Progress(self)
        self.export_progress.moved.connect(self.export.advance)
        context.on_changes(self._on_changes)
        find = QShortcut(QKeySequence("Ctrl+F"), self, self._find)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate_ui()
        self.model.fetchMore()
        self.holds_model.fetchMore()
        self.refresh_status()

    def retranslate_ui(self) -> None:
        self.table.setAccessibleName(tr("Archive entries"))
        self.tabs.setTabText(0, tr("Entry"))
        self.tabs.setTabText(1, tr("Verify"))
        self.tabs.setTabText(2, tr("Holds and retention"))
        self.tabs.setTabText(3, tr("Export"))
        self.new_entries.setText(tr("New entries arrived: show them"))

    def _find(self) -> None:
        self.filters.text.setFocus()
        self.filters.text.selectAll()

    # -- the list ------------------------------------------------------------------------------

    def search(self) -> None:
        self.wanted = self.filters.value()
        self.new_entries.setVisible(False)
        self.model.set_fetch(archive_queries.fetch(self.context.workspace, self.wanted))

    def _show_count(self, loaded: int) -> None:
        more = self.model.canFetchMore()
        if not self.table.currentIndex().isValid() and self._shown_seq is not None:
            # After a reload, the entry shown is selected again when the list holds it.
            for number in range(self.model.rowCount()):
                row = self.model.row(number)
                if row is not None and row.seq == self._shown_seq:
                    self.table.selectRow(number)
                    break
        if not loaded:
            self.count.setText(tr("No entry matches."))
            return
        self.count.setText(
            tr("%n entries shown, more as you scroll", "", loaded)
            if more
            else tr("%n entries shown", "", loaded)
        )

    def _row_chosen(self) -> None:
        index = self.table.currentIndex()
        row: ArchiveRow | None = self.model.row(index.row()) if index.isValid() else None
        if row is not None:
            self.show_entry(row.seq, switch=False)

    def show_thread(self, thread_id: str, _title: str) -> None:
        self.filters.reset()
        self.filters.thread_box.setText(thread_id)

    # -- one entry -----------------------------------------------------------------------------

    def show_entry(self, seq: int, switch: bool = True) -> None:
        self._shown_seq = seq
        if switch:
            self.tabs.setCurrentIndex(0)
        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: archive_queries.entry_detail(workspace, seq),
            lambda detail: self._entry_arrived(seq, detail),
            lambda exc: self.entry.set_reason_problem(describe_error(exc)),
            what="reading an archive entry",
        )

    def _entry_arrived(self, seq: int, detail: EntryDetail | None) -> None:
        if seq != self._shown_seq:
            return  # another entry was asked for meanwhile
        if detail is None:
            self.entry.show_missing(seq)
            return
        self.entry.show_detail(detail)
        self.export.set_thread(detail.thread_id or "", detail.thread)

    def _render(self, text: str) -> None:
        self._render_generation += 1
        generation = self._render_generation

        def render() -> str:
            # The renderer loads with its first use, off the UI thread.
            from studio.domain.markdown import render

            return render(text).html

        def arrived(html: str) -> None:
            if generation == self._render_generation:
                self.entry.show_rendered(html)

        self.context.tasks.run(render, arrived, what="rendering an archive entry")

    def _open_problem(self, seq: int) -> None:
        self.show_entry(seq)

    def _open_hold_subject(self, scope: str, subject_id: str) -> None:
        """A hold activated in the list: its thread's entries, or the held record's entry."""
        self.filters.reset()
        if scope == "thread":
            self.filters.thread_box.setText(subject_id)
            return
        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: archive_queries.first_seq_of(workspace, subject_id),
            lambda seq: self.show_entry(seq) if seq is not None else None,
            what="finding an archived record",
        )

    # -- holds and retention -------------------------------------------------------------------

    def place_hold(self, scope: str, subject_id: str, reason: str) -> None:
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: archive.place_hold(workspace, scope, subject_id, reason),
            lambda _id: self._holds_changed(),
            lambda exc: self.entry.set_reason_problem(describe_error(exc)),
            what="placing a legal hold",
        )

    def lift_hold(self, hold_id: str, reason: str) -> None:
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: archive.lift_hold(workspace, hold_id, reason),
            lambda _none: self._holds_changed(),
            lambda exc: self.entry.set_reason_problem(describe_error(exc)),
            what="lifting a legal hold",
        )

    def _holds_changed(self) -> None:
        self.entry.hold_done()
        self.holds.reason.clear()
        # The list, the entry and the figures follow from the change announcement.

    def set_retention(self, years: int) -> None:
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: archive.set_retention(workspace, years),
            None,
            lambda exc: self.holds.figures.setText(describe_error(exc)),
            what="setting the retention period",
        )

    # -- verification --------------------------------------------------------------------------

    def verify(self) -> None:
        workspace = self.context.workspace
        ca_bundle = self.context.settings.ca_bundle(self.hub) if self.hub else ""
        self.verification.started()
        self.context.tasks.run(
            lambda: archive_check.verify(
                workspace,
                self.context.token,
                lambda _hub: ca_bundle or None,
                self.verify_progress.moved.emit,
            ),
            self._verified,
            lambda exc: self.verification.failed(describe_error(exc)),
            what="verifying the archive copy",
        )

    def _verified(self, checked: archive_check.Checked) -> None:
        result = checked.result
        why = {
            "local": tr("This workspace is not linked to a Hub: the copy was checked on its own."),
            "no_token": tr(
                "There is no sign-in token for this account: sign in again to compare the copy "
                "with the Hub. The copy was checked on its own."
            ),
            "unreachable": tr(
                "The Hub could not be reached ({detail}); the copy was checked on its own."
            ).format(detail=checked.detail),
        }
        self.verification.finished(
            result.entries,
            result.last_seq,
            result.problems,
            result.truncated,
            why.get(checked.hub_skipped, result.hub),
        )
        self.refresh_status()

    # -- export --------------------------------------------------------------------------------

    def export_package(self, what: str, folder: str) -> None:
        workspace = self.context.workspace
        wanted = self.wanted
        thread = self.export.thread_id
        selection: dict[str, Any]
        if what == "thread" and thread:
            selection = {"thread": thread, "query": None}
        else:
            selection = {
                "thread": None,
                "query": wanted.text or None,
                "filter": {
                    "text": wanted.text,
                    "kind": wanted.kind,
                    "actor": wanted.actor,
                    "since": wanted.since.isoformat() if wanted.since else None,
                    "until": wanted.until.isoformat() if wanted.until else None,
                    "thread": wanted.thread,
                    "past_retention": wanted.past_retention,
                },
            }

        def work() -> tuple[Written, int, int]:
            entries = (
                archive.select_entries(workspace, thread=thread)
                if selection["thread"]
                else archive_queries.export_selection(workspace, wanted)
            )
            written = archive.export_package(
                workspace, Path(folder), entries, selection, self.export_progress.moved.emit
            )
            return written, int(entries[0]["seq"]), int(entries[-1]["seq"])

        self.export.started()
        self.context.tasks.run(
            work,
            lambda done: self._exported(*done),
            lambda exc: self.export.failed(sentence(exc)),
            what="exporting from the archive",
        )

    def _exported(self, written: Written, first: int, last: int) -> None:
        self._package = str(written.folder)
        self.export.folder.setText(self._package)
        self.export.done(
            written.messages, str(written.folder), written.manifest_sha256, first, last
        )

    def check_package(self, folder: str) -> None:
        if not folder:
            return
        self.export.checking()
        self.context.tasks.run(
            lambda: check_package(Path(folder)),
            lambda check: self._package_checked(folder, check),
            lambda exc: self.export.check_failed(sentence(exc)),
            what="checking an export package",
        )

    def _package_checked(self, folder: str, check: PackageCheck) -> None:
        self.export.checked(folder, check)

    # -- keeping up ----------------------------------------------------------------------------

    def refresh_status(self) -> None:
        workspace = self.context.workspace
        self.context.tasks.run(
            lambda: (archive.chain_status(workspace), archive_queries.retention(workspace)),
            lambda found: self._status_arrived(*found),
            lambda exc: self.status.setText(describe_error(exc)),
            what="reading the archive's state",
        )

    def _status_arrived(self, chain: dict[str, Any], retention: archive_queries.Retention) -> None:
        copy = chain["copy_head"]
        hub = chain.get("hub_head")
        if not chain["entries"]:
            text = tr("This copy of the archive is empty: it fills with each sync of this account.")
        else:
            text = tr("Copy: {n} entries, up to entry {seq}.").format(
                n=chain["entries"], seq=copy["seq"]
            )
            if hub:
                text += " " + tr("The Hub's head when last seen: entry {seq} ({when}).").format(
                    seq=hub["seq"], when=utc(hub["seen_at"] or "")
                )
        text += " " + tr("Retention: {years} years.").format(years=retention.years)
        self.status.setText(text)
        self.holds.show_retention(retention)

    def refresh(self) -> None:
        self.search()
        self.holds_model.reload()
        self.refresh_status()
        if self._shown_seq is not None:
            self.show_entry(self._shown_seq, switch=False)

    def _refresh_holds(self) -> None:
        self.holds_model.reload()
        if self._shown_seq is not None:
            self.show_entry(self._shown_seq, switch=False)

    def _on_changes(self, changes: Changes) -> None:
        if changes.ids("archive_hold") or changes.ids("archive_state"):
            self._refresh_timer.start()  # holds and retention: what the list shows changed
            return
        if changes.outbox:
            self._holds_timer.start()  # the Hub may have answered a hold's op
        if changes.ids("archive_entry"):
            # New entries from the sync: the list moves only if the user is not in it.
            self._status_timer.start()
            if self.table.currentIndex().isValid() or self.table.verticalScrollBar().value():
                self.new_entries.setVisible(True)
            else:
                self._search_timer.start()
