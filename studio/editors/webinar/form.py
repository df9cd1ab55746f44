"""The webinar form: one webinar (or a new series) edited with the conflict rules checked live.

``open_form(context, parent, webinar_id=None, start=None)`` opens it as a non-modal window (the
calendar calls it for a new webinar at a clicked time or to edit one). The start is a wall time
in an explicit IANA zone (the coordinator's by default), also shown in the viewer's zone; a start
the clocks skip is refused, one they repeat asks which pass. The description is Markdown shown
through the safe preview, rendered on a lane. As the user edits, the webinar (each occurrence of
a new series) is checked against the calendar on a lane: each finding names its rule and the
other webinar, a "Use …" button takes the nearest free slot, and a blocking finding disables Save
with the reason.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary, WeakSet, ref

from PySide6.QtCore import QDate, QDateTime, QStringListModel, Qt, QTime, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.domain import markdown, schedule
from studio.domain.zones import is_ambiguous, is_missing, parse_wall, wall_to_utc, zone_of
from studio.editors.webinar import zone_picker
from studio.editors.webinar.registrations import open_registrations
from studio.editors.webinar.speakers import open_speakers
from studio.editors.webinar.zone_picker import ZonePicker, viewer_zone
from studio.store import webinar_edits as edits
from studio.store.webinar_edits import WebinarForm
from studio.store.workspace import OperationError
from studio.tasks import Lane
from studio.ui.errors import describe_error
from studio.ui.i18n import tr
from studio.ui.safe_browser import SafeBrowser
from studio.ui.widgets import escape

if TYPE_CHECKING:
    from studio.store.workspace import Changes, Workspace
    from studio.ui.context import PageContext

#: The calendar for the rules, by workspace, until the workspace's webinars, speakers or rules
#: change: opening a form on 4,000 webinars reads them once, not each time.
_CALENDARS: WeakKeyDictionary[Workspace, schedule.Calendar] = WeakKeyDictionary()
_WATCHED: WeakSet[Workspace] = WeakSet()
#: Raised at each change, so a calendar read before it is used once but not kept.
_GENERATIONS: WeakKeyDictionary[Workspace, int] = WeakKeyDictionary()


def _watch(context: PageContext) -> None:
    if context.workspace in _WATCHED:
        return
    _WATCHED.add(context.workspace)
    workspace = ref(context.workspace)

    def forget(changes: Changes) -> None:
        held = workspace()
        changed = changes.ids("webinar") or changes.ids("speaker") or changes.ids("webinar_rules")
        if held is not None and changed:
            _CALENDARS.pop(held, None)
            _GENERATIONS[held] = _GENERATIONS.get(held, 0) + 1

    context.on_changes(forget)


#: Forms open now, by webinar id ("" for new ones): opening one twice raises the first.
_OPEN: dict[str, WebinarFormDialog] = {}


def open_form(
    context: PageContext,
    parent: QWidget | None,
    webinar_id: str | None = None,
    start: datetime | None = None,
) -> WebinarFormDialog:
    """Open the webinar form (non-modal): a stored webinar, or a new one starting at ``start``
    (an aware instant, or a wall time in the coordinator's zone). Returns the window."""
    key = webinar_id or ""
    if webinar_id and key in _OPEN:
        dialog = _OPEN[key]
        dialog.raise_()
        dialog.activateWindow()
        return dialog
    dialog = WebinarFormDialog(context, parent, webinar_id, start)
    if webinar_id:
        _OPEN[key] = dialog
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.destroyed.connect(lambda *_: _OPEN.pop(key, None) if _OPEN.get(key) else None)
    dialog.show()
    return dialog


class PeoplePicker(QWidget):
    """People chosen from the speakers directory: a search box with completion, and a list."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}  # id -> name, the whole directory's names
        self.by_label: dict[str, str] = {}
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Type a name, then Enter"))
        self.search.setAccessibleName(label)
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.setCompleter(completer)
        self.search.returnPressed.connect(self._add_typed)
        completer.activated.connect(self._add_label)
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(64)
        self.chosen.setAccessibleName(label)
        remove = QPushButton(tr("Remove"))
        remove.clicked.connect(self._remove)
        self.changed: list[Any] = []  # callbacks
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.chosen)

    def set_directory(self, people: list[tuple[str, str, str]]) -> None:
        """``(id, name, organisation)`` of every speaker."""
        self.names = {pid: name for pid, name, _ in people}
        self.by_label = {}
        for pid, name, organisation in people:
            label = f"{name} — {organisation}" if organisation else name
            self.by_label.setdefault(label, pid)
            self.by_label.setdefault(name, pid)
        self.completions.setStringList(sorted({k for k in self.by_label}))
        for k in range(self.chosen.count()):
            item = self.chosen.item(k)
            item.setText(self.names.get(item.data(Qt.ItemDataRole.UserRole), item.text()))

    def ids(self) -> tuple[str, ...]:
        return tuple(
            self.chosen.item(k).data(Qt.ItemDataRole.UserRole) for k in range(self.chosen.count())
        )

    def set_ids(self, ids: tuple[str, ...]) -> None:
        self.chosen.clear()
        for pid in ids:
            self._append(pid)

    def _append(self, pid: str) -> None:
        if pid in self.ids():
            return
        item = QListWidgetItem(self.names.get(pid, pid))
        item.setData(Qt.ItemDataRole.UserRole, pid)
        self.chosen.addItem(item)

    def _add_label(self, label: str) -> None:
        pid = self.by_label.get(label)
        if pid is not None:
            self._append(pid)
            QTimer.singleShot(0, self.search.clear)
            self._notify()

    def _add_typed(self) -> None:
        text = self.search.text().strip()
        pid = self.by_label.get(text)
        if pid is None:
            matches = [v for k, v in self.by_label.items() if text.lower() in k.lower()]
            pid = matches[0] if len(set(matches)) == 1 else None
        if pid is not None:
            self._append(pid)
            self.search.clear()
            self._notify()

    def _remove(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self._notify()

    def _notify(self) -> None:
        for callback in self.changed:
            callback()


class WebinarFormDialog(QDialog):
    """The form window. ``saved_ids`` holds what the last save wrote (tests, the calendar)."""

    def __init__(
        self,
        context: PageContext,
        parent: QWidget | None,
        webinar_id: str | None,
        start: datetime | None,
    ) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.context = context
        self.webinar_id = webinar_id
        self.loaded: WebinarForm | None = None
        self.viewer = zone_picker.coordinator_zone(context.settings)
        self.calendar: schedule.Calendar | None = None
        self.findings: list[schedule.Finding] = []
        self.suggestion: schedule.Slot | None = None
        self.saved_ids: list[str] = []
        self._made: dict[str, schedule.Webinar] = {}
        self._first: schedule.Webinar | None = None
        #: What the form showed when loaded (or opened): closing with other values asks first.
        self._pristine: WebinarForm | None = None
        self.scope_box: QMessageBox | None = None
        self.close_box: QMessageBox | None = None
        self.directory_loaded = False
        #: Why the start cannot be (a gap, a fold not chosen, no such zone), "" when it can.
        self.time_problem = ""
        self.problem = ""
        self._checks = Lane(self)
        self._renders = Lane(self)
        self._checked_form: WebinarForm | None = None
        self._closing = False
        self.setWindowTitle(tr("Edit webinar") if webinar_id else tr("New webinar"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.recheck)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(200)
        self._render_timer.timeout.connect(self._render)
        self._build()
        self._set_start(start)
        self.zone.set_zone(self.viewer)
        self._load()
        context.on_changes(self._on_changes)

    # -- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLineEdit()
        self.title.setAccessibleName(tr("Title"))
        self.starts = QDateTimeEdit()
        self.starts.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.starts.setCalendarPopup(True)
        self.starts.setAccessibleName(tr("Start (wall time in the webinar's zone)"))
        self.zone = ZonePicker()
        self.fold = QComboBox()
        self.fold.setAccessibleName(tr("Which pass of the repeated hour"))
        self.fold.setVisible(False)
        self.time_note = QLabel()
        self.time_note.setWordWrap(True)
        self.time_note.setObjectName("TimeNote")
        self.duration = QSpinBox()
        self.duration.setRange(1, 24 * 60)
        self.duration.setValue(60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(tr(" min"))
        self.duration.setAccessibleName(tr("Duration"))
        self.hosts = PeoplePicker(tr("Hosts"))
        self.speakers = PeoplePicker(tr("Guest speakers"))
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 1_000_000)
        self.capacity.setValue(100)
        self.capacity.setAccessibleName(tr("Capacity"))
        self.registration = QComboBox()
        for value, label in (
            ("open", tr("Open")),
            ("approval", tr("On approval")),
            ("closed", tr("Closed")),
        ):
            self.registration.addItem(label, value)
        self.registration.setAccessibleName(tr("Registration"))
        self.waiting_list = QCheckBox(tr("Keep a waiting list when full"))
        self.join_link = QLineEdit()
        self.join_link.setPlaceholderText("https://")
        self.join_link.setAccessibleName(tr("Join link"))
        self.status = QComboBox()
        for value, label in (
            ("draft", tr("Draft")),
            ("scheduled", tr("Scheduled")),
            ("live", tr("Live")),
            ("done", tr("Done")),
            ("cancelled", tr("Cancelled")),
        ):
            self.status.addItem(label, value)
        self.status.setCurrentIndex(1)
        self.status.setAccessibleName(tr("Status"))

        # Repeat (new webinars only).
        self.repeat = QComboBox()
        for value, label in (
            ("", tr("Does not repeat")),
            ("daily", tr("Daily")),
            ("weekly", tr("Weekly")),
            ("monthly", tr("Monthly")),
        ):
            self.repeat.addItem(label, value)
        self.repeat.setAccessibleName(tr("Repeat"))
        self.every = QSpinBox()
        self.every.setRange(1, 52)
        self.every.setPrefix(tr("every "))
        self.end_kind = QComboBox()
        self.end_kind.addItem(tr("ending after"), "count")
        self.end_kind.addItem(tr("ending on"), "until")
        self.count = QSpinBox()
        self.count.setRange(1, schedule.MAX_OCCURRENCES)
        self.count.setValue(4)
        self.count.setSuffix(tr(" occurrences"))
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setVisible(False)
        repeat_row = QHBoxLayout()
        for w in (self.repeat, self.every, self.end_kind, self.count, self.until):
            repeat_row.addWidget(w)
        repeat_row.addStretch(1)
        self.repeat_box = QWidget()
        self.repeat_box.setLayout(repeat_row)
        repeat_row.setContentsMargins(0, 0, 0, 0)

        start_row = QHBoxLayout()
        start_row.addWidget(self.starts)
        start_row.addWidget(self.zone, 1)
        start_row.addWidget(self.fold)
        form = QFormLayout()
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Starts"), start_row)
        form.addRow("", self.time_note)
        form.addRow(tr("Duration"), self.duration)
        form.addRow(tr("Repeat"), self.repeat_box)
        form.addRow(tr("Hosts"), self.hosts)
        form.addRow(tr("Guest speakers"), self.speakers)
        form.addRow(tr("Capacity"), self.capacity)
        form.addRow(tr("Registration"), self.registration)
        form.addRow("", self.waiting_list)
        form.addRow(tr("Join link"), self.join_link)
        form.addRow(tr("Status"), self.status)

        self.description = QPlainTextEdit()
        self.description.setAccessibleName(tr("Description (Markdown)"))
        self.preview = SafeBrowser(self.context.workspace.attachment, self)
        self.preview.setAccessibleName(tr("Description preview"))
        tabs = QTabWidget()
        tabs.addTab(self.description, tr("Description"))
        tabs.addTab(self.preview, tr("Preview"))
        self.tabs = tabs

        self.conflicts = QLabel()
        self.conflicts.setWordWrap(True)
        self.conflicts.setObjectName("Conflicts")
        self.conflicts.setTextFormat(Qt.TextFormat.RichText)
        self.use_slot = QPushButton()
        self.use_slot.setVisible(False)
        self.use_slot.clicked.connect(self.take_suggestion)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setObjectName("SaveReason")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addWidget(self.conflicts)
        left_layout.addWidget(self.use_slot, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addStretch(1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setEnabled(False)
        self.rules_button = self.buttons.addButton(
            tr("Rules…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.directory_button = self.buttons.addButton(
            tr("Speakers…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.directory_button.clicked.connect(self._open_directory)
        self.registrants_button = self.buttons.addButton(
            tr("Registrations…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel_occurrence = self.buttons.addButton(
            tr("Cancel this occurrence"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.addButton(tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.registrants_button.setVisible(False)
        self.cancel_occurrence.setVisible(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.close)
        self.rules_button.clicked.connect(self._open_rules)
        self.registrants_button.clicked.connect(self._open_registrations)
        self.cancel_occurrence.clicked.connect(self._cancel_occurrence)

        save_key = QShortcut(QKeySequence.StandardKey.Save, self)
        save_key.activated.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(1100, 720)

        for signal in (
            self.title.textChanged,
            self.starts.dateTimeChanged,
            self.zone.currentTextChanged,
            self.fold.currentIndexChanged,
            self.duration.valueChanged,
            self.capacity.valueChanged,
            self.registration.currentIndexChanged,
            self.join_link.textChanged,
            self.status.currentIndexChanged,
            self.repeat.currentIndexChanged,
            self.every.valueChanged,
            self.end_kind.currentIndexChanged,
            self.count.valueChanged,
            self.until.dateChanged,
            self.waiting_list.toggled,
        ):
            signal.connect(self._edited)
        self.hosts.changed.append(self._edited)
        self.speakers.changed.append(self._edited)
        self.description.textChanged.connect(self._render_timer.start)
        self.description.textChanged.connect(self._edited)

    # -- loading -------------------------------------------------------------------------------

    def _set_start(self, start: datetime | None) -> None:
        if start is None:
            now = datetime.now(zone_of(self.viewer)) + timedelta(days=1)
            wall = now.replace(minute=0, second=0, microsecond=0, tzinfo=None)
        elif start.tzinfo is not None:
            wall = start.astimezone(zone_of(self.viewer)).replace(tzinfo=None)
        else:
            wall = start
        self.set_wall(wall)
        self.until.setDate(QDate(wall.year, wall.month, wall.day).addMonths(2))

    def set_wall(self, wall: datetime) -> None:
        self.starts.setDateTime(
            QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute))
        )

    def wall(self) -> str:
        value = self.starts.dateTime()
        d, t = value.date(), value.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()).isoformat()

    def _load(self) -> None:
        workspace = self.context.workspace
        webinar_id = self.webinar_id

        def read() -> tuple[Any, list[tuple[str, str, str]]]:
            people = edits.directory(workspace)
            form = edits.load_form(workspace, webinar_id) if webinar_id else None
            return form, people

        self.context.tasks.run(read, self._loaded, self._load_failed, what="opening a webinar")
        self._load_calendar()

    def _load_calendar(self, fresh: bool = False) -> None:
        """The calendar the rules check against (the edited webinar is skipped by its id):
        read once per workspace state and shared by every form."""
        workspace = self.context.workspace
        _watch(self.context)
        if fresh:
            _CALENDARS.pop(workspace, None)
            _GENERATIONS[workspace] = _GENERATIONS.get(workspace, 0) + 1
        cached = _CALENDARS.get(workspace)
        if cached is not None:
            self._calendar_loaded(cached)
            return
        generation = _GENERATIONS.get(workspace, 0)

        def keep(calendar: schedule.Calendar) -> None:
            if _GENERATIONS.get(workspace, 0) == generation:
                _CALENDARS[workspace] = calendar
            self._calendar_loaded(calendar)

        self.context.tasks.run(
            lambda: edits.calendar(workspace),
            keep,
            self._load_failed,
            what="reading the calendar",
        )

    def _loaded(self, result: tuple[Any, list[tuple[str, str, str]]]) -> None:
        if self._closing:
            return
        form, people = result
        self.directory_loaded = True
        self.hosts.set_directory(people)
        self.speakers.set_directory(people)
        if form is not None:
            self.loaded = form
            self.fill(form)
        self._edited()
        self._pristine = self.current()

    def _directory(self, people: list[tuple[str, str, str]]) -> None:
        if self._closing:
            return
        self.hosts.set_directory(people)
        self.speakers.set_directory(people)

    def _load_failed(self, exc: BaseException) -> None:
        if self._closing:
            return
        self.problem = describe_error(exc)
        self.reason.setText(self.problem)
        self.save_button.setEnabled(False)

    def _calendar_loaded(self, calendar: schedule.Calendar) -> None:
        if self._closing:
            return
        self.calendar = calendar
        self.recheck()

    def fill(self, form: WebinarForm) -> None:
        self.title.setText(form.title)
        self.zone.set_zone(form.zone)
        self.set_wall(parse_wall(form.starts_at))
        self._fill_fold(form.fold)
        self.duration.setValue(form.duration_minutes)
        self.description.setPlainText(form.description)
        self.hosts.set_ids(form.host_ids)
        self.speakers.set_ids(form.speaker_ids)
        self.capacity.setValue(form.capacity)
        self.registration.setCurrentIndex(max(0, self.registration.findData(form.registration)))
        self.waiting_list.setChecked(form.waiting_list)
        self.join_link.setText(form.join_link)
        self.status.setCurrentIndex(max(0, self.status.findData(form.status)))
        self.repeat_box.setEnabled(False)
        self.repeat_box.setToolTip(tr("A stored webinar's repetition is changed in its series"))
        self.registrants_button.setVisible(True)
        self.cancel_occurrence.setVisible(bool(form.series_id) and form.status != "cancelled")
        if form.series_id:
            self.setWindowTitle(tr("Edit webinar (part of a series)"))

    def _fill_fold(self, fold: int | None) -> None:
        self._update_fold()
        if self.fold.isVisible() and fold is not None:
            self.fold.setCurrentIndex(fold)

    # -- the form's state ----------------------------------------------------------------------

    def current(self) -> WebinarForm:
        recurrence = None
        frequency = self.repeat.currentData()
        if frequency and self.repeat_box.isEnabled():
            if self.end_kind.currentData() == "count":
                recurrence = schedule.Recurrence(
                    schedule.Frequency(frequency), self.every.value(), count=self.count.value()
                )
            else:
                d = self.until.date()
                recurrence = schedule.Recurrence(
                    schedule.Frequency(frequency),
                    self.every.value(),
                    until=date(d.year(), d.month(), d.day()),
                )
        fold: int | None = 0
        if self.fold.isVisible():
            fold = self.fold.currentIndex() if self.fold.currentIndex() >= 0 else None
        base = self.loaded
        return WebinarForm(
            id=base.id if base else "",
            version=base.version if base else 0,
            series_id=base.series_id if base else None,
            title=self.title.text(),
            starts_at=self.wall(),
            zone=self.zone.zone(),
            fold=fold,
            duration_minutes=self.duration.value(),
            description=self.description.toPlainText(),
            speaker_ids=self.speakers.ids(),
            host_ids=self.hosts.ids(),
            capacity=self.capacity.value(),
            registration=str(self.registration.currentData()),
            waiting_list=self.waiting_list.isChecked(),
            join_link=self.join_link.text(),
            status=str(self.status.currentData()),
            recurrence=recurrence,
        )

    def _edited(self, *_: object) -> None:
        self.every.setVisible(bool(self.repeat.currentData()))
        self.end_kind.setVisible(bool(self.repeat.currentData()))
        until = self.end_kind.currentData() == "until"
        self.count.setVisible(bool(self.repeat.currentData()) and not until)
        self.until.setVisible(bool(self.repeat.currentData()) and until)
        self._update_fold()
        self._update_time_note()
        self.save_button.setEnabled(False)
        self._timer.start()

    def _update_fold(self) -> None:
        """Show the choice of pass when the start is in a repeated hour."""
        try:
            where = zone_of(self.zone.zone())
            wall = parse_wall(self.wall())
        except ValueError:
            self.fold.setVisible(False)
            return
        ambiguous = is_ambiguous(wall, where)
        if not ambiguous:
            self.fold.setVisible(False)
            return
        first = wall.replace(tzinfo=where, fold=0).tzname()
        second = wall.replace(tzinfo=where, fold=1).tzname()
        labels = [
            tr("{time} {zone} (first)").format(time=wall.strftime("%H:%M"), zone=first),
            tr("{time} {zone} (second)").format(time=wall.strftime("%H:%M"), zone=second),
        ]
        if [self.fold.itemText(k) for k in range(self.fold.count())] != labels:
            self.fold.blockSignals(True)
            self.fold.clear()
            self.fold.addItems(labels)
            self.fold.setCurrentIndex(-1)
            self.fold.setPlaceholderText(tr("Which {time}?").format(time=wall.strftime("%H:%M")))
            self.fold.blockSignals(False)
        self.fold.setVisible(True)

    def _update_time_note(self) -> None:
        self.time_problem = ""
        zone = self.zone.zone()
        try:
            where = zone_of(zone)
        except ValueError:
            self.time_problem = tr("“{zone}” is not a time zone; pick one from the list.").format(
                zone=zone
            )
            self.time_note.setText(escape(self.time_problem))
            return
        wall = parse_wall(self.wall())
        day, time = wall.strftime("%Y-%m-%d"), wall.strftime("%H:%M")
        if is_missing(wall, where):
            self.time_problem = tr(
                "{time} does not exist in {zone} on {day}: the clocks skip that hour. "
                "Choose another time."
            ).format(time=time, zone=zone, day=day)
        elif self.fold.isVisible() and self.fold.currentIndex() < 0:
            self.time_problem = tr(
                "{time} happens twice in {zone} on {day} (the clocks go back): choose which."
            ).format(time=time, zone=zone, day=day)
        if self.time_problem:
            self.time_note.setText(escape(self.time_problem))
            return
        fold = max(0, self.fold.currentIndex()) if self.fold.isVisible() else 0
        instant = wall.replace(tzinfo=where, fold=fold)
        seen = instant.astimezone(zone_of(self.viewer))
        self.time_note.setText(
            tr("{here} in {zone} is {there} in your zone ({viewer}).").format(
                here=instant.strftime("%a %d %b %H:%M %Z"),
                zone=zone,
                there=seen.strftime("%a %d %b %H:%M %Z"),
                viewer=self.viewer,
            )
        )

    # -- checking ------------------------------------------------------------------------------

    def recheck(self) -> None:
        """Validate the form here and run the conflict rules on the lane."""
        if self._closing:
            return
        if self.time_problem:
            self._show_findings([], problem=self.time_problem)
            return
        form = self.current()
        try:
            made = edits.candidates(form)
        except (OperationError, ValueError) as exc:
            self._show_findings([], problem=str(exc))
            return
        if self.problem:
            return
        calendar = self.calendar
        if calendar is None:
            self._show_findings([], problem=tr("Reading the calendar…"))
            return
        self._checked_form = form
        now = datetime.now(UTC)

        def check() -> list[schedule.Finding]:
            found: list[schedule.Finding] = []
            for occurrence in made[:200]:
                found.extend(calendar.check(occurrence, not_before=now))
                if len(found) > 20:
                    break
            return found

        self._checks.submit(check, lambda found: self._checked(made, found), self._check_failed)

    def _checked(self, made: list[schedule.Webinar], findings: list[schedule.Finding]) -> None:
        if self._closing:
            return
        self._made = {w.id: w for w in made}
        self._first = made[0] if made else None
        self._show_findings(findings)

    def _check_failed(self, exc: BaseException) -> None:
        self._show_findings([], problem=str(exc))

    def _show_findings(self, findings: list[schedule.Finding], problem: str = "") -> None:
        self.findings = findings
        blocking = [f for f in findings if f.blocks]
        rules = {
            schedule.Rule.DOUBLE_BOOKED: tr("Speaker double-booked"),
            schedule.Rule.HOST_OVERLAP: tr("Host in two webinars at once"),
            schedule.Rule.UNAVAILABLE: tr("Outside a speaker's availability"),
            schedule.Rule.TOO_CLOSE: tr("Too little time between sessions"),
        }
        lines = []
        series = len(self._made) > 1
        for f in findings[:8]:
            kind = tr("Blocks") if f.blocks else tr("Warning")
            colour = "#c62828" if f.blocks else "#b26a00"
            which = ""
            occurrence = self._made.get(f.webinar_id)
            if series and occurrence is not None:
                which = tr("The occurrence of {day}: ").format(day=occurrence.starts_at[:10])
            lines.append(
                f"<p><b style='color:{colour}'>{escape(kind)} · {escape(rules[f.rule])}</b>"
                f"<br>{escape(which + f.message)}</p>"
            )
        self.conflicts.setText("".join(lines))
        self.conflicts.setVisible(bool(lines))
        found = next((f for f in findings if f.suggestion is not None), None)
        slot = self._as_first(found) if found is not None else None
        self.suggestion = slot
        if slot is not None:
            local = parse_wall(slot.starts_at)
            seen = slot.start.astimezone(zone_of(self.viewer))
            text = tr("Use {when} {zone}").format(
                when=local.strftime("%a %d %b %H:%M"), zone=slot.zone
            )
            if self.viewer != slot.zone:
                text += tr(" ({there} yours)").format(there=seen.strftime("%H:%M"))
            self.use_slot.setText(text)
        elif findings:
            self.use_slot.setText(tr("No free slot within two weeks"))
        self.use_slot.setVisible(bool(findings))
        self.use_slot.setEnabled(slot is not None)
        if problem:
            reason = problem
        elif blocking:
            reason = tr("Cannot save: {why}").format(why=blocking[0].message)
        else:
            reason = ""
        self.reason.setText(reason)
        self.save_button.setEnabled(not problem and not blocking)
        self.save_button.setToolTip(reason)

    def _as_first(self, finding: schedule.Finding) -> schedule.Slot | None:
        """The suggestion for the start the form edits: for a later occurrence of a new series,
        the series' first start moved by the same wall-clock difference."""
        slot = finding.suggestion
        occurrence = self._made.get(finding.webinar_id)
        first = self._first
        if slot is None or occurrence is None or first is None or occurrence.id == first.id:
            return slot
        delta = parse_wall(slot.starts_at) - parse_wall(occurrence.starts_at)
        wall = parse_wall(first.starts_at) + delta
        try:
            start = wall_to_utc(wall.isoformat(), first.zone, 0, strict=True)
        except ValueError:
            return None
        return schedule.Slot(start, wall.isoformat(), first.zone, 0)

    def take_suggestion(self) -> None:
        """Move the start to the nearest free slot (its wall time and pass in its zone)."""
        slot = self.suggestion
        if slot is None:
            return
        self.zone.set_zone(slot.zone)
        self.set_wall(parse_wall(slot.starts_at))
        self._update_fold()
        if self.fold.isVisible():
            self.fold.setCurrentIndex(slot.fold)
        self._edited()

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        form = self.current()
        workspace = self.context.workspace
        whole = False
        if self.loaded is not None and self.loaded.series_id:
            answer = self._ask_scope()
            if answer is None:
                return
            whole = answer
        self.save_button.setEnabled(False)
        self.reason.setText(tr("Saving…"))
        if self.loaded is None:
            job = lambda: edits.create_webinar(workspace, form)  # noqa: E731
        else:
            original = self.loaded
            job = lambda: edits.update_webinar(  # noqa: E731
                workspace, form, whole_series=whole, original=original
            )
        self.context.tasks.write(job, self._saved, self._save_failed, what="saving a webinar")

    def _ask_scope(self) -> bool | None:
        """True for the whole series, False for this one, None when the user backs out."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Change a series"))
        box.setText(
            tr("This webinar is part of a series. Change only this one, or the whole series?")
        )
        one = box.addButton(tr("This one"), QMessageBox.ButtonRole.AcceptRole)
        every = box.addButton(tr("The whole series"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        self.scope_box = box
        box.exec()
        clicked = box.clickedButton()
        self.scope_box = None
        if clicked is one:
            return False
        if clicked is every:
            return True
        return None

    def _saved(self, ids: list[str]) -> None:
        self.saved_ids = ids
        self.reason.setText(tr("Saved."))
        self._closing = True
        self.close()

    def _saved_cancel(self, _: object) -> None:
        self._saved([self.loaded.id] if self.loaded else [])

    def _save_failed(self, exc: BaseException) -> None:
        if self._closing:
            return
        self.reason.setText(describe_error(exc))
        self.save_button.setEnabled(True)

    def _cancel_occurrence(self) -> None:
        if self.loaded is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Cancel an occurrence"))
        box.setText(tr("Cancel this occurrence only? The rest of the series stays as it is."))
        yes = box.addButton(tr("Cancel this occurrence"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        self.scope_box = box
        box.exec()
        self.scope_box = None
        if box.clickedButton() is not yes:
            return
        webinar_id = self.loaded.id
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: edits.cancel_webinar(workspace, webinar_id),
            self._saved_cancel,
            self._save_failed,
            what="cancelling an occurrence",
        )

    # -- others --------------------------------------------------------------------------------

    def _render(self) -> None:
        if self._closing:
            return
        text = self.description.toPlainText()
        self._renders.submit(lambda: markdown.render(text), self._rendered)

    def _rendered(self, rendered: markdown.Rendered) -> None:
        html = rendered.html
        if rendered.problem:
            html = f"<p><i>{escape(rendered.problem)}</i></p>" + html
        self.preview.show_html(html)

    def _open_rules(self) -> None:
        dialog = RulesDialog(self.context, self, self.calendar.policy if self.calendar else None)
        dialog.finished.connect(lambda _: self._load_calendar(fresh=True))
        dialog.show()
        self.rules_dialog = dialog

    def _open_directory(self) -> None:
        open_speakers(self.context, self)

    def _open_registrations(self) -> None:
        if self.loaded is not None:
            open_registrations(self.context, self, self.loaded.id)

    def _on_changes(self, changes: Changes) -> None:
        if self._closing:
            return
        if changes.ids("webinar") or changes.ids("speaker") or changes.ids("webinar_rules"):
            self._load_calendar(fresh=True)
        if changes.ids("speaker"):
            workspace = self.context.workspace
            self.context.tasks.run(lambda: edits.directory(workspace), self._directory)

    def discard(self) -> None:
        """Close without asking, losing what was not saved (the window is going anyway)."""
        self._pristine = None
        self.close()

    def has_unsaved_changes(self) -> bool:
        return (
            not self._closing
            and self._pristine is not None
            and not self.saved_ids
            and self.current() != self._pristine
        )

    def closeEvent(self, event: Any) -> None:
        if self.has_unsaved_changes():
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle(tr("Unsaved changes"))
            box.setText(tr("This webinar has changes that are not saved. Close and lose them?"))
            box.addButton(tr("Lose the changes"), QMessageBox.ButtonRole.DestructiveRole)
            keep = box.addButton(tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            self.close_box = box
            box.exec()
            self.close_box = None
            if box.clickedButton() is keep:
                event.ignore()
                return
        self._closing = True
        self._timer.stop()
        self._render_timer.stop()
        try:
            self.context.signals.changed.disconnect(self._on_changes)
        except (RuntimeError, TypeError):
            pass
        self._checks.close(2000)
        self._renders.close(2000)
        super().closeEvent(event)


class RulesDialog(QDialog):
    """The workspace's conflict rules: each block, warn or off, and the least pause between a
    speaker's sessions. Saved in the workspace on OK."""

    def __init__(
        self, context: PageContext, parent: QWidget | None, current: schedule.Policy | None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("Conflict rules"))
        policy = current or schedule.Policy()
        self.current = policy
        names = {
            schedule.Rule.DOUBLE_BOOKED: tr("A speaker booked twice at once"),
            schedule.Rule.HOST_OVERLAP: tr("Overlapping webinars sharing a host"),
            schedule.Rule.UNAVAILABLE: tr("A speaker outside their availability"),
            schedule.Rule.TOO_CLOSE: tr("Too little time between a speaker's sessions"),
        }
        form = QFormLayout()
        self.choices: dict[schedule.Rule, QComboBox] = {}
        for rule, label in names.items():
            box = QComboBox()
            box.setAccessibleName(label)
            for value, text in (("block", tr("Block")), ("warn", tr("Warn")), ("off", tr("Off"))):
                box.addItem(text, value)
            box.setCurrentIndex(box.findData(str(policy.severity(rule))))
            self.choices[rule] = box
            form.addRow(label, box)
        self.gap = QSpinBox()
        self.gap.setRange(0, 24 * 60)
        self.gap.setSuffix(tr(" min"))
        self.gap.setValue(policy.min_gap_minutes)
        self.gap.setAccessibleName(tr("Least time between a speaker's sessions"))
        form.addRow(tr("Least time between a speaker's sessions"), self.gap)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def policy(self) -> schedule.Policy:
        return replace(
            self.current,
            severities={
                rule: schedule.Severity(box.currentData()) for rule, box in self.choices.items()
            },
            min_gap_minutes=self.gap.value(),
        )

    def _save(self) -> None:
        chosen = self.policy()
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: edits.save_policy(workspace, chosen),
            lambda _: self.accept(),
            lambda exc: self.message.setText(describe_error(exc)),
            what="saving the conflict rules",
        )


__all__ = ["RulesDialog", "WebinarFormDialog", "ZonePicker", "open_form", "viewer_zone"]
