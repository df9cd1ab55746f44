"""`studio webinar export-ics` as a user runs it: the demo calendar, one webinar, the errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import icalendar
import pytest

from studio.domain.ics import uid_for
from tests.integration.test_cli import studio


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    done = studio("--data-dir", str(folder), "--workspace", "demo", "demo", "--scale", "small")
    assert done.returncode == 0, done.stderr
    return folder


def export(demo_dir: Path, *args: str) -> tuple[int, str, str]:
    done = studio(
        "--data-dir", str(demo_dir), "--workspace", "demo", "webinar", "export-ics", *args
    )
    assert "Traceback" not in done.stderr
    return done.returncode, done.stdout, done.stderr


def rows(demo_dir: Path, query: str) -> list[tuple[str, ...]]:
    path = demo_dir / "workspaces" / "demo" / "workspace.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(query).fetchall()


def test_the_whole_calendar(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "calendar.ics"
    code, said, _ = export(demo_dir, "--out", str(out))
    assert code == 0 and said.startswith(f"Wrote the calendar to {out}: 20 webinar(s)")
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    masters = [e for e in events if "RECURRENCE-ID" not in e]
    assert len({e["UID"] for e in masters}) == len(masters)  # one event per webinar or series
    singles = rows(demo_dir, "select id from webinars where series_id is null")
    series = rows(demo_dir, "select distinct series_id from webinars where series_id is not null")
    assert {str(e["UID"]) for e in masters} == {uid_for(i) for (i,) in singles + series}
    used = {e["DTSTART"].params.get("TZID") for e in events} - {None}
    assert used == {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}


def test_one_webinar_and_stdout(demo_dir: Path, tmp_path: Path) -> None:
    ((wid, title),) = rows(
        demo_dir, "select id, title from webinars where series_id is null order by id limit 1"
    )
    out = tmp_path / "one.ics"
    code, said, _ = export(demo_dir, "--out", str(out), "--id", wid)
    assert code == 0 and f"“{title}”" in said
    (event,) = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert event["UID"] == uid_for(wid)
    code, said, _ = export(demo_dir, "--out", "-", "--id", wid)
    assert code == 0 and said.replace("\r\n", "\n") == out.read_bytes().decode().replace(
        "\r\n", "\n"
    )


def test_clear_errors(demo_dir: Path, tmp_path: Path) -> None:
    code, _, err = export(demo_dir, "--out", str(tmp_path / "x.ics"), "--id", "no-such-id")
    assert code == 2 and err == "studio: There is no webinar or series 'no-such-id'.\n"
    assert not (tmp_path / "x.ics").exists()
    code, _, err = export(demo_dir, "--out", str(tmp_path / "missing" / "x.ics"))
    assert code == 2 and err.startswith("studio: cannot write ") and "No such file" in err
    code, _, err = export(demo_dir, "--out", str(tmp_path))
    assert code == 2 and "Is a directory" in err
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
