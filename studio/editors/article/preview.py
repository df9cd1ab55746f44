"""The article preview: a SafeBrowser that replaces only the blocks of the document that changed.

Setting the whole HTML of a 150 KB article costs 50–150 ms on the UI thread (parsing it, then
laying out every line again), on every refresh. The renderer gives the document as a list of
top-level blocks (studio/domain/markdown.py, ``Rendered.blocks``); this widget keeps the list it
shows and, for a new one, replaces only the stretch between the blocks that stayed the same at
the start and at the end: one selection removed and the new blocks' HTML inserted through a
QTextCursor, which Qt lays out alone (a few ms). When most blocks changed, or the document is a
single block (rendered whole), it is set whole.

Where each block lies in the document is kept as its length in characters: its own content and
the paragraph separator after it. The document always starts with an empty block of no height
(the "head"): every block then has a separator before it, which is where a new block is
inserted (see ``_insert``), so no block's format is ever taken by its neighbour.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from itertools import accumulate

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import (
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import QWidget

from studio.ui.safe_browser import Resolver, SafeBrowser

#: Past this share of the blocks changed (and this many), the document is built anew.
WHOLE_SHARE = 0.5
WHOLE_MIN = 40
#: A document built anew is built this long per turn of the event loop (the first part shows
#: at once, the rest follows while the editor stays responsive).
SLICE_S = 0.008


class ArticlePreview(SafeBrowser):
    """``show_blocks(blocks, lines)`` shows the document made of those rendered blocks (each
    from that line of the source); ``scroll_to_line`` puts a line's block at the top.
    ``filled`` fires when a document built anew has all its blocks (it is built a slice at a
    time)."""

    filled = Signal()

    def __init__(self, resolver: Resolver | None = None, parent: QWidget | None = None) -> None:
        super().__init__(resolver, parent)
        self._blocks: list[str] = []
        self._lines: list[int] = []  # the source line where each block starts
        self._lengths: list[int] = []  # characters of each block, its trailing separator too
        self._starts: list[int] | None = None  # where each block starts, worked out when asked
        self._whole = True  # the document was set whole: no block positions known
        self._target: list[str] | None = None  # while building: the blocks to have
        self._parsed = QTextDocument(self)  # each block's HTML is parsed here, then inserted
        self._parsed.setDefaultStyleSheet(self.document().defaultStyleSheet())
        self._build = QTimer(self)
        self._build.setSingleShot(True)
        self._build.setInterval(0)
        self._build.timeout.connect(self._build_some)
        self.replaced_blocks = 0  # blocks inserted by the last update, for tests and benches

    def blocks(self) -> list[str]:
        """The HTML of the blocks shown, in order."""
        return list(self._blocks)

    def building(self) -> bool:
        """Whether a document built anew still lacks blocks."""
        return self._target is not None

    def show_html(self, html: str) -> None:
        self._target = None
        self._build.stop()
        self._blocks, self._lines, self._lengths, self._whole = [html], [0], [], True
        self._starts = None
        self.replaced_blocks = 1
        super().show_html(html)

    def show_blocks(
        self, blocks: list[str], lines: list[int] | None = None, first_part: bool = False
    ) -> None:
        """Show the document made of ``blocks`` (each a rendered top-level block's HTML, from
        the source line of the same rank in ``lines``), replacing only those that differ from
        what is shown. ``first_part``: the blocks are the start of a document, the rest to
        come: nothing changes when what is shown starts with them (the same article again)."""
        old = self._blocks
        having = self._target if self._target is not None else old
        if first_part and not self._whole and having[: len(blocks)] == blocks:
            return
        if len(blocks) <= 1 and not first_part:
            self.show_html("\n".join(blocks))
            return
        self._lines = list(lines) if lines is not None else list(range(len(blocks)))
        self._starts = None
        if self._target is not None:
            # Still building: what is built and differs from the new blocks goes, the rest
            # of them follows.
            same, built = 0, len(old)
            while same < built and same < len(blocks) and old[same] == blocks[same]:
                same += 1
            if same < built:
                self._replace(same, built, [])
            self._target = blocks
            self._build.start()
            return
        n, m = len(old), len(blocks)
        head = 0
        while head < n and head < m and old[head] == blocks[head]:
            head += 1
        tail = 0
        while tail < n - head and tail < m - head and old[n - 1 - tail] == blocks[m - 1 - tail]:
            tail += 1
        removed, added = n - head - tail, m - head - tail
        if removed == 0 and added == 0 and not self._whole:
            self.replaced_blocks = 0
            return
        if not self._whole and removed == 0 and head == n:
            self._target = blocks  # blocks added at the end (the rest of a first part)
            self._build_some()
            return
        if self._whole or removed + added > max(WHOLE_MIN, WHOLE_SHARE * m):
            self._rebuild(blocks)
            return
        self._replace(head, n - tail, blocks[head : m - tail])

    def reload_resource(self, name: str) -> None:
        """A resource (an image) ``name`` refers to has arrived: the document forgets what it
        was told before (nothing) and the blocks that use it are inserted again."""
        document = self.document()
        if self._whole:
            html = self._blocks[0] if self._blocks else ""
            if name in html:
                self.show_html(html)  # setHtml clears the document's resources
            return
        kind = QTextDocument.ResourceType.ImageResource.value
        document.addResource(kind, QUrl(name), self.loadResource(kind, QUrl(name)))
        for index, html in enumerate(self._blocks):
            if name in html:
                self._replace(index, index + 1, [html])

    def scroll_to_line(self, line: float) -> bool:
        """Scroll so that what source line ``line`` (from 0; a fraction goes part way to the
        next) shows is at the top; False when the document was set whole (no blocks known)."""
        if self._whole or not self._lengths:
            return False
        k = bisect_right(self._lines, line) - 1
        bar = self.verticalScrollBar()
        if k < 0:
            bar.setValue(0)
            return True
        if k >= len(self._lengths):  # not built yet
            bar.setValue(bar.maximum())
            return True
        top = self._block_top(k)
        if k + 1 < len(self._lengths):
            bottom, span = self._block_top(k + 1), self._lines[k + 1] - self._lines[k]
        else:
            bottom, span = self.document().size().height(), 1
        within = min(1.0, (line - self._lines[k]) / max(1, span))
        bar.setValue(round(top + within * (bottom - top)))
        return True

    def _block_top(self, k: int) -> float:
        if self._starts is None:
            self._starts = list(accumulate(self._lengths, initial=1))
        document = self.document()
        block = document.findBlock(self._starts[k])
        return document.documentLayout().blockBoundingRect(block).top()

    # -- inside -------------------------------------------------------------------------------

    def _rebuild(self, blocks: list[str]) -> None:
        """Build the document anew: as many blocks as a slice of time allows now, the others
        on the next turns of the event loop."""
        document = self.document()
        document.clear()
        QTextCursor(document).setBlockFormat(_head_format())
        self._blocks, self._lengths = [], []
        self._whole = False
        self._target = blocks
        self.replaced_blocks = len(blocks)
        self._build_some()

    def _build_some(self) -> None:
        target = self._target
        if target is None:
            return
        deadline = time.perf_counter() + SLICE_S
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        position = 1 + sum(self._lengths)
        document = self.document()
        while len(self._blocks) < len(target) and time.perf_counter() < deadline:
            html = target[len(self._blocks)]
            before = document.characterCount()
            _insert(cursor, position, html, self._parsed)
            length = document.characterCount() - before
            self._blocks.append(html)
            self._lengths.append(length)
            position += length
        cursor.endEditBlock()
        self._starts = None
        if len(self._blocks) < len(target):
            self._build.start()
        else:
            self._target = None
            self.filled.emit()

    def _replace(self, first: int, end: int, new: list[str]) -> None:
        """Blocks ``first`` to ``end`` (excluded) replaced by ``new``."""
        bar = self.verticalScrollBar()
        value = bar.value()
        document = self.document()
        start = 1 + sum(self._lengths[:first])  # after the head block
        size = sum(self._lengths[first:end])
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        if size:
            # From the separator before the first block to just before the last one's own
            # separator: the block before keeps its text and format, the one after its own.
            cursor.setPosition(start - 1)
            cursor.setPosition(start - 1 + size, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        del self._blocks[first:end]
        del self._lengths[first:end]
        self._insert_all(cursor, first, new)
        cursor.endEditBlock()
        self.replaced_blocks = len(new)
        bar.setValue(min(value, bar.maximum()))

    def _insert_all(self, cursor: QTextCursor, index: int, blocks: list[str]) -> None:
        document = self.document()
        position = 1 + sum(self._lengths[:index])
        for offset, html in enumerate(blocks):
            before = document.characterCount()
            _insert(cursor, position, html, self._parsed)
            length = document.characterCount() - before
            self._blocks.insert(index + offset, html)
            self._lengths.insert(index + offset, length)
            position += length


def _head_format() -> QTextBlockFormat:
    """The empty first block: no height, no margins."""
    head = QTextBlockFormat()
    head.setLineHeight(0, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    head.setTopMargin(0)
    head.setBottomMargin(0)
    return head


def _insert(cursor: QTextCursor, position: int, html: str, parsed: QTextDocument) -> None:
    """One block's HTML inserted as a block of its own before the block at ``position`` (which
    has a separator before it: the head's, or the previous block's). ``parsed`` is a scratch
    document of the preview's (its resources are asked of the preview, as its own are)."""
    parsed.setHtml(html)
    cursor.setPosition(position - 1)  # the end of the block before, ahead of its separator
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
    cursor.insertFragment(QTextDocumentFragment(parsed))
    document = cursor.document()
    first = document.findBlock(position)
    if first.blockFormat() != QTextBlockFormat():
        return
    if first.length() == 1 and first.next().isValid() and first.next().position() == position + 1:
        # Qt puts a list or a table after the empty block it was inserted into, where the
        # whole document's HTML has none: the empty block goes (merged into the one before).
        fix = QTextCursor(document)
        fix.setPosition(position - 1)
        fix.deleteChar()
    else:
        # The fragment's first block took the format of the block it went into (margins of a
        # paragraph or heading lost): it gets its own back.
        fix = QTextCursor(first)
        fix.setBlockFormat(parsed.begin().blockFormat())
