"""Run the benchmarks and write bench/out/results.json.

    python -m bench.run [--only NAME] [--quick]

Each benchmark is a module here with ``run(ctx: Context) -> list[Result]``, listed in BENCHMARKS.
The runner prints a table and the results that miss their target, and exits 0 even then (this is
a report); it exits 1 only when a benchmark could not be measured at all.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
import traceback

from bench.common import Context, Result

#: Benchmark modules, in the order they run; add a new one here.
BENCHMARKS = [
    "startup",
    "hub",
    "sync",
    "webinars",
    "webinar_ui",
    "editor",
    "moderation",
]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    p.add_argument(
        "--only",
        metavar="NAME",
        action="append",
        choices=BENCHMARKS,
        help="run only this benchmark module (repeatable)",
    )
    p.add_argument("--quick", action="store_true", help="fewer repetitions (a rough look)")
    args = p.parse_args(argv)
    ctx = Context(quick=args.quick)
    ctx.out.mkdir(parents=True, exist_ok=True)
    print(
        f"bench on {platform.node()} · Python {platform.python_version()} · "
        f"{'quick' if args.quick else 'full'} run"
    )
    results: list[Result] = []
    broken: list[str] = []
    for name in args.only or BENCHMARKS:
        print(f"[{name}]", flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            results.extend(module.run(ctx))
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            broken.append(name)
        print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    path = ctx.out / "results.json"
    path.write_text(json.dumps([r.to_json() for r in results], indent=2) + "\n", encoding="utf-8")
    print()
    print(table(results))
    misses = [(r, r.misses()) for r in results if r.misses()]
    print()
    for r, why in misses:
        print(f"MISSED {r.name}: {'; '.join(why)}")
    if not misses:
        print("Every result meets its target." if results else "No results.")
    for name in broken:
        print(f"BROKEN {name}: could not be measured (see the trace above)")
    print(f"Results written to {path}")
    return 1 if broken else 0


def table(results: list[Result]) -> str:
    head = ("name", "value", "baseline", "ratio", "target", "")
    rows = [head]
    for r in results:
        target = "-" if r.target is None else f"≤{r.target:g}×"
        if "limit_ms" in r.extra:
            limit = f"≤{r.extra['limit_ms']:g} ms"
            target = limit if r.target is None else f"{target}, {limit}"
        rows.append(
            (
                r.name,
                f"{r.value:.1f} {r.unit}",
                f"{r.baseline:.1f} {r.unit}",
                f"{r.ratio:.2f}×",
                target,
                "FAIL" if r.misses() else "PASS",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for j, row in enumerate(rows):
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
