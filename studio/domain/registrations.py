"""Registrations to a webinar: who gets a seat, who waits, and registrants read from a CSV file.

No Qt, no SQL. The seat rules: in ``open`` mode a registrant takes a free seat, or waits when
the webinar keeps a waiting list, or is turned away; in ``approval`` mode every registrant waits
for a coordinator's approval (an approval takes a seat, or a place on the waiting list); in
``closed`` mode nobody new comes in. When a seat frees (a cancellation, a declined registrant,
a larger capacity) the waiting list is promoted in the order people joined it.

A CSV import is all or nothing: :func:`read_csv` reads every row and names each bad one with
its reason (a line that is not UTF-8, a missing column, an invalid e-mail address, an address
given twice or already registered); nothing is imported until the user has seen them and
chosen to skip them (``CsvImport.rows`` are the good ones).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"
    PENDING_APPROVAL = "pending_approval"
    DECLINED = "declined"
    CANCELLED = "cancelled"


#: The statuses that hold a seat, and those that hold a place in a queue.
SEATED = frozenset({Status.REGISTERED})


class RegistrationError(ValueError):
    """A registration that cannot be made; ``code`` says why, ``str()`` says it plainly."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Seat:
    """One registration as the seat rules see it."""

    id: str
    status: str
    registered_at: datetime


def status_for_new(mode: str, capacity: int, seated: int, waiting_list: bool) -> Status:
    """The status a new registrant gets; RegistrationError when they cannot register."""
    if mode == "closed":
        raise RegistrationError("closed", "Registration to this webinar is closed.")
    if mode == "approval":
        return Status.PENDING_APPROVAL
    if seated < capacity:
        return Status.REGISTERED
    if waiting_list:
        return Status.WAITING
    raise RegistrationError("full", "The webinar is full and keeps no waiting list.")


def status_on_approval(capacity: int, seated: int, waiting_list: bool) -> Status:
    """What an approved registrant becomes: a seat if one is free, else the waiting list."""
    if seated < capacity:
        return Status.REGISTERED
    if waiting_list:
        return Status.WAITING
    raise RegistrationError(
        "full", "The webinar is full and keeps no waiting list: raise the capacity first."
    )


def promotions(capacity: int, seats: Iterable[Seat]) -> list[str]:
    """Ids of the waiting registrants who now get a seat, first come first served."""
    items = list(seats)
    free = capacity - sum(1 for s in items if s.status in SEATED)
    if free <= 0:
        return []
    waiting = sorted(
        (s for s in items if s.status == Status.WAITING), key=lambda s: (s.registered_at, s.id)
    )
    return [s.id for s in waiting[:free]]


# -- CSV ---------------------------------------------------------------------------------------

#: A practical address check: something@domain.tld, no spaces, one @.
EMAIL = re.compile(r"^[^@\s,;<>\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")

#: Column names read from a header (case and spaces ignored), by what they hold.
COLUMNS = {
    "email": ("email", "e-mail", "mail", "email address", "courriel"),
    "name": ("name", "full name", "nom", "display name"),
    "status": ("status",),
    "attended": ("attended",),
}
REQUIRED = ("email", "name")
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Registrant:
    """A good row: who, and (from an export read back) their status and attendance."""

    line: int
    email: str
    name: str
    status: str = ""
    attended: bool = False


@dataclass(frozen=True)
class BadRow:
    """A row that will not be imported: its line in the file, the text as read, and why."""

    line: int
    text: str
    reason: str


@dataclass
class CsvImport:
    rows: list[Registrant] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    #: A problem with the whole file (no header, no e-mail column): nothing can be imported.
    problem: str = ""


def valid_email(text: str) -> bool:
    return len(text) <= 320 and EMAIL.match(text) is not None


def read_csv(data: bytes, already: Iterable[str] = ()) -> CsvImport:
    """Read registrants from CSV ``data`` (UTF-8, a BOM allowed; commas or semicolons).

    The first line is a header naming at least ``email`` and ``name`` columns. Each row is
    checked on its own, so one line in another encoding is one bad row, not a refused file.
    ``already`` holds the addresses registered before (compared without case).
    """
    result = CsvImport()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.splitlines()
    if not lines or not lines[0].strip():
        result.problem = "The file is empty: it needs a header line naming email and name."
        return result
    try:
        header_text = lines[0].decode("utf-8")
    except UnicodeDecodeError:
        result.problem = "The header line is not UTF-8 text; save the file as UTF-8 CSV."
        return result
    delimiter = ";" if header_text.count(";") > header_text.count(",") else ","
    header = [h.strip().lower() for h in _fields(header_text, delimiter)]
    where: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for k, name in enumerate(header):
            if name in names:
                where[key] = k
                break
    missing = [key for key in REQUIRED if key not in where]
    if missing:
        result.problem = (
            f"The header line has no {' and no '.join(missing)} column "
            f"(it names: {', '.join(h for h in header if h) or 'nothing'})."
        )
        return result
    if len(lines) - 1 > MAX_ROWS:
        result.problem = f"The file has more than {MAX_ROWS:,} rows; split it."
        return result
    seen = {a.strip().lower(): "registered already" for a in already}
    width = max(where.values()) + 1
    for number, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            shown = raw.decode("utf-8", errors="replace")
            result.bad.append(
                BadRow(
                    number,
                    shown,
                    f"Not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
                    "the file may be in another encoding.",
                )
            )
            continue
        values = _fields(text, delimiter)
        if len(values) < width or any(not values[where[k]].strip() for k in REQUIRED):
            absent = [
                k for k in REQUIRED if where[k] >= len(values) or not values[where[k]].strip()
            ]
            result.bad.append(BadRow(number, text, f"Missing {' and '.join(absent)}."))
            continue
        email = values[where["email"]].strip()
        name = values[where["name"]].strip()
        if not valid_email(email):
            result.bad.append(BadRow(number, text, f"“{email}” is not a valid e-mail address."))
            continue
        key = email.lower()
        if key in seen:
            result.bad.append(BadRow(number, text, f"{email} is a duplicate ({seen[key]})."))
            continue
        seen[key] = f"first on line {number}"
        status = (
            values[where["status"]].strip()
            if "status" in where and where["status"] < len(values)
            else ""
        )
        attended = (
            "attended" in where
            and where["attended"] < len(values)
            and values[where["attended"]].strip().lower() in ("1", "yes", "true", "x", "oui")
        )
        if status and status not in {s.value for s in Status}:
            status = ""
        result.rows.append(Registrant(number, email, name[:200], status, attended))
    return result


def _fields(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def write_csv(rows: Sequence[tuple[str, str, str, bool, str]]) -> bytes:
    """An export: ``(email, name, status, attended, registered_at)`` rows with a header, UTF-8;
    :func:`read_csv` reads it back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["email", "name", "status", "attended", "registered_at"])
    for email, name, status, attended, at in rows:
        writer.writerow([email, _safe_cell(name), status, "yes" if attended else "no", at])
    return out.getvalue().encode("utf-8")


def _safe_cell(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# -- attendance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
    """Registered against attended, for one webinar or one month."""

    label: str
    registered: int
    attended: int

    @property
    def rate(self) -> float:
        return self.attended / self.registered if self.registered else 0.0


def by_month(items: Iterable[tuple[datetime, int, int]]) -> list[Attendance]:
    """Figures of webinars ``(start, registered, attended)`` summed by month (``YYYY-MM``)."""
    months: dict[str, list[int]] = {}
    for start, registered, attended in items:
        figures = months.setdefault(start.strftime("%Y-%m"), [0, 0])
        figures[0] += registered
        figures[1] += attended
    return [Attendance(m, r, a) for m, (r, a) in sorted(months.items())]
