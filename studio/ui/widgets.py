"""Widgets shared by several pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


class MessagePage(QWidget):
    """A page that only says something: a heading and a paragraph, centred."""

    def __init__(self, heading: str = "", text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("MessageHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.heading, self.text):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # A column of readable width, centred; the labels fill it, so wrapped text gets the
        # height it needs (a label aligned inside a layout would not).
        column = QWidget()
        column.setMaximumWidth(560)
        inner = QVBoxLayout(column)
        inner.addWidget(self.heading)
        inner.addWidget(self.text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.set_text(heading, text)

    def set_text(self, heading: str, text: str) -> None:
        self.heading.setText(heading)
        self.text.setText(text)
        self.text.setVisible(bool(text))
