"""The webinar form as a coordinator meets it: type a webinar, trip a blocking conflict (a
speaker already booked), take the suggested slot, save; a start the clocks skip is refused and a
repeated hour asks which pass."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from studio.editors.webinar import form as form_module
from studio.editors.webinar.form import WebinarFormDialog, open_form
from studio.store import webinar_edits as edits
from studio.store.models import OutboxOp, Webinar, WebinarSpeaker
from studio.store.workspace import Workspace, workspace_path
from studio.tasks import TaskRunner
from studio.ui.context import PageContext, WorkspaceSignals
from studio.ui.errors import ErrorReporter
from studio.ui.settings import Settings

SHOTS = Path("/tmp/team")


@pytest.fixture
def context(qapp: QApplication, data_dir: Path, monkeypatch) -> Iterator[PageContext]:
    monkeypatch.setattr(form_module, "viewer_zone", lambda: "Asia/Hong_Kong")
    ws = Workspace.open(workspace_path(data_dir, "events"), "events")
    tasks = TaskRunner()
    signals = WorkspaceSignals(ws)
    ctx = PageContext(
        ws, tasks, signals, Settings(data_dir / "studio.ini"), ErrorReporter(show_dialogs=False)
    )
    yield ctx
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, WebinarFormDialog):
            widget.close()
    tasks.wait(10_000)
    signals.detach()
    ws.close()


def seed(ws: Workspace) -> tuple[str, str]:
    ada = edits.save_speaker(
        ws, edits.SpeakerForm("", "Ada Lovelace", "Analytical Ltd", zone="Europe/London")
    )
    edits.save_speaker(ws, edits.SpeakerForm("", "Grace Hopper", "Navy", zone="America/New_York"))
    (booked,) = edits.create_webinar(
        ws,
        edits.WebinarForm(
            title="Cash flow basics",
            starts_at="2027-03-10T10:00:00",
            zone="Europe/Paris",
            speaker_ids=(ada,),
        ),
    )
    return ada, booked


def type_start(qtbot, dialog: WebinarFormDialog, wall: str, zone: str) -> None:
    dialog.zone.lineEdit().selectAll()
    qtbot.keyClicks(dialog.zone.lineEdit(), zone)
    dialog.zone.completer().popup().hide()
    dialog.starts.setFocus()
    # The sections, one by one: year, month, day, hour, minute.
    date_part, time_part = wall.split()
    values = [*date_part.split("-"), *time_part.split(":")]
    for k, value in enumerate(values):
        dialog.starts.setCurrentSectionIndex(k)
        dialog.starts.setSelectedSection(dialog.starts.sectionAt(k))
        qtbot.keyClicks(dialog.starts, value)


def opened(context: PageContext, qtbot, **kwargs) -> WebinarFormDialog:
    dialog = open_form(context, None, **kwargs)  # deletes itself when closed
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.directory_loaded, timeout=10_000)
    return dialog


def test_a_blocking_conflict_offers_the_nearest_free_slot_and_saving_it_queues_the_op(
    context: PageContext, qtbot
) -> None:
    ada, _booked = seed(context.workspace)
    dialog = opened(context, qtbot)
    qtbot.keyClicks(dialog.title, "Treasury for SMEs")
    type_start(qtbot, dialog, "2027-03-10 10:30", "Europe/Paris")
    assert dialog.wall() == "2027-03-10T10:30:00"
    assert dialog.zone.zone() == "Europe/Paris"
    # The time is shown in the viewer's zone too.
    qtbot.waitUntil(lambda: "Asia/Hong_Kong" in dialog.time_note.text())
    assert "17:30 HKT" in dialog.time_note.text()
    qtbot.keyClicks(dialog.speakers.search, "Ada")
    qtbot.keyClick(dialog.speakers.search, Qt.Key.Key_Return)
    assert dialog.speakers.ids() == (ada,)

    qtbot.waitUntil(lambda: "Cash flow basics" in dialog.conflicts.text(), timeout=5000)
    assert "Speaker double-booked" in dialog.conflicts.text()
    assert not dialog.save_button.isEnabled()
    assert "Cannot save" in dialog.reason.text() and "Ada Lovelace" in dialog.reason.text()
    # The nearest free slot: after the booked hour and its 15-minute pause (11:15 Paris).
    qtbot.waitUntil(lambda: dialog.use_slot.isVisible() and dialog.use_slot.isEnabled())
    assert "11:15 Europe/Paris" in dialog.use_slot.text()
    assert "18:15 yours" in dialog.use_slot.text()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "webinar-form-conflict.png"))

    qtbot.mouseClick(dialog.use_slot, Qt.MouseButton.LeftButton)
    assert dialog.wall() == "2027-03-10T11:15:00"
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    assert dialog.conflicts.text() == "" and dialog.reason.text() == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.saved_ids), timeout=5000)

    (new_id,) = dialog.saved_ids
    with context.workspace.reading() as s:
        row = s.get(Webinar, new_id)
        assert row is not None
        assert (row.title, row.starts_at, row.zone) == (
            "Treasury for SMEs",
            "2027-03-10T11:15:00",
            "Europe/Paris",
        )
        assert row.starts_at_utc == datetime(2027, 3, 10, 10, 15, tzinfo=UTC)
        assert row.local and row.version == 0
        people = s.scalars(select(WebinarSpeaker).where(WebinarSpeaker.webinar_id == new_id)).all()
        assert [(p.speaker_id, p.role) for p in people] == [(ada, "speaker")]
        op = s.scalars(select(OutboxOp).where(OutboxOp.record_id == new_id)).one()
    assert (op.record_type, op.action, op.base_version) == ("webinar", "create", 0)
    assert op.data["starts_at"] == "2027-03-10T11:15:00" and op.data["zone"] == "Europe/Paris"
    assert op.data["speaker_ids"] == [ada] and op.data["fold"] == 0


def test_a_start_in_a_dst_gap_is_refused_and_a_fold_asks_which_pass(
    context: PageContext, qtbot
) -> None:
    dialog = opened(context, qtbot)
    qtbot.keyClicks(dialog.title, "Night owls")
    type_start(qtbot, dialog, "2027-03-28 02:30", "Europe/Paris")
    qtbot.waitUntil(lambda: "does not exist" in dialog.time_note.text())
    assert "the clocks skip that hour" in dialog.time_note.text()
    qtbot.waitUntil(lambda: "does not exist" in dialog.reason.text())
    assert not dialog.save_button.isEnabled()

    type_start(qtbot, dialog, "2027-10-31 02:30", "Europe/Paris")
    qtbot.waitUntil(dialog.fold.isVisible)
    assert [dialog.fold.itemText(k) for k in range(2)] == [
        "02:30 CEST (first)",
        "02:30 CET (second)",
    ]
    assert "happens twice" in dialog.time_note.text()
    qtbot.waitUntil(lambda: "happens twice" in dialog.reason.text())
    assert not dialog.save_button.isEnabled()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "webinar-form-fold.png"))

    dialog.fold.setFocus()
    qtbot.keyClick(dialog.fold, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.fold, Qt.Key.Key_Down)
    assert dialog.fold.currentIndex() == 1
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    assert "09:30 HKT" in dialog.time_note.text()  # 02:30 CET is 01:30 UTC
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.saved_ids), timeout=5000)
    with context.workspace.reading() as s:
        row = s.get(Webinar, dialog.saved_ids[0])
        assert row is not None
        assert (row.starts_at, row.fold) == ("2027-10-31T02:30:00", 1)
        assert row.starts_at_utc == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
