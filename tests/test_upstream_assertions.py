"""The assertions of WordPress's own importer tests (research/wxr.md §7),
reproduced on the same files: phpunit/tests/parser.php and import.php of
WordPress/wordpress-importer, and the Redux importer's PR #119 tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import (
    EXTERNAL_WXR,
    needs_shared,
    query,
    run_import,
    scalar,
    source_row,
    stored_posts,
    table_dump,
)

pytestmark = needs_shared
DATA = EXTERNAL_WXR / "wordpress-importer" / "phpunit" / "data"
REDUX = EXTERNAL_WXR / "humanmade-WordPress-Importer" / "tests" / "data" / "export"


def imported(db_path: Path, path: Path):
    result = run_import(db_path, path)
    assert result.exit_code == 0, result.output
    return result


def meta(db_path: Path, table: str = "post_meta") -> dict[str, str]:
    return dict(query(db_path, f"SELECT key, value FROM {table} ORDER BY id"))


def post_terms(db_path: Path, wp_id: int) -> set[tuple[str, str]]:
    rows = query(
        db_path,
        """SELECT terms.name, terms.taxonomy FROM post_terms JOIN terms ON terms.id = post_terms.term_id
           JOIN posts ON posts.id = post_terms.post_id WHERE posts.wp_id = ?""",
        (wp_id,),
    )
    return set(rows)


@pytest.mark.parametrize("name", ["malformed.xml", "missing-version-tag.xml", "invalid-version-tag.xml"])
def test_files_that_are_not_wxr_are_refused(name: str, db_path: Path) -> None:
    result = run_import(db_path, DATA / name)
    assert result.exit_code == 1
    assert "not a WXR file" in result.output
    assert stored_posts(db_path) == 0


def test_invalid_version_names_the_version(db_path: Path) -> None:
    assert "'abc'" in run_import(db_path, DATA / "invalid-version-tag.xml").output


def test_valid_wxr_1_1(db_path: Path) -> None:
    imported(db_path, DATA / "valid-wxr-1.1.xml")
    assert query(db_path, "SELECT base_site_url, base_blog_url, wxr_version FROM sites") == [
        ("http://localhost/", "http://localhost/", "1.1")
    ]
    assert query(db_path, "SELECT wp_id, login, email, display_name, first_name, last_name FROM authors") == [
        (2, "john", "johndoe@example.org", "John Doe", "John", "Doe")
    ]
    assert query(db_path, "SELECT wp_id, slug, description FROM terms WHERE taxonomy = 'category'") == [
        (3, "alpha", "The alpha category")
    ]
    assert query(db_path, "SELECT wp_id, slug, name FROM terms WHERE taxonomy = 'post_tag'") == [
        (22, "clippable", "Clippable")
    ]
    assert query(db_path, "SELECT wp_id, slug FROM terms WHERE taxonomy = 'post_tax'") == [(40, "bieup")]
    assert scalar(db_path, "SELECT count(*) FROM posts") == 2
    assert post_terms(db_path, 1) == {("alpha", "category"), ("Clippable", "post_tag"), ("bieup", "post_tax")}
    assert query(
        db_path,
        "SELECT key, value FROM post_meta JOIN posts ON posts.id = post_meta.post_id WHERE posts.wp_id = 2",
    ) == [("_wp_page_template", "default")]


def test_valid_wxr_1_0(db_path: Path) -> None:
    imported(db_path, DATA / "valid-wxr-1.0.xml")
    assert scalar(db_path, "SELECT count(*) FROM posts") == 6
    assert scalar(db_path, "SELECT count(*) FROM terms WHERE taxonomy = 'category' AND slug = 'alpha'") == 1
    assert scalar(db_path, "SELECT count(*) FROM terms WHERE taxonomy = 'post_tag' AND slug = 'chicken'") == 1
    # domain="tag" in WXR 1.0 is post_tag; the legacy bare <category> copies are not extra terms.
    assert post_terms(db_path, 4) == {("alpha", "category"), ("news", "post_tag"), ("roar", "post_tag")}
    assert post_terms(db_path, 6) == {("chicken", "post_tag"), ("child", "category"), ("face", "post_tag")}
    assert query(
        db_path,
        (
            "SELECT parent.slug FROM terms JOIN terms parent ON parent.id = terms.parent_id "
            "WHERE terms.slug = 'child'"
        ),
    ) == [("parent",)]
    # WXR 1.0 has no author list: the author comes from dc:creator.
    assert query(db_path, "SELECT login, derived FROM authors") == [("admin", 1)]


def test_blank_lines_are_kept(db_path: Path, tmp_path: Path) -> None:
    imported(db_path, DATA / "post-content-blank-lines.xml")
    assert scalar(db_path, "SELECT content_html FROM posts").count("\n") == 3
    other = tmp_path / "other.db"
    imported(other, DATA / "blank-lines.xml")
    assert "\n\n" in scalar(other, "SELECT content_html FROM posts")


def test_term_formats(db_path: Path) -> None:
    imported(db_path, DATA / "term-formats.xml")
    assert scalar(db_path, "SELECT count(*) FROM authors") == 0
    assert scalar(db_path, "SELECT count(*) FROM posts") == 0
    counts = dict(query(db_path, "SELECT taxonomy, count(*) FROM terms GROUP BY 1"))
    assert counts.pop("category") == 2
    assert counts.pop("post_tag") == 3
    assert sum(counts.values()) == 2  # the two wp:term elements


@pytest.mark.parametrize("name", ["crazy-cdata-escaped.xml", "crazy-cdata.xml"])
def test_crazy_cdata(name: str, db_path: Path) -> None:
    imported(db_path, DATA / name)
    assert scalar(db_path, "SELECT content_html FROM posts") == "Content with nested <![CDATA[ tags ]]> :)"
    values = meta(db_path)
    assert values["Plain string"] == "Foo"
    assert values["Closing CDATA"] == "]]>"
    assert (
        values["Alot of CDATA"] == "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>"
    )
    expected_status = "ok" if name == "crazy-cdata-escaped.xml" else "recovered"
    assert source_row(db_path)["status"] == expected_status


def test_serialized_term_meta(db_path: Path) -> None:
    imported(db_path, DATA / "test-serialized-term-meta.xml")
    assert dict(query(db_path, "SELECT taxonomy, count(*) FROM terms GROUP BY 1")) == {
        "category": 1,
        "post_tag": 1,
        "custom_taxonomy": 1,
    }
    for (term_id,) in query(db_path, "SELECT id FROM terms"):
        values = [
            v
            for (v,) in query(
                db_path, "SELECT value FROM term_meta WHERE term_id = ? ORDER BY position", (term_id,)
            )
        ]
        assert len(values) == 2
        assert values[0] == "¯\\_(ツ)_/¯"
        assert values[1].startswith("a:")  # kept PHP-serialized, byte-exact


def test_serialized_comment_meta(db_path: Path) -> None:
    imported(db_path, DATA / "test-serialized-comment-meta.xml")
    assert scalar(db_path, "SELECT count(*) FROM posts") == 1
    values = [v for (v,) in query(db_path, "SELECT value FROM comment_meta ORDER BY position")]
    assert values[0] == "¯\\_(ツ)_/¯"
    assert values[1].startswith("a:")


def test_wxr_simple(db_path: Path) -> None:
    imported(db_path, DATA / "wxr-simple.xml")
    assert query(db_path, "SELECT wxr_version, base_site_url, base_blog_url FROM sites") == [
        ("1.2", "https://playground.internal/path", "https://playground.internal/path")
    ]
    assert query(db_path, "SELECT wp_id, login, email FROM authors") == [(1, "admin", "admin@localhost.com")]
    assert query(db_path, "SELECT wp_id, title, slug, status FROM posts ORDER BY id LIMIT 1") == [
        (10, '"The Road Not Taken" by Robert Frost', "hello-world", "publish")
    ]


@pytest.mark.parametrize(
    "name, posts, authors",
    [
        ("wxr-simple.xml", 1, 1),
        ("valid-wxr-1.0.xml", 6, 0),
        ("valid-wxr-1.1.xml", 2, 1),
        ("wxr-utf-8-challenges.xml", 1, 1),
        ("a11y-unit-test-data.xml", 154, 1),
        ("theme-unit-test-data.xml", 186, 2),
        ("wxr-with-sub-data.xml", 1, 0),
        ("crazy-cdata-escaped.xml", 1, 0),
    ],
)
def test_multi_file_counts(name: str, posts: int, authors: int, db_path: Path) -> None:
    """Authors as the upstream parser counts them: declared author blocks, not dc:creator."""
    imported(db_path, DATA / name)
    assert scalar(db_path, "SELECT count(*) FROM posts") == posts
    assert scalar(db_path, "SELECT count(*) FROM authors WHERE derived = 0") == authors


def test_wxr_with_sub_data(db_path: Path) -> None:
    imported(db_path, DATA / "wxr-with-sub-data.xml")
    assert scalar(db_path, "SELECT wxr_version FROM sites") == "1.1"
    assert query(db_path, "SELECT wp_id, title FROM posts") == [(101, "Post with sub data")]
    assert scalar(db_path, "SELECT count(*) FROM post_meta") == 1
    assert (
        scalar(db_path, "SELECT count(*) FROM terms WHERE taxonomy = 'category' AND slug = 'test-cat'") == 1
    )
    assert query(
        db_path,
        (
            "SELECT comments.wp_id, count(comment_meta.id) FROM comments "
            "JOIN comment_meta ON comment_meta.comment_id = comments.id GROUP BY 1"
        ),
    ) == [(201, 1)]
    assert query(
        db_path,
        (
            "SELECT terms.wp_id, terms.taxonomy, count(term_meta.id) FROM terms "
            "JOIN term_meta ON term_meta.term_id = terms.id GROUP BY 1"
        ),
    ) == [(40, "custom_tax", 1)]


def test_utf8_challenges_are_byte_exact(db_path: Path) -> None:
    """Every field equals what the standard library's own XML parser reads from the file."""
    imported(db_path, DATA / "wxr-utf-8-challenges.xml")
    item = ET.parse(DATA / "wxr-utf-8-challenges.xml").getroot().find("channel/item")
    wp = "{http://wordpress.org/export/1.2/}"
    expected = {
        "title": item.findtext("title"),
        "slug": item.findtext(f"{wp}post_name"),
        "guid": item.findtext("guid"),
        "content_html": item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"),
        "excerpt_html": item.findtext("{http://wordpress.org/export/1.2/excerpt/}encoded"),
    }
    row = query(db_path, f"SELECT {', '.join(expected)} FROM posts")[0]
    assert dict(zip(expected, row, strict=True)) == expected
    file_meta = [
        (m.findtext(f"{wp}meta_key"), m.findtext(f"{wp}meta_value")) for m in item.findall(f"{wp}postmeta")
    ]
    assert len(file_meta) == 5
    assert query(db_path, "SELECT key, value FROM post_meta ORDER BY position") == file_meta
    author = ET.parse(DATA / "wxr-utf-8-challenges.xml").getroot().find(f"channel/{wp}author")
    assert query(db_path, "SELECT display_name, first_name, last_name FROM authors") == [
        (
            author.findtext(f"{wp}author_display_name"),
            author.findtext(f"{wp}author_first_name"),
            author.findtext(f"{wp}author_last_name"),
        )
    ]


def test_chunked_meta_is_kept_serialized(db_path: Path) -> None:
    imported(db_path, DATA / "chunked-meta.xml")
    value = scalar(db_path, "SELECT value FROM post_meta")
    assert value.startswith("a:") and '"foo"' in value and '"bar"' in value


def test_backslashes(db_path: Path) -> None:
    imported(db_path, DATA / "backslashes.xml")
    assert "C:\\xampp\\htdocs" in scalar(db_path, "SELECT content_html FROM posts")


def test_multiple_cdata(db_path: Path) -> None:
    imported(db_path, DATA / "multiple-cdata.xml")
    assert "line oneline twoline three" in scalar(db_path, "SELECT content_html FROM posts")


def test_missing_tags_give_no_warnings(db_path: Path) -> None:
    imported(db_path, DATA / "missing-tags.xml")
    assert source_row(db_path)["warnings"] == []


def test_term_meta(db_path: Path) -> None:
    imported(db_path, DATA / "term-meta.xml")
    assert scalar(db_path, "SELECT key FROM term_meta ORDER BY id LIMIT 1") == "legacy_id"


def test_cdata_edge(db_path: Path) -> None:
    imported(db_path, DATA / "cdata-edge.xml")
    assert scalar(db_path, "SELECT content_html FROM posts").endswith("]] >")


def test_large_authors(db_path: Path) -> None:
    imported(db_path, DATA / "large-authors.xml")
    assert scalar(db_path, "SELECT count(*) FROM authors") == 300


def test_namespace_edge_cases(db_path: Path) -> None:
    """Namespace-aware: prefixes don't matter, re-bound ``wp:`` prefixes are not WXR."""
    imported(db_path, DATA / "namespace-edge-cases.xml")
    assert scalar(db_path, "SELECT count(*) FROM posts") == 6
    assert scalar(db_path, "SELECT count(*) FROM posts WHERE wp_id = 999") == 1
    assert scalar(db_path, "SELECT count(*) FROM posts WHERE wp_id IS NULL AND post_type IS NULL") == 1
    assert scalar(db_path, "SELECT count(*) FROM authors WHERE derived = 0") == 2
    assert sorted(v for (v,) in query(db_path, "SELECT wp_id FROM terms WHERE declared = 1")) == [100, 102]


SMALL_EXPORTS = [
    DATA / "small-export.xml",
    REDUX / "small-export.xml",
    REDUX / "small-ns-export.xml",
    REDUX / "future-wxr-version.xml",
]


@pytest.mark.parametrize("path", SMALL_EXPORTS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_small_export(path: Path, db_path: Path) -> None:
    imported(db_path, path)
    authors = dict(
        query(
            db_path,
            (
                "SELECT login, coalesce(email, '') || '|' || coalesce(first_name, '') || ' ' || "
                "coalesce(last_name, '') FROM authors"
            ),
        )
    )
    assert set(authors) == {"admin", "editor", "author"}
    assert authors["admin"].startswith("local@host.null")
    assert authors["editor"].endswith("FirstName LastName")
    assert scalar(db_path, "SELECT count(*) FROM terms WHERE taxonomy = 'category' AND declared = 1") == 30
    assert query(
        db_path,
        (
            "SELECT parent.slug FROM terms JOIN terms parent ON parent.id = terms.parent_id "
            "WHERE terms.slug = 'foo-bar'"
        ),
    ) == [("bar",)]
    assert scalar(db_path, "SELECT count(*) FROM terms WHERE taxonomy = 'post_tag'") == 3
    counts = dict(query(db_path, "SELECT post_type || '/' || status, count(*) FROM posts GROUP BY 1"))
    assert counts["post/publish"] == 5 and counts["post/private"] == 1
    assert counts["page/publish"] == 4 and counts["page/draft"] == 1
    assert scalar(db_path, "SELECT count(*) FROM comments") == 1
    assert (
        scalar(
            db_path,
            (
                "SELECT count(*) FROM post_terms JOIN posts ON posts.id = post_terms.post_id "
                "JOIN terms ON terms.id = post_terms.term_id WHERE posts.title = 'Many Categories' "
                "AND terms.taxonomy = 'category'"
            ),
        )
        == 27
    )
    assert query(
        db_path,
        (
            "SELECT terms.slug FROM post_terms JOIN terms ON terms.id = post_terms.term_id "
            "JOIN posts ON posts.id = post_terms.post_id WHERE terms.taxonomy = 'post_format'"
        ),
    ) == [("post-format-aside",)]
    templates = {v for (v,) in query(db_path, "SELECT value FROM post_meta WHERE key = '_wp_page_template'")}
    assert "default" in templates


def test_small_export_double_import_changes_nothing(db_path: Path) -> None:
    imported(db_path, DATA / "small-export.xml")
    before = table_dump(db_path, exclude=("sources",))
    imported(db_path, DATA / "small-export.xml")
    assert table_dump(db_path, exclude=("sources",)) == before


def test_unknown_wxr_version_imports_nothing(db_path: Path) -> None:
    result = run_import(db_path, REDUX / "unknown-wxr-version.xml")
    assert result.exit_code == 1
    assert stored_posts(db_path) == 0


def test_slashes_are_kept(db_path: Path) -> None:
    imported(db_path, DATA / "slashes.xml")
    assert scalar(db_path, "SELECT name FROM terms WHERE slug = 'alpha'") == 'a \\"great\\" category'
    assert scalar(db_path, "SELECT content_html FROM posts") == 'Slashes aren\\\'t \\"cool\\"'
    assert scalar(db_path, "SELECT content_html FROM comments") == "\\o/ ¯\\_(ツ)_/¯"
    assert "foo\\'bar" in [v for (v,) in query(db_path, "SELECT name FROM terms")] + [
        v for (v,) in query(db_path, "SELECT value FROM post_meta")
    ]
