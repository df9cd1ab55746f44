"""The calendar's reads and its one write: the webinars of a date range, and a webinar moved or
resized by dragging.

Reads run off the UI thread (the page calls them through ``studio/tasks.py``); each range comes
with a :class:`~studio.domain.schedule.Calendar` of the webinars around it, so the page can run
the conflict rules live while a block is dragged without touching the database. The write is one
workspace transaction: the rows, one ``update`` op per webinar (wall time + zone + fold; the Hub
derives ``starts_at_utc``) and a journal entry, after the rules were checked again against the
whole workspace.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.domain import schedule
from studio.domain.records import RecordType
from studio.domain.zones import WallTimeError, parse_wall, wall_to_utc
from studio.store.models import Speaker, Webinar, WebinarSpeaker
from studio.store.webinar_edits import policy as rules_of
from studio.store.webinar_edits import speakers_for_rules
from studio.store.workspace import NotFound, OperationError, Workspace, wire_value

#: The live checks see the webinars this far either side of the range shown (a block dragged
#: to the edge of a month, and the nearest free slot, stay inside it).
CHECK_PADDING = timedelta(days=15)
#: No webinar lasts longer than this; a range's query looks back this far for ones running into it.
LONGEST = timedelta(days=2)
#: Rows read between two pauses.
_BATCH = 100


@dataclass(frozen=True)
class CalendarRange:
    """The webinars overlapping [start, end) (cancelled ones included), by start, and the
    names of the people they have."""

    start: datetime
    end: datetime
    webinars: tuple[schedule.Webinar, ...]
    names: Mapping[str, str]


Pause = Callable[[], object]


#: The columns the calendar reads: plain rows, not ORM objects (a month and its padding is a
#: thousand webinars and three thousand links, read again at every switch of range).
_COLUMNS = (
    Webinar.id,
    Webinar.title,
    Webinar.starts_at,
    Webinar.zone,
    Webinar.starts_at_utc,
    Webinar.duration_minutes,
    Webinar.fold,
    Webinar.status,
    Webinar.series_id,
    Webinar.description,
    Webinar.version,
    Webinar.local,
    Webinar.updated_at,
)


def _rows_between(
    session: Session, start: datetime, end: datetime, pause: Pause | None = None
) -> list[schedule.Webinar]:
    """The webinars starting in [start - LONGEST, end); ``pause()`` is called between batches
    of rows (the page lets its painting go first there)."""
    result = session.execute(
        select(*_COLUMNS)
        .where(
            Webinar.deleted.is_(False),
            Webinar.starts_at_utc >= start - LONGEST,
            Webinar.starts_at_utc < end,
        )
        .order_by(Webinar.starts_at_utc, Webinar.id),
        execution_options={"yield_per": _BATCH},
    )
    rows: list[Any] = []
    for batch in result.partitions():
        rows.extend(batch)
        if pause is not None:
            pause()
    people = _people(session, [r[0] for r in rows], pause)
    found: list[schedule.Webinar] = []
    for k, row in enumerate(rows):
        if pause is not None and k % 50 == 49:
            pause()
        found.append(_domain(row, people.get(row[0], {})))
    return found


def _people(
    session: Session, ids: Sequence[str], pause: Pause | None = None
) -> dict[str, dict[str, list[str]]]:
    people: dict[str, dict[str, list[str]]] = {}
    for chunk in range(0, len(ids), _BATCH):  # and under SQLite's bound parameters
        if pause is not None:
            pause()
        links = session.execute(
            select(WebinarSpeaker.webinar_id, WebinarSpeaker.role, WebinarSpeaker.speaker_id)
            .where(WebinarSpeaker.webinar_id.in_(ids[chunk : chunk + _BATCH]))
            .order_by(WebinarSpeaker.speaker_id)
        )
        for webinar_id, role, speaker_id in links:
            people.setdefault(webinar_id, {}).setdefault(role, []).append(speaker_id)
    return people


def _domain(row: Any, people: dict[str, list[str]]) -> schedule.Webinar:
    """A webinar of the scheduling domain from a row of :data:`_COLUMNS` or a Webinar."""
    if isinstance(row, Webinar):
        row = tuple(getattr(row, c.key) for c in _COLUMNS)
    (id_, title, starts_at, zone, start, minutes, fold, status, series, text, version, local,
     updated) = row  # fmt: skip
    return schedule.Webinar(
        id=id_,
        title=title,
        starts_at=starts_at,
        zone=zone,
        start=start,
        duration_minutes=minutes,
        fold=fold,
        speaker_ids=tuple(people.get("speaker", ())),
        host_ids=tuple(people.get("host", ())),
        status=status,
        series_id=series,
        description=text,
        version=version,
        local=local,
        updated_at=updated,
    )


def load_range(
    workspace: Workspace, start: datetime, end: datetime, pause: Pause | None = None
) -> CalendarRange:
    """The webinars overlapping [start, end), with their people's names. Reads only; run it
    off the UI thread (``pause()`` is called between batches of rows)."""
    with workspace.reading() as session:
        found = _rows_between(session, start, end, pause)
        shown = tuple(w for w in found if w.end > start)
        people = sorted({p for w in shown for p in (*w.speaker_ids, *w.host_ids)})
        names: dict[str, str] = {}
        for chunk in range(0, len(people), _BATCH):
            names.update(
                session.execute(
                    select(Speaker.id, Speaker.name).where(
                        Speaker.id.in_(people[chunk : chunk + _BATCH])
                    )
                ).all()
            )
    return CalendarRange(start, end, shown, names)


def load_checks(
    workspace: Workspace,
    start: datetime,
    end: datetime,
    policy: schedule.Policy | None = None,
    pause: Pause | None = None,
) -> schedule.Calendar:
    """The conflict rules' calendar of the webinars within :data:`CHECK_PADDING` of [start,
    end), with every speaker and their availability, under the workspace's rule settings
    (or ``policy``): what the page checks a dragged block against. Reads only."""
    with workspace.reading() as session:
        around = _rows_between(session, start - CHECK_PADDING, end + CHECK_PADDING, pause)
        speakers = speakers_for_rules(session)
        rules = policy or rules_of(session)
    return schedule.Calendar(around, speakers, rules)


# -- moving and resizing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where one webinar is: its wall time, zone and pass, and how long it lasts."""

    webinar_id: str
    starts_at: str
    zone: str
    fold: int
    duration_minutes: int


class ConflictRefused(OperationError):
    """A move that breaks a rule set to block; ``findings`` name each rule and other webinar."""

    def __init__(self, findings: Sequence[schedule.Finding], title: str) -> None:
        self.findings = tuple(findings)
        first = next(f for f in findings if f.blocks)
        super().__init__(f"“{title}” cannot go there: {first.message}")


@dataclass(frozen=True)
class Moved:
    """What a move changed: the placements before (for undo) and after, and the warnings."""

    before: tuple[Placement, ...]
    after: tuple[Placement, ...]
    warnings: tuple[schedule.Finding, ...]


def move_webinar(
    workspace: Workspace,
    webinar_id: str,
    start: datetime,
    duration_minutes: int,
    *,
    whole_series: bool = False,
    policy: schedule.Policy | None = None,
) -> Moved:
    """Move a webinar to the instant ``start`` (its wall time re-derived in its own zone) and
    give it ``duration_minutes``: one transaction, one ``update`` op per webinar changed.

    With ``whole_series`` every occurrence of its series moves by the same wall-clock
    difference in the series' zone (each keeps its wall time across DST; one landing in a gap
    takes the hour after it, in a fold the first pass, as RFC 5545 reads them). Raises NotFound,
    ConflictRefused when a rule set to block is broken (nothing is written), OperationError for
    a duration under a minute.
    """
    if duration_minutes <= 0:
        raise OperationError("A webinar lasts at least one minute.")
    with workspace.reading() as session:
        row = session.get(Webinar, webinar_id)
        if row is None or row.deleted:
            raise NotFound(RecordType.WEBINAR, webinar_id)
        slot = schedule.Slot.of(start.astimezone(UTC), row.zone)
        delta = parse_wall(slot.starts_at) - parse_wall(row.starts_at)
        if whole_series and row.series_id:
            members = session.scalars(
                select(Webinar).where(
                    Webinar.series_id == row.series_id, Webinar.deleted.is_(False)
                )
            ).all()
        else:
            members = [row]
        targets: list[Placement] = []
        for member in members:
            if member.id == webinar_id:
                targets.append(
                    Placement(member.id, slot.starts_at, slot.zone, slot.fold, duration_minutes)
                )
                continue
            wall = parse_wall(member.starts_at) + delta
            instant = wall_to_utc(wall.isoformat(), member.zone, 0)
            again = schedule.Slot.of(instant, member.zone)
            length = member.duration_minutes
            if duration_minutes != row.duration_minutes:
                length = duration_minutes
            targets.append(Placement(member.id, again.starts_at, member.zone, again.fold, length))
    return place(workspace, targets, policy=policy)


def place(
    workspace: Workspace,
    targets: Sequence[Placement],
    *,
    policy: schedule.Policy | None = None,
    summary: str = "",
) -> Moved:
    """Put each webinar at its placement in one transaction (a move, or the undo of one),
    after checking the rules against every other webinar of the workspace.

    Raises NotFound, ConflictRefused, OperationError for a wall time that names no instant.
    """
    moved_ids = {t.webinar_id for t in targets}
    with workspace.writing() as w:
        rows = {t.webinar_id: w.session.get(Webinar, t.webinar_id) for t in targets}
        for webinar_id, row in rows.items():
            if row is None or row.deleted:
                raise NotFound(RecordType.WEBINAR, webinar_id)
        people = _people(w.session, sorted(moved_ids))
        candidates: list[tuple[Placement, schedule.Webinar]] = []
        for target in targets:
            row = rows[target.webinar_id]
            assert row is not None
            try:
                instant = wall_to_utc(target.starts_at, target.zone, target.fold, strict=True)
            except WallTimeError as exc:
                raise OperationError(str(exc)) from None
            candidate = replace(
                _domain(row, people.get(row.id, {})),
                starts_at=parse_wall(target.starts_at).isoformat(),
                zone=target.zone,
                fold=target.fold,
                start=instant,
                duration_minutes=target.duration_minutes,
            )
            candidates.append((target, candidate))
        warnings = _check(w.session, [c for _, c in candidates], moved_ids, policy)
        before: list[Placement] = []
        after: list[Placement] = []
        for target, candidate in candidates:
            row = rows[target.webinar_id]
            assert row is not None
            before.append(
                Placement(row.id, row.starts_at, row.zone, row.fold, row.duration_minutes)
            )
            fields = {
                "starts_at": candidate.starts_at,
                "zone": candidate.zone,
                "fold": candidate.fold,
                "duration_minutes": candidate.duration_minutes,
            }
            changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
            if not changed:
                continue
            if {"starts_at", "zone"} & set(changed):
                changed["fold"] = candidate.fold  # the Hub reads a new start's pass from it
            words = summary or _summary(row.title, before[-1], candidate)
            w.queue(
                RecordType.WEBINAR,
                row,
                "update",
                {k: wire_value(v) for k, v in changed.items()},
                words,
            )
            for name, value in changed.items():
                setattr(row, name, value)
            row.starts_at_utc = candidate.start
            after.append(
                Placement(
                    row.id,
                    candidate.starts_at,
                    candidate.zone,
                    candidate.fold,
                    row.duration_minutes,
                )
            )
        before = [b for b in before if b.webinar_id in {a.webinar_id for a in after}]
    return Moved(tuple(before), tuple(after), tuple(warnings))


def _check(
    session: Session,
    candidates: Sequence[schedule.Webinar],
    moved_ids: set[str],
    policy: schedule.Policy | None,
) -> list[schedule.Finding]:
    """The findings of ``candidates`` against the other webinars of their people near them;
    ConflictRefused on the first blocking one."""
    live = [c for c in candidates if not c.cancelled]
    if not live:
        return []
    person_ids = sorted({p for c in live for p in (*c.speaker_ids, *c.host_ids)})
    if not person_ids:
        return []
    low = min(c.start for c in live) - LONGEST
    high = max(c.end for c in live) + LONGEST
    near_ids = (
        set(
            session.scalars(
                select(Webinar.id)
                .join(WebinarSpeaker, WebinarSpeaker.webinar_id == Webinar.id)
                .where(
                    WebinarSpeaker.speaker_id.in_(person_ids),
                    Webinar.deleted.is_(False),
                    Webinar.starts_at_utc >= low,
                    Webinar.starts_at_utc < high,
                )
            )
        )
        - moved_ids
    )
    near = session.scalars(select(Webinar).where(Webinar.id.in_(sorted(near_ids)))).all()
    people = _people(session, [r.id for r in near])
    others = [_domain(r, people.get(r.id, {})) for r in near]
    calendar = schedule.Calendar(
        [*others, *candidates], speakers_for_rules(session), policy or rules_of(session)
    )
    warnings: list[schedule.Finding] = []
    for candidate in live:
        found = calendar.check(candidate, suggest=False)
        if any(f.blocks for f in found):
            raise ConflictRefused(found, candidate.title)
        warnings.extend(found)
    return warnings


def _summary(title: str, before: Placement, after: schedule.Webinar) -> str:
    if before.starts_at == after.starts_at and before.zone == after.zone:
        return f"Made “{title}” last {after.duration_minutes} min"
    return (
        f"Moved “{title}” from {before.starts_at[:16].replace('T', ' ')} "
        f"to {after.starts_at[:16].replace('T', ' ')} {after.zone}"
    )


__all__ = [
    "CHECK_PADDING",
    "CalendarRange",
    "ConflictRefused",
    "Moved",
    "Placement",
    "load_checks",
    "load_range",
    "move_webinar",
    "place",
]
