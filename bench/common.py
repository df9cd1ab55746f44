"""What every benchmark module shares: the result record, the run context and process helpers."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"


@dataclass
class Result:
    """One measured quantity and the same quantity for a baseline measured in the same run.

    ``ratio`` is ``value / baseline``; ``target`` is the ratio it must not exceed (None: report
    only). ``extra`` holds further fields written as they are (e.g. ``limit_ms``): when it has a
    ``limit_ms``, ``value`` must also stay at or below it.
    """

    name: str
    value: float
    unit: str
    baseline: float
    target: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    def misses(self) -> list[str]:
        """Why this result fails (empty when it passes)."""
        why = []
        if self.target is not None and self.ratio > self.target:
            why.append(f"ratio {self.ratio:.2f} > target {self.target:g}")
        limit = self.extra.get("limit_ms")
        if limit is not None and self.value > limit:
            why.append(f"{self.value:.1f} {self.unit} > limit {limit:g} {self.unit}")
        return why

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "name": self.name,
            "value": round(self.value, 3),
            "unit": self.unit,
            "baseline": round(self.baseline, 3),
            "ratio": round(self.ratio, 3),
            "target": self.target,
        }
        record.update(self.extra)
        record["pass"] = not self.misses()
        return record


@dataclass
class Context:
    """What a benchmark module gets: options, where to keep files, how to run the app."""

    quick: bool = False
    python: str = sys.executable
    out: Path = OUT
    repo: Path = REPO
    log: Callable[[str], None] = print

    @property
    def data(self) -> Path:
        return self.out / "data"

    def repeats(self, full: int, quick: int) -> int:
        return quick if self.quick else full


def bench_env(**extra: str) -> dict[str, str]:
    """The environment for a measured process: display-less Qt, unbuffered, repo on the path."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env.pop("STUDIO_BENCH", None)
    # Compiled modules kept (under bench/out), as an installed app has them: with
    # PYTHONDONTWRITEBYTECODE set, as on the development machine, every launch compiled
    # Studio's sources again (~120 ms; a bare window has none). Uncounted first runs write them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    env.update(extra)
    return env


@dataclass
class Run:
    """One measured process: when each marker line arrived (s after spawn) and its argument."""

    seconds: dict[str, float]
    args: dict[str, str]
    returncode: int
    stderr: str


def timed_run(
    cmd: Sequence[str], env: Mapping[str, str], until: str, timeout: float = 120.0, cwd: Path = REPO
) -> Run:
    """Spawn ``cmd`` and note the time each ``MARKER arg`` line appears, up to ``until``.

    The clock starts just before the process is spawned. Raises RuntimeError when the process
    ends or times out without printing ``until``.
    """
    seconds: dict[str, float] = {}
    args: dict[str, str] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env),
        cwd=cwd,
        text=True,
        bufsize=1,
    )
    watchdog = threading.Timer(timeout, proc.kill)  # a hung process must not hang the bench
    watchdog.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            now = time.perf_counter() - started
            marker, _, rest = line.strip().partition(" ")
            if marker and marker.replace("_", "").isalpha() and marker.isupper():
                seconds.setdefault(marker, now)
                args.setdefault(marker, rest)
            if marker == until:
                break
        _, err = proc.communicate()  # the rest of stdout and all of stderr; waits for the exit
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if until not in seconds:
        raise RuntimeError(
            f"{' '.join(cmd)} exited ({proc.returncode}) without {until}:\n"
            f"{(err or '').strip()[-2000:]}"
        )
    return Run(seconds, args, proc.returncode, err or "")


def median(values: Sequence[float]) -> float:
    return statistics.median(values)
