"""WARC crawls for the tests, written with warcio as crawlers write them.

``write_crawl`` puts every saved page of ``fixtures/html`` (blogs in many themes and languages)
between what a crawl also holds: pages of sites that are not blogs, images, redirects, a 404,
robots.txt, request records; optionally a damaged record and one HTML response larger than a page
may be.
"""

from __future__ import annotations

import zlib
from io import BytesIO
from pathlib import Path

from conftest import FIXTURES

PAGES = sorted((FIXTURES / "html").glob("*.html"))
NEWS = (
    b"<!DOCTYPE html><html><head><title>Council budget</title></head><body><nav>Home | World</nav>"
    b"<article><h1>The council votes on the budget</h1>"
    + b"<p>The council met on Tuesday to settle next year's budget after a long debate.</p>" * 40
    + b"</article><footer>Example News</footer></body></html>"
)


def write_crawl(
    path: Path, damaged: bool = False, huge: bool = False, pages: list[Path] | None = None
) -> None:
    """A gzipped WARC of the fixture pages and the rest of a crawl (see the module)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)

        def record(uri: str, status: str, content_type: str, body: bytes, kind: str = "response") -> None:
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri, kind, payload=BytesIO(body), http_headers=http,
                    warc_headers_dict={"WARC-Date": "2021-03-14T13:05:00Z"},
                )
            )  # fmt: skip

        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "wparchive tests"}))
        for number, page in enumerate(pages if pages is not None else PAGES):
            site = f"https://{page.stem}.example.org"
            record(f"{site}/robots.txt", "200 OK", "text/plain", b"User-agent: *\nDisallow:\n")
            record(f"{site}/{page.stem}/", "200 OK", "text/html; charset=utf-8", page.read_bytes())
            record(f"{site}/logo.png", "200 OK", "image/png", b"\x89PNG\r\n" + bytes(range(256)) * 4)
            news = NEWS.replace(b"the budget", b"budget %d" % number)
            record(f"https://news{number}.example.com/budget", "200 OK", "text/html", news)
            record(f"{site}/?p={number}", "301 Moved Permanently", "text/html", b"")
            if number == 3 and damaged:
                record("https://damaged.example.org/", "200 OK", "text/html", b"<p>wp-content/</p>" * 500)
            if number == 5 and huge:
                big = b"<html><body><p>wp-content/ " + b"x" * (50 * 1024 * 1024 + 10) + b"</p></body></html>"
                record("https://huge.example.org/", "200 OK", "text/html", big)
        record("https://gone.example.org/", "404 Not Found", "text/html", b"<h1>Not found</h1>")
    if damaged:
        _damage(path, b"https://damaged.example.org/")


def _damage(path: Path, uri: bytes) -> None:
    """Overwrite the middle of the gzip member that holds ``uri``: a record a bad disk spoilt."""
    data = bytearray(path.read_bytes())
    start = 0
    while True:
        member = zlib.decompressobj(wbits=31)
        plain = member.decompress(bytes(data[start:]))
        length = len(data) - start - len(member.unused_data)
        if uri in plain[:400]:
            middle = start + length // 2
            data[middle : middle + 64] = b"\0" * 64
            path.write_bytes(bytes(data))
            return
        start += length
