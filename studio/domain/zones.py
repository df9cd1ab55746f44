"""Wall times in IANA zones: the instant they name, and the two ways a wall time can be wrong.

A webinar starts at a wall time in its zone ("2027-03-25T10:00:00" in "Europe/Paris"), so it
stays right when DST rules change. A wall time in a DST gap names no instant and is refused; one
in a fold names two, and ``fold`` (0: the first pass, 1: the second) says which.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class WallTimeError(ValueError):
    """A wall time that names no single instant; ``code`` says why, ``str()`` says it plainly."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def zone_of(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; WallTimeError(unknown_zone) if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        # OSError: a name that is a folder of the zone database ("Europe"), as typed halfway.
        raise WallTimeError("unknown_zone", f"{name!r} is not an IANA time zone.") from exc


def parse_wall(text: str) -> datetime:
    """A wall time without offset (``2027-03-25T10:00:00``); WallTimeError(bad_wall_time)."""
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise WallTimeError("bad_wall_time", f"{text!r} is not a wall time.") from exc
    if value.tzinfo is not None:
        raise WallTimeError(
            "bad_wall_time", f"{text!r} carries an offset; give the wall time only."
        )
    return value


def is_ambiguous(wall: datetime, zone: ZoneInfo) -> bool:
    """True when the wall time happens twice in ``zone`` (a fold)."""
    first = wall.replace(tzinfo=zone, fold=0).utcoffset()
    second = wall.replace(tzinfo=zone, fold=1).utcoffset()
    return first != second and not is_missing(wall, zone)


def is_missing(wall: datetime, zone: ZoneInfo) -> bool:
    """True when the wall time never happens in ``zone`` (a DST gap)."""
    aware = wall.replace(tzinfo=zone)
    back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return back != wall


def wall_to_utc(
    starts_at: str, zone: str, fold: int | None = 0, *, strict: bool = False
) -> datetime:
    """The UTC instant of ``starts_at`` in ``zone``.

    ``fold`` picks the pass of a repeated hour. With ``strict`` a wall time in a gap is refused
    (WallTimeError ``wall_time_in_gap``) and one in a fold must say which pass (``fold`` not None,
    else ``ambiguous_wall_time``); an unknown zone or a malformed wall time is refused too.
    """
    where = zone_of(zone)
    wall = parse_wall(starts_at)
    if strict:
        if wall.year < 2 or wall.year > 9998:
            raise WallTimeError("bad_wall_time", f"{starts_at} is out of range.")
        if is_missing(wall, where):
            raise WallTimeError(
                "wall_time_in_gap",
                f"{starts_at} does not exist in {zone}: the clocks skip that hour.",
            )
        if fold is None and is_ambiguous(wall, where):
            raise WallTimeError(
                "ambiguous_wall_time",
                f"{starts_at} happens twice in {zone}: say which (fold 0 or 1).",
            )
    if fold not in (None, 0, 1):
        raise WallTimeError("bad_fold", "fold is 0 (first pass) or 1 (second pass).")
    try:
        return wall.replace(tzinfo=where, fold=fold or 0).astimezone(UTC)
    except OverflowError:
        raise WallTimeError("bad_wall_time", f"{starts_at} is out of range.") from None
