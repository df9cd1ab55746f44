"""The workspace's webinars and speakers as the scheduling domain sees them, and their .ics.

Reads only; the rules and the export live in ``studio/domain/schedule.py`` and ``ics.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.domain import ics, schedule
from studio.store.models import Speaker, Webinar, WebinarSpeaker
from studio.store.workspace import OperationError, Workspace


def load_webinars(
    session: Session, *, ids: Iterable[str] | None = None, series_id: str | None = None
) -> list[schedule.Webinar]:
    """The webinars not deleted (all, those of ``ids``, or those of one series), by start.

    Read as plain rows, not ORM objects: the whole calendar (4,000 webinars) is read each time
    a form or a check needs it, on a worker thread whose allocations also cost the UI thread
    (the garbage collector and the interpreter lock are shared).
    """
    w = Webinar
    query = select(
        w.id, w.title, w.starts_at, w.zone, w.starts_at_utc, w.duration_minutes, w.fold,
        w.status, w.series_id, w.description, w.version, w.local, w.updated_at,
    ).where(w.deleted.is_(False))  # fmt: skip
    if ids is not None:
        query = query.where(w.id.in_(list(ids)))
    if series_id is not None:
        query = query.where(w.series_id == series_id)
    rows = session.execute(query.order_by(w.starts_at_utc, w.id)).all()
    people: dict[str, dict[str, list[str]]] = {}
    links = select(WebinarSpeaker.webinar_id, WebinarSpeaker.role, WebinarSpeaker.speaker_id)
    links = links.order_by(WebinarSpeaker.speaker_id)
    if ids is not None or series_id is not None:
        links = links.where(WebinarSpeaker.webinar_id.in_([r.id for r in rows]))
    for webinar_id, role, speaker_id in session.execute(links):
        people.setdefault(webinar_id, {}).setdefault(role, []).append(speaker_id)
    return [
        schedule.Webinar(
            id=row.id,
            title=row.title,
            starts_at=row.starts_at,
            zone=row.zone,
            start=row.starts_at_utc,
            duration_minutes=row.duration_minutes,
            fold=row.fold,
            speaker_ids=tuple(people.get(row.id, {}).get("speaker", ())),
            host_ids=tuple(people.get(row.id, {}).get("host", ())),
            status=row.status,
            series_id=row.series_id,
            description=row.description,
            version=row.version,
            local=row.local,
            updated_at=row.updated_at,
        )
        for row in rows
    ]


def load_speakers(session: Session) -> list[schedule.Speaker]:
    """Every speaker with their zone (the workspace keeps no availability windows yet)."""
    return [
        schedule.Speaker(id=s.id, name=s.name, zone=s.zone or "UTC")
        for s in session.scalars(select(Speaker).order_by(Speaker.id))
    ]


@dataclass(frozen=True)
class Export:
    """An .ics file's bytes and what it holds, for a sentence."""

    data: bytes
    webinars: int
    series: int
    #: What was asked for, when it was one thing: "webinar …" or "series …".
    subject: str


def export_ics(workspace: Workspace, record_id: str | None = None) -> Export:
    """The .ics of the whole calendar, or of one webinar or series (``record_id``).

    A webinar of a series is exported with its whole series, so its event keeps the series'
    UID. Raises OperationError when no webinar or series has that id.
    """
    with workspace.reading() as session:
        subject = "the calendar"
        if record_id is None:
            webinars = load_webinars(session)
        else:
            webinars = load_webinars(session, ids=[record_id])
            if webinars and webinars[0].series_id:
                subject = f"the series of “{webinars[0].title}”"
                webinars = load_webinars(session, series_id=webinars[0].series_id)
            elif webinars:
                subject = f"“{webinars[0].title}”"
            else:
                webinars = load_webinars(session, series_id=record_id)
                subject = f"the series “{webinars[0].title}”" if webinars else subject
            if not webinars:
                raise OperationError(f"There is no webinar or series {record_id!r}.")
    singles = [w for w in webinars if w.series_id is None]
    grouped: dict[str, list[schedule.Webinar]] = {}
    for w in webinars:
        if w.series_id is not None:
            grouped.setdefault(w.series_id, []).append(w)
    series: list[schedule.Series] = []
    for sid, rows in grouped.items():
        try:
            series.append(schedule.series_from(sid, rows))
        except ValueError:  # rows no series can give (two at one time): each on its own
            singles.extend(rows)
    data = ics.to_ics(singles, series, name="Webinars" if record_id is None else None)
    return Export(data, len(webinars), len(series), subject)
