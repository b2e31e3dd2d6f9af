"""Values are stored as what they mean: trimmed scalars, real dates, ids SQLite can hold, http(s) links.

Each test writes the shape of input an outside review found stored wrongly (issue 8).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXTERNAL_WXR, needs_shared, query, run_import, scalar, source_row
from wxr_build import comment, export, item

from wparchive.dates import rfc822_utc, wp_gmt


def _import(tmp_path: Path, data: bytes, name: str = "export.xml") -> tuple[Path, object]:
    path = tmp_path / name
    path.write_bytes(data)
    db_path = tmp_path / "archive.db"
    return db_path, run_import(db_path, path)


def test_padded_scalars_are_trimmed_and_bodies_are_not(tmp_path: Path) -> None:
    # The shape of thomaslarock.WordPress.2020-2024.xml: every value padded with a newline and spaces.
    padded = item(
        7,
        status="\n publish \n",
        post_type="\n post\n",
        password="\n<![CDATA[ ]]>\n",
        content="  indented first line\n\n",
        comments=[comment(3, approved="\n 1 \n")],
        extra="<wp:is_sticky>\n0\n</wp:is_sticky>",
    ).replace(
        "<wp:comment_status>open</wp:comment_status>", "<wp:comment_status>\n open \n</wp:comment_status>"
    )
    db_path, result = _import(tmp_path, export(padded))
    assert result.exit_code == 0, result.output
    row = query(db_path, "SELECT status, post_type, password, comment_status, content_html FROM posts")[0]
    assert row == ("publish", "post", None, "open", "  indented first line\n\n")
    assert scalar(db_path, "SELECT status FROM comments") == "approved"


@pytest.mark.parametrize(
    "pub_date",
    [
        "Mon, 01 Jan 0001 00:00:00 +0100",
        "Sat, 01 Jan 0099 10:00:00 +0000",
        "Fri, 31 Dec 9999 23:00:00 -0500",
        "Tue, 99 Foo 2011 07:40:14 +0000",
    ],
)
def test_a_pubdate_that_is_not_a_real_date_is_null_and_kept_raw(tmp_path: Path, pub_date: str) -> None:
    post = item(1, date="0000-00-00 00:00:00", pub_date=pub_date)
    db_path, result = _import(tmp_path, export(post))
    assert result.exit_code == 0, result.output
    published_at, extra = query(db_path, "SELECT published_at, extra FROM posts")[0]
    assert published_at is None
    assert json.loads(extra)["pubDate"] == pub_date


def test_an_impossible_wordpress_date_is_null_and_kept_raw(tmp_path: Path) -> None:
    db_path, result = _import(
        tmp_path,
        export(item(1, date="2020-99-99 99:99:99", comments=[comment(1, date="2021-02-30 10:00:00")])),
    )
    assert result.exit_code == 0, result.output
    published_at, published_local, extra = query(
        db_path, "SELECT published_at, published_local, extra FROM posts"
    )[0]
    assert published_local is None
    assert published_at == "2020-01-02T03:04:05Z", (
        "a published post without a GMT date takes its (valid) pubDate"
    )
    assert json.loads(extra)["wp:post_date_gmt"] == "2020-99-99 99:99:99"
    assert query(db_path, "SELECT published_at, json_extract(extra, '$.\"wp:comment_date\"') FROM comments")[
        0
    ] == (None, "2021-02-30 10:00:00")


def test_real_dates_still_convert() -> None:
    assert rfc822_utc("Tue, 18 Jan 2011 07:40:14 +0100") == "2011-01-18T06:40:14Z"
    assert rfc822_utc("Tue, 18 Jan 11 07:40:14 GMT") == "2011-01-18T07:40:14Z"
    assert rfc822_utc("Fri, 31 Dec 9999 23:00:00 +0500") == "9999-12-31T18:00:00Z"
    assert wp_gmt("2009-01-22 10:00:00") == "2009-01-22T10:00:00Z"
    assert wp_gmt("0000-00-00 00:00:00") is None


def test_an_id_too_large_for_sqlite_is_kept_as_text_and_the_rest_imports(tmp_path: Path) -> None:
    huge = str(2**63)
    data = export(item(huge, comments=[comment(2**64, parent=2**70)]), item(2, title="Second"))
    db_path, result = _import(tmp_path, data)
    assert result.exit_code == 0, result.output
    assert scalar(db_path, "SELECT count(*) FROM posts") == 2
    assert (
        scalar(db_path, "SELECT json_extract(extra, '$.\"wp:post_id\"') FROM posts WHERE wp_id IS NULL")
        == huge
    )
    assert scalar(db_path, "SELECT json_extract(extra, '$.\"wp:comment_id\"') FROM comments") == str(2**64)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)//",
        "data:text/html;base64,PHNjcmlwdD4=",
        " JaVaScRiPt:alert(1)",
        "/relative/path",
    ],
)
def test_only_http_links_are_stored_as_links(tmp_path: Path, url: str) -> None:
    post = item(1, link=url, comments=[comment(1, url=url, comment_type="pingback")])
    db_path, result = _import(tmp_path, export(post))
    assert result.exit_code == 0, result.output
    assert query(db_path, "SELECT url, json_extract(extra, '$.url_not_http') FROM posts")[0] == (
        None,
        url.strip(),
    )
    assert scalar(db_path, "SELECT author_url FROM comments") is None
    assert scalar(db_path, "SELECT source_url FROM pingbacks") is None


def test_http_links_are_kept(tmp_path: Path) -> None:
    db_path, result = _import(
        tmp_path,
        export(
            item(1, link="https://blog.example.org/a/", comments=[comment(1, url="http://cora.example.com/")])
        ),
    )
    assert result.exit_code == 0
    assert scalar(db_path, "SELECT url FROM posts") == "https://blog.example.org/a/"
    assert scalar(db_path, "SELECT author_url FROM comments") == "http://cora.example.com/"


def test_a_utf16_text_page_is_read(tmp_path: Path) -> None:
    text = "Ünïcode in UTF-16\n\nA post written on a Windows machine, saved as Unicode.\n\nLeave a Reply\n"
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        page = tmp_path / f"{encoding}.txt"
        page.write_bytes(text.encode(encoding))
        db_path = tmp_path / f"{encoding}.db"
        result = run_import(db_path, page)
        assert result.exit_code == 0, (encoding, result.output)
        assert scalar(db_path, "SELECT title FROM posts") == "Ünïcode in UTF-16", encoding


def test_a_utf16_export_is_read_as_an_export(tmp_path: Path) -> None:
    data = export(item(1, title="Ünïcode")).decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    db_path, result = _import(tmp_path, data.encode("utf-16"))
    assert result.exit_code == 0, result.output
    assert source_row(db_path)["kind"] == "wxr"
    assert scalar(db_path, "SELECT title FROM posts") == "Ünïcode"


def test_a_failed_import_into_a_new_path_leaves_no_database(tmp_path: Path) -> None:
    db_path, result = _import(tmp_path, b"<html><body>not an export</body></html>", "page.xml")
    assert result.exit_code == 1
    assert not db_path.exists(), "nothing was imported, so no archive should appear"
    assert not any(p.name.startswith("archive.db") for p in tmp_path.iterdir())


def test_a_failed_import_into_an_archive_adds_only_its_audit_row(tmp_path: Path) -> None:
    db_path, _ = _import(tmp_path, export(item(1)))
    (tmp_path / "bad.xml").write_bytes(
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>a feed</title></feed>'
    )
    result = run_import(db_path, tmp_path / "bad.xml")
    assert result.exit_code == 1
    assert query(db_path, "SELECT status, error LIKE 'a feed with no items%' FROM sources ORDER BY id") == [
        ("ok", None),
        ("failed", 1),
    ]
    assert scalar(db_path, "SELECT count(*) FROM posts") == 1


# -- database errors printed into pages, every shape wpdb has printed --------------------------------
WPDB_SHAPES = [
    # WordPress 4.x-6.x: printf with double quotes, one line, label translated.
    '<div id="error"><p class="wpdberror"><strong>WordPress database error:</strong> '
    "[MySQL server has gone away]<br />"
    "<code>SELECT option_value FROM wp_options WHERE option_name = 'x' LIMIT 1</code></p></div>",
    # WordPress 2.x-3.x: single quotes, newlines and tabs inside the div.
    "<div id='error'>\n\t\t\t<p class='wpdberror'><strong>WordPress database error:</strong> "
    "[Table 'db.wp_posts' doesn't exist]<br />\n"
    "\t\t\t<code>SELECT * FROM wp_posts</code></p>\n\t\t\t</div>",
    # A translated label (German, Japanese).
    (
        '<div id="error"><p class="wpdberror"><strong>WordPress-Datenbank-Fehler:</strong> '
        "[Too many connections]<br /><code>SELECT 1</code></p></div>"
    ),
    (
        '<div id="error"><p class="wpdberror"><strong>WordPress データベースエラー:</strong> '
        "[Lost connection]<br /><code>SELECT 1</code></p></div>"
    ),
]


@pytest.mark.parametrize("shape", WPDB_SHAPES)
def test_database_errors_printed_as_html_are_cleaned(tmp_path: Path, shape: str) -> None:
    content = f"<p>Before the error.</p>\n{shape}\n<p>After the error.</p>"
    db_path, result = _import(tmp_path, export(item(1, content=content)))
    assert result.exit_code == 0, result.output
    stored = scalar(db_path, "SELECT content_html FROM posts")
    assert "wpdberror" not in stored and "SELECT" not in stored, stored
    assert "Before the error." in stored and "After the error." in stored
    assert (
        scalar(db_path, "SELECT text FROM artefacts WHERE rule = 'database_errors'").strip() == shape.strip()
    )


def test_a_post_about_database_errors_keeps_its_prose(tmp_path: Path) -> None:
    prose = "<p>If you see <em>WordPress database error</em> on your blog, check wp-config.php first.</p>"
    db_path, _ = _import(tmp_path, export(item(1, content=prose)))
    assert scalar(db_path, "SELECT content_html FROM posts") == prose


@needs_shared
def test_the_tag_declared_twice_in_pbiron_invalid_xml_is_accounted_for(db_path: Path) -> None:
    result = run_import(db_path, EXTERNAL_WXR / "pbiron-wxr" / "1.2" / "sample-wxr-documents" / "invalid.xml")
    assert result.exit_code == 0
    source = source_row(db_path)
    assert source["summary"]["duplicate_terms"] == 1
    assert any("post_tag/tag1 is declared again, identically" in w for w in source["warnings"])
    assert scalar(db_path, "SELECT count(*) FROM terms WHERE taxonomy = 'post_tag' AND declared = 1") == 3
    # The same file writes one postmeta as <wp:key>/<wp:value>: read, not stored as an empty pair.
    assert scalar(db_path, "SELECT count(*) FROM post_meta WHERE key = '' AND value = ''") == 0


def test_a_term_declared_twice_with_other_values_keeps_both(tmp_path: Path) -> None:
    tag = (
        "<wp:tag><wp:term_id>{id}</wp:term_id><wp:tag_slug>t</wp:tag_slug><wp:tag_name>{name}</wp:tag_name>"
        "</wp:tag>"
    )
    data = export(item(1), channel=tag.format(id=3, name="First") + tag.format(id=4, name="Second"))
    db_path, _ = _import(tmp_path, data)
    name, extra = query(db_path, "SELECT name, extra FROM terms")[0]
    assert name == "Second"
    assert json.loads(extra)["earlier_declarations"] == [
        {"wp_id": 3, "name": "First", "parent_slug": None, "description": None}
    ]
