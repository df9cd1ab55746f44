"""iCalendar export: parses with icalendar, and says the same times as the scheduling domain."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from studio.domain.ics import sequence_of, to_ics, uid_for
from studio.domain.schedule import (
    Change,
    Frequency,
    Recurrence,
    Series,
    Webinar,
    change_occurrence,
    expand,
    move_series,
)

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
EDITED = datetime(2027, 1, 4, 17, 30, tzinfo=UTC)


def parse(data: bytes) -> icalendar.Calendar:
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    return icalendar.Calendar.from_ical(data)


def events(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return list(cal.walk("VEVENT"))


def series(**kw: object) -> Series:
    fields: dict[str, object] = {
        "id": "8f9a4b52-3c1d-4e6f-9a0b-1c2d3e4f5a6b",
        "title": "Export finance clinic",
        "starts_at": "2027-03-08T10:00:00",
        "zone": "Europe/Paris",
        "rule": Recurrence(Frequency.WEEKLY, count=6),
        "version": 4,
        "updated_at": EDITED,
        "description": "**Agenda:** letters of credit",
    }
    fields.update(kw)
    return Series(**fields)  # type: ignore[arg-type]


def test_one_webinar_has_its_uid_sequence_stamp_zone_and_vtimezone() -> None:
    w = Webinar.at(
        "0b7e", "Q&A", "2027-05-01T10:00:00", "America/New_York", version=2, updated_at=EDITED
    )
    cal = parse(to_ics([w], now=NOW))
    (event,) = events(cal)
    assert event["UID"] == uid_for("0b7e") == "0b7e@studio.webinars"
    assert event["SEQUENCE"] == 2
    assert event.decoded("DTSTAMP") == EDITED
    start = event.decoded("DTSTART")
    assert start == datetime(2027, 5, 1, 14, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DURATION") == timedelta(minutes=60)
    assert str(event["STATUS"]) == "CONFIRMED"
    (tz,) = cal.walk("VTIMEZONE")
    assert tz["TZID"] == "America/New_York"
    # The VTIMEZONE itself gives the offsets zoneinfo gives, either side of both changes.
    from_file, real = tz.to_tz(), ZoneInfo("America/New_York")
    for moment in ("2027-01-15T12:00", "2027-04-01T12:00", "2027-11-20T12:00"):
        naive = datetime.fromisoformat(moment)
        assert naive.replace(tzinfo=from_file).utcoffset() == naive.replace(tzinfo=real).utcoffset()


def test_sequence_rises_with_every_change_and_the_uid_stays() -> None:
    w = Webinar.at("w", "W", "2027-05-01T10:00:00", "Europe/Paris", version=2, updated_at=EDITED)
    synced = events(parse(to_ics([w], now=NOW)))[0]
    edited = events(parse(to_ics([w.moved_to(w.start + timedelta(hours=1))], now=NOW)))[0]
    local = Webinar(**{**w.__dict__, "local": True, "start": w.start + timedelta(hours=1)})
    pending = events(parse(to_ics([local], now=NOW)))[0]
    accepted = Webinar(**{**local.__dict__, "local": False, "version": 3})
    confirmed = events(parse(to_ics([accepted], now=NOW)))[0]
    assert synced["UID"] == edited["UID"] == pending["UID"] == confirmed["UID"]
    assert [synced["SEQUENCE"], pending["SEQUENCE"], confirmed["SEQUENCE"]] == [2, 3, 3]
    assert sequence_of(0, False) == 0 and sequence_of(0, True) == 1
    # Exporting an unchanged record twice gives the same bytes.
    assert to_ics([w], now=NOW) == to_ics([w], now=NOW + timedelta(days=3))


def test_a_start_in_the_second_pass_of_a_fold_is_written_in_utc() -> None:
    second = Webinar.at("w", "W", "2027-10-31T02:30:00", "Europe/Paris", fold=1)
    first = Webinar.at("w", "W", "2027-10-31T02:30:00", "Europe/Paris", fold=0)
    (late,) = events(parse(to_ics([second], now=NOW)))
    (early,) = events(parse(to_ics([first], now=NOW)))
    assert late.decoded("DTSTART") == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert "TZID" not in late["DTSTART"].params
    # (an aware time in a fold compares unequal to any other zone's: compare in UTC)
    assert early.decoded("DTSTART").astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert early["DTSTART"].params["TZID"] == "Europe/Paris"


def test_a_series_has_rrule_exdate_and_recurrence_id_overrides() -> None:
    s = series()
    s = change_occurrence(s, Change("2027-03-22T10:00:00", cancelled=True))
    s = change_occurrence(
        s, Change("2027-03-29T10:00:00", starts_at="2027-03-30T15:00:00", duration_minutes=90)
    )
    cal = parse(to_ics(series=[s], now=NOW))
    master, override = events(cal)
    uid = uid_for(s.id)
    assert master["UID"] == override["UID"] == uid
    assert master["SEQUENCE"] == override["SEQUENCE"] == 4
    assert master["RRULE"]["FREQ"] == ["WEEKLY"] and master["RRULE"]["COUNT"] == [6]
    assert master["DTSTART"].params["TZID"] == "Europe/Paris"
    exdates = [d.dt for d in master["EXDATE"].dts]
    assert exdates == [datetime(2027, 3, 22, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))]
    assert "RECURRENCE-ID" not in master
    assert override.decoded("RECURRENCE-ID") == datetime(
        2027, 3, 29, 10, 0, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert override.decoded("DTSTART") == datetime(
        2027, 3, 30, 15, 0, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert override.decoded("DURATION") == timedelta(minutes=90)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]

    # What a calendar program computes from the file is what Studio shows: the RRULE read by
    # dateutil, minus EXDATE, with the override in place of its occurrence.
    start = master.decoded("DTSTART")
    program = [
        d for d in rrulestr(master["RRULE"].to_ical().decode(), dtstart=start) if d not in exdates
    ]
    program = [
        override.decoded("DTSTART") if d == override.decoded("RECURRENCE-ID") else d
        for d in program
    ]
    assert [d.astimezone(UTC) for d in program] == [w.start for w in expand(s)]
    # Across the 28 March change the wall time stays 10:00 in Paris, the UTC hour moves
    # (the moved one is 15:00 in Paris on the 30th, 13:00 UTC).
    assert [d.astimezone(UTC).hour for d in program] == [9, 9, 13, 8, 8]


def test_a_series_ending_on_a_date_and_a_monthly_one() -> None:
    s = series(rule=Recurrence(Frequency.DAILY, interval=2, until=date(2027, 3, 31)))
    (master,) = events(parse(to_ics(series=[s], now=NOW)))
    rule = master["RRULE"]
    assert rule["FREQ"] == ["DAILY"] and rule["INTERVAL"] == [2]
    (until,) = rule["UNTIL"]
    assert until == datetime(2027, 3, 31, 21, 59, 59, tzinfo=UTC)  # end of the 31st in Paris
    got = list(rrulestr(rule.to_ical().decode(), dtstart=master.decoded("DTSTART")))
    assert [d.astimezone(UTC) for d in got] == [w.start for w in expand(s)]
    monthly = series(starts_at="2027-01-31T18:00:00", rule=Recurrence(Frequency.MONTHLY, count=4))
    (m,) = events(parse(to_ics(series=[monthly], now=NOW)))
    got = list(rrulestr(m["RRULE"].to_ical().decode(), dtstart=m.decoded("DTSTART")))
    assert [d.astimezone(UTC) for d in got] == [w.start for w in expand(monthly)]


def test_a_moved_series_keeps_its_uid_and_raises_its_sequence() -> None:
    s = series()
    before = events(parse(to_ics(series=[s], now=NOW)))[0]
    moved = move_series(s, "2027-03-09T11:00:00")
    moved = Series(**{**moved.__dict__, "version": s.version + 1})
    after = events(parse(to_ics(series=[moved], now=NOW)))[0]
    assert before["UID"] == after["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == datetime(2027, 3, 9, 11, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_a_series_starting_in_the_second_pass_of_a_fold_gets_an_utc_override() -> None:
    s = series(starts_at="2027-10-31T02:30:00", fold=1, rule=Recurrence(Frequency.WEEKLY, count=2))
    master, override = events(parse(to_ics(series=[s], now=NOW)))
    assert override.decoded("RECURRENCE-ID") == master.decoded("DTSTART")
    assert override.decoded("DTSTART") == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


def test_the_whole_calendar_has_one_vtimezone_per_zone_and_utc_needs_none() -> None:
    webinars = [
        Webinar.at("a", "A", "2027-03-08T10:00:00", "Europe/Paris"),
        Webinar.at("b", "B", "2027-03-08T10:00:00", "Europe/Paris"),
        Webinar.at("c", "C", "2028-06-08T10:00:00", "Asia/Hong_Kong"),
        Webinar.at("d", "D", "2027-06-08T10:00:00", "UTC", status="cancelled"),
    ]
    cal = parse(to_ics(webinars, [series(zone="America/New_York")], name="Webinars", now=NOW))
    assert cal["X-WR-CALNAME"] == "Webinars"
    assert sorted(tz["TZID"] for tz in cal.walk("VTIMEZONE")) == [
        "America/New_York",
        "Asia/Hong_Kong",
        "Europe/Paris",
    ]
    by_uid = {e["UID"]: e for e in events(cal)}
    assert len(by_uid) == 5
    utc = by_uid[uid_for("d")]
    assert utc.decoded("DTSTART") == datetime(2027, 6, 8, 10, 0, tzinfo=UTC)
    assert str(utc["STATUS"]) == "CANCELLED"
    # Every TZID used has its VTIMEZONE.
    used = {
        prop.params["TZID"]
        for e in events(cal)
        for key in ("DTSTART", "RECURRENCE-ID")
        if key in e and "TZID" in (prop := e[key]).params
    }
    assert used <= {tz["TZID"] for tz in cal.walk("VTIMEZONE")}
