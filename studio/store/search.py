"""Full-text search over the workspace (SQLite FTS5)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy import text
from sqlalchemy.engine import Connection

FTS_TABLES = ("articles_fts", "posts_fts")
#: By table: its full-text index and the columns indexed (migration 0002 made them).
INDEXED = {
    "articles": ("articles_fts", ("title", "summary", "body")),
    "posts": ("posts_fts", ("body",)),
}

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


@contextmanager
def indexed_after(conn: Connection, table: str) -> Iterator[None]:
    """Rows inserted into ``table`` inside this block (in the caller's transaction) go into the
    table's full-text index with one statement at its end instead of one trigger call per row.

    FTS5 writes its pending terms out at each statement of a trigger, so indexing 1,000 new
    posts row by row costs about four times what one INSERT … SELECT does. The insert trigger
    is dropped and made again (from its own SQL) inside the transaction: no other connection
    ever sees the table without it, and a rollback brings it back as it was.
    """
    index = INDEXED.get(table)
    trigger = f"{index[0]}_ai" if index else ""
    found = conn.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
        {"name": trigger},
    ).scalar()
    # New rows take the rowids after the largest (SQLite's rule until that reaches 2**63 - 1).
    last = int(conn.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {table}")).scalar() or 0)
    if index is None or found is None or last > 2**62:
        yield
        return
    fts, columns = index
    names = ", ".join(columns)
    conn.execute(text(f"DROP TRIGGER {trigger}"))
    try:
        yield
        conn.execute(
            text(
                f"INSERT INTO {fts}(rowid, {names}) SELECT rowid, {names} FROM {table} "
                "WHERE rowid > :last"
            ),
            {"last": last},
        )
    except BaseException:
        with suppress(Exception):  # the rollback that follows brings it back in any case
            conn.execute(text(str(found)))
        raise
    conn.execute(text(str(found)))
