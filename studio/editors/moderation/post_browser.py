"""A member's post, shown safely: the SafeBrowser (no script, no remote load, no link followed by
itself) plus what moderation needs on top.

- Images (workspace attachments only) are blurred and turned grey before they are handed to the
  document, on the image data itself (QImage), until the moderator reveals them with a click on
  one or the V key; both effects are settings (``blur_media``, ``greyscale_media``).
- Links say where they really go: hovering one shows its target in the window's status bar, and
  a link whose text reads like an address other than its target is marked in the text and named
  in a warning above the post.
- Images are read off the UI thread: the first time one is asked for, the browser answers
  nothing, reads it on the pool and shows the post again when it has arrived.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QImage, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMainWindow, QWidget

from studio.tasks import Tasks
from studio.ui.i18n import tr
from studio.ui.safe_browser import SafeBrowser
from studio.ui.settings import Settings

#: Reads an attachment (sha256) from the workspace: (media type, bytes) or None.
ReadAttachment = Callable[[str], tuple[str, bytes] | None]

#: Text that reads like a web address: "www.bank.example", "https://bank.example/login".
LOOKS_LIKE_ADDRESS = re.compile(
    r"^\s*(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/:?#]\S*)?\s*$", re.I
)


def veil(image: QImage, blur: bool, grey: bool) -> QImage:
    """``image`` turned grey and blurred beyond recognition, as asked (a copy)."""
    if grey:
        image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    if blur and not image.isNull():
        width, height = image.width(), image.height()
        # Down to a few pixels across and back up, smoothly: a strong blur for little work.
        small = image.scaled(
            max(1, width // 24),
            max(1, height // 24),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        image = small.scaled(
            width,
            height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


def host_of(text: str) -> str:
    """The host an address names, lowercased, without "www." ("" if none)."""
    text = text.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        host = (urlsplit(text).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def misleading(text: str, href: str) -> bool:
    """True when a link's ``text`` reads like an address that is not where ``href`` goes."""
    if not LOOKS_LIKE_ADDRESS.match(text or ""):
        return False
    return host_of(text) != host_of(href)


class PostBrowser(SafeBrowser):
    """The SafeBrowser for member posts; see the module's docstring."""

    def __init__(
        self,
        tasks: Tasks | None = None,
        read: ReadAttachment | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self._attachment, parent)
        self.tasks = tasks
        self.read = read
        self.settings = settings
        self.revealed = False
        self.images_shown = 0  # images in what is shown now (veiled or not)
        self.misleading_links: list[tuple[str, str]] = []  # (text, real target)
        self._files: dict[str, tuple[str, bytes] | None] = {}
        self._html = ""
        self.highlighted.connect(self._show_target)
        self.setMouseTracking(True)

    def configure(self, tasks: Tasks, read: ReadAttachment, settings: Settings) -> None:
        """Give the browser what it reads images with and the settings it follows."""
        self.tasks, self.read, self.settings = tasks, read, settings

    # -- what is shown ---------------------------------------------------------------------------

    def veiled(self) -> bool:
        """Whether images are shown blurred or grey now."""
        return not self.revealed and (self.blur() or self.grey())

    def blur(self) -> bool:
        return bool(self.settings.blur_media) if self.settings is not None else True

    def grey(self) -> bool:
        return bool(self.settings.greyscale_media) if self.settings is not None else True

    def show_html(self, html: str) -> None:
        if html != self._html:
            self.revealed = False  # another post: its media are veiled again
        self._html = html
        self.images_shown = 0
        super().show_html(html)
        self._check_links()

    def reveal(self, shown: bool = True) -> None:
        """Show the images as they are (or veil them again)."""
        if self.revealed != shown:
            self.revealed = shown
            super().show_html(self._html)
            self._check_links()

    def toggle_reveal(self) -> None:
        self.reveal(not self.revealed)

    def refresh(self) -> None:
        """Show the post again (after the settings changed)."""
        super().show_html(self._html)
        self._check_links()

    # -- images ----------------------------------------------------------------------------------

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        found = super().loadResource(kind, url)
        if isinstance(found, QImage):
            self.images_shown += 1
            if self.veiled():
                return veil(found, self.blur(), self.grey())
        return found

    def _attachment(self, sha256: str) -> tuple[str, bytes] | None:
        if sha256 in self._files:
            return self._files[sha256]
        if self.tasks is None or self.read is None:
            return None
        self._files[sha256] = None
        read = self.read
        self.tasks.run(
            lambda: read(sha256),
            lambda found: self._arrived(sha256, found),
            what="reading an image",
        )
        return None

    def _arrived(self, sha256: str, found: tuple[str, bytes] | None) -> None:
        if found is not None:
            self._files[sha256] = found
            self.refresh()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.revealed and self.images_shown and self._image_at(event.position().toPoint()):
            self.reveal()
            event.accept()
            return
        super().mousePressEvent(event)

    def _image_at(self, point: Any) -> bool:
        cursor = self.cursorForPosition(point)
        for step in (0, 1):
            probe = QTextCursor(cursor)
            if step:
                probe.movePosition(QTextCursor.MoveOperation.NextCharacter)
            if probe.charFormat().isImageFormat():
                return True
        return False

    # -- links -----------------------------------------------------------------------------------

    def _show_target(self, url: QUrl) -> None:
        window = self.window()
        if not isinstance(window, QMainWindow):
            return
        if url.isEmpty():
            window.statusBar().clearMessage()
        else:
            window.statusBar().showMessage(tr("Link to: {url}").format(url=url.toString()))

    def _misleading_anchors(self) -> list[tuple[int, int, str, str]]:
        """(position, length, text, target) of each link whose text names another address."""
        found = []
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fragment.isValid() and fmt.isAnchor():
                    text, href = fragment.text(), fmt.anchorHref()
                    if misleading(text, href):
                        found.append((fragment.position(), fragment.length(), text, href))
                it += 1
            block = block.next()
        return found

    def _check_links(self) -> None:
        """Mark links whose text names another address than their target, and say so above."""
        marks = self._misleading_anchors()
        self.misleading_links = [(text.strip(), href) for _p, _n, text, href in marks]
        prefix = ""
        if self.images_shown and self.veiled():
            prefix += '<p style="color:#777"><i>{}</i></p>'.format(
                escape(tr("Images are veiled until you show them: press m or click one."))
            )
        if marks:
            warning = tr(
                "Careful: %n link(s) here show one address and go to another.",
                "",
                len(self.misleading_links),
            )
            items = "".join(
                "<li>{}</li>".format(
                    escape(tr("“{text}” goes to {url}").format(text=text, url=href))
                )
                for text, href in self.misleading_links
            )
            prefix += f'<p style="color:#a05a00"><b>⚠ {escape(warning)}</b></p><ul>{items}</ul>'
        if not prefix:
            return
        # Shown again with the notes first (the post's own HTML is left as it was).
        SafeBrowser.show_html(self, prefix + "<hr/>" + self._html)
        for position, length, text, href in self._misleading_anchors():
            cursor = QTextCursor(self.document())
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            flag = QTextCharFormat()
            flag.setBackground(QColor(255, 200, 0, 90))
            flag.setToolTip(
                tr("The text shows {text}, but the link goes to {url}").format(
                    text=text.strip(), url=href
                )
            )
            cursor.mergeCharFormat(flag)
