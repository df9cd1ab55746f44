"""A real CalDAV server (Radicale, on loopback) takes Studio's .ics, and a rescheduled webinar
updates the event it holds instead of adding a second one.

The webinars reach the workspace the way the Hub's changes do (``replica.apply_page``), the .ics
is made by ``studio webinar export-ics`` in a fresh process, and it goes to the server by PUT.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
import requests

from studio.domain.ics import uid_for
from studio.domain.zones import wall_to_utc
from studio.store import replica
from studio.store.workspace import Workspace, workspace_path
from tests.hub.hubproc import free_port

pytest.importorskip("radicale")

AUTH = ("alice", "secret")
WEBINAR = "5b1f3c4e-8d2a-4f6b-9c0d-1e2f3a4b5c6d"
SERIES = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"
SPEAKER = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


@pytest.fixture(scope="module")
def caldav(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server with user alice and an empty calendar; yields the calendar's URL."""
    folder = tmp_path_factory.mktemp("radicale")
    (folder / "users").write_text("alice:secret\n")
    (folder / "config").write_text("")  # no system or user config files
    port = free_port()
    log = (folder / "log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            str(folder / "config"),
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(folder / "collections"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(folder / "users"),
            "--auth-htpasswd-encryption",
            "plain",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{base}/", timeout=2)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"Radicale did not start: {(folder / 'log').read_text()}"
                    ) from None
                time.sleep(0.1)
        url = f"{base}/alice/webinars/"
        made = requests.request("MKCALENDAR", url, auth=AUTH, timeout=30)
        assert made.status_code == 201, made.text
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def feed(workspace: Workspace, *records: dict[str, object]) -> None:
    """Apply webinar records as the Hub's change feed would deliver them."""
    changes = [
        {"type": "webinar", "id": r["id"], "version": r["version"], "deleted": False, "data": r}
        for r in records
    ]
    replica.apply_page(workspace, changes, str(time.monotonic_ns()))


def webinar(
    wid: str, starts_at: str, zone: str, version: int, **fields: object
) -> dict[str, object]:
    utc = wall_to_utc(starts_at, zone, 0, strict=True)
    return {
        "id": wid,
        "version": version,
        "title": "Trade finance Q&A",
        "description": "Letters of credit, **in practice**.",
        "starts_at": starts_at,
        "zone": zone,
        "fold": 0,
        "starts_at_utc": utc.isoformat().replace("+00:00", "Z"),
        "duration_minutes": 60,
        "speaker_ids": [SPEAKER],
        "host_ids": [],
        "capacity": 100,
        "registration": "open",
        "status": "scheduled",
        "series_id": None,
        "registered": 0,
        "attended": 0,
        **fields,
    }


def export(data_dir: Path, record_id: str) -> bytes:
    out = data_dir / f"{record_id}.ics"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio",
            "--data-dir",
            str(data_dir),
            "--workspace",
            "cal",
            "webinar",
            "export-ics",
            "--id",
            record_id,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote ")
    return out.read_bytes()


def put(url: str, name: str, data: bytes) -> int:
    r = requests.put(
        f"{url}{name}.ics",
        data=data,
        auth=AUTH,
        headers={"Content-Type": "text/calendar; charset=utf-8"},
        timeout=30,
    )
    assert r.status_code in (201, 204), r.text
    return r.status_code


def held(url: str) -> list[str]:
    """The hrefs of the calendar objects the server holds."""
    r = requests.request(
        "PROPFIND",
        url,
        auth=AUTH,
        headers={"Depth": "1", "Content-Type": "application/xml"},
        data=b'<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>',
        timeout=30,
    )
    assert r.status_code == 207, r.text
    hrefs = [e.text or "" for e in ET.fromstring(r.content).iter("{DAV:}href")]
    return sorted(h for h in hrefs if h.endswith(".ics"))


def masters(url: str, uid: str) -> int:
    """How many events (not overrides) with ``uid`` the whole calendar holds."""
    r = requests.get(url, auth=AUTH, timeout=30)  # Radicale: the collection as one calendar
    assert r.status_code == 200, r.text
    return sum(
        1
        for e in icalendar.Calendar.from_ical(r.content).walk("VEVENT")
        if e["UID"] == uid and "RECURRENCE-ID" not in e
    )


def fetched(url: str, name: str) -> icalendar.Calendar:
    r = requests.get(f"{url}{name}.ics", auth=AUTH, timeout=30)
    assert r.status_code == 200, r.text
    return icalendar.Calendar.from_ical(r.content)


def test_a_rescheduled_webinar_updates_the_event_the_server_holds(
    caldav: str, data_dir: Path
) -> None:
    workspace = Workspace.open(workspace_path(data_dir, "cal"), "cal")
    try:
        feed(workspace, webinar(WEBINAR, "2027-03-25T10:00:00", "Europe/Paris", 1))
        uid = uid_for(WEBINAR)
        assert put(caldav, WEBINAR, export(data_dir, WEBINAR)) == 201
        before = held(caldav)
        assert f"/alice/webinars/{WEBINAR}.ics" in before and masters(caldav, uid) == 1

        # Rescheduled on the Hub to after the clocks change: a new version arrives.
        feed(workspace, webinar(WEBINAR, "2027-03-30T15:30:00", "Europe/Paris", 2))
        assert put(caldav, WEBINAR, export(data_dir, WEBINAR)) == 204  # replaced, not created
    finally:
        workspace.close()
    assert held(caldav) == before and masters(caldav, uid) == 1
    (event,) = fetched(caldav, WEBINAR).walk("VEVENT")
    assert event["UID"] == uid and event["SEQUENCE"] == 2
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART").isoformat() == "2027-03-30T15:30:00+02:00"


def test_a_series_with_a_cancelled_occurrence_stays_one_event(caldav: str, data_dir: Path) -> None:
    walls = ["2027-10-18T09:00:00", "2027-10-25T09:00:00", "2027-11-01T09:00:00"]
    ids = [f"{SERIES[:-1]}{n}" for n in range(len(walls))]
    workspace = Workspace.open(workspace_path(data_dir, "cal"), "cal")
    try:
        feed(
            workspace,
            *(
                webinar(i, w, "America/New_York", 1, series_id=SERIES)
                for i, w in zip(ids, walls, strict=True)
            ),
        )
        uid = uid_for(SERIES)
        put(caldav, SERIES, export(data_dir, ids[1]))  # a webinar of a series: the whole series
        before = held(caldav)
        (first,) = fetched(caldav, SERIES).walk("VEVENT")
        assert first["RRULE"]["FREQ"] == ["WEEKLY"] and first["RRULE"]["COUNT"] == [3]

        feed(
            workspace,
            webinar(ids[1], walls[1], "America/New_York", 2, series_id=SERIES, status="cancelled"),
        )
        assert put(caldav, SERIES, export(data_dir, SERIES)) == 204
    finally:
        workspace.close()
    assert held(caldav) == before and masters(caldav, uid) == 1
    (master,) = fetched(caldav, SERIES).walk("VEVENT")
    assert master["SEQUENCE"] == 4  # the sum of the occurrences' versions rose
    assert [d.dt.isoformat() for d in master["EXDATE"].dts] == ["2027-10-25T09:00:00-04:00"]
    zones = [tz["TZID"] for tz in fetched(caldav, SERIES).walk("VTIMEZONE")]
    assert zones == ["America/New_York"]
