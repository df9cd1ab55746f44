"""Webinars made in the form reach a real Hub: a webinar typed into the form syncs, a
rescheduled one updates the same Hub record (a second Studio sees it moved, not doubled), and
the Hub refuses a double booking the workspace's rules only warned about."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from studio.domain import schedule
from studio.editors.webinar import zone_picker
from studio.editors.webinar.form import WebinarFormDialog, open_form
from studio.store import replica
from studio.store import webinar_edits as edits
from studio.store.models import OutboxOp, Webinar
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from studio.sync.engine import SyncEngine
from studio.tasks import TaskRunner
from studio.ui.context import PageContext, WorkspaceSignals
from studio.ui.errors import ErrorReporter
from studio.ui.settings import Settings
from tests.hub.hubproc import PASSWORD, HubProcess


def signed_in(hub: HubProcess, folder: Path, name: str) -> tuple[Workspace, SyncEngine]:
    workspace = Workspace.open(workspace_path(folder, name), name)
    replica.link(workspace, hub.url, "coordinator")
    token = HubClient(hub.url).sign_in("coordinator", PASSWORD).access_token
    return workspace, SyncEngine(workspace, HubClient(hub.url, lambda: token))


@pytest.fixture
def desk(
    qapp: QApplication, hub: HubProcess, tmp_path: Path, monkeypatch
) -> Iterator[tuple[PageContext, SyncEngine]]:
    monkeypatch.setattr(zone_picker, "viewer_zone", lambda: "Asia/Hong_Kong")
    ws, engine = signed_in(hub, tmp_path, "a")
    tasks = TaskRunner()
    signals = WorkspaceSignals(ws)
    context = PageContext(
        ws, tasks, signals, Settings(tmp_path / "studio.ini"), ErrorReporter(show_dialogs=False)
    )
    yield context, engine
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, WebinarFormDialog):
            widget.discard()
    tasks.wait(10_000)
    signals.detach()
    ws.close()


def set_start(qtbot, dialog: WebinarFormDialog, wall: str) -> None:
    dialog.starts.setFocus()
    date_part, time_part = wall.split()
    for k, value in enumerate([*date_part.split("-"), *time_part.split(":")]):
        dialog.starts.setCurrentSectionIndex(k)
        dialog.starts.setSelectedSection(dialog.starts.sectionAt(k))
        qtbot.keyClicks(dialog.starts, value)


def ready(qtbot, dialog: WebinarFormDialog) -> None:
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.directory_loaded, timeout=10_000)


def test_a_webinar_made_in_the_form_syncs_and_a_reschedule_updates_the_same_record(
    desk: tuple[PageContext, SyncEngine], hub: HubProcess, tmp_path: Path, qtbot
) -> None:
    context, engine = desk
    ws = context.workspace
    picture = QImage(8, 8, QImage.Format.Format_RGB32)
    picture.fill(0x3366CC)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    photo = ws.add_attachment(bytes(buffer.data().data()), "image/png")
    ada = edits.save_speaker(
        ws,
        edits.SpeakerForm(
            "",
            "Ada Lovelace",
            "Analytical Ltd",
            zone="Europe/London",
            photo=photo,
            availability=("Mon 08:00-18:00", "Tue 08:00-18:00"),
        ),
    )

    dialog = open_form(context, None)
    ready(qtbot, dialog)
    qtbot.keyClicks(dialog.title, "Cross-border payments")
    dialog.zone.lineEdit().selectAll()
    qtbot.keyClicks(dialog.zone.lineEdit(), "America/New_York")
    dialog.zone.completer().popup().hide()
    set_start(qtbot, dialog, "2027-03-15 09:00")
    qtbot.keyClicks(dialog.speakers.search, "Ada")
    qtbot.keyClick(dialog.speakers.search, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.join_link, "https://meet.example.com/xb-pay")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.saved_ids), timeout=5000)
    (wid,) = dialog.saved_ids

    report = engine.sync()
    assert (report.applied, report.rejected) == (2, 0)  # the speaker, then the webinar
    with hub.client("coordinator") as client:
        record = client.get(f"/v1/webinars/{wid}").json()
        assert client.get(f"/v1/attachments/{photo}").status_code == 200
    assert record["title"] == "Cross-border payments"
    assert (record["starts_at"], record["zone"]) == ("2027-03-15T09:00:00", "America/New_York")
    assert record["starts_at_utc"] == "2027-03-15T13:00:00Z"  # EDT since 14 March
    assert record["speaker_ids"] == [ada] and record["version"] == 1
    assert record["join_link"] == "https://meet.example.com/xb-pay"

    # Rescheduled in the form: the same record moves (version 2), nothing new is created.
    dialog = open_form(context, None, webinar_id=wid)
    ready(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.title.text() == "Cross-border payments")
    set_start(qtbot, dialog, "2027-03-16 11:30")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.saved_ids), timeout=5000)
    with ws.reading() as s:
        op = s.scalars(select(OutboxOp).where(OutboxOp.state == "queued")).one()
    assert (op.action, op.record_id, op.base_version) == ("update", wid, 1)
    report = engine.sync()
    assert (report.applied, report.rejected) == (1, 0)
    with hub.client("coordinator") as client:
        record = client.get(f"/v1/webinars/{wid}").json()
    assert record["version"] == 2
    assert (record["starts_at"], record["starts_at_utc"]) == (
        "2027-03-16T11:30:00",
        "2027-03-16T15:30:00Z",
    )

    other, other_engine = signed_in(hub, tmp_path, "b")
    other_engine.sync()
    with other.reading() as s:
        rows = s.scalars(select(Webinar).where(Webinar.title == "Cross-border payments")).all()
    assert [(r.id, r.starts_at, r.version, r.join_link) for r in rows] == [
        (wid, "2027-03-16T11:30:00", 2, "https://meet.example.com/xb-pay")
    ]
    speaker = edits.load_speaker(other, ada)
    assert (speaker.name, speaker.zone, speaker.photo) == ("Ada Lovelace", "Europe/London", photo)
    assert speaker.availability == ("Mon 08:00-18:00", "Tue 08:00-18:00")

    # A speaker edited in the second Studio comes back to the first one.
    edits.save_speaker(other, edits.SpeakerForm(**{**speaker.__dict__, "bio": "Mathematician."}))
    assert other_engine.sync().applied == 1
    engine.sync()
    assert edits.load_speaker(ws, ada).bio == "Mathematician."
    other.close()


def test_the_hub_refuses_a_double_booking_the_workspace_only_warned_about(
    desk: tuple[PageContext, SyncEngine], hub: HubProcess
) -> None:
    context, engine = desk
    ws = context.workspace
    grace = edits.save_speaker(ws, edits.SpeakerForm("", "Grace Hopper"))
    rules = edits.policy_of(ws)
    edits.save_policy(
        ws,
        schedule.Policy(
            severities={**rules.severities, schedule.Rule.DOUBLE_BOOKED: schedule.Severity.WARN},
            min_gap_minutes=rules.min_gap_minutes,
        ),
    )
    base = edits.WebinarForm(
        title="First", starts_at="2027-04-01T10:00:00", zone="Europe/Paris", speaker_ids=(grace,)
    )
    edits.create_webinar(ws, base)
    calendar = edits.calendar(ws)
    (second,) = edits.candidates(edits.WebinarForm(**{**base.__dict__, "title": "Second"}))
    findings = calendar.check(second, suggest=False)
    assert [(f.rule, f.blocks) for f in findings] == [(schedule.Rule.DOUBLE_BOOKED, False)]
    (second_id,) = edits.create_webinar(
        ws, edits.WebinarForm(**{**base.__dict__, "title": "Second"})
    )
    report = engine.sync()
    assert (report.applied, report.rejected) == (2, 1)  # Grace and "First"; "Second" refused
    with ws.reading() as s:
        op = s.scalars(select(OutboxOp).where(OutboxOp.record_id == second_id)).one()
    assert op.state == "rejected" and "First" in op.error
    assert op.error.startswith("Grace Hopper already speak")  # named, not by id
