"""The Hub's side of webinars beyond the generic op path: who the people of a refusal are.

A webinar names its speakers and hosts by id; since speakers are records of their own (the
``speaker`` op type), a refusal the Hub sends back names them as a coordinator knows them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.models import RecordRow


def people_named(session: Session, ids: Iterable[str]) -> str:
    """``"Ada Lovelace, Grace Hopper"`` for these speaker ids, by name; an id the Hub holds no
    speaker for is shown as it is."""
    wanted = sorted(set(ids))
    if not wanted:
        return ""
    rows = session.execute(
        select(RecordRow.id, RecordRow.data).where(
            RecordRow.type == "speaker", RecordRow.id.in_(wanted)
        )
    ).all()
    names = {row.id: str((row.data or {}).get("name") or row.id) for row in rows}
    return ", ".join(sorted(names.get(i, i) for i in wanted))
