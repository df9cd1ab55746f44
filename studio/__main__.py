"""Entry point: ``studio`` opens the desktop app; ``studio COMMAND`` runs a headless command."""

from __future__ import annotations

import argparse
import sys

from studio import __version__


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="studio",
        description="Draft articles, schedule webinars and moderate posts, online or offline.",
    )
    p.add_argument("--version", action="version", version=f"studio {__version__}")
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder for workspaces, settings and logs (default: the platform's "
        "application data folder, or $STUDIO_DATA_DIR)",
    )
    p.add_argument("--workspace", metavar="NAME", help="the workspace to open (default: the last)")
    commands = p.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="create a workspace filled with demo data")
    demo.add_argument("--scale", choices=("small", "platform", "x10"), default="platform")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument(
        "--if-missing", action="store_true", help="do nothing when the workspace already exists"
    )
    login = commands.add_parser("login", help="sign in to a Hub; the token goes to the keyring")
    login.add_argument("--hub", required=True, metavar="URL", help="e.g. http://127.0.0.1:8750")
    login.add_argument("--user", required=True, metavar="NAME")
    login.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="trust this CA for the Hub's certificate (TLS is always verified)",
    )
    commands.add_parser("sync", help="one round of sync with the workspace's Hub")
    webinar = commands.add_parser("webinar", help="webinars: calendar invitations")
    webinar_commands = webinar.add_subparsers(dest="webinar_command", required=True)
    ics = webinar_commands.add_parser(
        "export-ics", help="write an iCalendar (.ics) file of the calendar, a webinar or a series"
    )
    ics.add_argument("--out", required=True, metavar="FILE", help="the .ics file ('-': stdout)")
    ics.add_argument("--id", metavar="ID", help="one webinar (with its series, if any) or a series")
    render = commands.add_parser(
        "render", help="print the HTML the preview shows for a Markdown file (sanitized)"
    )
    render.add_argument("file", metavar="FILE.md", help="a UTF-8 Markdown file ('-': stdin)")
    archive = commands.add_parser("archive", help="the compliance archive: verify and export")
    archive_commands = archive.add_subparsers(dest="archive_command", required=True)
    archive_commands.add_parser(
        "verify", help="check the local copy's hash chain, and against the Hub's head"
    )
    export = archive_commands.add_parser(
        "export", help="write entries as EML messages with a SHA-256 manifest"
    )
    export.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder")
    chosen = export.add_mutually_exclusive_group()
    chosen.add_argument("--thread", metavar="ID", help="a thread's entries (default: all)")
    chosen.add_argument("--query", metavar="TEXT", help="entries matching a search")
    check = archive_commands.add_parser(
        "verify-export", help="check an export package from its manifest alone"
    )
    check.add_argument("folder", metavar="DIR")
    status = commands.add_parser("status", help="show the workspace's state")
    status.add_argument("--json", action="store_true", help="print JSON")
    return p


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--first-pull-child"]:  # the sync worker's child (studio/sync/first_pull.py)
        from studio.sync.first_pull import child_main

        return child_main(argv[1:])
    arguments = parser()
    commands = next(
        a.choices for a in arguments._actions if isinstance(a, argparse._SubParsersAction)
    )
    # `studio FILE.md …` opens the files as new drafts, like any editor.
    files = [a for a in argv if a.lower().endswith(MARKDOWN_SUFFIXES) and not a.startswith("-")]
    if files and not any(a in commands for a in argv):
        argv = [a for a in argv if a not in files]
    else:
        files = []
    args = arguments.parse_args(argv)
    args.files = files
    if args.command:
        from studio.cli import run  # headless: no widgets loaded

        return run(args)
    from studio.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
