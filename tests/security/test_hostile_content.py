"""Hostile content through the one rendering path and the one widget that shows it: nothing
scripted survives, nothing remote is fetched (a local beacon server counts every hit), and no link
is followed by itself."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QApplication

from studio.domain.markdown import BlockRenderer, render
from studio.ui.safe_browser import SafeBrowser
from tests.security.corpus import corpus


class Beacon:
    def __init__(self) -> None:
        self.hits: list[str] = []
        beacon = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                beacon.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.end_headers()
                self.wfile.write(b"GIF89a")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def beacon() -> Iterator[Beacon]:
    server = Beacon()
    yield server
    server.server.shutdown()


EVENT_ATTRIBUTE = re.compile(r"<[^>]*\son\w+\s*=", re.I)
BAD_SCHEME = re.compile(
    r"""(href|src|action|data|poster|background)\s*=\s*["']?\s*(javascript|vbscript|file|data):""",
    re.I,
)
FORBIDDEN_TAGS = re.compile(
    r"<\s*(script|style|iframe|object|embed|link|meta|base|form|svg|math|video|audio)\b", re.I
)


def test_nothing_scripted_or_remote_survives_sanitizing(beacon: Beacon) -> None:
    blocks = BlockRenderer()
    for item in corpus(beacon.port):
        for rendered in (render(item), blocks.render(item)):
            html = rendered.html
            assert not FORBIDDEN_TAGS.search(html), (item, html)
            assert not EVENT_ATTRIBUTE.search(html), (item, html)
            assert not BAD_SCHEME.search(html), (item, html)
            assert "style=" not in html.lower(), (item, html)
            # Images may only come from the workspace's attachments.
            for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', html):
                assert src.startswith("attachment:"), (item, html)


def test_the_widget_loads_nothing_remote_and_follows_no_link(
    beacon: Beacon, qapp: QApplication, qtbot
) -> None:
    asked: list[str] = []
    browser = SafeBrowser(confirm=lambda url: asked.append(url.toString()) or False)
    qtbot.addWidget(browser)
    browser.resize(900, 700)
    browser.show()
    items = corpus(beacon.port)
    # The raw HTML too, as if the sanitizer had failed: the widget is the second wall.
    raw = "".join(
        f'<img src="http://127.0.0.1:{beacon.port}/beacon.raw{i}"><a href="{u}">{u}</a><br>'
        for i, u in enumerate(["file:///etc/passwd", "javascript:alert(1)", "data:text/html,x"])
    )
    browser.show_html("\n".join(render(item).html for item in items) + raw)
    qtbot.wait(300)
    opened: list[str] = []

    class Handler(QObject):
        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            opened.append(url.toString())

    handler = Handler()
    for scheme in ("http", "https", "file", "mailto"):
        QDesktopServices.setUrlHandler(scheme, handler, "open")
    try:
        anchors = _anchors(browser)
        assert anchors, "the corpus has links to click"
        source = browser.source()
        for _href, position in anchors:
            browser.verticalScrollBar().setValue(0)
            cursor = QTextCursor(browser.document())
            cursor.setPosition(position)
            browser.setTextCursor(cursor)
            browser.ensureCursorVisible()
            rect = browser.cursorRect(cursor)
            qtbot.mouseClick(browser.viewport(), _left(), pos=rect.center() + _right(3))
        qtbot.wait(100)
        assert browser.source() == source  # never navigated
        assert opened == []  # the user said no to every web link: nothing opened
        assert all(u.startswith(("http://", "https://")) for u in asked)
        assert any("beacon?from=link" in u for u in asked)  # asked, showing the real target
        assert any(u.startswith("javascript:") for u in browser.refused_urls)
        assert any(u.startswith("file:") for u in browser.refused_urls)
        assert any("beacon.raw0" in u for u in browser.refused_urls)
    finally:
        for scheme in ("http", "https", "file", "mailto"):
            QDesktopServices.unsetUrlHandler(scheme)
    assert beacon.hits == []


def test_a_confirmed_web_link_goes_to_the_system_browser_only(
    beacon: Beacon, qapp: QApplication, qtbot
) -> None:
    browser = SafeBrowser(confirm=lambda url: True)
    qtbot.addWidget(browser)
    browser.show()
    url = f"http://127.0.0.1:{beacon.port}/beacon?from=confirmed"
    browser.show_html(render(f"[the report]({url})").html)
    opened: list[str] = []

    class Handler(QObject):
        @Slot(QUrl)
        def open(self, target: QUrl) -> None:
            opened.append(target.toString())

    handler = Handler()
    QDesktopServices.setUrlHandler("http", handler, "open")
    try:
        # Clicked with the mouse (emitting Qt's own anchorClicked from Python trips a PySide6
        # reference-count bug).
        ((_href, position),) = _anchors(browser)
        cursor = QTextCursor(browser.document())
        cursor.setPosition(position)
        with qtbot.waitSignal(browser.opening):
            qtbot.mouseClick(
                browser.viewport(), _left(), pos=browser.cursorRect(cursor).center() + _right(3)
            )
    finally:
        QDesktopServices.unsetUrlHandler("http")
    assert opened == [url]
    assert beacon.hits == []  # handed over, not fetched by Studio


def _anchors(browser: SafeBrowser) -> list[tuple[str, int]]:
    found = []
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.charFormat().isAnchor():
                found.append((fragment.charFormat().anchorHref(), fragment.position()))
            it += 1
        block = block.next()
    return found


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def _right(dx: int):
    from PySide6.QtCore import QPoint

    return QPoint(dx, 0)
