"""Where Studio keeps its files: the data directory and the log.

``--data-dir`` wins, then ``STUDIO_DATA_DIR``, then the platform's application data folder
(QStandardPaths), e.g. ``~/.local/share/studio`` on Linux.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

APP_NAME = "studio"
LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def set_application_names() -> None:
    QCoreApplication.setOrganizationName("")
    QCoreApplication.setApplicationName(APP_NAME)


def data_dir(option: str | None = None) -> Path:
    """The data directory to use; it may not exist yet (the workspace store makes it)."""
    chosen = option or os.environ.get("STUDIO_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser().absolute()
    set_application_names()
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".local" / "share" / APP_NAME


class RotatingLog(logging.FileHandler):
    """A log file that, past ``max_bytes``, moves to ``.1`` (``.1`` to ``.2``, …) and starts anew.

    The standard library's RotatingFileHandler does the same but brings sockets and pickling
    with ``logging.handlers``, a measurable part of Studio's start-up for nothing it uses.
    """

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.path = path
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= self.max_bytes:
                self._rotate()
        except OSError:
            self.handleError(record)
        super().emit(record)

    def _rotate(self) -> None:
        self.stream.close()
        self.stream = None  # type: ignore[assignment]
        for n in range(self.backups - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{n}")
            if older.exists():
                os.replace(older, self.path.with_name(f"{self.path.name}.{n + 1}"))
        os.replace(self.path, self.path.with_name(f"{self.path.name}.1"))


def setup_logging(folder: Path, level: int = logging.INFO) -> Path | None:
    """Log to a rotating file in ``folder/logs`` (and warnings to stderr).

    Returns the log file, or None when the folder cannot be written (then stderr only).
    """
    root = logging.getLogger()
    root.setLevel(level)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(console)
    log_file = folder / "logs" / "studio.log"
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingLog(log_file, max_bytes=2_000_000, backups=5)
        log_file.touch()
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write the log in %s: %s", folder, exc)
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    return log_file
