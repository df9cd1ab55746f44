"""The Markdown text field: smart lists and quotes (Enter continues them, Enter on an empty item
ends them), paired brackets, and a selection wrapped by typing a bracket, backtick or emphasis
mark. Each smart edit is one undo step."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

ITEM = re.compile(r"^(\s*)(?:([*+-])|(\d{1,9})([.)]))(\s+)(\[[ xX]\]\s+)?")
QUOTE = re.compile(r"^(\s*(?:>\s?)+)")
PAIRS = {"(": ")", "[": "]", "{": "}"}
WRAPS = {"(": ")", "[": "]", "{": "}", "`": "`", "*": "*", "_": "_", '"': '"'}


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


class MarkdownEdit(QPlainTextEdit):
    #: an image pasted or dropped: PNG bytes (from the clipboard) or the Path of an image file
    image_pasted = Signal(object)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return (
            source.hasImage() or bool(_image_files(source)) or super().canInsertFromMimeData(source)
        )

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = _image_files(source)
        if files:
            for path in files:
                self.image_pasted.emit(path)
            return
        if source.hasImage() and not source.hasText():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                buffer = QBuffer()
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                image.save(buffer, "PNG")
                self.image_pasted.emit(bytes(buffer.data().data()))
                return
        super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        plain = not (
            event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        )
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and self._continue_block():
            return
        cursor = self.textCursor()
        if plain and text in WRAPS and cursor.hasSelection():
            self._wrap(cursor, text, WRAPS[text])
            return
        if plain and text in PAIRS.values() and self._next_char() == text:
            cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
            self.setTextCursor(cursor)  # typed over the closing bracket already there
            return
        if plain and text in PAIRS and self._at_word_end():
            cursor.beginEditBlock()
            cursor.insertText(text + PAIRS[text])
            cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter)
            cursor.endEditBlock()
            self.setTextCursor(cursor)
            return
        super().keyPressEvent(event)

    def _next_char(self) -> str:
        cursor = self.textCursor()
        block = cursor.block().text()
        at = cursor.positionInBlock()
        return block[at] if at < len(block) else ""

    def _at_word_end(self) -> bool:
        """Pairs are added where nothing follows but space or the line's end."""
        following = self._next_char()
        return following == "" or following.isspace()

    def _wrap(self, cursor: QTextCursor, opening: str, closing: str) -> None:
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        chosen = cursor.selectedText()
        cursor.beginEditBlock()
        cursor.insertText(opening + chosen + closing)
        cursor.endEditBlock()
        cursor.setPosition(start + len(opening))
        cursor.setPosition(end + len(opening), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _continue_block(self) -> bool:
        """Enter in a list item or a quote: the next line carries on; on an empty item, the
        marker goes and the list ends."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            return False
        line = cursor.block().text()
        if cursor.positionInBlock() < len(line):
            return False  # Enter mid-line splits it as usual
        item = ITEM.match(line)
        quote = QUOTE.match(line) if item is None else None
        if item is None and quote is None:
            return False
        marker_end = item.end() if item else quote.end() if quote else 0
        cursor.beginEditBlock()
        if not line[marker_end:].strip():
            # An empty item or quote line: end the list (or quote) here.
            cursor.movePosition(
                QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.removeSelectedText()
        elif item is not None:
            indent, bullet, number, delimiter, space, task = item.groups()
            marker = bullet if bullet else f"{int(number) + 1}{delimiter}"
            cursor.insertText("\n" + indent + marker + space + ("[ ] " if task else ""))
        else:
            assert quote is not None
            cursor.insertText("\n" + quote.group(1))
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True


def _image_files(source: QMimeData) -> list[Path]:
    if not source.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in source.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith(IMAGE_SUFFIXES)
    ]
