"""The PostgreSQL fixtures work: a real server, reached with psycopg through SQLAlchemy."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, make_url, text

from tests.pg import PostgresServer


def test_it_is_a_real_postgresql(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")
            assert conn.scalar(text("SELECT version()")).startswith("PostgreSQL ")
            assert conn.scalar(text("SELECT current_user")) == "studio"
            assert conn.scalar(text("SELECT current_database()")) == make_url(pg_url).database
            assert conn.scalar(text("SHOW fsync")) == "off"  # test speed, not durability
            assert conn.scalar(text("SHOW server_encoding")) == "UTF8"
            tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            assert conn.scalar(text(tables)) == 0  # a fresh, empty database
    finally:
        engine.dispose()


def test_two_connections_see_each_others_committed_rows(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)"))
        with engine.connect() as a, engine.connect() as b:
            pid = text("SELECT pg_backend_pid()")
            assert a.scalar(pid) != b.scalar(pid)  # two sessions of the server
            a.execute(text("INSERT INTO note (body) VALUES ('from a')"))
            assert b.scalar(text("SELECT count(*) FROM note")) == 0  # not committed yet
            a.commit()
            assert b.scalars(text("SELECT body FROM note")).all() == ["from a"]
            b.execute(text("INSERT INTO note (body) VALUES ('from b')"))
            b.commit()
            bodies = a.scalars(text("SELECT body FROM note ORDER BY id")).all()
            assert bodies == ["from a", "from b"]
    finally:
        engine.dispose()


_seen: dict[str, str] = {}


def test_pg_url_is_a_fresh_database(postgres: PostgresServer, pg_url: str) -> None:
    name = make_url(pg_url).database
    assert name is not None and name.startswith("test_")
    assert name in postgres.databases()
    engine = create_engine(pg_url)
    # A connection left open, as a failing test might: the drop closes it (WITH (FORCE)).
    conn = engine.connect()
    conn.execute(text("CREATE TABLE left_behind (x int)"))
    conn.commit()
    _seen["database"] = name


def test_and_is_dropped_after_its_test(postgres: PostgresServer) -> None:
    if "database" not in _seen:
        pytest.skip("runs after test_pg_url_is_a_fresh_database, which did not run")
    assert _seen["database"] not in postgres.databases()
    assert [d for d in postgres.databases() if d.startswith("test_")] == []


def test_drop_database_closes_open_connections(postgres: PostgresServer) -> None:
    url = postgres.create_database("test_named")
    assert url == f"postgresql+psycopg://studio@127.0.0.1:{postgres.port}/test_named"
    engine = create_engine(url)
    conn = engine.connect()
    conn.execute(text("SELECT 1"))
    postgres.drop_database("test_named")
    assert "test_named" not in postgres.databases()
    conn.invalidate()
    engine.dispose()
