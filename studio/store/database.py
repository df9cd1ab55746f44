"""Opening a workspace database: checks, migration with a copy first, and the SQLite settings.

The user's file is never changed unless the whole migration succeeded: migrations run on a copy,
which replaces the original only once it is complete, and a backup of the original is kept in
``backups/`` beside it. Every failure is a :class:`WorkspaceError` with a plain message.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_HEADER = b"SQLite format 3\x00"


class WorkspaceError(Exception):
    """A workspace that cannot be opened; ``str()`` is a sentence for the user (in English).

    ``kind`` names the failure so the UI can show a translated text built from the fields.
    """

    kind = "workspace"

    def __init__(self, path: Path, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(self.describe())

    def describe(self) -> str:
        return f"The workspace {self.path} cannot be opened: {self.detail}"


class DataDirUnwritable(WorkspaceError):
    kind = "unwritable"

    def describe(self) -> str:
        return (
            f"Studio cannot write to the folder {self.path} ({self.detail}). "
            "Choose another data folder with --data-dir or fix its permissions."
        )


class WorkspaceCorrupt(WorkspaceError):
    kind = "corrupt"

    def describe(self) -> str:
        return (
            f"The workspace file {self.path} is damaged or is not a Studio workspace "
            f"({self.detail}). It has been left as it is."
        )


class WorkspaceTooNew(WorkspaceError):
    kind = "too_new"

    def __init__(self, path: Path, revision: str) -> None:
        self.revision = revision
        super().__init__(path, revision)

    def describe(self) -> str:
        return (
            f"The workspace file {self.path} was written by a newer version of Studio "
            f"(schema {self.revision}). Update Studio to open it; the file has been left as it is."
        )


class MigrationFailed(WorkspaceError):
    kind = "migration_failed"

    def describe(self) -> str:
        return (
            f"The workspace {self.path} could not be brought up to date ({self.detail}). "
            "The file has been left as it was."
        )


def known_revisions() -> list[str]:
    """Every migration revision this Studio knows, oldest first, read from the migration files."""
    revisions: list[tuple[str, str | None]] = []
    for file in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        rev = down = None
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.startswith("revision ="):
                rev = line.split("=", 1)[1].strip().strip("\"'")
            elif line.startswith("down_revision ="):
                value = line.split("=", 1)[1].strip()
                down = None if value == "None" else value.strip("\"'")
        if rev:
            revisions.append((rev, down))
    ordered: list[str] = []
    parent: str | None = None
    while True:
        nxt = [r for r, d in revisions if d == parent]
        if not nxt:
            break
        parent = nxt[0]
        ordered.append(parent)
    return ordered


def _pragmas(foreign_keys: bool) -> Callable[[sqlite3.Connection, Any], None]:
    def set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # The driver must not open transactions on its own; the "begin" hook below does it.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    return set_pragmas


def bulk_load(engine: Engine) -> None:
    """Make ``engine``'s connections write a large load fast: no fsync at each commit
    (synchronous=NORMAL) and a checkpoint every 40 MB of WAL instead of every 4 MB.

    WAL keeps the file consistent whatever happens; only a power cut can take back the last
    commits. For the first pull that is harmless: each page is committed with its cursor, so a
    page taken back is fetched again. Connections already open are closed first.
    """

    def relaxed(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA wal_autocheckpoint=10000")
        cur.close()

    event.listen(engine, "connect", relaxed)
    engine.dispose()


def _begin(conn: Connection) -> None:
    # Writers take the write lock up front, so two writers queue on busy_timeout instead of one
    # failing with "database is locked" when its read snapshot has gone stale.
    immediate = conn.get_execution_options().get("immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path, foreign_keys: bool = True) -> Engine:
    """An engine on a workspace file, with WAL, synchronous=FULL and (unless migrating) FKs on."""
    # The file is opened by path, not through a URL: a folder named "odd ?#% folder" is a
    # folder, not a query string. The pool is the one SQLAlchemy uses for SQLite files.
    target = str(path.absolute())
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(target, check_same_thread=False, timeout=30),
        poolclass=QueuePool,
    )
    event.listen(engine, "connect", _pragmas(foreign_keys))
    event.listen(engine, "begin", _begin)
    return engine


def check_data_dir(folder: Path) -> None:
    """Make ``folder`` if needed and prove a file can be written there; else DataDirUnwritable."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise DataDirUnwritable(folder, exc.strerror or str(exc)) from exc


def read_revision(path: Path) -> str | None:
    """The schema revision recorded in an existing file (None for a blank database).

    Raises WorkspaceCorrupt when the file is not a readable SQLite database.
    """
    path = path.absolute()
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise WorkspaceCorrupt(path, exc.strerror or str(exc)) from exc
    if header == b"":
        return None
    if header != SQLITE_HEADER:
        raise WorkspaceCorrupt(path, "not an SQLite database")
    # immutable=1 keeps SQLite from creating -wal/-shm beside a file it is only inspecting (a
    # refused file must be left exactly as it was); a file with a live log is read through it.
    live_log = Path(f"{path}-wal").exists()
    uri = f"{path.as_uri()}?mode=ro" + ("" if live_log else "&immutable=1")
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                if tables:
                    raise WorkspaceCorrupt(path, "no schema revision recorded")
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise WorkspaceCorrupt(path, str(exc)) from exc
    return None if row is None else str(row[0])


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file (WAL content included) via the backup API."""
    with (
        closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, so the file alone is the whole database."""
    try:
        with closing(sqlite3.connect(path, timeout=30)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError as exc:
        raise WorkspaceCorrupt(path, str(exc)) from exc


def _upgrade(path: Path, revision: str = "head") -> None:
    from alembic import command  # alembic costs ~0.3 s to import: only when migrating
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Foreign keys are off while migrating, as SQLite asks for table rebuilds: with them on,
    # dropping a table to rebuild it would cascade into the tables that point at it. They are
    # checked as a whole afterwards instead.
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            conn.commit()
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migrated data breaks {len(broken)} references")
    finally:
        engine.dispose()


def migrate_to(path: Path, revision: str) -> None:
    """Create or upgrade the database at ``path`` to ``revision`` in place (tests and tools)."""
    _upgrade(path, revision)


@contextmanager
def _scratch(folder: Path, name: str) -> Iterator[Path]:
    scratch = folder / f".{name}.migrating"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    try:
        yield scratch
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{scratch}{suffix}").unlink(missing_ok=True)


def prepare(path: Path) -> Engine:
    """Open the workspace file at ``path``, creating or migrating it first; return its engine.

    Raises DataDirUnwritable, WorkspaceCorrupt, WorkspaceTooNew or MigrationFailed, each
    leaving an existing file exactly as it was.
    """
    path = path.absolute()  # SQLite URIs need an absolute path
    check_data_dir(path.parent)
    revisions = known_revisions()
    head = revisions[-1]
    current = read_revision(path) if path.exists() else None
    if current is not None and current not in revisions:
        raise WorkspaceTooNew(path, current)
    if current != head:
        if path.exists():
            _checkpoint(path)
        with _scratch(path.parent, path.name) as scratch:
            try:
                if path.exists():
                    _copy_database(path, scratch)
                _upgrade(scratch)
            except Exception as exc:
                log.exception("migrating %s failed", path)
                raise MigrationFailed(path, str(exc)) from exc
            if path.exists():
                backups = path.parent / "backups"
                backups.mkdir(exist_ok=True)
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
                backup = backups / f"{path.stem}-{current}-{stamp}{path.suffix}"
                _copy_database(path, backup)
                log.info("migrating %s from %s to %s; backup at %s", path, current, head, backup)
            os.replace(scratch, path)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return make_engine(path)
