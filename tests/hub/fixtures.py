"""Shared by the Hub's integration tests (test_api, test_roles, test_bad_input): a real Hub
process per backend per module, and the few helpers those tests speak through.

``hub`` is module-scoped and parametrized over SQLite and PostgreSQL, so each module runs its
whole suite once per backend against one Hub (``python -m hub serve``, tests/hub/hubproc.py).
Tests share that Hub, so each one works on records with fresh uuids and compares figures before
and after rather than absolute values. A test module takes it with::

    from tests.hub.fixtures import live_hub  # noqa: F401 - the fixture `hub`
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from hub.auth import token_digest
from hub.db import make_engine, sessions
from hub.models import AppliedOp, ArchiveRow, Attachment, ChangeRow, RecordRow, Token
from tests.hub.hubproc import PASSWORD, ROLES, HubProcess, start_hub

BACKENDS = ("sqlite", "postgresql")
ERROR_KEYS = {"code", "message", "details"}


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class LiveHub:
    """A running Hub, its database (for what a test must see or do behind the API's back), and
    one kept-alive HTTP client per role."""

    backend: str
    process: HubProcess
    engine: Engine
    _clients: dict[str | None, httpx.Client] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.process.url

    @property
    def database(self) -> str:
        return self.process.database

    # -- HTTP ----------------------------------------------------------------------------------

    def client(self, role: str | None = None) -> httpx.Client:
        if role not in self._clients:
            self._clients[role] = self.process.client(role)
        return self._clients[role]

    def request(self, role: str | None, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request as ``role`` (None: anonymous). After a 5xx the Hub closes the connection,
        so that client is dropped and the next request opens a new one."""
        try:
            response = self.client(role).request(method, path, **kwargs)
        except httpx.TransportError:
            self.forget(role)
            raise
        if response.status_code >= 500:
            self.forget(role)
        return response

    def get(self, role: str | None, path: str, **kwargs: Any) -> httpx.Response:
        return self.request(role, "GET", path, **kwargs)

    def forget(self, role: str | None) -> None:
        client = self._clients.pop(role, None)
        if client is not None:
            client.close()

    def sign_in(self, username: str, password: str = PASSWORD) -> httpx.Response:
        return httpx.post(
            f"{self.url}/v1/auth/token",
            json={"username": username, "password": password},
            timeout=30,
        )

    def ops(self, role: str, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        """POST /v1/ops; the results, after checking the answer is one result per op."""
        response = self.request(role, "POST", "/v1/ops", json={"ops": list(ops)})
        assert response.status_code == 200, response.text
        results = response.json()["results"]
        assert [r["op_id"] for r in results] == [o["op_id"] for o in ops]
        return list(results)

    def op(
        self,
        role: str,
        type: str,
        action: str,
        id: str | None = None,
        data: dict[str, Any] | None = None,
        base_version: int = 0,
        op_id: str | None = None,
    ) -> dict[str, Any]:
        """One op; its result."""
        return self.ops(role, make_op(type, action, id, data, base_version, op_id))[0]

    def applied(self, role: str, type: str, action: str, **kwargs: Any) -> dict[str, Any]:
        result = self.op(role, type, action, **kwargs)
        assert result["status"] == "applied", result
        return result

    def feed(self, since: str = "", limit: int = 1000) -> tuple[list[dict[str, Any]], str]:
        """Every change after ``since`` (paging to the end), and the last cursor."""
        changes: list[dict[str, Any]] = []
        while True:
            response = self.get("admin", "/v1/changes", params={"since": since, "limit": limit})
            assert response.status_code == 200, response.text
            page = response.json()
            changes += page["changes"]
            since = page["cursor"]
            if not page["more"]:
                return changes, since

    def archive(self, since: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        while True:
            response = self.get(
                "compliance", "/v1/archive", params={"since": since, "limit": limit}
            )
            assert response.status_code == 200, response.text
            page = response.json()
            entries += page["entries"]
            if not page["more"]:
                return entries
            since = page["entries"][-1]["seq"]

    # -- the database, behind the API's back ---------------------------------------------------

    def row(self, record_type: str, record_id: str) -> RecordRow | None:
        with sessions(self.engine)() as session:
            return session.get(RecordRow, (record_type, record_id))

    def set_fields(self, record_type: str, record_id: str, **fields: Any) -> None:
        """Write fields the Hub derives itself (registrations, views), as its own work would."""
        with sessions(self.engine).begin() as session:
            row = session.get(RecordRow, (record_type, record_id))
            assert row is not None
            row.data = {**row.data, **fields}

    def expire_token(self, token: str) -> None:
        with sessions(self.engine).begin() as session:
            done = session.execute(
                update(Token)
                .where(Token.token_hash == token_digest(token))
                .values(expires_at=datetime(2020, 1, 1, tzinfo=UTC))
            )
            assert done.rowcount == 1  # type: ignore[attr-defined]

    def snapshot(self) -> dict[str, Any]:
        """Everything a client could see change: records, the feed, the archive, applied ops,
        attachments."""
        with sessions(self.engine)() as session:
            records = {
                (r.type, r.id): (r.version, r.deleted, r.data)
                for r in session.scalars(select(RecordRow))
            }
            return {
                "records": records,
                "feed": session.execute(select(ChangeRow.seq, ChangeRow.type, ChangeRow.id)).all(),
                "archive": session.execute(select(ArchiveRow.seq, ArchiveRow.hash)).all(),
                "ops": session.scalar(select(func.count()).select_from(AppliedOp)),
                "attachments": session.scalars(select(Attachment.sha256)).all(),
            }

    def count(self, model: type[Any]) -> int:
        with sessions(self.engine)() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

    @contextmanager
    def unchanged(self) -> Iterator[None]:
        """The block may send bad requests: afterwards the Hub still answers and holds exactly
        what it held before."""
        before = self.snapshot()
        yield
        health = self.get(None, "/v1/health")
        assert health.status_code == 200, health.text
        assert health.json()["status"] == "ok"
        assert self.snapshot() == before, "a bad request changed the Hub's data"

    def close(self) -> None:
        for role in list(self._clients):
            self.forget(role)


def make_op(
    type: str,
    action: str,
    id: str | None = None,
    data: dict[str, Any] | None = None,
    base_version: int = 0,
    op_id: str | None = None,
) -> dict[str, Any]:
    return {
        "op_id": op_id or new_id(),
        "type": type,
        "id": id or new_id(),
        "action": action,
        "base_version": base_version,
        "data": data or {},
    }


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is ``status`` with exactly the error shape of API.md (and no trace)."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == ERROR_KEYS, error
    assert isinstance(error["code"], str) and error["code"], error
    assert error["code"] == error["code"].lower() and " " not in error["code"]
    assert isinstance(error["message"], str) and error["message"].strip(), error
    assert isinstance(error["details"], dict), error
    if code is not None:
        assert error["code"] == code, error
    return dict(error)


def assert_rejected(result: dict[str, Any], code: str) -> dict[str, Any]:
    """An op's result is ``rejected`` with ``code``, in the error shape, and changed nothing."""
    assert result["status"] == "rejected", result
    assert result["version"] is None and result["current"] is None, result
    error = result["error"]
    assert set(error) == ERROR_KEYS, error
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"].strip()
    assert isinstance(error["details"], dict)
    return dict(error)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def database_url(request: pytest.FixtureRequest, backend: str, folder: Path) -> str:
    """A fresh, empty database of ``backend``; a PostgreSQL one is dropped after the module."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'hub.sqlite3'}"
    postgres = request.getfixturevalue("postgres")  # skips when no server can run here
    url = postgres.create_database()
    request.addfinalizer(lambda: postgres.drop_database(url.rsplit("/", 1)[1]))
    return str(url)


@pytest.fixture(name="hub", scope="module", params=BACKENDS)
def live_hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveHub]:
    """A real Hub with one account per role (named after the role), on a new database."""
    folder = tmp_path_factory.mktemp(f"hub-{request.param}")
    url = database_url(request, request.param, folder)
    process = start_hub(url, folder)
    engine = make_engine(url)
    live = LiveHub(request.param, process, engine)
    try:
        yield live
    finally:
        live.close()
        process.stop()
        engine.dispose()


__all__ = [
    "BACKENDS",
    "ROLES",
    "LiveHub",
    "assert_error",
    "assert_rejected",
    "live_hub",
    "make_op",
    "new_id",
    "sha256",
]
