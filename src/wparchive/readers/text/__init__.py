"""The plain-text reader: the visible text of a blog page (a crawl's text, a copy from a browser).

``reader`` finds the page's regions and reads them; ``page`` splits and classifies
lines, ``cues`` holds the line patterns, ``posts``, ``comments`` and ``segment``
read the posts and the comment list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from wparchive.inputs import InputSource
from wparchive.jsonhead import is_json
from wparchive.model import PostRecord
from wparchive.readers.base import PageContext, PageResult, ReadOptions
from wparchive.readers.pages import PagePass, SizeCap
from wparchive.textcodec import decode_text, looks_like_markup

TEXT_PAGE_LIMIT = 50 * 1024 * 1024  # a page is read whole; larger is not a page
UNFILED = "unknown:scraped-pages"  # the site of pages that name none


class TextReader:
    kind = "text"
    page_limit = TEXT_PAGE_LIMIT

    def sniff(self, head: bytes) -> float:
        if decode_text(head) is None or is_json(head):  # JSON is an API's answer, not a page's text
            return 0.0
        return 0.1 if looks_like_markup(head) else 0.4

    def guard(self, options: ReadOptions) -> Callable[[bytes], None]:
        return SizeCap(TEXT_PAGE_LIMIT, "a text page").feed

    def read_page(self, data: bytes, context: PageContext) -> PageResult:
        # Imported here: its patterns, built from the theme words of two dozen languages, take a
        # quarter of a second to compile, which an import of exports or HTML pages need not pay.
        from wparchive.readers.text.reader import read_text

        records = list(read_text(data, context.label, context.site_url or UNFILED))
        return PageResult(records, posts=sum(isinstance(r, PostRecord) for r in records))

    def passes(self, source: InputSource, options: ReadOptions) -> Iterator[PagePass]:
        yield PagePass(self, source, options, "a text page")
