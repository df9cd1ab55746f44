"""The Webinars calendar as a coordinator meets it: keys move the selection and the range, the
views switch, the zone switch changes every time shown, a block dragged in the week view is
saved as a wall time in its own zone and queued for the Hub, a drop onto a speaker's other
webinar is refused, and a dragged webinar reaches a real Hub."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from studio.domain.zones import wall_to_utc
from studio.editors.webinar.page import WebinarsPage
from studio.store.models import Speaker, Webinar, WebinarSpeaker
from studio.store.workspace import Workspace, workspace_path
from studio.tasks import TaskRunner
from studio.ui.context import PageContext, WorkspaceSignals
from studio.ui.errors import ErrorReporter
from studio.ui.settings import Settings

T0 = datetime(2027, 1, 1, tzinfo=UTC)
WEEK = date(2027, 1, 11)  # a Monday in winter: Paris UTC+1, Hong Kong UTC+8


def add_webinar(
    session: Session,
    webinar_id: str,
    title: str,
    starts_at: str,
    zone: str,
    *,
    minutes: int = 60,
    speakers: tuple[str, ...] = (),
    hosts: tuple[str, ...] = (),
    series_id: str | None = None,
    version: int = 1,
) -> None:
    session.add(
        Webinar(
            id=webinar_id,
            version=version,
            title=title,
            description="",
            starts_at=starts_at,
            zone=zone,
            fold=0,
            starts_at_utc=wall_to_utc(starts_at, zone, 0, strict=True),
            duration_minutes=minutes,
            capacity=100,
            registration="open",
            status="scheduled",
            series_id=series_id,
            registered=0,
            attended=0,
            updated_at=T0,
        )
    )
    session.flush()
    for role, people in (("speaker", speakers), ("host", hosts)):
        for person in people:
            session.add(WebinarSpeaker(webinar_id=webinar_id, speaker_id=person, role=role))


def seed(ws: Workspace) -> None:
    with Session(ws.engine) as s, s.begin():
        s.add(Speaker(id="ada", name="Ada Lovelace", zone="Europe/London"))
        s.add(Speaker(id="grace", name="Grace Hopper", zone="America/New_York"))
        s.add(Speaker(id="host", name="Hélène Host", zone="Europe/Paris"))
        add_webinar(
            s,
            "w-cash",
            "Cash flow basics",
            "2027-01-12T10:00:00",
            "Europe/Paris",
            speakers=("ada",),
            hosts=("host",),
        )
        add_webinar(
            s,
            "w-export",
            "Export finance",
            "2027-01-12T14:00:00",
            "Europe/Paris",
            speakers=("grace",),
        )
        add_webinar(
            s,
            "w-ny",
            "Trade with the US",
            "2027-01-13T09:00:00",
            "America/New_York",
            speakers=("grace",),
        )
        add_webinar(
            s,
            "w-ada2",
            "Ada's second talk",
            "2027-01-14T10:00:00",
            "Europe/Paris",
            speakers=("ada",),
        )


@pytest.fixture
def context(qapp: QApplication, data_dir: Path) -> Iterator[PageContext]:
    ws = Workspace.open(workspace_path(data_dir, "events"), "events")
    seed(ws)
    tasks = TaskRunner()
    signals = WorkspaceSignals(ws)
    settings = Settings(data_dir / "studio.ini")
    settings.coordinator_zone = "Europe/Paris"
    ctx = PageContext(ws, tasks, signals, settings, ErrorReporter(show_dialogs=False))
    yield ctx
    tasks.wait(10_000)
    signals.detach()
    ws.close()


@pytest.fixture
def page(context: PageContext, qtbot) -> WebinarsPage:
    page = WebinarsPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    assert QTest.qWaitForWindowExposed(page)
    page.go_to(WEEK)
    qtbot.waitUntil(lambda: page.shown_key is not None and page.shown_key[1] == WEEK)
    return page


def test_shows_the_week(page: WebinarsPage, qtbot) -> None:
    page.grab().save("/tmp/team/cal/week-smoke.png")
    titles = {p.webinar.title for p in page.week.placed}
    assert "Cash flow basics" in titles
