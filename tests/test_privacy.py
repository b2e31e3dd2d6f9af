"""What reaches a published copy, and when: the allowlist, interrupted runs, the public server's limits.

Issue 8 §1-§6 and §8: contact-form messages and other non-content post types, a publish killed half-way,
location meta, the sources table, javascript: links on the reading page, one anonymous query that
exhausts the server, a whole blog held back without a word, and a user's own folder overwritten.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, run_import, scalar, site_get
from wxr_build import comment, export, item

from wparchive.cli import cli

PUBLIC = [
    item(
        1,
        title="A public post",
        content="<p>Open to all.</p>",
        comments=[comment(1, email="SECRET-c1@example.com", ip="192.0.2.201")],
    ),
    item(2, title="A page", post_type="page"),
]
NOT_CONTENT = {  # post type -> what such a post holds that must never be published
    "feedback": "SECRET-sender@example.com, 203.0.113.9, +44 20 7946 0999: please call me about the flat",
    "nav_menu_item": "SECRET-menu-label",
    "wp_template": "SECRET-template-markup",
    "customize_changeset": "SECRET-changeset-api-key",
    "oembed_cache": "SECRET-oembed",
    "user_request": "SECRET-erasure-request@example.com",
    "wpcf7_contact_form": "SECRET-cf7-recipient@example.com",
    "some_plugin_type": "SECRET-unknown-type",
}


def _publish(db_path: Path, site: Path, *extra: str):
    return CliRunner().invoke(cli, ["publish", str(db_path), str(site), *extra])


def _archive(tmp_path: Path, *items: str, name: str = "work.db") -> Path:
    path = tmp_path / f"{name}.xml"
    path.write_bytes(export(*items))
    db_path = tmp_path / name
    assert run_import(db_path, path).exit_code == 0
    return db_path


def _published_bytes(site: Path) -> bytes:
    return b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())


# -- §1: an allowlist of public post types -----------------------------------------------------------
def test_posts_that_are_not_content_are_never_published(tmp_path: Path) -> None:
    hidden = [
        item(
            10 + n,
            title=f"{post_type} item",
            post_type=post_type,
            content=secret,
            meta=[("contact_email", secret)],
        )
        for n, (post_type, secret) in enumerate(NOT_CONTENT.items())
    ]
    db_path = _archive(tmp_path, *PUBLIC, *hidden)
    result = _publish(db_path, tmp_path / "site")
    assert result.exit_code == 0, result.output
    data = _published_bytes(tmp_path / "site")
    for post_type, secret in NOT_CONTENT.items():
        assert secret.split(",")[0].encode() not in data, post_type
    assert b"203.0.113.9" not in data and b"SECRET-c1" not in data and b"192.0.2.201" not in data
    with sqlite3.connect(tmp_path / "site" / "archive.db") as conn:
        assert sorted(r[0] for r in conn.execute("SELECT title FROM posts")) == ["A page", "A public post"]
    assert "not public content: feedback 1" in result.output


def test_a_custom_type_the_user_names_is_published(tmp_path: Path) -> None:
    db_path = _archive(tmp_path, *PUBLIC, item(30, title="A book review", post_type="book"))
    _publish(db_path, tmp_path / "without")
    _publish(db_path, tmp_path / "with", "--public-type", "book")
    for site, expected in (("without", 0), ("with", 1)):
        with sqlite3.connect(tmp_path / site / "archive.db") as conn:
            assert (
                conn.execute("SELECT count(*) FROM posts WHERE post_type = 'book'").fetchone()[0] == expected
            )


# -- §2: an interrupted publish leaves nothing private behind ------------------------------------------
SLOW_PUBLISH = """
import sys, time
import wparchive.publish.site as publish
original = publish.sanitise_html
def slow(db):
    print("PRIVATE COPY BUILT", file=sys.stderr, flush=True)
    time.sleep(60)
    original(db)
publish.sanitise_html = slow
from wparchive.cli import cli
cli(["publish", sys.argv[1], sys.argv[2]])
"""


def _interrupt_publish(tmp_path: Path, number: int) -> Path:
    db_path = _archive(tmp_path, *PUBLIC, item(40, title="SECRET draft", status="draft"))
    site = tmp_path / "site"
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_PUBLISH, str(db_path), str(site)], stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "PRIVATE COPY BUILT" in line:
            break
    process.send_signal(number)
    process.wait(timeout=30)
    return site


@pytest.mark.parametrize(
    "number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["SIGTERM", "SIGHUP", "SIGINT"]
)
def test_a_publish_stopped_by_a_signal_leaves_no_private_file(tmp_path: Path, number: int) -> None:
    site = _interrupt_publish(tmp_path, number)
    assert not site.exists() or not any(site.iterdir()), list(site.iterdir())
    assert not list(tmp_path.glob(".wparchive-publish-*")), "the private work folder is removed"


def test_a_publish_killed_outright_leaves_its_copy_private_and_outside_the_site(tmp_path: Path) -> None:
    site = _interrupt_publish(tmp_path, signal.SIGKILL)
    assert not site.exists() or not any(site.iterdir())
    (work,) = tmp_path.glob(".wparchive-publish-*")
    assert stat.S_IMODE(work.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in work.iterdir())
    assert _publish(tmp_path / "work.db", site).exit_code == 0
    assert not list(tmp_path.glob(".wparchive-publish-*")), (
        "the next publish removes what the killed one left"
    )


# -- §3: quieter leaks ------------------------------------------------------------------------------
def test_location_is_published_only_where_the_author_made_it_public(tmp_path: Path) -> None:
    geo = [("geo_latitude", "51.50001"), ("geo_longitude", "-0.12002")]
    db_path = _archive(
        tmp_path,
        item(1, title="At home", meta=[*geo, ("geo_public", "0")]),
        item(2, title="No flag", meta=[("geo_latitude", "48.85003"), ("geo_longitude", "2.35004")]),
        item(
            3,
            title="On holiday",
            meta=[("geo_latitude", "40.41005"), ("geo_longitude", "-3.70006"), ("geo_public", "1")],
        ),
    )
    _publish(db_path, tmp_path / "site")
    data = _published_bytes(tmp_path / "site")
    for private in (b"51.50001", b"-0.12002", b"48.85003", b"2.35004"):
        assert private not in data
    assert b"40.41005" in data


def test_the_public_sources_table_holds_only_what_a_reader_needs(tmp_path: Path) -> None:
    db_path = _archive(tmp_path, *PUBLIC)
    (tmp_path / "broken.xml").write_bytes(b"<html>not an export</html>")
    run_import(db_path, tmp_path / "broken.xml")
    _publish(db_path, tmp_path / "site")
    with sqlite3.connect(tmp_path / "site" / "archive.db") as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(sources)")]
        rows = conn.execute("SELECT * FROM sources").fetchall()
    assert columns == ["id", "kind", "url", "site_id"]
    assert len(rows) == 1, "no audit row of a failed import"
    assert str(tmp_path).encode() not in (tmp_path / "site" / "archive.db").read_bytes()


# -- §4: links on the reading page --------------------------------------------------------------------
def test_no_script_url_reaches_a_page_even_if_one_is_stored(tmp_path: Path) -> None:
    db_path = _archive(
        tmp_path, item(1, title="Linked", comments=[comment(1), comment(2, comment_type="pingback")])
    )
    with sqlite3.connect(db_path) as conn:  # as if an older version or another tool had stored them
        conn.execute("UPDATE posts SET url = 'javascript:alert(document.domain)//'")
        conn.execute("UPDATE comments SET author_url = 'data:text/html,<script>alert(1)</script>'")
        conn.execute("UPDATE pingbacks SET source_url = 'JavaScript:alert(2)'")
    _publish(db_path, tmp_path / "site")
    with sqlite3.connect(tmp_path / "site" / "archive.db") as conn:
        post_id = conn.execute("SELECT id FROM posts").fetchone()[0]
    (page,) = site_get(tmp_path / "site", f"/post/{post_id}")
    assert page.status_code == 200 and "Linked" in page.text
    body = page.text.lower()
    assert 'href="javascript:' not in body and 'href="data:' not in body and "alert(" not in body


def test_http_links_are_links_on_the_reading_page(tmp_path: Path) -> None:
    db_path = _archive(
        tmp_path,
        item(
            1,
            title="Linked",
            link="https://blog.example.org/linked/",
            comments=[comment(1, url="https://cora.example.com/")],
        ),
    )
    _publish(db_path, tmp_path / "site")
    (page,) = site_get(tmp_path / "site", "/post/1")
    assert (
        'href="https://blog.example.org/linked/"' in page.text
        and 'href="https://cora.example.com/"' in page.text
    )


# -- §5: one anonymous request cannot exhaust the server ----------------------------------------------
ATTACK = "/archive.json?sql=select+replace(hex(zeroblob(250000000)),'0','a')"


def test_the_public_site_runs_no_arbitrary_sql_by_default(tmp_path: Path) -> None:
    db_path = _archive(tmp_path, *PUBLIC)
    _publish(db_path, tmp_path / "site")
    started = time.monotonic()
    attack, search, table = site_get(
        tmp_path / "site", ATTACK, "/archive/search_posts.json?q=public&_shape=array", "/archive/posts.json"
    )
    assert attack.status_code == 403
    assert time.monotonic() - started < 30
    assert search.status_code == 200 and search.json(), "stored queries still work"
    assert table.status_code == 200


def test_with_allow_sql_a_value_too_big_is_refused_by_sqlite(tmp_path: Path) -> None:
    if not hasattr(sqlite3.Connection, "setlimit"):
        pytest.skip("Python before 3.11 cannot cap SQLite's value size")
    db_path = _archive(tmp_path, *PUBLIC)
    _publish(db_path, tmp_path / "site", "--allow-sql")
    attack, small = site_get(
        tmp_path / "site", ATTACK, "/archive.json?sql=select+count(*)+from+posts&_shape=array"
    )
    assert attack.status_code == 400 and "too big" in attack.text
    assert small.status_code == 200


# -- §6: padded passwords, and a report of what is held back -------------------------------------------
def test_an_export_with_padded_values_is_published_whole(tmp_path: Path) -> None:
    padded = [
        item(n, title=f"Post {n}", password="\n<![CDATA[ ]]>\n", status="\n publish \n") for n in range(1, 5)
    ]
    db_path = _archive(tmp_path, *padded)
    result = _publish(db_path, tmp_path / "site")
    assert "Warning" not in result.output
    with sqlite3.connect(tmp_path / "site" / "archive.db") as conn:
        assert conn.execute("SELECT count(*) FROM posts").fetchone()[0] == 4


def test_publish_says_what_it_held_back_and_warns_when_it_is_most_of_a_site(tmp_path: Path) -> None:
    posts = [item(n, title=f"Post {n}", password="hunter2") for n in range(1, 4)] + [
        item(9, title="Open post", comments=[comment(1, approved="spam")])
    ]
    db_path = _archive(tmp_path, *posts)
    result = _publish(db_path, tmp_path / "site")
    assert result.exit_code == 0
    assert "held back, posts: password-protected 3" in result.output
    assert "held back, comments: status spam 1" in result.output
    assert (
        "Warning: A test blog: 3 of 4 posts and pages are held back (password-protected 3)" in result.output
    )


# -- §8: a folder publish did not write ----------------------------------------------------------------
def test_a_folder_of_the_users_own_files_is_refused_and_force_replaces_only_publishs_files(
    tmp_path: Path,
) -> None:
    db_path = _archive(tmp_path, *PUBLIC)
    site = tmp_path / "mysite"
    (site / "templates").mkdir(parents=True)
    (site / "templates" / "index.html").write_text("MY OWN FRONT PAGE")
    (site / "plugins").mkdir()
    (site / "plugins" / "mine.py").write_text("# my plugin")
    refused = _publish(db_path, site)
    assert refused.exit_code == 1 and "not empty and was not written by wparchive publish" in refused.output
    assert (site / "templates" / "index.html").read_text() == "MY OWN FRONT PAGE"
    assert _publish(db_path, site, "--force").exit_code == 0
    assert (site / "plugins" / "mine.py").read_text() == "# my plugin"
    assert (site / "archive.db").exists()
    (site / "templates" / "extra.html").write_text("added after publishing")
    assert _publish(db_path, site).exit_code == 0, "a folder publish wrote is its own"
    assert (site / "templates" / "extra.html").exists() and (site / "plugins" / "mine.py").exists()


def test_the_demo_still_publishes(tmp_path: Path) -> None:
    assert run_import(tmp_path / "demo.db", FIXTURES / "demo").exit_code == 0
    result = _publish(tmp_path / "demo.db", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert os.path.exists(tmp_path / "site" / ".wparchive-site.json")


def test_comments_keep_the_tags_wordpress_allows_commenters_and_no_other(tmp_path: Path) -> None:
    content = (
        "<em>yes</em> and <blockquote cite='https://a.example.org/'>quoted</blockquote>"
        "<img src=x onerror=alert(1)><h1>big</h1>"
    )
    db_path = _archive(tmp_path, item(1, title="Tags", comments=[comment(1, content=content)]))
    _publish(db_path, tmp_path / "site")
    (page,) = site_get(tmp_path / "site", "/post/1")
    assert "<em>yes</em>" in page.text and "<blockquote" in page.text
    assert "<img" not in page.text and "onerror" not in page.text and "<h1>big</h1>" not in page.text


# -- tables: an allowlist too ------------------------------------------------------------------------------
def test_a_table_the_copy_does_not_name_is_not_published(tmp_path: Path) -> None:
    db_path = _archive(tmp_path, item(1, title="Public"))
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE my_private_notes (note TEXT)")
        conn.execute("INSERT INTO my_private_notes VALUES ('call the lawyer about the contact form')")
    assert _publish(db_path, tmp_path / "site").exit_code == 0
    with sqlite3.connect(tmp_path / "site" / "archive.db") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "my_private_notes" not in tables and "posts" in tables
    assert b"call the lawyer" not in _published_bytes(tmp_path / "site")


def test_a_comment_a_page_showed_awaiting_moderation_leaves_no_sighting_in_the_copy(tmp_path: Path) -> None:
    db_path = tmp_path / "work.db"
    assert run_import(db_path, FIXTURES / "html" / "moderation-notice.html").exit_code == 0
    pending = scalar(db_path, "SELECT id FROM comments WHERE status = 'pending'")
    assert pending is not None and scalar(db_path, f"SELECT count(*) FROM sightings WHERE row_id = {pending}")
    assert _publish(db_path, tmp_path / "site").exit_code == 0
    with sqlite3.connect(tmp_path / "site" / "archive.db") as conn:
        sightings = conn.execute("SELECT table_name, row_id FROM sightings").fetchall()
        comments = {row[0] for row in conn.execute("SELECT id FROM comments")}
    assert sightings and ("comments", pending) not in sightings
    assert all(row_id in comments for table, row_id in sightings if table == "comments")
