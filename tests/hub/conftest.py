"""Fixtures of the Hub's tests: a real PostgreSQL server, one per test session.

``postgres`` is the running server (``tests.pg.PostgresServer``); ``pg_url`` is the SQLAlchemy URL
of a fresh, empty database for one test, dropped after it. Where no server can be started
(PostgreSQL not installed, no ``postgres`` user) the tests that use them are skipped with the
reason, unless ``STUDIO_REQUIRE_POSTGRES=1``: then they error, as in CI.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import PostgresServer, PostgresUnavailable, start_postgres


def postgres_required() -> bool:
    return os.environ.get("STUDIO_REQUIRE_POSTGRES", "") not in ("", "0")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    # Under /tmp, not pytest's tmp_path: as root, that is closed to the postgres user.
    base_dir = Path(tempfile.mkdtemp(prefix="studio-pg-"))
    try:
        server = start_postgres(base_dir)
    except PostgresUnavailable as e:
        shutil.rmtree(base_dir, ignore_errors=True)
        if postgres_required():
            pytest.fail(f"PostgreSQL is required (STUDIO_REQUIRE_POSTGRES=1): {e}", pytrace=False)
        pytest.skip(f"no PostgreSQL server here: {e}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(postgres: PostgresServer) -> Iterator[str]:
    """A new, empty database (``test_<uuid>``) for this test only; dropped afterwards."""
    url = postgres.create_database()
    try:
        yield url
    finally:
        postgres.drop_database(url.rsplit("/", 1)[1])
