"""The demo generator (deterministic, realistic, odd where real data is odd) and its import."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from studio.demo import DEMO_NOW, RECORD_TYPES, SCALES, generate
from studio.domain.ids import is_id
from studio.domain.instants import from_wire
from studio.domain.records import STATE_AFTER_DECISION, ArticleStatus, DecisionAction
from studio.store.demo_import import create_demo_workspace, has_data, import_demo
from studio.store.models import Post, Webinar
from studio.store.search import match_expression
from studio.store.workspace import Changes, OperationError, Workspace

Records = list[tuple[str, dict[str, Any]]]

CJK = re.compile(r"[\u4e00-\u9fff]")
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")


@pytest.fixture(scope="module")
def small() -> Records:
    return list(generate("small"))


def by_type(records: Records) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record_type, record in records:
        grouped[record_type].append(record)
    return grouped


# -- the generator -------------------------------------------------------------------------------


def test_same_seed_gives_the_same_records(small: Records) -> None:
    assert list(generate("small", 2026)) == small


def test_another_seed_gives_other_records(small: Records) -> None:
    other = list(generate("small", 7))
    assert [r["id"] for _, r in other[:50]] != [r["id"] for _, r in small[:50]]
    bodies = {r["body"] for t, r in small if t == "post"}
    other_bodies = [r["body"] for t, r in other if t == "post"]
    assert sum(b not in bodies for b in other_bodies) > len(other_bodies) // 2


def test_generation_streams() -> None:
    stream = generate("x10")  # 1,000,000 posts: must not be built up front
    record_type, record = next(iter(stream))
    assert record_type == "member" and is_id(record["id"])


def test_unknown_scale_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown demo scale"):
        generate("huge")


def test_small_scale_counts(small: Records) -> None:
    counts = Counter(t for t, _ in small)
    spec = SCALES["small"]
    assert counts["member"] == spec.members == 300
    assert counts["article"] == spec.articles == 60
    assert counts["webinar"] == spec.webinars == 20
    assert counts["post"] == spec.posts == 3_000
    assert counts["speaker"] == spec.speakers
    assert counts["poll"] == spec.polls
    assert 0.8 * spec.registrations <= counts["webinar_registration"] <= 1.2 * spec.registrations
    assert 100 <= counts["thread"] <= 1_000
    assert 0.01 * spec.posts <= counts["report"] <= 0.15 * spec.posts
    assert counts["decision"] > 0 and counts["poll_response"] > 0
    assert set(counts) <= set(RECORD_TYPES)


def test_records_come_after_what_they_refer_to(small: Records) -> None:
    seen: set[str] = set()
    refs = (
        "author_id",
        "thread_id",
        "parent_id",
        "post_id",
        "reporter_id",
        "member_id",
        "webinar_id",
        "article_id",
        "poll_id",
        "option_id",
    )
    for record_type, record in small:
        for key in refs:
            if record.get(key) is not None:
                assert record[key] in seen, (record_type, key)
        for key in ("speaker_ids", "host_ids"):
            assert all(i in seen for i in record.get(key, ()))
        seen.add(record["id"])
        seen.update(o["id"] for o in record.get("options", ()))
    assert len(seen) == len(small) + sum(len(r.get("options", ())) for _, r in small)


def test_wire_form(small: Records) -> None:
    for record_type, record in small:
        assert is_id(record["id"]), record_type
        for key, value in record.items():
            if key.endswith("_at") and key != "starts_at" and value is not None:
                assert value.endswith("Z"), (record_type, key, value)
                assert from_wire(value) <= DEMO_NOW or key in (
                    "publish_at",
                    "opens_at",
                    "closes_at",
                )
    grouped = by_type(small)
    for record_type in ("member", "article", "webinar", "thread", "post", "poll"):
        assert all(r["version"] >= 1 for r in grouped[record_type])


def test_the_oddities_of_real_data_are_there(small: Records) -> None:
    grouped = by_type(small)
    names = [m["display_name"] for m in grouped["member"]]
    assert "陳大文" in names
    assert sum(bool(CJK.search(n)) for n in names) >= 5
    bodies = [p["body"] for p in grouped["post"]]
    assert any(EMOJI.search(b) for b in bodies)
    assert any("<script>" in b for b in bodies)
    assert any("![" in b and "](https://" in b for b in bodies)  # a remote image
    assert any("javascript:" in b for b in bodies)
    assert any(CJK.search(b) for b in bodies)
    assert any(p["author_id"] is None for p in grouped["post"])
    assert any(t["author_id"] is None for t in grouped["thread"])
    articles = grouped["article"]
    assert {a["status"] for a in articles} == {str(s) for s in ArticleStatus}
    assert any(a["summary"] == "" for a in articles)
    assert any(len(a["title"]) > 200 for a in articles)
    assert all(len(a["title"]) <= 500 for a in articles)
    assert len({a["slug"] for a in articles}) == len(articles)
    for article in articles:
        published = article["status"] in ("published", "archived")
        assert (article["views"] > 0) == published or article["views"] == 0
        if article["status"] == "scheduled":
            assert from_wire(article["publish_at"]) > DEMO_NOW
    assert sum(a["views"] for a in articles if a["status"] == "published") > 0
    webinars = grouped["webinar"]
    assert any(w["status"] == "live" for w in webinars)
    assert any(w["fold"] == 1 for w in webinars)


def test_webinar_instants_agree_with_zoneinfo(small: Records) -> None:
    for webinar in by_type(small)["webinar"]:
        wall = datetime.fromisoformat(webinar["starts_at"])
        assert wall.tzinfo is None and len(webinar["starts_at"]) == 19
        local = wall.replace(tzinfo=ZoneInfo(webinar["zone"]), fold=webinar["fold"])
        # (astimezone: across zones, == is always False for a time in a fold, per PEP 495)
        assert from_wire(webinar["starts_at_utc"]) == local.astimezone(UTC)
        # The wall time exists in its zone (no DST gap): it survives the round trip.
        back = from_wire(webinar["starts_at_utc"]).astimezone(ZoneInfo(webinar["zone"]))
        assert back.replace(tzinfo=None) == wall


def test_webinar_figures_match_registrations(small: Records) -> None:
    grouped = by_type(small)
    speakers = {s["id"]: s for s in grouped["speaker"]}
    registrations = defaultdict(list)
    for registration in grouped["webinar_registration"]:
        registrations[registration["webinar_id"]].append(registration)
    for webinar in grouped["webinar"]:
        regs = registrations[webinar["id"]]
        assert webinar["registered"] == sum(r["status"] == "registered" for r in regs)
        assert webinar["attended"] == sum(r["attended"] for r in regs)
        assert webinar["registered"] <= webinar["capacity"]
        assert len({r["email"] for r in regs}) == len(regs)
        assert webinar["speaker_ids"] and webinar["host_ids"]
        assert all(i in speakers for i in webinar["speaker_ids"] + webinar["host_ids"])
    zones = {s["zone"] for s in speakers.values()}
    assert {"Europe/Paris", "Asia/Hong_Kong"} <= zones


def test_post_states_follow_decisions_and_reports(small: Records) -> None:
    grouped = by_type(small)
    reports = Counter(r["post_id"] for r in grouped["report"])
    decisions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for decision in grouped["decision"]:
        decisions[decision["post_id"]].append(decision)
    for post in grouped["post"]:
        assert post["report_count"] == reports[post["id"]]
        mine = decisions[post["id"]]
        if mine:
            last = mine[-1]
            assert post["state"] == STATE_AFTER_DECISION[DecisionAction(last["action"])]
            assert post["decision"] == {
                "action": last["action"],
                "reason": last["reason"],
                "by": last["moderator"],
                "at": last["decided_at"],
            }
        else:
            assert post["decision"] is None and post["state"] in ("visible", "pending")
    states = Counter(p["state"] for p in grouped["post"])
    assert states["visible"] > 0.9 * len(grouped["post"])
    assert states["removed"] and states["pending"]


def test_poll_tallies_match_responses(small: Records) -> None:
    grouped = by_type(small)
    responses = Counter(r["option_id"] for r in grouped["poll_response"])
    for poll in grouped["poll"]:
        assert len(poll["options"]) >= 2
        assert poll["responses"] == sum(o["responses"] for o in poll["options"])
        for option in poll["options"]:
            assert option["responses"] == responses[option["id"]]


# -- the import ----------------------------------------------------------------------------------


def test_import_into_a_workspace(workspace: Workspace, small: Records) -> None:
    heard: list[Changes] = []
    workspace.subscribe(heard.append)
    progress: list[tuple[str, int]] = []
    counts = import_demo(workspace, "small", progress=lambda kind, n: progress.append((kind, n)))

    generated = Counter(t for t, _ in small)
    stored = workspace.counts()
    for name in ("member", "article", "webinar", "thread", "post", "poll"):
        assert counts[name] == generated[name] == stored[f"{name}s"]
    assert counts["report"] == generated["report"]
    assert counts["poll_response"] == generated["poll_response"]
    grouped = by_type(small)
    assert counts["poll_option"] == sum(len(p["options"]) for p in grouped["poll"])
    assert counts["webinar_speaker"] == sum(
        len(w["speaker_ids"]) + len(w["host_ids"]) for w in grouped["webinar"]
    )
    assert ("post", generated["post"]) in progress

    with workspace.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM journal")).scalar() == 0
        for table in ("members", "articles", "webinars", "threads", "posts", "polls"):
            row = conn.execute(
                text(
                    f"SELECT count(*) FROM {table} WHERE local = 1 OR base IS NOT NULL "
                    "OR version < 1 OR deleted = 1 OR conflict = 1"
                )
            ).scalar()
            assert row == 0, table
        # Full-text search finds imported posts, words with accents folded.
        hits = conn.execute(
            text("SELECT rowid FROM posts_fts WHERE posts_fts MATCH :q"),
            {"q": match_expression("pwned")},
        ).fetchall()
        bodies = [
            conn.execute(text("SELECT body FROM posts WHERE rowid = :r"), {"r": r[0]}).scalar()
            for r in hits
        ]
        assert bodies and all("<script>" in b for b in bodies)
        accented = conn.execute(
            text("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH :q"),
            {"q": match_expression("hameconnage")},
        ).scalar()
        assert accented and accented > 0

    # The rows read back through the ORM types as the generator wrote them.
    post = next(p for p in grouped["post"] if p["decision"])
    webinar = next(w for w in grouped["webinar"] if w["fold"] == 1)
    with workspace.reading() as session:
        stored_post = session.get(Post, post["id"])
        stored_webinar = session.get(Webinar, webinar["id"])
        assert stored_post is not None and stored_webinar is not None
        assert stored_post.decision == post["decision"]
        assert stored_post.created_at == from_wire(post["created_at"])
        assert stored_webinar.starts_at_utc == from_wire(webinar["starts_at_utc"])
        assert stored_webinar.starts_at == webinar["starts_at"]

    assert len(heard) == 1
    assert heard[0].ids("post") == {p["id"] for p in grouped["post"]}
    assert not heard[0].outbox


def test_importing_twice_is_refused(workspace: Workspace) -> None:
    import_demo(workspace, "small")
    before = workspace.counts()
    with pytest.raises(OperationError, match="same ids"):
        import_demo(workspace, "small")
    assert workspace.counts() == before


def test_a_workspace_linked_to_a_hub_is_refused(workspace: Workspace) -> None:
    with workspace.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sync_state (id, hub_url, account, cursor, last_error) "
                "VALUES (1, 'https://hub.example', 'ed', '', '')"
            )
        )
    with pytest.raises(OperationError, match="linked to the Hub"):
        import_demo(workspace, "small")
    assert not has_data(workspace)


def test_create_demo_workspace(tmp_path: Path) -> None:
    path = tmp_path / "demo" / "workspace.sqlite3"
    ws = create_demo_workspace(path, "small", seed=3)
    try:
        assert ws.counts()["posts"] == 3_000
    finally:
        ws.close()
    with pytest.raises(OperationError, match="already holds data"):
        create_demo_workspace(path, "small", seed=4)


def test_create_demo_workspace_refuses_local_work(tmp_path: Path) -> None:
    path = tmp_path / "mine" / "workspace.sqlite3"
    ws = Workspace.open(path)
    ws.create_article("My draft")
    ws.close()
    with pytest.raises(OperationError, match="already holds data"):
        create_demo_workspace(path, "small")


def test_the_generator_needs_neither_the_store_nor_qt() -> None:
    code = (
        "import sys, studio.demo; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6') "
        "or m.startswith('studio.store')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_same_records_in_another_process(small: Records) -> None:
    """No dependence on hash randomisation or process state: another run gives the same data."""
    code = (
        "import hashlib, json, studio.demo; h = hashlib.sha256()\n"
        "for r in studio.demo.generate('small'):\n"
        "    h.update(json.dumps(r, sort_keys=True).encode())\n"
        "print(h.hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    digest = hashlib.sha256()
    for record in small:
        digest.update(json.dumps(list(record), sort_keys=True).encode())
    assert out.stdout.strip() == digest.hexdigest()
