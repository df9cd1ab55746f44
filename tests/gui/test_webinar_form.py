"""The webinar form as a coordinator meets it: type a webinar, trip a blocking conflict (a
speaker already booked), take the suggested slot, save; a start the clocks skip is refused and a
repeated hour asks which pass."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from studio.domain import schedule
from studio.editors.webinar import zone_picker
from studio.editors.webinar.form import WebinarFormDialog, open_form
from studio.editors.webinar.registrations import RegistrationsDialog, open_registrations
from studio.editors.webinar.speakers import SpeakersDialog, open_speakers
from studio.store import webinar_edits as edits
from studio.store.models import OutboxOp, Webinar, WebinarSpeaker
from studio.store.workspace import Workspace, workspace_path
from studio.tasks import TaskRunner
from studio.ui.context import PageContext, WorkspaceSignals
from studio.ui.errors import ErrorReporter
from studio.ui.settings import Settings


def shot(widget: QWidget, name: str) -> None:
    """Keep a screenshot when STUDIO_SCREENSHOTS names a folder (to look at what was built)."""
    folder = os.environ.get("STUDIO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / name))


@pytest.fixture
def context(qapp: QApplication, data_dir: Path, monkeypatch) -> Iterator[PageContext]:
    monkeypatch.setattr(zone_picker, "viewer_zone", lambda: "Asia/Hong_Kong")
    ws = Workspace.open(workspace_path(data_dir, "events"), "events")
    tasks = TaskRunner()
    signals = WorkspaceSignals(ws)
    ctx = PageContext(
        ws, tasks, signals, Settings(data_dir / "studio.ini"), ErrorReporter(show_dialogs=False)
    )
    yield ctx
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, WebinarFormDialog):
            widget.discard()
        elif isinstance(widget, (RegistrationsDialog, SpeakersDialog)):
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
    shot(dialog, "webinar-form-conflict.png")

    qtbot.mouseClick(dialog.use_slot, Qt.MouseButton.LeftButton)
    assert dialog.wall() == "2027-03-10T11:15:00"
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    assert dialog.conflicts.text() == "" and dialog.reason.text() == ""
    qtbot.keyClick(dialog.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
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
    shot(dialog, "webinar-form-fold.png")

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


def test_a_csv_with_bad_rows_imports_nothing_until_the_user_skips_them(
    context: PageContext, qtbot, tmp_path: Path
) -> None:
    ws = context.workspace
    (wid,) = edits.create_webinar(
        ws,
        edits.WebinarForm(
            title="Export credit",
            starts_at="2027-06-01T09:00:00",
            zone="Europe/Paris",
            capacity=2,
            waiting_list=True,
        ),
    )
    edits.register(ws, wid, "Known", "known@example.com")
    csv_file = tmp_path / "people.csv"
    csv_file.write_bytes(
        b"name,email\n"
        b"Ada Lovelace,ada@example.com\n"
        + "Zoë Martin,zoe@example.com\n".encode("latin-1")
        + b"Only a name\n"
        b"Bad Address,not-an-address\n"
        b"Ada Again,ada@example.com\n"
        b"Known Again,KNOWN@example.com\n"
        b"Grace Hopper,grace@example.org\n"
    )
    dialog = open_registrations(context, None, wid)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)

    dialog.import_file(csv_file)
    qtbot.waitUntil(
        lambda: dialog.bad_rows_dialog is not None and dialog.bad_rows_dialog.isVisible(),
        timeout=5000,
    )
    bad = dialog.bad_rows_dialog
    assert bad is not None
    shown = [
        (bad.model.index(r, 0).data(), bad.model.index(r, 1).data())
        for r in range(bad.model.rowCount())
    ]
    assert [line for line, _ in shown] == ["3", "4", "5", "6", "7"]
    assert "Not UTF-8" in shown[0][1]
    assert shown[1][1] == "Missing email."
    assert "not a valid e-mail address" in shown[2][1]
    assert "duplicate (first on line 2)" in shown[3][1]
    assert "duplicate (registered already)" in shown[4][1]
    assert bad.skip.text() == "Skip 5 rows and import 2"
    shot(bad, "webinar-csv-bad-rows.png")
    assert len(edits.registered_emails(ws, wid)) == 1  # nothing imported while it is open

    qtbot.mouseClick(bad.skip, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=5000)
    shown_rows = [
        (dialog.model.index(r, 1).data(), dialog.model.index(r, 2).data())
        for r in range(dialog.model.rowCount())
    ]
    assert shown_rows == [
        ("known@example.com", "Registered"),
        ("ada@example.com", "Registered"),
        ("grace@example.org", "Waiting list"),
    ]
    qtbot.waitUntil(lambda: "Imported 2 registrants" in dialog.message.text(), timeout=5000)

    # Cancelling the same kind of file imports nothing.
    other = tmp_path / "more.csv"
    other.write_bytes(b"name,email\nNew,new@example.com\nBad,bad\n")
    dialog.import_file(other)
    qtbot.waitUntil(
        lambda: dialog.bad_rows_dialog is not bad and dialog.bad_rows_dialog.isVisible()
    )
    dialog.bad_rows_dialog.reject()
    qtbot.waitUntil(lambda: dialog.message.text() == "Nothing was imported.")
    assert "new@example.com" not in edits.registered_emails(ws, wid)
    dialog.close()


def test_the_speakers_directory_edits_a_speaker_and_shows_their_schedule(
    context: PageContext, qtbot, tmp_path: Path
) -> None:
    ada, _booked = seed(context.workspace)
    dialog = open_speakers(context, None)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    assert [dialog.model.index(r, 0).data() for r in range(2)] == ["Ada Lovelace", "Grace Hopper"]
    qtbot.keyClicks(dialog.search, "navy")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert dialog.model.index(0, 0).data() == "Grace Hopper"
    dialog.search.clear()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)

    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.name.text() == "Ada Lovelace", timeout=5000)
    # Her session: 10:00 Paris is 09:00 in London (hers) and 17:00 in Hong Kong (yours).
    session = dialog.sessions.item(0).text()
    assert "09:00 GMT theirs" in session and "17:00 HKT yours" in session
    assert "Cash flow basics" in session

    qtbot.keyClicks(dialog.availability, "Mon 09:00-17:00")
    qtbot.keyClick(dialog.availability, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.availability, "Wed 9-12")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is not a window" in dialog.message.text(), timeout=5000)
    dialog.availability.setPlainText("Mon 09:00-17:00\nWed 09:00-12:00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == "Saved.", timeout=5000)
    assert edits.load_speaker(context.workspace, ada).availability == (
        "Mon 09:00-17:00",
        "Wed 09:00-12:00",
    )
    picture = tmp_path / "ada.png"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(0x2E7D32)
    assert image.save(str(picture))
    dialog.attach_photo(picture)
    qtbot.waitUntil(lambda: dialog.photo_digest is not None, timeout=5000)
    assert not dialog.photo.pixmap().isNull()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: edits.load_speaker(context.workspace, ada).photo is not None)
    assert context.workspace.attachment(dialog.photo_digest or "")[0] == "image/png"
    shot(dialog, "webinar-speakers.png")
    dialog.close()


def answer(dialog: WebinarFormDialog, button: str) -> None:
    """Click ``button`` in the question the form is about to ask (its own event loop)."""

    def click() -> None:
        box = dialog.scope_box
        if box is None or not box.isVisible():
            QTimer.singleShot(20, click)
            return
        (chosen,) = [b for b in box.buttons() if b.text() == button]
        chosen.click()

    QTimer.singleShot(20, click)


def test_a_series_made_in_the_form_then_one_occurrence_or_the_whole_series_changed(
    context: PageContext, qtbot
) -> None:
    ws = context.workspace
    _ada, _booked = seed(ws)  # Ada speaks 2027-03-10 10:00-11:00 Paris
    dialog = opened(context, qtbot)
    qtbot.keyClicks(dialog.title, "Weekly treasury clinic")
    type_start(qtbot, dialog, "2027-03-03 10:00", "Europe/Paris")
    qtbot.keyClicks(dialog.speakers.search, "Ada")
    qtbot.keyClick(dialog.speakers.search, Qt.Key.Key_Return)
    dialog.repeat.setFocus()
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Down)  # weekly
    assert dialog.repeat.currentData() == "weekly"
    dialog.count.selectAll()
    qtbot.keyClicks(dialog.count, "3")
    # The second occurrence (10 March) meets Ada's booking: named, and blocking.
    qtbot.waitUntil(lambda: "The occurrence of 2027-03-10" in dialog.conflicts.text(), timeout=5000)
    assert not dialog.save_button.isEnabled()
    # The suggestion moves the whole series by the same wall-clock step.
    qtbot.waitUntil(dialog.use_slot.isEnabled)
    assert "Wed 03 Mar 11:15 Europe/Paris" in dialog.use_slot.text()
    qtbot.mouseClick(dialog.use_slot, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.saved_ids) == 3, timeout=5000)
    ids = list(dialog.saved_ids)

    def walls() -> list[tuple[str, str]]:
        with ws.reading() as s:
            rows = [s.get(Webinar, i) for i in ids]
        return [(r.starts_at, r.status) for r in rows if r]

    assert walls() == [
        ("2027-03-03T11:15:00", "scheduled"),
        ("2027-03-10T11:15:00", "scheduled"),
        ("2027-03-17T11:15:00", "scheduled"),
    ]

    # One occurrence moved on its own.
    dialog = opened(context, qtbot, webinar_id=ids[2])
    qtbot.waitUntil(lambda: dialog.title.text() == "Weekly treasury clinic")
    type_start(qtbot, dialog, "2027-03-17 15:00", "Europe/Paris")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    answer(dialog, "This one")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.saved_ids), timeout=5000)
    assert [w for w, _ in walls()] == [
        "2027-03-03T11:15:00",
        "2027-03-10T11:15:00",
        "2027-03-17T15:00:00",
    ]

    # The whole series half an hour later, from its first occurrence: each keeps its own step.
    dialog = opened(context, qtbot, webinar_id=ids[0])
    qtbot.waitUntil(lambda: dialog.title.text() == "Weekly treasury clinic")
    type_start(qtbot, dialog, "2027-03-03 11:45", "Europe/Paris")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    answer(dialog, "The whole series")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.saved_ids), timeout=5000)
    assert [w for w, _ in walls()] == [
        "2027-03-03T11:45:00",
        "2027-03-10T11:45:00",
        "2027-03-17T15:30:00",
    ]

    # One occurrence cancelled; the rest stay.
    dialog = opened(context, qtbot, webinar_id=ids[1])
    qtbot.waitUntil(dialog.cancel_occurrence.isVisible)
    answer(dialog, "Cancel this occurrence")
    qtbot.mouseClick(dialog.cancel_occurrence, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.saved_ids), timeout=5000)
    assert [s for _, s in walls()] == ["scheduled", "cancelled", "scheduled"]


def test_rules_set_to_warn_let_the_webinar_be_saved_and_a_bad_join_link_is_refused(
    context: PageContext, qtbot
) -> None:
    ws = context.workspace
    seed(ws)
    dialog = opened(context, qtbot)
    qtbot.keyClicks(dialog.title, "Overlapping on purpose")
    type_start(qtbot, dialog, "2027-03-10 10:30", "Europe/Paris")
    qtbot.keyClicks(dialog.speakers.search, "Ada")
    qtbot.keyClick(dialog.speakers.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Blocks · Speaker double-booked" in dialog.conflicts.text())
    assert not dialog.save_button.isEnabled()

    qtbot.mouseClick(dialog.rules_button, Qt.MouseButton.LeftButton)
    rules = dialog.rules_dialog
    qtbot.waitUntil(rules.isVisible)
    double = rules.choices[schedule.Rule.DOUBLE_BOOKED]
    double.setFocus()
    qtbot.keyClick(double, Qt.Key.Key_Down)  # block -> warn
    assert double.currentData() == "warn"
    rules.gap.selectAll()
    qtbot.keyClicks(rules.gap, "30")
    qtbot.keyClick(rules, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not rules.isVisible(), timeout=5000)
    assert edits.policy_of(ws).min_gap_minutes == 30
    assert edits.policy_of(ws).severity(schedule.Rule.DOUBLE_BOOKED) == "warn"
    qtbot.waitUntil(lambda: "Warning · Speaker double-booked" in dialog.conflicts.text())
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    assert dialog.reason.text() == ""

    qtbot.keyClicks(dialog.join_link, "javascript:alert(1)")
    qtbot.waitUntil(lambda: "is not a web address" in dialog.reason.text(), timeout=5000)
    assert not dialog.save_button.isEnabled()
    dialog.join_link.clear()
    qtbot.keyClicks(dialog.join_link, "https://meet.example.com/x")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    for k, line in enumerate(["## Agenda", "", "- **Cash** <script>alert(1)</script>"]):
        if k:
            qtbot.keyClick(dialog.description, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.description, line)
    qtbot.waitUntil(lambda: "Agenda" in dialog.preview.toPlainText(), timeout=5000)
    assert "Cash" in dialog.preview.toPlainText()
    assert "alert" not in dialog.preview.toPlainText() and "<script" not in dialog.preview.toHtml()
    dialog.tabs.setCurrentIndex(1)
    shot(dialog, "webinar-form-warning.png")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.saved_ids), timeout=5000)
    with ws.reading() as s:
        row = s.get(Webinar, dialog.saved_ids[0])
        assert row is not None and row.join_link == "https://meet.example.com/x"
        assert row.description.startswith("## Agenda")


def test_attendance_figures_by_webinar_and_by_month(context: PageContext, qtbot) -> None:
    ws = context.workspace
    made = []
    for title, when in (
        ("January talk", "2027-01-12T10:00:00"),
        ("February talk", "2027-02-09T10:00:00"),
    ):
        (wid,) = edits.create_webinar(
            ws, edits.WebinarForm(title=title, starts_at=when, zone="Europe/Paris", status="done")
        )
        made.append(wid)
    for k in range(4):
        edits.register(ws, made[0], f"P{k}", f"p{k}@example.com")
    edits.register(ws, made[1], "Q", "q@example.com")
    dialog = open_registrations(context, None, made[0])
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=5000)
    dialog.table.selectRow(0)
    dialog.table.selectionModel().select(
        dialog.model.index(2, 0),
        dialog.table.selectionModel().SelectionFlag.Select
        | dialog.table.selectionModel().SelectionFlag.Rows,
    )
    qtbot.mouseClick(dialog.attended, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.index(2, 3).data() == "yes", timeout=5000)
    assert "4 of 100 seats taken" in dialog.seats.text()

    qtbot.mouseClick(dialog.figures_button, Qt.MouseButton.LeftButton)
    figures = next(w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Attendance")
    qtbot.waitUntil(lambda: figures.model.rowCount() == 2 and bool(figures.chart.figures))
    rows = [
        tuple(figures.model.index(r, c).data() for c in (0, 2, 3, 4))
        for r in range(figures.model.rowCount())
    ]
    assert rows == [("February talk", 1, 0, "0%"), ("January talk", 4, 2, "50%")]
    assert [(f.label, f.registered, f.attended) for f in figures.chart.figures] == [
        ("2027-01", 4, 2),
        ("2027-02", 1, 0),
    ]
    shot(figures, "webinar-attendance.png")
    figures.close()
    dialog.close()


def test_closing_a_form_with_unsaved_changes_asks_first(context: PageContext, qtbot) -> None:
    dialog = opened(context, qtbot)
    qtbot.waitUntil(lambda: dialog.has_unsaved_changes() is False)
    qtbot.keyClicks(dialog.title, "Half typed")
    assert dialog.has_unsaved_changes()

    def keep_editing() -> None:
        box = dialog.close_box
        if box is None or not box.isVisible():
            QTimer.singleShot(20, keep_editing)
            return
        (keep,) = [b for b in box.buttons() if b.text() == "Keep editing"]
        keep.click()

    QTimer.singleShot(20, keep_editing)
    dialog.close()
    assert dialog.isVisible() and dialog.title.text() == "Half typed"
    dialog.discard()


def test_a_form_opened_at_an_instant_starts_there_in_the_coordinators_zone(
    context: PageContext, qtbot
) -> None:
    dialog = opened(context, qtbot, start=datetime(2027, 3, 10, 9, 0, tzinfo=UTC))
    assert (dialog.wall(), dialog.zone.zone()) == ("2027-03-10T17:00:00", "Asia/Hong_Kong")
    assert "17:00 HKT" in dialog.time_note.text()
    assert open_form(context, None) is not dialog  # new webinars each get a form
    (wid,) = edits.create_webinar(
        context.workspace,
        edits.WebinarForm(title="Once", starts_at="2027-05-01T10:00:00", zone="Europe/Paris"),
    )
    first = open_form(context, None, webinar_id=wid)
    assert open_form(context, None, webinar_id=wid) is first  # a stored one is raised


def test_registrants_are_approved_or_declined_and_the_waiting_list_moves_up(
    context: PageContext, qtbot
) -> None:
    (wid,) = edits.create_webinar(
        context.workspace,
        edits.WebinarForm(
            title="By invitation",
            starts_at="2027-06-01T09:00:00",
            zone="Europe/Paris",
            capacity=1,
            registration="approval",
            waiting_list=True,
        ),
    )
    dialog = open_registrations(context, None, wid)
    qtbot.waitUntil(dialog.approve.isVisible, timeout=5000)
    for name, email in (("Ada", "ada@example.com"), ("Bob", "bob@example.com")):
        qtbot.keyClicks(dialog.name, name)
        qtbot.keyClicks(dialog.email, email)
        qtbot.keyClick(dialog.email, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda e=email: dialog.message.text().startswith(e), timeout=5000)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    assert "Awaiting approval" in dialog.message.text()

    def statuses() -> list[str]:
        return [dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())]

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.approve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses() == ["Registered", "Awaiting approval"], timeout=5000)
    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.approve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses() == ["Registered", "Waiting list"], timeout=5000)
    qtbot.waitUntil(lambda: "1 of 1 seats taken · 1 waiting" in dialog.seats.text())
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.decline, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses() == ["Declined", "Registered"], timeout=5000)
    dialog.close()


def test_the_form_starts_in_the_zone_the_coordinator_chose(context: PageContext, qtbot) -> None:
    context.settings.coordinator_zone = "America/New_York"
    dialog = opened(context, qtbot, start=datetime(2027, 3, 10, 14, 0, tzinfo=UTC))
    assert (dialog.wall(), dialog.zone.zone()) == ("2027-03-10T09:00:00", "America/New_York")
    assert "in your zone (America/New_York)" in dialog.time_note.text()
