"""The article editor measured inside a real Studio window, for bench/editor.py.

``python bench/editor_gui.py FOLDER PARAMS_JSON`` makes a workspace in FOLDER holding the
articles of bench/article_text.py (one per seed in PARAMS["seeds"], about 150 KB each), opens
Studio on it (offscreen, its window shown) and measures, in this order:

- ``open``: ``ArticlesPage.open_article`` to the text painted in the editor and the first
  preview painted, for each article but the first (opened once before, uncounted, with one
  baseline run); alternating with the baseline: a bare QPlainTextEdit in a window of its own,
  ``setPlainText`` of the same text until it is painted, then one full
  ``markdown.markdown(text, extensions=EXTENSIONS)``.
- ``refresh``: a word typed at the end of a paragraph (spread over the document) to the new
  preview painted, less the editor's pause before it renders (``RENDER_PAUSE_MS``); alternating
  with one full ``markdown.markdown`` of the same text on the UI thread, nothing else running.
- ``typing``: PARAMS["keys"] characters typed at a human pace (a seeded schedule: 60–160 ms
  between keys, a pause of 0.3–1.2 s after a quarter of the words, during which the preview
  renders and autosave writes). Each key is sent with QTest when it is due; its latency runs
  from when it was due (so a busy UI thread delays it, as it would a real key) to the end of
  the next paint of the editor's viewport. The same keys at the same intervals (less the
  pauses, in which nothing happens there) are then typed into the bare QPlainTextEdit holding
  the same text: the floor of this machine.

Paint ends are seen by an event filter on the viewport: at a Paint event it queues a call for
the next turn of the event loop, which runs once the repaint (and the backing store flush) has
finished. Prints ``EDITOR_RESULTS {json}`` and exits.
"""

from __future__ import annotations

import json
import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.article_text import article  # noqa: E402
from studio.domain.markdown import EXTENSIONS  # noqa: E402

#: Typed words: English and French, letters, accents and punctuation that no smart edit of the
#: editor acts on (no brackets, quotes, backticks, asterisks or underscores).
WORDS = (
    "the forecast shows a shortfall in march, so we ask the bank early. "
    "la banque accepte un découvert de trois mois, à condition de réviser le plan. "
    "receipts slipped again; suppliers agree to sixty days. "
    "les relances partent le lundi et l'affacturage couvre le reste. "
)


def now() -> float:
    return time.perf_counter()


class Painted(QObject):
    """Callbacks that run right after the next paint of a widget has finished."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.waiting: list[Callable[[float], None]] = []
        widget.installEventFilter(self)

    def after_next(self, callback: Callable[[float], None]) -> None:
        self.waiting.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.waiting and event.type() == QEvent.Type.Paint:
            callbacks, self.waiting = self.waiting, []
            QTimer.singleShot(0, lambda: self._ended(callbacks))
        return False

    @staticmethod
    def _ended(callbacks: list[Callable[[float], None]]) -> None:
        ended = now()
        for callback in callbacks:
            callback(ended)


def spin(until: Callable[[], bool], timeout: float, poll_ms: int = 10) -> bool:
    """Run the event loop until ``until()`` (checked every ``poll_ms``) or the timeout."""
    deadline = now() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(poll_ms)
    timer.timeout.connect(lambda: (until() or now() > deadline) and loop.quit())
    if not until():
        timer.start()
        loop.exec()
        timer.stop()
    return until()


def pause(seconds: float) -> None:
    end = now() + seconds
    spin(lambda: now() >= end, seconds + 1, poll_ms=max(1, round(seconds * 1000)))


def type_key(widget: QWidget, char: str) -> None:
    """One key pressed and released, as QTest sends it (QTest.keyClicks knows ASCII only)."""
    code = Qt.Key(ord(char.upper()))  # Qt's key codes are the upper-case Latin-1 characters
    modifier = Qt.KeyboardModifier.NoModifier
    QTest.sendKeyEvent(QTest.KeyAction.Click, widget, code, char, modifier)


def type_text(widget: QWidget, text: str) -> None:
    for char in text:
        type_key(widget, char)


def full_render_ms(text: str) -> float:
    started = now()
    markdown.markdown(text, extensions=EXTENSIONS)
    return (now() - started) * 1000


def schedule(seed: int, keys: int) -> list[tuple[float, str]]:
    """(seconds after the start, character): a human typing, with pauses to think."""
    rng = random.Random(seed)
    out: list[tuple[float, str]] = []
    at = 0.0
    text = (WORDS * (keys // len(WORDS) + 1))[:keys]
    for char in text:
        out.append((at, char))
        at += rng.uniform(0.06, 0.16)
        if char == " " and rng.random() < 0.25:
            at += rng.uniform(0.3, 1.2)
    return out


def without_pauses(keys: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """The same keys, each gap longer than the longest between two keys of a word cut to it."""
    out: list[tuple[float, str]] = []
    at = 0.0
    for (before, char), (after, _next) in zip(keys, [*keys[1:], keys[-1]], strict=True):
        out.append((at, char))
        at += min(after - before, 0.16)
    return out


class Typist(QObject):
    """Types ``keys`` into ``widget``, each when it is due, and notes each key's latency."""

    def __init__(self, widget: QWidget, painted: Painted, keys: list[tuple[float, str]]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.painted = painted
        self.keys = keys
        self.latency: list[float | None] = [None] * len(keys)
        self.late: list[float] = [0.0] * len(keys)
        self.next = 0
        self.start = 0.0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._fire)

    def run(self) -> list[float]:
        self.start = now() + 0.05
        self._arm()
        spin(lambda: None not in self.latency, self.keys[-1][0] + 10)
        return [v for v in self.latency if v is not None]

    def _arm(self) -> None:
        if self.next < len(self.keys):
            due = self.start + self.keys[self.next][0]
            self.timer.start(max(0, math.ceil((due - now()) * 1000)))

    def _fire(self) -> None:
        k = self.next
        due = self.start + self.keys[k][0]
        self.late[k] = (now() - due) * 1000
        type_key(self.widget, self.keys[k][1])
        self.painted.after_next(lambda ended, k=k, due=due: self._shown(k, due, ended))
        self.next += 1
        self._arm()

    def _shown(self, k: int, due: float, ended: float) -> None:
        self.latency[k] = (ended - due) * 1000


def paragraph_end(edit: QPlainTextEdit, fraction: float) -> int:
    """The end of the first paragraph (a line of prose) at or after ``fraction`` of the text."""
    document = edit.document()
    block = document.findBlock(int(document.characterCount() * fraction))
    while block.isValid():
        line = block.text()
        following = block.next().text() if block.next().isValid() else ""
        if len(line) > 80 and line[:1].isalpha() and not following.strip():
            return block.position() + len(line)
        block = block.next()
    return document.characterCount() - 1


def put_cursor(edit: QPlainTextEdit, position: int) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(position)
    edit.setTextCursor(cursor)
    edit.centerCursor()
    edit.setFocus()


class Bench:
    def __init__(self, app: QApplication, folder: Path, params: dict[str, Any]) -> None:
        from studio.app import Studio
        from studio.store.workspace import Workspace, workspace_path

        self.app = app
        self.params = params
        self.texts = [article(seed) for seed in params["seeds"]]
        workspace = Workspace.open(workspace_path(folder, "desk"), "desk")
        self.ids = [
            workspace.create_article(f"Treasury {i}", text) for i, text in enumerate(self.texts)
        ]
        workspace.close()
        self.studio = Studio(app, folder, "desk", show_dialogs=False)
        self.studio.start()
        if not spin(lambda: "articles" in self.studio.window.pages, 60):
            raise RuntimeError("the workspace did not open")
        self.page = self.studio.window.pages["articles"]
        editor = self.page.open_article(self.ids[0])
        self.editor = editor
        self.text_painted = Painted(editor.text.viewport())
        self.preview_painted = Painted(editor.preview.viewport())
        self.preview_changes = 0
        self.preview_changed_at = 0.0
        self.typed = 0.0
        editor.preview.textChanged.connect(self._preview_changed)
        self.bare = QPlainTextEdit()
        self.bare.setWindowTitle("bare")
        self.bare_painted = Painted(self.bare.viewport())

    def _preview_changed(self) -> None:
        self.preview_changes += 1
        self.preview_changed_at = now()

    def quiet(self, seconds: float = 0.5) -> None:
        """Let renders, saves and layout in flight finish."""
        pause(seconds)
        spin(lambda: not self.editor._lane.busy() and not self.editor._saving, 10)
        pause(0.1)

    def first_open(self) -> None:
        editor = self.editor
        spin(lambda: editor.save_state.text() == "Saved" and self.preview_changes > 0, 60)
        self.bare.resize(editor.text.size())
        self.bare.setFont(editor.text.font())
        self.bare.show()
        self.quiet()
        self.bare_open(self.texts[0])  # uncounted, like the first open

    # -- opening ---------------------------------------------------------------------------------

    def open_once(self, article_id: str) -> dict[str, float]:
        editor = self.editor
        times: dict[str, float] = {}

        def text_changed() -> None:
            if "text" not in times:
                self.text_painted.after_next(lambda t: times.setdefault("text", t))

        def preview_changed() -> None:
            if "preview" not in times:
                self.preview_painted.after_next(lambda t: times.setdefault("preview", t))

        editor.text.textChanged.connect(text_changed)
        editor.preview.textChanged.connect(preview_changed)
        started = now()
        self.page.open_article(article_id)
        spin(lambda: "text" in times and "preview" in times, 30)
        editor.text.textChanged.disconnect(text_changed)
        editor.preview.textChanged.disconnect(preview_changed)
        return {key: (value - started) * 1000 for key, value in times.items()}

    def bare_open(self, text: str) -> dict[str, float]:
        times: dict[str, float] = {}
        started = now()
        self.bare.setPlainText(text)
        self.bare_painted.after_next(lambda t: times.setdefault("text", t))
        spin(lambda: "text" in times, 30, poll_ms=1)
        shown = (times["text"] - started) * 1000
        return {"text": shown, "render": full_render_ms(text)}

    def opening(self) -> dict[str, Any]:
        opens, bares = [], []
        for i in range(1, len(self.ids)):
            self.quiet()
            opens.append(self.open_once(self.ids[i]))
            self.quiet()
            bares.append(self.bare_open(self.texts[i]))
        return {"studio": opens, "bare": bares}

    # -- preview refresh -------------------------------------------------------------------------

    def refreshing(self, count: int) -> dict[str, Any]:
        editor = self.editor
        refreshes, fulls = [], []
        words = ["zèbre", "quokka", "wombat", "narval", "okapi", "lynx", "axolotl", "ibis"]
        for i in range(count):
            self.quiet()
            put_cursor(editor.text, paragraph_end(editor.text, (i + 0.5) / count))
            self.quiet(0.3)
            word = " " + words[i % len(words)]
            shown = self.refresh_once(word)
            from_key = (shown - self.typed) * 1000
            typed = self.typed
            changed_at = (self.preview_changed_at - typed) * 1000
            refreshes.append({"from_key": from_key, "set_html_done": changed_at})
            if editor.preview.toPlainText().count(word.strip()) < 1:
                raise RuntimeError(f"the preview does not show {word!r}")
            self.quiet(0.3)
            fulls.append(full_render_ms(editor.text.toPlainText()))
        return {"studio": refreshes, "full": fulls}

    def refresh_once(self, word: str) -> float:
        """Type ``word``; when the preview next changes, the end of its next paint."""
        editor = self.editor
        shown: list[float] = []

        def note(ended: float) -> None:
            if not shown:
                shown.append(ended)

        def changed() -> None:
            self.preview_painted.after_next(note)

        editor.preview.textChanged.connect(changed)
        type_text(editor.text, word)
        self.typed = now()
        spin(lambda: bool(shown), 30)
        editor.preview.textChanged.disconnect(changed)
        if not shown:
            raise RuntimeError(f"the preview did not change after {word!r} was typed")
        return shown[0]

    # -- typing ----------------------------------------------------------------------------------

    def typing(self, keys: int) -> dict[str, Any]:
        editor = self.editor
        plan = schedule(7, keys)
        self.quiet()
        put_cursor(editor.text, paragraph_end(editor.text, 0.45))
        self.quiet(0.3)
        changes_before = self.preview_changes
        typist = Typist(editor.text, self.text_painted, plan)
        studio = typist.run()
        updates = self.preview_changes - changes_before
        studio_late = typist.late
        # The same keys at the same intervals into a bare QPlainTextEdit holding the same text;
        # without the pauses to think, in which nothing happens in a bare edit.
        self.quiet()
        self.bare.setPlainText(editor.text.toPlainText())
        put_cursor(self.bare, paragraph_end(self.bare, 0.45))
        self.quiet(0.3)
        typist = Typist(self.bare, self.bare_painted, without_pauses(plan))
        bare = typist.run()
        return {
            "misspelled": len(getattr(editor, "_misspelled", [])),
            "studio": studio,
            "studio_late": studio_late,
            "bare": bare,
            "bare_late": typist.late,
            "preview_updates": updates,
            "seconds": plan[-1][0],
        }


def main() -> None:
    folder, params = Path(sys.argv[1]), json.loads(sys.argv[2])
    app = QApplication([sys.argv[0], "-style", "Fusion"])
    bench = Bench(app, folder, params)
    bench.first_open()
    results: dict[str, Any] = {}
    results["open"] = bench.opening()
    results["refresh"] = bench.refreshing(params["refreshes"])
    results["typing"] = bench.typing(params["keys"])
    bench.editor.flush()
    print("EDITOR_RESULTS " + json.dumps(results), flush=True)
    bench.studio.window.close()
    bench.studio.shut_down()


if __name__ == "__main__":
    main()
