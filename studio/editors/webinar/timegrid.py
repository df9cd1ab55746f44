"""Where instants fall on the calendar's grids, in the zone shown: no Qt, so it is tested alone.

A day in the week view runs from local midnight to the next local midnight in the shown zone:
23 hours on the day the clocks go forward, 25 on the day they go back. The grid's rows are the
wall-clock hours; a week holding a day whose clocks go back gets one more row, the repeated hour
("01:00, again"), so the 25th hour has its own place and every instant of that day one spot;
the skipped hour of a spring-forward day, and the repeated row on the other days, hold no time
and are shown hatched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from studio.domain.zones import is_ambiguous, is_missing


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def month_grid_start(day: date) -> date:
    """The Monday on or before the first of ``day``'s month (the month view's first cell)."""
    return week_start(day.replace(day=1))


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant the day begins in ``zone`` (the first instant of it, if midnight is in a
    gap)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def day_hours(day: date, zone: ZoneInfo) -> float:
    """How long ``day`` lasts in ``zone``, in hours (23, 24 or 25 around DST changes)."""
    return (midnight(day + timedelta(days=1), zone) - midnight(day, zone)) / timedelta(hours=1)


@dataclass(frozen=True)
class Row:
    """One row of the week grid: a wall-clock hour, and which pass of it (1: the repeat)."""

    hour: int
    fold: int


class WeekAxis:
    """The week grid's rows for ``days`` in ``zone`` and where an instant falls on them.

    Positions are in rows from the top (a float: 10.5 is half past the eleventh row).
    """

    def __init__(self, days: Sequence[date], zone: ZoneInfo) -> None:
        self.days = list(days)
        self.zone = zone
        repeated: set[int] = set()
        self._folds: list[set[int]] = []  # per day: hours that happen twice
        self._gaps: list[set[int]] = []  # per day: hours that never happen
        for day in self.days:
            folds: set[int] = set()
            gaps: set[int] = set()
            start = datetime.combine(day, time(0), tzinfo=zone)
            end = datetime.combine(day, time(23, 59), tzinfo=zone)
            if start.utcoffset() == end.utcoffset() and day_hours(day, zone) == 24:
                # No change of offset that day (nearly every day): no hour to look at.
                self._folds.append(folds)
                self._gaps.append(gaps)
                continue
            for hour in range(24):
                for minute in (0, 30, 59):
                    wall = datetime.combine(day, time(hour, minute))
                    if is_ambiguous(wall, zone):
                        folds.add(hour)
                    elif is_missing(wall, zone):
                        gaps.add(hour)
            self._folds.append(folds)
            self._gaps.append(gaps)
            repeated |= folds
        self.rows: list[Row] = []
        for hour in range(24):
            self.rows.append(Row(hour, 0))
            if hour in repeated:
                self.rows.append(Row(hour, 1))
        self._index = {(r.hour, r.fold): i for i, r in enumerate(self.rows)}
        self.starts = [midnight(d, zone) for d in self.days]
        self.ends = [midnight(d + timedelta(days=1), zone) for d in self.days]

    def __len__(self) -> int:
        return len(self.rows)

    def hours(self, column: int) -> float:
        """How many hours the column's day lasts."""
        return (self.ends[column] - self.starts[column]) / timedelta(hours=1)

    def column_of(self, instant: datetime) -> int | None:
        for column, (start, end) in enumerate(zip(self.starts, self.ends, strict=True)):
            if start <= instant < end:
                return column
        return None

    def position(self, column: int, instant: datetime) -> float:
        """Where ``instant`` falls in the column (clamped to the day's start and end)."""
        if instant <= self.starts[column]:
            return 0.0
        if instant >= self.ends[column]:
            return float(len(self.rows))
        local = instant.astimezone(self.zone)
        fold = 1 if local.fold and local.hour in self._folds[column] else 0
        row = self._index.get((local.hour, fold), self._index[(local.hour, 0)])
        return row + (local.minute + local.second / 60) / 60

    def instant_at(self, column: int, position: float) -> datetime | None:
        """The instant at ``position`` in the column; None where the row holds no time that
        day (the skipped hour, or the repeated row on a day without a repeat)."""
        if not 0 <= column < len(self.days):
            return None
        if position >= len(self.rows):
            return self.ends[column]
        position = max(0.0, position)
        row = self.rows[int(position)]
        if row.fold and row.hour not in self._folds[column]:
            return None
        if row.hour in self._gaps[column]:
            return None
        minutes = round((position - int(position)) * 60)
        wall = datetime.combine(self.days[column], time(row.hour)) + timedelta(minutes=minutes)
        if is_missing(wall, self.zone):
            return None
        return wall.replace(tzinfo=self.zone, fold=row.fold).astimezone(UTC)

    def empty_rows(self, column: int) -> list[int]:
        """The rows that hold no time in the column's day (drawn hatched)."""
        return [
            i
            for i, r in enumerate(self.rows)
            if (r.fold and r.hour not in self._folds[column])
            or (not r.fold and r.hour in self._gaps[column])
        ]

    def label(self, index: int) -> tuple[int, int]:
        """(hour, pass) of row ``index``, for its label."""
        row = self.rows[index]
        return row.hour, row.fold

    def has_change(self, column: int) -> bool:
        return bool(self._folds[column] or self._gaps[column])


@dataclass(frozen=True)
class Lane:
    """A block's horizontal share of its day when webinars overlap: ``index`` of ``count``."""

    index: int
    count: int


def lanes(spans: Sequence[tuple[float, float]]) -> list[Lane]:
    """Side-by-side lanes for overlapping spans (top, bottom), as calendar apps lay them out:
    each takes the first lane free at its top; a cluster of overlapping spans shares its count.
    ``spans`` must be sorted by top."""
    result: list[Lane] = [Lane(0, 1)] * len(spans)
    cluster: list[int] = []
    ends: list[float] = []  # bottom of the last span in each lane of the cluster
    cluster_end = float("-inf")

    def close() -> None:
        for i in cluster:
            result[i] = Lane(result[i].index, len(ends))

    for i, (top, bottom) in enumerate(spans):
        if top >= cluster_end and cluster:
            close()
            cluster, ends = [], []
        for lane, end in enumerate(ends):
            if end <= top:
                ends[lane] = bottom
                result[i] = Lane(lane, 1)
                break
        else:
            ends.append(bottom)
            result[i] = Lane(len(ends) - 1, 1)
        cluster.append(i)
        cluster_end = max(cluster_end, bottom)
    if cluster:
        close()
    return result
