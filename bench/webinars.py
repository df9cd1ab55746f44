"""A full conflict check of a large webinar calendar, against the naive all-pairs check.

- ``webinar_conflict_check``: 4,000 webinars (about 15 % of them in weekly or fortnightly
  series) and 800 speakers (100 of them the bank's hosts, a third of the others with stated
  availability windows in their own zone), generated from a fixed seed; the time to build
  ``studio.domain.schedule.Calendar`` and run ``check_all()`` (every rule, every finding with
  its nearest free slot). The baseline is ``check_all_pairs()`` on the same calendar: the same
  rules and suggestions, the clashes found by comparing every pair of webinars. Both must give
  the same findings (checked every run). Median of N alternating runs after one uncounted run
  of each; must stay ≤ 1,000 ms, ratio reported.
- ``webinar_conflict_detect``: the same two checks without suggestions (``suggest=False``):
  finding the clashes alone, the sweep against every pair. Reported.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from bench.common import Context, Result, median
from studio.demo import words
from studio.domain.schedule import (
    Calendar,
    Finding,
    Frequency,
    Recurrence,
    Series,
    Speaker,
    Webinar,
    Window,
    expand,
)

WEBINARS = 4_000
SPEAKERS = 800
HOSTS = 100
SEED = 2026
LIMIT_MS = 1_000.0


def calendar_data(seed: int = SEED) -> tuple[list[Webinar], list[Speaker]]:
    """4,000 webinars and 800 speakers, the same for the same seed."""
    rng = random.Random(seed)
    speakers = []
    for i in range(SPEAKERS):
        zone = "Europe/Paris" if i < HOSTS else rng.choice(words.SPEAKER_ZONES)
        windows: tuple[Window, ...] = ()
        if i >= HOSTS and rng.random() < 1 / 3:
            first, last = rng.choice((7, 8, 9)), rng.choice((17, 18, 19))
            windows = tuple(Window(day, first * 60, last * 60) for day in range(5))
        speakers.append(Speaker(f"speaker-{i:04}", f"Speaker {i}", zone, windows))
    hosts = [s.id for s in speakers[:HOSTS]]
    guests = [s.id for s in speakers[HOSTS:]]
    first_day = datetime(2026, 6, 1)
    webinars: list[Webinar] = []
    number = 0
    while len(webinars) < WEBINARS:
        zone = rng.choice(words.SPEAKER_ZONES)
        day = first_day + timedelta(days=rng.randrange(265))
        wall = day.replace(hour=rng.randint(8, 18), minute=rng.choice((0, 15, 30, 45)))
        people: dict[str, Any] = {
            "speaker_ids": tuple(rng.sample(guests, rng.randint(1, 3))),
            "host_ids": tuple(rng.sample(hosts, 2 if rng.random() < 0.1 else 1)),
            "duration_minutes": rng.choice((30, 45, 60, 60, 60, 90, 120)),
        }
        number += 1
        if rng.random() < 0.03:  # a series of 3 to 8, weekly or fortnightly
            series = Series(
                id=f"series-{number:05}",
                title=f"Series {number}",
                starts_at=wall.isoformat(),
                zone=zone,
                rule=Recurrence(
                    Frequency.WEEKLY,
                    rng.choice((1, 2)),
                    count=min(WEBINARS - len(webinars), rng.randint(3, 8)),
                ),
                fold=0,
                **people,
            )
            webinars.extend(expand(series))
        else:
            webinars.append(
                Webinar.at(
                    f"webinar-{number:05}",
                    f"Webinar {number}",
                    wall.isoformat(),
                    zone,
                    fold=0,
                    **people,
                )
            )
    return webinars[:WEBINARS], speakers


def full_check(
    webinars: list[Webinar], speakers: list[Speaker], suggest: bool = True
) -> list[Finding]:
    return Calendar(webinars, speakers).check_all(suggest=suggest)


def naive_check(
    webinars: list[Webinar], speakers: list[Speaker], suggest: bool = True
) -> list[Finding]:
    return Calendar(webinars, speakers).check_all_pairs(suggest=suggest)


def timed(check: Any, *args: Any) -> tuple[float, list[Finding]]:
    started = time.perf_counter()
    found = check(*args)
    return (time.perf_counter() - started) * 1000, found


def run(ctx: Context) -> list[Result]:
    webinars, speakers = calendar_data()
    in_series = sum(1 for w in webinars if w.series_id)
    ctx.log(f"  {len(webinars):,} webinars ({in_series:,} in series), {len(speakers):,} speakers")
    samples: dict[str, list[float]] = {"full": [], "naive": [], "detect": [], "naive_detect": []}
    findings: list[Finding] = []
    runs = ctx.repeats(5, 2)
    for i in range(runs + 1):  # the first of each is not counted
        took, findings = timed(full_check, webinars, speakers)
        took_naive, reference = timed(naive_check, webinars, speakers)
        if findings != reference:
            raise AssertionError("the sweep and the all-pairs check disagree")
        detect, _ = timed(full_check, webinars, speakers, False)
        naive_detect, _ = timed(naive_check, webinars, speakers, False)
        if i:
            for key, value in zip(samples, (took, took_naive, detect, naive_detect), strict=True):
                samples[key].append(value)
        ctx.log(
            f"  check {took:.0f} ms (all pairs {took_naive:.0f} ms); "
            f"without suggestions {detect:.0f} ms (all pairs {naive_detect:.0f} ms)"
        )
    rules = Counter(str(f.rule) for f in findings)
    about = {
        "webinars": len(webinars),
        "speakers": len(speakers),
        "findings": len(findings),
        "webinars_with_findings": len({f.webinar_id for f in findings}),
        "findings_by_rule": dict(sorted(rules.items())),
        "without_suggestion": sum(1 for f in findings if f.suggestion is None),
    }
    return [
        Result(
            "webinar_conflict_check",
            median(samples["full"]),
            "ms",
            median(samples["naive"]),
            None,
            {
                "limit_ms": LIMIT_MS,
                "runs": runs,
                "samples": [round(v, 1) for v in samples["full"]],
                "baseline_samples": [round(v, 1) for v in samples["naive"]],
                **about,
            },
        ),
        Result(
            "webinar_conflict_detect",
            median(samples["detect"]),
            "ms",
            median(samples["naive_detect"]),
            None,
            {
                "runs": runs,
                "samples": [round(v, 1) for v in samples["detect"]],
                "baseline_samples": [round(v, 1) for v in samples["naive_detect"]],
            },
        ),
    ]
