"""One blog seen four ways (fixtures/sites/harbour-lights, its README is the fact sheet): a wget
mirror with comment pages and feeds, two Wayback captures, a WXR export; and the same pages in a
WARC crawl. What a user relies on: one post per post, one comment per comment, whatever the order
of import; the export wins on parents, status, type and e-mail; nothing a page alone knew is lost."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import FIXTURES, query, run_import, scalar, table_dump

SITE = FIXTURES / "sites" / "harbour-lights"
MIRROR = SITE / "mirror" / "harbour-lights.example.org"
CAPTURES = sorted((SITE / "wayback").glob("*.html"))
EXPORT = SITE / "export.xml"
POST_12 = "SELECT id FROM posts WHERE wp_id = 12"


def parents(db_path: Path) -> dict[int, int | None]:
    return dict(
        query(
            db_path,
            "SELECT c.wp_id, p.wp_id FROM comments c LEFT JOIN comments p ON p.id = c.parent_id "
            "WHERE c.wp_id IS NOT NULL",
        )
    )


def test_a_wget_mirror_gives_each_post_once_with_its_comment_pages_and_feeds(db_path: Path) -> None:
    result = run_import(db_path, MIRROR)
    assert result.exit_code == 0, result.output
    assert scalar(db_path, "SELECT count(*) FROM sources WHERE status != 'ok'") == 0, "requisites are skipped"
    assert sorted(r[0] for r in query(db_path, "SELECT kind FROM sources")) == ["feed"] * 3 + ["html"] * 7
    assert query(db_path, "SELECT wp_id, post_type FROM posts ORDER BY wp_id") == [
        (2, "page"),
        (12, "post"),
        (19, "post"),
        (27, "post"),
    ]
    assert (
        scalar(db_path, "SELECT count(*) FROM posts WHERE url LIKE '%comment-page%' OR url LIKE '%?p=%'") == 0
    )
    assert (
        scalar(db_path, "SELECT title FROM posts WHERE wp_id = 19")
        == "Keepers\u2019 logbooks from the Skerry light"
    )
    per_post = dict(
        query(db_path, "SELECT p.wp_id, count(*) FROM comments c JOIN posts p ON p.id = c.post_id GROUP BY 1")
    )
    assert per_post == {12: 15, 19: 3, 27: 2}, (
        "page 1, page 2 and the feeds' comments of post 12 are one thread"
    )
    found = parents(db_path)
    assert {k: found[k] for k in (4, 5, 8, 12, 16, 21)} == {4: 3, 5: 4, 8: 4, 12: 11, 16: 15, 21: None}
    # Comments only the feeds hold (comment page 3 was not mirrored): id, author, UTC time, no parent.
    assert query(
        db_path, "SELECT author_name, published_at, published_local FROM comments WHERE wp_id = 25"
    ) == [("Ian Mowat", "2021-02-27T18:22:41Z", None)]
    assert query(db_path, "SELECT comment_type FROM comments WHERE wp_id IN (6, 13) ORDER BY wp_id") == [
        ("trackback",),
        ("pingback",),
    ]
    linked = "SELECT p.wp_id FROM pingbacks b JOIN posts p ON p.id = b.source_post_id"
    assert query(db_path, linked) == [(27,)], "post 27's pingback points at post 27"


def test_sightings_say_where_and_on_which_comment_page_each_comment_was_seen(db_path: Path) -> None:
    run_import(db_path, MIRROR)
    seen = query(
        db_path,
        """SELECT s.comment_page, s.url FROM sightings s JOIN comments c ON c.id = s.row_id
           WHERE s.table_name = 'comments' AND c.wp_id = 16 AND s.comment_page IS NOT NULL""",
    )
    assert seen == [
        (2, "https://harbour-lights.example.org/2013/05/02/lamp-room-dunmore-head/comment-page-2/")
    ]
    assert (
        scalar(db_path, f"SELECT count(*) FROM sightings WHERE table_name = 'posts' AND row_id = ({POST_12})")
        >= 4
    )


def test_two_wayback_captures_make_one_post_with_the_union_of_their_comments(db_path: Path) -> None:
    assert run_import(db_path, *CAPTURES).exit_code == 0
    assert query(db_path, "SELECT captured_at FROM sources ORDER BY captured_at") == [
        ("2014-01-09T03:04:03Z",),
        ("2016-03-30T10:12:29Z",),
    ]
    assert query(db_path, "SELECT DISTINCT url FROM sources") == [
        ("http://harbour-lights.example.org/2013/05/02/lamp-room-dunmore-head/",)
    ]
    assert scalar(db_path, "SELECT count(*) FROM posts") == 1
    assert scalar(db_path, "SELECT count(*) FROM comments WHERE wp_id IS NOT NULL") == 10
    assert scalar(db_path, "SELECT count(*) FROM comments WHERE wp_id IS NULL") == 2, (
        "the pings are not doubled"
    )
    assert scalar(db_path, "SELECT author_name FROM comments WHERE wp_id = 9") == "Gary Tolland"
    assert parents(db_path)[8] == 4 and parents(db_path)[16] == 15
    assert scalar(db_path, "SELECT count(*) FROM artefacts WHERE rule = 'wayback_toolbar'") >= 4
    leaked = """SELECT count(*) FROM (
                    SELECT content_text AS t FROM posts UNION ALL SELECT content_text FROM comments
                    UNION ALL SELECT author_url FROM comments UNION ALL SELECT source_url FROM pingbacks
                    UNION ALL SELECT url FROM posts)
                WHERE t LIKE '%web.archive.org%' OR t LIKE '%FILE ARCHIVED%' OR t LIKE '%Wayback Machine%'"""
    assert scalar(db_path, leaked) == 0
    sightings = (
        "SELECT captured_at FROM sightings WHERE table_name = 'comments' AND row_id = "
        "(SELECT id FROM comments WHERE wp_id = 3) ORDER BY captured_at"
    )
    assert query(db_path, sightings) == [("2014-01-09T03:04:03Z",), ("2016-03-30T10:12:29Z",)]


ORDERS = list(itertools.permutations(["export", "mirror", "captures"]))


@pytest.mark.parametrize("order", ORDERS, ids=lambda order: "-".join(order))
def test_export_mirror_and_captures_merge_the_same_in_any_order(
    db_path: Path, order: tuple[str, ...]
) -> None:
    inputs = {"export": [EXPORT], "mirror": [MIRROR], "captures": CAPTURES}
    for name in order:
        assert run_import(db_path, *inputs[name]).exit_code == 0
    assert scalar(db_path, "SELECT count(*) FROM sites") == 1
    assert scalar(db_path, "SELECT url FROM sites") == "https://harbour-lights.example.org"
    assert scalar(db_path, "SELECT count(*) FROM posts") == 4
    assert scalar(db_path, "SELECT count(*) FROM comments") == 24, "the export's 23 and comment 9, none twice"
    assert scalar(db_path, "SELECT count(*) FROM comments WHERE wp_id IS NULL") == 0, (
        "id-less pings met their ids"
    )
    assert dict(query(db_path, "SELECT status, count(*) FROM comments GROUP BY 1")) == {
        "approved": 22,
        "pending": 1,
        "spam": 1,
    }
    found = parents(db_path)
    assert found[8] == 5 and found[21] == 20 and found[9] is None, "the export's parents win over the nesting"
    assert scalar(db_path, "SELECT depth FROM comments WHERE wp_id = 8") == 4
    assert scalar(db_path, "SELECT comment_type FROM comments WHERE wp_id = 6") == "trackback"
    assert scalar(db_path, "SELECT count(*) FROM comments WHERE coalesce(author_email, '') != ''") == 21
    assert scalar(db_path, "SELECT published_at FROM comments WHERE wp_id = 3") == "2013-05-02T12:40:17Z"
    assert (
        scalar(db_path, "SELECT title FROM posts WHERE wp_id = 19")
        == "Keepers' logbooks from the Skerry light"
    )
    assert scalar(db_path, "SELECT count(*) FROM pingbacks") == 2


def test_importing_the_same_pages_again_changes_nothing(db_path: Path) -> None:
    run_import(db_path, MIRROR, *CAPTURES)
    before = table_dump(db_path, exclude=("sources",))
    run_import(db_path, MIRROR, *CAPTURES)
    assert table_dump(db_path, exclude=("sources",)) == before


# -- crawls ------------------------------------------------------------------------------------------
def write_crawl(path: Path, gzip: bool = True) -> None:
    """A crawl of the mirror's post 12 as a crawler writes it (warcio), with what crawls also hold."""
    import gzip as gzip_module
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    post = "https://harbour-lights.example.org/2013/05/02/lamp-room-dunmore-head/"
    page_1 = (MIRROR / "2013/05/02/lamp-room-dunmore-head/index.html").read_bytes()
    page_2 = (MIRROR / "2013/05/02/lamp-room-dunmore-head/comment-page-2/index.html").read_bytes()
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)

        def response(uri: str, status: str, headers: list, body: bytes, date: str) -> None:
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)

        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
        html = [("Content-Type", "text/html; charset=UTF-8")]
        response(post, "200 OK", html, page_1, "2021-03-14T13:05:00Z")
        # The server compressed comment page 2: warcio undoes the content encoding.
        encoded = [*html, ("Content-Encoding", "gzip")]
        response(
            post + "comment-page-2/", "200 OK", encoded, gzip_module.compress(page_2), "2021-03-14T13:06:30Z"
        )
        response(
            "https://harbour-lights.example.org/?p=12",
            "301 Moved Permanently",
            [("Location", post)],
            b"",
            "2021-03-14T13:05:01Z",
        )
        response(
            "https://harbour-lights.example.org/logo.png",
            "200 OK",
            [("Content-Type", "image/png")],
            b"\x89PNG",
            "2021-03-14T13:05:02Z",
        )


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_crawl_gives_its_html_pages_with_url_and_capture_time(
    tmp_path: Path, compressed: bool
) -> None:
    crawl = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    write_crawl(crawl, compressed)
    db_path = tmp_path / "archive.db"
    result = run_import(db_path, crawl)
    assert result.exit_code == 0, result.output
    assert query(db_path, "SELECT kind, url, captured_at FROM sources ORDER BY captured_at") == [
        (
            "warc",
            "https://harbour-lights.example.org/2013/05/02/lamp-room-dunmore-head/",
            "2021-03-14T13:05:00Z",
        ),
        (
            "warc",
            "https://harbour-lights.example.org/2013/05/02/lamp-room-dunmore-head/comment-page-2/",
            "2021-03-14T13:06:30Z",
        ),
    ]
    assert scalar(db_path, "SELECT count(*) FROM posts") == 1
    assert scalar(db_path, "SELECT count(*) FROM comments") == 12, "7 on page 1, 5 on page 2"
    assert scalar(db_path, "SELECT count(*) FROM source_blobs") == 2, "each page's own bytes are kept"


def test_a_damaged_crawl_keeps_the_pages_before_the_damage(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    write_crawl(crawl)
    data = crawl.read_bytes()
    crawl.write_bytes(data[: len(data) - 300])  # the download stopped inside the last records
    db_path = tmp_path / "archive.db"
    result = run_import(db_path, crawl)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert any("damaged" in line for line in errors) and "Traceback" not in result.output
    assert scalar(db_path, "SELECT count(*) FROM comments") >= 7


def write_arc(path: Path) -> None:
    """The post's two pages in an ARC file (version 1, the Internet Archive's format before WARC),
    written byte by byte as the format describes: warcio reads ARC but does not write it."""
    post = "https://harbour-lights.example.org/2013/05/02/lamp-room-dunmore-head/"
    pages = [
        (post, MIRROR / "2013/05/02/lamp-room-dunmore-head/index.html", "20090412080500"),
        (
            post + "comment-page-2/",
            MIRROR / "2013/05/02/lamp-room-dunmore-head/comment-page-2/index.html",
            "20090412080630",
        ),
    ]
    version = b"1 0 Internet Archive\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://crawl.arc 0.0.0.0 20090412080500 text/plain %d\n" % len(version), version, b"\n"]
    for url, page, date in pages:
        body = page.read_bytes()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n" + body
        out += [f"{url} 192.0.2.7 {date} text/html {len(http)}\n".encode(), http, b"\n"]
    path.write_bytes(b"".join(out))


def test_an_arc_crawl_is_read_like_a_warc_and_a_cut_one_says_so(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.arc"
    write_arc(crawl)
    db_path = tmp_path / "archive.db"
    result = run_import(db_path, crawl)
    assert result.exit_code == 0, result.output
    assert [row[0] for row in query(db_path, "SELECT captured_at FROM sources ORDER BY captured_at")] == [
        "2009-04-12T08:05:00Z",
        "2009-04-12T08:06:30Z",
    ]
    assert scalar(db_path, "SELECT count(*) FROM comments") == 12
    cut = tmp_path / "cut.arc"
    cut.write_bytes(crawl.read_bytes()[:-2000])
    result = run_import(tmp_path / "cut.db", cut)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "ends in the middle of a record" in result.output
    assert scalar(tmp_path / "cut.db", "SELECT count(*) FROM comments") >= 7, "page 1 is kept"


def test_worker_processes_give_the_same_archive_as_one(tmp_path: Path) -> None:
    """--jobs reads pages in worker processes; the writer stores them in input order, so the
    archive is the same as with one process (60 pages: more than are read before workers start)."""
    pages = sorted((FIXTURES / "html").glob("*.html"))
    assert len(pages) > 40
    dumps = []
    for jobs in ("1", "3"):
        db_path = tmp_path / f"jobs-{jobs}.db"
        run_import(db_path, FIXTURES / "html", extra=("--jobs", jobs))
        dumps.append(table_dump(db_path, exclude=("sources", "artefacts", "_sqlite_migrations")))
        assert scalar(db_path, "SELECT count(*) FROM sources WHERE status != 'failed'") >= 55
    assert dumps[0] == dumps[1]
