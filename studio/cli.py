"""Headless subcommands: ``studio demo``, ``studio status`` (more arrive with sync and archive).

Every command prints a plain sentence and exits non-zero on failure; never a stack trace.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
import time
from pathlib import Path

from studio.locations import data_dir, setup_logging
from studio.qt_import_hook import narrow_feature_scan
from studio.store import replica
from studio.store.database import WorkspaceError
from studio.store.demo_import import create_demo_workspace
from studio.store.workspace import OperationError, Workspace, workspace_path
from studio.sync.account import sign_in
from studio.sync.client import HubClient, HubError, make_session
from studio.sync.credentials import Credentials, CredentialStoreUnavailable
from studio.sync.engine import SyncEngine
from studio.ui.settings import Settings

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    narrow_feature_scan()
    folder = data_dir(args.data_dir)
    setup_logging(folder)
    try:
        if args.command == "webinar":
            from studio import webinar_cli

            return webinar_cli.run(args, folder, existing_workspace)
        if args.command == "demo":
            return demo(args, folder)
        if args.command == "status":
            return status(args, folder)
        if args.command == "login":
            return login(args, folder)
        if args.command == "sync":
            return sync(args, folder)
        if args.command == "render":
            return render(args)
        if args.command == "archive":
            from studio import archive_cli

            return archive_cli.run(args, folder, existing_workspace)
    except (WorkspaceError, OperationError, HubError, CredentialStoreUnavailable) as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        log.exception("studio %s failed", args.command)
        print(
            f"studio: {args.command} failed: {exc} (details in {folder / 'logs'})", file=sys.stderr
        )
        return 1
    print(f"studio: unknown command {args.command}", file=sys.stderr)
    return 2


def render(args: argparse.Namespace) -> int:
    """The preview's HTML for a Markdown file, through the preview's own code path."""
    from studio.domain.markdown import render as to_html
    from studio.domain.textfile import TextFileError, read_text

    try:
        text = read_text(sys.stdin.buffer.read() if args.file == "-" else Path(args.file))
    except TextFileError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return 2
    rendered = to_html(text)
    if rendered.problem:
        print(f"studio: {rendered.problem}", file=sys.stderr)
    sys.stdout.write(rendered.html)
    if not rendered.html.endswith("\n"):
        sys.stdout.write("\n")
    return 0


def demo(args: argparse.Namespace, folder: Path) -> int:
    name = args.workspace or "demo"
    path = workspace_path(folder, name)
    if path.exists() and args.if_missing:
        print(f"The demo workspace {name!r} already exists at {path}.")
        return 0
    started = time.perf_counter()
    workspace = create_demo_workspace(path, args.scale, args.seed)
    counts = workspace.counts()
    workspace.close()
    figures = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    print(
        f"Created the demo workspace {name!r} at {path} in "
        f"{time.perf_counter() - started:.1f} s: {figures}."
    )
    return 0


def status(args: argparse.Namespace, folder: Path) -> int:
    workspace = existing_workspace(args, folder)
    name, path = workspace.name, workspace.path
    try:
        info = {
            "workspace": name,
            "path": str(path),
            "pending": workspace.pending_changes(),
            **replica.state(workspace),
            "counts": workspace.counts(),
        }
    finally:
        workspace.close()
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        print(f"Workspace {name} ({path}): {info['pending']} change(s) waiting to sync.")
        for key, value in info["counts"].items():
            print(f"  {key}: {value:,}")
    return 0


def existing_workspace(args: argparse.Namespace, folder: Path) -> Workspace:
    """The workspace named on the command line, else the last one used; never a new one.

    Raises OperationError when there is no such workspace.
    """
    name = args.workspace or Settings(folder / "settings.ini").last_workspace or "local"
    path = workspace_path(folder, name)
    if not path.exists():
        raise OperationError(f"There is no workspace {name!r} in {folder}.")
    return Workspace.open(path, name)


def read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def login(args: argparse.Namespace, folder: Path) -> int:
    settings = Settings(folder / "settings.ini")
    # A CA bundle given once is kept for that Hub: `studio sync` and the window trust it too.
    ca_bundle = str(Path(args.ca_bundle).absolute()) if args.ca_bundle else None
    if ca_bundle and not Path(ca_bundle).is_file():
        raise OperationError(f"There is no CA bundle file {args.ca_bundle}.")
    ca_bundle = ca_bundle or settings.ca_bundle(args.hub) or None
    password = read_password(f"Password for {args.user} on {args.hub}: ")
    signed = sign_in(folder, args.hub, args.user, password, ca_bundle, args.workspace)
    settings.last_workspace = signed.workspace
    if ca_bundle:
        settings.set_ca_bundle(signed.hub_url, ca_bundle)
    print(
        f"Signed in as {signed.account} ({signed.role}) on {signed.hub_url}; workspace "
        f"{signed.workspace!r}. The token is in the system keyring."
    )
    return 0


def sync(args: argparse.Namespace, folder: Path) -> int:
    workspace = existing_workspace(args, folder)
    name = workspace.name
    try:
        where = replica.state(workspace)
        if not where["hub"]:
            print(
                f"studio: the workspace {name!r} is not linked to a Hub; run studio login.",
                file=sys.stderr,
            )
            return 2
        credentials = Credentials()
        client = HubClient(
            where["hub"],
            lambda: credentials.token(where["hub"], where["account"]),
            make_session(Settings(folder / "settings.ini").ca_bundle(where["hub"]) or None),
        )
        started = time.perf_counter()
        try:
            report = SyncEngine(workspace, client).sync()
        except HubError as exc:
            replica.record_error(workspace, str(exc))
            raise
        print(f"{report.summary()} ({time.perf_counter() - started:.1f} s)")
        return 1 if report.rejected or report.conflicts else 0
    finally:
        workspace.close()
