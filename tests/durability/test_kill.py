"""SIGKILL in the middle of workspace operations never leaves a half-written change.

Each round forks a child that opens the workspace and runs mixed operations as fast as it can;
the parent kills it with SIGKILL at a random moment, then checks a copy of the files (database
plus the write-ahead log the dead process left) the way the next start of Studio will find them:
the database is intact, and every record, its outbox op and its journal entry are all there or
all absent. The next child then opens the original, hot write-ahead log and all.

The random schedule (pauses, operations) is seeded: the seed is printed, and
STUDIO_KILL_SEED=<seed> replays it; where exactly each kill lands still depends on timing.
"""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import sqlite3
import time
import traceback
from collections import defaultdict
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

import pytest
from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session

from studio.domain.records import STATE_AFTER_DECISION, ArticleStatus, DecisionAction
from studio.domain.staging import STAGED_FIELDS, is_live, restage
from studio.store.models import Article, Member, Post, Thread
from studio.store.workspace import Workspace, workspace_path

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

ROUNDS = 120
ANYTIME_EVERY = 6  # every 6th round kills without waiting for the child
POSTS = 80
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
WEBINAR_UTC = datetime(2027, 3, 25, 9, 0, tzinfo=UTC)
RECORD_TABLES = {"article": "articles", "webinar": "webinars", "poll": "polls", "post": "posts"}
PARAGRAPH = "Cash flow is the lifeblood of a small business; a line of credit smooths the seasons. "


def seed_posts(path: Path) -> list[str]:
    """A thread of member posts awaiting moderation, as a sync from the Hub leaves them."""
    ws = Workspace.open(path)
    try:
        with Session(ws.engine) as s, s.begin():
            s.add(
                Member(id="m1", display_name="Ada", company="Ada Ltd", joined_at=T0, updated_at=T0)
            )
            s.flush()
            s.add(
                Thread(
                    id="t1", title="Winter cash flow", author_id="m1", created_at=T0, updated_at=T0
                )
            )
            s.flush()
            for i in range(POSTS):
                s.add(
                    Post(
                        id=f"post-{i:03d}",
                        thread_id="t1",
                        author_id="m1",
                        body=f"Post {i}: how do you finance stock before the holidays?",
                        created_at=T0 + timedelta(minutes=i),
                        state="pending",
                        report_count=i % 3,
                        version=2,
                        local=False,
                        updated_at=T0,
                    )
                )
        # One of each operation, so the children start from a workspace with every kind of op.
        aid = ws.create_article("Warm-up", PARAGRAPH)
        ws.save_article(aid, body=PARAGRAPH * 2)
        ws.set_article_status(aid, ArticleStatus.IN_REVIEW)
        ws.save_article_revision(aid, "warm-up")
        ws.decide_post("post-000", DecisionAction.APPROVE)
        ws.schedule_webinar("Warm-up", "2027-03-25T10:00:00", "Europe/Paris", WEBINAR_UTC)
        ws.create_poll("Warm-up?", ["Yes", "No"])
    finally:
        ws.close()  # dispose: no connection may cross the fork
    return [f"post-{i:03d}" for i in range(POSTS)]


# -- the child -------------------------------------------------------------------------------------


def run_child(path: Path, seed: int, report_fd: int, error_file: Path) -> NoReturn:
    """Open the workspace and change it as fast as possible until killed. Never returns.

    Writes ``r`` to ``report_fd`` once the workspace is open, then ``.`` after each operation
    has returned, i.e. committed: every ``.`` the parent reads is a change that must survive.
    """
    code = 0
    try:
        rng = random.Random(seed)
        ws = Workspace.open(path)
        os.write(report_fd, b"r")
        with Session(ws.engine) as s:
            live = s.execute(
                sql_select(Article.id, Article.body, Article.status, Article.staged).where(
                    Article.deleted.is_(False)
                )
            ).all()
            posts = list(s.scalars(sql_select(Post.id)))
        # The text as its editor shows it: a live article's pending revision over its live text
        # (an edit that equals it changes nothing, and leaves nothing to journal).
        bodies: dict[str, str] = {
            aid: ((staged or {}).get("fields") or {}).get("body", body) if is_live(status) else body
            for aid, body, status, staged in live
        }
        statuses: dict[str, str] = {aid: status for aid, _, status, _ in live}
        actions = list(DecisionAction)
        n = 0
        while True:
            n += 1
            roll = rng.random()
            if roll < 0.12 or not bodies:
                aid = ws.create_article(f"Article {seed}-{n}", PARAGRAPH, tags=["cash"])
                bodies[aid], statuses[aid] = PARAGRAPH, ArticleStatus.DRAFT
            elif roll < 0.55:
                aid = rng.choice(list(bodies))
                body = bodies[aid] + f"{n}. " + PARAGRAPH * rng.randint(1, 4)
                if len(body) > 20_000:
                    body = f"{n}. {PARAGRAPH}"  # start again, so the file stays small
                ws.save_article(aid, body=body)
                bodies[aid] = body
            elif roll < 0.65:
                aid = rng.choice(list(bodies))
                status = rng.choice([s for s in ArticleStatus if s != statuses[aid]])
                ws.set_article_status(aid, status)
                statuses[aid] = status
            elif roll < 0.80:
                ws.decide_post(rng.choice(posts), rng.choice(actions), reason=f"round {seed}")
            elif roll < 0.88:
                ws.schedule_webinar(
                    f"Webinar {seed}-{n}",
                    "2027-03-25T10:00:00",
                    "Europe/Paris",
                    WEBINAR_UTC,
                    capacity=rng.randint(10, 500),
                )
            elif roll < 0.96:
                ws.create_poll(f"Poll {seed}-{n}?", ["Yes", "No", "Not sure"][: rng.randint(2, 3)])
            elif roll < 0.98:
                ws.save_article_revision(rng.choice(list(bodies)), f"checkpoint {n}")
            else:
                aid = rng.choice(list(bodies))
                ws.delete_article(aid)
                del bodies[aid], statuses[aid]
            os.write(report_fd, b".")
    except BaseException:
        code = 1
        try:
            error_file.write_text(traceback.format_exc(), encoding="utf-8")
        except BaseException:
            pass
    finally:
        os._exit(code)  # no Python clean-up in a forked child: no atexit, no pytest teardown


# -- the checks ------------------------------------------------------------------------------------


def problems_in(path: Path) -> list[str]:
    """Everything wrong with the database at ``path``; empty when it is consistent."""
    found: list[str] = []
    with closing(sqlite3.connect(path)) as conn:

        def rows(query: str, *params: Any) -> list[tuple[Any, ...]]:
            return conn.execute(query, params).fetchall()

        integrity = rows("PRAGMA integrity_check")
        if integrity != [("ok",)]:
            return [f"integrity_check: {integrity[:5]}"]
        if fk := rows("PRAGMA foreign_key_check"):
            found.append(f"foreign_key_check: {fk[:5]}")
        for fts in ("articles_fts", "posts_fts"):
            try:
                conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                found.append(f"{fts} does not match its table: {exc}")

        for rtype, table in RECORD_TABLES.items():
            if bad := rows(
                f"SELECT id FROM {table} WHERE local = 1 AND id NOT IN "
                "(SELECT record_id FROM outbox WHERE record_type = ?)",
                rtype,
            ):
                found.append(f"local {rtype}s without an outbox op: {bad[:5]}")
            if bad := rows(
                f"SELECT op_id, action FROM outbox o WHERE record_type = ? AND NOT EXISTS "
                f"(SELECT 1 FROM {table} r WHERE r.id = o.record_id)",
                rtype,
            ):
                found.append(f"{rtype} ops without their record: {bad[:5]}")
        if bad := rows(
            "SELECT id FROM decisions WHERE id NOT IN (SELECT json_extract(data, '$.decision_id') "
            "FROM outbox WHERE action = 'decide')"
        ):
            found.append(f"decisions without their decide op: {bad[:5]}")
        if bad := rows(
            "SELECT op_id FROM outbox WHERE action = 'decide' AND "
            "json_extract(data, '$.decision_id') NOT IN (SELECT id FROM decisions)"
        ):
            found.append(f"decide ops without their decision: {bad[:5]}")
        if bad := rows(
            "SELECT d.id FROM decisions d JOIN outbox o "
            "ON json_extract(o.data, '$.decision_id') = d.id WHERE o.record_id != d.post_id"
        ):
            found.append(f"decide ops naming another post: {bad[:5]}")
        if bad := rows(
            "SELECT op_id FROM outbox WHERE op_id NOT IN "
            "(SELECT op_id FROM journal WHERE op_id IS NOT NULL)"
        ):
            found.append(f"outbox ops without a journal entry: {bad[:5]}")
        if bad := rows(
            "SELECT seq, op_id FROM journal WHERE op_id IS NOT NULL AND op_id NOT IN "
            "(SELECT op_id FROM outbox)"
        ):
            found.append(f"journal entries naming a missing op: {bad[:5]}")

        # Each article is exactly what its ops say: the row and the op data moved together. An
        # edit of a live article's text goes to its pending revision (studio/domain/staging.py),
        # as the workspace and the Hub both do; the fold below follows the same rule.
        folded: dict[str, dict[str, Any]] = defaultdict(dict)
        pending: dict[str, dict[str, Any]] = defaultdict(dict)
        deleted_by_op: set[str] = set()
        seen_by_hub = {aid for (aid,) in rows("SELECT id FROM articles WHERE version > 0")}
        for record_id, action, data in rows(
            "SELECT record_id, action, data FROM outbox WHERE record_type = 'article' ORDER BY seq"
        ):
            changes, live = json.loads(data), folded[record_id]
            staging = record_id in seen_by_hub and is_live(live.get("status"))
            if action == "update" and staging:
                pending[record_id] = restage(live, pending[record_id], changes)
                live.update({k: v for k, v in changes.items() if k not in STAGED_FIELDS})
            else:
                live.update(changes)
            if action == "delete":
                deleted_by_op.add(record_id)
        for aid, title, body, status, deleted, staged in rows(
            "SELECT id, title, body, status, deleted, staged FROM articles"
        ):
            want = {**folded.get(aid, {}), "pending": pending.get(aid, {})}
            got = {
                "title": title,
                "body": body,
                "status": status,
                "pending": (json.loads(staged) if staged else {}).get("fields", {}),
            }
            if differ := sorted(k for k, v in got.items() if want.get(k) != v):
                found.append(f"article {aid}: {differ} differ from what its ops carry")
            if bool(deleted) != (aid in deleted_by_op):
                found.append(
                    f"article {aid}: deleted={deleted} but delete op={aid in deleted_by_op}"
                )

        # Each post shows its last decision, and each poll has the options its op announced.
        last: dict[str, str] = {}
        for post_id, action in rows(
            "SELECT record_id, json_extract(data, '$.action') FROM outbox "
            "WHERE action = 'decide' ORDER BY seq"
        ):
            last[post_id] = action
        for post_id, state, decision in rows("SELECT id, state, decision FROM posts"):
            if post_id in last:
                expected = str(STATE_AFTER_DECISION[DecisionAction(last[post_id])])
                shown = json.loads(decision)["action"] if decision else None
                if state != expected or shown != last[post_id]:
                    found.append(f"post {post_id} is {state} after a {last[post_id]} op")
            elif state != "pending" or decision is not None:
                found.append(f"post {post_id} changed without a decide op")
        for poll_id, options in rows(
            "SELECT record_id, json_extract(data, '$.options') FROM outbox "
            "WHERE record_type = 'poll' AND action = 'create'"
        ):
            labels = [
                r[0]
                for r in rows(
                    "SELECT label FROM poll_options WHERE poll_id = ? ORDER BY position", poll_id
                )
            ]
            if labels != json.loads(options):
                found.append(f"poll {poll_id} has options {labels}, its op says {options}")
    return found


def copy_as_found(path: Path, target: Path) -> None:
    """Copy the database and its write-ahead log, as a fresh start of Studio would find them."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    for suffix in ("", "-wal"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            shutil.copyfile(source, f"{target}{suffix}")


def table_count(path: Path, query: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute(query).fetchone()[0])


# -- the test --------------------------------------------------------------------------------------


def test_sigkill_at_random_points_never_splits_a_change(tmp_path: Path) -> None:
    seed = int(os.environ.get("STUDIO_KILL_SEED") or random.SystemRandom().randrange(2**32))
    print(f"test_kill seed: {seed} (replay with STUDIO_KILL_SEED={seed})")
    rng = random.Random(seed)
    path = workspace_path(tmp_path, "kill")
    posts = seed_posts(path)
    assert len(posts) == POSTS
    check = tmp_path / "check" / "workspace.sqlite3"
    check.parent.mkdir()
    error_file = tmp_path / "child-error.txt"

    journal_before = table_count(path, "SELECT count(*) FROM journal")
    committed_rounds = 0
    reported_total = 0
    started = time.monotonic()
    for round_no in range(ROUNDS):
        where = f"round {round_no}, seed {seed}"
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_fd)
            run_child(path, seed * 1000 + round_no, write_fd, error_file)
        os.close(write_fd)
        heard = bytearray()
        try:
            # Most rounds let the child open the workspace and commit a few operations first
            # (counted on the pipe, so a slow machine only makes the test slower), then kill
            # after a random pause; every ANYTIME_EVERY-th round kills after the pause alone,
            # at any moment at all, even while the child is still opening the workspace.
            if round_no % ANYTIME_EVERY:
                want = 1 + rng.choice((1, 1, 2, 3, 5))
                while len(heard) < want:
                    ready, _, _ = select.select([read_fd], [], [], 60)
                    assert ready, f"{where}: the child did nothing for 60 s"
                    chunk = os.read(read_fd, 4096)
                    if not chunk:
                        break  # the child died by itself: reported below
                    heard += chunk
            time.sleep(rng.uniform(0.005, 0.080))
        finally:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            while chunk := os.read(read_fd, 65536):  # all it said before dying
                heard += chunk
            os.close(read_fd)
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            detail = error_file.read_text() if error_file.exists() else f"status {status}"
            pytest.fail(f"{where}: the child stopped by itself before the kill:\n{detail}")

        copy_as_found(path, check)
        problems = problems_in(check)
        assert not problems, f"{where}: " + "\n".join(problems)
        # Every operation that returned before the kill is still there (each one journals).
        reported = heard.count(b".")
        journal_after = table_count(check, "SELECT count(*) FROM journal")
        assert journal_after - journal_before >= reported, (
            f"{where}: {reported} operations returned but only "
            f"{journal_after - journal_before} journal entries were kept"
        )
        committed_rounds += journal_after > journal_before
        reported_total += reported
        journal_before = journal_after

    print(
        f"{ROUNDS} kills in {time.monotonic() - started:.1f} s; {reported_total} operations "
        f"reported committed; {committed_rounds} rounds committed some"
    )
    # By construction, every round but the "any time" ones committed work before its kill.
    assert committed_rounds >= sum(1 for r in range(ROUNDS) if r % ANYTIME_EVERY)

    # The workspace itself opens, shows consistent figures, and takes new work.
    ws = Workspace.open(path)
    try:
        counts = ws.counts()
        pending = ws.pending_changes()
        ws.create_article("After the storm", "Still here.")
    finally:
        ws.close()
    assert problems_in(path) == []

    def ops(where: str) -> int:
        return table_count(path, f"SELECT count(*) FROM outbox WHERE {where}")

    assert counts["posts"] == POSTS
    assert counts["threads"] == counts["members"] == 1
    assert counts["articles"] == ops("record_type = 'article' AND action = 'create'") - 1 - ops(
        "record_type = 'article' AND action = 'delete'"
    )
    assert counts["webinars"] == ops("record_type = 'webinar' AND action = 'create'")
    assert counts["polls"] == ops("record_type = 'poll' AND action = 'create'")
    assert pending == ops("1") - 1
    assert counts["articles"] + counts["webinars"] + counts["polls"] > 0
