"""The Webinars calendar as a coordinator meets it: keys move the selection and the range, the
views switch, the zone switch changes every time shown, a block dragged in the week view is
saved as a wall time in its own zone and queued for the Hub, a drop onto a speaker's other
webinar is refused, and a dragged webinar reaches a real Hub."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.domain.zones import wall_to_utc
from studio.editors.webinar.page import WebinarsPage
from studio.store.models import OutboxOp, Speaker, Webinar, WebinarSpeaker
from studio.store.workspace import Workspace, workspace_path
from studio.tasks import TaskRunner
from studio.ui.context import PageContext, WorkspaceSignals
from studio.ui.errors import ErrorReporter
from studio.ui.settings import Settings

T0 = datetime(2027, 1, 1, tzinfo=UTC)
WEEK = date(2027, 1, 11)  # a Monday in winter: Paris UTC+1, Hong Kong UTC+8


def add_webinar(
    session: Session,
    webinar_id: str,
    title: str,
    starts_at: str,
    zone: str,
    *,
    minutes: int = 60,
    speakers: tuple[str, ...] = (),
    hosts: tuple[str, ...] = (),
    series_id: str | None = None,
    version: int = 1,
) -> None:
    session.add(
        Webinar(
            id=webinar_id,
            version=version,
            title=title,
            description="",
            starts_at=starts_at,
            zone=zone,
            fold=0,
            starts_at_utc=wall_to_utc(starts_at, zone, 0, strict=True),
            duration_minutes=minutes,
            capacity=100,
            registration="open",
            status="scheduled",
            series_id=series_id,
            registered=0,
            attended=0,
            updated_at=T0,
        )
    )
    session.flush()
    for role, people in (("speaker", speakers), ("host", hosts)):
        for person in people:
            session.add(WebinarSpeaker(webinar_id=webinar_id, speaker_id=person, role=role))


def seed(ws: Workspace) -> None:
    with Session(ws.engine) as s, s.begin():
        s.add(Speaker(id="ada", name="Ada Lovelace", zone="Europe/London"))
        s.add(Speaker(id="grace", name="Grace Hopper", zone="America/New_York"))
        s.add(Speaker(id="host", name="Hélène Host", zone="Europe/Paris"))
        add_webinar(
            s,
            "w-cash",
            "Cash flow basics",
            "2027-01-12T10:00:00",
            "Europe/Paris",
            speakers=("ada",),
            hosts=("host",),
        )
        add_webinar(
            s,
            "w-export",
            "Export finance",
            "2027-01-12T14:00:00",
            "Europe/Paris",
            speakers=("grace",),
        )
        add_webinar(
            s,
            "w-ny",
            "Trade with the US",
            "2027-01-13T09:00:00",
            "America/New_York",
            speakers=("grace",),
        )
        add_webinar(
            s,
            "w-ada2",
            "Ada's second talk",
            "2027-01-14T10:00:00",
            "Europe/Paris",
            speakers=("ada",),
        )


@pytest.fixture
def context(qapp: QApplication, data_dir: Path) -> Iterator[PageContext]:
    ws = Workspace.open(workspace_path(data_dir, "events"), "events")
    seed(ws)
    tasks = TaskRunner()
    signals = WorkspaceSignals(ws)
    settings = Settings(data_dir / "studio.ini")
    settings.coordinator_zone = "Europe/Paris"
    ctx = PageContext(ws, tasks, signals, settings, ErrorReporter(show_dialogs=False))
    yield ctx
    tasks.wait(10_000)
    signals.detach()
    ws.close()


@pytest.fixture
def page(context: PageContext, qtbot) -> WebinarsPage:
    page = WebinarsPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    assert QTest.qWaitForWindowExposed(page)
    page.go_to(WEEK)
    qtbot.waitUntil(lambda: page.shown_key is not None and page.shown_key[1] == WEEK)
    qtbot.waitUntil(lambda: page.state.checks is not None)  # the rules' calendar, read behind
    return page


def test_shows_the_week(page: WebinarsPage, qtbot) -> None:
    titles = {p.webinar.title for p in page.week.placed}
    assert "Cash flow basics" in titles


def center(page: WebinarsPage, webinar_id: str) -> QPoint:
    for p in page.week.placed:
        if p.webinar.id == webinar_id:
            return page.week.rect_of(p).center().toPoint()
    raise AssertionError(f"{webinar_id} is not in the week shown")


def slot(page: WebinarsPage, column: int, hour: float) -> QPoint:
    """The viewport point of the top of ``hour`` (rows) in day ``column``."""
    view = page.week
    x = view.GUTTER + (column + 0.5) * view.column_width()
    return QPoint(int(x), int(view.y_of(hour)))


def drag(page: WebinarsPage, start: QPoint, end: QPoint, release: bool = True) -> None:
    viewport = page.week.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, 9):
        QTest.mouseMove(viewport, start + (end - start) * (k / 8))
    if release:
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def stored(ws: Workspace, webinar_id: str) -> Webinar:
    with ws.reading() as s:
        row = s.get(Webinar, webinar_id)
        assert row is not None
        return row


def ops(ws: Workspace, webinar_id: str) -> list[OutboxOp]:
    with ws.reading() as s:
        return list(s.scalars(select(OutboxOp).where(OutboxOp.record_id == webinar_id)))


def shows(page: WebinarsPage, day: date) -> bool:
    return page.shown_key is not None and page.shown_key[1] <= day <= page.shown_key[2]


def test_keys_move_the_selection_and_the_range(page: WebinarsPage, qtbot) -> None:
    opened: list[tuple[str | None, datetime | None]] = []
    page.open_form = lambda webinar_id, start: opened.append((webinar_id, start))  # type: ignore[method-assign]
    view = page.week
    view.setFocus()
    assert page.title.text() == "11 – 17 January 2027"
    qtbot.keyClick(view, Qt.Key.Key_Right)  # Tuesday: its first webinar is selected
    assert page.state.selected_day == date(2027, 1, 12)
    assert page.state.selected_id == "w-cash"
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert page.state.selected_id == "w-export"
    assert view.accessibleDescription().startswith("Export finance\n2027-01-12 14:00–15:00 CET")
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert page.state.selected_id == "w-cash"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert page.state.selected_id == "w-ny"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == [("w-ny", None)]
    # A double-click in a free slot asks for a new webinar starting there (Wednesday 13:00).
    page.week.verticalScrollBar().setValue(int(page.week.ROW * 8))
    QTest.mouseDClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        slot(page, 2, 13.0) + QPoint(0, 4),
    )
    assert opened[-1] == (None, datetime(2027, 1, 13, 12, 0, tzinfo=UTC))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert page.title.text() == "18 – 24 January 2027"
    qtbot.waitUntil(lambda: shows(page, date(2027, 1, 18)))
    assert page.week.placed == []
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: shows(page, date(2027, 1, 11)))
    assert {p.webinar.id for p in page.week.placed} == {"w-cash", "w-export", "w-ny", "w-ada2"}
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert page.title.text() == "4 – 10 January 2027"
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert page.title.text() == "28 December – 3 January 2027"
    qtbot.keyClick(view, Qt.Key.Key_T)
    today = page.state.today()
    qtbot.waitUntil(lambda: shows(page, today))
    assert page.state.selected_day == today
    # The selection walking past Sunday shows the next week.
    page.go_to(date(2027, 1, 17))
    qtbot.waitUntil(lambda: shows(page, date(2027, 1, 17)))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: shows(page, date(2027, 1, 18)))
    assert page.title.text() == "18 – 24 January 2027"


def test_week_month_and_agenda_views(page: WebinarsPage, qtbot) -> None:
    page.week.setFocus()
    qtbot.keyClick(page.week, Qt.Key.Key_M)
    assert page.stack.currentWidget() is page.month and page.month_button.isChecked()
    qtbot.waitUntil(lambda: page.shown_key is not None and len(page.state.days) == 42)
    assert page.title.text() == "January 2027"
    page.month.grab()  # paints: the chips are laid out where they are drawn
    assert {w.id for w, _rect in page.month.chips} == {"w-cash", "w-export", "w-ny", "w-ada2"}
    qtbot.keyClick(page.month, Qt.Key.Key_A)
    assert page.stack.currentWidget() is page.agenda
    qtbot.waitUntil(lambda: page.agenda_model.rowCount() == 7)  # 3 days, 4 webinars
    texts = [page.agenda_model.index(i, 0).data() for i in range(7)]
    assert texts[0] == "Tue 12 January 2027"
    assert "10:00–11:00   Cash flow basics" in texts[1]
    qtbot.keyClick(page.agenda, Qt.Key.Key_W)
    assert page.stack.currentWidget() is page.week and page.week_button.isChecked()


def test_switching_the_zone_changes_every_time_shown(
    page: WebinarsPage, context: PageContext, qtbot
) -> None:
    def top(webinar_id: str) -> float:
        return next(p.top for p in page.week.placed if p.webinar.id == webinar_id)

    assert top("w-cash") == 10.0  # 10:00 in Paris, shown in Paris
    assert "Europe/Paris (CET, UTC+01:00)" in page.zone_note.text()
    box = page.zone_box.lineEdit()
    box.selectAll()
    qtbot.keyClicks(box, "Asia/Hong_Kong")
    page.zone_box.completer().popup().hide()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.shown_key is not None and page.shown_key[0] == "Asia/Hong_Kong")
    assert top("w-cash") == 17.0  # 17:00 in Hong Kong
    assert not page.my_zone_button.isChecked()
    assert "Asia/Hong_Kong (HKT, UTC+08:00)" in page.zone_note.text()
    assert "Your zone: Europe/Paris" in page.zone_note.text()
    assert page.make_mine_button.isVisible()
    page.week.setFocus()
    qtbot.keyClick(page.week, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: page.agenda_model.rowCount() > 0)
    texts = [page.agenda_model.index(i, 0).data() for i in range(page.agenda_model.rowCount())]
    cash = next(t for t in texts if "Cash flow basics" in t)
    assert "17:00–18:00" in cash and "10:00 CET in Europe/Paris" in cash
    # Back to my zone with one click.
    qtbot.mouseClick(page.my_zone_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.shown_key is not None and page.shown_key[0] == "Europe/Paris")
    texts = [page.agenda_model.index(i, 0).data() for i in range(page.agenda_model.rowCount())]
    cash = next(t for t in texts if "Cash flow basics" in t)
    assert "10:00–11:00" in cash and "CET" not in cash
    # A name that is no zone is said so, and the zone shown stays.
    box.selectAll()
    qtbot.keyClicks(box, "Mars/Olympus")
    page.zone_box.completer().popup().hide()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert "is not a time zone" in page.banner.text()
    assert page.state.zone_name == "Europe/Paris"
    # Another zone made the coordinator's own: kept in the settings.
    page.set_zone("America/New_York")
    qtbot.mouseClick(page.make_mine_button, Qt.MouseButton.LeftButton)
    assert context.settings.coordinator_zone == "America/New_York"
    assert page.my_zone_button.isChecked() and not page.make_mine_button.isVisible()


def test_drag_an_event_in_the_week_view(page: WebinarsPage, context: PageContext, qtbot) -> None:
    ws = context.workspace
    page.set_zone("Asia/Hong_Kong")
    qtbot.waitUntil(lambda: page.shown_key is not None and page.shown_key[0] == "Asia/Hong_Kong")
    page.week.verticalScrollBar().setValue(int(page.week.ROW * 12))
    # "Ada's second talk": Thursday 10:00 in Paris = 17:00 in Hong Kong; to Friday 22:00 HKT.
    start = center(page, "w-ada2")
    grab = start.y() - page.week.y_of(17.0)
    target = slot(page, 4, 22.0) + QPoint(0, int(grab))
    drag(page, start, target, release=False)
    assert page.week.drag is not None and page.week.drag.findings == ()
    QTest.mouseRelease(
        page.week.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target
    )
    qtbot.waitUntil(lambda: stored(ws, "w-ada2").starts_at == "2027-01-15T15:00:00")
    row = stored(ws, "w-ada2")
    assert (row.zone, row.fold, row.local) == ("Europe/Paris", 0, True)
    assert row.starts_at_utc == datetime(2027, 1, 15, 14, 0, tzinfo=UTC)
    (op,) = ops(ws, "w-ada2")
    assert (op.action, op.base_version) == ("update", 1)
    assert op.data == {"starts_at": "2027-01-15T15:00:00", "fold": 0}
    qtbot.waitUntil(lambda: "Moved “Ada's second talk”" in page.banner.text())
    assert "22:00 here (15:00 Europe/Paris)" in page.banner.text()
    qtbot.waitUntil(lambda: not page.state.pending and page.shown_key is not None)
    placed = next(p for p in page.week.placed if p.webinar.id == "w-ada2")
    assert (placed.column, placed.top) == (4, 22.0)
    # Resize: the bottom edge dragged down by half an hour.
    rect = page.week.rect_of(placed)
    edge = QPoint(int(rect.center().x()), int(rect.bottom()) - 2)
    drag(page, edge, edge + QPoint(0, page.week.ROW // 2))
    qtbot.waitUntil(lambda: stored(ws, "w-ada2").duration_minutes == 90)
    (op,) = ops(ws, "w-ada2")  # still one op for the Hub: unsent edits join
    assert op.data == {"starts_at": "2027-01-15T15:00:00", "fold": 0, "duration_minutes": 90}
    # Ctrl+Z puts it back, step by step.
    page.week.setFocus()
    qtbot.keyClick(page.week, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: stored(ws, "w-ada2").duration_minutes == 60)
    qtbot.keyClick(page.week, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: stored(ws, "w-ada2").starts_at == "2027-01-14T10:00:00")
    assert "Put back" in page.banner.text()


def test_a_drop_onto_a_blocking_conflict_is_refused(
    page: WebinarsPage, context: PageContext, qtbot
) -> None:
    ws = context.workspace
    page.week.verticalScrollBar().setValue(int(page.week.ROW * 8))
    # Ada speaks at "Cash flow basics" on Tuesday 10:00: her Thursday talk dragged onto it.
    start = center(page, "w-ada2")
    target = QPoint(center(page, "w-cash").x(), start.y())
    drag(page, start, target, release=False)
    live = page.week.drag
    assert live is not None and live.candidate is not None
    blocking = [f for f in live.findings if f.blocks]
    assert blocking and blocking[0].other_title == "Cash flow basics"
    assert "Ada Lovelace" in blocking[0].message
    tip = QToolTip.text()  # what the user reads beside the red block
    assert "Blocks: Speaker booked twice" in tip and "Cash flow basics" in tip
    QTest.mouseRelease(
        page.week.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target
    )
    assert "“Ada's second talk” was not moved: Speaker booked twice" in page.banner.text()
    assert "Cash flow basics" in page.banner.text()
    assert page.banner.property("level") == "error"
    context.tasks.wait(5_000)
    assert stored(ws, "w-ada2").starts_at == "2027-01-14T10:00:00"
    assert ops(ws, "w-ada2") == []
    # An hour later is only too close (a warning): it moves, and the warning is said.
    target = QPoint(target.x(), int(start.y() + page.week.ROW))
    drag(page, start, target)
    qtbot.waitUntil(lambda: stored(ws, "w-ada2").starts_at == "2027-01-12T11:00:00")
    qtbot.waitUntil(lambda: "Warning: Too little time between sessions" in page.banner.text())


def test_a_dst_day_has_its_23_or_25_hours(context: PageContext, page: WebinarsPage, qtbot) -> None:
    with Session(context.workspace.engine) as s, s.begin():
        add_webinar(s, "first-pass", "First pass", "2027-10-31T02:30:00", "Europe/Paris")
        s.flush()
        s.get(Webinar, "first-pass").duration_minutes = 30
        add_webinar(
            s, "second-pass", "Second pass", "2027-10-31T02:30:00", "Europe/Paris", minutes=30
        )
        second = s.get(Webinar, "second-pass")
        second.fold = 1
        second.starts_at_utc = wall_to_utc("2027-10-31T02:30:00", "Europe/Paris", 1)
        add_webinar(s, "sunday-ten", "Sunday ten", "2027-10-31T10:00:00", "Europe/Paris")
        add_webinar(s, "monday-ten", "Monday ten", "2027-10-25T10:00:00", "Europe/Paris")
    page.go_to(date(2027, 10, 31))
    qtbot.waitUntil(lambda: shows(page, date(2027, 10, 31)))
    axis = page.week.axis
    assert axis is not None and len(axis) == 25 and axis.hours(6) == 25 and axis.hours(0) == 24
    tops = {p.webinar.id: (p.column, p.top) for p in page.week.placed}
    assert tops["first-pass"] == (6, 2.5) and tops["second-pass"] == (6, 3.5)
    assert tops["sunday-ten"] == (6, 11.0)
    assert tops["monday-ten"] == (0, 11.0)  # the same row, labelled 10:00
    assert axis.empty_rows(0) == [3] and axis.empty_rows(6) == []
    page.go_to(date(2027, 3, 28))
    qtbot.waitUntil(lambda: shows(page, date(2027, 3, 28)))
    axis = page.week.axis
    assert axis is not None and len(axis) == 24 and axis.hours(6) == 23
    assert axis.empty_rows(6) == [2]  # 02:00–03:00 never happens that Sunday
    # A drop into the hour the clocks skip is refused with a sentence.
    page.week.verticalScrollBar().setValue(0)
    assert page.week.target(slot(page, 6, 2.5), _move_drag(page)) == (
        "That hour does not exist on this day (the clocks change)."
    )


def _move_drag(page: WebinarsPage):  # a drag of any webinar, for WeekView.target
    from studio.domain.schedule import Webinar as Event
    from studio.editors.webinar.calendar import Drag

    event = Event.at("x", "x", "2027-03-26T10:00:00", "Europe/Paris", fold=0)
    return Drag(event, False, QPoint(0, 0), 0.0)


def test_a_dragged_webinar_reaches_the_hub(qapp: QApplication, hub, tmp_path: Path, qtbot) -> None:
    from studio.store import replica
    from studio.sync.client import HubClient
    from studio.sync.engine import SyncEngine
    from tests.hub.hubproc import PASSWORD

    ws = Workspace.open(workspace_path(tmp_path, "coordinator"), "coordinator")
    replica.link(ws, hub.url, "coordinator", "coordinator")
    token = HubClient(hub.url).sign_in("coordinator", PASSWORD).access_token
    engine = SyncEngine(ws, HubClient(hub.url, lambda: token))
    webinar_id = ws.schedule_webinar(
        "Hedging currency risk",
        "2027-01-13T16:00:00",
        "Europe/Paris",
        wall_to_utc("2027-01-13T16:00:00", "Europe/Paris", 0),
    )
    assert engine.sync().applied == 1
    tasks = TaskRunner()
    signals = WorkspaceSignals(ws)
    settings = Settings(tmp_path / "studio.ini")
    settings.coordinator_zone = "America/New_York"
    context = PageContext(ws, tasks, signals, settings, ErrorReporter(show_dialogs=False))
    page = WebinarsPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    page.go_to(WEEK)
    qtbot.waitUntil(lambda: shows(page, WEEK))
    # Wednesday 16:00 in Paris is 10:00 in New York; dragged to Thursday 08:00 New York time.
    start = center(page, webinar_id)
    grab = start.y() - page.week.y_of(10.0)
    drag(page, start, slot(page, 3, 8.0) + QPoint(0, int(grab)))
    qtbot.waitUntil(lambda: stored(ws, webinar_id).starts_at == "2027-01-14T14:00:00")
    report = engine.sync()
    assert (report.applied, report.rejected) == (1, 0)
    with hub.client("coordinator") as client:
        record = client.get(f"/v1/webinars/{webinar_id}").json()
    assert record["starts_at"] == "2027-01-14T14:00:00" and record["zone"] == "Europe/Paris"
    assert record["starts_at_utc"] == "2027-01-14T13:00:00Z"
    assert record["version"] == 2
    row = stored(ws, webinar_id)
    assert not row.local and row.version == 2
    tasks.wait(10_000)
    signals.detach()
    ws.close()


def test_moving_an_occurrence_asks_whether_the_series_follows(
    context: PageContext, page: WebinarsPage, qtbot
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    ws = context.workspace
    with Session(ws.engine) as s, s.begin():
        for k, day in enumerate(("2027-01-11", "2027-01-18", "2027-01-25")):
            add_webinar(s, f"club-{k}", "Monday club", f"{day}T12:00:00", "Europe/Paris",
                        series_id="club")  # fmt: skip
    page.refresh()
    qtbot.waitUntil(lambda: any(p.webinar.id == "club-0" for p in page.week.placed))
    page.week.verticalScrollBar().setValue(int(page.week.ROW * 8))

    def answer(button: str) -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
        assert "“Monday club” is one of a series." in box.text()
        next(b for b in box.buttons() if b.text() == button).click()

    start = center(page, "club-0")
    QTimer.singleShot(300, lambda: answer("Only this one"))
    drag(page, start, start + QPoint(0, page.week.ROW))
    qtbot.waitUntil(lambda: stored(ws, "club-0").starts_at == "2027-01-11T13:00:00")
    assert stored(ws, "club-1").starts_at == "2027-01-18T12:00:00"
    qtbot.waitUntil(lambda: not page.state.pending)
    qtbot.waitUntil(lambda: page.shown_key is not None and page.state.webinar("club-0") is not None)
    start = center(page, "club-0")
    QTimer.singleShot(300, lambda: answer("The whole series"))
    drag(page, start, start + QPoint(0, page.week.ROW))
    qtbot.waitUntil(lambda: stored(ws, "club-2").starts_at == "2027-01-25T13:00:00")
    assert stored(ws, "club-0").starts_at == "2027-01-11T14:00:00"
    assert stored(ws, "club-1").starts_at == "2027-01-18T13:00:00"
    qtbot.waitUntil(lambda: "3 occurrences of the series moved" in page.banner.text())


def test_drag_a_webinar_to_another_day_in_the_month_view(
    page: WebinarsPage, context: PageContext, qtbot
) -> None:
    page.week.setFocus()
    qtbot.keyClick(page.week, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: page.shown_key is not None and len(page.state.days) == 42)
    page.month.grab()
    chip = next(rect for w, rect in page.month.chips if w.id == "w-ada2")
    start = chip.center().toPoint()
    target = start + QPoint(int(page.month.cell(0).width()), 0)  # Thursday 14 -> Friday 15
    viewport = page.month.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, 9):
        QTest.mouseMove(viewport, start + (target - start) * (k / 8))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    ws = context.workspace
    qtbot.waitUntil(lambda: stored(ws, "w-ada2").starts_at == "2027-01-15T10:00:00")
    (op,) = ops(ws, "w-ada2")
    assert op.data == {"starts_at": "2027-01-15T10:00:00", "fold": 0}


def test_an_account_that_may_not_move_webinars_is_told_so(
    context: PageContext, qtbot, data_dir: Path
) -> None:
    from studio.store import replica

    ws = context.workspace
    replica.link(ws, "https://hub.example", "ed", "editor")
    page = WebinarsPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    page.go_to(WEEK)
    qtbot.waitUntil(lambda: shows(page, WEEK) and bool(page.state.read_only))
    page.week.verticalScrollBar().setValue(int(page.week.ROW * 8))
    start = center(page, "w-ada2")
    drag(page, start, start + QPoint(0, page.week.ROW))
    assert page.banner.text() == "Webinars are moved by coordinators: An editor may not move them."
    context.tasks.wait(5_000)
    assert stored(ws, "w-ada2").starts_at == "2027-01-14T10:00:00" and ops(ws, "w-ada2") == []


def test_a_double_click_opens_the_webinar_in_its_form(page: WebinarsPage, qtbot) -> None:
    """Through the real form (form.py, loaded on first use): the webinar's own title shows."""
    page.week.verticalScrollBar().setValue(int(page.week.ROW * 8))
    QTest.mouseDClick(
        page.week.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        center(page, "w-cash"),
    )
    assert page.form_requests == [("w-cash", None)]
    from studio.editors.webinar.form import WebinarFormDialog

    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, WebinarFormDialog))
    qtbot.waitUntil(lambda: dialog.title.text() == "Cash flow basics", timeout=10_000)
    dialog.close()  # deletes itself on close


def test_shift_arrows_move_the_selected_webinar(
    page: WebinarsPage, context: PageContext, qtbot
) -> None:
    ws = context.workspace
    view = page.week
    view.setFocus()
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)  # Thursday: Ada's second talk
    assert page.state.selected_id == "w-ada2"
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: stored(ws, "w-ada2").starts_at == "2027-01-14T10:15:00")
    qtbot.waitUntil(lambda: page.state.webinar("w-ada2") is not None and not page.state.pending)
    qtbot.waitUntil(lambda: page.state.checks is not None)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: stored(ws, "w-ada2").starts_at == "2027-01-13T10:15:00")
    qtbot.waitUntil(lambda: page.state.webinar("w-ada2") is not None and not page.state.pending)
    qtbot.waitUntil(lambda: page.state.checks is not None)
    # Tuesday 10:15 is during "Cash flow basics", where Ada speaks: refused, nothing moves.
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert "“Ada's second talk” was not moved: Speaker booked twice" in page.banner.text()
    context.tasks.wait(5_000)
    assert stored(ws, "w-ada2").starts_at == "2027-01-13T10:15:00"
    (op,) = ops(ws, "w-ada2")
    assert op.data == {"starts_at": "2027-01-13T10:15:00", "fold": 0}
