"""The ten real blog exports and the seed pages in one archive, published: every published post and
every approved comment of every site is in the public copy and on its reading page, with its
paragraphs, and no name or title a reader sees holds an undecoded entity."""

from __future__ import annotations

import asyncio
import html
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXTERNAL_WXR, SHARED, run_import

from wparchive.cli import cli

REAL_BLOGS = EXTERNAL_WXR / "real-blogs"
SEEDS = SHARED / "seeds" / "pages"
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);", re.I)
# What the public copy must hold: published, unprotected posts and pages of the current export...
PUBLISHED_POSTS = """SELECT id FROM posts WHERE post_type IN ('post', 'page') AND status = 'publish'
    AND coalesce(password, '') = '' AND NOT superseded"""
# ...and their approved comments.
APPROVED_COMMENTS = f"""SELECT id, post_id, comment_type FROM comments
    WHERE status = 'approved' AND post_id IN ({PUBLISHED_POSTS})"""

pytestmark = pytest.mark.skipif(
    not (REAL_BLOGS.is_dir() and SEEDS.is_dir()),
    reason=f"{REAL_BLOGS} or {SEEDS} is absent: the real exports and seed pages live in ../shared",
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("published-archive")
    assert run_import(folder / "work.db", REAL_BLOGS, SEEDS).exit_code == 0
    result = CliRunner().invoke(cli, ["publish", str(folder / "work.db"), str(folder / "site"), "--quiet"])
    assert result.exit_code == 0, result.output
    return folder / "work.db", folder / "site"


def ids(db: Path, sql: str) -> set[tuple]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute(sql).fetchall())


def test_every_published_post_and_approved_comment_is_in_the_public_copy(archive) -> None:
    work, site = archive
    assert ids(work, "SELECT count(*) FROM sites") == {(11,)}, "ten exports and the seed pages' site"
    posts, comments = ids(work, PUBLISHED_POSTS), ids(work, APPROVED_COMMENTS)
    assert len(posts) > 1000 and len(comments) > 1500
    assert ids(site / "archive.db", PUBLISHED_POSTS) == posts
    assert ids(site / "archive.db", APPROVED_COMMENTS) == comments


def reading_pages(site: Path, post_ids: list[int]) -> dict[int, str]:
    from datasette.app import Datasette

    async def fetch() -> dict[int, str]:
        datasette = Datasette(config_dir=site)
        pages = {}
        for post_id in post_ids:
            response = await datasette.client.get(f"/post/{post_id}")
            assert response.status_code == 200, f"/post/{post_id}: {response.status_code}"
            pages[post_id] = response.text
        return pages

    return asyncio.run(fetch())


def test_every_reading_page_shows_its_comments_paragraphs_and_decoded_names(archive) -> None:
    work, site = archive
    with sqlite3.connect(site / "archive.db") as conn:
        posts = conn.execute(f"SELECT id, content_html FROM posts WHERE id IN ({PUBLISHED_POSTS})").fetchall()
        comments = conn.execute(APPROVED_COMMENTS).fetchall()
    pages = reading_pages(site, [post_id for post_id, _ in posts])
    for comment_id, post_id, kind in comments:
        if kind == "comment":
            assert f'id="comment-{comment_id}"' in pages[post_id], (
                f"comment {comment_id} not on /post/{post_id}"
            )
    paragraphs = 0
    for post_id, content in posts:
        body = pages[post_id].split('<div class="post-body">', 1)[1].split("</article>", 1)[0]
        if content and "<!-- wp:" not in content and re.search(r"\S\s*\n\s*\n\s*[^\s<]", content):
            assert "<p>" in body, f"/post/{post_id} shows its paragraphs as one block"
            paragraphs += 1
        for shown in re.findall(r"<h1>(.*?)</h1>|<strong><a [^>]*>(.*?)</a></strong>", pages[post_id]):
            text = html.unescape("".join(shown))
            assert not ENTITY.search(text), f"/post/{post_id}: an entity left in {text!r}"
    assert paragraphs > 300


def test_no_name_or_title_in_the_public_copy_holds_an_entity(archive) -> None:
    _, site = archive
    for table, column in (
        ("posts", "title"),
        ("posts", "author_name"),
        ("comments", "author_name"),
        ("pingbacks", "source_title"),
        ("pingbacks", "source_site"),
        ("terms", "name"),
        ("sites", "title"),
        ("authors", "display_name"),
    ):
        found = ids(site / "archive.db", f"SELECT {column} FROM {table} WHERE {column} LIKE '%&%;%'")
        assert not [value for (value,) in found if ENTITY.search(value)], (
            f"{table}.{column}: {sorted(found)[:3]}"
        )


def test_table_pages_show_no_none_and_their_facets_finish(archive) -> None:
    _, site = archive
    from conftest import site_get

    tables = ["posts", "comments", "published_posts", "comment_threads", "pingbacks_in", "terms", "sites"]
    for table, page in zip(tables, site_get(site, *(f"/archive/{table}" for table in tables)), strict=True):
        assert page.status_code == 200, table
        assert ">None<" not in page.text, f"/archive/{table} shows None"
        assert "facet_time_limit_ms" not in page.text and "timed out" not in page.text.lower(), table


def test_a_term_description_is_shown_as_html_not_tags(archive) -> None:
    _, site = archive
    from conftest import site_get

    with sqlite3.connect(site / "archive.db") as conn:
        term_id = conn.execute("SELECT id FROM terms WHERE description LIKE '<p>%' LIMIT 1").fetchone()[0]
    table, page = site_get(site, f"/archive/terms/{term_id}", f"/term/{term_id}")
    for response in (table, page):
        assert response.status_code == 200 and "&lt;p&gt;" not in response.text
