"""Spell checking of article text in the article's language (pyspellchecker's word lists: en,
fr, de, es, it, nl, pt and more), with a personal dictionary.

Only prose is checked: code (fenced and inline), link targets, URLs, front matter, words with
digits, all-capitals abbreviations (PME, GDPR) and words of one letter are left alone. Loading a
language takes a few tenths of a second: do it off the UI thread (the editor's preview lane).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from studio.domain.markdown import FENCE, strip_front_matter

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
#: Stretches never checked: inline code, link targets, autolinks and bare URLs, HTML tags.
_SKIP = re.compile(r"`[^`\n]*`|\]\([^)\n]*\)|<[^>\n]*>|https?://\S+|www\.\S+|\S+@\S+\.\S+")

_lock = threading.Lock()
_checkers: dict[str, Any] = {}


def ready(language: str) -> bool:
    """Whether the language's word list is loaded (checking it costs nothing more to start)."""
    with _lock:
        return _code(language) in _checkers


def preload(language: str) -> None:
    """Load the language's word list now (a few tenths of a second: not on the UI thread)."""
    _checker(language)


def _code(language: str) -> str:
    return language.split("-")[0].split("_")[0].lower()


def languages() -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker.languages())


@dataclass(frozen=True)
class Misspelling:
    start: int
    end: int
    word: str


def _checker(language: str) -> Any | None:
    code = _code(language)
    with _lock:
        if code not in _checkers:
            from spellchecker import SpellChecker

            _checkers[code] = (
                SpellChecker(language=code, case_sensitive=False)
                if code in SpellChecker.languages()
                else None
            )
        return _checkers[code]


class Speller:
    """Checks text in one language; ``personal`` words are always right."""

    def __init__(self, language: str, personal: Iterable[str] = ()) -> None:
        self.language = language
        self.personal = {w.casefold() for w in personal}
        self._checker = _checker(language)
        #: line text -> its misspellings (start, end, word) within the line: a long article is
        #: checked again line by line, and only changed lines cost anything.
        self._lines: dict[str, list[tuple[int, int, str]]] = {}

    @property
    def available(self) -> bool:
        return self._checker is not None

    def check(self, text: str) -> list[Misspelling]:
        return [
            Misspelling(start_of_line + s, start_of_line + e, w)
            for start_of_line, wrong in self._lines_of(text)
            for s, e, w in wrong
        ]

    def count(self, text: str) -> int:
        """How many words ``check(text)`` finds, without making a Misspelling of each (the
        lines are checked, and remembered, all the same)."""
        return sum(len(wrong) for _start, wrong in self._lines_of(text))

    def _lines_of(self, text: str) -> Iterator[tuple[int, list[tuple[int, int, str]]]]:
        """(offset of the line, its misspellings) for each prose line of ``text``."""
        if self._checker is None:
            return
        _, skipped = strip_front_matter(text)
        offset = 0
        fence = ""
        for number, line in enumerate(text.split("\n")):
            start_of_line = offset
            offset += len(line) + 1
            if number < skipped:
                continue
            opening = FENCE.match(line)
            if fence:
                if opening and opening.group(1)[0] == fence[0]:
                    fence = ""
                continue
            if opening:
                fence = opening.group(1)
                continue
            if line.startswith(("    ", "\t")):
                continue  # indented code
            wrong = self._lines.get(line)
            if wrong is None:
                wrong = self._check_line(line)
                if len(self._lines) > 50_000:
                    self._lines.clear()
                self._lines[line] = wrong
            if wrong:
                yield start_of_line, wrong

    def checked(self, line: str) -> list[tuple[int, int, str]] | None:
        """The misspellings (start, end, word) of a prose line already checked by ``check``;
        None when it has not been (a look-up only: cheap enough for the UI thread)."""
        return self._lines.get(line)

    def _check_line(self, line: str) -> list[tuple[int, int, str]]:
        blanked = _SKIP.sub(lambda m: " " * len(m.group(0)), line)
        words = []
        for match in _WORD.finditer(blanked):
            word = match.group(0).strip("'’-")
            if len(word) < 2 or word.isupper() or word.casefold() in self.personal:
                continue
            words.append((match.start(), match.end(), word))
        if not words or self._checker is None:
            return []
        unknown = self._checker.unknown({w.casefold() for _, _, w in words})
        return [(s, e, w) for s, e, w in words if w.casefold() in unknown]

    def suggestions(self, word: str, limit: int = 6) -> list[str]:
        if self._checker is None:
            return []
        candidates = self._checker.candidates(word.casefold()) or set()
        ranked = sorted(candidates, key=lambda c: -self._checker.word_usage_frequency(c))
        if word[:1].isupper():
            ranked = [c[:1].upper() + c[1:] for c in ranked]
        return [c for c in ranked if c.casefold() != word.casefold()][:limit]
