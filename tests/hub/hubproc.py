"""Run a real Hub (``python -m hub serve``) on a free loopback port, for integration tests."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from hub.db import make_engine, migrate, sessions

PASSWORD = "test-password"
ROLES = ("admin", "editor", "moderator", "coordinator", "compliance", "member")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare_database(url: str, accounts: tuple[str, ...] = ROLES) -> None:
    """Migrate ``url`` and create one account per role, named after it, password PASSWORD."""
    from hub import auth

    engine = make_engine(url)
    migrate(engine)
    with sessions(engine).begin() as session:
        for role in accounts:
            auth.add_user(session, role, PASSWORD, role, f"Test {role}")
    engine.dispose()


@dataclass
class HubProcess:
    url: str
    database: str
    process: subprocess.Popen[bytes]
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, role: str | None = None, **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token(role)}"} if role else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, **kwargs)

    def token(self, role: str) -> str:
        if role not in self.tokens:
            r = httpx.post(
                f"{self.url}/v1/auth/token",
                json={"username": role, "password": PASSWORD},
                timeout=30,
            )
            r.raise_for_status()
            self.tokens[role] = r.json()["access_token"]
        return self.tokens[role]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_hub(
    database: str,
    log_dir: Path,
    *,
    prepare: bool = True,
    tls: tuple[Path, Path] | None = None,
    port: int | None = None,
) -> HubProcess:
    """Start ``studio-hub serve`` on ``database`` and wait until /v1/health answers.

    ``tls`` is (certificate, key): the Hub serves HTTPS with them (the certificate is trusted
    for the health check only). ``port`` is a free one unless given (a Hub coming back).
    """
    if prepare:
        prepare_database(database)
    port = port or free_port()
    https: list[str] = []
    verify: ssl.SSLContext | bool = True
    if tls:
        https = ["--ssl-certfile", str(tls[0]), "--ssl-keyfile", str(tls[1])]
        verify = ssl.create_default_context(cafile=str(tls[0]))
    log = log_dir / f"hub-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hub",
                "serve",
                "--database",
                database,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                *https,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    hub = HubProcess(f"{'https' if tls else 'http'}://127.0.0.1:{port}", database, process, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Hub exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{hub.url}/v1/health", timeout=1, verify=verify).status_code == 200:
                return hub
        except httpx.TransportError:
            time.sleep(0.05)
    hub.stop()
    raise RuntimeError(f"the Hub did not start: {log.read_text(errors='replace')[-2000:]}")
