"""WordPress REST API responses (fixtures/rest, its README is the fact sheet): a folder of paginated
responses with a page lost to a 404, an ``_embed``ded response, a cut download, WordPress's error for
the page after the last, the same responses in a crawl and from the Wayback Machine, and an export of
the same site. What a user relies on: each post and comment once whichever came first, the export's
values kept, what only the API had kept too, and a one-line reason for whatever is not a response."""

from __future__ import annotations

import json
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from archive_compare import content_of
from conftest import FIXTURES, query, run_import, scalar, table_dump

from wparchive.readers import detect
from wparchive.readers.base import PageContext, Refused
from wparchive.readers.html import HtmlReader
from wparchive.readers.rest import RestReader, read_rest
from wparchive.readers.text import TextReader

REST = FIXTURES / "rest"
API = REST / "wp-json"
V2 = API / "wp" / "v2"
EXPORT = REST / "rest-example.xml"
EXTRA = REST / "extra"


def errors(output: str) -> list[str]:
    """The one-line reasons, without the count of sources that failed."""
    return [
        line for line in output.splitlines() if line.startswith("Error: ") and "sources could not" not in line
    ]


def parent_of(db_path: Path, comment: int) -> int | None:
    return scalar(
        db_path,
        "SELECT p.wp_id FROM comments c LEFT JOIN comments p ON p.id = c.parent_id WHERE c.wp_id = ?",
        (comment,),
    )


# -- a folder of responses ------------------------------------------------------------------------
def test_a_folder_of_responses_is_imported_and_the_page_lost_to_a_404_fails_in_one_line(
    db_path: Path,
) -> None:
    result = run_import(db_path, API)
    assert result.exit_code == 1, "one source failed"
    assert errors(result.output) == [
        f"Error: {V2 / 'posts-page-2.json'}: an HTML page (\u201c404 Not Found\u201d) saved as .json: "
        "not a REST API response"
    ]
    assert dict(query(db_path, "SELECT status, count(*) FROM sources GROUP BY 1")) == {"ok": 9, "failed": 1}
    assert {kind for (kind,) in query(db_path, "SELECT kind FROM sources")} == {"rest"}
    assert query(db_path, "SELECT wp_id, post_type FROM posts ORDER BY wp_id") == [
        (2, "page"), (10, "post"), (12, None), (17, "post"), (18, "post"), (20, "post"), (30, "page"),
    ]  # fmt: skip
    assert scalar(db_path, "SELECT count(*) FROM comments") == 9
    assert scalar(db_path, "SELECT count(*) FROM comments WHERE wp_id IS NULL") == 0
    assert query(db_path, "SELECT url, title, description FROM sites") == [
        ("https://rest.example.org", "Tideline Notes", "A small harbour, written down")
    ]
    assert scalar(db_path, "SELECT count(*) FROM source_blobs") == 9, "each response's bytes are kept"


def test_fields_land_in_their_columns(db_path: Path) -> None:
    run_import(db_path, API)
    post = query(
        db_path,
        "SELECT slug, title, url, guid, status, published_at, published_local, modified_at, comment_status, "
        "ping_status, is_sticky, author_name, content_html, excerpt_html FROM posts WHERE wp_id = 20",
    )[0]
    assert post == (
        "new-pontoon", "The new pontoon is in", "https://rest.example.org/2024/03/new-pontoon/",
        "https://rest.example.org/?p=20", "publish", "2024-03-09T09:15:00Z", "2024-03-09T10:15:00",
        "2024-03-09T09:15:00Z", "open", "open", 1, "Tobias Reed",
        "<p>The crane lifted the last section at dawn.</p>\n<p>By noon the ferry tied up to it.</p>\n",
        None,  # the excerpt WordPress made from the content is not the post's own
    )  # fmt: skip
    assert json.loads(scalar(db_path, "SELECT extra FROM posts WHERE wp_id = 20"))["rest"] == {
        "author": 2, "categories": [3, 4], "tags": [6, 7], "format": "standard",
    }  # fmt: skip
    terms = query(
        db_path,
        "SELECT t.taxonomy, t.slug FROM post_terms pt JOIN terms t ON t.id = pt.term_id "
        "JOIN posts p ON p.id = pt.post_id WHERE p.wp_id = 20 ORDER BY 1, 2",
    )
    assert terms == [
        ("category", "boats"),
        ("category", "harbour"),
        ("post_tag", "fog"),
        ("post_tag", "rope"),
    ]
    page = query(
        db_path,
        "SELECT c.post_type, c.menu_order, c.wp_parent_id, p.slug FROM posts c "
        "JOIN posts p ON p.id = c.parent_id WHERE c.wp_id = 30",
    )
    assert page == [("page", 2, 2, "about")]
    assert parent_of(db_path, 46) == 45 and parent_of(db_path, 42) == 41 and parent_of(db_path, 40) is None
    assert scalar(db_path, "SELECT depth FROM comments WHERE wp_id = 46") == 3, (
        "page 1 and page 2 are one thread"
    )
    assert query(
        db_path,
        "SELECT author_name, author_url, user_id, by_post_author, status FROM comments WHERE wp_id = 45",
    ) == [("Maren Holt", "https://rest.example.org/", 1, 1, "approved")]
    assert query(
        db_path,
        "SELECT t.wp_id, t.name, t.description, p.slug FROM terms t JOIN terms p ON p.id = t.parent_id "
        "WHERE t.slug = 'boats'",
    ) == [(4, "Boats", "Hulls, sails and the people who mend them.", "harbour")]
    assert query(db_path, "SELECT login, wp_id, display_name FROM authors WHERE wp_id = 3") == [
        ("ines", 3, "In\u00e8s Duval")
    ]
    assert scalar(
        db_path, "SELECT a.login FROM posts p JOIN authors a ON a.id = p.author_id WHERE p.wp_id = 18"
    ) == ("ines"), "a users response after the posts response links them by user id"
    assert scalar(db_path, "SELECT url FROM posts WHERE wp_id = 12") == (
        "https://rest.example.org/2023/10/harbour-wall/"
    ), "a post known only from its comments: its id and the URL they link to"


def test_importing_the_responses_again_changes_nothing(db_path: Path) -> None:
    run_import(db_path, API)
    before = table_dump(db_path, exclude=("sources",))
    run_import(db_path, API)
    assert table_dump(db_path, exclude=("sources",)) == before


# -- an export of the same site --------------------------------------------------------------------
@pytest.mark.parametrize("order", [("export", "api"), ("api", "export")], ids=["export first", "api first"])
def test_an_export_and_the_responses_merge_the_same_in_either_order(tmp_path: Path, order: tuple) -> None:
    inputs = {"export": EXPORT, "api": API}
    built = []
    for name in (order, tuple(reversed(order))):
        db_path = tmp_path / f"{'-'.join(name)}.db"
        for each in name:
            run_import(db_path, inputs[each])
        built.append(db_path)
    first, other = built
    assert content_of(first) == content_of(other)
    assert scalar(first, "SELECT count(*) FROM posts") == 9, "the export's 6, and 18, 20 and page 30"
    assert scalar(first, "SELECT count(*) FROM comments") == 11, "the export's 8, and 46, 49 and 50"
    assert scalar(first, "SELECT content_html FROM posts WHERE wp_id = 10") == (
        "\nFog came in at six.\nThe harbour went quiet."
    ), "the export's raw content, not the API's rendered one"
    assert query(first, "SELECT login, email FROM authors ORDER BY wp_id") == [
        ("maren", "maren@rest.example.org"), ("TobiasReed", "tobias@rest.example.org"), ("ines", None),
    ], "one row per user, under the export's login (Tobias's slug is tobias-reed), e-mail kept"  # fmt: skip
    assert scalar(first, "SELECT status FROM comments WHERE wp_id = 43") == "spam"
    assert parent_of(first, 46) == 45 and parent_of(first, 50) == 49
    assert scalar(first, "SELECT count(*) FROM terms") == 7
    before = content_of(first)
    run_import(first, EXPORT, API)
    assert content_of(first) == before, "importing both again changes nothing"


SHARDS = {
    # The export alone; the responses, users and terms after the posts that name them.
    "export apart": lambda files: [[EXPORT], [API]],
    # Terms and users in the first shard, before the posts that use them; the export with the rest.
    "responses split": lambda files: [files[4:] + [EXTRA / "posts-embed.json"], [*files[:4], EXPORT]],
}


@pytest.mark.parametrize("split", SHARDS, ids=list(SHARDS))
def test_shards_of_responses_merge_into_the_archive_a_direct_import_gives(tmp_path: Path, split: str) -> None:
    from click.testing import CliRunner

    from wparchive.cli import cli

    files = sorted(p for p in V2.iterdir() if p.name != "posts-page-2.json")
    shards = SHARDS[split](files)
    run_import(direct := tmp_path / "direct.db", *[i for shard in shards for i in shard])
    for n, shard in enumerate(shards):
        run_import(tmp_path / f"shard-{n}.db", *shard)
    merged = tmp_path / "merged.db"
    names = [str(tmp_path / f"shard-{n}.db") for n in range(len(shards))]
    result = CliRunner().invoke(cli, ["merge", str(merged), *names, "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert content_of(merged) == content_of(direct)
    assert scalar(merged, "SELECT count(*) FROM authors") == 3


# -- other shapes and damage -----------------------------------------------------------------------
def test_an_embedded_response_gives_authors_terms_and_first_comments(db_path: Path) -> None:
    assert run_import(db_path, EXTRA / "posts-embed.json").exit_code == 0
    authors = "SELECT p.wp_id, a.login, p.author_name FROM posts p JOIN authors a ON a.id = p.author_id"
    assert query(db_path, authors) == [(20, "tobias-reed", "Tobias Reed"), (18, "ines", "In\u00e8s Duval")]
    assert scalar(db_path, "SELECT count(*) FROM post_terms") == 6
    comments = "SELECT wp_id, published_at, published_local, status FROM comments ORDER BY wp_id"
    assert query(db_path, comments) == [
        (49, None, "2024-03-09T20:00:00", "approved"), (50, None, "2024-03-10T09:00:00", "approved"),
    ]  # fmt: skip
    assert parent_of(db_path, 50) == 49


def test_a_response_cut_short_keeps_the_objects_before_the_cut(db_path: Path) -> None:
    result = run_import(db_path, EXTRA / "posts-truncated.json")
    assert result.exit_code == 0, result.output
    status, warnings = query(db_path, "SELECT status, warnings FROM sources")[0]
    assert status == "recovered"
    assert json.loads(warnings) == [
        "the response is cut short (a download that stopped): the 2 complete objects before the cut were read"
    ]
    assert query(db_path, "SELECT wp_id FROM posts ORDER BY wp_id") == [(18,), (20,)]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (
            (EXTRA / "posts-page-4.json").read_bytes(),
            "a WordPress REST API error, not a response to import: rest_post_invalid_page_number (HTTP 400): "
            "\u201cThe page number requested is larger than the number of pages available.\u201d",
        ),
        (
            b'{"error": "rest_no_route", "status": 404}',
            "an error response, not a WordPress REST API response: rest_no_route",
        ),
        ((EXTRA / "manifest.json").read_bytes(), "JSON, but not a WordPress REST API response"),
        (
            (EXTRA / "cloudflare.json").read_bytes(),
            "an HTML page (\u201cJust a moment...\u201d) saved as .json",
        ),
        (b"[]", "an empty response"),
        (b"[" * 100_000, "not a REST API response"),
        (b"[" + b"{}," * 1_000_000 + b"{}]", "more than 1,000,000 JSON objects and arrays"),
    ],
    ids=[
        "wordpress error",
        "other error",
        "other json",
        "cloudflare",
        "empty",
        "nested",
        "a million objects",
    ],
)
def test_what_is_no_response_is_refused_in_one_line(tmp_path: Path, body: bytes, said: str) -> None:
    db_path, response = tmp_path / "archive.db", tmp_path / "response.json"
    response.write_bytes(body)
    result = run_import(db_path, response)
    assert result.exit_code == 1
    (line,) = errors(result.output)
    assert line.startswith(f"Error: {response}: ") and said in line, line
    assert not db_path.exists() or scalar(db_path, "SELECT count(*) FROM posts") == 0


def test_detection_takes_responses_and_nothing_else() -> None:
    reader = RestReader()
    head = (V2 / "posts-page-1.json").read_bytes()[:65536]
    assert reader.sniff(head) > 0.9 and isinstance(detect(head), RestReader)
    for other in (V2 / "users.json", V2 / "tags.json", V2 / "comments?page=1", API / "index.html"):
        assert reader.sniff(other.read_bytes()) > 0.9, other
    manifest = (EXTRA / "manifest.json").read_bytes()
    assert reader.sniff(manifest) < 0.1, "other JSON: not taken for a response (only refused when given)"
    assert TextReader().sniff(manifest) == 0, "nor for a text page"
    page = (FIXTURES / "html" / "twentyeleven-said.html").read_bytes()[:65536]
    assert reader.sniff(page) == 0 and isinstance(detect(page, "blog/post.html"), HtmlReader)
    assert isinstance(detect(page, "wp-json/wp/v2/posts-page-2.json"), RestReader), "…but where JSON was"


def test_a_folder_walk_reads_responses_and_passes_over_other_json(tmp_path: Path) -> None:
    folder = tmp_path / "mirror" / "rest.example.org"
    shutil.copytree(API, folder / "wp-json")
    (folder / "wp-json" / "wp" / "v2" / "posts-page-2.json").unlink()
    shutil.copy(EXTRA / "manifest.json", folder / "manifest.json")
    oembed = folder / "wp-json" / "oembed" / "1.0"
    oembed.mkdir(parents=True)
    (oembed / "embed?url=https%3A%2F%2Frest.example.org%2Fabout%2F").write_text(
        '{"version":"1.0","type":"rich"}'
    )
    result = run_import(tmp_path / "archive.db", tmp_path / "mirror")
    assert result.exit_code == 0, result.output
    assert scalar(tmp_path / "archive.db", "SELECT count(*) FROM sources") == 9


def test_a_wayback_capture_says_where_and_when(tmp_path: Path) -> None:
    capture = tmp_path / "web.archive.org" / "web" / "20240310120000id_" / "https:" / "rest.example.org"
    target = capture / "wp-json" / "wp" / "v2" / "posts"
    target.parent.mkdir(parents=True)
    rewritten = b"https:\\/\\/web.archive.org\\/web\\/20240310120000id_\\/https:\\/\\/rest.example.org"
    target.write_bytes(
        (V2 / "posts-page-1.json").read_bytes().replace(b"https:\\/\\/rest.example.org", rewritten)
    )
    db_path = tmp_path / "archive.db"
    assert run_import(db_path, tmp_path / "web.archive.org").exit_code == 0
    assert query(db_path, "SELECT url, captured_at FROM sources") == [
        ("https://rest.example.org/wp-json/wp/v2/posts", "2024-03-10T12:00:00Z")
    ]
    assert scalar(db_path, "SELECT url FROM sites") == "https://rest.example.org"
    assert (
        scalar(db_path, "SELECT url FROM posts WHERE wp_id = 20")
        == "https://rest.example.org/2024/03/new-pontoon/"
    )
    assert scalar(db_path, "SELECT DISTINCT captured_at FROM sightings") == "2024-03-10T12:00:00Z"


# -- a crawl --------------------------------------------------------------------------------------
def write_crawl(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    api = "https://rest.example.org/wp-json/wp/v2"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)

        def response(uri: str, status: str, content_type: str, body: bytes) -> None:
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=BytesIO(body), http_headers=http,
                    warc_headers_dict={"WARC-Date": "2024-03-11T12:00:00Z"},
                )
            )  # fmt: skip

        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "wparchive tests"}))
        json_type = "application/json; charset=UTF-8"
        response(f"{api}/posts?page=1", "200 OK", json_type, (V2 / "posts-page-1.json").read_bytes())
        response(f"{api}/comments?page=1", "200 OK", json_type, (V2 / "comments?page=1").read_bytes())
        response(
            f"{api}/posts?page=4", "400 Bad Request", json_type, (EXTRA / "posts-page-4.json").read_bytes()
        )
        response("https://rest.example.org/manifest.json", "200 OK", "application/json", b'{"name": "x"}')
        response("https://rest.example.org/logo.png", "200 OK", "image/png", b"\x89PNG")


def test_a_crawl_holding_responses_imports_them(tmp_path: Path) -> None:
    crawl, db_path = tmp_path / "crawl.warc.gz", tmp_path / "archive.db"
    write_crawl(crawl)
    result = run_import(db_path, crawl)
    assert result.exit_code == 0, result.output
    assert query(db_path, "SELECT kind, url, captured_at FROM sources ORDER BY id") == [
        ("warc", "https://rest.example.org/wp-json/wp/v2/posts?page=1", "2024-03-11T12:00:00Z"),
        ("warc", "https://rest.example.org/wp-json/wp/v2/comments?page=1", "2024-03-11T12:00:00Z"),
    ]
    assert (
        scalar(db_path, "SELECT count(*) FROM posts") == 4
        and scalar(db_path, "SELECT count(*) FROM comments") == 5
    )
    assert parent_of(db_path, 50) == 49


# -- the reader on its own ------------------------------------------------------------------------
def read(objects: object, label: str = "response.json") -> list:
    return read_rest(json.dumps(objects).encode(), PageContext(label)).records


def test_odd_values_are_kept_safely() -> None:
    post = {
        "id": 2**64, "type": "post", "title": 7,
        "content": {"raw": "raw <!-- wp:paragraph -->", "rendered": "x"},
        "link": "javascript:alert(1)", "date_gmt": "2020-99-99T00:00:00", "parent": "12", "sticky": "yes",
        "_links": {"self": [{"href": "https://odd.example.org/blog/wp-json/wp/v2/posts/1"}]},
    }  # fmt: skip
    site, _page, record = read([post])
    assert site.url == "https://odd.example.org/blog", "where the API lives, before /wp-json/"
    assert (record.wp_id, record.title, record.url, record.published_at, record.wp_parent_id) == (
        None, None, None, None, 12,
    )  # fmt: skip
    assert record.extra["url_not_http"] == "javascript:alert(1)" and record.is_sticky is False
    assert record.content_html == "raw <!-- wp:paragraph -->", "context=edit: the stored value"
    with pytest.raises(Refused, match="not JSON"):
        read_rest(b"Hello, world", PageContext("wp-json/wp/v2/posts"))


def test_a_response_over_the_page_limit_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(RestReader, "page_limit", 1024)
    result = run_import(tmp_path / "archive.db", V2 / "posts-page-1.json")
    assert result.exit_code == 1
    assert "too large for a rest page" in errors(result.output)[0].lower()
