"""The data directory choice and the rotating log."""

from __future__ import annotations

import logging
from pathlib import Path

from studio.locations import RotatingLog, data_dir


def test_log_rotates_and_keeps_a_bounded_number_of_files(tmp_path: Path) -> None:
    path = tmp_path / "studio.log"
    handler = RotatingLog(path, max_bytes=500, backups=3)
    logger = logging.getLogger("test-rotation")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for i in range(200):
            logger.warning("line %03d %s", i, "x" * 40)
    finally:
        logger.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["studio.log", "studio.log.1", "studio.log.2", "studio.log.3"]
    assert all(p.stat().st_size < 600 for p in tmp_path.iterdir())
    assert "line 199" in path.read_text(encoding="utf-8")  # the newest line is in the live file
    older = (tmp_path / "studio.log.1").read_text(encoding="utf-8")
    assert "line 199" not in older and "line 1" in older


def test_data_dir_prefers_the_option_then_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(str(tmp_path / "opt")) == tmp_path / "opt"
    assert data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("STUDIO_DATA_DIR")
    assert data_dir(None).name == "studio"
