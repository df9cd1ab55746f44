"""Webinar scheduling: recurring series, their occurrences across DST, and the conflict rules.

Plain dataclasses in, plain dataclasses out: no Qt, no SQL, so the form, the calendar, the
headless export and the Hub can all use it.

**Times.** A webinar starts at a wall time in an IANA zone (``zones.py``). A series repeats that
wall time: its occurrences keep their wall time in the series' zone whatever DST does, so the UTC
instant (and the time a viewer in another zone sees) moves by an hour across a change. The start
of a series, or the new start of a moved occurrence, is checked strictly: a wall time in a DST gap
is refused, one in a fold needs ``fold`` (0: the first pass, 1: the second). A later occurrence
that falls in a gap or a fold is read as RFC 5545 reads it (the offset before the gap: 02:30 in a
skipped hour becomes 03:30; the first pass of a repeated hour), so what Studio shows is what a
calendar program computes from the exported RRULE.

**Rules.** :class:`Calendar` indexes the bookings of each person (speaker or host) sorted by
start, so a full check of a calendar is a sweep per person (n log n plus the conflicts found),
not a comparison of all pairs; :meth:`Calendar.check_all_pairs` is that naive reference, kept
for tests and the benchmark. Each rule is set to block, warn or off (:class:`Policy`); each
:class:`Finding` names its rule, the other webinar and the nearest free slot for this one.
"""

from __future__ import annotations

import bisect
import calendar as _cal
import math
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from studio.domain.records import WebinarStatus
from studio.domain.zones import WallTimeError, parse_wall, wall_to_utc, zone_of

#: A series never expands past this many occurrences (a daily series for almost three years).
MAX_OCCURRENCES = 1000

_MINUTE = timedelta(minutes=1)

#: Namespace of the ids given to the occurrences of a series (uuid5 of series id + wall time).
OCCURRENCE_NAMESPACE = uuid.UUID("6d1c2f0e-4b7a-5e55-9a51-0c3a7c1e9b01")


class ScheduleError(ValueError):
    """A series or a change to one that cannot be; ``code`` says why, ``str()`` says it plainly."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


# -- webinars and speakers -------------------------------------------------------------------


@dataclass(frozen=True)
class Webinar:
    """One webinar (or one occurrence of a series) as scheduling sees it.

    ``start`` is the UTC instant of ``starts_at`` in ``zone`` with ``fold``; build one with
    :meth:`at` to have it checked. ``recurrence_id`` is, for an occurrence of a series, the wall
    time the series' rule gave it (it stays when the occurrence is moved).
    """

    id: str
    title: str
    starts_at: str
    zone: str
    start: datetime
    duration_minutes: int = 60
    fold: int = 0
    speaker_ids: tuple[str, ...] = ()
    host_ids: tuple[str, ...] = ()
    status: str = WebinarStatus.SCHEDULED
    series_id: str | None = None
    recurrence_id: str | None = None
    description: str = ""
    version: int = 0
    local: bool = False
    updated_at: datetime | None = None

    @classmethod
    def at(
        cls,
        id: str,
        title: str,
        starts_at: str,
        zone: str,
        *,
        fold: int | None = None,
        duration_minutes: int = 60,
        **fields: object,
    ) -> Webinar:
        """A webinar at a wall time, checked strictly (gap refused, fold must be chosen)."""
        if duration_minutes <= 0:
            raise ScheduleError("bad_duration", "A webinar lasts at least one minute.")
        start = wall_to_utc(starts_at, zone, fold, strict=True)
        return cls(
            id=id,
            title=title,
            starts_at=parse_wall(starts_at).isoformat(),
            zone=zone,
            start=start,
            duration_minutes=duration_minutes,
            fold=fold or 0,
            **fields,  # type: ignore[arg-type]
        )

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def cancelled(self) -> bool:
        return self.status == WebinarStatus.CANCELLED

    def seen_from(self, zone: str) -> datetime:
        """The start as a viewer in ``zone`` sees it (an aware datetime in that zone)."""
        return self.start.astimezone(zone_of(zone))

    def moved_to(self, start: datetime) -> Webinar:
        """The same webinar at another instant, its wall time re-derived in its own zone."""
        slot = Slot.of(start, self.zone)
        return replace(self, start=slot.start, starts_at=slot.starts_at, fold=slot.fold)


@dataclass(frozen=True)
class Window:
    """A weekly availability window in the speaker's own zone: ``weekday`` 0 is Monday,
    ``start``/``end`` are minutes after midnight (``end`` up to 1440)."""

    weekday: int
    start: int
    end: int

    _DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

    @classmethod
    def parse(cls, text: str) -> Window:
        """``"Mon 09:00-17:30"``; ScheduleError(bad_window) otherwise."""
        try:
            day, span = text.split()
            first, last = span.split("-")
            weekday = cls._DAYS.index(day[:3].lower())
            start, end = _minutes(first), _minutes(last)
        except ValueError:
            raise ScheduleError(
                "bad_window", f"{text!r} is not a window like 'Mon 09:00-17:00'."
            ) from None
        if not 0 <= start < end <= 1440:
            raise ScheduleError("bad_window", f"{text!r} ends before it starts.")
        return cls(weekday, start, end)


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    if len(minutes) != 2 or not 0 <= int(minutes) < 60:
        raise ValueError(text)
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class Speaker:
    """A speaker or host; ``availability`` empty means no stated limits."""

    id: str
    name: str
    zone: str = "UTC"
    availability: tuple[Window, ...] = ()

    def available(self, start: datetime, end: datetime) -> bool:
        """True when [start, end) lies inside one window, read in the speaker's own zone (a
        window ending at 24:00 and one starting at 00:00 the next day join)."""
        if not self.availability:
            return True
        return _Hours(self).fits(start.timestamp(), end.timestamp())


@dataclass(frozen=True)
class Slot:
    """An instant with the wall time and pass it is in ``zone``: what a suggestion offers."""

    start: datetime
    starts_at: str
    zone: str
    fold: int

    @classmethod
    def of(cls, start: datetime, zone: str) -> Slot:
        local = start.astimezone(zone_of(zone))
        return cls(start.astimezone(UTC), local.replace(tzinfo=None).isoformat(), zone, local.fold)


# -- recurring series ---------------------------------------------------------------------------


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class Recurrence:
    """Every ``interval`` days, weeks or months; ending after ``count`` occurrences or on
    ``until`` (a date in the series' zone, included). Exactly one of the two ends it.

    A monthly series keeps the day of the month and, as RFC 5545 does, skips months without it.
    """

    frequency: Frequency
    interval: int = 1
    count: int | None = None
    until: date | None = None


@dataclass(frozen=True)
class Change:
    """An exception to one occurrence, named by the wall time the rule gave it: cancelled, or
    moved to another wall time (in the series' zone) and/or given another duration."""

    recurrence_id: str
    cancelled: bool = False
    starts_at: str | None = None
    fold: int | None = None
    duration_minutes: int | None = None


@dataclass(frozen=True)
class Series:
    """A recurring webinar: the first occurrence's fields, a rule, and its exceptions."""

    id: str
    title: str
    starts_at: str
    zone: str
    rule: Recurrence
    duration_minutes: int = 60
    fold: int | None = None
    changes: tuple[Change, ...] = ()
    speaker_ids: tuple[str, ...] = ()
    host_ids: tuple[str, ...] = ()
    status: str = WebinarStatus.SCHEDULED
    description: str = ""
    version: int = 0
    local: bool = False
    updated_at: datetime | None = None
    #: Occurrences the rule does not give (RFC 5545 RDATE), as wall times in ``zone``: a series
    #: read back from rows that follow no rule keeps its occurrences this way.
    extra: tuple[str, ...] = ()


def _positions(series: Series) -> Iterator[datetime]:
    """The wall times the rule gives, in order (before exceptions)."""
    first = parse_wall(series.starts_at)
    rule = series.rule
    produced = 0
    for k in range(MAX_OCCURRENCES * 40):
        if rule.frequency is Frequency.MONTHLY:
            months = first.month - 1 + k * rule.interval
            year, month = first.year + months // 12, months % 12 + 1
            if year > 9998:
                return
            if first.day > _cal.monthrange(year, month)[1]:
                continue  # RFC 5545: a 31st in a 30-day month is no occurrence
            wall = first.replace(year=year, month=month)
        else:
            days = k * rule.interval * (7 if rule.frequency is Frequency.WEEKLY else 1)
            try:
                wall = first + timedelta(days=days)
            except OverflowError:
                return
        if rule.until is not None and wall.date() > rule.until:
            return
        yield wall
        produced += 1
        if rule.count is not None and produced >= rule.count:
            return
        if produced >= MAX_OCCURRENCES:
            raise ScheduleError(
                "too_many_occurrences",
                f"The series would have more than {MAX_OCCURRENCES} occurrences; end it sooner.",
            )


def check_series(series: Series) -> None:
    """Refuse a series that cannot be: a bad rule, a start in a gap or an unchosen fold, an
    exception naming no occurrence or moving one into a gap or an unchosen fold."""
    rule = series.rule
    if rule.interval < 1:
        raise ScheduleError("bad_interval", "A series repeats every 1 or more days, weeks, months.")
    if (rule.count is None) == (rule.until is None):
        raise ScheduleError(
            "bad_end", "A series ends after a number of occurrences or on a date (one of the two)."
        )
    if rule.count is not None and not 1 <= rule.count <= MAX_OCCURRENCES:
        raise ScheduleError(
            "bad_count", f"A series has between 1 and {MAX_OCCURRENCES} occurrences."
        )
    if series.duration_minutes <= 0:
        raise ScheduleError("bad_duration", "A webinar lasts at least one minute.")
    wall_to_utc(series.starts_at, series.zone, series.fold, strict=True)
    if rule.until is not None and rule.until < parse_wall(series.starts_at).date():
        raise ScheduleError("bad_end", "The series ends before its first occurrence.")
    for extra in series.extra:
        wall_to_utc(extra, series.zone, 0, strict=True)
    positions = {wall.isoformat() for wall in _positions(series)} | set(series.extra)
    seen: set[str] = set()
    for change in series.changes:
        key = parse_wall(change.recurrence_id).isoformat()
        if key not in positions:
            raise ScheduleError(
                "no_such_occurrence", f"The series has no occurrence at {change.recurrence_id}."
            )
        if key in seen:
            raise ScheduleError(
                "duplicate_change", f"The occurrence at {change.recurrence_id} is changed twice."
            )
        seen.add(key)
        if change.starts_at is not None:
            wall_to_utc(change.starts_at, series.zone, change.fold, strict=True)
        if change.duration_minutes is not None and change.duration_minutes <= 0:
            raise ScheduleError("bad_duration", "A webinar lasts at least one minute.")


def occurrence_id(series_id: str, recurrence_id: str) -> str:
    """The stable id of one occurrence of a series (the same after any move)."""
    return str(uuid.uuid5(OCCURRENCE_NAMESPACE, f"{series_id}/{recurrence_id}"))


def expand(series: Series, *, include_cancelled: bool = False) -> list[Webinar]:
    """The occurrences of ``series`` in time order, each a :class:`Webinar`.

    Raises ScheduleError or WallTimeError for a series :func:`check_series` refuses. Cancelled
    occurrences are left out unless ``include_cancelled`` (then with status ``cancelled``).
    """
    check_series(series)
    changes = {parse_wall(c.recurrence_id).isoformat(): c for c in series.changes}
    where = zone_of(series.zone)
    walls = list(_positions(series))
    walls += [parse_wall(extra) for extra in series.extra]
    walls.sort()
    first = parse_wall(series.starts_at)
    result: list[Webinar] = []
    for wall in walls:
        key = wall.isoformat()
        change = changes.get(key)
        status = series.status
        duration = series.duration_minutes
        fold = (series.fold or 0) if wall == first else 0
        starts = wall
        if change is not None:
            if change.cancelled:
                if not include_cancelled:
                    continue
                status = WebinarStatus.CANCELLED
            if change.starts_at is not None:
                starts, fold = parse_wall(change.starts_at), change.fold or 0
            duration = change.duration_minutes or duration
        # Outside a strict check a wall time in a gap takes the offset before it (RFC 5545).
        start = starts.replace(tzinfo=where, fold=fold).astimezone(UTC)
        local = start.astimezone(where)
        result.append(
            Webinar(
                id=occurrence_id(series.id, key),
                title=series.title,
                starts_at=local.replace(tzinfo=None).isoformat(),
                zone=series.zone,
                start=start,
                duration_minutes=duration,
                fold=local.fold,
                speaker_ids=series.speaker_ids,
                host_ids=series.host_ids,
                status=status,
                series_id=series.id,
                recurrence_id=key,
                description=series.description,
                version=series.version,
                local=series.local,
                updated_at=series.updated_at,
            )
        )
    result.sort(key=lambda w: w.start)
    return result


def _shift_wall(text: str, delta: timedelta) -> str:
    return (parse_wall(text) + delta).isoformat()


def move_series(
    series: Series, starts_at: str, *, zone: str | None = None, fold: int | None = None
) -> Series:
    """The series with its first occurrence at ``starts_at`` (in ``zone``, default its own).

    Every occurrence keeps its wall time: the rule is re-anchored, and each exception (its
    occurrence and, for a moved one, its new time) moves by the same wall-clock difference; an
    ``until`` date moves by the days moved. Raises WallTimeError for a start in a gap or an
    unchosen fold, ScheduleError when an exception would land in one.
    """
    zone = zone or series.zone
    wall_to_utc(starts_at, zone, fold, strict=True)
    delta = parse_wall(starts_at) - parse_wall(series.starts_at)
    rule = series.rule
    if rule.until is not None:
        rule = replace(rule, until=rule.until + timedelta(days=delta.days))
    changes = tuple(
        replace(
            c,
            recurrence_id=_shift_wall(c.recurrence_id, delta),
            starts_at=None if c.starts_at is None else _shift_wall(c.starts_at, delta),
        )
        for c in series.changes
    )
    moved = replace(
        series,
        starts_at=parse_wall(starts_at).isoformat(),
        zone=zone,
        fold=fold,
        rule=rule,
        changes=changes,
        extra=tuple(_shift_wall(e, delta) for e in series.extra),
    )
    try:
        check_series(moved)
    except ScheduleError as exc:
        if exc.code != "no_such_occurrence":
            raise
        raise ScheduleError(
            "changes_in_the_way",
            f"Moved that way the series loses an occurrence it has changed ({exc}); "
            "undo that change first or move the series by whole periods.",
        ) from None
    return moved


def change_occurrence(series: Series, change: Change) -> Series:
    """The series with one occurrence cancelled or moved (replacing an earlier change to it).

    Raises ScheduleError for an occurrence the series does not have, WallTimeError for a new
    wall time in a gap or an unchosen fold.
    """
    key = parse_wall(change.recurrence_id).isoformat()
    others = tuple(c for c in series.changes if parse_wall(c.recurrence_id).isoformat() != key)
    updated = replace(series, changes=(*others, replace(change, recurrence_id=key)))
    check_series(updated)
    return updated


def _fit(walls: Sequence[datetime]) -> Recurrence | None:
    """The daily, weekly or monthly rule giving exactly ``walls`` (sorted), if there is one."""
    if len(walls) == 1:
        return Recurrence(Frequency.DAILY, count=1)
    if len({w.time() for w in walls}) != 1:
        return None
    days = {(b.date() - a.date()).days for a, b in pairwise(walls)}
    if len(days) == 1 and (step := days.pop()) > 0:
        if step % 7 == 0:
            return Recurrence(Frequency.WEEKLY, step // 7, count=len(walls))
        return Recurrence(Frequency.DAILY, step, count=len(walls))
    months = {(b.year - a.year) * 12 + b.month - a.month for a, b in pairwise(walls)}
    if len({w.day for w in walls}) == 1 and len(months) == 1 and (step := months.pop()) > 0:
        return Recurrence(Frequency.MONTHLY, step, count=len(walls))
    return None


def series_from(series_id: str, occurrences: Sequence[Webinar]) -> Series:
    """A series that gives exactly ``occurrences`` (stored rows sharing a ``series_id``).

    The workspace keeps a series as its occurrences, without the rule that made them. The rule
    is found again when the occurrences follow one (same wall time every N days, weeks or months,
    in the first one's zone); otherwise the occurrences after the first are listed (RDATE).
    A cancelled occurrence becomes a cancelled change, one whose instant or duration differs
    from what the rule gives a moved one. The series takes the first occurrence's title, people
    and description, the sum of the versions (it rises whenever any occurrence changes), local
    when any is, and the latest ``updated_at``. Raises ScheduleError for no occurrences or two
    at the same time.
    """
    rows = sorted(occurrences, key=lambda w: (w.start, w.id))
    if not rows:
        raise ScheduleError("empty_series", f"The series {series_id} has no occurrences.")
    first = rows[0]
    slots = [Slot.of(w.start, first.zone) for w in rows]
    walls = [parse_wall(slot.starts_at) for slot in slots]
    if len(set(walls)) != len(walls):
        raise ScheduleError(
            "duplicate_occurrence", f"The series {series_id} has two occurrences at one time."
        )
    rule = _fit(walls)
    live = [w for w in rows if not w.cancelled] or rows
    stamps = [w.updated_at for w in rows if w.updated_at is not None]
    base = Series(
        id=series_id,
        title=first.title,
        starts_at=slots[0].starts_at,
        zone=first.zone,
        rule=rule or Recurrence(Frequency.DAILY, count=1),
        duration_minutes=first.duration_minutes,
        fold=slots[0].fold,
        speaker_ids=first.speaker_ids,
        host_ids=first.host_ids,
        status=live[0].status,
        description=first.description,
        version=sum(w.version for w in rows),
        local=any(w.local for w in rows),
        updated_at=max(stamps) if stamps else None,
        extra=() if rule else tuple(wall.isoformat() for wall in walls[1:]),
    )
    given = {w.recurrence_id: w for w in expand(base, include_cancelled=True)}
    changes: list[Change] = []
    for row, slot, wall in zip(rows, slots, walls, strict=True):
        key = wall.isoformat()
        if row.cancelled:
            changes.append(Change(key, cancelled=True))
            continue
        made = given[key]
        if made.start != row.start or made.duration_minutes != row.duration_minutes:
            changes.append(
                Change(
                    key,
                    starts_at=slot.starts_at if made.start != row.start else None,
                    fold=slot.fold if made.start != row.start else None,
                    duration_minutes=row.duration_minutes,
                )
            )
    return replace(base, changes=tuple(changes))


# -- conflict rules ------------------------------------------------------------------------------


class Rule(StrEnum):
    DOUBLE_BOOKED = "speaker_double_booked"
    UNAVAILABLE = "speaker_unavailable"
    HOST_OVERLAP = "host_overlap"
    TOO_CLOSE = "speaker_too_close"


class Severity(StrEnum):
    BLOCK = "block"
    WARN = "warn"
    OFF = "off"


DEFAULT_SEVERITIES: Mapping[Rule, Severity] = {
    Rule.DOUBLE_BOOKED: Severity.BLOCK,
    Rule.HOST_OVERLAP: Severity.BLOCK,
    Rule.UNAVAILABLE: Severity.WARN,
    Rule.TOO_CLOSE: Severity.WARN,
}


@dataclass(frozen=True)
class Policy:
    """How each rule counts, and the least time between two sessions of the same person."""

    severities: Mapping[Rule, Severity] = field(default_factory=lambda: dict(DEFAULT_SEVERITIES))
    min_gap_minutes: int = 15
    #: Suggestions step through start times this far apart, up to ``search_days`` either way.
    step_minutes: int = 15
    search_days: int = 14

    def severity(self, rule: Rule) -> Severity:
        return self.severities.get(rule, DEFAULT_SEVERITIES[rule])


@dataclass(frozen=True)
class Finding:
    """One rule broken by ``webinar_id``: with whom (``other_id``, None for availability), who
    (``person_ids``), how much it counts, and the nearest slot where this webinar breaks none."""

    rule: Rule
    severity: Severity
    webinar_id: str
    other_id: str | None
    other_title: str
    person_ids: tuple[str, ...]
    message: str
    suggestion: Slot | None

    @property
    def blocks(self) -> bool:
        return self.severity is Severity.BLOCK


_WEEK_MINUTES = 7 * 1440
_REACH_MINUTES = 8 * 1440  # how far either way a search for a speaker's next window looks


class _Hours:
    """A speaker's weekly windows, for instants: does a session fit, and if not, the nearest
    starts that would.

    The windows are merged into one weekly pattern of local minutes (a window to 24:00 joins
    one from 00:00 the next day, Sunday joins Monday), laid over five weeks around the week
    asked about. A session fits when its local start falls in a window and it ends by the UTC
    instant of that window's end: local time runs forward with UTC, so that is containment in
    the window's UTC interval, DST changes included.
    """

    def __init__(self, speaker: Speaker) -> None:
        self.where = zone_of(speaker.zone)
        spans = sorted(
            (w.weekday * 1440 + w.start, w.weekday * 1440 + w.end) for w in speaker.availability
        )
        self.starts: list[int] = []
        self.ends: list[int] = []
        for k in (-2, -1, 0, 1, 2):  # touching windows join, Sunday night with Monday morning
            for a, b in spans:
                a, b = a + k * _WEEK_MINUTES, b + k * _WEEK_MINUTES
                if self.ends and a <= self.ends[-1]:
                    self.ends[-1] = max(self.ends[-1], b)
                else:
                    self.starts.append(a)
                    self.ends.append(b)

    def _local(self, begin: float) -> tuple[datetime, float]:
        """The local Monday 00:00 (naive) of ``begin``'s week, and ``begin``'s minute in it."""
        local = datetime.fromtimestamp(begin, self.where).replace(tzinfo=None)
        monday = datetime(local.year, local.month, local.day) - timedelta(days=local.weekday())
        return monday, (local - monday) / _MINUTE

    def _utc(self, monday: datetime, minute: int) -> float:
        return (monday + timedelta(minutes=minute)).replace(tzinfo=self.where).timestamp()

    def fits(self, begin: float, end: float) -> bool:
        monday, minute = self._local(begin)
        k = bisect.bisect_right(self.starts, minute) - 1
        return k >= 0 and minute < self.ends[k] and end <= self._utc(monday, self.ends[k])

    def around(self, begin: float, seconds: float) -> tuple[float, float] | None:
        """None when a session of ``seconds`` fits from ``begin``; otherwise the latest start
        before and the earliest after that fit, within about a week (-inf/inf when none do)."""
        monday, minute = self._local(begin)
        k = bisect.bisect_right(self.starts, minute) - 1
        before, after = -math.inf, math.inf
        j = k
        while j >= 0 and self.ends[j] > minute - _REACH_MINUTES:
            start, end = self._utc(monday, self.starts[j]), self._utc(monday, self.ends[j])
            if j == k and minute < self.ends[j] and begin + seconds <= end:
                return None
            if end - start >= seconds:
                before = end - seconds
                break
            j -= 1
        j = k + 1
        while j < len(self.starts) and self.starts[j] < minute + _REACH_MINUTES:
            start, end = self._utc(monday, self.starts[j]), self._utc(monday, self.ends[j])
            if end - start >= seconds:
                after = start
                break
            j += 1
        return before, after


@dataclass
class _Bookings:
    """One person's webinars, sorted by start: parallel lists for bisect."""

    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    longest: float = 0.0


class Calendar:
    """Webinars and speakers, indexed per person for the conflict rules.

    Cancelled webinars take no part. Build it once per calendar state; :meth:`check` a candidate
    (a new or edited webinar, matched by id) as the user edits, :meth:`check_all` the whole lot.
    """

    def __init__(
        self,
        webinars: Iterable[Webinar],
        speakers: Iterable[Speaker] = (),
        policy: Policy | None = None,
    ) -> None:
        self.policy = policy or Policy()
        self.webinars: dict[str, Webinar] = {w.id: w for w in webinars if not w.cancelled}
        self.speakers: dict[str, Speaker] = {s.id: s for s in speakers}
        self._hours = {s.id: _Hours(s) for s in self.speakers.values() if s.availability}
        self._by_person: dict[str, _Bookings] = {}
        self._crowds = {w.id: _people(w) for w in self.webinars.values()}
        rows: dict[str, list[tuple[float, float, str]]] = {}
        for w in self.webinars.values():
            start = w.start.timestamp()
            for person in self._crowds[w.id]:
                rows.setdefault(person, []).append((start, start + w.duration_minutes * 60, w.id))
        for person, items in rows.items():
            items.sort()
            b = _Bookings(
                [s for s, _, _ in items], [e for _, e, _ in items], [i for _, _, i in items]
            )
            b.longest = max(e - s for s, e, _ in items)
            self._by_person[person] = b

    # The sweep: per person, each booking against the ones that start before it ends (+ gap).
    def check_all(
        self, *, suggest: bool = True, not_before: datetime | None = None
    ) -> list[Finding]:
        """Every finding of every webinar (a clash appears once from each side)."""
        gap = max(0, self.policy.min_gap_minutes) * 60
        clashes: dict[tuple[str, str], set[str]] = {}
        for person, b in self._by_person.items():
            n = len(b.starts)
            for i in range(n):
                reach = b.ends[i] + gap
                j = i + 1
                while j < n and b.starts[j] < reach:
                    clashes.setdefault((b.ids[i], b.ids[j]), set()).add(person)
                    clashes.setdefault((b.ids[j], b.ids[i]), set()).add(person)
                    j += 1
        return self._findings(clashes, suggest, not_before)

    def check_all_pairs(
        self, *, suggest: bool = True, not_before: datetime | None = None
    ) -> list[Finding]:
        """The same findings as :meth:`check_all`, found by comparing every pair (O(n²)): the
        naive reference the sweep is tested and benchmarked against."""
        gap = max(0, self.policy.min_gap_minutes) * 60
        items = [
            (w.id, w.start.timestamp(), w.end.timestamp(), _people(w))
            for w in self.webinars.values()
        ]
        clashes: dict[tuple[str, str], set[str]] = {}
        for i, (a, a_start, a_end, a_people) in enumerate(items):
            for b, b_start, b_end, b_people in items[i + 1 :]:
                if a_start < b_end + gap and b_start < a_end + gap:
                    shared = a_people & b_people
                    if shared:
                        clashes.setdefault((a, b), set()).update(shared)
                        clashes.setdefault((b, a), set()).update(shared)
        return self._findings(clashes, suggest, not_before)

    def _findings(
        self,
        clashes: Mapping[tuple[str, str], set[str]],
        suggest: bool,
        not_before: datetime | None,
    ) -> list[Finding]:
        by_webinar: dict[str, list[tuple[str, set[str]]]] = {}
        for (a, b), people in clashes.items():
            by_webinar.setdefault(a, []).append((b, people))
        result: list[Finding] = []
        for w in sorted(self.webinars.values(), key=lambda w: (w.start, w.id)):
            others = sorted(
                by_webinar.get(w.id, ()), key=lambda o: (self.webinars[o[0]].start, o[0])
            )
            result.extend(self._judge(w, others, suggest, not_before))
        return result

    def check(
        self, webinar: Webinar, *, suggest: bool = True, not_before: datetime | None = None
    ) -> list[Finding]:
        """The findings of one webinar (new, or an edited copy of one in the calendar) against
        the rest of the calendar."""
        if webinar.cancelled:
            return []
        gap = max(0, self.policy.min_gap_minutes) * 60
        start, end = webinar.start.timestamp(), webinar.end.timestamp()
        clashes: dict[str, set[str]] = {}
        for person in _people(webinar):
            for other in self._near(person, start - gap, end + gap, webinar.id):
                clashes.setdefault(other, set()).add(person)
        others = sorted(clashes.items(), key=lambda o: (self.webinars[o[0]].start, o[0]))
        return self._judge(webinar, others, suggest, not_before)

    def _people_of(self, webinar: Webinar) -> set[str]:
        known = self._crowds.get(webinar.id)
        if known is not None and self.webinars.get(webinar.id) is webinar:
            return known
        return _people(webinar)

    def _near(self, person: str, start: float, end: float, skip: str) -> Iterator[str]:
        """Ids of the person's webinars that overlap [start, end), except ``skip``."""
        b = self._by_person.get(person)
        if b is None:
            return
        lo = bisect.bisect_left(b.starts, start - b.longest)
        hi = bisect.bisect_left(b.starts, end, lo)
        for k in range(lo, hi):
            if b.ends[k] > start and b.ids[k] != skip:
                yield b.ids[k]

    def _judge(
        self,
        w: Webinar,
        others: Sequence[tuple[str, set[str]]],
        suggest: bool,
        not_before: datetime | None,
    ) -> list[Finding]:
        """Name the rule of each clash, add availability, attach one suggestion to all."""
        found: list[tuple[Rule, str | None, str, tuple[str, ...], str]] = []
        for clash_id, people in others:
            o = self.webinars[clash_id]
            who = tuple(sorted(people))
            rule: Rule
            overlap = w.start < o.end and o.start < w.end
            hosts = set(w.host_ids) & set(o.host_ids)
            if overlap:
                host_only = people <= hosts
                rule = Rule.HOST_OVERLAP if host_only else Rule.DOUBLE_BOOKED
                what = "host" if host_only else "speak at"
                message = (
                    f"{self._names(who)} also {what} “{o.title}” ({_when(o)}), which overlaps."
                )
            else:
                rule = Rule.TOO_CLOSE
                pause = abs(
                    (o.start - w.end) if o.start >= w.end else (w.start - o.end)
                ) // timedelta(minutes=1)
                message = (
                    f"{self._names(who)} would have {pause} min between this and “{o.title}” "
                    f"({_when(o)}); the least is {self.policy.min_gap_minutes} min."
                )
            found.append((rule, o.id, o.title, who, message))
        begin, seconds = w.start.timestamp(), w.duration_minutes * 60
        away = [
            s
            for s in dict.fromkeys(w.speaker_ids + w.host_ids)
            if s in self._hours and not self._hours[s].fits(begin, begin + seconds)
        ]
        if away:
            where = ", ".join(f"{self._names([s])} ({self.speakers[s].zone})" for s in away)
            found.append(
                (Rule.UNAVAILABLE, None, "", tuple(away), f"Outside the availability of {where}.")
            )
        result: list[Finding] = []
        slot: Slot | None = None
        for broken, other_id, other_title, people_ids, text in found:
            severity = self.policy.severity(broken)
            if severity is Severity.OFF:
                continue
            if suggest and slot is None:
                slot = self.nearest_free_slot(w, not_before=not_before)
            result.append(
                Finding(broken, severity, w.id, other_id, other_title, people_ids, text, slot)
            )
        return result

    def _names(self, ids: Sequence[str]) -> str:
        return ", ".join(self.speakers[i].name if i in self.speakers else i for i in ids)

    def is_free(self, webinar: Webinar, start: datetime) -> bool:
        """True when ``webinar`` moved to ``start`` would break no rule that is not off."""
        return self._obstacle(webinar, start.timestamp()) is None

    def _obstacle(self, webinar: Webinar, begin: float) -> tuple[float, float] | None:
        """None when ``webinar`` may start at ``begin``; otherwise an interval of starts around
        it that are all refused for the same reason, so a search can leap over it."""
        policy = self.policy
        seconds = webinar.duration_minutes * 60
        end = begin + seconds
        gap = (
            max(0, policy.min_gap_minutes) * 60
            if policy.severity(Rule.TOO_CLOSE) is not Severity.OFF
            else 0
        )
        hosts = set(webinar.host_ids)
        people = self._people_of(webinar)
        for person in people:
            for other in self._near(person, begin - gap, end + gap, webinar.id):
                o = self.webinars[other]
                o_start, o_end = o.start.timestamp(), o.end.timestamp()
                host_only = person in hosts and person in o.host_ids
                overlap_on = (
                    policy.severity(Rule.HOST_OVERLAP if host_only else Rule.DOUBLE_BOOKED)
                    is not Severity.OFF
                )
                if overlap_on:
                    return o_start - seconds - gap, o_end + gap
                if not (o_start < end and begin < o_end):
                    return begin, begin  # too close, its overlap allowed: one step at a time
        if policy.severity(Rule.UNAVAILABLE) is not Severity.OFF:
            for person in people:
                hours = self._hours.get(person)
                if hours is not None:
                    around = hours.around(begin, seconds)
                    if around is not None:
                        return around
        return None

    def nearest_free_slot(
        self, webinar: Webinar, *, not_before: datetime | None = None
    ) -> Slot | None:
        """The start nearest to the webinar's own where it breaks no rule (later first on a
        tie), on the policy's step (whole quarter hours by default, counted from midnight UTC),
        within ``search_days`` either way and not before ``not_before``; None if there is none.

        Each refused start names the stretch of starts refused for the same reason (a booking
        and its pause, the hours outside a speaker's windows), and the search leaps past it.
        """
        step = max(1, self.policy.step_minutes) * 60
        origin = webinar.start.timestamp()
        reach = self.policy.search_days * 86_400
        grid0 = math.floor(origin / 86_400) * 86_400  # midnight UTC

        def up(x: float) -> float:
            return grid0 + math.ceil((x - grid0) / step) * step

        def down(x: float) -> float:
            return grid0 + math.floor((x - grid0) / step) * step

        low = origin - reach
        if not_before is not None:
            low = max(low, not_before.timestamp())
        later: float | None = None
        t = max(up(origin + 1e-6), up(low))
        while t <= origin + reach:
            obstacle = self._obstacle(webinar, t)
            if obstacle is None:
                later = t
                break
            if math.isinf(obstacle[1]):
                break
            t = max(up(obstacle[1]), t + step)
        if later is not None:
            low = max(low, 2 * origin - later + 1e-6)  # an earlier start must be nearer
        earlier: float | None = None
        t = down(origin - 1e-6)
        while t >= low:
            obstacle = self._obstacle(webinar, t)
            if obstacle is None:
                earlier = t
                break
            if math.isinf(obstacle[0]):
                break
            t = min(down(obstacle[0]), t - step)
        best = earlier if earlier is not None else later
        if best is None:
            return None
        return Slot.of(datetime.fromtimestamp(best, UTC), webinar.zone)


def _people(w: Webinar) -> set[str]:
    return set(w.speaker_ids) | set(w.host_ids)


def _when(w: Webinar) -> str:
    return f"{w.starts_at[:16].replace('T', ' ')} {w.zone}"


__all__ = [
    "MAX_OCCURRENCES",
    "Calendar",
    "Change",
    "Finding",
    "Frequency",
    "Policy",
    "Recurrence",
    "Rule",
    "ScheduleError",
    "Series",
    "Severity",
    "Slot",
    "Speaker",
    "WallTimeError",
    "Webinar",
    "Window",
    "change_occurrence",
    "check_series",
    "expand",
    "move_series",
    "occurrence_id",
    "series_from",
]
