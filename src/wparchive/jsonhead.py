"""What the first bytes of a document say when it is JSON: JSON at all, WordPress's REST API, its error.

Tested on bytes without parsing (a head of 64 KiB cuts objects anywhere), so that a folder walk, a
crawl's responses and the readers' sniffing each cost a few searches. WordPress's REST API
(``/wp-json/wp/v2/posts``, ``comments``, ``users``, ``categories``…) writes objects with fields no
other API combines: ``"rendered"`` values, ``"date_gmt"``, ``"avatar_urls"``, ``"_links"`` beside a
``"slug"``, a term's ``"taxonomy"``, a comment's ``"post"`` and ``"author_name"``, the index's
``"namespaces"`` and ``"routes"``. Its errors are objects whose first field is ``"code"``
(``rest_no_route``, ``rest_post_invalid_page_number``: a crawl's page after the last).
"""

from __future__ import annotations

import re

HEAD = 1 << 16  # what is searched: a document's first 64 KiB
_BOM = b"\xef\xbb\xbf"
# An object, or an array of objects (or empty): what APIs answer. "[1] A footnote" is not JSON here.
_START = re.compile(rb"\s*(?:\{\s*[\"}]|\[\s*[{\]])")
_ERROR = re.compile(rb'\s*\{\s*"(?:code|error)"\s*:\s*"([^"\\]{1,120})"')
_MARKS = tuple(
    tuple(re.compile(rb'"%s"\s*:' % name) for name in group)
    for group in (
        (b"rendered",),
        (b"date_gmt",),
        (b"avatar_urls",),
        (b"_links", b"slug"),
        (b"taxonomy", b"slug"),
        (b"post", b"author_name"),
        (b"namespaces", b"routes"),
    )
)


def _body(head: bytes) -> bytes:
    return head[3:HEAD] if head.startswith(_BOM) else head[:HEAD]


def is_json(head: bytes) -> bool:
    """The document starts as an API's JSON does: an object, or an array of objects."""
    return _START.match(_body(head)) is not None


def error_code(head: bytes) -> str | None:
    """The code of an error object (``{"code": "rest_no_route", "message": …}``), else None."""
    match = _ERROR.match(_body(head))
    return match.group(1).decode("utf-8", "replace") if match else None


def looks_like_rest(head: bytes) -> bool:
    """JSON whose objects have the fields of WordPress's REST API (not its errors)."""
    body = _body(head)
    if _START.match(body) is None:
        return False
    return any(all(mark.search(body) for mark in group) for group in _MARKS)


def worth_reading(head: bytes) -> bool:
    """A file where a REST response may be that is worth handing to a reader: a REST response, a
    WordPress error (refused by name), or no JSON at all (an HTML error page saved in its place, which
    the user should hear about). Other JSON (a web manifest, an oEmbed answer) is a requisite."""
    return not is_json(head) or looks_like_rest(head) or error_code(head) is not None
