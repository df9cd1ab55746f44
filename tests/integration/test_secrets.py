"""Secrets, the password and the bearer token, are never written anywhere Studio writes (the
workspace database and its WAL, the settings, the log at DEBUG with HTTP debug output on, the
sync's recorded errors, crash reports, the terminal), and never sent to a Hub whose certificate
is not trusted.

The canaries: an account made for this module with a random password signs in to a real Hub
process; the token the Hub gives is read back from the keyring (a real Secret Service:
gnome-keyring on a private D-Bus). Everything Studio wrote or printed is then searched for any
stretch of either.
"""

from __future__ import annotations

import http.client
import http.server
import json
import logging
import os
import secrets
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
import requests
from keyring.backends.SecretService import Keyring as SecretServiceKeyring
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from hub import auth
from hub.db import make_engine, sessions
from hub.models import Token
from studio.locations import setup_logging
from studio.store import replica
from studio.store.workspace import Workspace, workspace_path
from studio.sync.account import sign_in, workspace_name_for
from studio.sync.client import (
    AuthenticationNeeded,
    BadResponse,
    HubClient,
    Refused,
    Unreachable,
    make_session,
)
from studio.sync.credentials import Credentials
from studio.sync.engine import SyncEngine
from studio.sync.worker import SyncWorker
from studio.ui.error_dialog import ErrorDialog
from studio.ui.errors import ErrorReporter
from tests.hub.hubproc import PASSWORD, HubProcess, free_port, start_hub

pytestmark = [
    pytest.mark.skipif(
        not (shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")),
        reason="needs dbus and gnome-keyring (apt-get install gnome-keyring dbus-x11)",
    ),
    pytest.mark.timeout(120),
]

#: Studio's CLI with everything turned up: every logger at DEBUG, to the log file and to stderr,
#: and http.client's wire dump (request headers and bodies) to stdout.
DEBUG_STUDIO = """
import http.client, logging, sys
import studio.cli
from studio.__main__ import main
from studio.locations import setup_logging

http.client.HTTPConnection.debuglevel = 1

def everything(folder, level=logging.INFO):
    log_file = setup_logging(folder, logging.DEBUG)
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.DEBUG)
    return log_file

studio.cli.setup_logging = everything
sys.exit(main())
"""


# -- the canaries and where to look for them ---------------------------------------------------


def leaks(secret: str, places: dict[str, bytes | str]) -> list[str]:
    """The places holding any 12 characters in a row of ``secret``: a log line or an error
    message may cut a secret short, and half a token is a leak too."""
    assert len(secret) >= 20  # random enough that 12 characters of it appear nowhere by chance
    pieces = {secret[i : i + 12].encode() for i in range(len(secret) - 11)}
    return [
        name
        for name, text in places.items()
        if any(piece in (text.encode() if isinstance(text, str) else text) for piece in pieces)
    ]


def files_under(folder: Path) -> dict[str, bytes | str]:
    """Every file: databases with their -wal and -shm, settings.ini, logs and rotated logs."""
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A private session bus with gnome-keyring's Secret Service on it, its keyrings in a
    temporary folder; yields the environment that reaches it."""
    home = tmp_path_factory.mktemp("keyring")
    (home / "run").mkdir(mode=0o700)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert bus.stdout is not None
        env = {
            "DBUS_SESSION_BUS_ADDRESS": bus.stdout.readline().strip(),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_RUNTIME_DIR": str(home / "run"),
        }
        subprocess.run(
            ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
            input="keyring-password",
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=30,
            check=True,
        )
        yield env
    finally:
        bus.terminate()  # gnome-keyring-daemon leaves with its bus
        bus.wait(10)


@pytest.fixture
def credentials(
    secret_service: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Credentials]:
    """Studio's Credentials, in this process, on the private Secret Service."""
    for name, value in secret_service.items():
        monkeypatch.setenv(name, value)
    previous = keyring.get_keyring()
    keyring.set_keyring(SecretServiceKeyring())
    try:
        yield Credentials()
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def canary(hub: HubProcess) -> tuple[str, str]:
    """An account of its own on the Hub, with a random password: (name, password)."""
    name, password = "canary", secrets.token_urlsafe(24)
    engine = make_engine(hub.database)
    with sessions(engine).begin() as session:
        auth.add_user(session, name, password, "editor", "Canary")
    engine.dispose()
    return name, password


def revoke_tokens(hub: HubProcess, user: str) -> None:
    engine = make_engine(hub.database)
    with sessions(engine).begin() as session:
        session.execute(update(Token).where(Token.username == user).values(revoked=True))
    engine.dispose()


def publish_elsewhere(hub: HubProcess, folder: Path, title: str) -> None:
    """A colleague (the editor account, in a workspace of its own) publishes an article, so the
    next pull brings something."""
    other = Workspace.open(workspace_path(folder, "colleague"), "colleague")
    try:
        replica.link(other, hub.url, "editor")
        token = HubClient(hub.url).sign_in("editor", PASSWORD).access_token
        other.create_article(title, "Written elsewhere.\n")
        assert SyncEngine(other, HubClient(hub.url, lambda: token)).sync().applied >= 1
    finally:
        other.close()


def studio(
    env: dict[str, str], *args: str, stdin: str = "", debug: bool = False
) -> subprocess.CompletedProcess[str]:
    """``studio ARGS`` in a fresh process on the private Secret Service."""
    command = ["-c", DEBUG_STUDIO] if debug else ["-m", "studio"]
    return subprocess.run(
        [sys.executable, *command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


# -- nothing is written anywhere ---------------------------------------------------------------


def test_the_cli_at_debug_with_http_debug_output_writes_no_secret_anywhere(
    hub: HubProcess,
    canary: tuple[str, str],
    secret_service: dict[str, str],
    credentials: Credentials,
    tmp_path: Path,
) -> None:
    name, password = canary
    data = tmp_path / "data"
    printed: dict[str, bytes | str] = {}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        done = studio(secret_service, "--data-dir", str(data), *args, stdin=stdin, debug=True)
        printed[f"{len(printed) // 2}: studio {args[0]}, stdout"] = done.stdout
        printed[f"{len(printed) // 2}: studio {args[0]}, stderr"] = done.stderr
        assert "Traceback" not in done.stderr
        return done

    # A wrong password (the right one with more after it), then the right one.
    wrong = run("login", "--hub", hub.url, "--user", name, stdin=password + "-not\n")
    assert wrong.returncode == 2 and "Wrong user name or password" in wrong.stderr
    login = run("login", "--hub", hub.url, "--user", name, stdin=password + "\n")
    assert login.returncode == 0, login.stderr
    token = credentials.token(hub.url, name)
    assert token and len(token) >= 32

    # Sync both ways: a change of ours to push, a colleague's to pull.
    workspace = workspace_name_for(hub.url, name)
    ours = Workspace.open(workspace_path(data, workspace), workspace)
    ours.create_article("Ours, made offline", "Local text.\n")
    ours.close()
    publish_elsewhere(hub, tmp_path, "A colleague's article")
    synced = run("sync")
    assert synced.returncode == 0, synced.stderr
    assert "Sent 1 change(s): 1 applied" in synced.stdout
    assert "Received 0 change(s)" not in synced.stdout
    assert run("status", "--json").returncode == 0

    # The token is revoked: the next round is refused, and says to sign in again.
    revoke_tokens(hub, name)
    refused = run("sync")
    assert refused.returncode == 2 and "sign in again" in refused.stderr

    log = (data / "logs" / "studio.log").read_text()
    assert "DEBUG" in log and '"POST /v1/ops HTTP/1.1" 200' in log  # DEBUG was on, HTTP too
    assert (data / "settings.ini").is_file()
    assert list(data.rglob("*.sqlite3"))
    for secret in (token, password):
        assert leaks(secret, {**files_under(data), **printed}) == []


class _Liar(http.server.BaseHTTPRequestHandler):
    """A Hub that answers out of contract and echoes the request's Authorization header back:
    a sign-in answer holding a token but no role; /v1/me answered with the header; anything
    else refused with the header in the error's message."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self._answer(200, {"access_token": self.server.token, "token_type": "bearer"})  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        echo = self.headers.get("Authorization", "")
        if self.path.startswith("/v1/me"):
            self._answer(200, {"you": echo})
        else:
            error = {"code": "bad_header", "message": f"Refused {echo}.", "details": {}}
            self._answer(400, {"error": error})

    def _answer(self, status: int, body: Any) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def liar() -> Iterator[Callable[[str], str]]:
    """Starts the lying Hub answering sign-ins with the given token; gives its URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(token: str) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Liar)
        server.token = token  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_in_process_sync_failures_and_crash_reports_keep_no_secret(
    hub: HubProcess,
    canary: tuple[str, str],
    credentials: Credentials,
    liar: Callable[[str], str],
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name, password = canary
    data = tmp_path / "data"
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    log_file = setup_logging(data, logging.DEBUG)
    assert log_file is not None
    for handler in root.handlers:
        handler.setLevel(logging.DEBUG)
    monkeypatch.setattr(http.client.HTTPConnection, "debuglevel", 1)
    messages: dict[str, bytes | str] = {}  # what the user sees, the crash reports
    try:
        # The control: a plain requests call does dump its headers to stdout here.
        requests.get(f"{hub.url}/v1/health", headers={"X-Control": "dumped"}, timeout=30)

        signed = sign_in(data, hub.url, name, password, credentials=credentials)
        token = credentials.token(hub.url, name)
        assert token and len(token) >= 32
        client = HubClient(hub.url, lambda: credentials.token(hub.url, name))
        workspace = Workspace.open(workspace_path(data, signed.workspace), signed.workspace)
        try:
            workspace.create_article("Pushed in process", "Text.\n")
            publish_elsewhere(hub, tmp_path, "Another colleague's article")
            report = SyncEngine(workspace, client).sync()
            assert report.applied == 1 and report.pulled >= 1

            # A damaged token in the keyring: requests would name it in its error.
            with pytest.raises(AuthenticationNeeded) as damaged:
                HubClient(hub.url, lambda: f"{token}\n").me()
            # The Hub cannot be reached.
            nowhere = HubClient(
                f"http://127.0.0.1:{free_port()}", lambda: token, make_session(retries=0)
            )
            with pytest.raises(Unreachable) as unreachable:
                nowhere.me()
            # A Hub that answers out of contract, echoing the token back.
            lying = HubClient(liar(token), lambda: token, make_session(retries=0))
            with pytest.raises(BadResponse) as bad:
                lying.me()
            with pytest.raises(Refused) as echoed:
                lying.changes("")
            with pytest.raises(BadResponse) as bad_sign_in:  # a sign-in answer with no role
                sign_in(tmp_path / "elsewhere", liar(token), name, password)
            for caught in (damaged, unreachable, bad, echoed, bad_sign_in):
                messages[repr(caught.value)] = str(caught.value)
                replica.record_error(workspace, str(caught.value))  # as `studio sync` does
            assert not (tmp_path / "elsewhere").exists()

            # A bug deep in the client while the token is in hand (in the locals of the frames
            # the exception passes through): the crash report, logged and shown, has the trace
            # but not the token.
            def broken(*args: Any, **kwargs: Any) -> requests.Response:
                raise RuntimeError("the transport broke")

            monkeypatch.setattr(client.session, "request", broken)
            reporter = ErrorReporter(show_dialogs=True)
            with pytest.raises(RuntimeError) as crash:
                client.me()
            reporter.report(crash.value, "syncing")
            assert reporter.last is not None and "the transport broke" in reporter.last[1]

            # The token is revoked: a round in the sync worker fails, asking to sign in again;
            # that failure is reported too.
            revoke_tokens(hub, name)
            with pytest.raises(AuthenticationNeeded) as revoked:
                HubClient(hub.url, lambda: token).me()
            reporter.report(revoked.value, "syncing")
            worker = SyncWorker(workspace, credentials.token)
            with qtbot.waitSignal(worker.failed, timeout=30_000) as failed:
                worker.request()
            worker.stop()
            assert failed.args is not None and failed.args[0] == "sign_in"
            messages["the sync worker's failure"] = failed.args[1]

            dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog)]
            assert dialogs
            for dialog in dialogs:
                dialog._copy()  # what "Copy details" puts on the clipboard
                messages[f"{dialog!r} shown"] = dialog.message.text() + dialog.details.toPlainText()
                messages[f"{dialog!r} copied"] = QGuiApplication.clipboard().text()
            messages["the last error reported"] = "\n".join(reporter.last)
            for dialog in dialogs:
                dialog.close()
            # While the workspace is open, its WAL is there too.
            open_files = {f"{path} (open)": text for path, text in files_under(data).items()}
            assert any(p.name.endswith("-wal") for p in data.rglob("*"))
        finally:
            workspace.close()
            client.close()
    finally:
        for handler in root.handlers[:]:
            if handler not in before[1]:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(before[0])

    out, err = capfd.readouterr()
    assert "X-Control: dumped" in out  # the wire dump was on and is captured...
    assert "Authorization" not in out  # ...but none of Studio's requests was dumped
    log = log_file.read_text()
    assert "DEBUG" in log and '"GET /v1/changes' in log and "the transport broke" in log
    assert "bad response to GET /v1/me" in log
    everything = {**open_files, **files_under(data), "stdout": out, "stderr": err, **messages}
    for secret in (token, password):
        assert leaks(secret, everything) == []


# -- a certificate that is not trusted ---------------------------------------------------------


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "hub.pem", folder / "hub.key"
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
        timeout=60,
    )
    return cert, key


@pytest.fixture(scope="module")
def tls_hub(
    tmp_path_factory: pytest.TempPathFactory, self_signed: tuple[Path, Path]
) -> Iterator[HubProcess]:
    """A real Hub serving HTTPS with the self-signed certificate."""
    folder = tmp_path_factory.mktemp("tls-hub")
    process = start_hub(f"sqlite:///{folder / 'hub.sqlite3'}", folder, tls=self_signed)
    yield process
    process.stop()


def test_a_hub_with_a_self_signed_certificate_is_refused_unless_its_certificate_is_given(
    tls_hub: HubProcess,
    self_signed: tuple[Path, Path],
    secret_service: dict[str, str],
    credentials: Credentials,
    tmp_path: Path,
) -> None:
    cert = str(self_signed[0])
    data = tmp_path / "data"
    login = ("--data-dir", str(data), "login", "--hub", tls_hub.url, "--user", "editor")
    # Refused, even with the environment naming the certificate as requests' CA bundle.
    smuggled = {**secret_service, "REQUESTS_CA_BUNDLE": cert, "CURL_CA_BUNDLE": cert}
    refused = studio(smuggled, *login, stdin=PASSWORD + "\n")
    assert refused.returncode == 2
    assert refused.stderr.startswith("studio: The Hub's certificate is not trusted")
    assert "Traceback" not in refused.stderr
    assert credentials.token(tls_hub.url, "editor") is None  # nothing in the keyring
    assert not (data / "workspaces").exists()

    # Given as the CA bundle, it is trusted: signing in works, and syncing after it.
    trusted = studio(secret_service, *login, "--ca-bundle", cert, stdin=PASSWORD + "\n")
    assert trusted.returncode == 0, trusted.stderr
    assert credentials.token(tls_hub.url, "editor")
    synced = studio(secret_service, "--data-dir", str(data), "sync")
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith("Sent 0 change(s)")

    missing = studio(secret_service, *login, "--ca-bundle", str(tmp_path / "nowhere.pem"))
    assert missing.returncode == 2 and "There is no CA bundle file" in missing.stderr


def test_verification_cannot_be_turned_off_or_redirected(
    tls_hub: HubProcess,
    self_signed: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cert = str(self_signed[0])

    def health(session: requests.Session) -> None:
        HubClient(tls_hub.url, session=session).health()

    with pytest.raises(Unreachable, match="certificate is not trusted"):
        health(make_session(retries=0))
    for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        with monkeypatch.context() as env:
            env.setenv(variable, cert)
            with pytest.raises(Unreachable, match="certificate is not trusted"):
                health(make_session(retries=0))
    insecure = make_session(retries=0)
    insecure.verify = False
    with pytest.raises(Unreachable, match="certificate is not trusted"):
        health(insecure)
    with pytest.raises(Unreachable, match="certificate is not trusted"):
        health(make_session("", retries=0))

    # The configured bundle is the one used, whatever the environment names.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", requests.certs.where())
    health(make_session(cert, retries=0))


def test_the_sync_worker_trusts_the_hubs_certificate_only_when_given(
    tls_hub: HubProcess,
    self_signed: tuple[Path, Path],
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    workspace = Workspace.open(workspace_path(tmp_path, "tls"), "tls")
    try:
        replica.link(workspace, tls_hub.url, "editor")
        token = HubClient(tls_hub.url, session=make_session(str(self_signed[0]))).sign_in(
            "editor", PASSWORD
        )
        outcomes: list[tuple[str, ...]] = []
        for rounds, ca_bundle in enumerate((None, str(self_signed[0])), start=1):
            worker = SyncWorker(workspace, lambda *_: token.access_token, ca_bundle=ca_bundle)
            worker.finished.connect(lambda summary, *_: outcomes.append(("finished", summary)))
            worker.failed.connect(lambda kind, message: outcomes.append((kind, message)))
            worker.request()
            qtbot.waitUntil(lambda n=rounds: len(outcomes) == n, timeout=30_000)
            worker.stop()
        (kind, message), (done, summary) = outcomes
        assert kind == "offline" and "certificate is not trusted" in message
        assert done == "finished" and summary.startswith("Sent 0 change(s)")
    finally:
        workspace.close()
