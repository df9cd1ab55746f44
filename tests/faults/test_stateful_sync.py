"""Three Studios, one real Hub, a faulty network: a Hypothesis state machine.

Each run links three Studios (an editor, an admin, a moderator; each a workspace of its own)
to one Hub process, each through its own fault proxy. Hypothesis then interleaves what their
users do (create articles, insert lines in their bodies, retitle, move along the workflow,
delete, decide on posts, resolve conflicts) with what the world does to them (offline periods,
random faults of every kind, a clock an hour fast or slow, sync rounds, and a sync round in a
child process SIGKILLed right after the Hub answered, before the workspace recorded it).

After every step: each Studio's cursor never goes back, and never passes a page it did not
store; no inserted line is on the Hub twice. At the end of each run the network is healed,
every Studio syncs until a whole round moves nothing, the users resolve the conflicts left and
sync again; then the outboxes are empty (but for records still in conflict), every replica
equals the Hub record for record (wire fields and version) except where a Studio shows a
conflict or a refusal, every line a user inserted is on the Hub exactly once (or its Studio
shows why not and still has it, or a user dropped it resolving a conflict that showed it),
and every moderation decision was applied once or is shown as lost.

Each run has its own records on one shared Hub process (a Studio's pull starts at the feed's
end when the run began), so runs cost no Hub start-up. ``STUDIO_FAULT_NO_SHRINK=1`` skips
shrinking, to see a failure quickly.

Bounded in ``make test``; ``STUDIO_FAULT_RUNS=N`` (``make sync-faults``) runs N examples.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from studio.domain import instants
from studio.domain.merge import Take, compose, text_hunks
from studio.store import conflicts
from studio.store import workspace as workspace_module
from studio.store.models import Article, Conflict, Decision, JournalEntry, OutboxOp, Post
from studio.store.workspace import Workspace
from studio.sync.client import HubError
from tests.faults.clock import clock, shifted_now
from tests.faults.harness import (
    Studio,
    archive_head,
    cursor_problems,
    decisions_on_hub,
    differences,
    hub_end,
    hub_feed,
    local_record,
    open_conflicts,
    pending_ops,
    push_directly,
    seed_posts,
)
from tests.faults.proxy import Fault, FaultProxy
from tests.hub.hubproc import HubProcess

LONG_RUNS = int(os.environ.get("STUDIO_FAULT_RUNS", "0") or 0)
RUNS = LONG_RUNS or 6
STEPS = 30
ACCOUNTS = {"A": "editor", "B": "admin", "C": "moderator"}
WRITERS = ("A", "B")
MODERATORS = ("B", "C")
POSTS = 3
SHARED = 2  # articles every Studio has from the start
TOKEN = re.compile(r"^[ABC]-\d+$", re.MULTILINE)
SETTLE_ROUNDS = 6
PHASES = [Phase.explicit, Phase.reuse, Phase.generate] + (
    [] if os.environ.get("STUDIO_FAULT_NO_SHRINK") else [Phase.shrink]
)

studio_names = st.sampled_from(sorted(ACCOUNTS))
picks = st.integers(0, 1_000)


class SyncUnderFaults(RuleBasedStateMachine):
    # Set by the test: the shared Hub, one proxy per Studio, a folder and an empty workspace.
    hub: ClassVar[HubProcess]
    proxies: ClassVar[dict[str, FaultProxy]]
    root: ClassVar[Path]
    template: ClassVar[Path]
    runs: ClassVar[int] = 0
    seen: ClassVar[Counter[str]]  # what the runs went through, for the summary
    kept_folder: ClassVar[Path | None] = None  # the workspaces of the last failed run

    def __init__(self) -> None:
        super().__init__()
        type(self).runs += 1
        self.folder = Path(tempfile.mkdtemp(dir=self.root))
        self.start = hub_end(self.hub)
        self.archive_start = archive_head(self.hub)
        self.posts = seed_posts(self.hub, POSTS, f"run {self.runs}")
        push_directly(
            self.hub,
            "admin",
            [
                {
                    "type": "article",
                    "id": str(uuid.uuid4()),
                    "action": "create",
                    "data": {"title": f"Shared {i}", "body": "Line one.\nLine two.\nLine three.\n"},
                }
                for i in range(SHARED)
            ],
        )
        self.studios: dict[str, Studio] = {}
        for name, account in ACCOUNTS.items():
            proxy = self.proxies[name]
            proxy.reset()
            self.studios[name] = Studio(
                name,
                account,
                self.folder,
                proxy.url,
                self.hub.token(account),
                retries=1,
                batch=3,
                page=4,
                since=self.start,
                template=self.template,
            )
        for studio in self.studios.values():
            studio.sync()  # every Studio starts with the posts and the shared articles
        self.made = 0
        self.tokens: dict[str, tuple[str, str]] = {}  # inserted line -> (Studio, article id)
        self.dropped: set[str] = set()  # lines a user left out when resolving a conflict
        self.cursors = dict.fromkeys(ACCOUNTS, 0)
        self.log: list[str] = []

    # -- helpers ---------------------------------------------------------------------------------

    def token(self, name: str) -> str:
        self.made += 1
        return f"{name}-{self.made}"

    def editable(self, s: Studio) -> list[Article]:
        """Articles the user of ``s`` can edit: there, not deleted, not waiting on a conflict."""
        with s.ws.reading() as session:
            return list(
                session.scalars(
                    select(Article)
                    .where(Article.deleted.is_(False), Article.conflict.is_(False))
                    .order_by(Article.id)
                )
            )

    def note(self, text: str) -> None:
        self.log.append(text)

    @initialize(
        weather=st.fixed_dictionaries(
            {
                name: st.tuples(
                    st.sampled_from([0.0, 0.1, 0.3]),
                    st.lists(st.sampled_from(list(Fault)), min_size=1, max_size=4, unique=True),
                    st.integers(0, 2**32 - 1),
                )
                for name in ACCOUNTS
            }
        )
    )
    def start_with_faults(self, weather: dict[str, tuple[float, list[Fault], int]]) -> None:
        """Each run starts with faults of its own on each Studio's network (rate 0: none)."""
        for name, (rate, kinds, seed) in weather.items():
            if rate:
                self.proxies[name].randomly(rate, kinds, seed)

    # -- what users do ---------------------------------------------------------------------------

    @rule(
        name=studio_names,
        what=st.sampled_from(
            ["create", "insert", "insert", "retitle", "status", "delete", "decide", "decide"]
        ),
        pick=picks,
        position=st.integers(0, 20),
        status=st.sampled_from(["in_review", "draft", "published"]),
        action=st.sampled_from(["approve", "remove", "escalate", "restore"]),
    )
    def edit(
        self, name: str, what: str, pick: int, position: int, status: str, action: str
    ) -> None:
        """What the user of Studio ``name`` does: the editor (A) writes, the moderator (C)
        decides, the admin (B) does both."""
        if name not in WRITERS:
            what = "decide"
        elif name not in MODERATORS and what == "decide":
            what = "insert"
        self.seen[f"edit {what}"] += 1
        if what == "create":
            self.create_article(name)
        elif what == "insert":
            self.insert_line(name, pick, position)
        elif what == "retitle":
            self.retitle(name, pick)
        elif what == "status":
            self.move_along(name, pick, status)
        elif what == "delete":
            self.delete(name, pick)
        else:
            self.decide(name, pick, action)

    def create_article(self, name: str) -> None:
        s = self.studios[name]
        token = self.token(name)
        with clock(s.offset):
            aid = s.ws.create_article(f"Title {token}", f"{token}\nLine one.\nLine two.\n")
            real = instants.utc_now()
        self.tokens[token] = (name, aid)
        with s.ws.reading() as session:
            at = session.scalars(
                select(JournalEntry.at).order_by(JournalEntry.seq.desc()).limit(1)
            ).one()
        # The shifted clock reached the workspace (guards the monkeypatch in the test).
        assert abs(at - (real + s.offset)) < timedelta(minutes=10)

    def insert_line(self, name: str, pick: int, position: int) -> None:
        s = self.studios[name]
        articles = self.editable(s)
        if not articles:
            return
        article = articles[pick % len(articles)]
        lines = article.body.splitlines(keepends=True)
        token = self.token(name)
        lines.insert(position % (len(lines) + 1), f"{token}\n")
        with clock(s.offset):
            s.ws.save_article(article.id, body="".join(lines))
        self.tokens[token] = (name, article.id)

    def retitle(self, name: str, pick: int) -> None:
        s = self.studios[name]
        articles = self.editable(s)
        if articles:
            with clock(s.offset):
                s.ws.save_article(articles[pick % len(articles)].id, title=f"Retitled {self.made}")
            self.made += 1

    def move_along(self, name: str, pick: int, status: str) -> None:
        """An editor may not publish: the Hub refuses it, and the Studio must show that."""
        s = self.studios[name]
        articles = self.editable(s)
        if articles:
            with clock(s.offset):
                s.ws.set_article_status(articles[pick % len(articles)].id, status)  # type: ignore[arg-type]

    def delete(self, name: str, pick: int) -> None:
        s = self.studios[name]
        articles = self.editable(s)
        if articles:
            with clock(s.offset):
                s.ws.delete_article(articles[pick % len(articles)].id)

    def decide(self, name: str, pick: int, action: str) -> None:
        s = self.studios[name]
        with s.ws.reading() as session:
            posts = list(
                session.scalars(select(Post.id).where(Post.deleted.is_(False)).order_by(Post.id))
            )
        if posts:
            with clock(s.offset):
                s.ws.decide_post(posts[pick % len(posts)], action, reason="test")  # type: ignore[arg-type]

    @rule(name=studio_names, pick=picks, take=st.sampled_from(list(Take)))
    def resolve(self, name: str, pick: int, take: Take) -> None:
        """The user resolves one open conflict, taking ``take`` in every clashing hunk and
        field (a record deleted on the Hub: let go for "theirs", else kept as a new one).
        Lines of the two copies shown that the result leaves out were dropped knowingly."""
        rows = conflicts.conflicts_page(self.studios[name].ws, None, 1000)
        if rows:
            self.resolve_one(name, rows[pick % len(rows)].id, take)

    def resolve_one(self, name: str, conflict_id: int, take: Take) -> None:
        s = self.studios[name]
        shown = conflicts.load(s.ws, conflict_id)
        seen_lines = set(TOKEN.findall(f"{shown.mine.get('body')}\n{shown.theirs.get('body')}"))
        self.seen[f"resolve {'deleted' if shown.deleted_there else 'changed'} {take}"] += 1
        with clock(s.offset):
            if shown.deleted_there and take is Take.THEIRS:
                conflicts.let_go(s.ws, shown.id)
                self.dropped |= seen_lines
                return
            if shown.deleted_there:
                new_id = conflicts.keep_as_new(s.ws, shown.id)
                for line, (owner, article_id) in self.tokens.items():
                    if (owner, article_id) == (name, shown.record_id) and line in seen_lines:
                        self.tokens[line] = (name, new_id)
                return
            values: dict[str, Any] = {}
            for field in shown.fields:
                if field in shown.text_fields:
                    hunks = text_hunks(
                        str(shown.base.get(field) or ""),
                        str(shown.mine.get(field) or ""),
                        str(shown.theirs.get(field) or ""),
                    )
                    values[field] = compose(hunks, dict.fromkeys(range(len(hunks)), take))
                else:
                    side = shown.theirs if take is Take.THEIRS else shown.mine
                    values[field] = side.get(field)
            conflicts.resolve(s.ws, shown.id, values)
        if "body" in values:
            self.dropped |= seen_lines - set(TOKEN.findall(values["body"]))

    # -- what the world does -------------------------------------------------------------------

    @rule(name=studio_names, how=st.sampled_from(["round"] * 6 + ["kill-push"] * 2 + ["kill-pull"]))
    def sync(self, name: str, how: str) -> None:
        """A sync round; or one in a child process, SIGKILLed once the Hub has answered a push
        (before the outbox records it) or a pull (before the page is stored)."""
        s = self.studios[name]
        if how == "kill-pull" or (how == "kill-push" and pending_ops(s.ws)):
            child = s.run_child(how.removeprefix("kill-"))
            assert child.returncode in (-signal.SIGKILL, 0, 3), child.stderr
            self.note(f"{name} {how}: exit {child.returncode} {child.stderr.strip()}")
            self.seen[f"{how} child exit {child.returncode}"] += 1
            return
        try:
            report = s.sync()
            self.note(f"{name} synced: {report.summary()}")
            self.seen["round ok"] += 1
        except HubError as exc:
            self.note(f"{name} sync failed: {exc}")
            self.seen["round failed"] += 1

    @rule(
        name=studio_names,
        online=st.sampled_from([True, True, False]),
        rate=st.sampled_from([0.0, 0.2, 0.5]),
        kinds=st.lists(st.sampled_from(list(Fault)), min_size=1, max_size=3, unique=True),
        seed=st.integers(0, 2**32 - 1),
    )
    def network(self, name: str, online: bool, rate: float, kinds: list[Fault], seed: int) -> None:
        """Offline (every connection refused), or online with faults at ``rate`` (0: none)."""
        self.seen[f"network {'on' if online else 'off'} {rate}"] += 1
        proxy = self.proxies[name]
        proxy.offline = not online
        if rate:
            proxy.randomly(rate, kinds, seed)
        else:
            proxy.calm()

    @rule(name=studio_names, hours=st.sampled_from([-1, 0, 1]))
    def shift_clock(self, name: str, hours: int) -> None:
        self.studios[name].offset = timedelta(hours=hours)

    # -- after every step -------------------------------------------------------------------------

    @invariant()
    def cursors_only_move_forward_over_stored_pages(self) -> None:
        self.seen["steps"] += 1
        feed = hub_feed(self.hub, self.start)
        for name, s in self.studios.items():
            cursor = int(s.cursor() or 0)
            assert cursor >= self.cursors[name], f"{name}'s cursor went back"
            self.cursors[name] = cursor
            assert cursor_problems(s.ws, feed) == [], name
        bodies = Counter(
            line
            for change in feed
            if change["type"] == "article" and not change["deleted"]
            for line in TOKEN.findall(change["data"]["body"])
        )
        twice = sorted(line for line, n in bodies.items() if n > 1)
        assert not twice, f"on the Hub more than once: {twice}"

    # -- at the end --------------------------------------------------------------------------------

    def teardown(self) -> None:
        settled = False
        try:
            if self.studios:
                self.settle()
                for turn in range(3):  # the users resolve what is left, and sync again
                    left = [
                        (name, c.id)
                        for name, s in self.studios.items()
                        for c in open_conflicts(s.ws)
                    ]
                    if not left:
                        break
                    for n, (name, conflict_id) in enumerate(left):
                        self.resolve_one(name, conflict_id, list(Take)[(turn + n) % len(Take)])
                    self.settle()
                self.check_converged()
                self.count_outcomes()
                settled = True
        finally:
            for s in self.studios.values():
                s.close()
            for proxy in self.proxies.values():
                proxy.reset()
            if settled:
                shutil.rmtree(self.folder, ignore_errors=True)
            else:  # the last failure's (shrinking fails many times over)
                if type(self).kept_folder is not None:
                    shutil.rmtree(type(self).kept_folder, ignore_errors=True)
                type(self).kept_folder = self.folder
                print(f"\nA failed run's workspaces are kept in {self.folder}", file=sys.stderr)

    def settle(self) -> None:
        """Heal the network and sync every Studio until one whole round moves nothing."""
        for proxy in self.proxies.values():
            self.seen.update(f"fault {e.fault}" for e in proxy.log if e.fault)
            proxy.reset()
        for _ in range(SETTLE_ROUNDS):
            pushed = 0
            for name, s in self.studios.items():
                report = s.sync()
                self.note(f"{name} settled: {report.summary()}")
                pushed += report.pushed
            if pushed == 0:
                return
        raise AssertionError(f"still pushing after {SETTLE_ROUNDS} rounds: {self.log[-6:]}")

    def shown(self, s: Studio, record_type: str, record_id: str) -> bool:
        """The Studio shows the user something about this record: a conflict or a refusal."""
        record = local_record(s.ws, record_type, record_id)
        if record is not None and record.conflict:
            return True
        if any(c.record_id == record_id for c in open_conflicts(s.ws)):
            return True
        with s.ws.reading() as session:
            return (
                session.scalars(
                    select(OutboxOp.op_id).where(
                        OutboxOp.record_id == record_id, OutboxOp.state == "rejected"
                    )
                ).first()
                is not None
            )

    def check_converged(self) -> None:
        feed = hub_feed(self.hub, self.start)
        end = hub_end(self.hub)
        on_hub = {(c["type"], c["id"]): c for c in feed}
        for name, s in self.studios.items():
            # Only changes to a record in conflict wait (until the user resolves it).
            waiting = [op.record_id for op in pending_ops(s.ws)]
            held = {c.record_id for c in open_conflicts(s.ws)}
            assert set(waiting) <= held, f"{name}'s outbox is not empty: {waiting}"
            assert s.cursor() == end, f"{name} is not at the end of the feed"
            assert cursor_problems(s.ws, feed) == [], name
            # The Hub's records are here, as the Hub has them.
            for (record_type, record_id), change in on_hub.items():
                if record_type not in ("article", "post", "thread"):
                    continue
                if self.shown(s, record_type, record_id):
                    continue
                record = local_record(s.ws, record_type, record_id)
                label = f"{name}'s {record_type} {record_id}"
                if change["deleted"]:
                    assert record is None, f"{label} is deleted on the Hub, not here"
                    continue
                assert record is not None, f"{label} is missing"
                assert not record.deleted, f"{label} is hidden here, alive on the Hub"
                assert not record.local, f"{label} still has unconfirmed changes"
                assert differences(record_type, record, change["data"]) == [], label
            # And nothing is here that the Hub lacks.
            with s.ws.reading() as session:
                mine = list(session.scalars(select(Article.id)))
            for record_id in mine:
                if ("article", record_id) not in on_hub:
                    assert self.shown(s, "article", record_id), f"{name}'s {record_id} not sent"
        self.check_lines(on_hub)
        self.check_decisions()

    def count_outcomes(self) -> None:
        for s in self.studios.values():
            self.seen.update(f"op {op.action} {op.state}" for op in _outbox(s.ws))
            self.seen["open conflicts"] += len(open_conflicts(s.ws))
            with s.ws.reading() as session:
                self.seen.update(f"decision {d.outcome}" for d in session.scalars(select(Decision)))
                self.seen.update(
                    f"journal {a}"
                    for a in session.scalars(
                        select(JournalEntry.action).where(
                            JournalEntry.action.in_(["deletion_lost", "merged", "conflict"])
                        )
                    )
                )

    def check_lines(self, on_hub: dict[tuple[str, str], dict[str, Any]]) -> None:
        """Every inserted line is on the Hub exactly once, or its Studio shows why not."""
        deleted_by_a_user = {
            op.record_id
            for s in self.studios.values()
            for op in _outbox(s.ws)
            if op.action == "delete" and op.state == "applied"
        }
        for line, (name, article_id) in self.tokens.items():
            s = self.studios[name]
            change = on_hub.get(("article", article_id))
            if line in self.dropped:  # the Hub may have it still, once
                self.seen["line dropped when resolving"] += 1
                continue
            if change is None or change["deleted"]:
                if article_id in deleted_by_a_user:
                    self.seen["line gone with its deleted article"] += 1
                    continue
                assert self.shown(s, "article", article_id) and self.kept(s, article_id, line), (
                    f"{line} ({name}) lost with its article {article_id}"
                )
                self.seen["line shown as not sent"] += 1
                continue
            count = TOKEN.findall(change["data"]["body"]).count(line)
            assert count <= 1, f"{line} is on the Hub {count} times"
            if count == 0:
                assert self.shown(s, "article", article_id), (
                    f"{line}, inserted by {name} in {article_id}, is not on the Hub, and "
                    f"{name} shows no conflict or refusal; {self.log[-8:]}"
                )
                assert self.kept(s, article_id, line), f"{name} lost its own {line}"
                self.seen["line shown as not sent"] += 1
            else:
                self.seen["line on the Hub"] += 1

    def kept(self, s: Studio, article_id: str, line: str) -> bool:
        """The user's line is still in the Studio: in the article, in the copy a conflict
        keeps as theirs ("mine"), or in a refused change."""
        record = local_record(s.ws, "article", article_id)
        copies = [record.body] if record is not None else []
        with s.ws.reading() as session:
            copies += [
                str((c.mine or {}).get("body") or "")
                for c in session.scalars(select(Conflict).where(Conflict.record_id == article_id))
            ]
            copies += [
                str(op.data.get("body") or "")
                for op in session.scalars(
                    select(OutboxOp).where(
                        OutboxOp.record_id == article_id, OutboxOp.state == "rejected"
                    )
                )
            ]
        return any(line in TOKEN.findall(copy) for copy in copies)

    def check_decisions(self) -> None:
        applied = decisions_on_hub(self.hub, self.archive_start)
        assert all(n == 1 for n in applied.values()), f"decisions applied twice: {applied}"
        for name, s in self.studios.items():
            with s.ws.reading() as session:
                decisions = list(session.scalars(select(Decision)))
            for d in decisions:
                assert d.outcome in ("applied", "lost"), f"{name}'s decision {d.id}: {d.outcome}"
                expected = 1 if d.outcome == "applied" else 0
                assert applied.get(d.id, 0) == expected, f"{name}'s {d.outcome} decision {d.id}"


def _outbox(ws: Workspace) -> list[OutboxOp]:
    with ws.reading() as session:
        return list(session.scalars(select(OutboxOp)))


@pytest.fixture
def proxies(hub: HubProcess) -> Iterator[dict[str, FaultProxy]]:
    made = {name: FaultProxy(hub.url, retry_after="0", delay=0.02) for name in ACCOUNTS}
    yield made
    for proxy in made.values():
        proxy.close()


@pytest.mark.timeout(0 if LONG_RUNS else 600)
def test_studios_converge_through_faults_offline_periods_clock_shifts_and_kills(
    hub: HubProcess,
    proxies: dict[str, FaultProxy],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workspace_module, "utc_now", shifted_now)
    template = tmp_path / "template" / "workspace.sqlite3"
    Workspace.open(template).close()

    class Machine(SyncUnderFaults):
        pass

    Machine.hub, Machine.proxies, Machine.root, Machine.template = hub, proxies, tmp_path, template
    Machine.seen = Counter()
    began = time.monotonic()
    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=RUNS,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,  # no .hypothesis/ folder; the failing steps are printed
            suppress_health_check=list(HealthCheck),
            phases=PHASES,
        ),
    )
    print(
        f"\n{Machine.runs} runs of up to {STEPS} steps in {time.monotonic() - began:.0f} s; "
        + ", ".join(f"{k}: {n}" for k, n in sorted(Machine.seen.items())),
        file=sys.stderr,
    )
