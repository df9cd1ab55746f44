"""A workspace's first pull runs in a child process (studio/sync/first_pull.py), against a real
Hub: its pages arrive and are announced as they commit, Cancel keeps what arrived, and a child
that dies is reported in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from hub.db import make_engine, migrate
from hub.seed import DEMO_PASSWORD, seed
from studio.store import replica
from studio.store.models import Member, Post
from studio.store.workspace import Changes, Workspace, workspace_path
from studio.sync import first_pull
from studio.sync.client import HubClient
from studio.sync.worker import SyncWorker
from tests.hub.hubproc import HubProcess, start_hub


@pytest.fixture(scope="module")
def seeded_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    folder = tmp_path_factory.mktemp("seeded")
    url = f"sqlite:///{folder / 'hub.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    seed(engine, "small")
    engine.dispose()
    process = start_hub(url, folder, prepare=False)
    yield process
    process.stop()


def linked(data_dir: Path, hub: HubProcess, name: str) -> Workspace:
    ws = Workspace.open(workspace_path(data_dir, name), name)
    replica.link(ws, hub.url, "editor")
    return ws


def counts(ws: Workspace) -> tuple[int, int]:
    with ws.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(Post)) or 0,
            s.scalar(select(func.count()).select_from(Member)) or 0,
        )


def hub_counts(hub: HubProcess, token: str) -> tuple[int, int]:
    stats = HubClient(hub.url, lambda: token).stats()
    return stats.posts, stats.members


class Spy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = first_pull.pull_in_child

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(first_pull, "pull_in_child", counted)


def test_the_first_sync_runs_in_a_child_and_its_pages_are_announced(
    qapp: QApplication, qtbot, data_dir: Path, seeded_hub: HubProcess, monkeypatch
) -> None:
    spy = Spy(monkeypatch)
    token = HubClient(seeded_hub.url).sign_in("editor", DEMO_PASSWORD).access_token
    ws = linked(data_dir, seeded_hub, "first")
    heard: list[Changes] = []
    ws.subscribe(heard.append)
    worker = SyncWorker(ws, lambda *_: token)
    worker.page_size = 500
    progress: list[tuple[str, int, int]] = []
    worker.progress.connect(lambda *a: progress.append(a))
    try:
        with qtbot.waitSignal(worker.finished, timeout=120_000) as done:
            worker.request()
        summary = done.args[0]
    finally:
        worker.stop()
    posts, members = hub_counts(seeded_hub, token)
    assert counts(ws) == (posts, members)
    assert spy.calls == 1
    # Every page was announced as it committed: the post list can grow while it comes in.
    announced = set().union(*(c.ids("post") for c in heard))
    assert len(announced) == posts
    pulls = [p for p in progress if p[0] == "pull"]
    assert len(pulls) >= 3 and pulls[-1][1] >= posts and pulls[0][2] >= posts
    assert f"Received {pulls[-1][1]} change(s)" in summary
    assert replica.state(ws)["cursor"]
    ws.close()


def test_cancel_keeps_the_pages_received_and_the_next_round_goes_on(
    qapp: QApplication, qtbot, data_dir: Path, seeded_hub: HubProcess, monkeypatch
) -> None:
    spy = Spy(monkeypatch)
    token = HubClient(seeded_hub.url).sign_in("editor", DEMO_PASSWORD).access_token
    ws = linked(data_dir, seeded_hub, "cancelled")
    worker = SyncWorker(ws, lambda *_: token)
    worker.page_size = 100
    worker.progress.connect(lambda stage, *_: stage == "pull" and worker.cancel())
    try:
        with qtbot.waitSignal(worker.failed, timeout=120_000) as stopped:
            worker.request()
        assert stopped.args[0] == "cancelled"
        kept = counts(ws)
        posts, members = hub_counts(seeded_hub, token)
        assert 0 < kept[0] + kept[1] < posts + members
        assert replica.state(ws)["cursor"]
        worker.progress.disconnect()
        with qtbot.waitSignal(worker.finished, timeout=120_000):
            worker.request()
    finally:
        worker.stop()
    assert counts(ws) == (posts, members)
    assert spy.calls == 1  # the second round went on from the cursor, in the worker's thread
    ws.close()


def test_a_child_that_dies_is_reported_in_words(tmp_path: Path, caplog) -> None:
    # A folder where the workspace file should be: the child cannot open it and exits with a
    # traceback, which goes to the log, not to the user.
    folder = tmp_path / "not-a-file.sqlite3"
    folder.mkdir()
    heard: list[Changes] = []
    workspace: Any = SimpleNamespace(path=folder, announce=heard.append)
    with pytest.raises(first_pull.ChildFailed) as failed:
        first_pull.pull_in_child(workspace, "http://127.0.0.1:9", "t0ken", None)
    assert "stopped unexpectedly" in str(failed.value)
    assert "t0ken" not in str(failed.value)
    assert heard == []
    assert any("first sync:" in r.getMessage() for r in caplog.records)
