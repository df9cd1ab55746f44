"""Markdown syntax highlighting for the article editor: headings, emphasis, code (spans and fenced
blocks), links, quotes, list markers and front matter, and the misspelled words of prose lines.
Line by line, with the block state remembering whether a line is inside a fenced block or the
front matter, so a keystroke costs one line's work.

Not a QSyntaxHighlighter: after highlighting the line typed in, that one marks the line dirty
while the document is still signalling the keystroke, and the document merges the two into a
change reaching far past the line, so the plain-text layout repainted the whole editor after
every keystroke (Qt marks that path "optimization potential"). Here the formats of the lines a
change covers are set during its signal (they are laid out after it anyway), and any other
line is marked dirty by one character: the line typed in alone is laid out and repainted.

Misspellings are part of the line's formats, not extra selections: an editor draws each extra
selection by drawing its line again, and two hundred of them on screen tripled the cost of the
repaint after every keystroke. The words come from the speller's cache of checked lines (the
preview lane checks them); a line not checked yet has none until the editor asks again."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
)

from studio.domain.spelling import Speller

NORMAL, FENCED, FRONT_MATTER = 0, 1, 2
SLICE_S = 0.004  # lines left for later are highlighted this long per turn of the event loop
#: They start this long after the text is set: the first preview is rendered meanwhile, and
#: Python on the UI thread would take turns with it for the interpreter lock.
LATER_MS = 300

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


class MarkdownHighlighter(QObject):
    """Highlights ``document`` as it changes; ``speller`` (set by the editor) underlines the
    misspelled words of prose lines it has checked."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._document = document
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
        self.misspelled = QTextCharFormat()
        self.misspelled.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.misspelled.setUnderlineColor(QColor("#d00000"))
        self.speller: Speller | None = None
        self._only: tuple[int, int] | None = None  # while loading: the lines done in full
        self._todo = QTextCursor(document)  # the next line left for later (see load())
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._highlight_some)
        document.contentsChange.connect(self._changed)
        if not document.isEmpty():
            self.rehighlight()

    # -- what the editor calls -------------------------------------------------------------------

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
        self._later.start(LATER_MS)

    def rehighlight(self) -> None:
        block = self._document.begin()
        while block.isValid():
            self._highlight(block)
            block = block.next()

    def rehighlightBlock(self, block: QTextBlock) -> None:
        """Highlight ``block`` again (and the lines after it whose state it changes)."""
        while block.isValid() and self._highlight(block):
            block = block.next()

    def misspellings(self, block: QTextBlock) -> list[tuple[int, int]]:
        """Where the words of this line known to be misspelled are (none in code or front
        matter, or when the line has not been checked)."""
        previous = block.previous().userState() if block.previous().isValid() else -1
        return self._misspellings(block.text(), block.userState(), previous)

    # -- inside ----------------------------------------------------------------------------------

    def _changed(self, position: int, _removed: int, added: int) -> None:
        """The text changed from ``position``: its lines are highlighted, and the lines after
        them as long as their state changes (a fence opened or closed)."""
        document = self._document
        block = document.findBlock(position)
        last = document.findBlock(position + added)
        only = self._only
        end = last.blockNumber() if last.isValid() else document.blockCount()
        while block.isValid():
            number = block.blockNumber()
            if only is not None and not only[0] <= number <= only[1]:
                changed = self._set_state(block)
            else:
                # The lines the change covers are laid out again after this signal anyway
                # (with the formats set here); a line after them must be marked dirty.
                changed = self._highlight(block, dirty=number > end)
            if number >= end and not changed:
                break
            block = block.next()

    def _highlight_some(self) -> None:
        """Highlight the next lines left for later, for a few milliseconds."""
        deadline = time.perf_counter() + SLICE_S
        block = self._document.findBlock(self._todo.position())
        while block.isValid() and time.perf_counter() < deadline:
            self._highlight(block)
            block = block.next()
        if block.isValid():
            self._todo.setPosition(block.position())
            self._later.start(0)

    def _set_state(self, block: QTextBlock) -> bool:
        """The line's state alone; True when it changed."""
        state = self._state(block.text(), _previous_state(block), block.blockNumber())
        old = block.userState()
        block.setUserState(state)
        return state != old

    def _highlight(self, block: QTextBlock, dirty: bool = True) -> bool:
        """The line's formats and state; True when its state changed. ``dirty``: have the
        line laid out again (not needed for a line the text change being signalled covers:
        marked dirty during the signal, Qt's layout would take the change for one reaching
        far past the line, and repaint the whole editor)."""
        text = block.text()
        previous = _previous_state(block)
        ranges: list[QTextLayout.FormatRange] = []
        state = self._syntax(text, previous, block.blockNumber(), ranges)
        for start, end in self._misspellings(text, state, previous):
            ranges.append(_range(start, end - start, self.misspelled))
        old = block.userState()
        block.setUserState(state)
        layout = block.layout()
        if layout is not None and _differ(ranges, layout.formats()):
            # Set only when they differ: setting them marks the whole line changed, which
            # during a keystroke's signal has the whole editor repainted (see above).
            layout.setFormats(ranges)
            if dirty:  # one character: the line is laid out again and repainted, alone
                self._document.markContentsDirty(block.position(), 1)
        return state != old

    def _misspellings(self, text: str, state: int, previous: int) -> list[tuple[int, int]]:
        if self.speller is None or state != NORMAL or previous in (FENCED, FRONT_MATTER):
            return []
        if text.startswith(("    ", "\t")) or not text.strip():
            return []
        found = self.speller.checked(text)
        return [(start, end) for start, end, _word in found] if found else []

    @staticmethod
    def _state(text: str, previous: int, number: int) -> int:
        if previous == FRONT_MATTER or (text.strip() == "---" and number == 0):
            closing = previous == FRONT_MATTER and text.strip() in ("---", "...")
            return NORMAL if closing else FRONT_MATTER
        fence = FENCE.match(text) if "```" in text or "~~~" in text else None
        if previous == FENCED:
            return NORMAL if fence else FENCED
        return FENCED if fence else NORMAL

    def _syntax(
        self, text: str, previous: int, number: int, ranges: list[QTextLayout.FormatRange]
    ) -> int:
        """The line's state; its formats appended to ``ranges`` (later ones win where they
        overlap). Each pattern runs only on a line holding the characters it needs: most
        lines are prose that none matches."""
        formats = self.formats
        state = self._state(text, previous, number)
        if state == FRONT_MATTER or (previous == FRONT_MATTER and state == NORMAL):
            ranges.append(_range(0, len(text), formats["meta"]))
            return state
        if state == FENCED or previous == FENCED:
            ranges.append(_range(0, len(text), formats["code"]))
            return state
        if text.startswith("#") and HEADING.match(text):
            ranges.append(_range(0, len(text), formats["heading"]))
            return state
        if ">" in text and QUOTE.match(text):
            ranges.append(_range(0, len(text), formats["quote"]))
        first = text.lstrip()[:1]
        marker = LIST.match(text) if first and (first in "*+-" or first.isdecimal()) else None
        if marker:
            ranges.append(_range(0, marker.end(), formats["list"]))
        for name, pattern, needs in INLINE:
            if any(mark in text for mark in needs):
                for match in pattern.finditer(text):
                    ranges.append(_range(match.start(), match.end() - match.start(), formats[name]))
        return state


def _differ(new: list[QTextLayout.FormatRange], old: list[QTextLayout.FormatRange]) -> bool:
    return len(new) != len(old) or any(
        a.start != b.start or a.length != b.length or a.format != b.format
        for a, b in zip(new, old, strict=True)
    )


def _previous_state(block: QTextBlock) -> int:
    previous = block.previous()
    return previous.userState() if previous.isValid() else -1


def _range(start: int, length: int, format: QTextCharFormat) -> QTextLayout.FormatRange:
    found = QTextLayout.FormatRange()
    found.start, found.length, found.format = start, length, format
    return found
