"""A real, throwaway PostgreSQL server for the tests: ``start_postgres(base_dir)``.

It runs the system's own server binaries (Debian: ``apt-get install -y postgresql``) on a free
loopback port, with everything it writes (data, log, unix socket) inside ``base_dir``, tuned for
speed rather than durability (fsync off). As root the server runs as the ``postgres`` user, since
PostgreSQL refuses to run as root. ``stop()`` shuts it down and deletes ``base_dir``; it runs at
interpreter exit too, and a small watchdog process does it if this process dies without
cleaning up (SIGKILL, SIGTERM), so no server outlives the test run.

    server = start_postgres(Path(tempfile.mkdtemp()))
    try:
        url = server.create_database("demo")  # postgresql+psycopg://studio@127.0.0.1:PORT/demo
    finally:
        server.stop()
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

APT_HINT = "apt-get install -y postgresql  (or run scripts/system-deps.sh as root)"
USER = "studio"
HOST = "127.0.0.1"
#: Speed over durability: a test server is thrown away anyway.
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be started here; the message says why and what to install."""


def find_bin_dir() -> Path:
    """The directory of ``initdb``/``pg_ctl``/``postgres``: ``$STUDIO_PG_BINDIR``, else Debian's
    newest ``/usr/lib/postgresql/*/bin``, else wherever ``pg_ctl`` is on the PATH."""
    wanted = ("initdb", "pg_ctl", "postgres")

    def complete(folder: Path) -> bool:
        return all(os.access(folder / name, os.X_OK) for name in wanted)

    if override := os.environ.get("STUDIO_PG_BINDIR"):
        if complete(Path(override)):
            return Path(override)
        raise PostgresUnavailable(
            f"STUDIO_PG_BINDIR={override} has no {', '.join(wanted)} of a PostgreSQL server"
        )

    def version(folder: str) -> tuple[int, ...]:
        number = Path(folder).parent.name
        return tuple(int(p) for p in number.split(".")) if re.fullmatch(r"[\d.]+", number) else ()

    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if complete(Path(folder)):
            return Path(folder)
    if (on_path := shutil.which("pg_ctl")) and complete(Path(on_path).parent):
        return Path(on_path).parent
    raise PostgresUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl, postgres) in /usr/lib/postgresql/*/bin "
        f"or on the PATH; install them with: {APT_HINT}"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server; its superuser is ``studio``, who needs no password over loopback."""

    bin_dir: Path
    base_dir: Path
    port: int = 0
    #: Seconds from ``start_postgres`` to a server accepting connections.
    start_seconds: float = 0.0
    _run_as: pwd.struct_passwd | None = None  # the postgres user when we are root
    _admin: Any = None  # psycopg connection to the "postgres" database
    _watchdog: subprocess.Popen[bytes] | None = None
    _stopped: bool = False

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def log_path(self) -> Path:
        return self.base_dir / "postgres.log"

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of a database on this server."""
        return f"postgresql+psycopg://{USER}@{HOST}:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        """The same, as a libpq connection string (psycopg, psql)."""
        return f"host={HOST} port={self.port} user={USER} dbname={database}"

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database (default name ``test_<uuid>``) and return its URL."""
        from psycopg import sql

        name = name or f"test_{uuid.uuid4().hex}"
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a plain lower-case database name: {name!r}")
        self._admin_connection().execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing whatever connections a test left open to it."""
        from psycopg import sql

        self._admin_connection().execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )

    def databases(self) -> list[str]:
        rows = self._admin_connection().execute(
            "SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY datname"
        )
        return [row[0] for row in rows]

    def stop(self) -> None:
        """Stop the server (fast shutdown, immediate if that hangs) and delete ``base_dir``.
        Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        if self._admin is not None:
            with contextlib.suppress(Exception):
                self._admin.close()
            self._admin = None
        try:
            if (self.data_dir / "postmaster.pid").exists():
                for mode in ("fast", "immediate"):
                    done = self._run(
                        "pg_ctl", "stop", "-D", self.data_dir, "-m", mode, "-w", "-t", "20",
                        check=False,
                    )  # fmt: skip
                    if done.returncode == 0:
                        break
        finally:
            shutil.rmtree(self.base_dir, ignore_errors=True)
            self._dismiss_watchdog()
            atexit.unregister(self.stop)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- internals --------------------------------------------------------------------------

    def _admin_connection(self) -> Any:
        import psycopg

        if self._stopped:
            raise RuntimeError("this PostgreSQL server has been stopped")
        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(self.dsn(), autocommit=True, connect_timeout=10)
        return self._admin

    def _command(self, program: str, *args: object) -> list[str]:
        argv = [str(self.bin_dir / program), *map(str, args)]
        return ["runuser", "-u", self._run_as.pw_name, "--", *argv] if self._run_as else argv

    def _run(
        self, program: str, *args: object, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        # cwd: the postgres user must be able to enter it, or the tools refuse to start.
        done = subprocess.run(
            self._command(program, *args), cwd=self.base_dir, env=env, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if check and done.returncode != 0:
            raise PostgresUnavailable(
                f"{program} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}"
                f"{self._log_tail()}"
            )
        return done

    def _log_tail(self, lines: int = 20) -> str:
        try:
            tail = self.log_path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return "\n--- " + str(self.log_path) + " ---\n" + "\n".join(tail)

    def _start_watchdog(self) -> None:
        """A process that stops the server if ours ends without doing it."""
        stop = [
            self._command("pg_ctl", "stop", "-D", self.data_dir, "-m", mode, "-w", "-t", "20")
            for mode in ("fast", "immediate")
        ]
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, json.dumps([stop, str(self.base_dir)])],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd=self.base_dir, start_new_session=True,  # outlives a Ctrl-C to our process group
        )  # fmt: skip

    def _dismiss_watchdog(self) -> None:
        if self._watchdog is None or self._watchdog.stdin is None:
            return
        with contextlib.suppress(OSError):
            self._watchdog.stdin.write(b"done\n")
            self._watchdog.stdin.close()
        try:
            self._watchdog.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._watchdog.kill()
        self._watchdog = None


# Runs in its own process: waits until the test process closes the pipe (it writes "done" first
# when it stopped the server itself), otherwise stops the server and removes its directory.
_WATCHDOG = """
import json, shutil, signal, subprocess, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
stops, base_dir = json.loads(sys.argv[1])
if b"done" not in sys.stdin.buffer.read():
    for argv in stops:
        if subprocess.run(argv, capture_output=True).returncode == 0:
            break
    shutil.rmtree(base_dir, ignore_errors=True)
"""


def start_postgres(base_dir: Path, *, attempts: int = 5) -> PostgresServer:
    """Initialise a cluster in ``base_dir`` (an empty, private directory, deleted on ``stop()``)
    and start a server on a free port of 127.0.0.1. Raises ``PostgresUnavailable`` with the
    reason when no server can be started here."""
    started = time.perf_counter()
    try:
        import psycopg  # noqa: F401 - checked up front: the server is useless without it
    except ImportError as e:
        raise PostgresUnavailable(
            f"psycopg is not installed ({e}); run: make venv  (pyproject.toml lists it)"
        ) from e
    server = PostgresServer(bin_dir=find_bin_dir(), base_dir=base_dir.resolve())
    base_dir = server.base_dir
    base_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        try:
            server._run_as = pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresUnavailable(
                f"running as root, but there is no 'postgres' user to run the server as; {APT_HINT}"
            ) from None
        os.chown(base_dir, server._run_as.pw_uid, server._run_as.pw_gid)
        os.chmod(base_dir, 0o700)
        if not _enterable_by(server._run_as, base_dir):
            raise PostgresUnavailable(
                f"the postgres user cannot reach {base_dir}: one of its parents is closed to "
                "others; put the server's directory under /tmp (tempfile.mkdtemp())"
            )
    atexit.register(server.stop)
    try:
        server._run(
            "initdb", "-D", server.data_dir, "--username", USER, "--auth", "trust",
            "--encoding", "UTF8", "--locale", "C", "--no-sync", "--no-instructions",
        )  # fmt: skip
        server._start_watchdog()
        for attempt in range(1, attempts + 1):
            server.port = free_port()  # another process may take it before the server does
            options = " ".join(
                [
                    f"-p {server.port}",
                    f"-k {shlex.quote(str(base_dir))}",
                    f"-c listen_addresses={HOST}",
                ]
                + [f"-c {setting}" for setting in FAST_SETTINGS]
            )
            server.log_path.unlink(missing_ok=True)
            done = server._run(
                "pg_ctl", "start", "-D", server.data_dir, "-l", server.log_path, "-o", options,
                "-w", "-t", "60", check=False,
            )  # fmt: skip
            if done.returncode == 0:
                break
            if attempt == attempts or not _port_taken(server):
                raise PostgresUnavailable(
                    f"pg_ctl start failed (exit {done.returncode}):\n{done.stdout}{done.stderr}"
                    f"{server._log_tail()}"
                )
            # The port was taken in the meantime: make sure that server is gone, then retry.
            server._run("pg_ctl", "stop", "-D", server.data_dir, "-m", "immediate", check=False)
        server._admin_connection()  # fails here, not in the first test, if it does
    except BaseException:
        server.stop()
        raise
    server.start_seconds = time.perf_counter() - started
    return server


def _port_taken(server: PostgresServer) -> bool:
    try:
        return "Address already in use" in server.log_path.read_text(errors="replace")
    except OSError:
        return False


def _enterable_by(user: pwd.struct_passwd, folder: Path) -> bool:
    """Whether ``user`` may traverse every parent of ``folder`` (we are root: check the bits)."""
    for parent in folder.parents:
        st = parent.stat()
        if st.st_uid == user.pw_uid:
            bit = 0o100
        elif st.st_gid == user.pw_gid or st.st_gid in os.getgrouplist(user.pw_name, user.pw_gid):
            bit = 0o010
        else:
            bit = 0o001
        if not st.st_mode & bit:
            return False
    return True


if __name__ == "__main__":  # python -m tests.pg: start one, print its URL, stop on Ctrl-C
    import tempfile

    with start_postgres(Path(tempfile.mkdtemp(prefix="studio-pg-"))) as srv:
        print(f"{srv.url()}  (started in {srv.start_seconds:.2f} s; Ctrl-C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
