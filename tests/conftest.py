"""Shared fixtures: Qt offscreen, a temporary workspace, a small demo workspace."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.qt_import_hook import narrow_feature_scan
from studio.store.workspace import Workspace, workspace_path
from tests.hub.hubproc import HubProcess, start_hub

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config: pytest.Config) -> None:
    import PySide6.QtCore  # noqa: F401 - the hook exists once PySide6 is loaded

    narrow_feature_scan()  # as the app does: keeps every library's source out of memory


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """A real Hub process on SQLite on a free loopback port, one per test module."""
    folder = tmp_path_factory.mktemp("hub")
    process = start_hub(f"sqlite:///{folder / 'hub.sqlite3'}", folder)
    yield process
    process.stop()


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
