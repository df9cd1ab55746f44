"""The calendar's views: week and month painted from the range's webinars (no widget per
webinar), and the agenda as a list model.

Every time is shown in the zone the page shows (the coordinator's, or one picked), and a block
whose own wall time or zone abbreviation differs also shows that ("10:00–11:00 · 03:00 EST").
Blocks are dragged to move and their bottom edge to resize; while dragging, the rules of
``schedule.Calendar.check`` run against the range's calendar at each step and the ghost turns
red (a rule that blocks) or amber (a warning), its tooltip naming the rule and the other webinar.
The views only say what the user asked (``drop_requested``, ``open_requested``); the page saves.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractListModel,
    QLineF,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from studio.domain import schedule
from studio.domain.records import WebinarStatus
from studio.editors.webinar.timegrid import (
    WeekAxis,
    lanes,
    midnight,
    month_grid_start,
    week_start,
)
from studio.store.webinar_calendar import CalendarRange
from studio.ui.i18n import tr

STATUS_COLOURS: dict[str, QColor] = {
    WebinarStatus.SCHEDULED: QColor(37, 99, 235),
    WebinarStatus.LIVE: QColor(22, 163, 74),
    WebinarStatus.DRAFT: QColor(120, 126, 138),
    WebinarStatus.DONE: QColor(71, 85, 105),
    WebinarStatus.CANCELLED: QColor(160, 164, 170),
}
BLOCKING = QColor(220, 38, 38)
WARNING = QColor(217, 119, 6)
TODAY = QColor(234, 67, 53)
SNAP_MINUTES = 15
LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT_MIDDLE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def solid(colour: QColor, alpha: int, under: QColor) -> QColor:
    """``colour`` at ``alpha`` (0-255) over ``under``, as one opaque colour: the raster engine
    fills an opaque rectangle many times faster than a translucent one."""
    a = alpha / 255
    return QColor(
        round(colour.red() * a + under.red() * (1 - a)),
        round(colour.green() * a + under.green() * (1 - a)),
        round(colour.blue() * a + under.blue() * (1 - a)),
    )


def status_name(status: str) -> str:
    names: dict[str, str] = {
        WebinarStatus.DRAFT: tr("draft"),
        WebinarStatus.SCHEDULED: tr("scheduled"),
        WebinarStatus.LIVE: tr("live"),
        WebinarStatus.DONE: tr("done"),
        WebinarStatus.CANCELLED: tr("cancelled"),
    }
    return names.get(status, status)


def rule_name(rule: schedule.Rule) -> str:
    names = {
        schedule.Rule.DOUBLE_BOOKED: tr("Speaker booked twice"),
        schedule.Rule.HOST_OVERLAP: tr("Host in two webinars at once"),
        schedule.Rule.UNAVAILABLE: tr("Outside a speaker's availability"),
        schedule.Rule.TOO_CLOSE: tr("Too little time between sessions"),
    }
    return names.get(rule, str(rule))


def hhmm(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def abbreviation(moment: datetime) -> str:
    name = moment.tzname() or ""
    if name[:1] in "+-":  # zones without a letter abbreviation: "+08" reads as UTC+08
        name = f"UTC{name}"
    return name


def times_text(webinar: schedule.Webinar, zone: ZoneInfo) -> tuple[str, str]:
    """("10:00–11:00" in the shown zone, "03:00 EST" in the event's own zone or "" when the
    event's wall time and abbreviation are the ones shown)."""
    shown = webinar.start.astimezone(zone)
    end = webinar.end.astimezone(zone)
    own = webinar.start.astimezone(ZoneInfo(webinar.zone))
    here = f"{hhmm(shown)}–{hhmm(end)}"
    if (hhmm(own), abbreviation(own)) == (hhmm(shown), abbreviation(shown)):
        return here, ""
    return here, f"{hhmm(own)} {abbreviation(own)}"


def describe(
    webinar: schedule.Webinar, zone: ZoneInfo, names: Mapping[str, str] | None = None
) -> str:
    """A webinar's tooltip: title, times in both zones, status, people."""
    shown = webinar.start.astimezone(zone)
    own = webinar.start.astimezone(ZoneInfo(webinar.zone))
    lines = [
        webinar.title,
        tr("{date} {start}–{end} {abbr} (shown zone)").format(
            date=shown.date().isoformat(),
            start=hhmm(shown),
            end=hhmm(webinar.end.astimezone(zone)),
            abbr=abbreviation(shown),
        ),
        tr("{date} {start} {abbr} in {zone} (the webinar's zone)").format(
            date=own.date().isoformat(), start=hhmm(own), abbr=abbreviation(own), zone=webinar.zone
        ),
        tr("{minutes} min · {status}").format(
            minutes=webinar.duration_minutes, status=status_name(webinar.status)
        ),
    ]
    if webinar.series_id:
        lines.append(tr("Part of a series"))
    people = [(names or {}).get(p, p) for p in (*webinar.host_ids, *webinar.speaker_ids)]
    if people:
        lines.append(tr("With: {names}").format(names=", ".join(people)))
    return "\n".join(lines)


def findings_text(findings: list[schedule.Finding]) -> str:
    return "\n".join(
        f"{tr('Blocks') if f.blocks else tr('Warning')}: {rule_name(f.rule)}. {f.message}"
        for f in findings
    )


class CalendarState(QObject):
    """What the views share: the zone shown, the range's data, today, the selection."""

    changed = Signal()

    def __init__(self, zone: str) -> None:
        super().__init__()
        self.zone_name = zone
        self.zone = ZoneInfo(zone)
        self.data: CalendarRange | None = None
        self.days: list[date] = []
        self.anchor = datetime.now(self.zone).date()
        self.selected_day = self.anchor
        self.selected_id: str | None = None
        #: Webinars whose move is being saved: shown where they were dropped meanwhile.
        self.pending: dict[str, schedule.Webinar] = {}
        #: Why this account may not move webinars ("" when it may): a drag says so.
        self.read_only = ""
        #: The rules' calendar around the range shown, once read (None until then).
        self.checks: schedule.Calendar | None = None
        #: Set while the UI thread is not painting: background reads wait on it between
        #: batches, so a paint never shares the interpreter with them.
        self.idle = threading.Event()
        self.idle.set()

    def names(self) -> Mapping[str, str]:
        return self.data.names if self.data is not None else {}

    def today(self) -> date:
        return datetime.now(self.zone).date()

    def webinars(self) -> list[schedule.Webinar]:
        if self.data is None:
            return []
        shown = [self.pending.get(w.id, w) for w in self.data.webinars]
        return sorted(shown, key=lambda w: (w.start, w.id))

    def webinar(self, webinar_id: str | None) -> schedule.Webinar | None:
        for w in self.webinars():
            if w.id == webinar_id:
                return w
        return None

    def day_of(self, webinar: schedule.Webinar) -> date:
        return webinar.start.astimezone(self.zone).date()

    def on_day(self, day: date) -> list[schedule.Webinar]:
        return [w for w in self.webinars() if self.day_of(w) == day]

    def select(self, day: date, webinar_id: str | None) -> None:
        self.selected_day, self.selected_id = day, webinar_id
        self.changed.emit()


@dataclass
class Drag:
    """A block being moved or resized."""

    webinar: schedule.Webinar
    resize: bool
    press: QPoint
    grab: float  # rows (week) between the block's top and the press
    active: bool = False
    last: QPoint = field(default_factory=QPoint)
    candidate: schedule.Webinar | None = None
    findings: tuple[schedule.Finding, ...] = ()
    invalid: str = ""

    def severity(self) -> QColor | None:
        if self.invalid or any(f.blocks for f in self.findings):
            return BLOCKING
        if self.findings:
            return WARNING
        return None


@dataclass(frozen=True)
class BlockFonts:
    key: str
    title: QFont
    struck: QFont
    small: QFont
    title_metrics: QFontMetrics
    small_metrics: QFontMetrics

    @classmethod
    def of(cls, font: QFont) -> BlockFonts:
        title = QFont(font)
        title.setBold(True)
        struck = QFont(title)
        struck.setStrikeOut(True)
        small = QFont(font)
        small.setPointSizeF(max(6.5, font.pointSizeF() * 0.88))
        return cls(font.key(), title, struck, small, QFontMetrics(title), QFontMetrics(small))


class CalendarView(QAbstractScrollArea):
    """What the week and month views share: the state, selection keys, drag and drop."""

    #: a block was pressed: the rules' calendar is wanted for the checks while dragging
    checks_wanted = Signal()

    #: (webinar id or None, start or None): open the form on a webinar, or a new one at start
    open_requested = Signal(object, object)
    #: (webinar id, new start instant, duration in minutes)
    drop_requested = Signal(str, object, int)
    #: a drop the rules refuse, or onto no time: the sentence to show
    refused = Signal(str)
    #: the selection moved past the range's edge: -1 earlier, +1 later
    edge = Signal(int)

    def __init__(self, state: CalendarState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.drag: Drag | None = None
        self._fonts: BlockFonts | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.setAccessibleName(tr("Calendar"))
        state.changed.connect(self.relayout)

    # -- to be given by each view --------------------------------------------------------------

    def relayout(self) -> None:
        self.viewport().update()

    def block_at(self, point: QPoint) -> tuple[schedule.Webinar, QRectF] | None:
        raise NotImplementedError

    def target(self, point: QPoint, drag: Drag) -> tuple[datetime, int] | str:
        """Where the drag would put the webinar: (start, minutes), or why nowhere."""
        raise NotImplementedError

    def slot_at(self, point: QPoint) -> datetime | None:
        raise NotImplementedError

    # -- colours -------------------------------------------------------------------------------

    def dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def fill(self, colour: QColor, strong: bool = False) -> QColor:
        base = self.palette().color(QPalette.ColorRole.Base)
        return solid(colour, 235 if strong else (90 if self.dark() else 48), base)

    def paint_block(
        self,
        painter: QPainter,
        rect: QRectF,
        webinar: schedule.Webinar,
        *,
        selected: bool,
        ghost: QColor | None = None,
        faded: bool = False,
        compact: bool = False,
    ) -> None:
        colour = ghost or STATUS_COLOURS.get(webinar.status, STATUS_COLOURS["scheduled"])
        if faded:
            painter.save()
            painter.setOpacity(0.35)
        # Opaque fills, no antialiasing: a busy week paints in a few milliseconds.
        painter.fillRect(rect, self.fill(colour, strong=selected and ghost is None))
        painter.fillRect(QRectF(rect.left(), rect.top(), 4, rect.height()), colour)
        if ghost is not None or webinar.status == WebinarStatus.DRAFT:
            pen = QPen(colour, 1, Qt.PenStyle.DashLine if ghost is None else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(0.5, 0.5, -1, -1))
        if selected:
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        text_colour = (
            QColor(255, 255, 255)
            if selected and ghost is None
            else self.palette().color(QPalette.ColorRole.Text)
        )
        painter.setPen(text_colour)
        here, own = times_text(webinar, self.state.zone)
        inner = rect.adjusted(8, 2, -4, -2)
        fonts = self.fonts()
        title_font = fonts.struck if webinar.cancelled else fonts.title
        small = fonts.small
        line = fonts.title_metrics.height()
        small_height = fonts.small_metrics.height()
        clipped = rect.height() < line
        if clipped:  # a very short block: its one line must not spill over the next
            painter.save()
            painter.setClipRect(rect)
        if compact or inner.height() < line + small_height - 2:
            start = here.split("–")[0]
            room = inner.width()
            own_width = fonts.small_metrics.horizontalAdvance(own) + 6 if own else 0
            if own and room >= own_width + 90:  # its own time at the right, when it fits
                painter.setFont(small)
                painter.drawText(inner, RIGHT_MIDDLE, own)
                room -= own_width
            painter.setFont(title_font)
            elided = fonts.title_metrics.elidedText(
                f"{start}  {webinar.title}", Qt.TextElideMode.ElideRight, int(room)
            )
            painter.drawText(inner, LEFT_MIDDLE, elided)
        else:
            painter.setFont(title_font)
            metrics = fonts.title_metrics
            painter.drawText(
                QRectF(inner.left(), inner.top(), inner.width(), line),
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(webinar.title, Qt.TextElideMode.ElideRight, int(inner.width())),
            )
            painter.setFont(small)
            small_metrics = fonts.small_metrics
            y = inner.top() + line
            texts = [here, own and tr("{time} in its zone").format(time=own)]
            if own and inner.height() < line + 2 * small_height:  # room for one line of times
                texts = [f"{here} · {own}"]
            for text in texts:
                if not text or y + small_metrics.height() > inner.bottom() + 2:
                    break
                painter.drawText(
                    QRectF(inner.left(), y, inner.width(), small_metrics.height()),
                    Qt.AlignmentFlag.AlignLeft,
                    small_metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width())),
                )
                y += small_metrics.height()
        if clipped:
            painter.restore()
        if faded:
            painter.restore()

    def paint(self) -> None:
        raise NotImplementedError

    def fonts(self) -> BlockFonts:
        """The fonts of the blocks, made once for the widget's font."""
        key = self.font().key()
        if self._fonts is None or self._fonts.key != key:
            self._fonts = BlockFonts.of(self.font())
        return self._fonts

    def paintEvent(self, event: QPaintEvent) -> None:
        # Background reads of the calendar wait while this runs (see CalendarState.idle).
        self.state.idle.clear()
        try:
            self.paint()
        finally:
            self.state.idle.set()

    # -- mouse ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus()
        point = event.position().toPoint()
        hit = self.block_at(point)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if hit is None:
            day = self.day_at(point)
            if day is not None:
                self.state.select(day, None)
            return
        webinar, rect = hit
        if self.state.checks is None:
            self.checks_wanted.emit()
        self.state.select(self.state.day_of(webinar), webinar.id)
        resize = self.resizable() and point.y() >= rect.bottom() - 6
        self.drag = Drag(webinar, resize, point, self.grab_of(point, rect))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        drag = self.drag
        if drag is None:
            hit = self.block_at(point)
            near_edge = hit is not None and self.resizable() and point.y() >= hit[1].bottom() - 6
            self.viewport().setCursor(
                Qt.CursorShape.SizeVerCursor if near_edge else Qt.CursorShape.ArrowCursor
            )
            return
        if not drag.active:
            if (point - drag.press).manhattanLength() < QApplication.startDragDistance():
                return
            drag.active = True
        self.update_drag(point)

    def update_drag(self, point: QPoint | None = None) -> None:
        """Move the ghost to ``point`` (default: where it is) and run the rules there."""
        drag = self.drag
        if drag is None or not drag.active:
            return
        if point is None:
            point = drag.last
        drag.last = point
        aim = self.state.read_only or self.target(point, drag)
        if isinstance(aim, str):
            drag.invalid, drag.findings = aim, ()
        else:
            start, minutes = aim
            candidate = replace(drag.webinar.moved_to(start), duration_minutes=minutes)
            drag.candidate, drag.invalid = candidate, ""
            checks = self.state.checks
            drag.findings = tuple(checks.check(candidate, suggest=False)) if checks else ()
        self.viewport().update()
        tip = drag.invalid or findings_text(list(drag.findings))
        if tip:
            QToolTip.showText(self.viewport().mapToGlobal(point), tip, self.viewport())
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self.drag = self.drag, None
        QToolTip.hideText()
        self.viewport().update()
        if drag is None or not drag.active:
            return
        if drag.invalid:
            self.refused.emit(drag.invalid)
            return
        candidate = drag.candidate
        if candidate is None:
            return
        self.propose(drag.webinar, candidate, drag.findings)

    def propose(
        self,
        webinar: schedule.Webinar,
        candidate: schedule.Webinar,
        findings: tuple[schedule.Finding, ...] | None = None,
    ) -> None:
        """Ask for ``webinar`` to become ``candidate`` (moved or resized), unless a rule that
        blocks refuses it (``findings``: already checked; None: check now, if the rules' calendar
        is here — the save checks again in any case)."""
        if findings is None:
            checks = self.state.checks
            findings = tuple(checks.check(candidate, suggest=False)) if checks else ()
        blocking = [f for f in findings if f.blocks]
        if blocking:
            self.refused.emit(
                tr("“{title}” was not moved: {rule}. {message}").format(
                    title=webinar.title,
                    rule=rule_name(blocking[0].rule),
                    message=blocking[0].message,
                )
            )
            return
        if (candidate.start, candidate.duration_minutes) == (
            webinar.start,
            webinar.duration_minutes,
        ):
            return
        self.drop_requested.emit(webinar.id, candidate.start, candidate.duration_minutes)

    def nudge(self, key: int) -> None:
        """Shift+arrows: the selected webinar 15 minutes earlier or later (↑/↓), or a day
        earlier or later at the same time in the zone shown (←/→)."""
        state = self.state
        webinar = state.webinar(state.selected_id)
        if webinar is None:
            return
        if state.read_only:
            self.refused.emit(state.read_only)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = timedelta(minutes=SNAP_MINUTES if key == Qt.Key.Key_Down else -SNAP_MINUTES)
            start = webinar.start + step
        else:
            shown = webinar.start.astimezone(state.zone)
            days = 1 if key == Qt.Key.Key_Right else -1
            wall = datetime.combine(shown.date() + timedelta(days=days), shown.time())
            start = wall.replace(tzinfo=state.zone, fold=shown.fold).astimezone(UTC)
            if start.astimezone(state.zone).replace(tzinfo=None) != wall:
                self.refused.emit(tr("That hour does not exist on this day (the clocks change)."))
                return
        self.propose(webinar, webinar.moved_to(start))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        hit = self.block_at(point)
        if hit is not None:
            self.open_requested.emit(hit[0].id, None)
            return
        start = self.slot_at(point)
        if start is not None:
            self.open_requested.emit(None, start)

    def viewportEvent(self, event: Any) -> bool:
        if isinstance(event, QHelpEvent) and self.drag is None:
            hit = self.block_at(event.pos())
            if hit is None:
                QToolTip.hideText()
            else:
                text = describe(hit[0], self.state.zone, self.state.names())
                QToolTip.showText(event.globalPos(), text, self.viewport())
            return True
        return super().viewportEvent(event)

    def resizable(self) -> bool:
        return False

    def grab_of(self, point: QPoint, rect: QRectF) -> float:
        return 0.0

    def day_at(self, point: QPoint) -> date | None:
        return None

    # -- keys ----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not (
            event.modifiers()
            & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier)
        )
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_selected()
            return
        if key == Qt.Key.Key_Escape and self.drag is not None:
            self.drag = None
            QToolTip.hideText()
            self.viewport().update()
            return
        arrows = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
        if plain and key in arrows and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.nudge(key)
            return
        if plain and key in arrows:
            self.arrow(key)
            return
        super().keyPressEvent(event)

    def open_selected(self) -> None:
        state = self.state
        if state.selected_id is not None and state.webinar(state.selected_id) is not None:
            self.open_requested.emit(state.selected_id, None)
            return
        start = datetime.combine(state.selected_day, datetime.min.time().replace(hour=9))
        self.open_requested.emit(None, start.replace(tzinfo=state.zone).astimezone(UTC))

    def move_day(self, days: int) -> None:
        state = self.state
        day = state.selected_day + timedelta(days=days)
        events = state.on_day(day)
        state.select(day, events[0].id if events else None)
        if state.days and not state.days[0] <= day <= state.days[-1]:
            self.edge.emit(1 if days > 0 else -1)

    def step_event(self, step: int) -> bool:
        """Select the next (+1) or previous (-1) webinar of the selected day; False at its end."""
        state = self.state
        events = state.on_day(state.selected_day)
        ids = [w.id for w in events]
        if not ids:
            return False
        if state.selected_id not in ids:
            state.select(state.selected_day, ids[0 if step > 0 else -1])
            return True
        at = ids.index(state.selected_id) + step
        if not 0 <= at < len(ids):
            return False
        state.select(state.selected_day, ids[at])
        return True

    def arrow(self, key: int) -> None:
        raise NotImplementedError


# -- the week ------------------------------------------------------------------------------------


@dataclass
class Placed:
    webinar: schedule.Webinar
    column: int
    top: float  # rows
    bottom: float
    lane: int = 0
    lanes: int = 1


class WeekView(CalendarView):
    """Seven day columns under an hour grid in the shown zone (23 or 25 hours on a DST day)."""

    HEADER = 46
    GUTTER = 58
    ROW = 44

    def __init__(self, state: CalendarState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("week-view")
        self.axis: WeekAxis | None = None
        self.placed: list[Placed] = []
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scrolled_to: tuple[date, str] | None = None

    def set_days(self, first: date) -> None:
        days = [first + timedelta(days=i) for i in range(7)]
        self.axis = WeekAxis(days, self.state.zone)
        self.relayout()

    def relayout(self) -> None:
        axis = self.axis
        self.placed = []
        if axis is not None:
            if axis.zone is not self.state.zone:
                self.axis = axis = WeekAxis(axis.days, self.state.zone)
            by_column: dict[int, list[Placed]] = {}
            for w in self.state.webinars():
                for column in range(7):
                    if w.end <= axis.starts[column] or w.start >= axis.ends[column]:
                        continue
                    top = axis.position(column, w.start)
                    bottom = max(axis.position(column, w.end), top + 0.25)
                    by_column.setdefault(column, []).append(Placed(w, column, top, bottom))
            for items in by_column.values():
                items.sort(key=lambda p: (p.top, -p.bottom))
                for p, lane in zip(items, lanes([(p.top, p.bottom) for p in items]), strict=True):
                    p.lane, p.lanes = lane.index, lane.count
                self.placed.extend(items)
        self._update_scroll()
        self.viewport().update()

    def _update_scroll(self) -> None:
        rows = len(self.axis) if self.axis else 24
        visible = self.viewport().height() - self.HEADER
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, rows * self.ROW - visible))
        bar.setPageStep(max(1, visible))
        bar.setSingleStep(self.ROW // 2)
        if self.axis is not None and self._scrolled_to != (self.axis.days[0], str(self.axis.zone)):
            # A new week opens on its first webinar, or at the working day's start.
            self._scrolled_to = (self.axis.days[0], str(self.axis.zone))
            starts = [p.top for p in self.placed if p.webinar.start >= self.axis.starts[p.column]]
            first = min(starts, default=7.5)
            bar.setValue(int(self.ROW * max(0.0, min(first - 0.5, 7.5))))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scroll()

    def wheelEvent(self, event: QWheelEvent) -> None:
        super().wheelEvent(event)
        self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    # geometry
    def column_width(self) -> float:
        return (self.viewport().width() - self.GUTTER) / 7

    def y_of(self, rows: float) -> float:
        return self.HEADER + rows * self.ROW - self.verticalScrollBar().value()

    def rows_at(self, y: float) -> float:
        return (y - self.HEADER + self.verticalScrollBar().value()) / self.ROW

    def column_at(self, x: float) -> int:
        return max(0, min(6, int((x - self.GUTTER) // self.column_width())))

    def rect_of(self, p: Placed) -> QRectF:
        width = self.column_width()
        lane_width = (width - 6) / p.lanes
        left = self.GUTTER + p.column * width + 1 + p.lane * lane_width
        top = self.y_of(p.top)
        return QRectF(left, top + 1, lane_width - 1, self.y_of(p.bottom) - top - 2)

    def block_at(self, point: QPoint) -> tuple[schedule.Webinar, QRectF] | None:
        if point.y() < self.HEADER:
            return None
        for p in reversed(self.placed):
            rect = self.rect_of(p)
            if rect.contains(QPointF(point)):
                return p.webinar, rect
        return None

    def resizable(self) -> bool:
        return True

    def grab_of(self, point: QPoint, rect: QRectF) -> float:
        return (point.y() - rect.top()) / self.ROW

    def day_at(self, point: QPoint) -> date | None:
        if self.axis is None or point.x() < self.GUTTER:
            return None
        return self.axis.days[self.column_at(point.x())]

    def slot_at(self, point: QPoint) -> datetime | None:
        if self.axis is None or point.y() < self.HEADER or point.x() < self.GUTTER:
            return None
        rows = self.rows_at(point.y())
        return self.axis.instant_at(self.column_at(point.x()), int(rows * 2) / 2)

    def target(self, point: QPoint, drag: Drag) -> tuple[datetime, int] | str:
        axis = self.axis
        if axis is None:
            return tr("The calendar is still loading.")
        snap = SNAP_MINUTES / 60
        w = drag.webinar
        if drag.resize:
            column = axis.column_of(w.start)
            if column is None:
                return tr("Resize the webinar in the week where it starts.")
            rows = round(self.rows_at(point.y()) / snap) * snap
            end = axis.instant_at(column, rows)
            if end is None:
                return tr("That hour does not exist on this day (the clocks change).")
            minutes = max(SNAP_MINUTES, round((end - w.start) / timedelta(minutes=1)))
            return w.start, minutes
        column = self.column_at(point.x())
        rows = round((self.rows_at(point.y()) - drag.grab) / snap) * snap
        rows = max(0.0, min(rows, len(axis) - snap))
        start = axis.instant_at(column, rows)
        if start is None:
            return tr("That hour does not exist on this day (the clocks change).")
        return start, w.duration_minutes

    def arrow(self, key: int) -> None:
        if key == Qt.Key.Key_Left:
            self.move_day(-1)
        elif key == Qt.Key.Key_Right:
            self.move_day(1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step_event(1 if key == Qt.Key.Key_Down else -1)
        self.ensure_selected_visible()

    def ensure_selected_visible(self) -> None:
        for p in self.placed:
            if p.webinar.id == self.state.selected_id:
                top, bottom = p.top * self.ROW, p.bottom * self.ROW
                bar = self.verticalScrollBar()
                visible = self.viewport().height() - self.HEADER
                if top < bar.value():
                    bar.setValue(int(top) - self.ROW // 2)
                elif bottom > bar.value() + visible:
                    bar.setValue(int(min(top, bottom - visible + self.ROW // 2)))
                return

    # painting
    def paint(self) -> None:
        painter = QPainter(self.viewport())
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        line = solid(text, 38, base)
        faint = solid(text, 16, base)
        muted = QColor(text)
        muted.setAlpha(150)
        painter.fillRect(self.viewport().rect(), base)
        axis = self.axis
        if axis is None:
            return
        width = self.column_width()
        height = self.viewport().height()
        today = self.state.today()
        rows = len(axis)
        # columns: weekend and today tinted, hatched hours that do not exist that day
        for column, day in enumerate(axis.days):
            x = self.GUTTER + column * width
            if day == today:
                tint = solid(TODAY, 16, base)
                painter.fillRect(QRectF(x, self.HEADER, width, height), tint)
            elif day.weekday() >= 5:
                painter.fillRect(QRectF(x, self.HEADER, width, height), solid(text, 9, base))
            for row in axis.empty_rows(column):
                rect = QRectF(x, self.y_of(row), width, self.ROW)
                painter.fillRect(rect, QBrush(line, Qt.BrushStyle.BDiagPattern))
        # the hour grid: lines in two calls, labels right of nothing
        label_font = QFont(self.font())
        label_font.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.85))
        painter.setFont(label_font)
        painter.setPen(muted)
        right = self.viewport().width()
        hours: list[QLineF] = []
        halves: list[QLineF] = []
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for index in range(rows + 1):
            y = self.y_of(index)
            if y < self.HEADER - 1 or y > height + self.ROW:
                continue
            hours.append(QLineF(self.GUTTER - 6, y, right, y))
            if index < rows:
                halves.append(QLineF(self.GUTTER, y + self.ROW / 2, right, y + self.ROW / 2))
                if index and y >= self.HEADER + 8:
                    hour, again = axis.label(index)
                    painter.drawText(
                        QRectF(0, y - 8, self.GUTTER - 10, 16), align, f"{hour:02d}:00"
                    )
                    if again:  # the hour the clocks go back to, a second time
                        painter.drawText(QRectF(0, y + 6, self.GUTTER - 10, 16), align, tr("again"))
        painter.setPen(QPen(faint, 1, Qt.PenStyle.DotLine))
        painter.drawLines(halves)
        painter.setPen(QPen(line, 1))
        hours += [
            QLineF(self.GUTTER + c * width, self.HEADER, self.GUTTER + c * width, height)
            for c in range(8)
        ]
        painter.drawLines(hours)
        # the blocks
        drag = self.drag if self.drag is not None and self.drag.active else None
        for p in self.placed:
            moving = drag is not None and drag.webinar.id == p.webinar.id
            rect = self.rect_of(p)
            if rect.bottom() < self.HEADER or rect.top() > height:
                continue
            self.paint_block(
                painter,
                rect,
                p.webinar,
                selected=p.webinar.id == self.state.selected_id and not moving,
                faded=moving,
            )
        if drag is not None and drag.candidate is not None and not drag.invalid:
            self._paint_ghost(painter, drag)
        # the current time
        now = datetime.now(UTC)
        today_column = axis.column_of(now)
        if today_column is not None:
            column = today_column
            y = self.y_of(axis.position(column, now))
            x = self.GUTTER + column * width
            painter.setPen(QPen(TODAY, 2))
            painter.drawLine(QPointF(x, y), QPointF(x + width, y))
            painter.setBrush(TODAY)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.drawEllipse(QPointF(x, y), 4, 4)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._paint_header(painter, width, today, text, muted, line)

    def _paint_ghost(self, painter: QPainter, drag: Drag) -> None:
        axis = self.axis
        candidate = drag.candidate
        assert axis is not None and candidate is not None
        colour = drag.severity() or STATUS_COLOURS.get(
            candidate.status, STATUS_COLOURS["scheduled"]
        )
        for column in range(7):
            if candidate.end <= axis.starts[column] or candidate.start >= axis.ends[column]:
                continue
            top = axis.position(column, candidate.start)
            bottom = max(axis.position(column, candidate.end), top + 0.25)
            rect = self.rect_of(Placed(candidate, column, top, bottom))
            self.paint_block(painter, rect, candidate, selected=False, ghost=colour)

    def _paint_header(
        self,
        painter: QPainter,
        width: float,
        today: date,
        text: QColor,
        muted: QColor,
        line: QColor,
    ) -> None:
        axis = self.axis
        assert axis is not None
        painter.fillRect(
            QRectF(0, 0, self.viewport().width(), self.HEADER),
            self.palette().color(QPalette.ColorRole.Base),
        )
        painter.setPen(QPen(line, 1))
        painter.drawLine(QPointF(0, self.HEADER), QPointF(self.viewport().width(), self.HEADER))
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.85))
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 1.35)
        for column, day in enumerate(axis.days):
            x = self.GUTTER + column * width
            is_today = day == today
            selected = day == self.state.selected_day and self.state.selected_id is None
            painter.setFont(small)
            painter.setPen(TODAY if is_today else muted)
            weekday = day_name(day)
            hours = axis.hours(column)
            if hours != 24:
                weekday = tr("{day} · {hours} h").format(day=weekday, hours=f"{hours:g}")
            painter.drawText(QRectF(x, 3, width, 16), Qt.AlignmentFlag.AlignHCenter, weekday)
            painter.setFont(big)
            number = str(day.day)
            metrics = QFontMetrics(big)
            circle = QRectF(0, 0, metrics.height() + 8, metrics.height() + 4)
            circle.moveCenter(QPointF(x + width / 2, 19 + circle.height() / 2))
            if is_today:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(TODAY)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.drawEllipse(circle)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                painter.setPen(QColor(255, 255, 255))
            else:
                painter.setPen(text)
            if selected:  # the selected day (no webinar selected): a bar under its date
                painter.fillRect(
                    QRectF(x + width * 0.3, self.HEADER - 4, width * 0.4, 3),
                    self.palette().color(QPalette.ColorRole.Highlight),
                )
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, number)
        painter.setFont(small)
        painter.setPen(muted)
        first, last = (
            abbreviation(moment.astimezone(self.state.zone)) for moment in axis.ends[::6]
        )
        zone = first if first == last else f"{first}/{last}"
        painter.drawText(
            QRectF(0, self.HEADER - 18, self.GUTTER - 4, 16),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            zone,
        )


def day_name(day: date) -> str:
    names = [tr("Mon"), tr("Tue"), tr("Wed"), tr("Thu"), tr("Fri"), tr("Sat"), tr("Sun")]
    return names[day.weekday()]


def month_name(month: int) -> str:
    names = [
        tr("January"),
        tr("February"),
        tr("March"),
        tr("April"),
        tr("May"),
        tr("June"),
        tr("July"),
        tr("August"),
        tr("September"),
        tr("October"),
        tr("November"),
        tr("December"),
    ]
    return names[month - 1]


# -- the month -----------------------------------------------------------------------------------


class MonthView(CalendarView):
    """Six weeks of day cells; each lists its webinars by start in the shown zone."""

    HEADER = 26
    LINE = 20

    def __init__(self, state: CalendarState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("month-view")
        self.first: date | None = None
        self.month = 1
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.by_day: dict[date, list[schedule.Webinar]] = {}
        self.chips: list[tuple[schedule.Webinar, QRectF]] = []

    def set_month(self, anchor: date) -> None:
        self.first = month_grid_start(anchor)
        self.month = anchor.month
        self.relayout()

    def relayout(self) -> None:
        self.by_day = {}
        for w in self.state.webinars():
            self.by_day.setdefault(self.state.day_of(w), []).append(w)
        self.viewport().update()

    def cell(self, index: int) -> QRectF:
        width = self.viewport().width() / 7
        height = (self.viewport().height() - self.HEADER) / 6
        row, column = divmod(index, 7)
        return QRectF(column * width, self.HEADER + row * height, width, height)

    def index_at(self, point: QPoint) -> int | None:
        if point.y() < self.HEADER:
            return None
        width = self.viewport().width() / 7
        height = (self.viewport().height() - self.HEADER) / 6
        column = max(0, min(6, int(point.x() // width)))
        row = max(0, min(5, int((point.y() - self.HEADER) // height)))
        return row * 7 + column

    def day_at(self, point: QPoint) -> date | None:
        index = self.index_at(point)
        if index is None or self.first is None:
            return None
        return self.first + timedelta(days=index)

    def slot_at(self, point: QPoint) -> datetime | None:
        day = self.day_at(point)
        if day is None:
            return None
        return midnight(day, self.state.zone) + timedelta(hours=9)

    def block_at(self, point: QPoint) -> tuple[schedule.Webinar, QRectF] | None:
        for webinar, rect in self.chips:
            if rect.contains(QPointF(point)):
                return webinar, rect
        return None

    def target(self, point: QPoint, drag: Drag) -> tuple[datetime, int] | str:
        day = self.day_at(point)
        if day is None:
            return tr("Drop the webinar on a day.")
        w = drag.webinar
        shown = w.start.astimezone(self.state.zone)
        wall = datetime.combine(day, shown.time())
        start = wall.replace(tzinfo=self.state.zone, fold=shown.fold).astimezone(UTC)
        if start.astimezone(self.state.zone).replace(tzinfo=None) != wall:
            return tr("That hour does not exist on this day (the clocks change).")
        return start, w.duration_minutes

    def arrow(self, key: int) -> None:
        steps: dict[int, int] = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        self.move_day(steps[key])

    def paint(self) -> None:
        painter = QPainter(self.viewport())
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        line = solid(text, 38, base)
        faint = solid(text, 12, base)
        muted = QColor(text)
        muted.setAlpha(130)
        painter.fillRect(self.viewport().rect(), pal.color(QPalette.ColorRole.Base))
        self.chips = []
        if self.first is None:
            return
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.85))
        painter.setFont(small)
        painter.setPen(muted)
        width = self.viewport().width() / 7
        for column in range(7):
            painter.drawText(
                QRectF(column * width, 0, width, self.HEADER),
                Qt.AlignmentFlag.AlignCenter,
                day_name(self.first + timedelta(days=column)),
            )
        today = self.state.today()
        drag = self.drag if self.drag is not None and self.drag.active else None
        target_day = (
            self.state.day_of(drag.candidate)
            if drag is not None and drag.candidate is not None and not drag.invalid
            else None
        )
        plain = self.font()
        fonts = self.fonts()
        plain_metrics = QFontMetrics(plain)
        more = tr("+{count} more")
        short_months = {m: month_name(m)[:3] for m in {self.month, self.month % 12 + 1}}
        for index in range(42):
            day = self.first + timedelta(days=index)
            rect = self.cell(index)
            if day.month != self.month:
                painter.fillRect(rect, faint)
            if day == target_day and drag is not None:
                tint = drag.severity() or pal.color(QPalette.ColorRole.Highlight)
                painter.fillRect(rect, solid(tint, 40, base))
            if day == self.state.selected_day and self.state.selected_id is None:
                painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            # the date, today in a red circle
            first_of_month = day.day == 1
            painter.setFont(fonts.title if first_of_month else plain)
            number = str(day.day)
            if first_of_month:
                number = f"1 {short_months.get(day.month) or month_name(day.month)[:3]}"
            metrics = fonts.title_metrics if first_of_month else plain_metrics
            label = QRectF(
                rect.left() + 4, rect.top() + 3, metrics.horizontalAdvance(number) + 10, 18
            )
            if day == today:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(TODAY)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.drawRoundedRect(label, 9, 9)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                painter.setPen(QColor(255, 255, 255))
            else:
                painter.setPen(text if day.month == self.month else muted)
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, number)
            events = self.by_day.get(day, [])
            room = int((rect.height() - 24) // self.LINE)
            shown = events if len(events) <= room else events[: max(0, room - 1)]
            y = rect.top() + 23
            for w in shown:
                chip = QRectF(rect.left() + 3, y, rect.width() - 6, self.LINE - 2)
                moving = drag is not None and drag.webinar.id == w.id
                self.paint_block(
                    painter,
                    chip,
                    w,
                    selected=w.id == self.state.selected_id,
                    faded=moving,
                    compact=True,
                )
                self.chips.append((w, chip))
                y += self.LINE
            if len(shown) < len(events):
                painter.setFont(small)
                painter.setPen(muted)
                painter.drawText(
                    QRectF(rect.left() + 8, y, rect.width() - 12, self.LINE - 2),
                    LEFT_MIDDLE,
                    more.format(count=len(events) - len(shown)),
                )
        # the grid, in one call
        painter.setPen(QPen(line, 1))
        right, bottom = self.viewport().width(), self.viewport().height()
        cell = self.cell(0)
        lines = [QLineF(0, self.HEADER, right, self.HEADER)]
        lines += [QLineF(0, cell.top() + r * cell.height(), right, cell.top() + r * cell.height())
                  for r in range(1, 6)]  # fmt: skip
        lines += [
            QLineF(c * cell.width(), self.HEADER, c * cell.width(), bottom) for c in range(1, 7)
        ]
        painter.drawLines(lines)


# -- the agenda ----------------------------------------------------------------------------------


class AgendaModel(QAbstractListModel):
    """The range's days that have webinars, each followed by its webinars, as rows."""

    WebinarIdRole = Qt.ItemDataRole.UserRole + 1
    DayRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, state: CalendarState) -> None:
        super().__init__()
        self.state = state
        self.rows: list[tuple[date, schedule.Webinar | None]] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = []
        days = set(self.state.days)
        last: date | None = None
        for w in self.state.webinars():
            day = self.state.day_of(w)
            if day not in days:
                continue
            if day != last:
                self.rows.append((day, None))
                last = day
            self.rows.append((day, w))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def row_of(self, webinar_id: str | None) -> int:
        for number, (_day, w) in enumerate(self.rows):
            if w is not None and w.id == webinar_id:
                return number
        return -1

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        _day, w = self.rows[index.row()]
        if w is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        day, w = self.rows[index.row()]
        zone = self.state.zone
        if role == self.DayRole:
            return day
        if role == self.WebinarIdRole:
            return None if w is None else w.id
        if w is None:
            if role == Qt.ItemDataRole.DisplayRole:
                text = f"{day_name(day)} {day.day} {month_name(day.month)} {day.year}"
                return f"{text} · {tr('Today')}" if day == self.state.today() else text
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole and day == self.state.today():
                return TODAY
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            here, own = times_text(w, zone)
            own_text = f"   ({tr('{time} in {zone}').format(time=own, zone=w.zone)})" if own else ""
            return f"    {here}   {w.title} · {status_name(w.status)}{own_text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(w, zone, self.state.names())
        if role == Qt.ItemDataRole.ForegroundRole:
            if w.cancelled:
                return STATUS_COLOURS[WebinarStatus.CANCELLED]
            return None
        if role == Qt.ItemDataRole.FontRole and w.cancelled:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole:
            return STATUS_COLOURS.get(w.status, STATUS_COLOURS[WebinarStatus.SCHEDULED])
        return None


__all__ = [
    "AgendaModel",
    "CalendarState",
    "CalendarView",
    "MonthView",
    "WeekView",
    "describe",
    "times_text",
    "week_start",
]
