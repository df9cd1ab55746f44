"""``studio archive verify | export | verify-export``: the compliance archive, headless.

verify        the workspace's copy of the archive: every entry's hash and link, its end against
              the position the sync recorded and, when the Hub answers, against the Hub's head.
export        a thread, a search result or the whole copy as a documented package (EML messages,
              manifest.json with SHA-256 of every file, README.txt): studio.domain.archive_export.
verify-export a package, from its manifest alone (no workspace, no Hub).

Exit status: 0 when the check held (or the export was written), 1 when a check failed (each
problem named on stdout), 2 when the command could not run (a sentence on stderr).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from studio.domain.archive_export import PackageError, check_package
from studio.store import archive
from studio.store.workspace import Workspace
from studio.sync import archive_check
from studio.sync.credentials import Credentials
from studio.ui.settings import Settings

OpenWorkspace = Callable[[argparse.Namespace, Path], Workspace]


def run(
    args: argparse.Namespace,
    folder: Path,
    open_workspace: OpenWorkspace,
    credentials: Credentials | None = None,
) -> int:
    if args.archive_command == "verify":
        return verify(args, folder, open_workspace, credentials or Credentials())
    if args.archive_command == "export":
        return export(args, folder, open_workspace)
    if args.archive_command == "verify-export":
        return verify_export(args)
    print(f"studio: unknown archive command {args.archive_command}", file=sys.stderr)
    return 2


def verify(
    args: argparse.Namespace,
    folder: Path,
    open_workspace: OpenWorkspace,
    credentials: Credentials,
) -> int:
    workspace = open_workspace(args, folder)
    try:
        settings = Settings(folder / "settings.ini")
        checked = archive_check.verify(workspace, credentials.token, settings.ca_bundle)
    finally:
        workspace.close()
    result = checked.result
    why_not = {
        "local": "The workspace is not linked to a Hub; the copy was checked on its own.",
        "no_token": f"No sign-in token for {checked.account} on {checked.hub} (studio login); "
        "the copy was checked on its own.",
        "unreachable": f"The Hub could not be asked ({checked.detail}); the copy was checked "
        "on its own.",
    }.get(checked.hub_skipped, "")
    for problem in result.problems:
        print(f"BROKEN at entry {problem.seq} ({problem.problem}): {problem.message}")
    if result.truncated:
        print("The check stopped there: more entries may be damaged.")
    print(result.hub or why_not)
    if result.problems:
        print(
            f"The archive copy of {workspace.name!r} failed verification: "
            f"{len(result.problems)} problem(s)."
        )
        return 1
    if not result.entries:
        print(
            f"The workspace {workspace.name!r} holds no copy of the archive yet: a compliance "
            "officer's or an admin's sync brings it."
        )
        return 0
    print(f"The archive copy's {result.entries} entries are intact (entries 1–{result.last_seq}).")
    return 0


def export(args: argparse.Namespace, folder: Path, open_workspace: OpenWorkspace) -> int:
    out = Path(args.out)
    workspace = open_workspace(args, folder)
    try:
        checked = archive.verify(workspace)
        if not checked.intact:
            first = checked.problems[0]
            print(
                f"studio: the archive copy fails verification (entry {first.seq}, "
                f"{first.problem}); run studio archive verify. Nothing was exported.",
                file=sys.stderr,
            )
            return 1
        entries = archive.select_entries(workspace, args.thread, args.query)
        if not entries:
            what = (
                f"thread {args.thread}"
                if args.thread
                else f"the search {args.query!r}"
                if args.query is not None
                else "the archive copy (run studio sync as a compliance officer first)"
            )
            print(f"studio: no archived entry in {what}; nothing was exported.", file=sys.stderr)
            return 1
        selection = {"thread": args.thread, "query": args.query}
        written = archive.export_package(workspace, out, entries, selection, check=False)
    except PackageError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return 2
    finally:
        workspace.close()
    print(
        f"Exported {written.messages} archive entries (entries {entries[0]['seq']}–"
        f"{entries[-1]['seq']}) to {written.folder}."
    )
    print(
        f"manifest.json SHA-256: {written.manifest_sha256} (keep it: it proves the package "
        "unchanged)."
    )
    return 0


def verify_export(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    try:
        check = check_package(folder)
    except PackageError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return 2
    for problem in check.problems:
        print(f"{problem.problem.upper()} {problem.path}: {problem.message}")
    if check.manifest_sha256:
        print(f"manifest.json SHA-256: {check.manifest_sha256}")
    if check.problems:
        print(f"The package {folder} failed the check: {len(check.problems)} problem(s).")
        return 1
    span = f" (entries {check.first_seq}–{check.last_seq})" if check.entries else ""
    print(
        f"The package {folder} is intact: {check.files} files, {check.entries} archive "
        f"entries{span}."
    )
    return 0
