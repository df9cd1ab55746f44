"""Full-text search over the workspace (SQLite FTS5)."""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

FTS_TABLES = ("articles_fts", "posts_fts")

_TOKEN = re.compile(r"\w+", re.UNICODE)


def match_expression(query: str) -> str | None:
    """Turn what a user typed into a safe FTS5 query: every word must match, the last as a prefix.

    Returns None when the text holds no word to search for. FTS5 syntax characters a user types
    (quotes, ``*``, ``NEAR``, ``-``) are treated as plain text, never as operators.
    """
    words = _TOKEN.findall(query)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    if not query.rstrip().endswith(tuple(" \t")) and query[-1:].isalnum():
        quoted[-1] += "*"
    return " ".join(quoted)


def rebuild(conn: Connection) -> None:
    """Rebuild every full-text index from its table (needed after VACUUM)."""
    for table in FTS_TABLES:
        conn.execute(text(f"INSERT INTO {table}({table}) VALUES ('rebuild')"))
