"""A Studio that types into an article until it is killed: run by test_kill_typing.py.

Usage: python -m tests.durability.typing_child DATA_DIR ARTICLE_ID SEED

Prints ``ready`` when the article is open, then one line per key press, ``<monotonic time>
<character>``, flushed at once: the parent's record of what the user typed and when.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from studio.app import Studio
from studio.editors.article.editor import ArticleEditor

LETTERS = "abcdefghijklmnopqrstuvwxyz     "


def main() -> None:
    data_dir, article_id, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    app = QApplication(["typing-child"])
    studio = Studio(app, data_dir, "desk", show_dialogs=False)
    studio.start()
    state: dict[str, ArticleEditor] = {}

    def open_article() -> None:
        if studio.workspace is None or "articles" not in studio.window.pages:
            QTimer.singleShot(20, open_article)
            return
        state["editor"] = studio.window.pages["articles"].open_article(article_id)
        QTimer.singleShot(20, wait_loaded)

    def wait_loaded() -> None:
        editor = state["editor"]
        if editor.save_state.text() != "Saved":
            QTimer.singleShot(20, wait_loaded)
            return
        editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
        print("ready", flush=True)
        QTimer.singleShot(10, type_one)

    def type_one() -> None:
        char = rng.choice(LETTERS)
        QTest.keyClicks(state["editor"].text, char)
        print(f"{time.monotonic():.6f} {char}", flush=True)
        QTimer.singleShot(rng.randint(15, 90), type_one)

    QTimer.singleShot(0, open_article)
    app.exec()


if __name__ == "__main__":
    main()
