"""The fault proxy itself, in front of a tiny counting server: each fault does what it says."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.faults.proxy import Fault, FaultProxy


class Upstream(ThreadingHTTPServer):
    daemon_threads = True
    seen: list[tuple[str, str, bytes]]


class Echo(BaseHTTPRequestHandler):
    """Answers every request with JSON naming it and the number of requests seen so far."""

    protocol_version = "HTTP/1.1"
    server: Upstream

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._echo()

    def do_POST(self) -> None:
        self._echo()

    def _echo(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append((self.command, self.path, body))
        data = json.dumps(
            {
                "method": self.command,
                "path": self.path,
                "n": len(self.server.seen),
                "pad": "x" * 200,
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream(("127.0.0.1", 0), Echo)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(10)


@pytest.fixture
def proxy(upstream: Upstream) -> Iterator[FaultProxy]:
    with FaultProxy(f"http://127.0.0.1:{upstream.server_address[1]}", delay=0.05) as p:
        yield p


def get(proxy: FaultProxy, path: str = "/v1/x") -> requests.Response:
    with requests.Session() as s:  # no retries: one request, one answer (or none)
        return s.get(proxy.url + path, timeout=10)


def post(
    proxy: FaultProxy, path: str = "/v1/ops", body: bytes = b'{"ops": []}'
) -> requests.Response:
    with requests.Session() as s:
        return s.post(proxy.url + path, data=body, timeout=10)


def test_forwards_requests_and_answers_untouched(proxy: FaultProxy, upstream: Upstream) -> None:
    answer = post(proxy, body=b'{"a": 1}')
    assert answer.status_code == 200 and answer.json()["path"] == "/v1/ops"
    assert upstream.seen == [("POST", "/v1/ops", b'{"a": 1}')]
    (entry,) = proxy.log
    assert (entry.fault, entry.forwarded, entry.hub_status, entry.status) == (None, True, 200, 200)


def test_drop_500_and_503_never_reach_the_upstream(proxy: FaultProxy, upstream: Upstream) -> None:
    proxy.inject(Fault.DROP)
    with pytest.raises(requests.ConnectionError):
        get(proxy)
    proxy.inject(Fault.ERROR)
    failed = get(proxy)
    assert failed.status_code == 500 and failed.json()["error"]["code"] == "internal_error"
    proxy.inject(Fault.BUSY)
    busy = get(proxy)
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert upstream.seen == []
    assert [(e.fault, e.forwarded) for e in proxy.log] == [
        ("drop", False),
        ("500", False),
        ("503", False),
    ]
    assert get(proxy).status_code == 200  # each injection was used once


def test_faults_after_forwarding_reach_the_upstream_but_not_the_client(
    proxy: FaultProxy, upstream: Upstream
) -> None:
    proxy.inject(Fault.LOST)
    with pytest.raises(requests.ConnectionError):
        post(proxy)
    proxy.inject(Fault.TRUNCATE)
    with pytest.raises(requests.RequestException):  # the body ends before its Content-Length
        post(proxy)
    proxy.inject(Fault.SHORT)
    short = post(proxy)
    assert short.status_code == 200
    with pytest.raises(ValueError):
        short.json()
    proxy.inject(Fault.DELAY)
    assert post(proxy).json()["n"] == 4
    assert len(upstream.seen) == 4
    assert [(e.fault, e.forwarded, e.hub_status) for e in proxy.log] == [
        ("lost", True, 200),
        ("truncate", True, 200),
        ("short", True, 200),
        ("delay", True, 200),
    ]
    assert json.loads(proxy.log[0].hub_body)["n"] == 1  # what the client never heard


def test_injections_match_method_and_path_and_count(proxy: FaultProxy, upstream: Upstream) -> None:
    proxy.inject(Fault.ERROR, method="POST", path="/v1/ops", times=2)
    assert get(proxy, "/v1/ops").status_code == 200
    assert post(proxy, "/v1/other").status_code == 200
    assert post(proxy).status_code == 500
    assert post(proxy).status_code == 500
    assert post(proxy).status_code == 200
    assert [e.fault for e in proxy.entries(method="POST", path="/v1/ops")] == ["500", "500", None]
    proxy.inject(Fault.BUSY, path="/v1/changes", after=2)
    assert [get(proxy, "/v1/changes").status_code for _ in range(4)] == [200, 200, 503, 200]


def test_offline_refuses_every_connection_until_online(
    proxy: FaultProxy, upstream: Upstream
) -> None:
    proxy.offline = True
    for _ in range(3):
        with pytest.raises(requests.ConnectionError):
            get(proxy)
    proxy.offline = False
    assert get(proxy).status_code == 200
    assert len(upstream.seen) == 1
    assert [e.fault for e in proxy.log] == ["offline"] * 3 + [None]


def test_random_faults_follow_the_seed(proxy: FaultProxy) -> None:
    def schedule(seed: int) -> list[str | None]:
        proxy.reset()
        proxy.randomly(0.5, [Fault.ERROR, Fault.BUSY], seed=seed)
        for _ in range(20):
            get(proxy)
        return [e.fault for e in proxy.log]

    first = schedule(7)
    assert schedule(7) == first
    assert {"500", "503", None} <= set(first)
    assert schedule(8) != first
    proxy.calm()
    assert get(proxy).status_code == 200
