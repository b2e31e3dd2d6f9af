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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, cast

_HTML_TYPES = re.compile(r"^\s*(?:text/html|application/xhtml\+xml)\b", re.I)
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
    error: str | None = None  # the file is damaged from some record on


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
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if not _HTML_TYPES.match(content_type):
        return (content_type.split(";")[0].strip() or "untyped") + " responses"
    return None


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


def warc_pages(path: Path, label: str, limit: int, skips: WarcSkips) -> Iterator[WarcPage | str]:
    """Each HTML page of the crawl, or a one-line reason for a record that cannot be one."""
    from warcio.archiveiterator import ArchiveIterator  # imported when a crawl is read
    from warcio.exceptions import ArchiveLoadFailed

    last: tuple[int, int, int | None] = (0, 0, None)  # the last record: start, length, declared length
    with open(path, "rb") as handle:
        records = ArchiveIterator(handle, arc2warc=True)
        try:
            for record in records:
                reason = _skip_reason(record)
                page = None if reason else _page(record, label, limit, handle.tell())
                # Asked once the record is read: warcio reads a record to its end to say where it began.
                last = (records.get_record_offset(), records.get_record_length(), _declared_length(record))
                if page is None:
                    skips.reasons[str(reason)] += 1
                    continue
                yield page
        except (
            ArchiveLoadFailed,
            OSError,
            EOFError,
            ValueError,
            AttributeError,
            TypeError,
            KeyError,
        ) as error:
            # warcio's errors on damaged input: its own, and plain ones from a header it half read.
            skips.error = (
                f"the crawl is damaged after {handle.tell()} bytes ({error}); the pages before it were read"
            )
            return
    if _cut_short(path, *last):
        skips.error = (
            "the crawl ends in the middle of a record (a download cut short); the pages before it were read"
        )


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
