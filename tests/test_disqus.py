"""Disqus exports: a blog's conversation, moved out of WordPress, back beside its posts.

``fixtures/disqus/lanterns.xml`` is the WordPress export of a blog whose comments moved to Disqus;
``lanterns-disqus.xml`` is its Disqus export, with threads whose identifiers and links vary (see its
description). Together they must give each post its thread, in order and nested, once, whatever the
order of import and however often.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from archive_compare import content_of
from click.testing import CliRunner
from conftest import FIXTURES, query, run_import, scalar, site_get, table_dump

from wparchive.cli import cli
from wparchive.readers import detect

DISQUS = FIXTURES / "disqus"
EXPORT, THREADS = DISQUS / "lanterns.xml", DISQUS / "lanterns-disqus.xml"


def _thread(db_path: Path, wp_id: int | None, title: str | None = None) -> list[tuple]:
    where, value = ("p.wp_id = ?", wp_id) if wp_id is not None else ("p.title = ?", title)
    return query(
        db_path,
        f"""SELECT c.author_name, c.depth, parent.author_name, c.status, c.content_text
            FROM comments c JOIN posts p ON p.id = c.post_id
            LEFT JOIN comments parent ON parent.id = c.parent_id
            WHERE {where} ORDER BY c.thread_path""",
        (value,),
    )


def test_each_post_gets_its_disqus_thread_in_order_and_nested(db_path: Path) -> None:
    result = run_import(db_path, EXPORT, THREADS, extra=())
    assert result.exit_code == 0, result.output
    assert scalar(db_path, "SELECT count(*) FROM posts") == 6, "5 of the export, 1 thread of its own"
    first_light = _thread(db_path, 101)
    assert [row[:3] for row in first_light[:4]] == [
        ("Ann Kerr", 1, None),
        ("Ben Ode", 2, "Ann Kerr"),
        ("Ann Kerr", 3, "Ben Ode"),
        ("Ines Varga", 1, None),  # the staging thread's comment, met by the id in its identifier
    ]
    statuses = {row[0]: row[3] for row in first_light}
    assert statuses["cheap-lamps"] == "spam" and statuses["Cole Fenn"] == "trash"
    assert [row[4] for row in first_light].count("+1") == 2, "two alike comments stay two"
    # Met by a ?p= link (103) and by a link with another scheme, www. and no slash (104).
    assert [row[:3] for row in _thread(db_path, 103)] == [
        ("Dov Sato", 1, None),
        ("Ines Varga", 2, "Dov Sato"),
    ]
    assert [row[0] for row in _thread(db_path, 104)] == ["Ann Kerr"]


def test_comments_disqus_imported_from_wordpress_are_the_export_s_comments(db_path: Path) -> None:
    run_import(db_path, EXPORT, THREADS)
    assert [row[:3] for row in _thread(db_path, 102)] == [
        ("Rhea Lund", 1, None),
        ("Ines Varga", 2, "Rhea Lund"),
        ("Rhea Lund", 3, "Ines Varga"),
    ]
    assert query(db_path, "SELECT wp_id FROM comments WHERE wp_id IS NOT NULL ORDER BY wp_id") == [
        (501,),
        (502,),
    ]


def test_a_thread_no_post_holds_is_a_post_of_its_own_marked_as_such(db_path: Path) -> None:
    run_import(db_path, EXPORT, THREADS)
    extra = json.loads(scalar(db_path, "SELECT extra FROM posts WHERE title = 'Guest book'"))
    assert extra["disqus"]["thread_only"] is True and extra["disqus"]["thread_id"] == "7006"
    assert (
        scalar(db_path, "SELECT count(*) FROM posts WHERE json_extract(extra, '$.disqus.thread_only')") == 1
    )
    assert [row[:3] for row in _thread(db_path, None, "Guest book")] == [
        ("Mae Holt", 1, None),
        ("Ines Varga", 2, "Mae Holt"),
    ]


def test_disqus_ids_are_kept_and_the_orphan_comment_is_reported(db_path: Path) -> None:
    result = run_import(db_path, EXPORT, THREADS, extra=())
    extra = json.loads(
        scalar(db_path, "SELECT extra FROM comments WHERE content_text LIKE 'Were you there%'")
    )
    assert extra == {"disqus_id": "8003", "disqus_thread": "7001", "disqus_username": "annk"}
    assert scalar(db_path, "SELECT source_key FROM comments WHERE content_text LIKE 'Were you there%'") == (
        "disqus:8003"
    )
    warnings = json.loads(scalar(db_path, "SELECT warnings FROM sources WHERE kind = 'disqus'"))
    assert warnings == ["1 comments of threads the export does not hold: not imported"]
    assert "Lost Soul" not in result.output and scalar(db_path, "SELECT count(*) FROM comments") == 16


def test_either_order_gives_the_same_archive_and_importing_again_changes_nothing(tmp_path: Path) -> None:
    export_first, disqus_first = tmp_path / "a.db", tmp_path / "b.db"
    run_import(export_first, EXPORT, THREADS)
    run_import(disqus_first, THREADS, EXPORT)
    assert content_of(export_first) == content_of(disqus_first)
    before = content_of(export_first)
    assert run_import(export_first, THREADS, EXPORT).exit_code == 0
    assert content_of(export_first) == before


def test_a_cut_export_is_read_in_recover_mode_and_says_so(db_path: Path) -> None:
    result = run_import(db_path, EXPORT, DISQUS / "truncated-disqus.xml")
    assert result.exit_code == 0
    status, warnings = query(db_path, "SELECT status, warnings FROM sources WHERE kind = 'disqus'")[0]
    assert status == "recovered" and "read in libxml2 recover mode" in warnings
    assert [row[0] for row in _thread(db_path, 101)][:3] == ["Ann Kerr", "Ben Ode", "Ann Kerr"]


def test_the_export_of_another_site_is_refused_in_one_line(db_path: Path) -> None:
    run_import(db_path, EXPORT)
    before = table_dump(db_path, exclude=("sources",))
    result = run_import(
        db_path, DISQUS / "other-site-disqus.xml", extra=("--site", "https://lanterns.example.org")
    )
    assert result.exit_code == 1
    assert "a Disqus export of another site: its threads link to someone-else.example.net" in result.output
    assert "Traceback" not in result.output
    assert table_dump(db_path, exclude=("sources",)) == before


def test_spam_deleted_and_private_values_stay_out_of_the_published_copy(
    db_path: Path, tmp_path: Path
) -> None:
    run_import(db_path, EXPORT, THREADS)
    site = tmp_path / "site"
    assert CliRunner().invoke(cli, ["publish", str(db_path), str(site), "--quiet"]).exit_code == 0
    public = site / "archive.db"
    with sqlite3.connect(public) as conn:
        names = {name for (name,) in conn.execute("SELECT author_name FROM comments")}
        private = conn.execute(
            "SELECT count(*) FROM comments WHERE author_email IS NOT NULL OR author_ip IS NOT NULL"
        ).fetchone()[0]
    assert "cheap-lamps" not in names and "Cole Fenn" not in names and "Ann Kerr" in names
    assert private == 0
    with sqlite3.connect(public) as conn:
        guest_book = conn.execute("SELECT id FROM posts WHERE title = 'Guest book'").fetchone()[0]
    (page,) = site_get(site, f"/post/{guest_book}")
    assert page.status_code == 200
    assert "known from its Disqus thread only" in page.text and "Mae Holt" in page.text


@pytest.mark.parametrize(
    ("path", "kind"), [(THREADS, "disqus"), (EXPORT, "wxr"), (FIXTURES / "html" / "avada.html", "html")]
)
def test_a_disqus_export_is_told_by_its_content(path: Path, kind: str) -> None:
    assert detect(path.read_bytes()[:65536]).kind == kind


def test_a_thread_past_the_item_limit_is_left_out_and_flagged(tmp_path: Path, db_path: Path) -> None:
    """A hostile export puts every comment under one thread: it is never held in memory whole."""
    text = THREADS.read_text()
    spam = "".join(
        f'<post dsq:id="{9_000_000 + n}"><id /><message><![CDATA[<p>{"flood " * 300}</p>]]></message>'
        f"<createdAt>2012-03-07T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>"
        f'<author><name>Flood</name></author><thread dsq:id="7006" /></post>\n'
        for n in range(700)
    )
    flooded = tmp_path / "flooded-disqus.xml"
    flooded.write_text(text.replace("</disqus>", spam + "</disqus>"))
    result = run_import(db_path, EXPORT, flooded, extra=("--max-item-mb", "1"))
    assert result.exit_code == 0
    status, warnings = query(db_path, "SELECT status, warnings FROM sources WHERE kind = 'disqus'")[0]
    assert status == "recovered"
    assert "thread 7006 holds more than 1 MiB of comments: not imported" in warnings
    assert scalar(db_path, "SELECT count(*) FROM posts WHERE title = 'Guest book'") == 0
    assert [row[0] for row in _thread(db_path, 101)][:2] == ["Ann Kerr", "Ben Ode"], (
        "the other threads are in"
    )


SEO_PAGE = FIXTURES / "html" / "disqus-seo-fallback.html"  # comments 115, 117 (a reply), 118
SEO_EXPORT = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="61"><id>388 https://termvelocity.example.com/?p=388</id><forum>termvelocity</forum>
    <link>http://termvelocity.example.com/2015/10/nested-resources-json-api</link>
    <title>Serializing nested resources in a JSON API</title><isClosed>false</isClosed>
    <isDeleted>false</isDeleted></thread>
  <post dsq:id="71"><id>wp_id=115</id><message><![CDATA[<p>How do you handle a belongs_to that the client
    sometimes wants embedded and sometimes not? An include parameter?</p>]]></message>
    <createdAt>2015-10-20T08:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Kwame Asante-Berg</name></author><thread dsq:id="61" /></post>
  <post dsq:id="72"><id /><message><![CDATA[<p>Yes, an include parameter, whitelisted per resource. Never
    let the client name arbitrary relations.</p>]]></message>
    <createdAt>2015-10-20T09:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Ada Quist</name></author><thread dsq:id="61" /><parent dsq:id="71" /></post>
  <post dsq:id="73"><id /><message><![CDATA[<p>Only on Disqus: did you try sparse fieldsets?</p>]]></message>
    <createdAt>2015-10-21T09:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Lena Park</name></author><thread dsq:id="61" /><parent dsq:id="72" /></post>
</disqus>
"""


@pytest.mark.parametrize("page_first", [True, False], ids=["page first", "export first"])
def test_a_page_saved_with_disqus_s_fallback_and_the_export_give_each_comment_once(
    tmp_path: Path, db_path: Path, page_first: bool
) -> None:
    """The plugin printed the comments WordPress kept (with their ids) in the page; the export has
    them too, one with its WordPress id and one without, and one the page never showed."""
    export = tmp_path / "termvelocity-disqus.xml"
    export.write_text(SEO_EXPORT)
    inputs = (SEO_PAGE, export) if page_first else (export, SEO_PAGE)
    assert run_import(db_path, *inputs).exit_code == 0
    thread = sorted(row[:3] for row in _thread(db_path, 388))
    assert thread == [
        ("Ada Quist", 2, "Kwame Asante-Berg"),
        ("Kwame Asante-Berg", 1, None),
        ("Lena Park", 3, "Ada Quist"),
        ("restless_dev", 1, None),
    ]
    assert query(db_path, "SELECT wp_id FROM comments WHERE wp_id IS NOT NULL ORDER BY 1") == [
        (115,),
        (117,),
        (118,),
    ]
    assert scalar(db_path, "SELECT count(*) FROM posts") == 1
