"""``studio-hub simulate``: members post, reply and report, so a moderator sees the queue move.

Every action goes through the same op rules as a client's (feed, archive, versions), as the
account ``simulated-members`` (role member). Runs until stopped, or for ``--duration`` seconds.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from hub import auth
from hub.db import sessions
from hub.models import RecordRow, User
from hub.store import settle
from studio.contract.wire import Op
from studio.domain.ids import new_id

ACCOUNT = "simulated-members"
OPENERS = (
    "Quelqu'un a-t-il déjà négocié un affacturage avec sa banque ?",
    "Has anyone switched to e-invoicing yet? How did your accountant take it?",
    "Attention : faux conseiller bancaire qui appelle pour un changement de RIB.",
    "Looking for a freight forwarder for Singapore, recommendations welcome.",
    "Nos délais de paiement clients explosent, vos astuces ?",
)
REPLIES = (
    "Merci pour le partage !",
    "Same here, following.",
    "Nous avons eu le même souci.",
    "DM me, I can help 😉 www.crypto-gains.example",
    "Très utile, merci.",
    "Our bank's webinar on this was excellent.",
)
REASONS = ("spam", "scam", "harassment", "off_topic")


def simulate(
    engine: Engine, rate: float, duration: float | None = None, seed_value: int | None = None
) -> int:
    """Act ``rate`` times a second (posts, replies, reports); returns how many ops applied."""
    rng = random.Random(seed_value)
    make = sessions(engine)
    with make.begin() as session:
        if session.get(User, ACCOUNT) is None:
            auth.add_user(session, ACCOUNT, new_id(), "member", "Simulated members")
    with make() as session:
        user = session.get(User, ACCOUNT)
        members = list(
            session.scalars(select(RecordRow.id).where(RecordRow.type == "member").limit(2000))
        )
        threads = list(
            session.scalars(
                select(RecordRow.id)
                .where(RecordRow.type == "thread")
                .order_by(RecordRow.updated_at.desc())
                .limit(200)
            )
        )
    assert user is not None
    applied = 0
    started = time.monotonic()
    interval = 1.0 / max(rate, 0.001)
    while duration is None or time.monotonic() - started < duration:
        tick = time.monotonic()
        with make() as session:
            ops = _next_ops(rng, session, members, threads)
            for op in ops:
                if settle(session, user, op)["status"] == "applied":
                    applied += 1
                    if op.type == "thread":
                        threads.append(op.id)
        time.sleep(max(0.0, interval - (time.monotonic() - tick)))
    return applied


def _next_ops(
    rng: random.Random, session: Session, members: list[str], threads: list[str]
) -> list[Op]:
    author = rng.choice(members) if members and rng.random() > 0.05 else None
    roll = rng.random()
    if roll < 0.15 or not threads:
        thread_id = new_id()
        title = rng.choice(OPENERS)[:80]
        return [
            Op(
                op_id=new_id(),
                type="thread",
                id=thread_id,
                action="create",
                data={"title": title, "author_id": author},
            ),
            Op(
                op_id=new_id(),
                type="post",
                id=new_id(),
                action="create",
                data={"thread_id": thread_id, "author_id": author, "body": rng.choice(OPENERS)},
            ),
        ]
    if roll < 0.8:
        return [
            Op(
                op_id=new_id(),
                type="post",
                id=new_id(),
                action="create",
                data={
                    "thread_id": rng.choice(threads[-50:]),
                    "author_id": author,
                    "body": f"{rng.choice(REPLIES)} ({datetime.now(UTC):%H:%M:%S})",
                },
            )
        ]
    post = session.scalars(
        select(RecordRow.id)
        .where(RecordRow.type == "post")
        .order_by(RecordRow.updated_at.desc())
        .limit(30)
    ).all()
    if not post:
        return []
    return [
        Op(
            op_id=new_id(),
            type="post",
            id=rng.choice(post),
            action="report",
            data={"reason": rng.choice(REASONS), "reporter_id": author},
        )
    ]
