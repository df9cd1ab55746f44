"""The sync client against a real Hub process: answers validated, failures as sentences."""

from __future__ import annotations

import http.server
import json
import ssl
import subprocess
import threading
import uuid
from pathlib import Path

import pytest

from studio.sync.client import (
    AuthenticationNeeded,
    BadResponse,
    HubClient,
    Refused,
    Unreachable,
    make_session,
)
from tests.hub.hubproc import PASSWORD, HubProcess, free_port


def test_sign_in_push_and_pull_through_the_client(hub: HubProcess) -> None:
    token = HubClient(hub.url).sign_in("editor", PASSWORD)
    assert token.role == "editor"
    client = HubClient(hub.url, lambda: token.access_token)
    assert client.me().username == "editor"
    article = str(uuid.uuid4())
    op = {
        "op_id": str(uuid.uuid4()),
        "type": "article",
        "id": article,
        "action": "create",
        "base_version": 0,
        "data": {"title": "Client test"},
    }
    first = client.push([op]).results[0]
    again = client.push([op]).results[0]
    assert (first.status, again.status, again.version) == ("applied", "duplicate", first.version)
    page = client.changes("", limit=1000)
    assert article in {c.id for c in page.changes}


def test_wrong_password_and_missing_token_are_sentences(hub: HubProcess) -> None:
    with pytest.raises(AuthenticationNeeded, match="Wrong user name or password"):
        HubClient(hub.url).sign_in("editor", "not the password")
    with pytest.raises(AuthenticationNeeded, match="Sign in"):
        HubClient(hub.url, lambda: None).me()
    with pytest.raises(AuthenticationNeeded, match="sign in again"):
        HubClient(hub.url, lambda: "forged").me()


def test_a_refusal_carries_the_hubs_code(hub: HubProcess) -> None:
    token = HubClient(hub.url).sign_in("editor", PASSWORD).access_token
    with pytest.raises(Refused) as refused:
        HubClient(hub.url, lambda: token).changes("not-a-cursor")
    assert refused.value.code == "bad_cursor" and refused.value.status == 400


def test_nothing_listening_is_unreachable_quickly() -> None:
    client = HubClient(
        f"http://127.0.0.1:{free_port()}", lambda: "t", session=make_session(retries=1)
    )
    with pytest.raises(Unreachable, match="cannot be reached"):
        client.health()


class _Liar(http.server.BaseHTTPRequestHandler):
    """A server that answers 200 with things that are not the contract."""

    def do_GET(self) -> None:
        bodies = {
            "/v1/health": b"<html>proxy login</html>",
            "/v1/me": json.dumps({"username": 5}).encode(),
            "/v1/changes": b'{"changes": [{"seq": 0, "type": "article"}]}',
        }
        body = bodies.get(self.path.split("?")[0], b"{}")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_an_answer_outside_the_contract_is_reported_not_used() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Liar)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = HubClient(f"http://127.0.0.1:{server.server_address[1]}", lambda: "t")
        for call in (client.health, client.me, lambda: client.changes("")):
            with pytest.raises(BadResponse, match="not what the API promises"):
                call()
    finally:
        server.shutdown()


def test_a_hub_with_a_self_signed_certificate_is_refused_unless_its_ca_is_given(
    tmp_path: Path,
) -> None:
    cert, key = tmp_path / "hub.pem", tmp_path / "hub.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Liar)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"https://127.0.0.1:{server.server_address[1]}"
    try:
        with pytest.raises(Unreachable, match="certificate is not trusted"):
            HubClient(url, session=make_session(retries=0)).health()
        trusted = HubClient(url, session=make_session(str(cert), retries=0))
        with pytest.raises(BadResponse):  # the TLS handshake passed; the liar's body did not
            trusted.health()
    finally:
        server.shutdown()
