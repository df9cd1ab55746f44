"""The one widget that shows rendered, untrusted HTML: the article preview, member posts in the
moderation queue, webinar descriptions.

What it shows has been through the sanitizer (studio/domain/markdown.py); this widget is the
second wall. It loads no resource but the workspace's own attachments (``attachment:SHA256``,
through a resolver it is given: no file path, no network), follows no link by itself, and on a
click opens only http and https links, in the system browser, after the user has confirmed the
real target. Every other scheme is refused and said so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QToolTip, QWidget

from studio.ui.i18n import tr

#: attachment(sha256) -> (media type, bytes) or None: the workspace's own files.
Resolver = Callable[[str], tuple[str, bytes] | None]

WEB_SCHEMES = frozenset({"http", "https"})

STYLE = """
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #9a9a9a; padding: 3px 8px; }
th { background-color: rgba(128, 128, 128, 0.15); }
pre { background-color: rgba(128, 128, 128, 0.12); padding: 6px; }
code { font-family: monospace; }
blockquote { color: #666; margin-left: 12px; }
"""


class SafeBrowser(QTextBrowser):
    """``refused(url)`` fires for a link refused; ``opening(url)`` before a web link goes to the
    system browser (after confirmation). Refused resources and links are in ``refused_urls``."""

    refused = Signal(str)
    opening = Signal(str)

    def __init__(
        self,
        resolver: Resolver | None = None,
        parent: QWidget | None = None,
        confirm: Callable[[QUrl], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.resolver = resolver
        self.confirm = confirm or self._ask
        self.refused_urls: list[str] = []  # what was refused, for the user's "why" and for tests
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.anchorClicked.connect(self._clicked)
        self.highlighted.connect(self._hovered)
        # Nothing to look up on a search path: a relative name resolves nowhere.
        self.setSearchPaths([])
        # Our styling (the content's own style attributes never get this far).
        self.document().setDefaultStyleSheet(STYLE)

    def show_html(self, html: str) -> None:
        """Replace what is shown, keeping the reader's place."""
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.setHtml(html)
        bar.setValue(round(fraction * bar.maximum()))

    # -- resources -----------------------------------------------------------------------------

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        url = QUrl(url) if isinstance(url, str) else url
        image = QTextDocument.ResourceType.ImageResource.value
        if url.scheme() == "attachment" and self.resolver is not None and int(kind) == image:
            found = self.resolver(url.path())
            if found is not None:
                picture = QImage.fromData(found[1])
                if not picture.isNull():
                    return picture
        # Recorded, not signalled: emitting a signal from inside this override corrupts
        # PySide6's reference counts (seen with 6.9: the interpreter aborts later).
        self.refused_urls.append(url.toString())
        # An empty answer, not None: PySide6 mishandles None returned from this override (a
        # reference-count error that crashes the interpreter later).
        return QByteArray()

    def _refuse(self, url: QUrl) -> None:
        text = url.toString()
        self.refused_urls.append(text)
        self.refused.emit(text)

    # -- links ---------------------------------------------------------------------------------

    def _hovered(self, url: QUrl) -> None:
        # The real target, whatever the link's text claims.
        if url.isEmpty():
            QToolTip.hideText()
            return
        self.setToolTip(url.toString())

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "" and url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())
            return
        if url.scheme() in WEB_SCHEMES and url.host():
            if self.confirm(url):
                self.opening.emit(url.toString())
                QDesktopServices.openUrl(url)
            return
        self._refuse(url)
        QToolTip.showText(
            self.mapToGlobal(self.rect().center()),
            tr(
                "Studio opens only web links (http and https); this one was not opened: {url}"
            ).format(url=url.toString()[:200]),
            self,
        )

    def _ask(self, url: QUrl) -> bool:
        answer = QMessageBox.question(
            self,
            tr("Open a web page"),
            tr("Open this address in your web browser?\n\n{url}").format(url=url.toString()),
        )
        return answer == QMessageBox.StandardButton.Yes
