"""Opening a workspace file: migration with a copy first, refusals that leave the file alone."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from studio.store import database
from studio.store.database import (
    DataDirUnwritable,
    MigrationFailed,
    WorkspaceCorrupt,
    WorkspaceTooNew,
    known_revisions,
    migrate_to,
)
from studio.store.search import match_expression
from studio.store.workspace import Workspace, workspace_path

NOW = "2026-11-23T09:00:00Z"
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def sql(path: Path, query: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(query, params).fetchall()


# -- an older schema -------------------------------------------------------------------------------


OLD_MEMBERS = [(f"m{i}", f"Member {i}", f"Company {i}") for i in range(5)]
OLD_THREADS = [("t1", "Cash flow for bakeries", "m0"), ("t2", "Export paperwork", "m1")]
OLD_POSTS = [
    ("p1", "t1", "m0", "How do you smooth cash flow across the winter season?"),
    ("p2", "t1", "m2", "We negotiated longer payment terms with our flour supplier."),
    ("p3", "t2", "m1", "Customs declarations for Switzerland are a nightmare."),
]
OLD_ARTICLES = [
    ("a1", "Invoice factoring explained", "Factoring turns unpaid invoices into cash."),
    ("a2", "Café owners: surviving rent increases", "Négociation du bail commercial."),
    ("a3", "銀行與中小企業", "中小企業融資指南"),
]


def make_old_workspace(path: Path) -> None:
    """A workspace file at revision 0001 (before full-text search) with some rows in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    migrate_to(path, "0001")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany(
            "INSERT INTO members (id, display_name, company, joined_at, language, strikes,"
            " version, updated_at) VALUES (?, ?, ?, ?, 'en', 0, 1, ?)",
            [(i, n, c, NOW, NOW) for i, n, c in OLD_MEMBERS],
        )
        conn.executemany(
            "INSERT INTO threads (id, title, author_id, created_at, version, updated_at)"
            " VALUES (?, ?, ?, ?, 1, ?)",
            [(i, t, a, NOW, NOW) for i, t, a in OLD_THREADS],
        )
        conn.executemany(
            "INSERT INTO posts (id, thread_id, author_id, body, created_at, state,"
            " report_count, version, updated_at) VALUES (?, ?, ?, ?, ?, 'visible', 0, 1, ?)",
            [(i, t, a, b, NOW, NOW) for i, t, a, b in OLD_POSTS],
        )
        conn.executemany(
            "INSERT INTO articles (id, title, slug, summary, body, tags, language, status,"
            " views, version, updated_at) VALUES (?, ?, 'slug', '', ?, '[]', 'en', 'published',"
            " 0, 2, ?)",
            [(i, t, b, NOW) for i, t, b in OLD_ARTICLES],
        )


def test_older_workspace_is_migrated_without_losing_rows_and_keeps_a_backup(
    data_dir: Path,
) -> None:
    path = workspace_path(data_dir, "old")
    make_old_workspace(path)
    assert sql(path, "SELECT version_num FROM alembic_version") == [("0001",)]

    ws = Workspace.open(path)
    try:
        assert ws.counts() == {
            "members": len(OLD_MEMBERS),
            "articles": len(OLD_ARTICLES),
            "webinars": 0,
            "threads": len(OLD_THREADS),
            "posts": len(OLD_POSTS),
            "polls": 0,
        }
        with ws.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                == (known_revisions()[-1])
            )
            titles = dict(conn.execute(text("SELECT id, title FROM articles")).all())
            assert titles == {i: t for i, t, _ in OLD_ARTICLES}
            bodies = dict(conn.execute(text("SELECT id, body FROM posts")).all())
            assert bodies == {i: b for i, _, _, b in OLD_POSTS}

            def found(fts: str, table: str, query: str) -> set[str]:
                expr = match_expression(query)
                assert expr is not None
                rows = conn.execute(
                    text(
                        f"SELECT {table}.id FROM {fts} JOIN {table} ON {table}.rowid = {fts}.rowid"
                        f" WHERE {fts} MATCH :q"
                    ),
                    {"q": expr},
                )
                return {r[0] for r in rows}

            # Rows written before full-text search existed are found by it after the upgrade.
            assert found("articles_fts", "articles", "factoring") == {"a1"}
            assert found("articles_fts", "articles", "cafe") == {"a2"}
            assert found("articles_fts", "articles", "negociation bail") == {"a2"}
            assert found("articles_fts", "articles", "中小企業融資指南") == {"a3"}
            assert found("posts_fts", "posts", "flour supplier") == {"p2"}
            assert found("posts_fts", "posts", "cash") == {"p1"}
            assert found("posts_fts", "posts", "swi") == {"p3"}
    finally:
        ws.close()

    # The original, as it was before migrating, is kept in backups/ beside the workspace.
    backups = list((path.parent / "backups").iterdir())
    assert len(backups) == 1
    backup = backups[0]
    assert "0001" in backup.name
    assert sql(backup, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert sorted(sql(backup, "SELECT id FROM articles")) == [(i,) for i, _, _ in OLD_ARTICLES]
    assert sorted(sql(backup, "SELECT id FROM posts")) == [(i,) for i, *_ in OLD_POSTS]
    assert sorted(sql(backup, "SELECT id FROM members")) == [(i,) for i, *_ in OLD_MEMBERS]
    tables = {r[0] for r in sql(backup, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert "articles_fts" not in tables
    # Nothing of the migration's scratch copy is left lying around.
    assert folder_listing(path.parent) == ["backups", path.name]


def test_a_new_workspace_is_created_at_head_without_a_backup(data_dir: Path) -> None:
    path = workspace_path(data_dir, "new")
    ws = Workspace.open(path)
    try:
        assert ws.counts() == dict.fromkeys(
            ("members", "articles", "webinars", "threads", "posts", "polls"), 0
        )
        ws.create_article("Hello")
    finally:
        ws.close()
    assert sql(path, "SELECT version_num FROM alembic_version") == [(known_revisions()[-1],)]
    assert not (path.parent / "backups").exists()
    # Opening it again changes nothing and keeps the article.
    ws = Workspace.open(path)
    try:
        assert ws.counts()["articles"] == 1
    finally:
        ws.close()
    assert not (path.parent / "backups").exists()


# -- the data directory ----------------------------------------------------------------------------


def test_a_data_dir_under_a_regular_file_is_unwritable(data_dir: Path) -> None:
    blocker = data_dir / "not-a-folder"
    blocker.write_text("I am a file\n")
    path = workspace_path(blocker, "ws")
    with pytest.raises(DataDirUnwritable) as caught:
        Workspace.open(path)
    message = str(caught.value)
    assert str(path.parent) in message
    assert "Not a directory" in message
    assert "--data-dir" in message
    assert blocker.read_text() == "I am a file\n"
    assert folder_listing(data_dir) == ["not-a-folder"]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("where", ["/proc", "/proc/studio-test/workspaces/ws"])
def test_a_data_dir_under_proc_is_unwritable(where: str) -> None:
    path = Path(where) / "workspace.sqlite3"
    with pytest.raises(DataDirUnwritable) as caught:
        Workspace.open(path)
    assert caught.value.path == path.parent
    message = str(caught.value)
    assert f"Studio cannot write to the folder {path.parent} (" in message
    assert "--data-dir" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_data_dir_is_unwritable(data_dir: Path) -> None:
    folder = data_dir / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DataDirUnwritable) as caught:
            Workspace.open(folder / "workspace.sqlite3")
        assert "Permission denied" in str(caught.value)
        assert folder_listing(folder) == []
    finally:
        folder.chmod(0o700)


# -- corrupt, foreign and newer files --------------------------------------------------------------


def real_workspace(path: Path, articles: int = 200) -> None:
    ws = Workspace.open(path)
    try:
        for i in range(articles):
            ws.create_article(f"Article {i}", "Some body text. " * 100)
    finally:
        ws.close()


def write_random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(64 * 1024))


def write_truncated_database(path: Path) -> None:
    real = path.with_name("real.sqlite3")
    real_workspace(real)
    data = real.read_bytes()
    for file in path.parent.iterdir():
        file.unlink()
    path.write_bytes(data[: len(data) // 2])


def write_text_file(path: Path) -> None:
    path.write_text("These are my meeting notes, not a database.\n" * 50, encoding="utf-8")


def write_header_then_garbage(path: Path) -> None:
    path.write_bytes(database.SQLITE_HEADER + random.Random(8).randbytes(8192))


def write_foreign_sqlite(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO recipes (name) VALUES ('bread')")


def write_too_new(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    real_workspace(path, articles=3)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    assert folder_listing(path.parent) == [path.name]


CORRUPT_FILES: dict[str, Callable[[Path], None]] = {
    "random-bytes": write_random_bytes,
    "truncated-database": write_truncated_database,
    "text-file": write_text_file,
    "sqlite-header-then-garbage": write_header_then_garbage,
    "sqlite-but-not-studio": write_foreign_sqlite,
}


@pytest.mark.parametrize("make", CORRUPT_FILES.values(), ids=CORRUPT_FILES.keys())
def test_a_corrupt_file_is_refused_and_left_byte_identical(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    path = folder / "workspace.sqlite3"
    make(path)
    before = sha256(path)
    size = path.stat().st_size

    with pytest.raises(WorkspaceCorrupt) as caught:
        Workspace.open(path)

    assert caught.value.path == path
    assert "damaged or is not a Studio workspace" in str(caught.value)
    assert "left as it is" in str(caught.value)
    assert sha256(path) == before
    assert path.stat().st_size == size
    names = folder_listing(folder)
    assert "backups" not in names
    assert not [n for n in names if "migrating" in n]
    # A second attempt is refused the same way (nothing was "repaired" in between).
    with pytest.raises(WorkspaceCorrupt):
        Workspace.open(path)
    assert sha256(path) == before


def test_a_newer_workspace_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "ws" / "workspace.sqlite3"
    write_too_new(path)
    before = sha256(path)

    with pytest.raises(WorkspaceTooNew) as caught:
        Workspace.open(path)

    assert caught.value.revision == "9999"
    message = str(caught.value)
    assert "newer version of Studio" in message
    assert "9999" in message
    assert sha256(path) == before
    assert sql(path, "SELECT version_num FROM alembic_version") == [("9999",)]
    assert sql(path, "SELECT count(*) FROM articles") == [(3,)]
    names = folder_listing(path.parent)
    assert "backups" not in names
    assert not [n for n in names if "migrating" in n]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(write_random_bytes, id="random-bytes"),
        pytest.param(write_text_file, id="text-file"),
        pytest.param(write_truncated_database, id="truncated-database"),
        pytest.param(write_too_new, id="too-new"),
    ],
)
def test_a_refused_file_gets_no_files_created_beside_it(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    path = folder / "workspace.sqlite3"
    make(path)
    assert folder_listing(folder) == [path.name]
    with pytest.raises((WorkspaceCorrupt, WorkspaceTooNew)):
        Workspace.open(path)
    assert folder_listing(folder) == [path.name]


# -- the SQLite settings ---------------------------------------------------------------------------


def test_workspace_connections_use_wal_full_sync_and_foreign_keys(workspace: Workspace) -> None:
    for _ in range(2):  # a fresh connection and one back from the pool
        with workspace.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    # Foreign keys are enforced, not just switched on: a poll option needs its poll. (Posts and
    # threads are synced records, which the feed may deliver in any order: no key between them.)
    with pytest.raises(IntegrityError), workspace.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO poll_options (id, poll_id, position, label)"
                " VALUES ('o', 'no-such-poll', 0, 'Yes')"
            )
        )
    with workspace.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM poll_options").scalar() == 0
    # A post may arrive before its thread.
    with workspace.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO posts (id, thread_id, body, created_at, state, report_count,"
                " updated_at) VALUES ('p', 'thread-not-yet-here', 'x', :now, 'visible', 0, :now)"
            ),
            {"now": NOW},
        )
    assert workspace.counts()["posts"] == 1


# -- the cheap revision reader ---------------------------------------------------------------------


def alembic_view(migrations: Path) -> list[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrations))
    assert len(script.get_heads()) == 1, "the migrations must form a single line"
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def test_known_revisions_agree_with_alembic() -> None:
    revisions = known_revisions()
    assert revisions == alembic_view(database.MIGRATIONS_DIR)
    assert revisions[0] == "0001"
    assert "0002" in revisions


def test_known_revisions_follows_a_migration_made_by_alembic_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration generated from the project's template is read by the cheap reader too."""
    from alembic import command
    from alembic.config import Config

    migrations = tmp_path / "migrations"
    shutil.copytree(
        database.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__")
    )
    config = Config()
    config.set_main_option("script_location", str(migrations))
    command.revision(config, message="add a column", rev_id="0099")
    monkeypatch.setattr(database, "MIGRATIONS_DIR", migrations)

    revisions = known_revisions()
    assert revisions[-1] == "0099"
    assert revisions == alembic_view(migrations)


# -- a failing migration ---------------------------------------------------------------------------


def test_a_failed_migration_leaves_the_original_untouched(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workspace_path(data_dir, "old")
    make_old_workspace(path)
    before = sha256(path)
    real_upgrade = database._upgrade
    upgraded: list[Path] = []

    def upgrade_then_fail(target: Path, revision: str = "head") -> None:
        assert target != path
        # The copy holds the user's rows, and the migration really changes it before failing.
        assert len(sql(target, "SELECT id FROM articles")) == len(OLD_ARTICLES)
        real_upgrade(target, revision)
        upgraded.append(target)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(database, "_upgrade", upgrade_then_fail)
    with pytest.raises(MigrationFailed) as caught:
        Workspace.open(path)

    assert upgraded
    message = str(caught.value)
    assert "No space left on device" in message
    assert "left as it was" in message
    assert sha256(path) == before
    assert sql(path, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert folder_listing(path.parent) == [path.name]

    # Once the cause is gone, the same file opens and migrates with every row.
    monkeypatch.setattr(database, "_upgrade", real_upgrade)
    ws = Workspace.open(path)
    try:
        assert ws.counts()["articles"] == len(OLD_ARTICLES)
        assert ws.counts()["posts"] == len(OLD_POSTS)
    finally:
        ws.close()


def test_a_failed_creation_leaves_no_half_made_workspace(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(target: Path, revision: str = "head") -> None:
        target.write_bytes(b"half a database")
        raise RuntimeError("migration 0002 exploded")

    monkeypatch.setattr(database, "_upgrade", fail)
    path = workspace_path(data_dir, "new")
    with pytest.raises(MigrationFailed, match="migration 0002 exploded"):
        Workspace.open(path)
    assert not path.exists()
    assert folder_listing(path.parent) == []
