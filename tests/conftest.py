"""Shared fixtures: Qt offscreen, a temporary workspace, a small demo workspace."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studio.store.workspace import Workspace, workspace_path  # noqa: E402


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty Studio data directory."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def workspace(data_dir: Path) -> Iterator[Workspace]:
    """A new, empty workspace on a temporary SQLite file."""
    ws = Workspace.open(workspace_path(data_dir, "test"))
    yield ws
    ws.close()
