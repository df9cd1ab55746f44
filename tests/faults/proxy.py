"""A loopback HTTP proxy that breaks the traffic between a Studio and a real Hub on purpose.

It listens on 127.0.0.1 (a free port, threads of its own) and forwards every request to the Hub,
unless told to misbehave: per request (``inject``: the next matching request(s) get a fault), or
at random (``randomly``: each request meets a fault with some probability, drawn from a seeded
RNG, so the same seed and the same requests give the same faults), or entirely (``offline``:
every connection is closed before a byte is read, as a network that is down).

The faults (``Fault``):

- ``drop``: read the request, close the connection without an answer (the Hub never sees it);
- ``500``: answer 500 in the Hub's error shape (the Hub never sees it);
- ``503``: answer 503 busy with ``Retry-After`` (the Hub never sees it);
- ``delay``: wait, then forward as usual;
- ``truncate``: forward, then send the Hub's headers (the full Content-Length) and half the body,
  and close: the connection is cut in the middle of the answer;
- ``short``: forward, then send half the body with a Content-Length that matches it: a complete
  HTTP answer whose JSON is cut off;
- ``lost``: forward, read the Hub's whole answer (the Hub has committed), then close the
  connection without a byte to the client.

Everything it does is kept in ``log`` (one ``Entry`` per request or refused connection).
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class Fault(StrEnum):
    DROP = "drop"
    ERROR = "500"
    BUSY = "503"
    DELAY = "delay"
    TRUNCATE = "truncate"
    SHORT = "short"
    LOST = "lost"


#: Faults that happen after the Hub has seen (and, for ops, committed) the request.
AFTER_FORWARD = frozenset({Fault.TRUNCATE, Fault.SHORT, Fault.LOST})

#: Headers of one hop only, never forwarded (RFC 9110 §7.6.1), plus the length we set ourselves.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
        "host",
    }
)


@dataclass
class Injection:
    """A fault for ``times`` requests matching ``method`` and the ``path`` prefix, once
    ``after`` matching requests have gone through untouched."""

    fault: Fault
    method: str | None = None
    path: str | None = None
    times: int = 1
    after: int = 0

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path is None or path.startswith(self.path)
        )


@dataclass
class Entry:
    """What the proxy did with one request (``method`` is "" for a refused connection)."""

    method: str
    path: str
    fault: str | None  # a Fault's value, "offline", or None when forwarded untouched
    forwarded: bool = False  # the Hub received the request
    hub_status: int | None = None  # the Hub's status, when forwarded
    status: int | None = None  # the status line the client received, if any
    hub_body: bytes = b""  # the Hub's whole answer, when forwarded


@dataclass
class _Random:
    rate: float
    kinds: tuple[Fault, ...]
    rng: random.Random
    method: str | None = None
    path: str | None = None


@dataclass
class FaultProxy:
    """A proxy to ``upstream`` (``http://host:port``); ``url`` is where clients connect."""

    upstream: str
    retry_after: str = "1"
    delay: float = 0.2
    log: list[Entry] = field(default_factory=list)
    offline: bool = False

    def __post_init__(self) -> None:
        parts = urlsplit(self.upstream)
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or 80
        self._lock = threading.Lock()
        self._injections: list[Injection] = []
        self._random: _Random | None = None
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.proxy = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fault-proxy-{self.url}",
            daemon=True,
        )
        self._thread.start()

    # -- telling it what to do -----------------------------------------------------------------

    def inject(
        self,
        fault: Fault,
        *,
        method: str | None = None,
        path: str | None = None,
        times: int = 1,
        after: int = 0,
    ) -> None:
        """The next ``times`` requests matching ``method`` and the ``path`` prefix, after the
        first ``after`` of them, get ``fault``; injections are tried in the order given, before
        any random fault."""
        with self._lock:
            self._injections.append(Injection(Fault(fault), method, path, times, after))

    def randomly(
        self,
        rate: float,
        kinds: Iterable[Fault] = tuple(Fault),
        seed: int = 0,
        *,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """From now on each matching request meets one of ``kinds`` with probability ``rate``."""
        with self._lock:
            self._random = _Random(rate, tuple(Fault(k) for k in kinds), random.Random(seed))
            self._random.method, self._random.path = method, path

    def calm(self) -> None:
        """No more faults, injected or random (``offline`` is left as it is)."""
        with self._lock:
            self._injections.clear()
            self._random = None

    def reset(self) -> None:
        """Online, no faults, an empty log."""
        with self._lock:
            self._injections.clear()
            self._random = None
            self.offline = False
            self.log.clear()

    def entries(self, method: str | None = None, path: str | None = None) -> list[Entry]:
        with self._lock:
            return [
                e
                for e in self.log
                if (method is None or e.method == method)
                and (path is None or e.path.startswith(path))
            ]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- used by the handler -------------------------------------------------------------------

    def _choose(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for injection in self._injections:
                if injection.matches(method, path):
                    if injection.after > 0:
                        injection.after -= 1
                        continue
                    injection.times -= 1
                    if injection.times <= 0:
                        self._injections.remove(injection)
                    return injection.fault
            chance = self._random
            if chance is None or not (chance.method is None or chance.method == method):
                return None
            if chance.path is not None and not path.startswith(chance.path):
                return None
            # Two draws per request whatever the outcome, so one seed gives one schedule.
            roll, pick = chance.rng.random(), chance.rng.randrange(len(chance.kinds))
            return chance.kinds[pick] if roll < chance.rate else None

    def _record(self, entry: Entry) -> None:
        with self._lock:
            self.log.append(entry)

    def _forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(self._host, self._port, timeout=60)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            return response.status, response.reason, response.getheaders(), data
        finally:
            connection.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    proxy: FaultProxy


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the Hub's own server does
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed ACK
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # the proxy keeps its own log

    def handle(self) -> None:
        proxy = self.server.proxy
        if proxy.offline:
            proxy._record(Entry("", "", "offline"))
            self._cut()
            return
        super().handle()

    def do_GET(self) -> None:
        self._relay()

    def do_POST(self) -> None:
        self._relay()

    def do_PUT(self) -> None:
        self._relay()

    def do_DELETE(self) -> None:
        self._relay()

    def _relay(self) -> None:
        proxy = self.server.proxy
        method, path = self.command, self.path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if proxy.offline:  # went offline while this connection was kept alive
            proxy._record(Entry(method, path, "offline"))
            self._cut()
            return
        fault = proxy._choose(method, path)
        entry = Entry(method, path, str(fault) if fault else None)
        proxy._record(entry)
        if fault is Fault.DROP:
            self._cut()
            return
        if fault is Fault.ERROR:
            entry.status = 500
            self._answer(500, "Internal Server Error", [], _error("internal_error", "Injected."))
            return
        if fault is Fault.BUSY:
            entry.status = 503
            headers = [("Retry-After", proxy.retry_after)]
            self._answer(503, "Service Unavailable", headers, _error("busy", "Injected: busy."))
            return
        if fault is Fault.DELAY:
            time.sleep(proxy.delay)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        try:
            status, reason, hub_headers, data = proxy._forward(method, path, headers, body)
        except OSError:
            entry.fault = entry.fault or "upstream_down"
            self._cut()
            return
        entry.forwarded, entry.hub_status, entry.hub_body = True, status, data
        kept = [(k, v) for k, v in hub_headers if k.lower() not in HOP_BY_HOP]
        if fault is Fault.LOST:
            self._cut()
            return
        if fault is Fault.TRUNCATE:
            entry.status = status
            self.send_response(status, reason)
            for name, value in kept:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self._cut()
            return
        if fault is Fault.SHORT:
            data = data[: len(data) // 2]
        entry.status = status
        self._answer(status, reason, kept, data)

    def _answer(
        self, status: int, reason: str, headers: list[tuple[str, str]], body: bytes
    ) -> None:
        self.send_response(status, reason)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _cut(self) -> None:
        """Close the connection now, whatever was or was not said on it."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _error(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message, "details": {}}}).encode()
