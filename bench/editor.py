"""The article editor on a 150 KB Markdown article (issue 5's "Done when" benchmark line).

The article is bench/article_text.py's (English and French: headings, paragraphs, lists, tables,
code, quotes, links); each figure is compared with a baseline measured in the same run:

- ``editor_keystroke_p99``: keystroke to the end of the editor's repaint, in the real
  ArticleEditor of a Studio window, typing a few hundred characters at a human pace while the
  preview re-renders in the pauses (bench/editor_gui.py); p99 over the keys, must stay
  ≤ 16 ms (``limit_ms``). Baseline: the same keys on the same schedule into a bare
  QPlainTextEdit holding the same text.
- ``editor_preview_refresh``: a word typed, to the new preview painted, less the editor's pause
  before it renders (``RENDER_PAUSE_MS``); median of several edits spread over the document.
  Baseline: one ``markdown.markdown(text, extensions=EXTENSIONS)`` of the whole text, on the
  same process's UI thread between the edits. Target 0.5×.
- ``editor_open_article``: ``open_article`` to the text and the first preview painted; median
  of articles opened cold (each a different document of the same size). Baseline: a bare
  QPlainTextEdit's ``setPlainText`` of the same text until painted, plus one full render as
  above. Target 1.5×.
- ``editor_launch_to_preview``: ``python -m studio --data-dir DIR big.md`` (a workspace made by
  an uncounted first run) from spawn to the imported article's preview painted
  (``STUDIO_BENCH=preview``, studio/bench_hooks.py); median of N runs. The baseline is issue 5's
  reference, not a measurement: retext and ghostwriter show a 150 KB file's preview 1.3 s after
  launch; target under half. A bare PySide6 window's start-up, measured alternately, is kept
  beside it (``bare_window_ms``) as this machine's floor. Both run with their modules'
  compiled bytecode kept (``PYTHONPYCACHEPREFIX`` under bench/out), as an installed app has it.
"""

from __future__ import annotations

import json
import math
import shutil
from typing import Any

from bench.article_text import article
from bench.common import Context, Result, bench_env, median, timed_run

SEED = 2026
KEYSTROKE_LIMIT_MS = 16.0
#: Issue 5: "two Markdown editors on this machine show a 150 KB file's preview 1.3 s after
#: launch (retext big.md, ghostwriter big.md)".
REFERENCE_LAUNCH_MS = 1300.0
REFERENCE_EDITORS = ("retext", "ghostwriter")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile, linearly interpolated between the nearest ranks (numpy's default)."""
    ordered = sorted(values)
    at = (len(ordered) - 1) * q / 100
    low, high = math.floor(at), math.ceil(at)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def in_editor(ctx: Context) -> list[Result]:
    folder = ctx.out / "editor" / "gui"
    shutil.rmtree(folder, ignore_errors=True)
    opens = ctx.repeats(5, 2)
    params = {
        "seeds": [SEED + i for i in range(opens + 1)],  # the first is opened uncounted
        "refreshes": ctx.repeats(6, 3),
        "keys": ctx.repeats(200, 80),
    }
    cmd = [ctx.python, str(ctx.repo / "bench" / "editor_gui.py"), str(folder), json.dumps(params)]
    run = timed_run(cmd, bench_env(), "EDITOR_RESULTS", timeout=240)
    found: dict[str, Any] = json.loads(run.args["EDITOR_RESULTS"])
    return [
        typing(ctx, found["typing"]),
        refresh(ctx, found["refresh"]),
        opening(ctx, found["open"]),
    ]


def typing(ctx: Context, found: dict[str, Any]) -> Result:
    studio, bare = found["studio"], found["bare"]
    worst = sorted(range(len(studio)), key=lambda k: studio[k], reverse=True)[:5]
    ctx.log(
        f"  keystroke ms: studio p50 {percentile(studio, 50):.1f} p99 {percentile(studio, 99):.1f}"
        f" max {max(studio):.1f} · bare p50 {percentile(bare, 50):.1f}"
        f" p99 {percentile(bare, 99):.1f} max {max(bare):.1f}"
        f" · {len(studio)} keys in {found['seconds']:.0f} s,"
        f" {found['preview_updates']} preview updates, {found['misspelled']} words underlined"
    )
    ctx.log(
        "  slowest keys (ms, of which waiting for the UI thread): "
        + ", ".join(f"{studio[k]:.0f} ({found['studio_late'][k]:.0f})" for k in worst)
    )
    extra = {
        "limit_ms": KEYSTROKE_LIMIT_MS,
        "keys": len(studio),
        "seconds": round(found["seconds"], 1),
        "preview_updates": found["preview_updates"],
        "misspelled_words": found["misspelled"],
        "p50_ms": round(percentile(studio, 50), 2),
        "p95_ms": round(percentile(studio, 95), 2),
        "max_ms": round(max(studio), 2),
        "keys_over_limit": sum(v > KEYSTROKE_LIMIT_MS for v in studio),
        "baseline_p50_ms": round(percentile(bare, 50), 2),
        "baseline_max_ms": round(max(bare), 2),
        "samples": [round(v, 2) for v in studio],
        "late_samples": [round(v, 2) for v in found["studio_late"]],
        "baseline_samples": [round(v, 2) for v in bare],
    }
    return Result(
        "editor_keystroke_p99",
        percentile(studio, 99),
        "ms",
        percentile(bare, 99),
        None,
        extra,
    )


def refresh(ctx: Context, found: dict[str, Any]) -> Result:
    from studio.editors.article.editor import RENDER_PAUSE_MS

    from_key = [r["from_key"] for r in found["studio"]]
    after_pause = [v - RENDER_PAUSE_MS for v in from_key]
    fulls = found["full"]
    ctx.log(
        f"  preview refresh ms after the {RENDER_PAUSE_MS} ms pause: {_fmt(after_pause)}"
        f" · full Python-Markdown render: {_fmt(fulls)}"
    )
    extra = {
        "pause_ms": RENDER_PAUSE_MS,
        "runs": len(after_pause),
        "from_key_ms": round(median(from_key), 1),
        "samples": [round(v, 1) for v in after_pause],
        "baseline_samples": [round(v, 1) for v in fulls],
    }
    return Result("editor_preview_refresh", median(after_pause), "ms", median(fulls), 0.5, extra)


def opening(ctx: Context, found: dict[str, Any]) -> Result:
    shown = [max(o["text"], o["preview"]) for o in found["studio"]]
    text = [o["text"] for o in found["studio"]]
    bare = [b["text"] + b["render"] for b in found["bare"]]
    ctx.log(
        f"  open ms: studio {_fmt(shown)} (text {_fmt(text)}) · bare setPlainText + full render"
        f" {_fmt(bare)} (setPlainText {_fmt([b['text'] for b in found['bare']])})"
    )
    extra = {
        "runs": len(shown),
        "text_shown_ms": round(median(text), 1),
        "baseline_set_plain_text_ms": round(median([b["text"] for b in found["bare"]]), 1),
        "baseline_render_ms": round(median([b["render"] for b in found["bare"]]), 1),
        "samples": [round(v, 1) for v in shown],
        "baseline_samples": [round(v, 1) for v in bare],
    }
    return Result("editor_open_article", median(shown), "ms", median(bare), 1.5, extra)


def launch(ctx: Context) -> Result:
    folder = ctx.out / "editor"
    data = folder / "data"
    shutil.rmtree(data, ignore_errors=True)
    big = folder / "big.md"
    big.write_text(article(SEED), encoding="utf-8")
    size_kb = big.stat().st_size / 1000
    cmd = [ctx.python, "-m", "studio", "--data-dir", str(data), str(big)]
    bare_cmd = [ctx.python, str(ctx.repo / "bench" / "bare_window.py")]

    def studio() -> tuple[float, float, bool]:
        (data / "settings.ini").unlink(missing_ok=True)  # the default window, as in startup.py
        r = timed_run(cmd, bench_env(STUDIO_BENCH="preview"), "STUDIO_DONE", timeout=120)
        crashed = r.returncode != 0
        if crashed and not crashes:
            fatal = [line for line in r.stderr.splitlines() if "Fatal" in line or "Error" in line]
            ctx.log(f"  studio {big.name} exited {r.returncode} after the preview: {fatal[:2]}")
        return r.seconds["STUDIO_PREVIEW"] * 1000, r.seconds["STUDIO_TEXT"] * 1000, crashed

    crashes = 0
    studio()  # uncounted: makes the workspace (and warms the file cache)
    n = ctx.repeats(4, 2)
    preview: list[float] = []
    text: list[float] = []
    bare: list[float] = []
    for i in range(n):
        order = ("studio", "bare") if i % 2 == 0 else ("bare", "studio")
        for who in order:
            if who == "studio":
                shown, typed, crashed = studio()
                preview.append(shown)
                text.append(typed)
                crashes += crashed
            else:
                bare.append(timed_run(bare_cmd, bench_env(), "DONE").seconds["READY"] * 1000)
    installed = [name for name in REFERENCE_EDITORS if shutil.which(name)]
    if installed:
        # Their preview cannot be seen from outside without a screen reader of some sort; the
        # issue's figure stays the reference.
        ctx.log(f"  {', '.join(installed)} installed, but not measured: no hook to see a preview")
    ctx.log(
        f"  studio {big.name} ({size_kb:.0f} KB) to preview ms: {_fmt(preview)} (text {_fmt(text)})"
        f" · bare window {_fmt(bare)} · reference (issue 5: retext, ghostwriter) "
        f"{REFERENCE_LAUNCH_MS:.0f}"
    )
    extra = {
        "runs": n,
        "reference": "issue 5: retext big.md, ghostwriter big.md show the preview after 1.3 s",
        "text_shown_ms": round(median(text), 1),
        "bare_window_ms": round(median(bare), 1),
        "crashed_at_exit": crashes,
        "samples": [round(v, 1) for v in preview],
        "bare_window_samples": [round(v, 1) for v in bare],
    }
    return Result(
        "editor_launch_to_preview", median(preview), "ms", REFERENCE_LAUNCH_MS, 0.5, extra
    )


def run(ctx: Context) -> list[Result]:
    return [*in_editor(ctx), launch(ctx)]


def _fmt(values: list[float]) -> str:
    return " ".join(f"{v:.0f}" for v in values)
