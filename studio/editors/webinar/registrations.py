"""A webinar's registrants: approve or decline in approval mode, the waiting list (promoted by
the workspace when a seat frees), CSV import and export, and attendance figures.

A CSV import reads the file off the UI thread and imports nothing while it has bad rows the
user has not seen: :class:`BadRowsDialog` lists each with its line and reason, and only
"Skip them and import the rest" goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.domain import registrations as reg
from studio.editors.webinar.windows import WorkspaceWindow
from studio.store import webinar_edits as edits
from studio.ui.errors import describe_error
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column, IdRole, LazyTableModel

if TYPE_CHECKING:
    from studio.store.workspace import Changes
    from studio.ui.context import PageContext

_OPEN: dict[str, RegistrationsDialog] = {}


def open_registrations(
    context: PageContext, parent: QWidget | None, webinar_id: str
) -> RegistrationsDialog:
    """Open the registrants of one webinar (non-modal); a second call raises the first."""
    if webinar_id in _OPEN:
        _OPEN[webinar_id].raise_()
        return _OPEN[webinar_id]
    dialog = RegistrationsDialog(context, parent, webinar_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _OPEN[webinar_id] = dialog
    dialog.destroyed.connect(lambda *_: _OPEN.pop(webinar_id, None))
    dialog.show()
    return dialog


def status_text(status: str) -> str:
    return {
        "registered": tr("Registered"),
        "waiting": tr("Waiting list"),
        "pending_approval": tr("Awaiting approval"),
        "declined": tr("Declined"),
        "cancelled": tr("Cancelled"),
    }.get(status, status)


class RegistrationsDialog(WorkspaceWindow):
    def __init__(self, context: PageContext, parent: QWidget | None, webinar_id: str) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.context = context
        self.closed = False
        self.webinar_id = webinar_id
        self.bad_rows_dialog: BadRowsDialog | None = None
        self.setWindowTitle(tr("Registrations"))
        workspace = context.workspace
        self.model = LazyTableModel(
            context.tasks,
            [
                Column(lambda: tr("Name"), lambda r: r[1]),
                Column(lambda: tr("E-mail"), lambda r: r[2]),
                Column(lambda: tr("Status"), lambda r: status_text(r[3])),
                Column(lambda: tr("Attended"), lambda r: tr("yes") if r[4] else ""),
                Column(
                    lambda: tr("Registered at"),
                    lambda r: r[5].astimezone().strftime("%Y-%m-%d %H:%M"),
                ),
            ],
            lambda after, limit: edits.registration_page(workspace, webinar_id, after, limit),
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(tr("Registrants"))
        self.seats = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("Name"))
        self.email = QLineEdit()
        self.email.setPlaceholderText(tr("E-mail"))
        add = QPushButton(tr("Register"))
        add.clicked.connect(self._register)
        adding = QHBoxLayout()
        adding.addWidget(self.name)
        adding.addWidget(self.email)
        adding.addWidget(add)
        self.approve = QPushButton(tr("Approve"))
        self.decline = QPushButton(tr("Decline"))
        self.cancel = QPushButton(tr("Cancel registration"))
        self.attended = QPushButton(tr("Attended"))
        self.import_button = QPushButton(tr("Import CSV…"))
        self.export_button = QPushButton(tr("Export CSV…"))
        self.figures_button = QPushButton(tr("Attendance…"))
        self.approve.clicked.connect(
            lambda: self._each(lambda i: edits.decide_registration(workspace, i, True))
        )
        self.decline.clicked.connect(
            lambda: self._each(lambda i: edits.decide_registration(workspace, i, False))
        )
        self.cancel.clicked.connect(
            lambda: self._each(lambda i: edits.cancel_registration(workspace, i))
        )
        self.attended.clicked.connect(
            lambda: self._each(lambda i: edits.set_attended(workspace, i, True))
        )
        self.import_button.clicked.connect(self._choose_import)
        self.export_button.clicked.connect(self._choose_export)
        self.figures_button.clicked.connect(lambda: open_attendance(context, self))
        actions = QHBoxLayout()
        for button in (
            self.approve,
            self.decline,
            self.cancel,
            self.attended,
            self.import_button,
            self.export_button,
            self.figures_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.seats)
        layout.addLayout(adding)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self.resize(860, 520)
        context.on_changes(self._on_changes)
        self.model.fetchMore()
        self._count()

    # -- figures -------------------------------------------------------------------------------

    def _count(self) -> None:
        workspace, wid = self.context.workspace, self.webinar_id
        self.context.tasks.run(
            lambda: edits.seats(workspace, wid),
            self._alive(self._counted),
            self._alive(self._failed),
        )

    def _counted(self, seats: edits.Seats) -> None:
        by = seats.by_status
        self.seats.setText(
            tr(
                "{seated} of {capacity} seats taken · {waiting} waiting · {pending} awaiting "
                "approval · registration {mode}{waiting_list}"
            ).format(
                seated=seats.seated,
                capacity=seats.capacity,
                waiting=by.get("waiting", 0),
                pending=by.get("pending_approval", 0),
                mode=seats.registration,
                waiting_list=tr(", with a waiting list") if seats.waiting_list else "",
            )
        )
        approval = seats.registration == "approval"
        self.approve.setVisible(approval)
        self.decline.setVisible(approval)

    def _on_changes(self, changes: Changes) -> None:
        if changes.ids("registration") or self.webinar_id in changes.ids("webinar"):
            self.model.reload()
            self._count()

    # -- actions -------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [str(self.model.index(r, 0).data(IdRole)) for r in sorted(rows)]

    def _each(self, action: Callable[[str], Any]) -> None:
        ids = self.selected_ids()
        if not ids:
            self.message.setText(tr("Select one or more registrants first."))
            return

        def run() -> None:
            for rid in ids:
                action(rid)

        self.context.tasks.write(
            run, self._alive(lambda _: self.message.setText("")), self._alive(self._failed)
        )

    def _register(self) -> None:
        workspace, wid = self.context.workspace, self.webinar_id
        name, email = self.name.text(), self.email.text()
        self.context.tasks.write(
            lambda: edits.register(workspace, wid, name, email),
            self._alive(self._registered),
            self._alive(self._failed),
        )

    def _registered(self, status: str) -> None:
        self.message.setText(
            tr("{email}: {status}.").format(email=self.email.text(), status=status_text(status))
        )
        self.name.clear()
        self.email.clear()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe_error(exc))

    # -- CSV -----------------------------------------------------------------------------------

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Import registrants"), "", tr("CSV files (*.csv);;All files (*)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Read ``path`` off the UI thread; import at once when every row is good, otherwise
        show the bad rows first."""
        workspace, wid = self.context.workspace, self.webinar_id

        def read() -> reg.CsvImport:
            data = path.read_bytes()
            return reg.read_csv(data, already=edits.registered_emails(workspace, wid))

        self.message.setText(tr("Reading {name}…").format(name=path.name))
        self.context.tasks.run(
            read, self._alive(self._read), self._alive(self._failed), what="reading a CSV file"
        )

    def _read(self, result: reg.CsvImport) -> None:
        if result.problem:
            self.message.setText(tr("Nothing was imported: {why}").format(why=result.problem))
            return
        if result.bad:
            self.bad_rows_dialog = BadRowsDialog(result, self)
            self.bad_rows_dialog.accepted.connect(lambda: self._import(result.rows))
            self.bad_rows_dialog.rejected.connect(
                lambda: self.message.setText(tr("Nothing was imported."))
            )
            self.bad_rows_dialog.open()
            return
        self._import(result.rows)

    def _import(self, rows: list[reg.Registrant]) -> None:
        if not rows:
            self.message.setText(tr("Nothing was imported: the file has no good rows."))
            return
        workspace, wid = self.context.workspace, self.webinar_id
        self.context.tasks.write(
            lambda: edits.import_registrations(workspace, wid, rows),
            self._alive(self._imported),
            self._alive(self._failed),
            what="importing registrants",
        )

    def _imported(self, figures: dict[str, int]) -> None:
        self.message.setText(
            tr("Imported {n} registrants ({detail}).").format(
                n=sum(figures.values()),
                detail=", ".join(f"{status_text(k)}: {v}" for k, v in figures.items()),
            )
        )

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export registrants"), "registrants.csv", tr("CSV files (*.csv)")
        )
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        workspace, wid = self.context.workspace, self.webinar_id

        def write() -> int:
            data = edits.export_registrations(workspace, wid)
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(data)
            partial.replace(path)
            return data.count(b"\n") - 1

        self.context.tasks.run(
            write,
            self._alive(
                lambda n: self.message.setText(
                    tr("Exported {n} registrants to {path}.").format(n=n, path=path)
                )
            ),
            self._alive(self._failed),
            what="exporting registrants",
        )


class BadRowsModel(QAbstractTableModel):
    """The bad rows of one file (already in memory): line, reason, the text as read."""

    def __init__(self, bad: list[reg.BadRow]) -> None:
        super().__init__()
        self.bad = bad

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.bad)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.bad[index.row()]
        return (str(row.line), row.reason, row.text[:300])[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (tr("Line"), tr("Why it is not imported"), tr("Row as read"))[section]
        return None


class BadRowsDialog(QDialog):
    """Each bad row with its reason; nothing is imported unless the user skips them."""

    def __init__(self, result: reg.CsvImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Rows that cannot be imported"))
        good, bad = len(result.rows), len(result.bad)
        intro = QLabel(
            tr(
                "{bad} rows of this file cannot be imported, for the reasons below. Nothing has "
                "been imported yet. Skip them and import the other {good} rows, or cancel and "
                "fix the file."
            ).format(bad=bad, good=good)
        )
        intro.setWordWrap(True)
        self.model = BadRowsModel(result.bad)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.setAccessibleName(tr("Rows that cannot be imported"))
        self.buttons = QDialogButtonBox()
        self.skip = self.buttons.addButton(
            tr("Skip {bad} rows and import {good}").format(bad=bad, good=good),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.skip.setEnabled(good > 0)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(860, 420)


# -- attendance --------------------------------------------------------------------------------


class AttendanceChart(QWidget):
    """Registered and attended per month as pairs of bars (drawn here: QtCharts is not part of
    the PySide6 Studio ships with)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures: list[reg.Attendance] = []
        self.setMinimumHeight(220)
        self.setAccessibleName(tr("Registered and attended by month"))

    def set_figures(self, figures: list[reg.Attendance]) -> None:
        self.figures = figures[-12:]
        self.setToolTip(
            "\n".join(f"{f.label}: {f.attended} / {f.registered}" for f in self.figures)
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.figures:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("No figures yet"))
            return
        top = max(max(f.registered, f.attended) for f in self.figures) or 1
        width, height = self.width(), self.height() - 54  # legend above, months below
        slot = width / len(self.figures)
        bar = slot * 0.35
        for k, f in enumerate(self.figures):
            x = k * slot + slot * 0.1
            for j, (value, colour) in enumerate(
                ((f.registered, QColor("#5c8dd6")), (f.attended, QColor("#3aa76d")))
            ):
                h = height * value / top
                painter.fillRect(QRectF(x + j * bar, 24 + height - h, bar - 2, h), colour)
            painter.drawText(
                QRectF(k * slot, height + 28, slot, 20), Qt.AlignmentFlag.AlignCenter, f.label
            )
        painter.fillRect(QRectF(8, 4, 10, 10), QColor("#5c8dd6"))
        painter.drawText(QRectF(22, 0, 120, 18), tr("registered"))
        painter.fillRect(QRectF(130, 4, 10, 10), QColor("#3aa76d"))
        painter.drawText(QRectF(144, 0, 120, 18), tr("attended"))


class AttendanceDialog(QDialog):
    """Registered against attended per webinar (latest first) and by month."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Attendance"))
        self.chart = AttendanceChart()
        self.model = LazyTableModel(
            context.tasks,
            [
                Column(lambda: tr("Webinar"), lambda r: r[0]),
                Column(lambda: tr("Starts (UTC)"), lambda r: r[1].strftime("%Y-%m-%d %H:%M")),
                Column(lambda: tr("Registered"), lambda r: r[2]),
                Column(lambda: tr("Attended"), lambda r: r[3]),
                Column(
                    lambda: tr("Rate"),
                    lambda r: f"{r[3] / r[2]:.0%}" if r[2] else "",
                ),
            ],
            lambda after, limit: [] if after is not None else edits.attendance(context.workspace),
            row_id=lambda r: r[0],
        )
        table = QTableView()
        table.setModel(self.model)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chart)
        layout.addWidget(table, 1)
        self.resize(760, 560)
        self.model.fetchMore()
        self.closed = False
        context.tasks.run(
            lambda: reg.by_month((r[1], r[2], r[3]) for r in edits.attendance(context.workspace)),
            lambda figures: None if self.closed else self.chart.set_figures(figures),
        )

    def closeEvent(self, event: Any) -> None:
        self.closed = True
        super().closeEvent(event)


def open_attendance(context: PageContext, parent: QWidget | None) -> AttendanceDialog:
    dialog = AttendanceDialog(context, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


__all__ = ["BadRowsDialog", "RegistrationsDialog", "open_attendance", "open_registrations"]
