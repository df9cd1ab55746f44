"""The Archive page's panels: the search filters, verification, holds and retention, export.

Views only: they lay out widgets and say what the user asked for by signals; the page runs the
work off the UI thread and hands results back.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.domain.archive import ChainProblem
from studio.domain.archive_export import PackageCheck, PackageProblem
from studio.editors.archive.entry_view import kind_name
from studio.store.archive_queries import KINDS, ArchiveFilter, HoldRow, Retention
from studio.ui.i18n import tr
from studio.ui.lazy_table import LazyTableModel
from studio.ui.widgets import escape

SeqRole = Qt.ItemDataRole.UserRole


class FilterBar(QWidget):
    """Text (full-text search), kind, actor, thread, a UTC date range, past retention."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setObjectName("archive-text")
        self.text.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.setObjectName("archive-kind")
        self.actor = QLineEdit()
        self.actor.setObjectName("archive-actor")
        self.actor.setClearButtonEnabled(True)
        self.thread_box = QLineEdit()
        self.thread_box.setObjectName("archive-thread")
        self.thread_box.setClearButtonEnabled(True)
        self.use_since, self.use_until = QCheckBox(), QCheckBox()
        self.since, self.until = QDateEdit(), QDateEdit()
        today = QDateTime.currentDateTimeUtc().date()  # the filter's days are UTC days
        for edit, start in ((self.since, today.addMonths(-1)), (self.until, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(start)
            edit.setEnabled(False)
        self.use_since.toggled.connect(self.since.setEnabled)
        self.use_until.toggled.connect(self.until.setEnabled)
        self.past = QCheckBox()
        self.past.setObjectName("archive-past-retention")
        self.clear = QPushButton()
        self.clear.clicked.connect(self.reset)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.text, 0, 0, 1, 3)
        grid.addWidget(self.kind, 0, 3)
        grid.addWidget(self.actor, 1, 0)
        grid.addWidget(self.thread_box, 1, 1, 1, 3)
        dates = QHBoxLayout()
        dates.addWidget(self.use_since)
        dates.addWidget(self.since)
        dates.addWidget(self.use_until)
        dates.addWidget(self.until)
        dates.addStretch(1)
        dates.addWidget(self.past)
        dates.addWidget(self.clear)
        grid.addLayout(dates, 2, 0, 1, 4)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 2)
        for signal in (
            self.text.textChanged,
            self.actor.textChanged,
            self.thread_box.textChanged,
            self.kind.currentIndexChanged,
            self.use_since.toggled,
            self.use_until.toggled,
            self.since.dateChanged,
            self.until.dateChanged,
            self.past.toggled,
        ):
            signal.connect(lambda *_args: self.changed.emit())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        chosen = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(tr("Any kind"), "")
        for kind in KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(chosen or "")))
        self.kind.blockSignals(False)
        self.kind.setAccessibleName(tr("Kind"))
        self.text.setPlaceholderText(tr("Search the text of posts, replies, decisions…"))
        self.text.setAccessibleName(tr("Search the archive"))
        self.actor.setPlaceholderText(tr("Actor (account name)"))
        self.actor.setAccessibleName(tr("Actor"))
        self.thread_box.setPlaceholderText(tr("Thread (title words or id)"))
        self.thread_box.setAccessibleName(tr("Thread"))
        self.use_since.setText(tr("From"))
        self.use_until.setText(tr("to (UTC days)"))
        self.since.setAccessibleName(tr("From day"))
        self.until.setAccessibleName(tr("To day"))
        self.past.setText(tr("Include entries past retention"))
        self.clear.setText(tr("Clear"))

    def value(self) -> ArchiveFilter:
        def day(edit: QDateEdit) -> date:
            d = edit.date()
            return date(d.year(), d.month(), d.day())

        return ArchiveFilter(
            text=self.text.text(),
            kind=str(self.kind.currentData() or ""),
            actor=self.actor.text(),
            since=day(self.since) if self.use_since.isChecked() else None,
            until=day(self.until) if self.use_until.isChecked() else None,
            thread=self.thread_box.text(),
            past_retention=self.past.isChecked(),
        )

    def reset(self) -> None:
        for edit in (self.text, self.actor, self.thread_box):
            edit.clear()
        self.kind.setCurrentIndex(0)
        self.use_since.setChecked(False)
        self.use_until.setChecked(False)
        self.past.setChecked(False)


def problem_title(problem: ChainProblem) -> str:
    titles = {
        "changed": tr("Entry {seq} changed"),
        "missing": tr("Entry {seq} missing"),
        "reordered": tr("Entry {seq} out of place (entries were moved)"),
        "added": tr("Entries from {seq} on were added to the copy"),
    }
    return titles.get(problem.problem, tr("Entry {seq}: {problem}")).format(
        seq=problem.seq, problem=problem.problem
    )


class VerifyPanel(QWidget):
    """A button, a progress bar, what was found; each problem opens its entry when activated."""

    verify = Signal()
    open_entry = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton()
        self.button.setObjectName("verify-button")
        self.button.clicked.connect(self.verify.emit)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = QLabel()
        self.summary.setObjectName("verify-summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.hub = QLabel()
        self.hub.setObjectName("verify-hub")
        self.hub.setWordWrap(True)
        self.hub.setTextFormat(Qt.TextFormat.PlainText)
        self.problems = QListWidget()
        self.problems.setObjectName("verify-problems")
        self.problems.setWordWrap(True)
        self.problems.itemActivated.connect(self._open)
        self.problems.itemClicked.connect(self._open)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.hub)
        layout.addWidget(self.problems, 1)
        layout.addStretch(0)
        layout.addWidget(self.explain)
        self.problems.setVisible(False)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.button.setText(tr("Verify against the Hub"))
        self.problems.setAccessibleName(tr("Problems found"))
        self.explain.setText(
            tr(
                "Verification recomputes every entry's hash and link in this copy, then "
                "compares its end with the Hub's head: any changed, missing or moved entry is "
                "named here. Click one to see it."
            )
        )

    def started(self) -> None:
        self.button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.summary.setText(escape(tr("Verifying…")))
        self.hub.setText("")
        self.problems.clear()
        self.problems.setVisible(False)

    @Slot(int, int)
    def advance(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.progress.setFormat(tr("%v of %m entries"))

    def finished(
        self, entries: int, last_seq: int, problems: list[ChainProblem], truncated: bool, hub: str
    ) -> None:
        self.button.setEnabled(True)
        self.progress.setVisible(False)
        self.hub.setText(hub)
        if problems:
            self.summary.setText(
                "<b style='color:#b3261e'>"
                + escape(tr("The copy failed verification: %n problem(s).", "", len(problems)))
                + "</b>"
                + (
                    escape(" " + tr("The check stopped there: more may be damaged."))
                    if truncated
                    else ""
                )
            )
        elif entries:
            self.summary.setText(
                "<b style='color:#1e7b34'>"
                + escape(
                    tr("The copy's {n} entries are intact (entries 1–{last}).").format(
                        n=entries, last=last_seq
                    )
                )
                + "</b>"
            )
        else:
            self.summary.setText(
                escape(
                    tr(
                        "This workspace holds no copy of the archive yet: a compliance "
                        "officer's sync brings it."
                    )
                )
            )
        for problem in problems:
            item = QListWidgetItem(f"{problem_title(problem)}\n{problem.message}")
            item.setData(SeqRole, problem.seq)
            item.setToolTip(problem.message)
            self.problems.addItem(item)
        self.problems.setVisible(bool(problems))

    def failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.progress.setVisible(False)
        self.summary.setText(escape(message))

    def _open(self, item: QListWidgetItem) -> None:
        seq = item.data(SeqRole)
        if isinstance(seq, int):
            self.open_entry.emit(seq)


class HoldsPanel(QWidget):
    """Every hold (in force first) with lifting, and the retention period in words."""

    lift = Signal(str, str)
    set_retention = Signal(int)
    open_subject = Signal(str, str)  # scope, subject id

    def __init__(self, model: LazyTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QTableView()
        self.table.setObjectName("holds-table")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.reason = QLineEdit()
        self.reason.setObjectName("holds-lift-reason")
        self.lift_button = QPushButton()
        self.lift_button.setObjectName("holds-lift")
        self.lift_button.clicked.connect(self._lift)
        self.reason.textChanged.connect(lambda _t: self._enable())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        self.years = QSpinBox()
        self.years.setObjectName("retention-years")
        self.years.setRange(1, 100)
        self.apply = QPushButton()
        self.apply.setObjectName("retention-apply")
        self.apply.clicked.connect(lambda: self.set_retention.emit(self.years.value()))
        self.years.valueChanged.connect(lambda _v: self._explain())
        self.meaning = QLabel()
        self.meaning.setObjectName("retention-meaning")
        self.meaning.setWordWrap(True)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.retention: Retention | None = None
        self.heading, self.retention_heading, self.years_label = QLabel(), QLabel(), QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.lift_button)
        layout.addLayout(row)
        layout.addWidget(self.retention_heading)
        years = QHBoxLayout()
        years.addWidget(self.years_label)
        years.addWidget(self.years)
        years.addWidget(self.apply)
        years.addStretch(1)
        layout.addLayout(years)
        layout.addWidget(self.meaning)
        layout.addWidget(self.figures)
        self.retranslate_ui()
        self._enable()

    def retranslate_ui(self) -> None:
        self.heading.setText(f"<b>{escape(tr('Legal holds'))}</b>")
        self.retention_heading.setText(f"<b>{escape(tr('Retention'))}</b>")
        self.table.setAccessibleName(tr("Legal holds"))
        self.reason.setPlaceholderText(tr("Why the hold is lifted (required)"))
        self.reason.setAccessibleName(tr("Reason for lifting"))
        self.lift_button.setText(tr("Lift the selected hold"))
        self.years_label.setText(tr("Keep entries for"))
        self.years.setSuffix(tr(" years"))
        self.years.setAccessibleName(tr("Retention in years"))
        self.apply.setText(tr("Set retention"))
        self._explain()

    def show_retention(self, retention: Retention) -> None:
        self.retention = retention
        self.years.blockSignals(True)
        self.years.setValue(retention.years)
        self.years.blockSignals(False)
        self._explain()
        self.figures.setText(
            tr(
                "Now: {entries} entries in the copy; {past} past retention; {held} kept by "
                "{holds} hold(s) in force."
            ).format(
                entries=retention.entries,
                past=retention.past,
                held=retention.held,
                holds=retention.in_force,
            )
        )

    def _explain(self) -> None:
        years = self.years.value()
        self.meaning.setText(
            tr(
                "Entries are kept for {years} years from when they were written (US rules for "
                "broker-dealers ask for six). After that, an entry under no legal hold is past "
                "retention: searches and this page leave it out unless you include it. Nothing "
                "is ever deleted, here or on the Hub: the archive is append-only, and its hash "
                "chain would show a removed entry."
            ).format(years=years)
        )
        changed = self.retention is not None and years != self.retention.years
        self.apply.setEnabled(changed)

    def _selected(self) -> HoldRow | None:
        index = self.table.currentIndex()
        row = self.model.row(index.row()) if index.isValid() else None
        return row if isinstance(row, HoldRow) else None

    def _enable(self) -> None:
        hold = self._selected()
        in_force = hold is not None and hold.lifted_at is None
        self.lift_button.setEnabled(in_force and bool(self.reason.text().strip()))

    def _lift(self) -> None:
        hold = self._selected()
        if hold is not None and self.reason.text().strip():
            self.lift.emit(hold.id, self.reason.text().strip())

    def _activated(self, index: object) -> None:
        hold = self._selected()
        if hold is not None:
            self.open_subject.emit(hold.scope, hold.subject_id)


def package_name(what: str) -> str:
    stamp = date.today().isoformat()
    return f"archive-export-{what}-{stamp}"


class ExportPanel(QWidget):
    """What to export, where, progress, and the package checked afterwards."""

    export = Signal(str, str)  # what (thread, search), folder
    check = Signal(str)  # folder

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = QComboBox()
        self.what.setObjectName("export-what")
        self.folder = QLineEdit()
        self.folder.setObjectName("export-folder")
        self.choose = QPushButton()
        self.choose.clicked.connect(self._choose)
        self.button = QPushButton()
        self.button.setObjectName("export-button")
        self.button.clicked.connect(self._export)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.result = QLabel()
        self.result.setObjectName("export-result")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("export-verify")
        self.verify_button.clicked.connect(lambda: self.check.emit(self.folder.text().strip()))
        self.check_result = QLabel()
        self.check_result.setObjectName("export-check")
        self.check_result.setWordWrap(True)
        self.check_result.setTextFormat(Qt.TextFormat.RichText)
        self.check_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QListWidget()
        self.problems.setObjectName("export-problems")
        self.problems.setWordWrap(True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.thread_title = ""
        self.thread_id = ""
        self.what_label, self.folder_label = QLabel(), QLabel()
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        grid.addWidget(self.what_label, 0, 0)
        grid.addWidget(self.what, 0, 1, 1, 2)
        grid.addWidget(self.folder_label, 1, 0)
        grid.addWidget(self.folder, 1, 1)
        grid.addWidget(self.choose, 1, 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.verify_button)
        layout.addWidget(self.check_result)
        layout.addWidget(self.problems, 1)
        layout.addStretch(0)
        layout.addWidget(self.explain)
        self.problems.setVisible(False)
        self.folder.textChanged.connect(lambda _t: self._enable())
        self.what.currentIndexChanged.connect(lambda _i: self._enable())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.what_label.setText(tr("Export"))
        self.folder_label.setText(tr("Package folder"))
        self.what.setAccessibleName(tr("What to export"))
        self.folder.setAccessibleName(tr("Package folder"))
        self.folder.setPlaceholderText(tr("A new or empty folder"))
        self.choose.setText(tr("Choose…"))
        self.button.setText(tr("Export"))
        self.verify_button.setText(tr("Verify this package"))
        self.problems.setAccessibleName(tr("Problems in the package"))
        self.explain.setText(
            tr(
                "A package holds one e-mail message (.eml) per archive entry, with the "
                "reports and decisions on the posts it holds, a manifest.json with the SHA-256 "
                "of every file and each entry's place in the hash chain, and a README.txt "
                "saying how to check it. Verify this package checks it from its manifest "
                "alone, as anyone receiving it can (studio archive verify-export)."
            )
        )
        self.set_thread(self.thread_id, self.thread_title)

    def set_thread(self, thread_id: str, title: str) -> None:
        """The thread an export of "this thread" would hold (the entry shown's)."""
        self.thread_id, self.thread_title = thread_id, title
        current = self.what.currentData()
        if thread_id and self.what.findData("thread") < 0:
            current = "thread"  # a thread to offer now: it is what an export usually wants
        self.what.blockSignals(True)
        self.what.clear()
        if thread_id:
            self.what.addItem(tr("The thread “{title}”").format(title=title or thread_id), "thread")
        self.what.addItem(tr("The current search result"), "search")
        self.what.setCurrentIndex(max(0, self.what.findData(current)))
        self.what.blockSignals(False)
        self._enable()

    def _enable(self) -> None:
        self.button.setEnabled(bool(self.folder.text().strip()) and self.what.count() > 0)
        self.verify_button.setEnabled(bool(self.folder.text().strip()))

    def _choose(self) -> None:
        parent = QFileDialog.getExistingDirectory(self, tr("Where to put the package"))
        if parent:
            what = str(self.what.currentData() or "search")
            self.folder.setText(str(Path(parent) / package_name(what)))

    def _export(self) -> None:
        folder = self.folder.text().strip()
        if folder:
            self.export.emit(str(self.what.currentData() or "search"), folder)

    def started(self) -> None:
        self.button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.result.setText(escape(tr("Checking the copy, then writing the package…")))
        self.check_result.setText("")
        self.problems.clear()
        self.problems.setVisible(False)

    @Slot(int, int)
    def advance(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(tr("%v of %m messages"))

    def done(self, messages: int, folder: str, manifest_sha256: str, first: int, last: int) -> None:
        self.progress.setVisible(False)
        self._enable()
        self.result.setText(
            "<b>"
            + escape(
                tr("Exported {n} archive entries (entries {first}–{last}) to {folder}.").format(
                    n=messages, first=first, last=last, folder=folder
                )
            )
            + "</b><br>"
            + escape(tr("manifest.json SHA-256 (keep it: it proves the package unchanged):"))
            + f"<br><tt>{escape(manifest_sha256)}</tt>"
        )
        self.verify_button.setFocus()

    def failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self._enable()
        self.result.setText(f"<b style='color:#b3261e'>{escape(message)}</b>")

    def checking(self) -> None:
        self.check_result.setText(escape(tr("Checking the package…")))
        self.problems.clear()
        self.problems.setVisible(False)

    def check_failed(self, message: str) -> None:
        self.check_result.setText(f"<b style='color:#b3261e'>{escape(message)}</b>")

    def checked(self, folder: str, check: PackageCheck) -> None:
        self.problems.clear()
        for problem in check.problems:
            self.problems.addItem(package_problem(problem))
        self.problems.setVisible(bool(check.problems))
        if check.problems:
            text = tr(
                "The package {folder} failed the check: %n problem(s).", "", len(check.problems)
            )
            colour = "#b3261e"
        else:
            text = tr(
                "The package {folder} is intact: {files} files, {entries} archive entries, "
                "each hashing to its place in the chain."
            )
            colour = "#1e7b34"
        summary = text.format(folder=folder, files=check.files, entries=check.entries)
        self.check_result.setText(
            f"<b style='color:{colour}'>{escape(summary)}</b><br>"
            + escape(tr("manifest.json SHA-256:"))
            + f" <tt>{escape(check.manifest_sha256)}</tt>"
        )


def package_problem(problem: PackageProblem) -> str:
    kinds = {
        "changed": tr("Changed"),
        "missing": tr("Missing"),
        "extra": tr("Not in the manifest"),
        "unsafe": tr("Unsafe path"),
        "manifest": tr("Manifest unreadable"),
        "chain": tr("Chain broken"),
    }
    return f"{kinds.get(problem.problem, problem.problem)}: {problem.path}\n{problem.message}"
