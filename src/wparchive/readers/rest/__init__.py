"""WordPress's REST API: the JSON of ``/wp-json/wp/v2/posts``, ``pages``, ``comments``, ``users``,
``categories``, ``tags`` (and ``media``, custom types, the ``/wp-json/`` index) as a blog's records.

Live and archived sites answer these routes page by page (``?page=2&per_page=100``); wget mirrors,
Wayback captures and crawls hold the answers, and people save them when they have no admin access.
Each response is one source, read whole like a page (``read_page``, a pure function of the bytes):
``decode`` turns the bytes into objects (recovering those before a cut), ``response`` reads each by
its shape (``posts``, ``comments``, ``site``). Posts and comments keep WordPress's ids and are a
page's view (``merge=True``): an export of the same site, imported before or after, keeps its values,
and each post and comment is one row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from wparchive import jsonhead
from wparchive.inputs import PAGE_LIMIT, InputSource
from wparchive.model import PageRecord, Record
from wparchive.readers.base import PageContext, PageResult, ReadOptions, Refused
from wparchive.readers.html.read import UNFILED
from wparchive.readers.pages import PagePass, SizeCap
from wparchive.readers.rest.decode import decode
from wparchive.readers.rest.response import Response, keys_of, read_objects
from wparchive.readers.rest.site import capture_of, home_of, site_record

# A name that says a REST response is there: "posts.json", a mirror's "wp-json/wp/v2/posts?page=2".
_JSON_NAME = re.compile(r"\.json(?:[?#][^/]*)?$|(?:^|[/\\])wp-json(?:[/\\?#]|$)|[?&]rest_route=", re.I)


def saved_as_json(name: str) -> bool:
    """A document whose name or URL says it holds a REST API response (or JSON)."""
    return _JSON_NAME.search(name) is not None


def _nothing_read(found: Response, data: bytes) -> Refused:
    first = found.unknown[0] if found.unknown else {}
    if jsonhead.looks_like_rest(data[: jsonhead.HEAD]):
        return Refused(
            f"a WordPress REST API response with no posts, pages, comments, users or terms in it "
            f"(its objects have {keys_of(first)})"
        )
    return Refused(f"JSON, but not a WordPress REST API response (its objects have {keys_of(first)})")


def read_rest(data: bytes, context: PageContext) -> PageResult:
    """The records of one response; Refused (one line) when it holds none."""
    decoded = decode(data, context.label)
    found = read_objects(decoded.objects)
    if not found.read:
        raise _nothing_read(found, data)
    capture = capture_of(context.label)
    url = context.url or (capture.url if capture else None)
    captured_at = context.captured_at or (capture.captured_at if capture else None)
    home = context.site_url or home_of(found.objects, found.index, url) or UNFILED
    page = PageRecord(data, url=url, captured_at=captured_at)
    records: list[Record] = [site_record(home, found.index), page, *found.records()]
    warnings = decoded.warnings + found.warnings
    status = "recovered" if decoded.recovered else "ok"
    return PageResult(records, url, captured_at, status, warnings, posts=found.read)


class RestReader:
    kind = "rest"
    page_limit = PAGE_LIMIT

    def sniff(self, head: bytes) -> float:
        if not jsonhead.is_json(head):
            return 0.0
        if jsonhead.looks_like_rest(head) or jsonhead.error_code(head) is not None:
            return 0.95
        # Other JSON: no reader reads it; this one says in one line what it is not.
        return 0.05

    def guard(self, options: ReadOptions) -> Callable[[bytes], None]:
        return SizeCap(self.page_limit, "a REST API response").feed

    def read_page(self, data: bytes, context: PageContext) -> PageResult:
        return read_rest(data, context)

    def passes(self, source: InputSource, options: ReadOptions) -> Iterator[PagePass]:
        yield PagePass(self, source, options, "a REST API response")
