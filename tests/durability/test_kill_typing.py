"""SIGKILL while typing: the reopened article has lost at most the last second of typing, and the
cursor is back at the end of what was kept.

A child Studio types into an article (key events into the real editor) and reports every key
with its time; the parent kills it with SIGKILL at a random moment, reads the workspace as the
next start will, and checks that the text kept is what was typed, missing only keys pressed in
the last second. STUDIO_TYPING_KILLS sets the number of kills (make durability runs 60).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.editors.article import recovery
from studio.store.workspace import Workspace, workspace_path

KILLS = int(os.environ.get("STUDIO_TYPING_KILLS", "6"))
LOST_AT_MOST = 1.0  # seconds of typing
START = "# Notes from the train\n\n"


def _type_until_killed(data_dir: Path, article_id: str, seed: int, rng: random.Random):
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.durability.typing_child",
            str(data_dir),
            article_id,
            str(seed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert child.stdout is not None
    try:
        first = child.stdout.readline()
        assert first.strip() == "ready", child.stderr.read() if child.poll() is not None else first
        deadline = time.monotonic() + rng.uniform(0.3, 2.5)
        keys: list[tuple[float, str]] = []
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            stamp, _, char = line.rstrip("\n").partition(" ")
            keys.append((float(stamp), char or " "))
        killed_at = time.monotonic()
        os.kill(child.pid, signal.SIGKILL)
        # Keys reported after our last read were typed before the kill too.
        rest, _ = child.communicate(timeout=30)
        for line in rest.splitlines():
            stamp, _, char = line.partition(" ")
            if stamp.replace(".", "").isdigit():
                keys.append((float(stamp), char or " "))
        return keys, killed_at
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


@pytest.mark.timeout(60 + KILLS * 20)
def test_a_kill_while_typing_loses_at_most_the_last_second(tmp_path: Path) -> None:
    seed = int(os.environ.get("STUDIO_KILL_SEED", random.randrange(1_000_000)))
    print(f"STUDIO_KILL_SEED={seed}")
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    path = workspace_path(data_dir, "desk")
    ws = Workspace.open(path, "desk")
    article_id = ws.create_article("Notes from the train", START)
    ws.close()
    worst = 0.0
    for round_number in range(KILLS):
        ws = Workspace.open(path, "desk")
        before = ws.article(article_id).body
        ws.close()
        keys, killed_at = _type_until_killed(data_dir, article_id, rng.randrange(10**6), rng)
        typed = "".join(char for _, char in keys)
        ws = Workspace.open(path, "desk")
        after = ws.article(article_id).body
        cursor = recovery.cursor(ws, article_id)
        ws.close()
        assert after.startswith(before), f"round {round_number}: earlier text changed"
        kept = after[len(before) :]
        assert typed.startswith(kept), f"round {round_number}: kept text was never typed"
        lost = keys[len(kept) :]
        if lost:
            # Every key lost was pressed within the last second before the kill.
            oldest_lost = lost[0][0]
            worst = max(worst, killed_at - oldest_lost)
            assert killed_at - oldest_lost <= LOST_AT_MOST, (
                f"round {round_number} (seed {seed}): lost {len(lost)} keys, the oldest typed "
                f"{killed_at - oldest_lost:.2f} s before the kill"
            )
        if cursor is None:
            # Killed before any save had kept a cursor (the first round, under half a second
            # of typing): the text check above already bounds what was lost.
            assert round_number == 0, f"round {round_number}: the cursor was never kept"
        else:
            assert cursor <= len(after)
    print(f"{KILLS} kills; the oldest key lost was typed {worst:.2f} s before its kill")
