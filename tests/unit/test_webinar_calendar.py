"""The calendar's store: a range's webinars, and moves of a webinar or a whole series as one
transaction with an update op per webinar, checked against the rules; and the week grid's rows
around DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.domain.zones import wall_to_utc
from studio.editors.webinar.timegrid import WeekAxis, day_hours, lanes, week_start
from studio.store.models import OutboxOp, Speaker, Webinar
from studio.store.webinar_calendar import (
    ConflictRefused,
    load_checks,
    load_range,
    move_webinar,
    place,
)
from studio.store.workspace import NotFound, Workspace
from tests.gui.test_webinar_calendar import add_webinar

PARIS = "Europe/Paris"


def walls(ws: Workspace, series_id: str) -> list[tuple[str, datetime]]:
    with ws.reading() as s:
        rows = s.scalars(
            select(Webinar).where(Webinar.series_id == series_id).order_by(Webinar.starts_at)
        )
        return [(r.starts_at, r.starts_at_utc) for r in rows]


@pytest.fixture
def series(workspace: Workspace) -> Workspace:
    """Wednesdays 10:00 in Paris across the spring change (28 March 2027), and a Sunday 01:30
    series whose second occurrence is the change's day."""
    with Session(workspace.engine) as s, s.begin():
        s.add(Speaker(id="ada", name="Ada Lovelace", zone="Europe/London"))
        for k, day in enumerate(("2027-03-17", "2027-03-24", "2027-03-31", "2027-04-07")):
            add_webinar(s, f"wed-{k}", "Wednesday club", f"{day}T10:00:00", PARIS,
                        series_id="wed", speakers=("ada",))  # fmt: skip
        for k, day in enumerate(("2027-03-21", "2027-03-28", "2027-04-04")):
            add_webinar(s, f"sun-{k}", "Night owls", f"{day}T01:30:00", PARIS, series_id="sun")
        add_webinar(s, "other", "Ada elsewhere", "2027-03-25T10:00:00", PARIS, speakers=("ada",))
    return workspace


def test_a_range_holds_the_webinars_that_overlap_it(series: Workspace) -> None:
    zone = ZoneInfo(PARIS)
    start = datetime(2027, 3, 24, tzinfo=zone).astimezone(UTC)
    got = load_range(series, start, start + timedelta(days=1))
    assert [w.id for w in got.webinars] == ["wed-1"]
    assert got.names == {"ada": "Ada Lovelace"}
    around = load_checks(series, start, start + timedelta(days=1))
    assert "other" in around.webinars and "wed-3" in around.webinars  # the padding
    late = load_range(series, start + timedelta(hours=10, minutes=30), start + timedelta(hours=12))
    assert [w.id for w in late.webinars] == ["wed-1"]  # started before the range, still running


def test_one_occurrence_moves_alone(series: Workspace) -> None:
    moved = move_webinar(series, "wed-1", wall_to_utc("2027-03-24T15:00:00", PARIS), 60)
    assert [p.webinar_id for p in moved.after] == ["wed-1"]
    assert [w for w, _ in walls(series, "wed")] == [
        "2027-03-17T10:00:00", "2027-03-24T15:00:00", "2027-03-31T10:00:00", "2027-04-07T10:00:00",
    ]  # fmt: skip
    with series.reading() as s:
        (op,) = s.scalars(select(OutboxOp))
    assert (op.record_id, op.action, op.data) == (
        "wed-1", "update", {"starts_at": "2027-03-24T15:00:00", "fold": 0}
    )  # fmt: skip
    place(series, moved.before)  # the undo
    assert walls(series, "wed")[1][0] == "2027-03-24T10:00:00"


def test_the_whole_series_keeps_its_wall_times_across_dst(series: Workspace) -> None:
    moved = move_webinar(
        series, "wed-1", wall_to_utc("2027-03-24T11:00:00", PARIS), 60, whole_series=True
    )
    assert len(moved.after) == 4
    got = walls(series, "wed")
    assert [w for w, _ in got] == [
        "2027-03-17T11:00:00", "2027-03-24T11:00:00", "2027-03-31T11:00:00", "2027-04-07T11:00:00",
    ]  # fmt: skip
    assert [u.hour for _, u in got] == [10, 10, 9, 9]  # UTC moves with DST, the wall time stays
    with series.reading() as s:
        assert len(s.scalars(select(OutboxOp)).all()) == 4
    # One that lands in the skipped hour is read as RFC 5545 reads it: an hour later.
    move_webinar(series, "sun-0", wall_to_utc("2027-03-21T02:30:00", PARIS), 60, whole_series=True)
    assert [w for w, _ in walls(series, "sun")] == [
        "2027-03-21T02:30:00", "2027-03-28T03:30:00", "2027-04-04T02:30:00",
    ]  # fmt: skip


def test_a_move_onto_a_blocking_conflict_changes_nothing(series: Workspace) -> None:
    with pytest.raises(ConflictRefused) as refused:
        move_webinar(series, "wed-1", wall_to_utc("2027-03-25T10:30:00", PARIS), 60)
    assert "Ada elsewhere" in str(refused.value) and "Ada Lovelace" in str(refused.value)
    assert walls(series, "wed")[1][0] == "2027-03-24T10:00:00"
    with series.reading() as s:
        assert s.scalars(select(OutboxOp)).all() == []
    with pytest.raises(NotFound):
        move_webinar(series, "nobody", datetime(2027, 3, 1, tzinfo=UTC), 60)


def test_the_week_grid_around_dst_changes() -> None:
    paris = ZoneInfo(PARIS)
    assert day_hours(date(2027, 3, 28), paris) == 23
    assert day_hours(date(2027, 10, 31), paris) == 25
    assert day_hours(date(2027, 10, 31), ZoneInfo("Asia/Hong_Kong")) == 24
    days = [week_start(date(2027, 10, 31)) + timedelta(days=i) for i in range(7)]
    axis = WeekAxis(days, paris)
    assert len(axis) == 25 and axis.label(3) == (2, 1)
    first = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert (axis.position(6, first), axis.position(6, second)) == (2.5, 3.5)
    assert axis.instant_at(6, 3.5) == second and axis.instant_at(0, 3.5) is None
    # New York's change is a week later: in the same week seen from there, no repeat.
    assert len(WeekAxis(days, ZoneInfo("America/New_York"))) == 24
    assert lanes([(0, 2), (1, 3), (2.5, 4), (5, 6)]) == [
        lanes([(0, 1)])[0].__class__(i, n) for i, n in ((0, 2), (1, 2), (0, 2), (0, 1))
    ]
