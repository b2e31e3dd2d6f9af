"""What a reader sees as text is stored as text: titles, names, pingback titles and term names with
their character references decoded at import (WordPress keeps "Tom&#039;s", "&laquo; Blog", and a
pingback's sender often escapes twice). HTML that is content stays as written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import query, run_import
from wxr_build import comment, export, item

from wparchive.htmltext import decode_entities
from wparchive.store.schema import open_db

TERM = (
    "<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>food</wp:category_nicename>"
    "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Food &amp; Drink]]></wp:cat_name>"
    "</wp:category>"
)


def test_names_and_titles_are_stored_decoded_and_content_is_not(tmp_path: Path) -> None:
    page = tmp_path / "export.xml"
    ping = comment(
        2,
        author="&laquo; Other Blog &#8211; A &amp;#8220;reply&amp;#8221;",
        url="https://other.example/post/",
        comment_type="pingback",
        content="[&#8230;] linked [&#8230;]",
    )
    body = "<p>Fish &amp; chips</p>"
    page.write_bytes(
        export(
            item(
                1,
                title="Tom&amp;#039;s day &#8211; part 2",
                content=body,
                comments=[comment(1, author="O&#039;Brien"), ping],
            ),
            channel=TERM,
        )
    )
    assert run_import(tmp_path / "a.db", page).exit_code == 0
    db = tmp_path / "a.db"
    assert query(db, "SELECT title, content_html FROM posts") == [("Tom's day – part 2", body)]
    assert query(db, "SELECT author_name FROM comments ORDER BY wp_id") == [
        ("O'Brien",),
        ("« Other Blog – A “reply”",),
    ]
    # Decoded before the name is split into the linking post's title and its site, at " – ".
    ((title, site),) = query(db, "SELECT source_title, source_site FROM pingbacks")
    assert " – ".join(filter(None, (title, site))) == "« Other Blog – A “reply”"
    assert query(db, "SELECT name FROM terms") == [("Food & Drink",)]


def test_a_second_import_of_the_same_export_adds_nothing(tmp_path: Path) -> None:
    page = tmp_path / "export.xml"
    page.write_bytes(export(item(1, comments=[comment(None, author="O&#039;Brien")])))
    for _ in range(2):
        assert run_import(tmp_path / "a.db", page).exit_code == 0
    assert query(tmp_path / "a.db", "SELECT author_name FROM comments") == [("O'Brien",)]


def test_plain_ampersands_and_unknown_names_are_left_alone() -> None:
    assert decode_entities("R&D at AT&T; &notanentity") == "R&D at AT&T; &notanentity"
    assert decode_entities(None) is None


def test_an_archive_made_before_decoding_is_decoded_when_opened(tmp_path: Path) -> None:
    """An older archive holds "O&#039;Brien": opening it decodes the names in place, so it reads as a
    fresh import would and id-less comments (keyed on the decoded name) are met again."""
    page = tmp_path / "export.xml"
    page.write_bytes(export(item(1, title="Tom&#039;s day", comments=[comment(None, author="O&#039;Brien")])))
    db = tmp_path / "a.db"
    assert run_import(db, page).exit_code == 0
    with sqlite3.connect(db) as conn:  # as an archive of an earlier version stored them
        conn.execute("UPDATE comments SET author_name = 'O&#039;Brien'")
        conn.execute("UPDATE posts SET title = 'Tom&amp;#039;s day'")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_decoded_text_values'")
    open_db(db).close()
    assert query(db, "SELECT author_name FROM comments") == [("O'Brien",)]
    assert query(db, "SELECT title FROM posts") == [("Tom's day",)]
    assert query(db, "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'Brien'") == [(1,)]
