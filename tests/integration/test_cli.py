"""The real entry point, as a user runs it: `studio …` in a fresh process."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio import __version__


def studio(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    done = studio("--data-dir", str(folder), "--workspace", "demo", "demo", "--scale", "small")
    assert done.returncode == 0, done.stderr
    assert "Created the demo workspace 'demo'" in done.stdout
    return folder


def test_version() -> None:
    done = studio("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"studio {__version__}"


def test_status_json_counts_what_the_demo_made(demo_dir: Path) -> None:
    done = studio("--data-dir", str(demo_dir), "--workspace", "demo", "status", "--json")
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["workspace"] == "demo"
    assert info["pending"] == 0
    assert info["counts"]["posts"] == 3000
    assert info["counts"]["articles"] == 60


def test_demo_refuses_to_overwrite_and_if_missing_skips(demo_dir: Path) -> None:
    path = demo_dir / "workspaces" / "demo" / "workspace.sqlite3"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    again = studio("--data-dir", str(demo_dir), "--workspace", "demo", "demo", "--scale", "small")
    assert again.returncode == 2
    assert "Traceback" not in again.stderr and again.stderr.startswith("studio: ")
    skip = studio("--data-dir", str(demo_dir), "--workspace", "demo", "demo", "--if-missing")
    assert skip.returncode == 0 and "already exists" in skip.stdout
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_status_of_a_damaged_workspace_is_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "workspaces" / "broken" / "workspace.sqlite3"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage" * 64)
    done = studio("--data-dir", str(tmp_path), "--workspace", "broken", "status")
    assert done.returncode == 2
    assert "damaged or is not a Studio workspace" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_app_starts_opens_every_page_and_quits(demo_dir: Path) -> None:
    done = studio("--data-dir", str(demo_dir), "--workspace", "demo", env={"STUDIO_BENCH": "pages"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    milestones = [line.split()[0] for line in lines]
    assert milestones[:2] == ["STUDIO_READY", "STUDIO_WORKSPACE_READY"]
    stalls = json.loads(
        next(x for x in lines if x.startswith("STUDIO_PAGE_STALLS")).split(" ", 1)[1]
    )
    assert set(stalls) == {"articles", "moderation", "webinars", "polls", "archive", "dashboard"}
    assert "Traceback" not in done.stderr
    log = (demo_dir / "logs" / "studio.log").read_text(encoding="utf-8")
    assert "workspace demo open at" in log
