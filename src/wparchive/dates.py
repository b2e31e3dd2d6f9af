"""Date conversion for WordPress values.

WordPress stores ``YYYY-MM-DD HH:MM:SS`` both in site-local time (``post_date``)
and in UTC (``post_date_gmt``). The data contract wants UTC as ISO 8601 ending in
``Z`` and keeps the local time without a zone. WordPress writes
``0000-00-00 00:00:00`` for "no date" (drafts, some imports): that becomes null.

Every value is checked as a calendar date: ``2020-99-99 99:99:99`` is not a
date and becomes null (the importer keeps the raw text in ``extra``), never a
string that merely looks like one.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

_WP_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*$")

# RFC 822 / 2822 as RSS writes it: "Tue, 18 Jan 2011 07:40:14 +0000". Parsed here rather
# than with email.utils, which reads the year "0001" as 2001 (its two-digit-year rule
# applies to any year below 100) and overflows on year 9999 with a negative offset.
_RFC822 = re.compile(
    r"^\s*(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(-?\d{2,4})\s+"
    r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?\s*$"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_ZONES = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
# A year below 1000 in a four-digit field is damage (WordPress's own "no date" is -0001), not history.
FIRST_YEAR = 1000


def _checked(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime | None:
    if year < FIRST_YEAR:
        return None
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:  # month 99, day 31 in April, hour 25 ...
        return None


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    if len(value) == 19 and value[10] == " " and value[13] == value[16] == ":":  # nearly every export: in C
        try:
            if datetime.fromisoformat(value).year >= FIRST_YEAR:
                return value[:10] + "T" + value[11:]
        except ValueError:
            pass  # month 0, day 31 in April ...: the general path below says what it is
    match = _WP_DATE.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    if year == 0 or month == 0 or day == 0:
        return None
    parsed = _checked(year, month, day, hour, minute, second)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S") if parsed else None


def wp_local(value: str | None) -> str | None:
    """``2009-01-22 12:00:00`` (site-local) -> ``2009-01-22T12:00:00``; zero or impossible dates -> None."""
    return _iso(value)


def wp_gmt(value: str | None) -> str | None:
    """``2009-01-22 10:00:00`` (UTC) -> ``2009-01-22T10:00:00Z``; zero or impossible dates -> None."""
    iso = _iso(value)
    return iso + "Z" if iso else None


def is_zero_date(value: str | None) -> bool:
    """WordPress's way of saying "no date" (blank, 0000-00-00 …, or an RSS date in year -0001)."""
    text = (value or "").strip()
    return not text or text.startswith("0000-00-00") or "-0001" in text


def _offset(zone: str | None) -> timedelta | None:
    if not zone:
        return timedelta(0)
    if zone[0] in "+-":
        sign = -1 if zone[0] == "-" else 1
        return sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
    hours = _ZONES.get(zone.upper())
    return None if hours is None else timedelta(hours=hours)


def rfc822_utc(value: str | None) -> str | None:
    """An RSS ``pubDate`` -> UTC ISO 8601 with ``Z``; None when it is not a real date."""
    if is_zero_date(value):
        return None
    match = _RFC822.match(value or "")
    if not match:
        return None
    day, month_name, year_text, hour, minute, second, zone = match.groups()
    month = _MONTHS.get(month_name.lower())
    offset = _offset(zone)
    if month is None or offset is None or year_text.startswith("-"):
        return None
    year = int(year_text)
    if len(year_text) == 2:  # RFC 2822 §4.3: two-digit years
        year += 1900 if year >= 50 else 2000
    local = _checked(year, month, int(day), int(hour), int(minute), int(second or 0))
    if local is None:
        return None
    try:
        utc = local - offset
    except OverflowError:  # 9999-12-31 23:00 -0500 is past the end of the calendar
        return None
    return utc.replace(tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_to_rfc822(value: str | None) -> str:
    """UTC ISO 8601 -> an RSS ``pubDate`` (``Sat, 16 Mar 2019 10:00:00 +0000``); none -> "" (an
    exporter writes an empty element rather than invent a date)."""
    try:
        moment = datetime.fromisoformat((value or "").rstrip("Z"))
    except ValueError:
        return ""
    return format_datetime(moment.replace(tzinfo=timezone.utc))


def utc_now() -> str:
    """The current time as the archive writes times: UTC, ISO 8601, ending in ``Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_OFFSET = re.compile(r"^(?:Z|([+-])(\d\d):?(\d\d))$")


def iso_with_offset(value: str | None) -> tuple[str | None, str | None]:
    """An ISO 8601 time as pages write it (``2019-08-02T14:12:03+02:00``) -> (UTC with ``Z``, wall clock).

    Without an offset only the wall-clock time is known; a value that is not a real date
    (Epoch's literal placeholder ``comment_date``, ``2020-99-99``) gives (None, None).
    """
    match = _ISO_TIME.match(value or "")
    if not match:
        return None, None
    year, month, day, hour, minute, second, zone = match.groups()
    local = _checked(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    if local is None:
        return None, None
    wall = local.strftime("%Y-%m-%dT%H:%M:%S")
    offset = _OFFSET.match(zone or "")
    if offset is None:
        return None, wall
    sign, hours, minutes = offset.groups()
    delta = timedelta(hours=int(hours or 0), minutes=int(minutes or 0)) * (-1 if sign == "-" else 1)
    try:
        utc = local - delta
    except OverflowError:
        return None, wall
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ"), wall


_ISO_TIME = re.compile(
    r"^\s*(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?(?:\.\d+)?\s*(Z|[+-]\d\d:?\d\d)?\s*$"
)
