"""A crawl's pages: only blog pages by default, read past a damaged record, and read in spans.

Spans are how a cluster cuts a large ``.warc.gz`` (``warc.Span``): every record must be read by
exactly one span whatever the cut points, damaged records included.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import query, run_import, scalar
from crawl_build import PAGES, write_crawl

from wparchive import warc


@pytest.fixture(scope="module")
def damaged_crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crawl") / "crawl.warc.gz"
    write_crawl(path, damaged=True, pages=PAGES[:10])
    return path


def _read(path: Path, span: warc.Span = warc.WHOLE) -> tuple[list[str | None], warc.WarcSkips]:
    skips = warc.WarcSkips()
    pages = [
        p.url if isinstance(p, warc.WarcPage) else p for p in warc.warc_pages(path, "c", 1 << 26, skips, span)
    ]
    return pages, skips


@pytest.mark.parametrize("step", [97, 1024, 5000, 40_000])
def test_spans_read_every_record_exactly_once(damaged_crawl: Path, step: int) -> None:
    whole, whole_skips = _read(damaged_crawl)
    size = damaged_crawl.stat().st_size
    pages: list[str | None] = []
    reasons: dict[str, int] = {}
    for start in range(0, size, step):
        part, skips = _read(damaged_crawl, warc.Span(start, start + step if start + step < size else None))
        pages += part
        for reason, count in skips.reasons.items():
            reasons[reason] = reasons.get(reason, 0) + count
    assert pages == whole and len(whole) == 10
    assert reasons == dict(whole_skips.reasons)


def test_a_damaged_record_is_passed_over_and_the_pages_after_it_are_read(
    damaged_crawl: Path, db_path: Path
) -> None:
    result = run_import(db_path, damaged_crawl)
    assert result.exit_code == 1, "the damage is reported as a failure"
    assert "the crawl is damaged at byte" in result.output and "reading went on at byte" in result.output
    assert scalar(db_path, "SELECT count(*) FROM sources WHERE status != 'failed'") == 10, (
        "all ten blog pages"
    )
    last = PAGES[9].stem
    assert query(db_path, "SELECT count(*) FROM sources WHERE path LIKE ?", (f"%{last}%",)) == [(1,)]


def test_pages_of_sites_that_are_not_blogs_are_counted_not_imported(tmp_path: Path, db_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    write_crawl(crawl, pages=PAGES[:3])
    assert run_import(db_path, crawl).exit_code == 0
    assert scalar(db_path, "SELECT count(*) FROM sources WHERE url LIKE '%news%'") == 0
    every = tmp_path / "every.db"
    run_import(every, crawl, extra=("--every-page",))
    assert scalar(every, "SELECT count(*) FROM posts WHERE title LIKE '%budget%'") == 3


NOT_BLOGS = {"empty-body", "not-html-binary", "unknown-layout-with-comments"}  # the last: "Trellis CMS"


def test_every_blog_page_of_the_fixtures_has_a_blog_mark() -> None:
    unmarked = {page.stem for page in PAGES if not warc.is_blog_page(page.read_bytes())}
    assert unmarked == NOT_BLOGS
    assert not warc.is_blog_page(b"<html><body><p>A news site, no blog.</p></body></html>")
