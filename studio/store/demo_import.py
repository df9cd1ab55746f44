"""Fill a workspace with the demo content, as if it had been synced from a Hub.

Demo records arrive the way synced records sit in the store: ``version`` from the generator (1 or
more), ``local`` false and ``base`` None (the row itself is the synced copy, see
:mod:`studio.store.workspace`). Nothing goes to the outbox or the journal: the user did nothing.

The import streams :func:`studio.demo.generate` into SQLAlchemy Core ``insert()`` executemany
batches, all in one write transaction: a failed or interrupted import leaves the workspace as it
was. The full-text triggers index articles and posts as they go in. Run it off the UI thread;
``progress`` is called on the importing thread.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Table, column, insert, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.expression import TableClause

from studio.demo import generate
from studio.domain.instants import from_wire, to_stored
from studio.domain.records import RecordType
from studio.store.models import (
    Article,
    ArticleRevision,
    Decision,
    Instant,
    KitItem,
    Member,
    Poll,
    PollOption,
    PollResponse,
    Post,
    Report,
    Speaker,
    Thread,
    Webinar,
    WebinarRegistration,
    WebinarSpeaker,
)
from studio.store.workspace import Changes, OperationError, Workspace

log = logging.getLogger(__name__)

Progress = Callable[[str, int], None]

#: Rows per executemany call.
BATCH = 5_000

#: Kinds of rows written, referenced tables first: the order batches are flushed in.
ROW_KINDS: dict[str, Any] = {
    "member": Member,
    "speaker": Speaker,
    "article": Article,
    "article_revision": ArticleRevision,
    "webinar": Webinar,
    "webinar_speaker": WebinarSpeaker,
    "webinar_registration": WebinarRegistration,
    "thread": Thread,
    "post": Post,
    "report": Report,
    "decision": Decision,
    "poll": Poll,
    "poll_option": PollOption,
    "poll_response": PollResponse,
    "kit_item": KitItem,
}

#: Synced record types whose ids are announced after the import.
ANNOUNCED = (
    RecordType.MEMBER,
    RecordType.ARTICLE,
    RecordType.WEBINAR,
    RecordType.THREAD,
    RecordType.POST,
    RecordType.POLL,
    RecordType.KIT_ITEM,
)

#: Column values a demo record does not carry: it is a clean copy of the Hub's record.
_SYNCED_DEFAULTS: dict[str, Any] = {
    "base": None,
    "local": False,
    "conflict": False,
    "deleted": False,
}

#: Tables whose rows mean "this workspace already holds data".
_CONTENT_TABLES = (
    "members",
    "articles",
    "speakers",
    "webinars",
    "threads",
    "posts",
    "polls",
    "outbox",
)

#: Page cache for the import connection (KiB, as a negative cache_size): index pages of 100,000
#: random-UUID keys stay in memory instead of being re-read for every batch.
_IMPORT_CACHE_KIB = 65_536


class _Sink:
    """Buffered rows of one table, written with executemany; values bypass the ORM types.

    Instants arrive as wire text and are rewritten in the store's fixed-width form (what the
    ``Instant`` type stores); JSON columns are serialised here, so the rows go through a plain,
    untyped table clause.
    """

    def __init__(self, model: Any) -> None:
        mapped: Table = model.__table__
        self.columns = tuple(c.name for c in mapped.columns)
        self.json = frozenset(c.name for c in mapped.columns if isinstance(c.type, JSON))
        self.instants = frozenset(c.name for c in mapped.columns if isinstance(c.type, Instant))
        self.synced = "local" in self.columns
        # A column the generator does not give (added by a later migration) takes its default.
        self.defaults = {
            c.name: getattr(c.default, "arg", None)
            for c in mapped.columns
            if c.default is not None and c.default.is_scalar
        }
        self.defaults.update(
            {
                c.name: [] if isinstance(c.type, JSON) else None
                for c in mapped.columns
                if c.name not in self.defaults and c.default is not None and c.default.is_callable
            }
        )
        self.defaults.update(
            {c.name: None for c in mapped.columns if c.nullable and c.name not in self.defaults}
        )
        self.clause: TableClause = table(mapped.name, *(column(name) for name in self.columns))
        self.rows: list[dict[str, Any]] = []
        self.count = 0

    def add(self, record: Mapping[str, Any]) -> None:
        row: dict[str, Any] = {}
        for name in self.columns:
            if name in record:
                value = record[name]
            elif self.synced and name in _SYNCED_DEFAULTS:
                value = _SYNCED_DEFAULTS[name]
            elif name in self.defaults:
                value = self.defaults[name]
            else:
                raise KeyError(f"demo {self.clause.name} record has no {name!r}")
            if value is not None and name in self.json:
                value = json.dumps(value)
            elif value is not None and name in self.instants:
                value = to_stored(from_wire(value))
            row[name] = value
        self.rows.append(row)

    def flush(self, conn: Connection) -> int:
        """Write the buffered rows; returns how many."""
        if not self.rows:
            return 0
        conn.execute(insert(self.clause), self.rows)
        written = len(self.rows)
        self.count += written
        self.rows = []
        return written


class _Writer:
    def __init__(self, conn: Connection, progress: Progress | None) -> None:
        self.conn = conn
        self.progress = progress
        self.sinks = {kind: _Sink(model) for kind, model in ROW_KINDS.items()}
        self.pending = 0

    def add(self, kind: str, record: Mapping[str, Any]) -> None:
        self.sinks[kind].add(record)
        self.pending += 1
        if self.pending >= BATCH:
            self.flush()

    def flush(self) -> None:
        # Every sink, referenced tables first, so foreign keys hold at each statement.
        for kind, sink in self.sinks.items():
            if sink.flush(self.conn) and self.progress is not None:
                self.progress(kind, sink.count)
        self.pending = 0

    def counts(self) -> dict[str, int]:
        return {kind: sink.count for kind, sink in self.sinks.items()}


def _write(
    writer: _Writer, records: Iterable[tuple[str, dict[str, Any]]], ids: dict[str, set[str]]
) -> None:
    for record_type, record in records:
        if record_type in ids:
            ids[record_type].add(record["id"])
        if record_type == "webinar":
            writer.add(record_type, record)
            for role, key in (("speaker", "speaker_ids"), ("host", "host_ids")):
                for speaker_id in record[key]:
                    writer.add(
                        "webinar_speaker",
                        {"webinar_id": record["id"], "speaker_id": speaker_id, "role": role},
                    )
        elif record_type == "poll":
            writer.add(record_type, record)
            for option in record["options"]:
                writer.add("poll_option", {**option, "poll_id": record["id"]})
        elif record_type in ROW_KINDS:
            writer.add(record_type, record)
        else:
            raise ValueError(f"unknown demo record type {record_type!r}")
    writer.flush()


def import_demo(
    workspace: Workspace,
    scale: str = "platform",
    seed: int = 2026,
    progress: Progress | None = None,
    *,
    announce: bool = True,
) -> dict[str, int]:
    """Write the demo content of ``scale`` and ``seed`` into ``workspace``; returns rows by kind.

    The keys of the result are the kinds of :data:`ROW_KINDS` (``member``, ``post``,
    ``webinar_speaker``, …). ``progress(kind, rows_so_far)`` is called after each batch. All or
    nothing: one transaction. When ``announce`` is true (the default), subscribers then hear the
    ids of every imported member, article, webinar, thread, post and poll.

    Raises OperationError when the workspace belongs to a Hub account (demo records would pass
    for the Hub's) or already holds records with the demo's ids (the same demo imported twice),
    and KeyError for an unknown scale.
    """
    records = generate(scale, seed)  # KeyError for an unknown scale, before touching the file
    ids: dict[str, set[str]] = {str(t): set() for t in ANNOUNCED} if announce else {}
    engine = workspace.engine.execution_options(immediate=True)
    try:
        with engine.begin() as conn:
            hub = conn.execute(text("SELECT hub_url FROM sync_state WHERE id = 1")).scalar()
            if hub:
                raise OperationError(
                    f"This workspace is linked to the Hub at {hub}: demo content would pass for "
                    "the Hub's records. Create a separate workspace for the demo."
                )
            previous_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            conn.exec_driver_sql(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
            try:
                writer = _Writer(conn, progress)
                _write(writer, records, ids)
            finally:
                conn.exec_driver_sql(f"PRAGMA cache_size = {int(previous_cache or -2000)}")
    except IntegrityError as exc:
        log.warning("demo import into %s failed: %s", workspace.path, exc)
        raise OperationError(
            "The demo content could not be imported: this workspace already holds records "
            "with the same ids (was the demo imported before?). Nothing was changed."
        ) from exc
    _checkpoint(workspace)
    counts = writer.counts()
    log.info("imported the %s demo (seed %s) into %s: %s", scale, seed, workspace.path, counts)
    if announce:
        workspace.announce(Changes({t: frozenset(v) for t, v in ids.items() if v}))
    return counts


def has_data(workspace: Workspace) -> bool:
    """True when the workspace holds any record or queued change."""
    union = " UNION ALL ".join(f"SELECT 1 FROM {name}" for name in _CONTENT_TABLES)
    with workspace.engine.connect() as conn:
        return conn.execute(text(f"SELECT EXISTS ({union})")).scalar() == 1


def create_demo_workspace(
    path: Path,
    scale: str = "platform",
    seed: int = 2026,
    progress: Progress | None = None,
) -> Workspace:
    """Open (creating) the workspace file at ``path`` and fill it with the demo content.

    Raises OperationError, leaving the file untouched, when it already holds data; the
    studio.store.database.WorkspaceError family when it cannot be opened. The caller owns (and
    closes) the returned workspace.
    """
    workspace = Workspace.open(path)
    try:
        if has_data(workspace):
            raise OperationError(
                f"The workspace {path} already holds data; the demo goes into a new, empty "
                "workspace only."
            )
        import_demo(workspace, scale, seed, progress)
    except BaseException:
        workspace.close()
        raise
    return workspace


def _checkpoint(workspace: Workspace) -> None:
    """Fold the large write-ahead log of the import into the file and shrink it (best effort)."""
    raw = workspace.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    except Exception:  # a busy reader only delays the checkpoint: SQLite does it later
        log.warning("checkpoint after the demo import did not complete", exc_info=True)
    finally:
        raw.close()
