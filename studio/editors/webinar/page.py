"""The Webinars page: the calendar (week, month, agenda) in the coordinator's zone or another.

Keys: ←/→ move the selection by a day (↑/↓ between the day's webinars in the week view, by a
week in the month view), PageUp/PageDown or Alt+←/→ the previous or next week or month, T today,
W/M/A the views, Enter opens the selected webinar (or a new one on the selected day),
Shift+↑/↓ move it by a quarter of an hour and Shift+←/→ by a day, Ctrl+Z undoes the last move,
Ctrl+Shift+Z does it again.

A range is read on the task pool, off the UI thread (the latest request wins, older reads stop
at their next batch of rows) while the previous one stays on screen; ranges already read are
kept, and the neighbours of the one shown are read ahead, so switching weeks or months rarely
waits. A drop is saved on the writer thread (one transaction, one op per webinar moved, queued
for the Hub); the block stays where it was dropped meanwhile, and goes back with the reason if
the save is refused.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, QTimeZone
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.collector import freeze_long_lived_objects
from studio.domain import schedule
from studio.domain.records import RecordType
from studio.domain.roles import a_or_an, may
from studio.editors.webinar.calendar import (
    AgendaModel,
    CalendarState,
    MonthView,
    WeekView,
    abbreviation,
    describe,
    hhmm,
    month_name,
    rule_name,
)
from studio.editors.webinar.timegrid import add_months, midnight, month_grid_start, week_start
from studio.store.webinar_calendar import (
    CalendarRange,
    Moved,
    load_checks,
    load_range,
    move_webinar,
    place,
)
from studio.store.workspace import OperationError
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.i18n import tr

if TYPE_CHECKING:
    from studio.store.workspace import Changes

log = logging.getLogger(__name__)

VIEWS = ("week", "month", "agenda")
CACHE = 8


class Superseded(Exception):
    """A background read that a newer one of its kind replaced: it stops where it is."""


def system_zone() -> str:
    """The computer's IANA zone, UTC when it has none Studio knows."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="replace")
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return "UTC"
    return name if "/" in name or name == "UTC" else "UTC"


def coordinator_zone(context: PageContext) -> str:
    """The zone the coordinator set (Settings), else the system's."""
    chosen = context.settings.coordinator_zone
    try:
        if chosen:
            ZoneInfo(chosen)
            return chosen
    except (ValueError, KeyError, OSError):
        log.info("the coordinator zone %r is not a zone; using the system's", chosen)
    return system_zone()


def zone_label(zone: str, at: datetime) -> str:
    moment = at.astimezone(ZoneInfo(zone))
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{abbreviation(moment)}, UTC{sign}{hours:02d}:{rest:02d}"


class ZoneBox(QComboBox):
    """An editable list of the IANA zones, searched by any part of the name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        names = sorted(z for z in available_timezones() if "/" in z or z == "UTC")
        self.addItems(names)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(names, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setMinimumContentsLength(18)
        self.setAccessibleName(tr("Time zone shown"))

    def set_zone(self, name: str) -> None:
        index = self.findText(name)
        self.blockSignals(True)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(name)
        self.blockSignals(False)


class WebinarsPage(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.my_zone = coordinator_zone(context)
        self.state = CalendarState(self.my_zone)
        self.view = "week"
        self.cache: OrderedDict[tuple[str, date, date], CalendarRange] = OrderedDict()
        self.wanted: tuple[str, date, date] | None = None
        self.shown_key: tuple[str, date, date] | None = None
        self.undo_stack: list[Moved] = []
        self.redo_stack: list[Moved] = []
        #: Every request to open the form: (webinar id or None, start or None).
        self.form_requests: list[tuple[str | None, datetime | None]] = []
        #: The latest read of each kind (range, ahead, rules); older ones stop or are ignored.
        self._generations: dict[str, int] = {}
        #: Emptied when the page goes: reads still running then deliver nothing.
        self._alive = alive = [True]
        self.destroyed.connect(lambda *_: alive.clear())
        self.checks: OrderedDict[tuple[str, date, date], schedule.Calendar] = OrderedDict()
        self._stale = False
        freeze_long_lived_objects()
        context.tasks.run(context.workspace.role, self._role, what="reading the account's role")
        self._build()
        context.on_changes(self._on_changes)
        self.request()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.today_button = QPushButton(tr("Today"))
        self.today_button.setToolTip(tr("Go to today (T)"))
        self.prev_button = QToolButton()
        self.prev_button.setText("‹")
        self.prev_button.setAccessibleName(tr("Previous"))
        self.prev_button.setToolTip(tr("Previous week or month (PageUp, Alt+←)"))
        self.next_button = QToolButton()
        self.next_button.setText("›")
        self.next_button.setAccessibleName(tr("Next"))
        self.next_button.setToolTip(tr("Next week or month (PageDown, Alt+→)"))
        for button in (self.prev_button, self.next_button):
            button.setAutoRaise(True)
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.5)
            button.setFont(font)
        self.title = QLabel()
        self.title.setObjectName("calendar-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.title.setFont(font)
        self.loading = QLabel()
        self.loading.setObjectName("calendar-loading")
        self.view_buttons = QButtonGroup(self)
        views = QHBoxLayout()
        views.setSpacing(0)
        self.view_button: dict[str, QToolButton] = {}
        for key, label, tip in (
            ("week", tr("Week"), tr("Week view (W)")),
            ("month", tr("Month"), tr("Month view (M)")),
            ("agenda", tr("Agenda"), tr("Agenda (A)")),
        ):
            button = QToolButton()
            button.setText(label)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setObjectName(f"view-{key}")
            button.clicked.connect(lambda _=False, key=key: self.set_view(key))
            self.view_buttons.addButton(button)
            views.addWidget(button)
            self.view_button[key] = button
        self.week_button, self.month_button, self.agenda_button = self.view_button.values()
        self.week_button.setChecked(True)
        self.my_zone_button = QToolButton()
        self.my_zone_button.setText(tr("My zone"))
        self.my_zone_button.setCheckable(True)
        self.my_zone_button.setChecked(True)
        self.my_zone_button.setToolTip(
            tr("Show times in your zone ({zone})").format(zone=self.my_zone)
        )
        self.my_zone_button.clicked.connect(lambda: self.set_zone(self.my_zone))
        self.make_mine_button = QToolButton()
        self.make_mine_button.setText(tr("Make it my zone"))
        self.make_mine_button.setToolTip(
            tr("Use the zone shown as your own from now on (new webinars start in it)")
        )
        self.make_mine_button.setAutoRaise(True)
        self.make_mine_button.clicked.connect(self.make_my_zone)
        self.make_mine_button.hide()
        self.zone_box = ZoneBox()
        self.zone_box.set_zone(self.my_zone)
        self.zone_box.activated.connect(lambda _i: self._zone_typed())
        line = self.zone_box.lineEdit()
        assert line is not None  # an editable box has one
        line.returnPressed.connect(self._zone_typed)
        self.zone_note = QLabel()
        self.zone_note.setObjectName("zone-note")

        top = QHBoxLayout()
        top.addWidget(self.today_button)
        top.addWidget(self.prev_button)
        top.addWidget(self.next_button)
        top.addSpacing(8)
        top.addWidget(self.title)
        top.addWidget(self.loading)
        top.addStretch(1)
        top.addLayout(views)
        top.addSpacing(16)
        top.addWidget(QLabel(tr("Times in")))
        top.addWidget(self.zone_box)
        top.addWidget(self.my_zone_button)

        self.week = WeekView(self.state)
        self.month = MonthView(self.state)
        self.agenda_model = AgendaModel(self.state)
        self.agenda = QListView()
        self.agenda.setObjectName("agenda-view")
        self.agenda.setModel(self.agenda_model)
        self.agenda.setUniformItemSizes(True)
        self.agenda.setIconSize(QSize(10, 10))
        self.agenda.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agenda.setAccessibleName(tr("Agenda"))
        self.agenda.activated.connect(self._agenda_activated)
        self.agenda.selectionModel().currentChanged.connect(self._agenda_current)
        self.stack = QStackedWidget()
        for widget in (self.week, self.month, self.agenda):
            self.stack.addWidget(widget)
        for view in (self.week, self.month):
            view.open_requested.connect(lambda i, s: self.open_form(i, s))
            view.drop_requested.connect(self.drop)
            view.refused.connect(lambda text: self.say(text, "error"))
            view.edge.connect(self._edge)
            view.checks_wanted.connect(self.want_checks)
        self.state.changed.connect(self._selection_changed)

        self.banner = QLabel()
        self.banner.setObjectName("calendar-banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        self.hint = QLabel(
            tr(
                "←/→ days · ↑/↓ webinars · PageUp/PageDown or Alt+←/→ weeks and months · "
                "T today · W/M/A views · Enter opens · double-click a free slot: new webinar · "
                "drag to move (or Shift+arrows), drag the bottom edge to resize · Ctrl+Z undoes"
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        note = QHBoxLayout()
        note.addWidget(self.zone_note, 1)
        note.addWidget(self.make_mine_button)
        layout.addLayout(note)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.hint)

        self.today_button.clicked.connect(self.go_today)
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        keys: list[tuple[str, Any]] = [
            ("PgUp", lambda: self.step(-1)),
            ("PgDown", lambda: self.step(1)),
            ("Alt+Left", lambda: self.step(-1)),
            ("Alt+Right", lambda: self.step(1)),
            ("T", self.go_today),
            ("W", lambda: self.set_view("week")),
            ("M", lambda: self.set_view("month")),
            ("A", lambda: self.set_view("agenda")),
            ("Ctrl+Z", self.undo),
            ("Ctrl+Shift+Z", self.redo),
        ]
        self.shortcuts = []
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.shortcuts.append(shortcut)
        self._show_zone()

    def _role(self, role: str) -> None:
        """Studio hides what a role may not do (the Hub refuses it anyway)."""
        if role and not may(role, RecordType.WEBINAR, "update"):
            self.state.read_only = tr(
                "Webinars are moved by coordinators: {a_role} may not move them."
            ).format(a_role=a_or_an(role))

    # -- the range -----------------------------------------------------------------------------

    def days(self, view: str | None = None, anchor: date | None = None) -> list[date]:
        view = view or self.view
        anchor = anchor or self.state.anchor
        if view == "week":
            first = week_start(anchor)
            return [first + timedelta(days=i) for i in range(7)]
        if view == "month":
            first = month_grid_start(anchor)
            return [first + timedelta(days=i) for i in range(42)]
        first = anchor.replace(day=1)
        last = add_months(first, 1)
        return [first + timedelta(days=i) for i in range((last - first).days)]

    def key(self, view: str | None = None, anchor: date | None = None) -> tuple[str, date, date]:
        days = self.days(view, anchor)
        return self.state.zone_name, days[0], days[-1]

    def _bounds(self, key: tuple[str, date, date]) -> tuple[datetime, datetime]:
        zone_name, first, last = key
        zone = ZoneInfo(zone_name)
        return midnight(first, zone), midnight(last + timedelta(days=1), zone)

    def _read(
        self,
        kind: str,
        work: Callable[[Callable[[], None]], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``work(pause)`` on the task pool; only the latest read of each ``kind`` counts.

        ``pause()``, called by the store between batches of rows, waits while the UI thread
        paints and ends a read that a newer one of its kind has replaced (PageDown held down
        starts many, finishes one)."""
        generation = self._generations[kind] = self._generations.get(kind, 0) + 1
        alive = self._alive

        def pause() -> None:
            if self._generations.get(kind) != generation or not alive:
                raise Superseded
            self.state.idle.wait(0.05)
            time.sleep(0)  # hand the interpreter to the UI thread if it is waiting for it

        def run() -> Any:
            try:
                return work(pause)
            except Superseded:  # not a failure: nobody wants the result any more
                return Superseded

        def finished(result: Any) -> None:
            if result is not Superseded and alive and self._generations.get(kind) == generation:
                done(result)

        def broke(exc: BaseException) -> None:
            if not alive:
                return
            if failed is not None:
                failed(exc)
            else:
                log.info("reading the calendar (%s) failed: %s", kind, exc)

        self.context.tasks.run(run, finished, broke, what="reading the calendar")

    def _range_reader(self, key: tuple[str, date, date]) -> Callable[[Any], CalendarRange]:
        workspace = self.context.workspace
        start, end = self._bounds(key)
        return lambda pause: load_range(workspace, start, end, pause)

    def want_checks(self) -> None:
        """Read the rules' calendar around the range shown, unless it is here already."""
        key = self.shown_key
        if key is None or self.state.checks is not None:
            return
        workspace = self.context.workspace
        start, end = self._bounds(key)

        def arrived(calendar: schedule.Calendar) -> None:
            self.checks[key] = calendar
            while len(self.checks) > 3:
                self.checks.popitem(last=False)
            if key == self.shown_key:
                self.state.checks = calendar
                for view in (self.week, self.month):
                    view.update_drag()

        self._read("rules", lambda pause: load_checks(workspace, start, end, pause=pause), arrived)

    def request(self) -> None:
        """Show the range of the current view and anchor: at once when read before, else when
        its read arrives (the range shown meanwhile stays)."""
        key = self.key()
        self.wanted = key
        self._show_title()
        cached = self.cache.get(key)
        if cached is not None:
            self.cache.move_to_end(key)
            self.apply(key, cached)
            return
        self.loading.setText(tr("Loading…"))
        self._generations["ahead"] = self._generations.get("ahead", 0) + 1  # stop reading ahead
        self._read(
            "range",
            self._range_reader(key),
            lambda result: self._arrived(key, result),
            self._read_failed,
        )

    def _arrived(self, key: tuple[str, date, date], result: CalendarRange) -> None:
        self._remember(key, result)
        if key == self.wanted:
            self.apply(key, result)

    def _remember(self, key: tuple[str, date, date], result: CalendarRange) -> None:
        self.cache[key] = result
        self.cache.move_to_end(key)
        while len(self.cache) > CACHE:
            self.cache.popitem(last=False)

    def _read_failed(self, exc: BaseException) -> None:
        self.loading.setText("")
        self.say(
            tr("The calendar could not be read: {why}").format(why=describe_error(exc)), "error"
        )

    def apply(self, key: tuple[str, date, date], result: CalendarRange) -> None:
        """Put ``result`` on screen (the views' days, blocks, agenda rows)."""
        self.state.idle.clear()
        try:
            self._apply(key, result)
        finally:
            self.state.idle.set()
        # Read ahead, and the rules' calendar, once this range is painted.
        # (Timers tied to the page: none fires once it is gone.)
        QTimer.singleShot(60, self, lambda: self._prefetch() if self.isVisible() else None)
        QTimer.singleShot(
            250,
            self,
            lambda: self.want_checks() if self.shown_key == key and self.isVisible() else None,
        )

    def _apply(self, key: tuple[str, date, date], result: CalendarRange) -> None:
        self.loading.setText("")
        if key != self.shown_key:
            self.state.checks = self.checks.get(key)
        self.shown_key = key
        state = self.state
        state.data = result
        state.days = self.days()
        for webinar_id, moved in list(state.pending.items()):
            now = next((w for w in result.webinars if w.id == webinar_id), None)
            if now is None or (now.start, now.duration_minutes) == (
                moved.start,
                moved.duration_minutes,
            ):
                del state.pending[webinar_id]
        if self.view == "week":
            self.week.set_days(state.days[0])
        elif self.view == "month":
            self.month.set_month(self.state.anchor)
        else:
            self.agenda_model.reload()
            self._select_in_agenda()
        self._show_zone()

    def _prefetch(self) -> None:
        """Read the next range ahead, then the previous one (a newer range asked for ends it)."""
        keys = [self.key(anchor=self._stepped(step)) for step in (1, -1)]
        missing = [(key, self._range_reader(key)) for key in keys if key not in self.cache]

        def read(pause: Callable[[], None]) -> list[tuple[tuple[str, date, date], Any]]:
            return [(key, reader(pause)) for key, reader in missing]

        def done(results: list[tuple[tuple[str, date, date], CalendarRange]]) -> None:
            for key, result in results:
                self._remember(key, result)

        if missing:
            self._read("ahead", read, done)

    def _stepped(self, step: int) -> date:
        anchor = self.state.anchor
        if self.view == "week":
            return anchor + timedelta(days=7 * step)
        target = add_months(anchor, step)
        last = (add_months(target, 1) - timedelta(days=1)).day
        return target.replace(day=min(anchor.day, last))

    def _on_changes(self, changes: Changes) -> None:
        if changes.ids(RecordType.WEBINAR) or changes.ids("speaker"):
            if self.isVisible():
                self.refresh()
            else:  # read again when shown: a hidden page reads nothing
                self.cache.clear()
                self.checks.clear()
                self.state.checks = None
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.request()

    def refresh(self) -> None:
        """Forget the ranges read and read the one shown again (it stays on screen meanwhile)."""
        self.cache.clear()
        self.checks.clear()
        self.state.checks = None
        self.request()

    # -- navigation ----------------------------------------------------------------------------

    def step(self, step: int) -> None:
        """The previous (-1) or next (+1) week or month; the selection keeps its weekday or
        day of the month."""
        anchor = self._stepped(step)
        self.state.anchor = anchor
        self.state.selected_day = anchor
        self.state.selected_id = None
        self.request()

    def go_today(self) -> None:
        self.go_to(self.state.today())

    def go_to(self, day: date) -> None:
        """Show the range holding ``day``, with ``day`` selected."""
        self.state.anchor = day
        self.state.selected_day = day
        self.state.selected_id = None
        self.request()

    def set_view(self, view: str) -> None:
        if view not in VIEWS:
            return
        self.view = view
        self.state.anchor = self.state.selected_day
        self.view_button[view].setChecked(True)
        self.stack.setCurrentWidget({"week": self.week, "month": self.month}.get(view, self.agenda))
        shown = self.stack.currentWidget()
        if shown is not None:
            shown.setFocus()
        self.request()

    def _edge(self, direction: int) -> None:
        # The selection left the range: show the range it is in now.
        self.state.anchor = self.state.selected_day
        self.request()

    def set_zone(self, zone: str) -> None:
        """Show every time in ``zone`` (an IANA name); a name that is no zone is said so."""
        try:
            ZoneInfo(zone)
        except (ValueError, KeyError, OSError):
            self.say(
                tr("“{zone}” is not a time zone; pick one from the list.").format(zone=zone),
                "error",
            )
            self.zone_box.set_zone(self.state.zone_name)
            return
        self.state.zone_name, self.state.zone = zone, ZoneInfo(zone)
        self.zone_box.set_zone(zone)
        self.my_zone_button.setChecked(zone == self.my_zone)
        self._show_zone()
        self.request()

    def _zone_typed(self) -> None:
        text = self.zone_box.currentText().strip()
        if text and text != self.state.zone_name:
            self.set_zone(text)

    def _show_title(self) -> None:
        days = self.days()
        if self.view == "week":
            first, last = days[0], days[-1]
            if first.month == last.month:
                text = tr("{first} – {last} {month} {year}").format(
                    first=first.day, last=last.day, month=month_name(last.month), year=last.year
                )
            else:
                text = tr("{first} {first_month} – {last} {last_month} {year}").format(
                    first=first.day,
                    first_month=month_name(first.month),
                    last=last.day,
                    last_month=month_name(last.month),
                    year=last.year,
                )
        else:
            anchor = self.state.anchor
            text = f"{month_name(anchor.month)} {anchor.year}"
        self.title.setText(text)

    def _show_zone(self) -> None:
        # The offsets of the range shown (CEST in a summer week), not of today.
        days = self.state.days or self.days()
        now = midnight(days[len(days) // 2], self.state.zone) + timedelta(hours=12)
        shown = self.state.zone_name
        text = tr("Times shown in {zone} ({details}).").format(
            zone=shown, details=zone_label(shown, now)
        )
        if shown != self.my_zone:
            text += " " + tr("Your zone: {zone} ({details}).").format(
                zone=self.my_zone, details=zone_label(self.my_zone, now)
            )
        text += " " + tr("A webinar in another zone also shows its own time.")
        self.zone_note.setText(text)
        self.make_mine_button.setVisible(shown != self.my_zone)

    def make_my_zone(self) -> None:
        """The zone shown becomes the coordinator's (kept in the settings)."""
        self.my_zone = self.state.zone_name
        self.context.settings.coordinator_zone = self.my_zone
        self.my_zone_button.setChecked(True)
        self.my_zone_button.setToolTip(
            tr("Show times in your zone ({zone})").format(zone=self.my_zone)
        )
        self._show_zone()

    # -- selection -----------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        if self.view == "agenda":
            self._select_in_agenda()
        # What a screen reader says of the calendar: the selected webinar, or the day.
        state = self.state
        webinar = state.webinar(state.selected_id)
        if webinar is not None:
            text = describe(webinar, state.zone, state.names())
        else:
            day = state.selected_day
            count = len(state.on_day(day))
            text = tr("{day}: %n webinar(s)", "", count).format(day=day.isoformat())
        for view in (self.week, self.month):
            view.setAccessibleDescription(text)

    def _select_in_agenda(self) -> None:
        row = self.agenda_model.row_of(self.state.selected_id)
        if row >= 0:
            index = self.agenda_model.index(row, 0)
            if self.agenda.currentIndex() != index:
                self.agenda.setCurrentIndex(index)

    def _agenda_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        webinar_id = current.data(AgendaModel.WebinarIdRole)
        day = current.data(AgendaModel.DayRole)
        if day is not None and (webinar_id, day) != (
            self.state.selected_id,
            self.state.selected_day,
        ):
            self.state.selected_day, self.state.selected_id = day, webinar_id

    def _agenda_activated(self, index: QModelIndex) -> None:
        webinar_id = index.data(AgendaModel.WebinarIdRole)
        if webinar_id:
            self.open_form(webinar_id, None)
        else:
            day = index.data(AgendaModel.DayRole)
            self.open_form(None, midnight(day, self.state.zone) + timedelta(hours=9))

    # -- opening the form ----------------------------------------------------------------------

    def open_form(self, webinar_id: str | None, start: datetime | None) -> QWidget | None:
        """Open the webinar form on ``webinar_id``, or on a new webinar starting at ``start``.

        The form lives in ``form.py`` and is loaded on first use; when it cannot be loaded,
        nothing opens (the request is still noted in ``form_requests``)."""
        self.form_requests.append((webinar_id, start))
        try:
            from studio.editors.webinar import form
        except Exception:
            log.exception("the webinar form could not be loaded")
            return None
        opener = getattr(form, "open_form", None)
        if opener is None:
            return None
        result: QWidget | None = opener(self.context, self, webinar_id, start)
        return result

    # -- moving --------------------------------------------------------------------------------

    def ask_series_scope(self, webinar: schedule.Webinar) -> bool | None:
        """Move only this occurrence (False), the whole series (True), or nothing (None)."""
        box = QMessageBox(self)
        box.setWindowTitle(tr("Move a webinar of a series"))
        box.setText(tr("“{title}” is one of a series.").format(title=webinar.title))
        box.setInformativeText(
            tr("Move only this occurrence, or every occurrence of the series by as much?")
        )
        only = box.addButton(tr("Only this one"), QMessageBox.ButtonRole.AcceptRole)
        whole = box.addButton(tr("The whole series"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(only)
        box.setObjectName("series-question")
        box.exec()
        clicked = box.clickedButton()
        if clicked is only:
            return False
        if clicked is whole:
            return True
        return None

    def drop(self, webinar_id: str, start: datetime, minutes: int) -> None:
        """Save a drop: the webinar (or its series, if the user says so) at ``start``."""
        webinar = self.state.webinar(webinar_id)
        if webinar is None:
            return
        whole = False
        if webinar.series_id:
            answer = self.ask_series_scope(webinar)
            if answer is None:
                self.state.changed.emit()
                return
            whole = answer
        self.state.pending[webinar_id] = replace(webinar.moved_to(start), duration_minutes=minutes)
        self.state.changed.emit()
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: move_webinar(workspace, webinar_id, start, minutes, whole_series=whole),
            self._moved,
            lambda exc: self._move_failed(webinar_id, exc),
            what="moving a webinar",
        )

    def _moved(self, moved: Moved) -> None:
        if not moved.after:
            return
        self.undo_stack.append(moved)
        self.redo_stack.clear()
        self._report(moved, tr("Moved"))

    def _report(self, moved: Moved, verb: str) -> None:
        first = moved.after[0]
        webinar = self.state.webinar(first.webinar_id)
        title = webinar.title if webinar else ""
        own = datetime.fromisoformat(first.starts_at)
        instant = own.replace(tzinfo=ZoneInfo(first.zone), fold=first.fold)
        shown = instant.astimezone(self.state.zone)
        text = tr("{verb} “{title}”: {day} {time} here ({own} {zone}), {minutes} min.").format(
            verb=verb,
            title=title,
            day=shown.date().isoformat(),
            time=hhmm(shown),
            own=hhmm(own),
            zone=first.zone,
            minutes=first.duration_minutes,
        )
        if len(moved.after) > 1:
            text += " " + tr("{count} occurrences of the series moved.").format(
                count=len(moved.after)
            )
        text += " " + tr("Ctrl+Z undoes it.")
        level = "info"
        if moved.warnings:
            text += " " + " ".join(
                tr("Warning: {rule}. {message}").format(rule=rule_name(f.rule), message=f.message)
                for f in moved.warnings
            )
            level = "warning"
        self.say(text, level)

    def _move_failed(self, webinar_id: str, exc: BaseException) -> None:
        self.state.pending.pop(webinar_id, None)
        self.state.changed.emit()
        if isinstance(exc, OperationError):
            self.say(tr("Not moved: {why}").format(why=str(exc)), "error")
        else:
            self.say(tr("Not moved: {why}").format(why=describe_error(exc)), "error")

    def undo(self) -> None:
        if not self.undo_stack:
            self.say(tr("Nothing to undo."), "info")
            return
        moved = self.undo_stack.pop()
        self._replace(moved.before, lambda done: self._undone(moved, done))

    def redo(self) -> None:
        if not self.redo_stack:
            return
        moved = self.redo_stack.pop()
        self._replace(moved.after, lambda done: self._redone(done))

    def _replace(self, placements: Any, on_done: Any) -> None:
        workspace = self.context.workspace
        self.context.tasks.write(
            lambda: place(workspace, placements),
            on_done,
            lambda exc: self.say(tr("Not undone: {why}").format(why=str(exc)), "error"),
            what="undoing a move",
        )

    def _undone(self, moved: Moved, done: Moved) -> None:
        self.redo_stack.append(moved)
        if done.after:
            self._report(done, tr("Put back"))

    def _redone(self, done: Moved) -> None:
        self.undo_stack.append(done)
        if done.after:
            self._report(done, tr("Moved"))

    # -- messages ------------------------------------------------------------------------------

    def say(self, text: str, level: str = "info") -> None:
        colours = {
            "info": ("#1e3a8a", "#dbeafe"),
            "warning": ("#7c2d12", "#ffedd5"),
            "error": ("#7f1d1d", "#fee2e2"),
        }
        fg, bg = colours.get(level, colours["info"])
        self.banner.setStyleSheet(
            f"QLabel#calendar-banner {{ color: {fg}; background: {bg}; padding: 6px; "
            "border-radius: 4px; }"
        )
        self.banner.setProperty("level", level)
        self.banner.setText(text)
        self.banner.show()

    def flush(self) -> None:
        """Nothing is held unsaved here: drops are saved as they happen."""
