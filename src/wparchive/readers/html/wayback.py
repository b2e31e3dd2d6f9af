"""Pages saved from the Wayback Machine: its chrome found, its URLs turned back, its capture time read.

A capture carries the archive's scripts in the head (up to ``<!-- End Wayback Rewrite JS
Include -->``), on 2014-era captures a toolbar between ``BEGIN``/``END WAYBACK TOOLBAR INSERT``
comments, and at the end comments saying when the page was archived. Every URL in it is rewritten
to ``https://web.archive.org/web/<14-digit timestamp><modifier>/<original>`` (modifiers ``im_``,
``js_``, ``cs_``… ask for the raw image, script or style), sometimes without the original's
scheme. The capture time comes from the archive's own initialisation call or, failing that, from
the "FILE ARCHIVED ON" trailer. All of it works on bytes, before the page is parsed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

_SIGNS = (b"web.archive.org/web/", b"WB_wombat_Init", b"__wm.init", b"WAYBACK TOOLBAR INSERT")
CHROME = (
    re.compile(
        rb"<script[^>]{0,300}(?:archive\.org|/_static/js/)[^>]{0,300}>.{0,40000}?"
        rb"<!--\s*End Wayback Rewrite JS Include\s*-->",
        re.S,
    ),
    re.compile(
        rb"<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->.{0,400000}?<!--\s*END WAYBACK TOOLBAR INSERT\s*-->", re.S
    ),
    re.compile(rb"<!--\s*FILE ARCHIVED ON .{0,3000}?-->", re.S),
    re.compile(rb"<!--\s*playback timings \(ms\):.{0,10000}?-->", re.S),
)
_INIT = re.compile(rb"""(?:WB_wombat_Init|__wm\.wombat)\(\s*["']([^"']{0,2000})["']\s*,\s*["'](\d{14})["']""")
_TOOLBAR_URL = re.compile(rb"""id=["']wmtbURL["'][^>]{0,200}?value=["']([^"']{1,2000})["']""")
_TOOLBAR_DATE = re.compile(rb"""<input[^>]{0,80}name=["']date["'][^>]{0,80}value=["'](\d{14})["']""")
_STAMP = re.compile(rb"web\.archive\.org/web/(\d{14})(?:[a-z]{2}_)?/")
_ARCHIVED_ON = re.compile(rb"FILE ARCHIVED ON (\d\d):(\d\d):(\d\d) ([A-Z][a-z]{2}) (\d\d?), (\d{4})")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
# https://web.archive.org/web/20160330101229im_/http://host/x, //web.archive.org/web/…, /web/…/host/x
_REWRITTEN = re.compile(
    rb"(?:https?:)?(?://web\.archive\.org)?/web/\d{1,14}(?:[a-z]{2}_)?/(?:(https?):/{1,2})?(?=[\w.-])"
)


@dataclass
class Capture:
    """What a page says about its capture."""

    timestamp: str | None  # UTC, ISO 8601 with Z
    original_url: str | None


def is_capture(data: bytes) -> bool:
    # Substring searches, not one regular expression: a page is scanned at memchr speed.
    return any(sign in data for sign in _SIGNS)


def _timestamp_iso(stamp: bytes) -> str | None:
    try:
        moment = datetime.strptime(stamp.decode("ascii"), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _archived_on(data: bytes) -> str | None:
    match = _ARCHIVED_ON.search(data)
    if not match or match.group(4).decode() not in _MONTHS:
        return None
    hour, minute, second, month, day, year = match.groups()
    try:
        moment = datetime(int(year), _MONTHS[month.decode()], int(day), int(hour), int(minute), int(second))
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _toolbar_date(data: bytes) -> str | None:
    match = _TOOLBAR_DATE.search(data)
    return _timestamp_iso(match.group(1)) if match else None


def _most_rewritten(data: bytes) -> str | None:
    """The timestamp most rewritten URLs carry: the capture's own (its links and images were
    fetched nearby in time but are replayed under the page's timestamp)."""
    counts = Counter(_STAMP.findall(data, 0, 1 << 22))
    return _timestamp_iso(counts.most_common(1)[0][0]) if counts else None


def capture_of(data: bytes) -> Capture:
    """The capture time and the original URL, as far as the page states them."""
    init = _INIT.search(data)
    toolbar = _TOOLBAR_URL.search(data)
    timestamp = _timestamp_iso(init.group(2)) if init else None
    original = None
    if init and b"://" in init.group(1):
        original = init.group(1)
    elif toolbar:
        original = toolbar.group(1)
    stated = timestamp or _toolbar_date(data) or _most_rewritten(data) or _archived_on(data)
    return Capture(stated, original.decode("utf-8", "replace") if original else None)


def _original(match: re.Match[bytes]) -> bytes:
    return (match.group(1) or b"http") + b"://"


def restore_urls(data: bytes) -> tuple[bytes, int]:
    """Every rewritten URL turned back into the original; and how many there were."""
    return _REWRITTEN.subn(_original, data)
