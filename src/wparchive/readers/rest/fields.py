"""Values of a REST API object as the archive keeps them: ids that fit, text, rendered HTML, http(s) links.

WordPress's objects are regular, but responses pass through plugins, caches and hand edits: an id
may come as text, a title as a plain string, a link relative. Each helper takes what is there and
gives None for what is not its kind, so one odd field never costs an object.
"""

from __future__ import annotations

import re
from typing import Any

from wparchive.sanitize import http_url

MAX_ID = (1 << 63) - 1  # what SQLite holds; a larger id is kept as text in extra
# A link the Wayback Machine rewrote: https://web.archive.org/web/20200101000000id_/https://site/…
_WAYBACK = re.compile(r"^(?:https?:)?//web\.archive\.org/web/\d{1,14}(?:[a-z]{2}_)?/(?:(https?):/{1,2})?")


def number(value: Any) -> int | None:
    """A non-negative integer that SQLite can hold (digits as text count), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 19:
        value = int(value.strip())
    return value if isinstance(value, int) and 0 <= value <= MAX_ID else None


def wp_id(value: Any) -> int | None:
    """A WordPress id: a positive integer (0 is WordPress's "none")."""
    found = number(value)
    return found if found else None


def text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def scalar(value: Any) -> str | None:
    """A status, slug or type: text without the padding some plugins add; empty is None."""
    return value.strip() or None if isinstance(value, str) else None


def rendered(value: Any) -> str | None:
    """A ``{"rendered": …}`` field's HTML; the stored value (``"raw"``, in responses read with
    ``context=edit``) when the response holds it, since an export keeps that one; a plain string as is."""
    if isinstance(value, dict):
        return text(value.get("raw")) if isinstance(value.get("raw"), str) else text(value.get("rendered"))
    return text(value)


def unwrapped(url: str) -> str:
    """A URL without the Wayback Machine's prefix (a capture's JSON is the site's own, links included)."""
    match = _WAYBACK.match(url.strip())
    if match is None:
        return url
    return f"{match.group(1) or 'http'}://{url.strip()[match.end() :]}"


def link(value: Any, extra: dict[str, Any], column: str) -> str | None:
    """An absolute http(s) URL for a link column; anything else is kept in ``extra.<column>_not_http``."""
    found = text(value)
    if not found or not found.strip():
        return None
    url = http_url(unwrapped(found))
    if url is None:
        extra[f"{column}_not_http"] = found
    return url


def ids(value: Any) -> list[int]:
    """A list of WordPress ids (``"categories": [1, 5]``)."""
    return [found for item in value if (found := wp_id(item))] if isinstance(value, list) else []


def one_line(value: Any, limit: int = 160) -> str:
    """A value fit for a one-line message: whitespace collapsed, cut at ``limit`` characters."""
    line = " ".join(str(value).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
