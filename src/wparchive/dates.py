"""Date conversion for WordPress values.

WordPress stores ``YYYY-MM-DD HH:MM:SS`` both in site-local time (``post_date``)
and in UTC (``post_date_gmt``). The data contract wants UTC as ISO 8601 ending in
``Z`` and keeps the local time without a zone. WordPress writes
``0000-00-00 00:00:00`` for "no date" (drafts, some imports): that becomes null.
"""

from __future__ import annotations

import re
from datetime import timezone
from email.utils import parsedate_to_datetime

_WP_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*$")


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    match = _WP_DATE.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second = match.groups()
    if year == "0000" or month == "00" or day == "00":
        return None
    return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}"


def wp_local(value: str | None) -> str | None:
    """``2009-01-22 12:00:00`` (site-local) -> ``2009-01-22T12:00:00``; zero dates -> None."""
    return _iso(value)


def wp_gmt(value: str | None) -> str | None:
    """``2009-01-22 10:00:00`` (UTC) -> ``2009-01-22T10:00:00Z``; zero dates -> None."""
    iso = _iso(value)
    return iso + "Z" if iso else None


def rfc822_utc(value: str | None) -> str | None:
    """An RSS ``pubDate`` -> UTC ISO 8601 with ``Z``; None when unparseable or year < 1."""
    if not value or "-0001" in value:
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc)
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")
