"""Widgets shared by several pages.

Widgets built before the main window is shown use no ``Qt.*`` enum: the first touch of PySide6's
``Qt`` namespace builds all of its enums (~15 ms), which start-up can do without.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


def escape(text: str) -> str:
    """Plain text made safe inside rich text (html.escape's module costs start-up time)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class MessagePage(QWidget):
    """A page that only says something: a heading and a paragraph, centred."""

    def __init__(self, heading: str = "", text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("MessageHeading")
        self.heading.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
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
        """Show ``heading`` (plain text) over ``text`` (rich text), both centred."""
        self.heading.setText(f"<h2 align=center>{escape(heading)}</h2>")
        self.text.setText(f"<div align=center>{text}</div>")
        self.text.setVisible(bool(text))
