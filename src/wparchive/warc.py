"""The pages a WARC (or ARC) crawl holds: each HTML response a source of its own, with URL and time.

Read with warcio, which streams record by record through gzip members and undoes chunked transfer
and content encodings. Only successful HTML responses are pages; redirects, images, scripts, DNS
and request records are passed over (and counted). One record at a time is in memory, and no more
of it than a page may hold: a crawl of a whole site imports in bounded memory.
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, cast

from wparchive.gzmember import BLOCK, GzipMember, TruncatedMember, is_gzipped_warc, record_start_at_or_after
from wparchive.jsonhead import HEAD, looks_like_rest

_HTML_TYPES = re.compile(r"^\s*(?:text/html|application/xhtml\+xml)\b", re.I)
# JSON is read when its bytes are a WordPress REST API response (``/wp-json/wp/v2/posts``…).
_JSON_TYPES = re.compile(r"^\s*(?:application|text)/(?:[\w.-]+\+)?json\b", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]{1,40})", re.I)


@dataclass
class WarcPage:
    """One HTML response of a crawl."""

    label: str
    content: bytes
    url: str | None
    captured_at: str | None
    charset: str | None
    position: int  # bytes of the WARC file read so far (for a progress bar)


@dataclass
class WarcSkips:
    """What a crawl held besides pages, by reason (reported once the file is read)."""

    reasons: Counter[str] = field(default_factory=Counter)
    error: str | None = None  # the file is damaged: where, and what was read around it
    damage: list[str] = field(default_factory=list)  # each damaged place


def _iso(value: str | None) -> str | None:
    """WARC-Date ``2014-01-09T03:04:03Z`` (or with fractions, or an ARC's 14 digits) as UTC with Z."""
    if not value:
        return None
    value = value.strip()
    for pattern in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y%m%d%H%M%S"):
        try:
            return datetime.strptime(value, pattern).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            continue
    return None


def _skip_reason(record) -> str | None:  # type: ignore[no-untyped-def]
    if record.rec_type not in ("response", "resource"):
        return f"{record.rec_type} records"
    http = record.http_headers
    if http is not None:
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return f"HTTP {status or 'responses without a status'}"
    content_type = _content_type(record)
    if not _HTML_TYPES.match(content_type) and not _JSON_TYPES.match(content_type):
        return _responses_of(content_type)
    return None


def _responses_of(content_type: str) -> str:
    return (content_type.split(";")[0].strip() or "untyped") + " responses"


def _content_type(record) -> str:  # type: ignore[no-untyped-def]
    http = record.http_headers
    if http is not None:
        return http.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""


def _json_reason(record, page: WarcPage | str) -> str | None:  # type: ignore[no-untyped-def]
    """None when a JSON response is a WordPress REST API response (or one too large to be read, which
    is said in a line); else why it was passed over, counted as it always was."""
    if isinstance(page, str):
        rest = "/wp-json/" in (record.rec_headers.get_header("WARC-Target-URI") or "")
    else:
        rest = looks_like_rest(page.content[:HEAD])
    return None if rest else _responses_of(_content_type(record))


def _page(record, label: str, limit: int, position: int) -> WarcPage | str:  # type: ignore[no-untyped-def]
    url = record.rec_headers.get_header("WARC-Target-URI")
    stream = cast(IO[bytes], record.content_stream())
    content = stream.read(limit + 1)
    if len(content) > limit:
        return f"{url}: larger than {limit >> 20} MiB: not a page"
    http = record.http_headers
    content_type = (http.get_header("Content-Type") if http is not None else None) or ""
    charset = _CHARSET.search(content_type)
    return WarcPage(
        f"{label}#{url}",
        content,
        url,
        _iso(record.rec_headers.get_header("WARC-Date")),
        charset.group(1) if charset else None,
        position,
    )


@dataclass(frozen=True)
class Span:
    """The records of a crawl file that start in ``[start, end)`` (``end`` None: to the file's end).

    A large gzipped crawl is read in spans, one per worker of a cluster: each span begins at the
    first record that starts at or after ``start`` and stops before the first that starts at or
    after ``end``, so consecutive spans hold every record exactly once.
    """

    start: int = 0
    end: int | None = None


WHOLE = Span()


def warc_pages(
    path: Path, label: str, limit: int, skips: WarcSkips, span: Span = WHOLE, every_page: bool = False
) -> Iterator[WarcPage | str]:
    """Each HTML page of the crawl (of a WordPress or Blogger blog unless ``every_page``), or a
    one-line reason for a record that cannot be one.

    A gzipped WARC is read member by member (``gzmember``): a damaged record is passed over and
    reading goes on at the next one; ``skips.error`` says where the damage was. Other crawls (plain
    WARC, ARC) are read as one stream, and stop at damage: the pages before it are kept.
    """
    reading = _Reading(label, limit, skips, span, every_page)
    with open(path, "rb") as handle:
        if is_gzipped_warc(handle):
            yield from reading.members(handle)
        elif span.start == 0:  # only a gzipped WARC is cut into spans
            handle.seek(0)
            yield from reading.stream(handle)
            if _cut_short(path, *reading.last):
                skips.error = CUT_SHORT


CUT_SHORT = "the crawl ends in the middle of a record (a download cut short); the pages before it were read"


@dataclass
class _Reading:
    label: str
    limit: int
    skips: WarcSkips
    span: Span
    every_page: bool
    last: tuple[int, int, int | None] = (0, 0, None)  # the last whole record: start, length, declared

    def members(self, handle: IO[bytes]) -> Iterator[WarcPage | str]:
        start = record_start_at_or_after(handle, self.span.start)
        while start is not None and (self.span.end is None or start < self.span.end):
            start = yield from self._member(handle, start)
        if self.span.end is None and start is None and self.last[0] + self.last[1] < _size(handle):
            # Bytes after the last whole record that hold no record: a cut (or damaged) last one.
            self.skips.error = self.skips.error or CUT_SHORT

    def _member(self, handle: IO[bytes], start: int) -> Generator[WarcPage | str, None, int | None]:
        """The records of the member at ``start`` (one, as crawlers write them); where the next starts."""
        from warcio.archiveiterator import ArchiveIterator  # imported when a crawl is read
        from warcio.exceptions import ArchiveLoadFailed

        member = GzipMember(handle, start)
        try:
            for record in ArchiveIterator(io.BufferedReader(member, BLOCK), arc2warc=True):
                found = self._take(record, start)
                if found is not None:
                    yield found
            end = member.drain()
        except TruncatedMember:
            self.skips.error = CUT_SHORT
            return None
        except (ArchiveLoadFailed, zlib.error, *_DAMAGE) as error:
            return self._damaged(handle, start, error)
        self.last = (start, end - start, None)
        return record_start_at_or_after(handle, end)

    def stream(self, handle: IO[bytes]) -> Iterator[WarcPage | str]:
        """Every record of a plain WARC or an ARC file, up to any damage."""
        from warcio.archiveiterator import ArchiveIterator  # imported when a crawl is read
        from warcio.exceptions import ArchiveLoadFailed

        records = ArchiveIterator(handle, arc2warc=True)
        try:
            for record in records:
                found = self._take(record, handle.tell())
                # Asked once the record is read: warcio reads a record to its end to say where it began.
                self.last = (
                    records.get_record_offset(),
                    records.get_record_length(),
                    _declared_length(record),
                )
                if found is not None:
                    yield found
        except (ArchiveLoadFailed, *_DAMAGE) as error:
            self._damaged(handle, None, error)

    def _take(self, record: Any, position: int) -> WarcPage | str | None:
        """The record's page; else None, with the reason counted."""
        reason = _skip_reason(record)
        if reason is None:
            page = _page(record, self.label, self.limit, position)
            if _JSON_TYPES.match(_content_type(record)):
                reason = _json_reason(record, page)
                if reason is None:
                    return page
            elif self.every_page or isinstance(page, str) or is_blog_page(page.content):
                return page
            else:
                reason = NOT_A_BLOG
        self.skips.reasons[reason] += 1
        return None

    def _damaged(self, handle: IO[bytes], start: int | None, error: Exception) -> int | None:
        """Note the damage; where reading goes on (the next member of a gzipped WARC, else nowhere)."""
        at = handle.tell() if start is None else start
        resume = None if start is None else record_start_at_or_after(handle, start + 1)
        passed = (
            "the rest of the file was passed over" if resume is None else f"reading went on at byte {resume}"
        )
        said = str(error).splitlines()[0] if str(error) else type(error).__name__
        said = said if len(said) <= 100 else said[:99] + "…"  # warcio quotes the bytes it could not read
        self.skips.damage.append(f"at byte {at} ({said}); {passed}")
        first = self.skips.damage[0]
        more = f", and {len(self.skips.damage) - 1} more damaged places" if len(self.skips.damage) > 1 else ""
        self.skips.error = f"the crawl is damaged {first}{more}; the pages around the damage were read"
        return resume


def _size(handle: IO[bytes]) -> int:
    return handle.seek(0, 2)


# warcio's errors on damaged input, besides its own: plain ones from a header it half read.
_DAMAGE = (OSError, EOFError, ValueError, AttributeError, TypeError, KeyError)
NOT_A_BLOG = "HTML pages of no WordPress or Blogger blog"
# What WordPress (any version: themes and uploads live in wp-content since 1.5, the comment form
# posts to wp-comments-post.php, 4.4+ links its REST API, themes print its body and post classes)
# and Blogger leave in their pages. Tested
# on the raw bytes, so a crawl's millions of other pages cost one search each, not a parse.
_BLOG_MARKS = (
    b"postid-",  # body_class() on a single post
    b"hentry",  # post_class(), and Blogger's templates
    b"wp-block-",
    b"comment-reply-link",
    b"wp-content/",
    b"wp-includes/",
    b"wp-json",
    b"wp-comments-post.php",
    b"xmlrpc.php",
    b'content="WordPress',
    b"wordpress.com",
    b"blogger.com",
    b"blogspot.",
)


def is_blog_page(content: bytes) -> bool:
    """A page a blog reader can read: a WordPress or Blogger mark anywhere in its bytes."""
    return any(mark in content for mark in _BLOG_MARKS)


def _declared_length(record) -> int | None:  # type: ignore[no-untyped-def]
    value = record.rec_headers.get_header("Content-Length") if record.rec_headers else None
    return int(value) if value and value.strip().isdigit() else None


def _cut_short(path: Path, offset: int, length: int, declared: int | None) -> bool:
    """warcio stops quietly at a truncated end: check that the last record is whole and is the end.

    Bytes after the last record it read are a record it could not read; a gzipped crawl's last
    member must reach its gzip end; an uncompressed record must hold the bytes its header declares.
    Only the last record is read again, so this costs one record.
    """
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(offset + length)
        if handle.read(8).strip(b"\r\n"):  # more than a record's closing blank lines follows it
            return True
        if offset + length + 8 < size:
            return True
        handle.seek(offset)
        tail = handle.read(64 << 20)
    if tail[:2] == b"\x1f\x8b":
        inflate = zlib.decompressobj(wbits=31)
        try:
            inflate.decompress(tail)
        except zlib.error:
            return True
        return not inflate.eof
    # A WARC record's header ends with a blank line; an ARC record's is its first line.
    is_warc_record = tail.startswith(b"WARC/")
    head_end = tail.find(b"\r\n\r\n") + 4 if is_warc_record else tail.find(b"\n") + 1
    return declared is not None and head_end > 0 and len(tail) < head_end + declared


def is_warc(head: bytes) -> bool:
    """A WARC file starts ``WARC/1.x``; an ARC file with its ``filedesc://`` header."""
    return head.startswith(b"WARC/") or head.startswith(b"filedesc://")


def opener(content: bytes):  # type: ignore[no-untyped-def]
    return lambda: io.BytesIO(content)
