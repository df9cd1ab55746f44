"""Scheduling: series across DST, gaps and folds, exceptions, moves, and the conflict rules."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from studio.domain.schedule import (
    Calendar,
    Change,
    Frequency,
    Policy,
    Recurrence,
    Rule,
    ScheduleError,
    Series,
    Severity,
    Speaker,
    Webinar,
    Window,
    change_occurrence,
    expand,
    move_series,
    series_from,
)
from studio.domain.zones import WallTimeError

HK = "Asia/Hong_Kong"


def weekly(sid: str, starts_at: str, zone: str, count: int, **kw: object) -> Series:
    return Series(
        id=sid,
        title=sid,
        starts_at=starts_at,
        zone=zone,
        rule=Recurrence(Frequency.WEEKLY, count=count),
        **kw,  # type: ignore[arg-type]
    )


def hk(w: Webinar) -> str:
    return w.seen_from(HK).strftime("%m-%d %H:%M")


# -- series across the DST changes --------------------------------------------------------------


def test_spring_series_in_paris_and_new_york_seen_from_hong_kong() -> None:
    # 2027: New York springs forward on 14 March, Paris on 28 March; Hong Kong has no DST.
    paris = expand(weekly("paris", "2027-03-08T10:00:00", "Europe/Paris", 4))
    new_york = expand(weekly("ny", "2027-03-08T09:00:00", "America/New_York", 4))
    assert [w.starts_at[11:16] for w in paris] == ["10:00"] * 4  # wall time kept in its zone
    assert [w.starts_at[11:16] for w in new_york] == ["09:00"] * 4
    assert [hk(w) for w in paris] == ["03-08 17:00", "03-15 17:00", "03-22 17:00", "03-29 16:00"]
    assert [hk(w) for w in new_york] == [
        "03-08 22:00",
        "03-15 21:00",
        "03-22 21:00",
        "03-29 21:00",
    ]
    # 09:00 in New York comes 5 hours after 10:00 in Paris, but 4 in the weeks between the changes.
    gaps = [(n.start - p.start) / timedelta(hours=1) for p, n in zip(paris, new_york, strict=True)]
    assert gaps == [5, 4, 4, 5]


def test_autumn_series_in_paris_and_new_york_seen_from_hong_kong() -> None:
    # 2027: Paris falls back on 31 October, New York on 7 November.
    paris = expand(weekly("paris", "2027-10-25T10:00:00", "Europe/Paris", 3))
    new_york = expand(weekly("ny", "2027-10-25T09:00:00", "America/New_York", 3))
    assert [hk(w) for w in paris] == ["10-25 16:00", "11-01 17:00", "11-08 17:00"]
    assert [hk(w) for w in new_york] == ["10-25 21:00", "11-01 21:00", "11-08 22:00"]
    assert {w.starts_at[11:] for w in paris} == {"10:00:00"}


def test_monthly_series_skips_months_without_its_day_and_until_is_inclusive() -> None:
    s = Series(
        "m",
        "Month end",
        "2027-01-31T18:00:00",
        "Europe/Paris",
        Recurrence(Frequency.MONTHLY, until=date(2027, 7, 31)),
    )
    assert [w.starts_at[:10] for w in expand(s)] == [
        "2027-01-31",
        "2027-03-31",
        "2027-05-31",
        "2027-07-31",
    ]
    daily = Series("d", "D", "2027-03-01T08:00:00", "UTC", Recurrence(Frequency.DAILY, 2, count=3))
    assert [w.starts_at[:10] for w in expand(daily)] == ["2027-03-01", "2027-03-03", "2027-03-05"]


def test_a_series_needs_exactly_one_end_and_a_sane_rule() -> None:
    base = weekly("s", "2027-03-01T10:00:00", "UTC", 3)
    for rule, code in [
        (Recurrence(Frequency.WEEKLY), "bad_end"),
        (Recurrence(Frequency.WEEKLY, count=2, until=date(2027, 4, 1)), "bad_end"),
        (Recurrence(Frequency.WEEKLY, interval=0, count=2), "bad_interval"),
        (Recurrence(Frequency.WEEKLY, count=0), "bad_count"),
        (Recurrence(Frequency.WEEKLY, until=date(2027, 2, 1)), "bad_end"),
        (Recurrence(Frequency.DAILY, until=date(2035, 1, 1)), "too_many_occurrences"),
    ]:
        with pytest.raises(ScheduleError) as err:
            expand(Series(**{**base.__dict__, "rule": rule}))
        assert err.value.code == code, rule


# -- gaps and folds --------------------------------------------------------------------------


def test_a_start_in_a_gap_is_refused_with_a_clear_message() -> None:
    with pytest.raises(WallTimeError) as err:
        expand(weekly("s", "2027-03-28T02:30:00", "Europe/Paris", 3))
    assert err.value.code == "wall_time_in_gap"
    assert "does not exist in Europe/Paris" in str(err.value)
    with pytest.raises(WallTimeError, match="the clocks skip that hour"):
        Webinar.at("w", "W", "2027-03-14T02:15:00", "America/New_York")


def test_a_start_in_a_fold_needs_the_pass_chosen() -> None:
    with pytest.raises(WallTimeError) as err:
        Webinar.at("w", "W", "2027-10-31T02:30:00", "Europe/Paris")
    assert err.value.code == "ambiguous_wall_time"
    assert "happens twice" in str(err.value)
    first = Webinar.at("w", "W", "2027-10-31T02:30:00", "Europe/Paris", fold=0)
    second = Webinar.at("w", "W", "2027-10-31T02:30:00", "Europe/Paris", fold=1)
    assert first.start == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert second.start == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert hk(first) == "10-31 08:30" and hk(second) == "10-31 09:30"
    # A series starting in the fold: the chosen pass for its first occurrence, wall time kept.
    with pytest.raises(WallTimeError):
        expand(weekly("s", "2027-10-31T02:30:00", "Europe/Paris", 2))
    occurrences = expand(weekly("s", "2027-10-31T02:30:00", "Europe/Paris", 2, fold=1))
    assert occurrences[0].start == second.start and occurrences[0].fold == 1
    assert occurrences[1].starts_at == "2027-11-07T02:30:00"


def test_a_later_occurrence_in_a_gap_reads_as_rfc_5545_does() -> None:
    # A daily 02:30 in Paris: the 28th has no 02:30, so it takes the offset before the gap.
    days = expand(
        Series(
            "d",
            "Night",
            "2027-03-27T02:30:00",
            "Europe/Paris",
            Recurrence(Frequency.DAILY, count=3),
        )
    )
    assert [w.starts_at for w in days] == [
        "2027-03-27T02:30:00",
        "2027-03-28T03:30:00",
        "2027-03-29T02:30:00",
    ]
    assert days[1].recurrence_id == "2027-03-28T02:30:00"
    assert days[1].start == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


# -- moving a series, exceptions -------------------------------------------------------------


def test_moving_a_series_keeps_each_occurrence_wall_time() -> None:
    s = weekly("s", "2027-03-22T10:00:00", "Europe/Paris", 3)  # across the 28 March change
    moved = move_series(s, "2027-03-23T11:30:00")
    walls = [w.starts_at for w in expand(moved)]
    assert walls == ["2027-03-23T11:30:00", "2027-03-30T11:30:00", "2027-04-06T11:30:00"]
    utc = [w.start.strftime("%H:%M") for w in expand(moved)]
    assert utc == ["10:30", "09:30", "09:30"]
    # Into another zone: the wall time is kept in the new zone.
    there = move_series(s, "2027-03-22T10:00:00", zone="America/New_York")
    assert [w.seen_from("America/New_York").hour for w in expand(there)] == [10, 10, 10]
    with pytest.raises(WallTimeError, match="does not exist"):
        move_series(s, "2027-03-28T02:00:00")


def test_an_occurrence_cancelled_or_moved_on_its_own() -> None:
    s = weekly("s", "2027-03-01T10:00:00", "Europe/Paris", 4)
    ids = [w.id for w in expand(s)]
    s = change_occurrence(s, Change("2027-03-08T10:00:00", cancelled=True))
    s = change_occurrence(s, Change("2027-03-15T10:00:00", starts_at="2027-03-16T14:00:00"))
    got = expand(s)
    assert [w.starts_at for w in got] == [
        "2027-03-01T10:00:00",
        "2027-03-16T14:00:00",
        "2027-03-22T10:00:00",
    ]
    assert got[1].recurrence_id == "2027-03-15T10:00:00" and got[1].id == ids[2]
    everything = expand(s, include_cancelled=True)
    assert [w.status for w in everything].count("cancelled") == 1
    # Moving the series carries its exceptions along.
    later = expand(move_series(s, "2027-03-01T09:00:00"))
    assert [w.starts_at for w in later] == [
        "2027-03-01T09:00:00",
        "2027-03-16T13:00:00",
        "2027-03-22T09:00:00",
    ]
    with pytest.raises(ScheduleError) as err:
        change_occurrence(s, Change("2027-03-02T10:00:00", cancelled=True))
    assert err.value.code == "no_such_occurrence"
    with pytest.raises(WallTimeError) as gap:
        change_occurrence(s, Change("2027-03-22T10:00:00", starts_at="2027-03-28T02:30:00"))
    assert gap.value.code == "wall_time_in_gap"


# -- conflict rules --------------------------------------------------------------------------


def at(wid: str, wall: str, minutes: int = 60, zone: str = "Europe/Paris", **kw: object) -> Webinar:
    return Webinar.at(wid, wid.upper(), wall, zone, duration_minutes=minutes, **kw)


ANA = Speaker("ana", "Ana Ruiz", "Europe/Madrid")
BOB = Speaker("bob", "Bob Lee", "America/New_York")


def test_a_speaker_booked_twice_blocks_names_the_other_and_suggests_the_nearest_slot() -> None:
    a = at("a", "2027-05-10T10:00:00", speaker_ids=("ana",))
    b = at("b", "2027-05-10T10:30:00", speaker_ids=("ana",))
    cal = Calendar([a], [ANA, BOB])
    (finding,) = cal.check(b)
    assert finding.rule is Rule.DOUBLE_BOOKED and finding.blocks
    assert finding.other_id == "a" and finding.other_title == "A"
    assert "Ana Ruiz" in finding.message and "2027-05-10 10:00 Europe/Paris" in finding.message
    # Nearest start keeping the 15-minute pause: 11:15 (45 min on) beats 08:45 (105 min back).
    assert finding.suggestion is not None
    assert finding.suggestion.starts_at == "2027-05-10T11:15:00"
    assert finding.suggestion.zone == "Europe/Paris"
    assert cal.check(b.moved_to(finding.suggestion.start)) == []
    # The same clash as a warning, or not at all.
    warn = Calendar([a], [ANA], Policy({Rule.DOUBLE_BOOKED: Severity.WARN}))
    assert [(f.rule, f.severity, f.blocks) for f in warn.check(b)] == [
        (Rule.DOUBLE_BOOKED, Severity.WARN, False)
    ]
    assert Calendar([a], [ANA], Policy({Rule.DOUBLE_BOOKED: Severity.OFF})).check(b) == []


def test_overlapping_webinars_sharing_a_host() -> None:
    a = at("a", "2027-05-10T10:00:00", host_ids=("host",), speaker_ids=("ana",))
    b = at("b", "2027-05-10T10:45:00", host_ids=("host",), speaker_ids=("bob",))
    (finding,) = Calendar([a]).check(b)
    assert finding.rule is Rule.HOST_OVERLAP and finding.person_ids == ("host",)
    assert "also host “A”" in finding.message
    assert finding.suggestion is not None and finding.suggestion.starts_at.endswith("11:15:00")
    warn = Calendar([a], policy=Policy({Rule.HOST_OVERLAP: Severity.WARN})).check(b)
    assert [f.severity for f in warn] == [Severity.WARN]
    # A host of one who speaks at the other is double-booked, not a shared host.
    c = at("c", "2027-05-10T10:45:00", speaker_ids=("host",))
    assert [f.rule for f in Calendar([a]).check(c)] == [Rule.DOUBLE_BOOKED]


def test_too_little_time_between_a_speakers_sessions() -> None:
    a = at("a", "2027-05-10T10:00:00", speaker_ids=("ana",))
    b = at("b", "2027-05-10T11:05:00", speaker_ids=("ana",))
    (finding,) = Calendar([a], [ANA]).check(b)
    assert finding.rule is Rule.TOO_CLOSE and finding.severity is Severity.WARN
    assert "5 min between" in finding.message and "the least is 15 min" in finding.message
    assert finding.suggestion is not None and finding.suggestion.starts_at.endswith("11:15:00")
    blocking = Policy({Rule.TOO_CLOSE: Severity.BLOCK}, min_gap_minutes=30)
    (strict,) = Calendar([a], [ANA], blocking).check(b)
    assert strict.blocks and strict.suggestion is not None
    assert strict.suggestion.starts_at.endswith("11:30:00")
    assert Calendar([a], [ANA], Policy(min_gap_minutes=0)).check(b) == []
    exactly = at("c", "2027-05-10T11:15:00", speaker_ids=("ana",))
    assert Calendar([a], [ANA]).check(exactly) == []


def test_a_speaker_in_another_zone_is_checked_against_their_own_hours() -> None:
    # Bob, in New York, takes calls 08:00-12:00 on weekdays (his time). A Monday series at
    # 13:30 in Paris is 07:30 for him, except in the two weeks when only New York is on DST.
    bob = Speaker(
        "bob",
        "Bob Lee",
        "America/New_York",
        tuple(Window.parse(f"{d} 08:00-12:00") for d in ("Mon", "Tue", "Wed", "Thu", "Fri")),
    )
    series = weekly("s", "2027-03-08T13:30:00", "Europe/Paris", 4, speaker_ids=("bob",))
    occurrences = expand(series)
    cal = Calendar(occurrences, [bob])
    unavailable = {f.webinar_id: f for f in cal.check_all() if f.rule is Rule.UNAVAILABLE}
    flagged = [w.starts_at[:10] for w in occurrences if w.id in unavailable]
    assert flagged == ["2027-03-08", "2027-03-29"]
    finding = unavailable[occurrences[0].id]
    assert finding.severity is Severity.WARN and finding.other_id is None
    assert "Bob Lee (America/New_York)" in finding.message
    assert finding.suggestion is not None
    assert finding.suggestion.starts_at == "2027-03-08T14:00:00"  # 08:00 in New York
    assert Calendar(occurrences, [bob], Policy({Rule.UNAVAILABLE: Severity.OFF})).check_all() == []


def test_availability_windows_parse_and_cross_midnight() -> None:
    assert Window.parse("tue 09:00-17:30") == Window(1, 540, 1050)
    for bad in ("Mon 9-17", "Funday 09:00-10:00", "Mon 10:00-09:00", "Mon 09:00-25:00"):
        with pytest.raises(ScheduleError):
            Window.parse(bad)
    owl = Speaker(
        "o", "Owl", "UTC", (Window.parse("Mon 22:00-24:00"), Window.parse("Tue 00:00-02:00"))
    )
    start = datetime(2027, 5, 10, 23, 0, tzinfo=UTC)  # a Monday
    assert owl.available(start, start + timedelta(hours=2))
    assert not owl.available(start, start + timedelta(hours=4))
    sunday = datetime(2027, 5, 16, 23, 0, tzinfo=UTC)
    weekend = Speaker(
        "w", "W", "UTC", (Window.parse("Sun 23:00-24:00"), Window.parse("Mon 00:00-01:00"))
    )
    assert weekend.available(sunday, sunday + timedelta(hours=2))
    always = Speaker("a", "A", "UTC", tuple(Window(d, 0, 1440) for d in range(7)))
    assert always.available(sunday, sunday + timedelta(hours=5))
    # A window in Paris on the night the clocks go back holds one more real hour.
    night = Speaker("n", "N", "Europe/Paris", (Window.parse("Sun 01:00-04:00"),))
    fall = datetime(2027, 10, 30, 23, 0, tzinfo=UTC)  # 01:00 in Paris, 31 October
    assert night.available(fall, fall + timedelta(hours=4))
    assert not night.available(fall, fall + timedelta(hours=4, minutes=1))


def test_no_suggestion_when_no_slot_can_fit() -> None:
    # Two speakers whose hours never meet: Tokyo's working day is New York's night.
    tokyo = Speaker("t", "Tokyo", "Asia/Tokyo", (Window.parse("Mon 09:00-17:00"),))
    short = Speaker("s", "Short", "UTC", (Window.parse("Tue 09:00-10:00"),))
    nyc = Speaker("n", "NYC", "America/New_York", (Window.parse("Mon 09:00-17:00"),))
    both = at("b", "2027-05-10T10:00:00", speaker_ids=("t", "n"))
    (finding,) = Calendar([], [tokyo, nyc]).check(both)
    assert finding.rule is Rule.UNAVAILABLE and finding.suggestion is None
    (too_long,) = Calendar([], [short]).check(
        at("l", "2027-05-11T10:00:00", 120, "UTC", speaker_ids=("s",))
    )
    assert too_long.suggestion is None
    (fits,) = Calendar([], [short]).check(
        at("f", "2027-05-11T10:00:00", 60, "UTC", speaker_ids=("s",))
    )
    assert fits.suggestion is not None and fits.suggestion.starts_at == "2027-05-11T09:00:00"


def test_suggestions_never_fall_before_not_before() -> None:
    a = at("a", "2027-05-10T10:00:00", speaker_ids=("ana",))
    b = at("b", "2027-05-10T09:00:00", speaker_ids=("ana",))
    (finding,) = Calendar([a]).check(b)
    assert finding.suggestion is not None and finding.suggestion.starts_at.endswith("08:45:00")
    now = datetime(2027, 5, 10, 7, 0, tzinfo=UTC)  # 09:00 in Paris
    (later,) = Calendar([a]).check(b, not_before=now)
    assert later.suggestion is not None and later.suggestion.starts_at.endswith("11:15:00")


def test_cancelled_webinars_take_no_part() -> None:
    a = at("a", "2027-05-10T10:00:00", speaker_ids=("ana",), status="cancelled")
    b = at("b", "2027-05-10T10:00:00", speaker_ids=("ana",))
    assert Calendar([a, b]).check_all() == []


def test_the_sweep_finds_exactly_what_comparing_every_pair_finds() -> None:
    rng = random.Random(7)
    zones = ["Europe/Paris", "America/New_York", HK, "UTC"]
    speakers = [
        Speaker(
            f"s{i}",
            f"Speaker {i}",
            rng.choice(zones),
            () if i % 3 else (Window(0, 480, 1080), Window(2, 480, 1080), Window(4, 0, 1440)),
        )
        for i in range(30)
    ]
    webinars = []
    for i in range(300):
        day = datetime(2027, 3, 1) + timedelta(
            days=rng.randrange(40), minutes=15 * rng.randrange(96)
        )
        wall = day.isoformat()
        zone = rng.choice(zones)
        try:
            w = Webinar.at(
                f"w{i:03}",
                f"W{i}",
                wall,
                zone,
                fold=0,
                duration_minutes=rng.choice((30, 60, 90)),
                speaker_ids=tuple(rng.sample([s.id for s in speakers], rng.randint(1, 3))),
                host_ids=(rng.choice(("h1", "h2", "h3")),),
            )
        except WallTimeError:
            continue
        webinars.append(w)
    cal = Calendar(webinars, speakers)
    swept = cal.check_all()
    assert swept == cal.check_all_pairs()
    assert {f.rule for f in swept} == set(Rule)  # the data trips every rule
    for w in webinars:  # and checking one webinar gives its share of the whole
        assert cal.check(w) == [f for f in swept if f.webinar_id == w.id]
    for f in swept:
        if f.blocks and f.suggestion is not None:
            moved = cal.webinars[f.webinar_id].moved_to(f.suggestion.start)
            assert cal.is_free(moved, moved.start)
    # The search leaps over refused stretches; it finds what stepping through every start finds.
    for webinar_id in list(dict.fromkeys(f.webinar_id for f in swept))[:25]:
        w = cal.webinars[webinar_id]
        slot = cal.nearest_free_slot(w)
        assert (slot.start if slot else None) == step_by_step(cal, w)


def step_by_step(cal: Calendar, w: Webinar) -> datetime | None:
    step, reach = timedelta(minutes=15), timedelta(days=cal.policy.search_days)
    midnight = w.start.replace(hour=0, minute=0, second=0, microsecond=0)
    below = midnight + ((w.start - midnight) // step) * step
    above = below + step
    if below == w.start:
        below -= step
    while above - w.start <= reach or w.start - below <= reach:
        if above - w.start <= w.start - below:
            candidate, above = above, above + step
        else:
            candidate, below = below, below - step
        if abs(candidate - w.start) <= reach and cal.is_free(w, candidate):
            return candidate
    return None


def test_a_series_is_found_again_from_its_stored_occurrences() -> None:
    s = weekly("s", "2027-03-01T10:00:00", "Europe/Paris", 5)
    s = change_occurrence(s, Change("2027-03-08T10:00:00", cancelled=True))
    s = change_occurrence(s, Change("2027-03-29T10:00:00", duration_minutes=90))
    rows = expand(s, include_cancelled=True)
    again = series_from("s", list(reversed(rows)))
    assert again.rule == Recurrence(Frequency.WEEKLY, 1, count=5) and again.extra == ()
    assert sorted(c.recurrence_id for c in again.changes) == [
        "2027-03-08T10:00:00",
        "2027-03-29T10:00:00",
    ]
    assert [(w.start, w.duration_minutes) for w in expand(again)] == [
        (w.start, w.duration_minutes) for w in expand(s)
    ]
    # Rows that follow no rule keep their times as extra dates (RDATE).
    odd = [rows[0], rows[2].moved_to(rows[2].start + timedelta(hours=3)), rows[4]]
    loose = series_from("s", odd)
    assert loose.extra and [w.start for w in expand(loose)] == [w.start for w in odd]
    with pytest.raises(ScheduleError):
        series_from("s", [rows[0], rows[0]])
