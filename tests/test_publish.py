"""wparchive publish: the site Datasette serves, driven in-process, and the
privacy guarantee checked on every byte of the published directory."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXTERNAL_WXR, FIXTURES, run_import, site_get

from wparchive.cli import cli
from wparchive.publish.config import QUERIES

PRIVATE = FIXTURES / "private" / "secrets-and-hostile-html.xml"
SECRETS = re.findall(r"SECRET-[\w@.-]+", PRIVATE.read_text()) + [f"192.0.2.17{i}" for i in range(1, 6)]
HOSTILE = ["<script", "onerror", "onclick", "onload", "onmouseover", "javascript:", "<iframe", "<style"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish")
    db_path = folder / "work.db"
    assert run_import(db_path, FIXTURES / "demo", PRIVATE).exit_code == 0
    result = CliRunner().invoke(cli, ["publish", str(db_path), str(folder / "site")])
    assert result.exit_code == 0, result.output
    return folder / "site"


def test_site_directory_layout(site: Path) -> None:
    names = {p.name for p in site.iterdir()}
    assert {
        "archive.db",
        "metadata.yml",
        "datasette.yaml",
        "settings.json",
        "templates",
        "plugins",
        "inspect-data.json",
    } <= names
    with sqlite3.connect(site / "archive.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0


def test_every_table_and_view_page_answers(site: Path) -> None:
    with sqlite3.connect(site / "archive.db") as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            )
        ]
    responses = site_get(
        site,
        *[f"/archive/{name}" for name in names],
        *[f"/archive/{name}.json?_shape=array" for name in names],
    )
    for name, response in zip(names + names, responses, strict=True):
        assert response.status_code == 200, (name, response.status_code)


SAMPLE_PARAMS = {"search_posts": "?q=compost", "search_comments": "?q=slugs", "thread": "?post_id=3"}


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_every_stored_query_answers(site: Path, query: str) -> None:
    params = SAMPLE_PARAMS.get(query, "")
    page, data = site_get(
        site,
        f"/archive/{query}{params}",
        f"/archive/{query}.json{params}{'&' if params else '?'}_shape=array",
    )
    assert page.status_code == 200 and data.status_code == 200
    if query in SAMPLE_PARAMS or query in ("top_commenters", "activity", "pingback_network"):
        assert data.json(), f"{query} returned no rows"


def test_search_is_ranked_with_highlighted_snippets(site: Path) -> None:
    (posts,) = site_get(site, "/archive/search_posts.json?q=compost&_shape=array")
    rows = posts.json()
    assert rows and all("<mark>" in row["snippet"].lower() for row in rows)
    assert rows[0]["reading_page"].startswith("/post/")
    # Titles weigh most: the post about compost comes before the posts that mention it.
    assert "compost" in rows[0]["title"].lower() and any(
        "compost" not in row["title"].lower() for row in rows[1:]
    )
    (stemmed,) = site_get(site, "/archive/search_posts.json?q=composting&_shape=array")
    assert stemmed.json(), "porter stemming: 'composting' finds 'compost'"
    (comments,) = site_get(site, "/archive/search_comments.json?q=slugs&_shape=array")
    assert comments.json()
    (table_search,) = site_get(site, "/archive/comments.json?_search=slugs&_shape=array")
    assert table_search.json()
    # "Search every table" (datasette-search-all) lists both tables; its page fetches each one's results.
    (everywhere,) = site_get(site, "/-/search?q=garden")
    assert everywhere.status_code == 200
    for table in ("posts", "comments"):
        assert f'data-searchable-url="/archive/{table}"' in everywhere.text
    (posts_found, comments_found) = site_get(
        site, *(f"/archive/{t}.json?_search=garden&_shape=array" for t in ("posts", "comments"))
    )
    assert posts_found.json() and comments_found.json()


def test_post_page_shows_the_thread_in_order_and_404s(site: Path) -> None:
    with sqlite3.connect(site / "archive.db") as conn:
        post_id = conn.execute(
            "SELECT post_id FROM comments WHERE comment_type = 'comment' "
            "GROUP BY post_id ORDER BY max(depth) DESC LIMIT 1"
        ).fetchone()[0]
        authors = [
            r[0]
            for r in conn.execute(
                "SELECT author_name FROM comments WHERE post_id = ? AND comment_type = 'comment' "
                "ORDER BY thread_path",
                (post_id,),
            )
        ]
    page, missing = site_get(site, f"/post/{post_id}", "/post/987654")
    assert page.status_code == 200 and missing.status_code == 404
    cursor = 0
    for (
        name
    ) in authors:  # each next comment's author appears after the previous one's (linked to their site or not)
        found = re.compile(rf"<strong>(?:<a [^>]*>)?{re.escape(name)}(?:</a>)?</strong>").search(
            page.text, cursor + 1
        )
        assert found, f"{name} missing or out of thread order"
        cursor = found.start()
    assert "margin-left: 2em" in page.text, "replies are indented by depth"


def test_front_page_and_activity_chart(site: Path) -> None:
    home, activity = site_get(site, "/", "/activity")
    assert home.status_code == 200 and "What this archive holds" in home.text
    assert "The Kitchen Garden" in home.text and "Night Sky Notes" in home.text
    for page in (home, activity):
        assert '<svg class="activity-chart"' in page.text and page.text.count("<rect") > 10


def test_facets_on_categories_tags_and_months(site: Path) -> None:
    (response,) = site_get(site, "/archive/posts.json?_facet_array=categories&_facet_array=tags&_facet=month")
    facets = response.json()["facet_results"]
    facets = {
        name: {r["value"]: r["count"] for r in facets[name]["results"]}
        for name in ("categories", "tags", "month")
    }
    with sqlite3.connect(site / "archive.db") as conn:
        for taxonomy, name in (("category", "categories"), ("post_tag", "tags")):
            expected = conn.execute(
                "SELECT terms.name, count(*) FROM post_terms JOIN terms ON terms.id = post_terms.term_id"
                " WHERE taxonomy = ? GROUP BY 1",
                (taxonomy,),
            ).fetchall()
            assert facets[name] and set(facets[name].items()) <= set(expected), name
        months = dict(
            conn.execute("SELECT substr(published_at, 1, 7), count(*) FROM posts GROUP BY 1").fetchall()
        )
    assert facets["month"] and all(months[month] == count for month, count in facets["month"].items())


def test_no_private_value_is_in_any_published_file(site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    assert any(p.name == "archive.db" for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in data, f"{secret} found in {path.name}"
    with sqlite3.connect(site / "archive.db") as conn:
        assert (
            conn.execute(
                "SELECT count(*) FROM comments WHERE author_email IS NOT NULL OR author_ip IS NOT NULL"
            ).fetchone()[0]
            == 0
        )
        assert conn.execute("SELECT count(*) FROM authors WHERE email IS NOT NULL").fetchone()[0] == 0
        assert (
            conn.execute("SELECT count(*) FROM posts WHERE status NOT IN ('publish', 'inherit')").fetchone()[
                0
            ]
            == 0
        )
        assert conn.execute("SELECT count(*) FROM comments WHERE status != 'approved'").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM comment_meta").fetchone()[0] == 0


def test_no_hostile_html_survives_in_what_is_rendered(site: Path) -> None:
    with sqlite3.connect(site / "archive.db") as conn:
        stored = [
            r[0] or ""
            for r in conn.execute(
                "SELECT content_html FROM posts UNION ALL SELECT excerpt_html FROM posts "
                "UNION ALL SELECT content_html FROM comments"
            )
        ]
        post_id = conn.execute("SELECT id FROM posts WHERE title = 'Frogspawn season'").fetchone()[0]
    for value in stored:
        for marker in HOSTILE:
            assert marker not in value.lower()
    page, table = site_get(site, f"/post/{post_id}", f"/archive/posts/{post_id}")
    for response in (page, table):
        body = response.text.lower()
        assert "frogspawn arrived" in body
        assert "steal()" not in body and "alert(" not in body and "evil.example.net" not in body


def test_include_private_keeps_them(tmp_path: Path) -> None:
    db_path = tmp_path / "work.db"
    run_import(db_path, PRIVATE)
    CliRunner().invoke(cli, ["publish", str(db_path), str(tmp_path / "site"), "--include-private"])
    with sqlite3.connect(tmp_path / "site" / "archive.db") as conn:
        assert (
            conn.execute("SELECT count(*) FROM comments WHERE author_email LIKE 'SECRET-%'").fetchone()[0]
            == 4
        )
        assert conn.execute("SELECT count(*) FROM posts WHERE status = 'draft'").fetchone()[0] == 1


def test_a_publish_that_fails_half_way_leaves_no_database_to_serve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy holds private values until they are removed: it must never be left under the served name."""
    import wparchive.publish.site

    db_path = tmp_path / "work.db"
    run_import(db_path, PRIVATE)

    def disk_full(db: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(wparchive.publish.site, "finish_file", disk_full)
    result = CliRunner().invoke(cli, ["publish", str(db_path), str(tmp_path / "site")])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Error: database or disk is full"
    site = tmp_path / "site"
    assert not site.exists() or list(site.iterdir()) == []
    assert not list(tmp_path.glob(".wparchive-publish-*")), "the private work folder is removed"


def test_serve_opens_the_working_archive_with_the_configuration(tmp_path: Path) -> None:
    import json
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    db_path = tmp_path / "blog.db"
    run_import(db_path, FIXTURES / "demo")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "wparchive", "serve", str(db_path), "-p", str(port), "--title", "My blogs"]
        + ["--", "--setting", "default_page_size", "7"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    try:
        body = ""
        for _ in range(100):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "What this archive holds" in body and "<h1>My blogs</h1>" in body
        assert list(temporary.iterdir()), "the configuration is written while the server runs"
        search = urllib.request.urlopen(
            f"http://127.0.0.1:{port}/blog/search_posts.json?q=compost&_shape=array", timeout=5
        )
        assert b"compost" in search.read().lower()
        settings = urllib.request.urlopen(f"http://127.0.0.1:{port}/-/settings.json", timeout=5)
        assert json.loads(settings.read())["default_page_size"] == 7, "options after -- reach Datasette"
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert not list(temporary.iterdir()), "serve left its configuration folder behind"


REAL_BLOGS = [
    EXTERNAL_WXR / "real-blogs" / "chrisjrob-chrisjrob.github.io" / "wordpress.xml",
    EXTERNAL_WXR / "real-blogs" / "TimothyFitz-timothyfitz.github.com" / "wordpress.xml",
]


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if not all(path.exists() for path in REAL_BLOGS):
        pytest.skip(f"{EXTERNAL_WXR} is absent: the real exports live in ../shared")
    folder = tmp_path_factory.mktemp("real")
    assert run_import(folder / "work.db", *REAL_BLOGS).exit_code == 0
    assert CliRunner().invoke(cli, ["publish", str(folder / "work.db"), str(folder / "site")]).exit_code == 0
    return folder / "work.db", folder / "site"


def test_real_blogs_publish_with_every_page_answering(real_site: tuple[Path, Path]) -> None:
    _, site = real_site
    with sqlite3.connect(site / "archive.db") as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            )
        ]
        post_id = conn.execute(
            "SELECT post_id FROM comments GROUP BY post_id ORDER BY max(depth) DESC LIMIT 1"
        ).fetchone()[0]
    paths = [f"/archive/{name}" for name in names] + [f"/post/{post_id}", "/", "/activity"]
    paths += [f"/archive/{query}.json?_shape=array&q=test&post_id={post_id}" for query in QUERIES]
    for path, response in zip(paths, site_get(site, *paths), strict=True):
        assert response.status_code == 200, path


def test_real_commenters_emails_and_ips_are_not_published(real_site: tuple[Path, Path]) -> None:
    work, site = real_site
    with sqlite3.connect(work) as conn:
        private = {
            v
            for (v,) in conn.execute(
                "SELECT author_email FROM comments WHERE author_email LIKE '%@%' "
                "UNION SELECT author_ip FROM comments WHERE length(author_ip) > 6 "
                "UNION SELECT email FROM authors WHERE email LIKE '%@%'"
            )
        }
    assert len(private) > 50, "the real exports hold commenters' e-mails and IPs"
    data = b"".join(path.read_bytes() for path in site.rglob("*") if path.is_file())
    leaked = [value for value in private if value.encode() in data]
    assert leaked == []


def test_reading_pages_show_paragraphs_even_without_wparchive_installed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain Datasette serves a published site: the plugin takes the paragraph rules from the copy
    beside it when ``wparchive`` cannot be imported."""
    import importlib.util
    import sys

    monkeypatch.setitem(sys.modules, "wparchive.autop", None)  # "import wparchive.autop" now fails
    spec = importlib.util.spec_from_file_location("site_plugin", site / "plugins" / "wparchive_plugin.py")
    plugin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plugin)
    assert plugin.autop.__module__ == "wparchive_autop"
    assert plugin.autop("One.\n\nTwo.") == "<p>One.</p>\n<p>Two.</p>"


def test_a_post_stored_without_p_tags_reads_in_paragraphs(site: Path) -> None:
    with sqlite3.connect(site / "archive.db") as conn:
        post_id, text = conn.execute(
            "SELECT id, content_html FROM posts WHERE content_html LIKE '%' || char(10) || char(10) || '%' "
            "AND content_html NOT LIKE '%<p>%' AND post_type = 'post' LIMIT 1"
        ).fetchone()
    page = site_get(site, f"/post/{post_id}")[0]
    body = page.text.split('<div class="post-body">', 1)[1].split("</div>", 1)[0]
    paragraphs = [part for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]
    assert body.count("<p>") >= 2 and body.startswith(f"<p>{paragraphs[0][:40]}")
    assert f"<p>{paragraphs[1][:40]}" in body
