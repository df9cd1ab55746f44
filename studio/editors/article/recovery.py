"""Where the cursor was in each article, kept beside the workspace so that reopening an article
(after closing it, or after a crash) puts the cursor back where it was.

Written on the writer thread right after each autosave (so text and cursor are at most one save
apart), to a small JSON file replaced atomically: a crash leaves the old file or the new, never a
torn one. An unreadable file only means the cursor starts at the top.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.store.workspace import Workspace

log = logging.getLogger(__name__)

FILE = "editor-state.json"
MAX_ARTICLES = 500  # the most recently edited are kept


def _path(workspace: Workspace) -> Path:
    return workspace.path.parent / FILE


def _read(path: Path) -> dict[str, int]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.info("editor state unreadable, starting afresh: %s", exc)
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, int)}


def cursor(workspace: Workspace, article_id: str) -> int | None:
    return _read(_path(workspace)).get(article_id)


def keep_cursor(workspace: Workspace, article_id: str, position: int) -> None:
    path = _path(workspace)
    state = _read(path)
    state.pop(article_id, None)
    state[article_id] = position  # last, so the oldest go first when trimming
    if len(state) > MAX_ARTICLES:
        state = dict(list(state.items())[-MAX_ARTICLES:])
    temporary = path.with_suffix(".tmp")
    try:
        with temporary.open("w", encoding="utf-8") as out:
            json.dump(state, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:  # the text is saved; losing the cursor is not worth an error
        log.warning("could not keep the cursor position: %s", exc)
