"""Registrations: the seat rules and the waiting list, CSV import with each kind of bad row,
and the webinar writes (series, occurrences, ops) the form relies on."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from studio.domain import registrations as reg
from studio.domain import schedule
from studio.store import webinar_edits as edits
from studio.store.models import OutboxOp, Webinar, WebinarRegistration
from studio.store.workspace import OperationError, Workspace

GOOD = "email,name\nada@example.com,Ada Lovelace\ngrace@example.org,Grace Hopper\n"


def test_good_csv_reads_every_row() -> None:
    result = reg.read_csv(GOOD.encode())
    assert not result.problem and not result.bad
    assert [(r.line, r.email, r.name) for r in result.rows] == [
        (2, "ada@example.com", "Ada Lovelace"),
        (3, "grace@example.org", "Grace Hopper"),
    ]


def test_each_kind_of_bad_row_is_named_with_its_line_and_reason() -> None:
    data = (
        "\ufeffName;E-mail\n".encode()
        + b"Ada Lovelace;ada@example.com\n"
        + "Zoë Martin;zoe@example.com\n".encode("latin-1")  # another encoding
        + b"Only a name\n"  # missing column
        + b";missing@example.com\n"  # empty name
        + b"Bad Address;not-an-address\n"
        + b"Ada Again;ADA@example.com\n"  # duplicate in the file
        + b"Known;known@example.com\n"  # registered already
        + b"\n"
        + b"Chen Wei;chen@example.hk\n"
    )
    result = reg.read_csv(data, already=["Known@Example.com"])
    assert not result.problem
    assert [r.email for r in result.rows] == ["ada@example.com", "chen@example.hk"]
    reasons = {b.line: b.reason for b in result.bad}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "Not UTF-8" in reasons[3] and "0xeb" in reasons[3]
    assert reasons[4] == "Missing email."
    assert reasons[5] == "Missing name."
    assert "not a valid e-mail address" in reasons[6]
    assert "duplicate (first on line 2)" in reasons[7]
    assert "duplicate (registered already)" in reasons[8]
    assert "Zo" in result.bad[0].text  # shown, with a replacement character


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"name,phone\nAda,123\n", "no email column"),
        (b"\xff\xfename,email\n", "not UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_at_all_says_why(data: bytes, problem: str) -> None:
    result = reg.read_csv(data)
    assert problem in result.problem and not result.rows


def test_an_export_reads_back_and_defuses_formulas() -> None:
    data = reg.write_csv(
        [
            ("ada@example.com", "=HYPERLINK(1)", "registered", True, "2027-01-01T00:00:00Z"),
            ("bob@example.com", "Bob", "waiting", False, "2027-01-01T00:00:01Z"),
        ]
    )
    result = reg.read_csv(data)
    assert not result.bad
    assert [(r.name, r.status, r.attended) for r in result.rows] == [
        ("'=HYPERLINK(1)", "registered", True),
        ("Bob", "waiting", False),
    ]


def test_seat_rules() -> None:
    assert reg.status_for_new("open", 2, 1, False) is reg.Status.REGISTERED
    assert reg.status_for_new("open", 2, 2, True) is reg.Status.WAITING
    assert reg.status_for_new("approval", 2, 0, False) is reg.Status.PENDING_APPROVAL
    with pytest.raises(reg.RegistrationError, match="full"):
        reg.status_for_new("open", 2, 2, False)
    with pytest.raises(reg.RegistrationError, match="closed"):
        reg.status_for_new("closed", 2, 0, True)
    t = datetime(2027, 1, 1, tzinfo=UTC)
    seats = [
        reg.Seat("a", "registered", t),
        reg.Seat("late", "waiting", t.replace(hour=2)),
        reg.Seat("early", "waiting", t.replace(hour=1)),
    ]
    assert reg.promotions(2, seats) == ["early"]
    assert reg.promotions(3, seats) == ["early", "late"]
    assert reg.promotions(1, seats) == []


def webinar(ws: Workspace, **fields: object) -> str:
    form = edits.WebinarForm(
        title="Trade finance", starts_at="2027-05-04T14:00:00", zone="Europe/Paris"
    )
    (made,) = edits.create_webinar(ws, _with(form, **fields))
    return made


def _with(form: edits.WebinarForm, **fields: object) -> edits.WebinarForm:
    from dataclasses import replace

    return replace(form, **fields)  # type: ignore[arg-type]


def statuses(ws: Workspace, webinar_id: str) -> dict[str, str]:
    with ws.reading() as s:
        rows = s.execute(
            select(WebinarRegistration.email, WebinarRegistration.status).where(
                WebinarRegistration.webinar_id == webinar_id
            )
        ).all()
    return dict(rows)


def test_the_waiting_list_is_promoted_when_a_seat_frees(workspace: Workspace) -> None:
    wid = webinar(workspace, capacity=2, waiting_list=True)
    for name in ("a", "b", "c", "d"):
        edits.register(workspace, wid, name.upper(), f"{name}@example.com")
    assert statuses(workspace, wid) == {
        "a@example.com": "registered",
        "b@example.com": "registered",
        "c@example.com": "waiting",
        "d@example.com": "waiting",
    }
    with workspace.reading() as s:
        first = s.scalars(
            select(WebinarRegistration.id).where(WebinarRegistration.email == "a@example.com")
        ).one()
    promoted = edits.cancel_registration(workspace, first)
    assert len(promoted) == 1
    got = statuses(workspace, wid)
    assert got["a@example.com"] == "cancelled"
    assert got["c@example.com"] == "registered" and got["d@example.com"] == "waiting"
    assert edits.seats(workspace, wid).seated == 2
    with workspace.reading() as s:
        row = s.get(Webinar, wid)
        assert row is not None and row.registered == 2
    with pytest.raises(OperationError, match="registered already"):
        edits.register(workspace, wid, "A", "A@example.com")
    # A larger capacity seats the waiting list; a smaller one than the seats taken is refused.
    form = edits.load_form(workspace, wid)
    edits.update_webinar(workspace, _with(form, capacity=3))
    assert statuses(workspace, wid)["d@example.com"] == "registered"
    with pytest.raises(OperationError, match="3 people are registered"):
        edits.update_webinar(workspace, _with(form, capacity=1))


def test_a_full_webinar_without_a_waiting_list_turns_people_away(workspace: Workspace) -> None:
    wid = webinar(workspace, capacity=1)
    edits.register(workspace, wid, "A", "a@example.com")
    with pytest.raises(OperationError, match="full"):
        edits.register(workspace, wid, "B", "b@example.com")


def test_approval_mode_approves_into_seats_and_a_decline_promotes(workspace: Workspace) -> None:
    wid = webinar(workspace, capacity=1, registration="approval", waiting_list=True)
    for name in ("a", "b"):
        assert edits.register(workspace, wid, name, f"{name}@example.com") == "pending_approval"
    with workspace.reading() as s:
        ids = dict(s.execute(select(WebinarRegistration.email, WebinarRegistration.id)).all())
    assert edits.decide_registration(workspace, ids["a@example.com"], True) == "registered"
    assert edits.decide_registration(workspace, ids["b@example.com"], True) == "waiting"
    assert edits.decide_registration(workspace, ids["a@example.com"], False) == "declined"
    assert statuses(workspace, wid)["b@example.com"] == "registered"


def test_a_csv_import_is_all_or_nothing(workspace: Workspace) -> None:
    wid = webinar(workspace, capacity=1, waiting_list=True)
    rows = reg.read_csv(GOOD.encode()).rows
    assert edits.import_registrations(workspace, wid, rows) == {"registered": 1, "waiting": 1}
    with pytest.raises(OperationError, match="registered already"):
        edits.import_registrations(
            workspace, wid, [*reg.read_csv(b"email,name\nnew@example.com,New\n").rows, rows[0]]
        )
    assert "new@example.com" not in statuses(workspace, wid)
    exported = edits.export_registrations(workspace, wid)
    back = reg.read_csv(exported)
    assert [(r.email, r.status) for r in back.rows] == [
        ("ada@example.com", "registered"),
        ("grace@example.org", "waiting"),
    ]


def ops(ws: Workspace) -> list[OutboxOp]:
    with ws.reading() as s:
        return list(s.scalars(select(OutboxOp).order_by(OutboxOp.seq)))


def test_a_weekly_series_across_a_dst_change_keeps_its_wall_time(workspace: Workspace) -> None:
    form = edits.WebinarForm(
        title="Monday briefing",
        starts_at="2027-03-22T09:00:00",
        zone="Europe/Paris",
        recurrence=schedule.Recurrence(schedule.Frequency.WEEKLY, count=3),
    )
    ids = edits.create_webinar(workspace, form)
    assert len(ids) == 3 and len(ops(workspace)) == 3
    with workspace.reading() as s:
        rows = [s.get(Webinar, i) for i in ids]
    assert [r.starts_at for r in rows if r] == [
        "2027-03-22T09:00:00",
        "2027-03-29T09:00:00",
        "2027-04-05T09:00:00",
    ]
    # 08:00 UTC before the change (CET), 07:00 UTC after it (CEST).
    assert [r.starts_at_utc.hour for r in rows if r] == [8, 7, 7]
    assert len({r.series_id for r in rows if r}) == 1

    # The whole series one hour later: every occurrence keeps its wall time, one op each.
    second = edits.load_form(workspace, ids[1])
    edits.update_webinar(
        workspace, _with(second, starts_at="2027-03-29T10:00:00"), whole_series=True
    )
    with workspace.reading() as s:
        rows = [s.get(Webinar, i) for i in ids]
    assert [r.starts_at[11:16] for r in rows if r] == ["10:00", "10:00", "10:00"]
    updates = [o for o in ops(workspace) if o.action == "update"]
    assert updates == []  # never sent: the updates joined the queued creates
    assert [o.data["starts_at"][11:16] for o in ops(workspace)] == ["10:00"] * 3

    # One occurrence on its own, then one cancelled: the others stay.
    third = edits.load_form(workspace, ids[2])
    edits.update_webinar(workspace, _with(third, starts_at="2027-04-05T15:00:00"))
    edits.cancel_webinar(workspace, ids[0])
    with workspace.reading() as s:
        rows = [s.get(Webinar, i) for i in ids]
    assert [(r.starts_at[11:16], r.status) for r in rows if r] == [
        ("10:00", "cancelled"),
        ("10:00", "scheduled"),
        ("15:00", "scheduled"),
    ]


def test_a_series_ending_on_a_date_and_bad_forms_are_refused(workspace: Workspace) -> None:
    form = edits.WebinarForm(
        title="Daily stand-up",
        starts_at="2027-01-04T08:30:00",
        zone="America/New_York",
        recurrence=schedule.Recurrence(schedule.Frequency.DAILY, until=date(2027, 1, 8)),
    )
    assert len(edits.create_webinar(workspace, form)) == 5
    with pytest.raises(OperationError, match="does not exist"):
        edits.create_webinar(workspace, _with(form, starts_at="2027-03-14T02:30:00"))
    with pytest.raises(OperationError, match="happens twice"):
        edits.create_webinar(workspace, _with(form, starts_at="2027-11-07T01:30:00", fold=None))
    with pytest.raises(OperationError, match="web address"):
        edits.create_webinar(workspace, _with(form, join_link="javascript:alert(1)"))


def test_a_form_saves_only_what_the_user_changed_and_refuses_a_part_changed_meanwhile(
    workspace: Workspace,
) -> None:
    wid = webinar(workspace)
    opened = edits.load_form(workspace, wid)
    # Meanwhile (the sync, another window) the title changes.
    edits.update_webinar(workspace, _with(opened, title="Trade finance, revised"))
    # The form the user still has open changes the capacity only: the new title stays.
    edits.update_webinar(workspace, _with(opened, capacity=40), original=opened)
    now = edits.load_form(workspace, wid)
    assert (now.title, now.capacity) == ("Trade finance, revised", 40)
    # Changing the title in that stale form would overwrite the other change: refused.
    with pytest.raises(OperationError, match="its title changed"):
        edits.update_webinar(workspace, _with(opened, title="Mine"), original=opened)
    assert edits.load_form(workspace, wid).title == "Trade finance, revised"


def test_a_speaker_edit_keeps_changes_made_meanwhile_and_queues_its_ops(
    workspace: Workspace,
) -> None:
    sid = edits.save_speaker(
        workspace,
        edits.SpeakerForm("", "Ada", zone="Europe/London", availability=("mon 9:00-17:00",)),
    )
    opened = edits.load_speaker(workspace, sid)
    assert opened.availability == ("Mon 09:00-17:00",)  # kept the standard way
    edits.save_speaker(workspace, _with_speaker(opened, bio="Mathematician."))
    edits.save_speaker(workspace, _with_speaker(opened, zone="Europe/Paris"), opened)
    now = edits.load_speaker(workspace, sid)
    assert (now.bio, now.zone) == ("Mathematician.", "Europe/Paris")
    with pytest.raises(OperationError, match="their bio changed"):
        edits.save_speaker(workspace, _with_speaker(opened, bio="Poet."), opened)
    with pytest.raises(OperationError, match="not an IANA time zone"):
        edits.save_speaker(workspace, _with_speaker(opened, zone="Mars/Olympus"))
    assert [(o.record_type, o.action) for o in ops(workspace)] == [("speaker", "create")]
    assert ops(workspace)[0].data["availability"] == ["Mon 09:00-17:00"]
    assert ops(workspace)[0].data["zone"] == "Europe/Paris"  # unsent edits joined the create


def _with_speaker(form: edits.SpeakerForm, **fields: object) -> edits.SpeakerForm:
    from dataclasses import replace

    return replace(form, **fields)  # type: ignore[arg-type]
