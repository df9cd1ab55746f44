"""The firm's lexicon run over a text: which words or patterns it contains, where, and how
serious each hit is. A high-severity hit blocks an article's move to review.

A plain term matches whole words, ignoring case, with any run of spaces between its words; a
regex term is used as written (ignoring case). A regex that does not compile is reported, never
raised: one bad term must not stop every check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SEVERITIES = ("low", "medium", "high")
BLOCKING = "high"
#: Longest text scanned per field (a pathological regex is bounded by the text it runs over).
MAX_SCAN = 2_000_000


@dataclass(frozen=True)
class Term:
    id: str
    pattern: str
    severity: str
    is_regex: bool


@dataclass(frozen=True)
class Hit:
    field: str
    start: int
    end: int
    text: str
    term: Term

    @property
    def blocking(self) -> bool:
        return self.term.severity == BLOCKING


@dataclass(frozen=True)
class Lexicon:
    patterns: tuple[tuple[Term, re.Pattern[str]], ...]
    #: Terms whose pattern does not compile, with the reason.
    broken: tuple[tuple[Term, str], ...] = ()

    def scan(self, text: str, field: str = "body") -> list[Hit]:
        hits = []
        for term, pattern in self.patterns:
            for match in pattern.finditer(text[:MAX_SCAN]):
                if match.end() > match.start():
                    hits.append(Hit(field, match.start(), match.end(), match.group(0), term))
        hits.sort(key=lambda h: (h.start, -SEVERITIES.index(h.term.severity)))
        return hits

    def check(self, fields: Mapping[str, str]) -> list[Hit]:
        """Hits in each named field (title, summary, body…)."""
        return [hit for name, text in fields.items() for hit in self.scan(text or "", name)]


def compile_lexicon(terms: Iterable[Term]) -> Lexicon:
    patterns: list[tuple[Term, re.Pattern[str]]] = []
    broken: list[tuple[Term, str]] = []
    for term in terms:
        source = term.pattern.strip()
        if not source:
            continue
        if not term.is_regex:
            words = [re.escape(w) for w in source.split()]
            source = r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"
        try:
            patterns.append((term, re.compile(source, re.IGNORECASE)))
        except re.error as exc:
            broken.append((term, exc.msg))
    return Lexicon(tuple(patterns), tuple(broken))


def blocking_reason(hits: Iterable[Hit]) -> str:
    """A sentence naming the blocking hits, or "" when none blocks."""
    blocking = [h for h in hits if h.blocking]
    if not blocking:
        return ""
    names = {"title": "the title", "summary": "the summary", "body": "the text"}
    listed = "; ".join(f"“{h.text}” in {names.get(h.field, h.field)}" for h in blocking[:5]) + (
        "; …" if len(blocking) > 5 else ""
    )
    return f"The lexicon blocks this article from review: {listed}."
