"""Markdown syntax highlighting for the article editor: headings, emphasis, code (spans and fenced
blocks), links, quotes, list markers and front matter, and the misspelled words of prose lines.
Line by line, with the block state remembering whether a line is inside a fenced block or the
front matter, so a keystroke costs one line's work.

Misspellings are part of the line's formats, not extra selections: an editor draws each extra
selection by drawing its line again, and two hundred of them on screen tripled the cost of the
repaint after every keystroke. The words come from the speller's cache of checked lines (the
preview lane checks them); a line not checked yet has none until the editor asks again."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from studio.domain.spelling import Speller

NORMAL, FENCED, FRONT_MATTER = 0, 1, 2
SLICE_S = 0.004  # lines left for later are highlighted this long per turn of the event loop

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^#{1,6}[ \t].*$")
QUOTE = re.compile(r"^\s*>.*$")
LIST = re.compile(r"^\s*(?:[*+-]|\d{1,9}[.)])(?=\s)")
#: (format, pattern, what a line must hold for the pattern to have a chance)
INLINE = [
    ("code", re.compile(r"`[^`\n]+`"), ("`",)),
    ("strong", re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), ("**", "__")),
    ("em", re.compile(r"(?<![*_\w])([*_])(?=\S)(.+?)(?<=\S)\1(?![*_\w])"), ("*", "_")),
    ("link", re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)"), ("](",)),
]


def _format(
    colour: str | None = None, bold: bool = False, italic: bool = False, mono: bool = False
) -> QTextCharFormat:
    f = QTextCharFormat()
    if colour:
        f.setForeground(QColor(colour))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    if italic:
        f.setFontItalic(True)
    if mono:
        f.setFontFixedPitch(True)
        f.setFontFamilies(["monospace"])
    return f


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.formats = {
            "heading": _format("#3465a4", bold=True),
            "code": _format("#8f5902", mono=True),
            "strong": _format(bold=True),
            "em": _format(italic=True),
            "link": _format("#4e9a06"),
            "quote": _format("#75507b", italic=True),
            "list": _format("#ce5c00", bold=True),
            "meta": _format("#888a85"),
        }
        self.speller: Speller | None = None
        self._only: tuple[int, int] | None = None  # while loading: the lines done in full
        self._todo = QTextCursor(document)  # the next line left for later (see load())
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._highlight_some)

    @staticmethod
    def misspelled_format(base: QTextCharFormat) -> QTextCharFormat:
        marked = QTextCharFormat(base)
        marked.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        marked.setUnderlineColor(QColor("#d00000"))
        return marked

    def misspellings(self, block: QTextBlock) -> list[tuple[int, int]]:
        """Where the words of this line known to be misspelled are (none in code or front
        matter, or when the line has not been checked)."""
        previous = block.previous().userState() if block.previous().isValid() else NORMAL
        return self._misspellings(block.text(), block.userState(), previous)

    def _misspellings(self, text: str, state: int, previous: int) -> list[tuple[int, int]]:
        if self.speller is None or state != NORMAL or previous in (FENCED, FRONT_MATTER):
            return []
        if text.startswith(("    ", "\t")) or not text.strip():
            return []
        found = self.speller.checked(text)
        return [(start, end) for start, end, _word in found] if found else []

    def load(self, set_text: Callable[[], None], line: int, around: int = 150) -> None:
        """Run ``set_text`` (which replaces the whole text) highlighting in full only the lines
        within ``around`` of ``line`` (those about to be shown); the others get their state
        alone, and their colours a slice at a time on the following turns of the event loop
        (highlighting every line of a 150 KB article took 80 ms before its text could show)."""
        self._only = (line - around, line + around)
        try:
            set_text()
        finally:
            self._only = None
        self._todo.setPosition(0)
        self._later.start()

    def _highlight_some(self) -> None:
        """Highlight the next lines left for later, for a few milliseconds."""
        deadline = time.perf_counter() + SLICE_S
        block = self.document().findBlock(self._todo.position())
        while block.isValid() and time.perf_counter() < deadline:
            self.rehighlightBlock(block)
            block = block.next()
        if block.isValid():
            self._todo.setPosition(block.position())
            self._later.start()

    def highlightBlock(self, text: str) -> None:
        only = self._only
        if only is not None and not only[0] <= self.currentBlock().blockNumber() <= only[1]:
            self._state(text)
            return
        self._syntax(text)
        state, previous = self.currentBlockState(), self.previousBlockState()
        for start, end in self._misspellings(text, state, previous):
            self.setFormat(start, end - start, self.misspelled_format(self.format(start)))

    def _state(self, text: str) -> None:
        """The block state alone, as ``_syntax`` works it out."""
        previous = self.previousBlockState()
        if previous == FRONT_MATTER or (
            text.strip() == "---" and self.currentBlock().blockNumber() == 0
        ):
            closing = previous == FRONT_MATTER and text.strip() in ("---", "...")
            self.setCurrentBlockState(NORMAL if closing else FRONT_MATTER)
            return
        fence = FENCE.match(text) if "```" in text or "~~~" in text else None
        if previous == FENCED:
            self.setCurrentBlockState(NORMAL if fence else FENCED)
        else:
            self.setCurrentBlockState(FENCED if fence else NORMAL)

    def _syntax(self, text: str) -> None:
        # Each pattern runs only on a line holding the characters it needs: most lines are
        # prose that none matches, and this runs for every line of a text being opened.
        previous = self.previousBlockState()
        if previous == FRONT_MATTER or (
            text.strip() == "---" and self.currentBlock().blockNumber() == 0
        ):
            self.setFormat(0, len(text), self.formats["meta"])
            closing = previous == FRONT_MATTER and text.strip() in ("---", "...")
            self.setCurrentBlockState(NORMAL if closing else FRONT_MATTER)
            return
        fence = FENCE.match(text) if "```" in text or "~~~" in text else None
        if previous == FENCED:
            self.setFormat(0, len(text), self.formats["code"])
            self.setCurrentBlockState(NORMAL if fence else FENCED)
            return
        if fence:
            self.setFormat(0, len(text), self.formats["code"])
            self.setCurrentBlockState(FENCED)
            return
        self.setCurrentBlockState(NORMAL)
        if text.startswith("#") and HEADING.match(text):
            self.setFormat(0, len(text), self.formats["heading"])
            return
        if ">" in text and QUOTE.match(text):
            self.setFormat(0, len(text), self.formats["quote"])
        first = text.lstrip()[:1]
        marker = LIST.match(text) if first and (first in "*+-" or first.isdecimal()) else None
        if marker:
            self.setFormat(0, marker.end(), self.formats["list"])
        for name, pattern, needs in INLINE:
            if any(mark in text for mark in needs):
                for match in pattern.finditer(text):
                    self.setFormat(match.start(), match.end() - match.start(), self.formats[name])
