"""``python -m hub archive verify`` on a seeded Hub (SQLite and PostgreSQL): an intact archive
verifies (exit 0); any entry changed, removed or moved directly in the database is named
(``BROKEN at entry N (...)``, exit 1). Each tampering is undone afterwards and the chain checked
again, so the tests don't depend on their order.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from hub.db import make_engine
from hub.models import ArchiveRow
from studio.domain.archive import entry_hash, verify_chain
from tests.hub.fixtures import BACKENDS, database_url, new_id
from tests.hub.hubproc import start_hub

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = cast(Table, ArchiveRow.__table__)
N = 1000  # the entries tampered with are from here on: well inside the seeded archive


def hub_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hub", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@dataclass
class Seeded:
    backend: str
    url: str
    engine: Engine
    folder: Path

    def verify(self) -> subprocess.CompletedProcess[str]:
        return hub_cli("archive", "verify", "--database", self.url)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(ARCHIVE)) or 0)

    def entry(self, seq: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(ARCHIVE).where(ARCHIVE.c.seq == seq)).mappings().one()
        return dict(row)

    def a_post_entry(self) -> dict[str, Any]:
        """An entry from N on with a body to change."""
        with self.engine.connect() as conn:
            seq = conn.scalar(
                select(func.min(ARCHIVE.c.seq)).where(
                    ARCHIVE.c.seq >= N, ARCHIVE.c.kind.in_(("post", "reply"))
                )
            )
        assert seq is not None
        return self.entry(seq)

    def assert_chain_holds(self) -> None:
        """The same check as the command, in this process (quicker, after undoing a change)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(ARCHIVE).order_by(ARCHIVE.c.seq)).mappings().all()
        assert verify_chain(dict(r) for r in rows) == []

    def assert_intact(self, entries: int | None = None) -> None:
        done = self.verify()
        assert done.returncode == 0, done.stdout + done.stderr
        count = self.count() if entries is None else entries
        assert done.stdout.strip() == f"The archive's {count} entries are intact."


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    folder = tmp_path_factory.mktemp(f"seeded-{request.param}")
    url = database_url(request, request.param, folder)
    done = hub_cli("seed", "--scale", "small", "--database", url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Seeded the Hub (small)" in done.stdout
    engine = make_engine(url)
    try:
        yield Seeded(request.param, url, engine, folder)
    finally:
        engine.dispose()


def test_a_seeded_archive_verifies_intact(seeded: Seeded) -> None:
    count = seeded.count()
    assert count > N + 100
    with seeded.engine.connect() as conn:
        kinds = set(conn.scalars(select(ARCHIVE.c.kind).distinct()))
    assert kinds >= {"post", "reply", "decision", "publication", "poll_response", "report"}
    seeded.assert_intact(count)


# -- tampering, and undoing it ---------------------------------------------------------------


def edit_payload(conn: Connection, original: dict[str, Any], rehash: bool) -> None:
    forged = {**original, "payload": {**original["payload"], "body": "Nothing to see here."}}
    values: dict[str, Any] = {"payload": forged["payload"]}
    if rehash:  # a careful forger recomputes the entry's own hash
        values["hash"] = entry_hash(forged)
    conn.execute(update(ARCHIVE).where(ARCHIVE.c.seq == original["seq"]).values(**values))


def swap(conn: Connection, a: int, b: int) -> None:
    conn.execute(update(ARCHIVE).where(ARCHIVE.c.seq == a).values(seq=-1))
    conn.execute(update(ARCHIVE).where(ARCHIVE.c.seq == b).values(seq=a))
    conn.execute(update(ARCHIVE).where(ARCHIVE.c.seq == -1).values(seq=b))


def restore(conn: Connection, original: dict[str, Any]) -> None:
    conn.execute(delete(ARCHIVE).where(ARCHIVE.c.seq == original["seq"]))
    conn.execute(insert(ARCHIVE).values(**original))


@dataclass
class Tamper:
    name: str
    do: Callable[[Connection, dict[str, Any]], object]
    undo: Callable[[Connection, dict[str, Any]], object]
    broken_at: int  # after the entry tampered with
    problem: str


TAMPERS = [
    Tamper(
        "payload edited",
        lambda conn, e: edit_payload(conn, e, rehash=False),
        restore,
        0,
        "changed",
    ),
    Tamper(
        "payload edited and the entry rehashed",
        lambda conn, e: edit_payload(conn, e, rehash=True),
        restore,
        1,  # the entry itself checks out; the next one no longer follows it
        "changed",
    ),
    Tamper(
        "actor changed",
        lambda conn, e: conn.execute(
            update(ARCHIVE).where(ARCHIVE.c.seq == e["seq"]).values(actor="someone-else")
        ),
        restore,
        0,
        "changed",
    ),
    Tamper(
        "entry deleted",
        lambda conn, e: conn.execute(delete(ARCHIVE).where(ARCHIVE.c.seq == e["seq"])),
        lambda conn, e: conn.execute(insert(ARCHIVE).values(**e)),
        0,
        "missing",
    ),
    Tamper(
        "two entries swapped",
        lambda conn, e: swap(conn, e["seq"], e["seq"] + 1),
        lambda conn, e: swap(conn, e["seq"], e["seq"] + 1),
        0,
        "changed",
    ),
]


@pytest.mark.parametrize("tamper", [pytest.param(t, id=t.name) for t in TAMPERS])
def test_tampering_in_the_database_is_named(seeded: Seeded, tamper: Tamper) -> None:
    original = seeded.a_post_entry()
    with seeded.engine.begin() as conn:
        tamper.do(conn, original)
    try:
        done = seeded.verify()
        assert done.returncode == 1, done.stdout + done.stderr
        lines = done.stdout.strip().splitlines()
        assert len(lines) == 1, done.stdout
        named = original["seq"] + tamper.broken_at
        assert re.fullmatch(rf"BROKEN at entry {named} \({tamper.problem}\): .+", lines[0])
    finally:
        with seeded.engine.begin() as conn:
            tamper.undo(conn, original)
    assert seeded.entry(original["seq"]) == original
    seeded.assert_chain_holds()


def test_the_newest_entry_deleted_is_named(seeded: Seeded) -> None:
    last = seeded.count()
    original = seeded.entry(last)
    with seeded.engine.begin() as conn:
        conn.execute(delete(ARCHIVE).where(ARCHIVE.c.seq == last))
    try:
        done = seeded.verify()
        assert done.returncode == 1, done.stdout
        assert done.stdout.startswith(f"BROKEN at entry {last} ")
    finally:
        with seeded.engine.begin() as conn:
            conn.execute(insert(ARCHIVE).values(**original))
    seeded.assert_chain_holds()


def test_entries_a_live_hub_appends_continue_the_seeded_chain(seeded: Seeded) -> None:
    before = seeded.count()
    hub = start_hub(seeded.url, seeded.folder)  # resets the demo accounts' passwords
    try:
        with hub.client("member") as member, hub.client("moderator") as moderator:
            thread, post = new_id(), new_id()
            for client, op in (
                (member, ("thread", "create", thread, {"title": "Live"})),
                (member, ("post", "create", post, {"thread_id": thread, "body": "Live post"})),
                (moderator, ("post", "decide", post, {"action": "approve"})),
            ):
                record_type, action, record_id, data = op
                response = client.post(
                    "/v1/ops",
                    json={
                        "ops": [
                            {
                                "op_id": new_id(),
                                "type": record_type,
                                "id": record_id,
                                "action": action,
                                "base_version": 1 if action == "decide" else 0,
                                "data": data,
                            }
                        ]
                    },
                )
                assert response.json()["results"][0]["status"] == "applied", response.text
        with hub.client("compliance") as compliance:
            head = compliance.get("/v1/archive/head").json()
    finally:
        hub.stop()
    assert head["seq"] == before + 2  # the post and the decision
    assert head["hash"] == seeded.entry(before + 2)["hash"]
    assert seeded.entry(before + 1)["prev_hash"] == seeded.entry(before)["hash"]
    seeded.assert_intact(before + 2)
