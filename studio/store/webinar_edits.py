"""Writing webinars, speakers, registrations and the conflict-rule settings.

Like the article operations in ``workspace.py``, each function is one transaction: the webinar
rows, their outbox ops (create/update/delete with the record's ``base_version``) and a journal
entry, so they sync. A series is kept as its occurrences (rows sharing ``series_id``), each its
own record on the Hub; ``schedule.series_from`` finds the rule again when one is needed.

Speakers and registrations are kept in the workspace only (the Hub gives speakers by the feed
and takes no ops for them yet; registrations are local lists).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from studio.contract.wire import WebinarData
from studio.domain import registrations as reg
from studio.domain import schedule
from studio.domain.ids import new_id
from studio.domain.instants import to_wire, utc_now
from studio.domain.records import RecordType, WebinarStatus
from studio.domain.zones import WallTimeError, wall_to_utc, zone_of
from studio.store.models import (
    Speaker,
    Webinar,
    WebinarRegistration,
    WebinarRules,
    WebinarSpeaker,
)
from studio.store.webinars import load_speakers, load_webinars
from studio.store.workspace import NotFound, OperationError, Workspace, Write, wire_dict

STATUSES = tuple(s.value for s in WebinarStatus)
MODES = ("open", "approval", "closed")


@dataclass(frozen=True)
class WebinarForm:
    """What the webinar form edits (one webinar, or the first occurrence of a new series)."""

    title: str
    starts_at: str
    zone: str
    fold: int | None = 0
    duration_minutes: int = 60
    description: str = ""
    speaker_ids: tuple[str, ...] = ()
    host_ids: tuple[str, ...] = ()
    capacity: int = 100
    registration: str = "open"
    waiting_list: bool = False
    join_link: str = ""
    status: str = WebinarStatus.SCHEDULED
    series_id: str | None = None
    id: str = ""
    version: int = 0
    #: For a new series: its rule (None: a single webinar).
    recurrence: schedule.Recurrence | None = None


@dataclass(frozen=True)
class SpeakerForm:
    id: str
    name: str
    organisation: str = ""
    bio: str = ""
    zone: str = "UTC"
    photo: str | None = None
    availability: tuple[str, ...] = ()


def check_join_link(text: str) -> str:
    """The join link trimmed; OperationError unless it is empty or an http(s) URL with a host."""
    link = text.strip()
    if not link:
        return ""
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in link:
        raise OperationError(f"“{link[:200]}” is not a web address (https://…) to join from.")
    if len(link) > 2000:
        raise OperationError("The join link is longer than 2,000 characters.")
    return link


def validate(form: WebinarForm) -> datetime:
    """The start instant of ``form``; OperationError for anything the form must refuse."""
    if not form.title.strip():
        raise OperationError("The title cannot be empty.")
    if len(form.title.strip()) > 500:
        raise OperationError("The title is longer than 500 characters.")
    if not 1 <= form.duration_minutes <= 24 * 60:
        raise OperationError("A webinar lasts between 1 minute and 24 hours.")
    if not 0 <= form.capacity <= 1_000_000:
        raise OperationError("The capacity is between 0 and 1,000,000.")
    if form.registration not in MODES:
        raise OperationError(f"Unknown registration mode {form.registration!r}.")
    if form.status not in STATUSES:
        raise OperationError(f"Unknown status {form.status!r}.")
    check_join_link(form.join_link)
    try:
        return wall_to_utc(form.starts_at, form.zone, form.fold, strict=True)
    except WallTimeError as exc:
        raise OperationError(str(exc)) from None


def candidates(form: WebinarForm) -> list[schedule.Webinar]:
    """The webinars ``form`` would make, as the conflict rules see them (a new series: every
    occurrence). Raises OperationError, or ScheduleError for a series that cannot be."""
    start = validate(form)
    one = schedule.Webinar(
        id=form.id or "new",
        title=form.title.strip(),
        starts_at=form.starts_at,
        zone=form.zone,
        start=start,
        duration_minutes=form.duration_minutes,
        fold=form.fold or 0,
        speaker_ids=form.speaker_ids,
        host_ids=form.host_ids,
        status=form.status,
        series_id=form.series_id,
    )
    if form.recurrence is None:
        return [one]
    return schedule.expand(_series(form, form.series_id or "new-series"))


def _series(form: WebinarForm, series_id: str) -> schedule.Series:
    assert form.recurrence is not None
    return schedule.Series(
        id=series_id,
        title=form.title.strip(),
        starts_at=form.starts_at,
        zone=form.zone,
        rule=form.recurrence,
        duration_minutes=form.duration_minutes,
        fold=form.fold,
        speaker_ids=form.speaker_ids,
        host_ids=form.host_ids,
        status=form.status,
        description=form.description,
    )


# -- reading ------------------------------------------------------------------------------------


def policy(session: Session) -> schedule.Policy:
    """The workspace's rule settings (the defaults until someone changed them)."""
    row = session.get(WebinarRules, 1)
    if row is None:
        return schedule.Policy()
    severities = dict(schedule.DEFAULT_SEVERITIES)
    for name, value in (row.severities or {}).items():
        try:
            severities[schedule.Rule(name)] = schedule.Severity(value)
        except ValueError:
            continue
    return schedule.Policy(severities=severities, min_gap_minutes=row.min_gap_minutes)


def policy_of(workspace: Workspace) -> schedule.Policy:
    with workspace.reading() as s:
        return policy(s)


def calendar(workspace: Workspace, *, without: Sequence[str] = ()) -> schedule.Calendar:
    """Every webinar and speaker with the workspace's policy, for the conflict rules; the
    webinars in ``without`` (the ones being edited) are left out. Run it off the UI thread."""
    leave = set(without)
    with workspace.reading() as s:
        webinars = [w for w in load_webinars(s) if w.id not in leave]
        speakers = speakers_for_rules(s)
        rules = policy(s)
    return schedule.Calendar(webinars, speakers, rules)


def speakers_for_rules(session: Session) -> list[schedule.Speaker]:
    """Speakers with their availability windows (a window that does not read is left out)."""
    windows: dict[str, tuple[schedule.Window, ...]] = {}
    for sid, texts in session.execute(select(Speaker.id, Speaker.availability)):
        parsed = []
        for text in texts or []:
            try:
                parsed.append(schedule.Window.parse(str(text)))
            except schedule.ScheduleError:
                continue
        windows[sid] = tuple(parsed)
    return [replace(s, availability=windows.get(s.id, ())) for s in load_speakers(session)]


def load_form(workspace: Workspace, webinar_id: str) -> WebinarForm:
    """The stored webinar as the form edits it; NotFound when missing or deleted."""
    with workspace.reading() as s:
        row = s.get(Webinar, webinar_id)
        if row is None or row.deleted:
            raise NotFound(RecordType.WEBINAR, webinar_id)
        people = _people(s, webinar_id)
        return WebinarForm(
            id=row.id,
            version=row.version,
            title=row.title,
            starts_at=row.starts_at,
            zone=row.zone,
            fold=row.fold,
            duration_minutes=row.duration_minutes,
            description=row.description,
            speaker_ids=tuple(people.get("speaker", ())),
            host_ids=tuple(people.get("host", ())),
            capacity=row.capacity,
            registration=row.registration,
            waiting_list=row.waiting_list,
            join_link=row.join_link,
            status=row.status,
            series_id=row.series_id,
        )


def _people(session: Session, webinar_id: str) -> dict[str, list[str]]:
    people: dict[str, list[str]] = {}
    for link in session.scalars(
        select(WebinarSpeaker)
        .where(WebinarSpeaker.webinar_id == webinar_id)
        .order_by(WebinarSpeaker.speaker_id)
    ):
        people.setdefault(link.role, []).append(link.speaker_id)
    return people


# -- writing webinars ---------------------------------------------------------------------------

#: The webinar fields the Hub takes in an op (the contract's own list: a field the contract
#: does not know yet stays in the workspace rather than have the op refused).
OP_FIELDS = frozenset(WebinarData.model_fields)


def _op_data(row: Webinar, people: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    data = wire_dict(RecordType.WEBINAR, row)
    data.update({"join_link": row.join_link, "waiting_list": row.waiting_list})
    data["speaker_ids"] = list(people.get("speaker", ()))
    data["host_ids"] = list(people.get("host", ()))
    return {k: v for k, v in data.items() if k in OP_FIELDS}


def _set_people(session: Session, webinar_id: str, form: WebinarForm) -> None:
    session.execute(delete(WebinarSpeaker).where(WebinarSpeaker.webinar_id == webinar_id))
    session.flush()
    for role, ids in (("speaker", form.speaker_ids), ("host", form.host_ids)):
        for speaker_id in dict.fromkeys(ids):
            session.add(WebinarSpeaker(webinar_id=webinar_id, speaker_id=speaker_id, role=role))


def _fields(form: WebinarForm, occurrence: schedule.Webinar) -> dict[str, Any]:
    return {
        "title": form.title.strip(),
        "description": form.description,
        "starts_at": occurrence.starts_at,
        "zone": occurrence.zone,
        "fold": occurrence.fold,
        "starts_at_utc": occurrence.start,
        "duration_minutes": occurrence.duration_minutes,
        "capacity": form.capacity,
        "registration": form.registration,
        "waiting_list": form.waiting_list,
        "join_link": check_join_link(form.join_link),
        "status": occurrence.status,
        "series_id": occurrence.series_id,
    }


def create_webinar(workspace: Workspace, form: WebinarForm) -> list[str]:
    """Create a webinar, or every occurrence of a new series; returns the ids made.

    Raises OperationError (with the reason) for a form that cannot be saved.
    """
    made = candidates(form)
    series_id = new_id() if form.recurrence is not None else None
    if series_id is not None:
        made = schedule.expand(_series(form, series_id))
    elif form.id:
        made = [replace(made[0], id=form.id)]
    else:
        made = [replace(made[0], id=new_id())]
    people = {"speaker": form.speaker_ids, "host": form.host_ids}
    with workspace.writing() as w:
        for occurrence in made:
            row = Webinar(
                id=occurrence.id,
                version=0,
                registered=0,
                attended=0,
                updated_at=w.now,
                local=True,
                **_fields(form, occurrence),
            )
            w.session.add(row)
            w.session.flush()
            _set_people(w.session, row.id, form)
            what = "series" if series_id else "webinar"
            w.queue(
                RecordType.WEBINAR,
                row,
                "create",
                _op_data(row, people),
                f"Scheduled {what} “{row.title}” at {row.starts_at} {row.zone}",
            )
    return [o.id for o in made]


#: The form's parts and the columns each one writes.
_PARTS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "description": ("description",),
    "start": ("starts_at", "zone", "fold", "starts_at_utc"),
    "duration_minutes": ("duration_minutes",),
    "capacity": ("capacity",),
    "registration": ("registration",),
    "waiting_list": ("waiting_list",),
    "join_link": ("join_link",),
    "status": ("status",),
}


def _part_values(form: WebinarForm) -> dict[str, Any]:
    values: dict[str, Any] = {k: getattr(form, k) for k in _PARTS if k != "start"}
    values["title"] = form.title.strip()
    values["join_link"] = form.join_link.strip()
    values["start"] = (form.starts_at, form.zone, form.fold or 0)
    values["people"] = (sorted(form.speaker_ids), sorted(form.host_ids))
    return values


def update_webinar(
    workspace: Workspace,
    form: WebinarForm,
    *,
    whole_series: bool = False,
    original: WebinarForm | None = None,
) -> list[str]:
    """Save the form over the stored webinar ``form.id``; returns the ids changed.

    With ``whole_series`` every occurrence of its series takes the form's fields and moves by
    the same wall-clock difference as this one (each keeping its wall time in the zone);
    otherwise only this occurrence changes. With ``original`` (the webinar as the form loaded
    it) only what the user changed is written, and a part the user changed that has changed in
    the workspace since (the sync, another window) is refused rather than overwritten.
    Raises OperationError or NotFound.
    """
    validate(form)
    touched: set[str] | None = None
    if original is not None:
        mine, before = _part_values(form), _part_values(original)
        touched = {k for k in mine if mine[k] != before[k]}
        now = _part_values(load_form(workspace, form.id))
        moved = sorted(k for k in touched if now[k] != before[k])
        if moved:
            raise OperationError(
                f"Since you opened “{original.title}”, its {', '.join(moved)} changed "
                "(the sync or another window): close the form and open it again to see it."
            )
        if not touched:
            return []
    with workspace.reading() as s:
        siblings = (
            load_webinars(s, series_id=form.series_id)
            if whole_series and form.series_id
            else load_webinars(s, ids=[form.id])
        )
    if not siblings:
        raise NotFound(RecordType.WEBINAR, form.id)
    this = next((w for w in siblings if w.id == form.id), None)
    if this is None:
        raise NotFound(RecordType.WEBINAR, form.id)
    start = wall_to_utc(form.starts_at, form.zone, form.fold, strict=True)
    moved_this = schedule.Webinar(
        **{
            **this.__dict__,
            "starts_at": form.starts_at,
            "zone": form.zone,
            "fold": form.fold or 0,
            "start": start,
            "duration_minutes": form.duration_minutes,
        }
    )
    targets: dict[str, schedule.Webinar] = {this.id: moved_this}
    if whole_series and len(siblings) > 1:
        targets = _move_series(siblings, this, form)
    with workspace.writing() as w:
        for wid, occurrence in targets.items():
            row = w.session.get(Webinar, wid)
            if row is None or row.deleted:
                continue
            people = _people(w.session, wid)
            wanted = _fields(form, occurrence)
            if touched is not None:
                keep = {c for part in touched if part in _PARTS for c in _PARTS[part]}
                wanted = {k: v for k, v in wanted.items() if k in keep}
            if "status" in wanted and occurrence.id != form.id and row.status == "cancelled":
                wanted["status"] = row.status  # a cancelled occurrence stays cancelled
            changed = {k: v for k, v in wanted.items() if getattr(row, k) != v}
            new_people = {"speaker": list(form.speaker_ids), "host": list(form.host_ids)}
            same_people = (touched is not None and "people" not in touched) or (
                sorted(people.get("speaker", [])) == sorted(new_people["speaker"])
                and sorted(people.get("host", [])) == sorted(new_people["host"])
            )
            if not changed and same_people:
                continue
            data = {k: _wire(v) for k, v in changed.items() if k in OP_FIELDS}
            if {"starts_at", "zone"} & set(changed):
                # The Hub reads a new start's fold from the op; an old fold does not carry.
                data.update(starts_at=wanted["starts_at"], zone=wanted["zone"], fold=wanted["fold"])
            if not same_people:
                data.update(speaker_ids=new_people["speaker"], host_ids=new_people["host"])
            what = set(changed) | ({"people"} if not same_people else set())
            w.queue(
                RecordType.WEBINAR,
                row,
                "update",
                data,
                f"Edited {', '.join(sorted(what))} of “{row.title}”",
            )
            seated = _seated(w.session, wid) if "capacity" in changed else 0
            if "capacity" in changed and changed["capacity"] < seated:
                raise OperationError(
                    f"{seated} people are registered; the capacity cannot go below that."
                )
            for name, value in changed.items():
                setattr(row, name, value)
            if not same_people:
                _set_people(w.session, wid, form)
            if "capacity" in changed or "waiting_list" in changed:
                w.session.flush()
                _promote(w, row)
                _count(w, row)
    return list(targets)


def _wire(value: Any) -> Any:
    return to_wire(value) if isinstance(value, datetime) else value


def _move_series(
    siblings: list[schedule.Webinar], this: schedule.Webinar, form: WebinarForm
) -> dict[str, schedule.Webinar]:
    """Every occurrence moved by the wall-clock difference of ``this`` to the form's start."""
    try:
        series = schedule.series_from(siblings[0].series_id or "", siblings)
    except schedule.ScheduleError as exc:
        raise OperationError(str(exc)) from None
    rows = sorted(siblings, key=lambda w: (w.start, w.id))
    old = datetime.fromisoformat(this.starts_at)
    new = datetime.fromisoformat(form.starts_at)
    first = datetime.fromisoformat(series.starts_at) + (new - old)
    try:
        moved = schedule.move_series(
            replace(series, duration_minutes=form.duration_minutes),
            first.isoformat(),
            zone=form.zone,
            # A later occurrence's new start in a fold takes its first pass, as RFC 5545 reads it.
            fold=form.fold if rows[0].id == this.id else 0,
        )
        made = schedule.expand(moved, include_cancelled=True)
    except (schedule.ScheduleError, WallTimeError) as exc:
        raise OperationError(str(exc)) from None
    made.sort(key=lambda w: w.start)
    if len(made) != len(rows):
        raise OperationError(
            "The series cannot be moved that way; move its occurrences one by one."
        )
    return {
        row.id: replace(
            o, id=row.id, series_id=row.series_id, duration_minutes=form.duration_minutes
        )
        for row, o in zip(rows, made, strict=True)
    }


def cancel_webinar(workspace: Workspace, webinar_id: str) -> None:
    """Cancel one webinar (or one occurrence of a series): it stays, marked cancelled."""
    with workspace.writing() as w:
        row = _row(w, webinar_id)
        if row.status == WebinarStatus.CANCELLED:
            return
        w.queue(
            RecordType.WEBINAR,
            row,
            "update",
            {"status": str(WebinarStatus.CANCELLED)},
            f"Cancelled “{row.title}” of {row.starts_at} {row.zone}",
        )
        row.status = str(WebinarStatus.CANCELLED)


def delete_webinar(workspace: Workspace, webinar_id: str) -> None:
    """Delete a webinar: a tombstone until the Hub confirms."""
    with workspace.writing() as w:
        row = _row(w, webinar_id)
        w.queue(RecordType.WEBINAR, row, "delete", {}, f"Deleted “{row.title}”")
        row.deleted = True


def _row(w: Write, webinar_id: str) -> Webinar:
    row = w.session.get(Webinar, webinar_id)
    if row is None or row.deleted:
        raise NotFound(RecordType.WEBINAR, webinar_id)
    return row


def save_policy(workspace: Workspace, rules: schedule.Policy) -> None:
    """Keep the rule settings in the workspace."""
    if not 0 <= rules.min_gap_minutes <= 24 * 60:
        raise OperationError("The least time between sessions is between 0 and 1,440 minutes.")
    with workspace.writing() as w:
        row = w.session.get(WebinarRules, 1)
        if row is None:
            row = WebinarRules(id=1)
            w.session.add(row)
        row.severities = {str(k): str(v) for k, v in rules.severities.items()}
        row.min_gap_minutes = rules.min_gap_minutes
        w.journal("rules", "webinar_rules", "1", "Changed the webinar conflict rules")


# -- speakers ----------------------------------------------------------------------------------


def load_speaker(workspace: Workspace, speaker_id: str) -> SpeakerForm:
    with workspace.reading() as s:
        row = s.get(Speaker, speaker_id)
        if row is None:
            raise NotFound("speaker", speaker_id)
        return SpeakerForm(
            row.id,
            row.name,
            row.organisation,
            row.bio,
            row.zone or "UTC",
            row.photo,
            tuple(str(t) for t in row.availability or ()),
        )


def save_speaker(
    workspace: Workspace, form: SpeakerForm, original: SpeakerForm | None = None
) -> str:
    """Create or change a speaker; returns the id. OperationError for a blank name, an unknown
    zone or a window that does not read (``Mon 09:00-17:00``).

    With ``original`` (the speaker as the editor loaded it) only the fields the user changed
    are written, and one changed meanwhile in the workspace too is refused, not overwritten."""
    name = form.name.strip()
    if not name:
        raise OperationError("A speaker needs a name.")
    try:
        zone_of(form.zone)
        windows = [schedule.Window.parse(t) for t in form.availability if t.strip()]
    except (WallTimeError, schedule.ScheduleError) as exc:
        raise OperationError(str(exc)) from None
    texts = [
        f"{schedule.Window._DAYS[w.weekday].capitalize()} "
        f"{w.start // 60:02d}:{w.start % 60:02d}-{w.end // 60:02d}:{w.end % 60:02d}"
        for w in windows
    ]
    wanted = {
        "name": name[:200],
        "organisation": form.organisation.strip()[:200],
        "bio": form.bio,
        "zone": form.zone,
        "photo": form.photo,
        "availability": texts,
    }
    with workspace.writing() as w:
        row = w.session.get(Speaker, form.id) if form.id else None
        if row is None or row.deleted:
            row = Speaker(id=form.id or new_id(), version=0, local=True, updated_at=w.now, **wanted)
            w.session.add(row)
            w.session.flush()
            w.queue(
                RecordType.SPEAKER,
                row,
                "create",
                wire_dict(RecordType.SPEAKER, row),
                f"Added speaker {row.name}",
            )
            return row.id
        if original is not None:
            before = {**original.__dict__, "availability": list(original.availability)}
            mine = {k: v for k, v in wanted.items() if v != before[k]}
            clash = sorted(k for k in mine if getattr(row, k) != before[k])
            if clash:
                raise OperationError(
                    f"Since you opened {original.name}, their {', '.join(clash)} changed "
                    "(the sync or another window): open the speaker again to see it."
                )
            wanted = mine
        changed = {k: v for k, v in wanted.items() if getattr(row, k) != v}
        if changed:
            w.queue(
                RecordType.SPEAKER,
                row,
                "update",
                changed,
                f"Edited {', '.join(sorted(changed))} of speaker {row.name}",
            )
            for key, value in changed.items():
                setattr(row, key, value)
        return row.id


def directory(workspace: Workspace) -> list[tuple[str, str, str]]:
    """(id, name, organisation) of every speaker, by name: what the people pickers offer."""
    with workspace.reading() as s:
        rows = s.execute(
            select(Speaker.id, Speaker.name, Speaker.organisation).order_by(
                Speaker.name, Speaker.id
            )
        ).all()
    return [(r[0], r[1], r[2] or "") for r in rows]


def speaker_page(
    workspace: Workspace, text: str, after: tuple[str, str] | None, limit: int
) -> list[tuple[str, str, str, str]]:
    """(id, name, organisation, zone) of speakers whose name or organisation holds ``text``,
    by name, the ``limit`` after ``after`` (keyset paging for the lazy list)."""
    query = select(Speaker.id, Speaker.name, Speaker.organisation, Speaker.zone)
    if text.strip():
        like = f"%{text.strip()}%"
        query = query.where(Speaker.name.ilike(like) | Speaker.organisation.ilike(like))
    if after is not None:
        query = query.where(
            (Speaker.name > after[1]) | ((Speaker.name == after[1]) & (Speaker.id > after[0]))
        )
    with workspace.reading() as s:
        rows = s.execute(query.order_by(Speaker.name, Speaker.id).limit(limit)).all()
    return [(r[0], r[1], r[2], r[3] or "UTC") for r in rows]


def speaker_sessions(
    workspace: Workspace, speaker_id: str, since: datetime, limit: int = 50
) -> list[schedule.Webinar]:
    """The speaker's upcoming webinars (as speaker or host), not cancelled, by start."""
    with workspace.reading() as s:
        ids = list(
            s.scalars(
                select(WebinarSpeaker.webinar_id)
                .join(Webinar, Webinar.id == WebinarSpeaker.webinar_id)
                .where(
                    WebinarSpeaker.speaker_id == speaker_id,
                    Webinar.starts_at_utc >= since,
                    Webinar.deleted.is_(False),
                    Webinar.status != str(WebinarStatus.CANCELLED),
                )
                .order_by(Webinar.starts_at_utc)
                .limit(limit)
            )
        )
        return load_webinars(s, ids=ids) if ids else []


# -- registrations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Seats:
    capacity: int
    registration: str
    waiting_list: bool
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def seated(self) -> int:
        return self.by_status.get(reg.Status.REGISTERED, 0)


def seats(workspace: Workspace, webinar_id: str) -> Seats:
    with workspace.reading() as s:
        row = s.get(Webinar, webinar_id)
        if row is None or row.deleted:
            raise NotFound(RecordType.WEBINAR, webinar_id)
        counts = dict(
            s.execute(
                select(WebinarRegistration.status, func.count())
                .where(WebinarRegistration.webinar_id == webinar_id)
                .group_by(WebinarRegistration.status)
            ).all()
        )
        return Seats(row.capacity, row.registration, row.waiting_list, counts)


def _seated(session: Session, webinar_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(WebinarRegistration)
            .where(
                WebinarRegistration.webinar_id == webinar_id,
                WebinarRegistration.status == str(reg.Status.REGISTERED),
            )
        )
        or 0
    )


def _promote(w: Write, row: Webinar) -> list[str]:
    """Give freed seats to the waiting list, in order; returns the ids promoted."""
    waiting = w.session.execute(
        select(
            WebinarRegistration.id, WebinarRegistration.status, WebinarRegistration.registered_at
        ).where(
            WebinarRegistration.webinar_id == row.id,
            WebinarRegistration.status.in_([str(reg.Status.WAITING), str(reg.Status.REGISTERED)]),
        )
    ).all()
    chosen = reg.promotions(row.capacity, [reg.Seat(*r) for r in waiting])
    for rid in chosen:
        item = w.session.get(WebinarRegistration, rid)
        assert item is not None
        item.status = str(reg.Status.REGISTERED)
        w.journal(
            "promoted",
            "registration",
            rid,
            f"{item.name or item.email} got a seat from the waiting list",
        )
    return chosen


def _count(w: Write, row: Webinar) -> None:
    w.session.flush()
    row.registered = _seated(w.session, row.id)


def register(workspace: Workspace, webinar_id: str, name: str, email: str) -> str:
    """Register someone; returns their status. OperationError when they cannot register."""
    email = email.strip()
    if not reg.valid_email(email):
        raise OperationError(f"“{email}” is not a valid e-mail address.")
    with workspace.writing() as w:
        row = _row(w, webinar_id)
        taken = w.session.scalar(
            select(WebinarRegistration.id).where(
                WebinarRegistration.webinar_id == webinar_id,
                func.lower(WebinarRegistration.email) == email.lower(),
            )
        )
        if taken is not None:
            raise OperationError(f"{email} is registered already.")
        try:
            status = reg.status_for_new(
                row.registration, row.capacity, _seated(w.session, webinar_id), row.waiting_list
            )
        except reg.RegistrationError as exc:
            raise OperationError(str(exc)) from None
        rid = new_id()
        w.session.add(
            WebinarRegistration(
                id=rid,
                webinar_id=webinar_id,
                name=name.strip()[:200],
                email=email,
                status=str(status),
                registered_at=w.now,
            )
        )
        _count(w, row)
        w.journal("registered", "registration", rid, f"{email} for “{row.title}”: {status}")
        return str(status)


def decide_registration(workspace: Workspace, registration_id: str, approve: bool) -> str:
    """Approve (a seat, or the waiting list when full) or decline a registrant; a declined one
    frees their seat for the waiting list. Returns the new status."""
    with workspace.writing() as w:
        item = w.session.get(WebinarRegistration, registration_id)
        if item is None:
            raise NotFound("registration", registration_id)
        row = _row(w, item.webinar_id)
        if approve:
            if item.status not in (reg.Status.PENDING_APPROVAL, reg.Status.DECLINED):
                return item.status
            try:
                item.status = str(
                    reg.status_on_approval(
                        row.capacity, _seated(w.session, row.id), row.waiting_list
                    )
                )
            except reg.RegistrationError as exc:
                raise OperationError(str(exc)) from None
        else:
            item.status = str(reg.Status.DECLINED)
            w.session.flush()
            _promote(w, row)
        _count(w, row)
        w.journal("decided", "registration", item.id, f"{item.email}: {item.status}")
        return item.status


def cancel_registration(workspace: Workspace, registration_id: str) -> list[str]:
    """Cancel a registration; the seat goes to the first on the waiting list. Returns the
    ids promoted."""
    with workspace.writing() as w:
        item = w.session.get(WebinarRegistration, registration_id)
        if item is None:
            raise NotFound("registration", registration_id)
        row = _row(w, item.webinar_id)
        item.status = str(reg.Status.CANCELLED)
        w.session.flush()
        promoted = _promote(w, row)
        _count(w, row)
        w.journal("cancelled", "registration", item.id, f"{item.email} cancelled")
        return promoted


def set_attended(workspace: Workspace, registration_id: str, attended: bool) -> None:
    with workspace.writing() as w:
        item = w.session.get(WebinarRegistration, registration_id)
        if item is None:
            raise NotFound("registration", registration_id)
        item.attended = attended
        row = _row(w, item.webinar_id)
        w.session.flush()
        row.attended = (
            w.session.scalar(
                select(func.count())
                .select_from(WebinarRegistration)
                .where(
                    WebinarRegistration.webinar_id == row.id, WebinarRegistration.attended.is_(True)
                )
            )
            or 0
        )
        w.journal("attended", "registration", item.id, f"{item.email} attended: {attended}")


def registered_emails(workspace: Workspace, webinar_id: str) -> list[str]:
    with workspace.reading() as s:
        return [
            e
            for e in s.scalars(
                select(WebinarRegistration.email).where(
                    WebinarRegistration.webinar_id == webinar_id
                )
            )
            if e
        ]


def import_registrations(
    workspace: Workspace, webinar_id: str, rows: Sequence[reg.Registrant]
) -> dict[str, int]:
    """Register the good rows of a CSV in file order (status by the seat rules, unless the row
    carries one from an export); returns figures by status. All or nothing."""
    figures: dict[str, int] = {}
    with workspace.writing() as w:
        row = _row(w, webinar_id)
        seated = _seated(w.session, webinar_id)
        existing = {
            (e or "").lower()
            for e in w.session.scalars(
                select(WebinarRegistration.email).where(
                    WebinarRegistration.webinar_id == webinar_id
                )
            )
        }
        for k, item in enumerate(rows):
            if item.email.lower() in existing:
                raise OperationError(f"{item.email} (line {item.line}) is registered already.")
            existing.add(item.email.lower())
            status = item.status
            if not status:
                try:
                    status = str(
                        reg.status_for_new(row.registration, row.capacity, seated, row.waiting_list)
                    )
                except reg.RegistrationError as exc:
                    raise OperationError(f"Line {item.line}: {exc}") from None
            if status == reg.Status.REGISTERED:
                seated += 1
            figures[status] = figures.get(status, 0) + 1
            w.session.add(
                WebinarRegistration(
                    id=new_id(),
                    webinar_id=webinar_id,
                    name=item.name,
                    email=item.email,
                    status=status,
                    # File order is waiting-list order: one microsecond apart.
                    registered_at=w.now + timedelta(microseconds=k),
                    attended=item.attended,
                )
            )
        _count(w, row)
        w.journal(
            "imported",
            "registration",
            webinar_id,
            f"Imported {len(rows)} registrants to “{row.title}”",
        )
    return figures


def registration_page(
    workspace: Workspace, webinar_id: str, after: tuple[Any, ...] | None, limit: int
) -> list[tuple[str, str, str, str, bool, datetime]]:
    """(id, name, email, status, attended, registered_at) by registration time, paged."""
    query = select(
        WebinarRegistration.id,
        WebinarRegistration.name,
        WebinarRegistration.email,
        WebinarRegistration.status,
        WebinarRegistration.attended,
        WebinarRegistration.registered_at,
    ).where(WebinarRegistration.webinar_id == webinar_id)
    if after is not None:
        query = query.where(
            (WebinarRegistration.registered_at > after[5])
            | (
                (WebinarRegistration.registered_at == after[5])
                & (WebinarRegistration.id > after[0])
            )
        )
    with workspace.reading() as s:
        rows = s.execute(
            query.order_by(WebinarRegistration.registered_at, WebinarRegistration.id).limit(limit)
        ).all()
    return [(r[0], r[1], r[2] or "", r[3], bool(r[4]), r[5]) for r in rows]


def export_registrations(workspace: Workspace, webinar_id: str) -> bytes:
    rows = []
    after = None
    while True:
        page = registration_page(workspace, webinar_id, after, 1000)
        rows += [(r[2], r[1], r[3], r[4], to_wire(r[5])) for r in page]
        if len(page) < 1000:
            break
        after = page[-1]
    return reg.write_csv(rows)


def attendance(
    workspace: Workspace, limit: int = 200, now: datetime | None = None
) -> list[tuple[str, datetime, int, int]]:
    """(title, start, registered, attended) of the latest webinars that are done or have
    started (the figures come after the event), latest first."""
    started = now or utc_now()
    with workspace.reading() as s:
        rows = s.execute(
            select(Webinar.title, Webinar.starts_at_utc, Webinar.registered, Webinar.attended)
            .where(
                Webinar.deleted.is_(False),
                Webinar.status != str(WebinarStatus.CANCELLED),
                (Webinar.status == str(WebinarStatus.DONE)) | (Webinar.starts_at_utc <= started),
            )
            .order_by(Webinar.starts_at_utc.desc())
            .limit(limit)
        ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]
