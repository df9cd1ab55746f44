"""iCalendar (.ics) export of webinars and series, built with the ``icalendar`` library.

What keeps a calendar program right when an event moves:

- **UID** derived from the webinar's id, or the series' id for a series, so an export after any
  change names the same event (``uid_for``): the program updates it instead of adding one.
- **SEQUENCE** from the record's version (the Hub's), one more while it has unsynced local
  changes (``sequence_of``); **DTSTAMP** and **LAST-MODIFIED** are the record's ``updated_at``,
  so two exports of an unchanged record are byte for byte the same.
- Times as **wall time + TZID** with a **VTIMEZONE** for each zone used, covering the years the
  events span, so an event keeps its wall time in its zone whatever the reader's zone. A start in
  the second pass of a repeated hour cannot be said with a TZID (RFC 5545 reads it as the first),
  so it is written in UTC; ``UTC`` itself is written with ``Z``.
- A series is one VEVENT with an **RRULE** (and RDATE for occurrences the rule does not give),
  **EXDATE** for cancelled occurrences, and one VEVENT with **RECURRENCE-ID** per occurrence that
  differs from what the rule gives (moved, another duration, the second pass of a fold).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, Timezone

from studio.domain.records import WebinarStatus
from studio.domain.schedule import Frequency, Series, Webinar, expand
from studio.domain.zones import is_ambiguous, parse_wall, zone_of

PRODID = "-//Studio//Webinars 1.0//EN"
UID_DOMAIN = "studio.webinars"

_STATUS: dict[str, str] = {
    WebinarStatus.DRAFT: "TENTATIVE",
    WebinarStatus.SCHEDULED: "CONFIRMED",
    WebinarStatus.LIVE: "CONFIRMED",
    WebinarStatus.DONE: "CONFIRMED",
    WebinarStatus.CANCELLED: "CANCELLED",
}
_UTC_NAMES = {"UTC", "Etc/UTC", "Etc/Zulu", "Zulu", "Universal", "Etc/Universal", "GMT", "Etc/GMT"}


def uid_for(record_id: str) -> str:
    """The UID of a webinar's or a series' event: the same for every export of it."""
    return f"{record_id}@{UID_DOMAIN}"


def sequence_of(version: int, local: bool) -> int:
    """SEQUENCE: the Hub's version, one more while a local change waits to be synced."""
    return max(0, version) + (1 if local else 0)


class _Zones:
    """The zones used, with the dates each must cover."""

    def __init__(self) -> None:
        self.spans: dict[str, tuple[date, date]] = {}

    def value(self, wall: str | datetime, zone: str, fold: int = 0) -> datetime:
        """The DTSTART-like value of a wall time: TZID-bound, or UTC where a TZID can't say it."""
        where = zone_of(zone)
        naive = parse_wall(wall) if isinstance(wall, str) else wall
        if zone in _UTC_NAMES:
            return naive.replace(tzinfo=UTC)
        if fold and is_ambiguous(naive, where):
            return naive.replace(tzinfo=where, fold=1).astimezone(UTC)
        first, last = self.spans.get(zone, (naive.date(), naive.date()))
        self.spans[zone] = (min(first, naive.date()), max(last, naive.date()))
        return naive.replace(tzinfo=where)

    def components(self) -> Iterator[Timezone]:
        for zone, (first, last) in sorted(self.spans.items()):
            yield Timezone.from_tzid(
                zone, first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1)
            )


def _stamp(updated_at: datetime | None, now: datetime) -> datetime:
    return (updated_at or now).astimezone(UTC).replace(microsecond=0)


def _common(
    event: Event,
    record_id: str,
    title: str,
    description: str,
    status: str,
    version: int,
    local: bool,
    updated_at: datetime | None,
    now: datetime,
) -> None:
    event.add("uid", uid_for(record_id))
    event.add("dtstamp", _stamp(updated_at, now))
    event.add("last-modified", _stamp(updated_at, now))
    event.add("sequence", sequence_of(version, local))
    event.add("summary", title)
    if description:
        event.add("description", description)
    event.add("status", _STATUS.get(status, "CONFIRMED"))


def webinar_event(webinar: Webinar, zones: _Zones, now: datetime) -> Event:
    """One VEVENT for a single webinar."""
    event = Event()
    _common(
        event,
        webinar.id,
        webinar.title,
        webinar.description,
        webinar.status,
        webinar.version,
        webinar.local,
        webinar.updated_at,
        now,
    )
    event.add("dtstart", zones.value(webinar.starts_at, webinar.zone, webinar.fold))
    event.add("duration", timedelta(minutes=webinar.duration_minutes))
    return event


def series_events(series: Series, zones: _Zones, now: datetime) -> list[Event]:
    """The master VEVENT of a series and one VEVENT per occurrence that differs from the rule.

    Raises ScheduleError or WallTimeError for a series :func:`schedule.check_series` refuses.
    """
    occurrences = expand(series, include_cancelled=True)
    where = zone_of(series.zone)
    master = Event()
    _common(
        master,
        series.id,
        series.title,
        series.description,
        series.status,
        series.version,
        series.local,
        series.updated_at,
        now,
    )
    # The master's DTSTART is the rule's first position read as RFC 5545 reads it; an
    # occurrence that starts elsewhere (the second pass of a fold) gets an override below.
    master.add("dtstart", zones.value(series.starts_at, series.zone))
    master.add("duration", timedelta(minutes=series.duration_minutes))
    rule: dict[str, object] = {"FREQ": series.rule.frequency.upper()}
    if series.rule.interval > 1:
        rule["INTERVAL"] = series.rule.interval
    if series.rule.count is not None:
        rule["COUNT"] = series.rule.count
    if series.rule.until is not None:
        # With a TZID-bound DTSTART, UNTIL is in UTC (RFC 5545): the end of that day in the zone.
        last = datetime.combine(series.rule.until, time(23, 59, 59)).replace(tzinfo=where)
        rule["UNTIL"] = last.astimezone(UTC)
    if series.rule.frequency is Frequency.MONTHLY:
        rule["BYMONTHDAY"] = parse_wall(series.starts_at).day
    master.add("rrule", rule)
    if series.extra:
        master.add("rdate", [zones.value(extra, series.zone) for extra in sorted(series.extra)])
    cancelled = [o for o in occurrences if o.cancelled and o.recurrence_id]
    if cancelled:
        master.add("exdate", [zones.value(o.recurrence_id or "", series.zone) for o in cancelled])
    events = [master]
    for o in occurrences:
        if o.cancelled or o.recurrence_id is None:
            continue
        by_rule = parse_wall(o.recurrence_id).replace(tzinfo=where, fold=0).astimezone(UTC)
        if o.start == by_rule and o.duration_minutes == series.duration_minutes:
            continue
        override = Event()
        _common(
            override,
            series.id,
            o.title,
            o.description,
            o.status,
            series.version,
            series.local,
            series.updated_at,
            now,
        )
        override.add("recurrence-id", zones.value(o.recurrence_id, series.zone))
        override.add("dtstart", zones.value(o.starts_at, o.zone, o.fold))
        override.add("duration", timedelta(minutes=o.duration_minutes))
        events.append(override)
    for o in occurrences:  # the VTIMEZONE must reach the last occurrence
        zones.value(o.starts_at, o.zone)
    return events


def calendar(
    webinars: Iterable[Webinar] = (),
    series: Iterable[Series] = (),
    *,
    name: str | None = None,
    now: datetime | None = None,
) -> Calendar:
    """A VCALENDAR of single webinars and series, with a VTIMEZONE for each zone used.

    ``now`` stands in for DTSTAMP of records without ``updated_at`` (default: the current time).
    """
    moment = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    zones = _Zones()
    for s in series:
        for event in series_events(s, zones, moment):
            cal.add_component(event)
    for w in webinars:
        cal.add_component(webinar_event(w, zones, moment))
    for tz in zones.components():
        cal.add_component(tz)
    return cal


def to_ics(
    webinars: Iterable[Webinar] = (),
    series: Iterable[Series] = (),
    *,
    name: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """The .ics bytes of :func:`calendar` (CRLF line ends, folded lines, UTF-8)."""
    data: bytes = calendar(webinars, series, name=name, now=now).to_ical()
    return data


__all__ = ["PRODID", "calendar", "sequence_of", "to_ics", "uid_for"]
