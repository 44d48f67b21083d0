"""Chat-log stamps that tell the time of day, not the time since the call
began: with a date (``2024-05-01 10:00:01``, ``2024-05-01T10:00:01Z``,
``2024/05/01 10:00:01``), with AM/PM (``10:00:01 AM``) or with a time zone.

Such a log's times count from its earliest stamp, as the other formats with
wall-clock times do (CCAI's epoch microseconds count from the first entry),
so that "greet within the first 30 s" means the first 30 s of the chat and
not of the day. One :class:`WallClock` reads the stamps of one log in order:

- a stamp with a date is that date and time (a zone, when given, is
  applied: ``Z``, ``+08:00``, ``-0500``);
- a stamp without a date takes the date of the stamp before it, and is on
  the next day when it is more than 12 hours earlier than that stamp: the
  chat went on past midnight (``11:59:58 PM``, then ``12:00:03 AM``).
"""

from __future__ import annotations

import datetime
import functools
import re

from ._memo import Memo
from ._transcripts import clock_value

DAY = 86_400
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?")
_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_ZONE = re.compile(r"([+-])(\d{2}):?(\d{2})")


class WallClock:
    """The wall-clock stamps of one log, read in order, as seconds on one
    time line (from an arbitrary zero: see :attr:`earliest`)."""

    def __init__(self) -> None:
        self.day = 0  # the day of the stamp before (a date's ordinal)
        self.last: float | None = None  # its local time, in seconds
        self.earliest: float | None = None  # the earliest stamp so far: time zero

    def seconds(
        self, date: str | None, clock: str, ampm: str | None, zone: str | None
    ) -> float | None:
        """Seconds of a stamp given as its parts (``clock`` is ``h:mm`` or
        ``h:mm:ss`` with an optional fraction, ``ampm`` the letter of AM or
        PM); ``None`` when they are no valid date or time of day."""
        time = _time_of_day(clock, ampm)
        offset = _zone_offset(zone)
        if time is None or offset is None:
            return None
        day = None
        if date is not None:
            day = _date_ordinal(date)
            if day is None:
                return None
        value = self.local(time, day) - offset
        if self.earliest is None or value < self.earliest:
            self.earliest = value
        return value

    def local(self, time: float, day: int | None = None) -> float:
        """Seconds of the time of day ``time`` on ``day`` (a date's ordinal),
        else on the day of the stamp before, or the next day when it is more
        than 12 hours earlier than that stamp (the log passed midnight)."""
        if day is None:
            day = self.day
            if self.last is not None and day * DAY + time < self.last - DAY / 2:
                day += 1
        local = day * DAY + time
        self.day, self.last = day, local
        return local


def _time_of_day(clock: str, ampm: str | None) -> float | None:
    return _TIMES[clock + ampm if ampm else clock]


def _time_of_key(key: str) -> float | None:
    """:func:`_parse_time_of_day` of a clock with its AM/PM letter after it
    (a clock holds no letter)."""
    if key[-1:].isalpha():
        return _parse_time_of_day(key[:-1], key[-1])
    return _parse_time_of_day(key, None)


def _parse_time_of_day(clock: str, ampm: str | None) -> float | None:
    m = _CLOCK.fullmatch(clock)
    if m is None:
        return None
    hours, minutes, secs, frac = m.groups()
    value = clock_value(None, minutes, secs or "0", frac[:3] if frac else None)
    hour = int(hours)
    if value is None or hour > (12 if ampm else 23):
        return None
    if ampm:
        hour = hour % 12 + (12 if ampm in "Pp" else 0)
    return hour * 3600 + value


# Seconds of each time of day seen, by its clock and AM/PM letter (see
# _memo): a batch of logs repeats the stamps of the same hours. This is a
# third of what a dated chat-log line costs on the fast path.
_TIMES: Memo[float] = Memo(_time_of_key)


# A log has a date or two, a batch a few hundred: each is worked out once.
@functools.lru_cache(maxsize=4096)
def _date_ordinal(date: str) -> int | None:
    m = _DATE.fullmatch(date)
    if m is None:
        return None
    try:
        return datetime.date(*map(int, m.groups())).toordinal()
    except ValueError:  # 2024-02-30
        return None


def _zone_offset(zone: str | None) -> int | None:
    """Seconds east of UTC of ``Z``, ``+08:00`` or ``-0500`` (0 without a
    zone); ``None`` when it is no valid offset."""
    if zone is None or zone == "Z":
        return 0
    m = _ZONE.fullmatch(zone)
    if m is None:
        return None
    sign, hours, minutes = m.groups()
    if int(hours) > 14 or int(minutes) >= 60:
        return None
    return (-1 if sign == "-" else 1) * (int(hours) * 3600 + int(minutes) * 60)
