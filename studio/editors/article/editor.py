"""The article editor: Markdown with highlighting, an outline that navigates, a safe live preview
rendered off the UI thread, word count and reading time, and autosave.

Autosave: a change is written to the workspace after a short pause in typing, and at the latest
``MAX_WAIT_MS`` after the first unsaved keystroke even while typing goes on, so a crash loses at
most about a second. The cursor is kept beside the text (recovery.py). Saving never touches the
editor's document, so undo and redo are never broken by it; a change arriving from the sync is
applied as one edit through the cursor, which undo can step over too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QShortcut,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio.collector import set_aside_caches
from studio.domain.lexicon import Hit, Lexicon, blocking_reason, compile_lexicon
from studio.domain.markdown import BlockRenderer, Counter, Counts, Heading, Rendered, counts
from studio.domain.spelling import Misspelling, Speller
from studio.domain.spelling import preload as preload_spelling
from studio.domain.spelling import ready as spelling_ready
from studio.editors.article import recovery
from studio.editors.article.details import DetailsPanel
from studio.editors.article.find_bar import FindBar
from studio.editors.article.highlighter import MarkdownHighlighter
from studio.editors.article.markdown_edit import MarkdownEdit
from studio.editors.article.preview import ArticlePreview
from studio.tasks import Lane
from studio.ui.context import PageContext
from studio.ui.errors import describe_error
from studio.ui.i18n import tr

if TYPE_CHECKING:
    from studio.store.models import Article
    from studio.store.workspace import Changes

log = logging.getLogger(__name__)

PAUSE_MS = 300  # save after this pause in typing
MAX_WAIT_MS = 600  # and at the latest this long after the first unsaved change
RENDER_PAUSE_MS = 250  # re-render the preview after this pause
SLOW_RENDER_MS = 2000  # past this, say the preview shows the last good render
#: Blocks rendered by any article preview of this process (the editors' and the file glance's,
#: each on its own lane): a file shown while the workspace opens is not rendered again when its
#: draft opens. Entries are exact for their keys (see BlockRenderer), so sharing is safe.
PREVIEW_BLOCKS: dict[str, str] = {}
FIRST_PART_LINES = 60  # an article opened shows its preview this many lines past the cursor first


@dataclass(frozen=True)
class Checked:
    """What the preview lane works out from one version of the text."""

    rendered: Rendered
    counts: Counts
    hits: list[Hit]
    speller: Speller | None  # None while its word list loads
    misspelled: int  # how many words are misspelled (the words: ArticleEditor._misspelled)


class ArticleEditor(QWidget):
    """Edits one article at a time. ``closed`` asks the page to show the library again."""

    closed = Signal()
    saved = Signal(str)  # article id, after each successful save

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.workspace = context.workspace
        self.article_id = ""
        self._saved_title = ""
        self._saved_body = ""
        self._saving = False
        self._dirty = False
        self._reload_after_save = False
        self._loading = False
        self._title_first = False
        self._renderer = BlockRenderer(cache=PREVIEW_BLOCKS)
        self._settled: bool | None = None  # False: an article just opened (see _rendered)
        self._counter = Counter()  # used on the lane only
        self._lane = Lane(self)
        self._headings: list[Heading] = []

        self.back = QPushButton()
        self.back.clicked.connect(lambda _c=False: self.close_article())
        self.title = QLineEdit()
        self.title.setObjectName("article-title")
        self.status = QLabel()
        header = QHBoxLayout()
        header.addWidget(self.back)
        header.addWidget(self.title, 1)
        header.addWidget(self.status)
        self.details_button = QPushButton()
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(lambda on: self.details.setVisible(on))
        header.addWidget(self.details_button)
        self.history_button = QPushButton()
        self.history_button.clicked.connect(lambda _c=False: self.show_history())
        header.addWidget(self.history_button)
        self.details = DetailsPanel()
        self.details.hide()
        self.details.changed.connect(self._save_details)
        self.details.move_requested.connect(self._move)
        self._role = ""
        self._lexicon = compile_lexicon([])
        self._speller: Speller | None = None
        self._hits: list[Hit] = []
        self._spellers: dict[tuple[str, tuple[str, ...]], Speller] = {}  # used on the lane only
        self._loading_languages: set[str] = set()
        self._blocked = ""  # why the lexicon blocks review, "" when it does not

        self.outline = QListWidget()
        self.outline.setObjectName("article-outline")
        self.outline.itemActivated.connect(self._go_to_heading)
        self.outline.itemClicked.connect(self._go_to_heading)
        self.text = MarkdownEdit()
        self.text.setObjectName("article-body")
        self.text.setTabChangesFocus(False)
        self.highlighter = MarkdownHighlighter(self.text.document())
        self.text.image_pasted.connect(self._attach_image)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._context_menu)
        self._images: dict[str, tuple[str, bytes] | None] = {}  # sha256 -> file, None: asked
        self.preview = ArticlePreview(self._attachment)
        self.preview.setObjectName("article-preview")
        self.preview.filled.connect(lambda: self._follow_scroll(0))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(self.text)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([160, 560, 560])

        self.counts = QLabel()
        self.counts.setObjectName("article-counts")
        self.save_state = QLabel()
        self.save_state.setObjectName("article-save-state")
        self.lexicon_state = QLabel()
        self.lexicon_state.setObjectName("article-lexicon")
        self.preview_state = QLabel()
        self.preview_state.setObjectName("article-preview-state")
        footer = QHBoxLayout()
        footer.addWidget(self.counts)
        footer.addStretch(1)
        footer.addWidget(self.lexicon_state)
        footer.addWidget(self.preview_state)
        footer.addWidget(self.save_state)

        self.find_bar = FindBar(self.text)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.details)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.find_bar)
        layout.addLayout(footer)

        self._pause = self._timer(PAUSE_MS, self.save_now)
        self._max_wait = self._timer(MAX_WAIT_MS, self.save_now)
        self._render_pause = self._timer(RENDER_PAUSE_MS, self._render)
        self._slow = self._timer(SLOW_RENDER_MS, self._render_is_slow)
        self.text.textChanged.connect(self._edited)
        self.title.textEdited.connect(lambda _t: self._edited())
        self.text.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        self._remark = self._timer(80, self._apply_marks)
        #: Other marks drawn with the lexicon's (review comments' passages, review.py): the
        #: selections for the positions from..to on and near the screen; refresh_marks() asks.
        self.more_marks: Callable[[int, int], list[QTextEdit.ExtraSelection]] = lambda _f, _t: []
        self.refresh_marks = self._remark.start
        self.text.verticalScrollBar().valueChanged.connect(lambda _v: self._remark.start())
        self.text.cursorPositionChanged.connect(self._remember_cursor_soon)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_revision)
        QShortcut(QKeySequence("Escape"), self, self._escape)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.find_bar.open)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Replace), self, lambda: self.find_bar.open(True)
        )
        if QKeySequence("Ctrl+H") not in QKeySequence.keyBindings(QKeySequence.StandardKey.Replace):
            QShortcut(QKeySequence("Ctrl+H"), self, lambda: self.find_bar.open(True))
        QShortcut(QKeySequence(QKeySequence.StandardKey.FindNext), self, self.find_bar.find_next)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.FindPrevious),
            self,
            lambda: self.find_bar.find_next(backward=True),
        )
        QShortcut(QKeySequence("Ctrl+Shift+F"), self, self.toggle_focus_mode)
        QShortcut(QKeySequence("Ctrl+Shift+H"), self, self.show_history)
        QShortcut(QKeySequence("Ctrl+Shift+D"), self, self.details_button.toggle)
        context.on_changes(self._on_changes)
        self.retranslate_ui()

    def _timer(self, msecs: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(slot)
        return timer

    def retranslate_ui(self) -> None:
        self.back.setText(tr("← Articles"))
        self.back.setToolTip(tr("Back to the list (Esc); your text is saved"))
        self.details_button.setText(tr("Details"))
        self.details_button.setToolTip(
            tr("Slug, summary, tags, language, publish time and status (Ctrl+Shift+D)")
        )
        self.history_button.setText(tr("History…"))
        self.history_button.setToolTip(
            tr("Revisions, differences and restore (Ctrl+Shift+H); Ctrl+S keeps a revision")
        )
        self.title.setPlaceholderText(tr("Title"))
        self.title.setAccessibleName(tr("Title"))
        self.text.setAccessibleName(tr("Article text (Markdown)"))
        self.preview.setAccessibleName(tr("Preview"))
        self.outline.setAccessibleName(tr("Outline"))

    # -- opening and closing -------------------------------------------------------------------

    def open_article(self, article_id: str, title_first: bool = False) -> None:
        """Show the article; the cursor goes where it was (or, for a new one, to the title)."""
        self.flush()
        self._title_first = title_first
        self.article_id = article_id
        self._loading = True
        self.save_state.setText(tr("Opening…"))
        workspace = self.workspace
        # On the writer thread, after the saves queued before it: the text and cursor read are
        # those last saved, even when the article was left a moment ago.
        self.context.tasks.write(
            lambda: (
                workspace.article(article_id),
                recovery.cursor(workspace, article_id),
                workspace.role(),
                workspace.lexicon(),
            ),
            lambda found: self._show(*found),
            self._failed_to_open,
            what="opening the article",
        )

    def _show(self, article: Article, cursor: int | None, role: str, lexicon: Lexicon) -> None:
        if article.id != self.article_id:
            return  # another article was asked for meanwhile
        self._role = role
        self._lexicon = lexicon
        self.details.load(article, role)
        self._saved_title, self._saved_body = article.title, article.body
        self.title.setText(article.title)
        self.text.setExtraSelections([])  # the last article's marks would slow the load
        self._hits = []
        position = min(cursor if cursor is not None else 0, len(article.body))
        # A new document (its own undo history), the lines about to show highlighted first.
        self.highlighter.load(
            lambda: self.text.setPlainText(article.body), article.body.count("\n", 0, position)
        )
        self._loading = False
        self._dirty = False
        moved = self.text.textCursor()
        moved.setPosition(position)
        self.text.setTextCursor(moved)
        self.text.centerCursor()
        if self._title_first:
            self.title.selectAll()
            self.title.setFocus()
        else:
            self.text.setFocus()
        self._show_status(article.status)
        self.save_state.setText(tr("Saved"))
        self._settled = False
        self._render(first_part=True)

    def _failed_to_open(self, exc: BaseException) -> None:
        self._loading = False
        self.save_state.setText(describe_error(exc))

    def _save_details(self, fields: dict[str, Any]) -> None:
        workspace, article_id = self.workspace, self.article_id
        self.context.tasks.write(
            lambda: workspace.save_article(article_id, **fields),
            lambda _r: self.save_state.setText(tr("Saved")),
            lambda exc: self.details.refuse(next(iter(fields)), describe_error(exc)),
            what="saving the article's details",
        )
        if "language" in fields:
            self._render()  # spelling follows the article's language

    def _move(self, status: str) -> None:
        self.flush()
        workspace, article_id = self.workspace, self.article_id
        self.context.tasks.write(
            lambda: workspace.set_article_status(article_id, status),
            None,
            lambda exc: self.details.refuse("status", describe_error(exc)),
            what="moving the article",
        )

    def show_history(self) -> None:
        if not self.article_id:
            return
        from studio.editors.article.history import HistoryDialog

        self.flush()
        dialog = HistoryDialog(self.context, self.article_id, self.text.toPlainText(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_state.setText(tr("Revision restored")))
        dialog.open()

    def _escape(self) -> None:
        """Esc: leave the find bar, then focus mode, then the article."""
        if self.find_bar.isVisible():
            self.find_bar.close_bar()
        elif not self.preview.isVisible():
            self.toggle_focus_mode()
        else:
            self.close_article()

    def toggle_focus_mode(self) -> None:
        """Only the text: no outline, no preview (Ctrl+Shift+F, Esc to leave)."""
        focus = self.preview.isVisible()
        self.outline.setVisible(not focus)
        self.preview.setVisible(not focus)
        self.text.setFocus()
        if not focus:
            self._render()

    def close_article(self) -> None:
        self.flush()
        self.closed.emit()

    def _show_status(self, status: str) -> None:
        from studio.editors.article.page import status_name

        self.status.setText(status_name(status))

    # -- autosave ------------------------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading or not self.article_id:
            return
        self._dirty = True
        self.save_state.setText(tr("Editing…"))
        self._pause.start()
        if not self._max_wait.isActive():
            self._max_wait.start()
        self._render_pause.start()

    def flush(self) -> None:
        """Save what is unsaved now (leaving the article, closing the window)."""
        if self._dirty:
            self.save_now()

    def save_now(self) -> None:
        self._pause.stop()
        self._max_wait.stop()
        if not self._dirty or not self.article_id:
            return
        if self._saving:
            self._pause.start()  # the write in flight finishes first; this one follows
            return
        title, body = self.title.text(), self.text.toPlainText()
        fields: dict[str, Any] = {}
        if body != self._saved_body:
            fields["body"] = body
        if title.strip() and title != self._saved_title:
            fields["title"] = title
        self._dirty = False
        if not fields:
            self.save_state.setText(tr("Saved") if title.strip() else tr("A title is needed"))
            return
        self._saving = True
        self.save_state.setText(tr("Saving…"))
        workspace, article_id = self.workspace, self.article_id
        position = self.text.textCursor().position()

        def write() -> None:
            workspace.save_article(article_id, **fields)
            recovery.keep_cursor(workspace, article_id, position)

        self.context.tasks.write(
            write,
            lambda _r: self._saved(article_id, fields),
            lambda exc: self._save_failed(fields, exc),
            what="saving the article",
        )

    def _saved(self, article_id: str, fields: dict[str, Any]) -> None:
        self._saving = False
        if article_id != self.article_id:
            return
        self._saved_body = fields.get("body", self._saved_body)
        self._saved_title = fields.get("title", self._saved_title)
        if not self._dirty:
            self.save_state.setText(tr("Saved"))
        self.saved.emit(article_id)
        if self._reload_after_save and not self._dirty:
            self._reload_after_save = False
            self._reload()

    def _save_failed(self, fields: dict[str, Any], exc: BaseException) -> None:
        self._saving = False
        self._dirty = True  # still unsaved: the next pause tries again
        self.save_state.setText(tr("Not saved: {reason}").format(reason=describe_error(exc)))
        log.warning("autosave failed: %s", exc)

    def save_revision(self) -> None:
        """Ctrl+S: keep a named revision (after saving what is unsaved)."""
        if not self.article_id:
            return
        self.flush()
        workspace, article_id = self.workspace, self.article_id
        self.context.tasks.write(
            lambda: workspace.save_article_revision(article_id),
            lambda _r: self.save_state.setText(tr("Revision kept")),
            lambda exc: self.save_state.setText(describe_error(exc)),
            what="keeping a revision",
        )

    def _remember_cursor_soon(self) -> None:
        # The cursor is saved with the text; a move alone is kept at the next pause.
        if not self._loading and self.article_id and not self._dirty:
            self._pause.start()

    # -- changes from elsewhere (the sync) -----------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        if self.article_id and changes.ids("lexicon_term"):
            workspace = self.workspace
            self.context.tasks.run(workspace.lexicon, self._new_lexicon, what="reading the lexicon")
        if self.article_id and self.article_id in changes.ids("article") and not self._saving:
            if self._dirty:
                self._reload_after_save = True
            else:
                self._reload()

    def _reload(self) -> None:
        workspace, article_id = self.workspace, self.article_id
        self.context.tasks.run(
            lambda: workspace.article(article_id),
            self._apply_external,
            lambda exc: self.save_state.setText(describe_error(exc)),
            what="reading the article",
        )

    def _apply_external(self, article: Article) -> None:
        if article.id != self.article_id or self._dirty or self._saving:
            return
        self._show_status(article.status)
        if not self.details.isAncestorOf(self.focusWidget()):
            self.details.load(article, self._role)  # not while the user is in a field
        if article.title != self._saved_title:
            self._saved_title = article.title
            self.title.setText(article.title)
        if article.body == self._saved_body:
            return
        # One edit spanning what differs, through the cursor: the undo history stays whole.
        current = self.text.toPlainText()
        start, end_old, end_new = _changed_span(current, article.body)
        self._loading = True
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end_old, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(article.body[start:end_new])
        self._loading = False
        self._saved_body = article.body
        self._render()

    # -- preview, outline, counts --------------------------------------------------------------

    def _render(self, first_part: bool = False) -> None:
        """Render the preview (and count, spell-check and lexicon-check the text) on the lane.
        ``first_part``: a text just opened shows the blocks up to a screenful or so past the
        cursor first (exactly as the whole renders them), then the whole."""
        if not self.preview.isVisible() and self.isVisible():
            self._update_counts_only()
            return
        text = self.text.toPlainText()
        renderer, lexicon, counter = self._renderer, self._lexicon, self._counter
        if first_part:
            until = self.text.textCursor().blockNumber() + FIRST_PART_LINES
            self._slow.start()
            self._lane.submit(
                lambda: renderer.render(text, until_line=until),
                self._first_part_rendered,
                self._render_failed,
            )
            return
        fields = {"title": self.title.text(), "summary": self.details.summary.text(), "body": text}
        language = self.details.language.currentText() or "en"
        personal = tuple(self.context.settings.personal_words())
        key = (language, personal)
        spellers = self._spellers
        if not spelling_ready(language) and language not in self._loading_languages:
            # The word list loads beside the preview, not in front of it (0.3–0.7 s).
            self._loading_languages.add(language)
            self.context.tasks.run(
                lambda: preload_spelling(language),
                lambda _r: self._render(),
                what="loading a spelling dictionary",
            )

        def work() -> Checked:
            rendered, figures = renderer.render(text), counter.count(text)
            hits = lexicon.check(fields)
            if not spelling_ready(language):
                return Checked(rendered, figures, hits, None, 0)
            speller = spellers.get(key)
            if speller is None:  # one per language: it remembers the lines it checked
                speller = spellers[key] = Speller(language, personal)
            # Checked for its cache of lines, which the highlighter draws from.
            return Checked(rendered, figures, hits, speller, speller.count(text))

        self._slow.start()
        self._lane.submit(work, self._rendered, self._render_failed)

    def _new_lexicon(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        self._render()

    def _first_part_rendered(self, rendered: Rendered) -> None:
        self.preview.show_blocks(rendered.blocks, rendered.lines, not rendered.complete)
        self._follow_scroll(self.text.verticalScrollBar().value())
        self._render()

    def _rendered(self, result: Checked) -> None:
        if self._settled is False:
            # An article just opened has made its caches (rendered blocks, checked lines,
            # counts): long-lived objects that every full collection would walk again, 80-200
            # ms on the UI thread in the middle of typing (studio/collector.py).
            self._settled = True
            set_aside_caches()
        rendered, figures, hits = result.rendered, result.counts, result.hits
        self._speller = result.speller
        self.highlighter.speller = result.speller
        self._slow.stop()
        self.preview.show_blocks(rendered.blocks, rendered.lines)
        self._follow_scroll(self.text.verticalScrollBar().value())
        self.preview_state.setText(rendered.problem)
        self._show_outline(rendered.headings)
        self._show_counts(figures)
        self._show_hits(hits)

    def _show_hits(self, hits: list[Hit]) -> None:
        """Lexicon hits underlined in the text, counted in the footer; a blocking one stops the
        move to review (the menu says why)."""
        self._hits = hits
        self._apply_marks()
        blocking = sum(1 for h in hits if h.blocking)
        self._blocked = blocking_reason(hits)
        if hits:
            self.lexicon_state.setText(
                tr("Lexicon: %n hit(s)", "", len(hits))
                + (", " + tr("%n blocking", "", blocking) if blocking else "")
            )
            self.lexicon_state.setToolTip(
                "\n".join(f"{h.term.severity}: “{h.text}” ({h.field})" for h in hits[:30])
            )
        else:
            self.lexicon_state.clear()
            self.lexicon_state.setToolTip("")
        self.details.set_blocked(self._blocked)

    def _visible_blocks(self, margin: int = 10) -> list[QTextBlock]:
        """The lines on screen, with ``margin`` lines either side."""
        first = self.text.firstVisibleBlock()
        if not first.isValid():
            return []
        out: list[QTextBlock] = []
        block = first
        for _ in range(margin):
            if not block.previous().isValid():
                break
            block = block.previous()
        height = self.text.viewport().height()
        offset = self.text.contentOffset()
        after = 0
        while block.isValid() and after < margin:
            out.append(block)
            if self.text.blockBoundingGeometry(block).translated(offset).top() > height:
                after += 1
            block = block.next()
        return out

    def _apply_marks(self) -> None:
        """Underline lexicon hits and misspellings on and near the screen.

        Misspellings are drawn by the highlighter (see highlighter.py): the lines shown whose
        underlines differ from what the speller now knows are highlighted again. Lexicon hits
        are extra selections, only near the screen (each one costs a redraw of its line)."""
        lines = self._visible_blocks()
        if not lines:
            self.text.setExtraSelections([])
            return
        spell = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
        for block in lines:
            want = self.highlighter.misspellings(block)
            layout = block.layout()
            have = [
                (r.start, r.start + r.length)
                for r in (layout.formats() if layout is not None else [])
                if r.format.underlineStyle() == spell
            ]
            if want != have:
                self.highlighter.rehighlightBlock(block)
        low = lines[0].position()
        high = lines[-1].position() + lines[-1].length()
        colours = {"high": "#cc0000", "medium": "#e07000", "low": "#c4a000"}
        size = self.text.document().characterCount()
        selections = []
        for hit in self._hits:
            if hit.field != "body" or hit.end > size or hit.end < low or hit.start > high:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            selection.format.setUnderlineColor(QColor(colours.get(hit.term.severity, "#cc0000")))
            selection.format.setToolTip(
                tr("Lexicon ({severity}): {pattern}").format(
                    severity=hit.term.severity, pattern=hit.term.pattern
                )
            )
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(hit.start)
            cursor.setPosition(hit.end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        selections += self.more_marks(low, high)
        if selections or self.text.extraSelections():
            self.text.setExtraSelections(selections)

    def _update_counts_only(self) -> None:
        text = self.text.toPlainText()
        self._lane.submit(lambda: counts(text), self._show_counts)

    def _show_counts(self, figures: Counts) -> None:
        self.counts.setText(
            tr("%n word(s)", "", figures.words) + " · " + tr("%n min read", "", figures.minutes)
        )

    def _render_failed(self, exc: BaseException) -> None:
        self._slow.stop()
        self.preview_state.setText(
            tr("The preview failed ({reason}); it shows the last good one.").format(
                reason=describe_error(exc)
            )
        )

    def _render_is_slow(self) -> None:
        self.preview_state.setText(
            tr("This text takes long to preview; showing the last good one.")
        )

    def _show_outline(self, headings: list[Heading]) -> None:
        if [(h.level, h.text, h.line) for h in headings] == [
            (h.level, h.text, h.line) for h in self._headings
        ]:
            return
        self._headings = headings
        self.outline.clear()
        for heading in headings:
            item = QListWidgetItem("  " * (heading.level - 1) + heading.text)
            item.setData(Qt.ItemDataRole.UserRole, heading.line)
            item.setToolTip(heading.text)
            self.outline.addItem(item)

    def _go_to_heading(self, item: QListWidgetItem) -> None:
        line = int(item.data(Qt.ItemDataRole.UserRole))
        block = self.text.document().findBlockByNumber(line)
        if not block.isValid():
            return
        cursor = self.text.textCursor()
        cursor.setPosition(block.position())
        self.text.setTextCursor(cursor)
        # Put the heading at the top of the editor, as a reader of the outline expects.
        self.text.verticalScrollBar().setValue(self.text.verticalScrollBar().maximum())
        self.text.ensureCursorVisible()
        self.text.setFocus()

    def _follow_scroll(self, value: int) -> None:
        """The preview shows the block of the editor's first line at its top (in proportion
        when the preview was rendered whole)."""
        block = self.text.firstVisibleBlock()
        if block.isValid():
            geometry = self.text.blockBoundingGeometry(block).translated(self.text.contentOffset())
            within = -geometry.top() / geometry.height() if geometry.height() > 0 else 0.0
            if self.preview.scroll_to_line(block.blockNumber() + max(0.0, min(1.0, within))):
                return
        bar = self.text.verticalScrollBar()
        if bar.maximum() <= 0:
            return
        other = self.preview.verticalScrollBar()
        other.setValue(round(value / bar.maximum() * other.maximum()))

    def _attachment(self, sha256: str) -> tuple[str, bytes] | None:
        """The preview asks for an image: from memory, else read off the UI thread and shown
        when it arrives."""
        if sha256 in self._images:
            return self._images[sha256]
        self._images[sha256] = None
        workspace = self.workspace
        self.context.tasks.run(
            lambda: workspace.attachment(sha256),
            lambda found: self._image_arrived(sha256, found),
            what="reading an image",
        )
        return None

    def _image_arrived(self, sha256: str, found: tuple[str, bytes] | None) -> None:
        if found is not None:
            self._images[sha256] = found
            # The blocks showing it are inserted again: the preview asks for it anew.
            self.preview.reload_resource(f"attachment:{sha256}")

    @property
    def _misspelled(self) -> list[Misspelling]:
        """Every misspelled word of the text, as the highlighter underlines them (worked out
        when asked: a list of thousands kept after each render made every collection of the
        garbage collector go through them)."""
        found = []
        block = self.text.document().begin()
        while block.isValid():
            position = block.position()
            text = block.text()
            found.extend(
                Misspelling(position + start, position + end, text[start:end])
                for start, end in self.highlighter.misspellings(block)
            )
            block = block.next()
        return found

    def misspelled_at(self, position: int) -> Misspelling | None:
        block = self.text.document().findBlock(position)
        if not block.isValid():
            return None
        at = block.position()
        speller = self._speller
        if speller is not None and speller.checked(block.text()) is None:
            speller.check(block.text())  # a line edited since the last check: one line's work
        for start, end in self.highlighter.misspellings(block):
            if at + start <= position <= at + end:
                return Misspelling(at + start, at + end, block.text()[start:end])
        return None

    def _context_menu(self, point: QPoint) -> None:
        menu = self.spelling_menu(self.text.cursorForPosition(point).position())
        menu.exec(self.text.viewport().mapToGlobal(point))
        menu.deleteLater()

    def spelling_menu(self, position: int) -> QMenu:
        """The text's usual menu, with suggestions and "Add to dictionary" first when the
        word at ``position`` is misspelled."""
        menu = self.text.createStandardContextMenu()
        word = self.misspelled_at(position)
        if word is None or self._speller is None:
            return menu
        first = menu.actions()[0] if menu.actions() else None
        suggestions = self._speller.suggestions(word.word)
        for suggestion in suggestions:
            action = QAction(suggestion, menu)
            action.triggered.connect(lambda _c=False, s=suggestion, w=word: self._replace(w, s))
            menu.insertAction(first, action)
        if not suggestions:
            none = QAction(tr("(no suggestion)"), menu)
            none.setEnabled(False)
            menu.insertAction(first, none)
        add = QAction(tr("Add “{word}” to the dictionary").format(word=word.word), menu)
        add.triggered.connect(lambda _c=False, w=word.word: self._learn(w))
        menu.insertAction(first, add)
        menu.insertSeparator(first)
        return menu

    def _replace(self, word: Misspelling, replacement: str) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(word.start)
        cursor.setPosition(word.end, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() == word.word:
            cursor.insertText(replacement)

    def _learn(self, word: str) -> None:
        self.context.settings.add_personal_word(word)
        self._render()

    def _attach_image(self, source: object) -> None:
        """Keep a pasted or dropped image in the workspace and refer to it where the cursor is."""
        workspace = self.workspace
        position = self.text.textCursor().position()

        def keep() -> tuple[str, bytes]:
            data = source.read_bytes() if isinstance(source, Path) else bytes(source)
            return workspace.add_attachment(data, "image/png"), data

        def insert(result: tuple[str, bytes]) -> None:
            digest, data = result
            self._images[digest] = ("image", data)
            cursor = self.text.textCursor()
            cursor.setPosition(min(position, self.text.document().characterCount() - 1))
            cursor.insertText(f"![](attachment:{digest})")
            self.text.setTextCursor(cursor)

        self.context.tasks.write(
            keep,
            insert,
            lambda exc: self.save_state.setText(describe_error(exc)),
            what="attaching an image",
        )


def _changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in old, end in new) of the one stretch where ``old`` and ``new`` differ."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, end_new
