"""Where Studio keeps its files: the data directory and the log.

``--data-dir`` wins, then ``STUDIO_DATA_DIR``, then the platform's application data folder
(QStandardPaths), e.g. ``~/.local/share/studio`` on Linux.
"""

from __future__ import annotations

import logging
import logging.handlers
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
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write the log in %s: %s", folder, exc)
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    return log_file
