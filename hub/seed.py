"""``studio-hub seed``: the demo content of studio.demo, and one demo account per role.

Records go in as version 1 with a feed entry each; every post, reply, report, decision,
publication and poll response of the demo's past goes into the archive in time order, hash
chained, as if the platform had been running.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection, Engine

from hub import auth
from hub.db import sessions
from hub.models import ArchiveHead, ArchiveRow, ChangeRow, RecordRow
from studio.demo import generate
from studio.domain.archive import GENESIS, entry_hash

log = logging.getLogger(__name__)

DEMO_PASSWORD = "studio-demo"
DEMO_ACCOUNTS = ("admin", "editor", "moderator", "coordinator", "compliance", "member")
RECORD_TYPES = frozenset(
    {"member", "speaker", "article", "webinar", "thread", "post", "report", "poll", "kit_item"}
)
BATCH = 5000

#: A starting lexicon for the demo (what a compliance officer would keep): high blocks review.
DEMO_LEXICON: tuple[dict[str, Any], ...] = tuple(
    {"id": f"00000000-0000-4000-8000-0000000000{n:02d}", "version": 1, **term}
    for n, term in enumerate(
        (
            {"pattern": "guaranteed returns", "severity": "high", "is_regex": False},
            {"pattern": "rendement garanti", "severity": "high", "is_regex": False},
            {"pattern": "risk-free", "severity": "medium", "is_regex": False},
            {"pattern": "sans risque", "severity": "medium", "is_regex": False},
            {
                "pattern": r"\b\d{1,3}\s?% (?:per|a|par) (?:month|mois)\b",
                "severity": "high",
                "is_regex": True,
            },
            {"pattern": "insider tip", "severity": "medium", "is_regex": False},
            {"pattern": "act now", "severity": "low", "is_regex": False},
        ),
        start=1,
    )
)


def seed(
    engine: Engine, scale: str = "platform", seed_value: int = 2026, if_empty: bool = False
) -> int:
    """Fill an empty Hub; returns a process exit code (2: it already holds records)."""
    with engine.connect() as conn:
        held = conn.scalar(select(func.count()).select_from(RecordRow)) or 0
    if held:
        if if_empty:
            print(f"The Hub already holds {held:,} records; nothing seeded.")
            return 0
        print(f"studio-hub: the Hub already holds {held:,} records; seed an empty database.")
        return 2
    started = time.perf_counter()
    counts = load_demo(engine, scale, seed_value)
    add_demo_accounts(engine)
    figures = ", ".join(f"{n:,} {t}s" for t, n in sorted(counts.items()))
    print(f"Seeded the Hub ({scale}) in {time.perf_counter() - started:.1f} s: {figures}.")
    print(f"Demo accounts {', '.join(DEMO_ACCOUNTS)} — password “{DEMO_PASSWORD}”.")
    return 0


def add_demo_accounts(engine: Engine, member_id: str | None = None) -> None:
    with sessions(engine).begin() as session:
        for role in DEMO_ACCOUNTS:
            auth.add_user(
                session,
                role,
                DEMO_PASSWORD,
                role,
                f"Demo {role}",
                member_id if role == "member" else None,
            )


def load_demo(engine: Engine, scale: str, seed_value: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    records: list[dict[str, Any]] = []
    events: list[
        tuple[str, str, str, str, dict[str, Any]]
    ] = []  # at, kind, actor, subject, payload
    poll_options: dict[str, list[str]] = {}
    now = datetime.now(UTC)
    with engine.begin() as conn:
        seq = 0
        for record_type, record in generate(scale, seed_value):
            if record_type in RECORD_TYPES:
                row = _record_row(record_type, record, now)
                if record_type == "poll":
                    poll_options[row["id"]] = [o["id"] for o in record["options"]]
                records.append(row)
                counts[record_type] = counts.get(record_type, 0) + 1
            events.extend(_events(record_type, record, poll_options))
            if len(records) >= BATCH:
                seq = _flush(conn, records, seq)
        for term in DEMO_LEXICON:
            records.append(_record_row("lexicon_term", term, now))
        counts["lexicon_term"] = len(DEMO_LEXICON)
        _flush(conn, records, seq)
        _append_archive(conn, sorted(events, key=lambda e: e[0]))
    return counts


def _record_row(record_type: str, record: dict[str, Any], now: datetime) -> dict[str, Any]:
    data = {k: v for k, v in record.items() if k not in ("id", "version", "updated_at")}
    if record_type == "poll":
        options = record["options"]
        data["options"] = [o["label"] for o in options]
        data["responses"] = [int(o.get("responses", 0)) for o in options]
    updated = record.get("updated_at")
    return {
        "type": record_type,
        "id": record["id"],
        "version": int(record.get("version", 1)),
        "deleted": False,
        "data": data,
        "updated_at": datetime.fromisoformat(updated.replace("Z", "+00:00"))
        if isinstance(updated, str)
        else now,
    }


def _events(
    record_type: str, record: dict[str, Any], poll_options: dict[str, list[str]]
) -> Iterable[tuple[str, str, str, str, dict[str, Any]]]:
    if record_type == "post":
        kind = "reply" if record.get("parent_id") else "post"
        yield (
            record["created_at"],
            kind,
            record.get("author_id") or "deleted-member",
            record["id"],
            {
                "thread_id": record["thread_id"],
                "parent_id": record.get("parent_id"),
                "author_id": record.get("author_id"),
                "body": record["body"],
            },
        )
    elif record_type == "report":
        yield (
            record["created_at"],
            "report",
            record.get("reporter_id") or "deleted-member",
            record["post_id"],
            {k: record[k] for k in ("reason", "note", "reporter_id")},
        )
    elif record_type == "decision":
        yield (
            record["decided_at"],
            "decision",
            record["moderator"],
            record["post_id"],
            {k: record[k] for k in ("action", "reason", "note")} | {"decision_id": record["id"]},
        )
    elif (
        record_type == "article"
        and record.get("status") == "published"
        and record.get("publish_at")
    ):
        yield (
            record["publish_at"],
            "publication",
            record.get("author_id") or "deleted-member",
            record["id"],
            {"title": record["title"], "body": record["body"]},
        )
    elif record_type == "poll_response":
        options = poll_options.get(record["poll_id"], [])
        option = options.index(record["option_id"]) if record["option_id"] in options else -1
        yield (
            record["responded_at"],
            "poll_response",
            record.get("member_id") or "member",
            record["poll_id"],
            {"option": option, "member_id": record.get("member_id")},
        )


def _flush(conn: Connection, records: list[dict[str, Any]], seq: int) -> int:
    if not records:
        return seq
    conn.execute(insert(RecordRow), records)
    changes = []
    for row in records:
        seq += 1
        changes.append({"seq": seq, "type": row["type"], "id": row["id"]})
    conn.execute(insert(ChangeRow), changes)
    records.clear()
    return seq


def _append_archive(
    conn: Connection, events: list[tuple[str, str, str, str, dict[str, Any]]]
) -> None:
    previous = GENESIS
    batch: list[dict[str, Any]] = []
    for seq, (at, kind, actor, subject, payload) in enumerate(events, start=1):
        entry = {
            "seq": seq,
            "at": at,
            "kind": kind,
            "actor": actor,
            "subject_id": subject,
            "payload": payload,
            "prev_hash": previous,
        }
        entry["hash"] = previous = entry_hash(entry)
        batch.append(entry)
        if len(batch) >= BATCH:
            conn.execute(insert(ArchiveRow), batch)
            batch = []
    if batch:
        conn.execute(insert(ArchiveRow), batch)
    if events:
        conn.execute(delete(ArchiveHead))
        conn.execute(insert(ArchiveHead).values(id=1, seq=len(events), hash=previous))
