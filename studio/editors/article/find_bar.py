"""Find and replace in the article editor: Ctrl+F finds as you type, F3/Shift+F3 (or Enter and
Shift+Enter) go to the next and previous match, Ctrl+H shows the replace field; matching can be
by case and by regular expression. Replace all is one undo step."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from studio.ui.i18n import tr


class FindBar(QWidget):
    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.find = QLineEdit()
        self.find.setObjectName("find-text")
        self.find.setClearButtonEnabled(True)
        self.replace = QLineEdit()
        self.replace.setObjectName("replace-text")
        self.case = QCheckBox()
        self.regex = QCheckBox()
        self.previous = QPushButton()
        self.next = QPushButton()
        self.replace_one = QPushButton()
        self.replace_all = QPushButton()
        self.message = QLabel()
        self.message.setObjectName("find-message")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.find,
            self.previous,
            self.next,
            self.case,
            self.regex,
            self.replace,
            self.replace_one,
            self.replace_all,
            self.message,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.find.textEdited.connect(lambda _t: self.find_next(from_start_of_selection=True))
        self.find.returnPressed.connect(self.find_next)
        self.replace.returnPressed.connect(self.replace_current)
        self.next.clicked.connect(lambda _c=False: self.find_next())
        self.previous.clicked.connect(lambda _c=False: self.find_next(backward=True))
        self.replace_one.clicked.connect(lambda _c=False: self.replace_current())
        self.replace_all.clicked.connect(lambda _c=False: self.replace_everywhere())
        self.case.toggled.connect(lambda _on: self.find_next(from_start_of_selection=True))
        self.regex.toggled.connect(lambda _on: self.find_next(from_start_of_selection=True))
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        self.find.setPlaceholderText(tr("Find"))
        self.find.setAccessibleName(tr("Find"))
        self.replace.setPlaceholderText(tr("Replace with"))
        self.replace.setAccessibleName(tr("Replace with"))
        self.case.setText(tr("Match case"))
        self.regex.setText(tr("Regular expression"))
        self.previous.setText(tr("Previous"))
        self.next.setText(tr("Next"))
        self.replace_one.setText(tr("Replace"))
        self.replace_all.setText(tr("Replace all"))

    def open(self, replacing: bool = False) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find.setText(selected)
        for widget in (self.replace, self.replace_one, self.replace_all):
            widget.setVisible(replacing)
        self.show()
        self.find.setFocus()
        self.find.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_next(backward=True)
            return
        super().keyPressEvent(event)

    # -- searching -----------------------------------------------------------------------------

    def _pattern(self) -> re.Pattern[str] | None:
        text = self.find.text()
        if not text:
            return None
        flags = re.MULTILINE | (0 if self.case.isChecked() else re.IGNORECASE)  # ^ and $: lines
        try:
            return re.compile(text if self.regex.isChecked() else re.escape(text), flags)
        except re.error as exc:
            self.message.setText(tr("Not a valid expression: {reason}").format(reason=exc.msg))
            return None

    def find_next(self, backward: bool = False, from_start_of_selection: bool = False) -> bool:
        """Select the next (or previous) match; wraps around; says when there is none."""
        pattern = self._pattern()
        if pattern is None:
            if not self.find.text():
                self.message.clear()
            return False
        text = self.editor.toPlainText()
        cursor = self.editor.textCursor()
        if backward:
            start = cursor.selectionStart()
            matches = [m for m in pattern.finditer(text) if m.end() > m.start()]
            before = [m for m in matches if m.start() < start]
            match = before[-1] if before else (matches[-1] if matches else None)
        else:
            start = cursor.selectionStart() if from_start_of_selection else cursor.selectionEnd()
            match = _first_nonempty(pattern, text, start) or _first_nonempty(pattern, text, 0)
        if match is None:
            self.message.setText(tr("Not found"))
            return False
        total = sum(1 for m in pattern.finditer(text) if m.end() > m.start())
        self.message.setText(tr("%n match(es)", "", total))
        found = QTextCursor(self.editor.document())
        found.setPosition(match.start())
        found.setPosition(match.end(), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(found)
        self.editor.ensureCursorVisible()
        return True

    def _replacement(self, match: re.Match[str]) -> str:
        if self.regex.isChecked():
            try:
                return match.expand(self.replace.text())
            except (re.error, IndexError) as exc:
                self.message.setText(tr("Not a valid replacement: {reason}").format(reason=exc))
                raise
        return self.replace.text()

    def replace_current(self) -> None:
        pattern = self._pattern()
        cursor = self.editor.textCursor()
        if pattern is None:
            return
        match = pattern.fullmatch(cursor.selectedText()) if cursor.hasSelection() else None
        if match is not None:
            try:
                cursor.insertText(self._replacement(match))
            except (re.error, IndexError):
                return
        self.find_next()

    def replace_everywhere(self) -> None:
        pattern = self._pattern()
        if pattern is None:
            return
        text = self.editor.toPlainText()
        try:
            new, count = pattern.subn(self._replacement, text)
        except (re.error, IndexError):
            return
        if count:
            cursor = QTextCursor(self.editor.document())
            cursor.beginEditBlock()  # one undo step
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(new)
            cursor.endEditBlock()
        self.message.setText(tr("%n replaced", "", count))


def _first_nonempty(pattern: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    for match in pattern.finditer(text, start):
        if match.end() > match.start():
            return match
    return None
