"""A Markdown file given on the command line, shown while the workspace opens.

``studio FILE.md`` imports the file as a new draft and opens it in the article editor, but the
workspace must be open first (the database driver alone takes longer to load than the window).
Meanwhile this glance shows the file's text and its preview, read-only, rendered the way the
editor renders them (the same lane, renderer and block cache: the draft's preview is not
rendered again). The editor takes its place as soon as it shows the draft; if the file is
refused, the glance goes and the library says why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from studio.domain.markdown import BlockRenderer, Rendered, strip_front_matter
from studio.domain.textfile import read_text
from studio.editors.article.editor import FIRST_PART_LINES, PREVIEW_BLOCKS
from studio.editors.article.highlighter import MarkdownHighlighter
from studio.editors.article.markdown_edit import MarkdownEdit
from studio.editors.article.preview import ArticlePreview
from studio.tasks import Lane, Tasks
from studio.ui.i18n import tr

POLL_MS = 20  # how often the glance looks whether the editor has taken over
WAIT_MS = 1500  # the workspace opens after this at the latest, whatever the file


class FileGlance(QWidget):
    """The text and preview of ``path``, read-only. ``shown()`` is called once the first part of
    the preview is shown (or at once, the file unreadable; at the latest after ``WAIT_MS``);
    ``taken_over()`` says when the editor shows the draft; ``done()`` is then called (and when
    the import is over without one)."""

    def __init__(
        self,
        path: Path,
        tasks: Tasks,
        taken_over: Callable[[], bool],
        done: Callable[[], None],
        shown: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.taken_over = taken_over
        self.done = done
        self.note = QLabel(tr("Opening {name}…").format(name=path.name))
        self.note.setObjectName("glance-note")
        self.text = MarkdownEdit()
        self.text.setObjectName("glance-text")
        self.text.setReadOnly(True)
        self.text.setAccessibleName(tr("Article text (Markdown)"))
        self.highlighter = MarkdownHighlighter(self.text.document())
        self.preview = ArticlePreview()
        self.preview.setObjectName("glance-preview")
        self.preview.setAccessibleName(tr("Preview"))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.text)
        splitter.addWidget(self.preview)
        splitter.setSizes([560, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        self._lane = Lane(self)
        self._renderer = BlockRenderer(cache=PREVIEW_BLOCKS)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check)
        self._finished = False
        self._shown = shown
        QTimer.singleShot(WAIT_MS, self._say_shown)
        tasks.run(
            lambda: read_text(path), self._show, lambda _exc: self._say_shown(), "reading a file"
        )

    def _say_shown(self) -> None:
        shown, self._shown = self._shown, None
        if shown is not None:
            shown()

    def _show(self, text: str) -> None:
        """The file's text (without its front matter, as the draft will hold it)."""
        body, _lines = strip_front_matter(text)
        self.highlighter.load(lambda: self.text.setPlainText(body), 0)
        renderer = self._renderer
        self._lane.submit(
            lambda: renderer.render(body, until_line=FIRST_PART_LINES), self._first_part
        )

    def _first_part(self, rendered: Rendered) -> None:
        self.preview.show_blocks(rendered.blocks, rendered.lines, not rendered.complete)
        QTimer.singleShot(0, self._say_shown)  # once this turn's paint is done
        if not rendered.complete:
            body, renderer = self.text.toPlainText(), self._renderer
            self._lane.submit(lambda: renderer.render(body), self._whole)

    def _whole(self, rendered: Rendered) -> None:
        self.preview.show_blocks(rendered.blocks, rendered.lines)

    def import_over(self, opened: bool) -> None:
        """The import has been written: wait for the editor to show the draft, or (refused)
        give way now."""
        if opened:
            self._poll.start()
            self._check()
        else:
            self._finish()

    def _check(self) -> None:
        if self.taken_over():
            self._finish()

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        self._poll.stop()
        self._lane.close(0)
        self.done()
        self._dispose()

    def _dispose(self) -> None:
        """Deleted once its lane is idle: deleting a thread pool waits for its work, which
        would stall the UI thread for the rest of a render."""
        if self._lane.busy():
            QTimer.singleShot(100, self._dispose)
        else:
            self.deleteLater()
