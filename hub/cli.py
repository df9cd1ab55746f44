"""``studio-hub``: serve the API, manage accounts, seed demo data, simulate members, verify the
archive. Every subcommand takes ``--database URL`` (default: SQLite in the Hub's data folder)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from typing import Any

from sqlalchemy.engine import Engine

from hub import __version__
from hub.db import default_url, make_engine, migrate, normalise_url, sessions


def parser() -> argparse.ArgumentParser:
    database_help = (
        "sqlite:///FILE or postgresql://USER@HOST/DB (default: SQLite in the Hub's "
        "data folder, $STUDIO_HUB_DATA_DIR)"
    )
    p = argparse.ArgumentParser(prog="studio-hub", description="The Studio platform Hub.")
    p.add_argument("--version", action="version", version=f"studio-hub {__version__}")
    p.add_argument("--database", metavar="URL", default=None, help=database_help)
    # Each command takes --database too (after its name); SUPPRESS keeps one given first.
    with_database = argparse.ArgumentParser(add_help=False)
    with_database.add_argument(
        "--database", metavar="URL", default=argparse.SUPPRESS, help=database_help
    )
    commands = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str,
        help_text: str,
        group: argparse._SubParsersAction | None = None,  # type: ignore[type-arg]
        database: bool = True,
    ) -> argparse.ArgumentParser:
        parents = [with_database] if database else []
        return (group or commands).add_parser(name, help=help_text, parents=parents)

    serve = command("serve", "serve the API")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: loopback only)"
    )
    serve.add_argument("--port", type=int, default=8750)
    serve.add_argument("--ssl-certfile", metavar="FILE", help="serve HTTPS with this certificate")
    serve.add_argument("--ssl-keyfile", metavar="FILE", help="the certificate's private key")
    user = command("user", "manage accounts", database=False)
    user_commands = user.add_subparsers(dest="user_command", required=True)
    add = command("add", "create or reset an account; password on stdin", user_commands)
    add.add_argument("name")
    add.add_argument("--role", required=True)
    add.add_argument("--display-name", default="")
    command("migrate", "create or upgrade the database schema")
    seed = command("seed", "fill the Hub with demo data and demo accounts")
    seed.add_argument("--scale", choices=("small", "platform", "x10"), default="platform")
    seed.add_argument("--seed", type=int, default=2026)
    seed.add_argument("--if-empty", action="store_true", help="do nothing if it holds records")
    simulate = command("simulate", "members post, reply and report, so the queue moves")
    simulate.add_argument("--rate", type=float, default=1.0, help="actions per second")
    simulate.add_argument(
        "--duration", type=float, default=None, help="seconds (default: until interrupted)"
    )
    archive = command("archive", "the compliance archive", database=False)
    archive_commands = archive.add_subparsers(dest="archive_command", required=True)
    command("verify", "check the hash chain; names any broken entry", archive_commands)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    url = normalise_url(args.database or default_url())
    try:
        engine = make_engine(url)
        migrate(engine)
    except Exception as exc:  # noqa: BLE001 - a sentence for the operator, not a trace
        print(f"studio-hub: cannot open the database {url}: {exc}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        print("The database schema is up to date.")
        return 0
    if args.command == "serve":
        if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
            print("studio-hub: HTTPS needs both --ssl-certfile and --ssl-keyfile", file=sys.stderr)
            return 2
        return serve(engine, args.host, args.port, args.ssl_certfile, args.ssl_keyfile)
    if args.command == "user":
        return add_user(engine, args.name, args.role, args.display_name)
    if args.command == "seed":
        from hub.seed import seed

        return seed(engine, args.scale, args.seed, args.if_empty)
    if args.command == "simulate":
        from hub.simulate import simulate

        try:
            applied = simulate(engine, args.rate, args.duration)
        except KeyboardInterrupt:
            return 0
        print(f"Simulated {applied} member actions.")
        return 0
    if args.command == "archive":
        return verify_archive(engine)
    return 2


def serve(
    engine: Engine,
    host: str,
    port: int,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
) -> int:
    import uvicorn

    from hub.app import create_app

    uvicorn.run(
        create_app(engine),
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )
    return 0


def add_user(engine: Engine, name: str, role: str, display_name: str) -> int:
    from hub import auth

    password = sys.stdin.readline().rstrip("\n")
    try:
        with sessions(engine).begin() as session:
            auth.add_user(session, name, password, role, display_name)
    except ValueError as exc:
        print(f"studio-hub: {exc}", file=sys.stderr)
        return 2
    print(f"Account {name} ({role}) is ready.")
    return 0


def verify_archive(engine: Engine) -> int:
    from sqlalchemy import select

    from hub.models import ArchiveHead, ArchiveRow
    from studio.domain.archive import verify_chain

    with sessions(engine)() as session:
        rows = session.execute(select(ArchiveRow).order_by(ArchiveRow.seq)).scalars()
        last: dict[str, Any] = {"seq": 0, "hash": ""}

        def entries() -> Iterator[dict[str, Any]]:
            for row in rows:
                entry = row.entry()
                last.update(seq=entry["seq"], hash=entry["hash"])
                yield entry

        problems = verify_chain(entries())
        head = session.get(ArchiveHead, 1)
    if problems:
        for problem in problems:
            print(f"BROKEN at entry {problem.seq} ({problem.problem}): {problem.message}")
        return 1
    if head is not None and (head.seq, head.hash) != (last["seq"], last["hash"]):
        if head.seq > last["seq"]:
            first = last["seq"] + 1
            print(
                f"BROKEN at entry {first} (missing): entries {first}–{head.seq} were cut off "
                f"the end of the archive (its recorded head is entry {head.seq})."
            )
        else:
            print(
                f"BROKEN at entry {last['seq']} (changed): the archive ends at entry "
                f"{last['seq']}, which is not the head recorded when it was written."
            )
        return 1
    print(f"The archive's {last['seq']} entries are intact.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
