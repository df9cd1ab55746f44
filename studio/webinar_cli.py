"""``studio webinar export-ics --out FILE [--id ID]``: the calendar invitations, headless.

Prints a plain sentence; exit 0 when written, 2 when the webinar is unknown or the file can't be
written (through ``cli.run`` for the workspace's own errors), never a stack trace.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser is built at every start: no database code imported for it
    from studio.store.workspace import Workspace

    OpenWorkspace = Callable[[argparse.Namespace, Path], Workspace]


def run(args: argparse.Namespace, folder: Path, open_workspace: OpenWorkspace) -> int:
    from studio.store.webinars import export_ics

    workspace = open_workspace(args, folder)
    try:
        export = export_ics(workspace, args.id)
    finally:
        workspace.close()
    if args.out == "-":
        sys.stdout.buffer.write(export.data)
        sys.stdout.flush()
        return 0
    path = Path(args.out)
    try:
        write_atomically(path, export.data)
    except OSError as exc:
        print(f"studio: cannot write {path}: {exc.strerror or exc}.", file=sys.stderr)
        return 2
    print(
        f"Wrote {export.subject} to {path}: {export.webinars:,} webinar(s)"
        f"{f', {export.series:,} series' if export.series else ''}."
    )
    return 0


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file beside it, renamed)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
