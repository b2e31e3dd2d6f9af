"""Comments a page showed without an id meet the numbered comments they are, whatever came first.

Pages print some comments without their database id (Twenty Ten and Eleven's pings, a capture of a
theme that hid ids). When the archive later learns the same comment with its id (an export, or a
page of a theme that prints ids), the id-less row of the other source hands its sightings and
replies to the numbered row and goes: a ping is known by the page that linked, a comment by what it
says (``matching.match_keys``). Merged the other way round (id-less after numbered) they meet on the
way in (``store.merge``).
"""

from __future__ import annotations

import sqlite3

from wparchive.store.finish import delete_rows
from wparchive.store.matching import match_keys
from wparchive.store.rethread import rethread_post

_UNNUMBERED = """SELECT id, comment_type, author_name, content_text, author_url FROM comments
                 WHERE post_id = ? AND wp_id IS NULL AND source_id != ?"""
_NUMBERED = """SELECT id, comment_type, author_name, content_text, author_url FROM comments
               WHERE post_id = ? AND wp_id IS NOT NULL"""
_POSTS_OF_SOURCE = """SELECT DISTINCT post_id FROM comments WHERE source_id = ? AND wp_id IS NOT NULL"""
# Posts other sources gave without an id, at the URL of a numbered post this source wrote. "+site_id":
# looked up by url_key; by site, SQLite walked all the site's posts for each of the source's.
_IDLESS_TWINS = """SELECT twin.id, mine.id FROM posts AS mine JOIN posts AS twin
                     ON twin.url_key = mine.url_key AND +twin.site_id = mine.site_id AND twin.id != mine.id
                   WHERE mine.source_id = ? AND mine.wp_id IS NOT NULL AND mine.url_key IS NOT NULL
                     AND twin.wp_id IS NULL AND twin.source_id != ?"""


def absorb_idless_posts(conn: sqlite3.Connection, source_id: int) -> None:
    """A post a page or a Disqus thread gave without an id, met by its URL by the numbered post an
    export writes later: its comments, terms, pings and sightings go to the numbered post, and it goes.
    (Merged the other way round, the page meets the numbered post on the way in.)"""
    for twin, numbered in conn.execute(_IDLESS_TWINS, (source_id, source_id)).fetchall():
        conn.execute("UPDATE comments SET post_id = ? WHERE post_id = ?", (numbered, twin))
        conn.execute("UPDATE pingbacks SET post_id = ? WHERE post_id = ?", (numbered, twin))
        conn.execute("UPDATE OR IGNORE post_terms SET post_id = ? WHERE post_id = ?", (numbered, twin))
        conn.execute(
            """INSERT OR IGNORE INTO sightings
                   (source_id, table_name, row_id, url, captured_at, comment_page, position)
               SELECT source_id, table_name, ?, url, captured_at, comment_page, position FROM sightings
               WHERE table_name = 'posts' AND row_id = ?""",
            (numbered, twin),
        )
        delete_rows(conn, "posts", [twin])
        rethread_post(conn, numbered)


def absorb_unnumbered(conn: sqlite3.Connection, source_id: int) -> None:
    """For every post this source wrote numbered comments of."""
    for (post_id,) in conn.execute(_POSTS_OF_SOURCE, (source_id,)).fetchall():
        absorb_post(conn, post_id, source_id)


def absorb_post(conn: sqlite3.Connection, post_id: int, source_id: int) -> None:
    """Id-less rows other sources wrote on this post, matched to its numbered rows."""
    unnumbered = conn.execute(_UNNUMBERED, (post_id, source_id)).fetchall()
    if not unnumbered:
        return
    numbered: dict[str, int] = {}
    for row_id, *fields in conn.execute(_NUMBERED, (post_id,)):
        for key in match_keys(*fields):
            numbered.setdefault(key, row_id)
    moved = [
        (row[0], numbered[key]) for row in unnumbered for key in match_keys(*row[1:])[:1] if key in numbered
    ]
    for old, new in moved:
        _hand_over(conn, old, new)
    delete_rows(conn, "comments", [old for old, _ in moved])
    if moved:
        rethread_post(conn, post_id)


def _hand_over(conn: sqlite3.Connection, old: int, new: int) -> None:
    """What points at the page's row points at the numbered one."""
    conn.execute(
        """INSERT OR IGNORE INTO sightings
               (source_id, table_name, row_id, url, captured_at, comment_page, position)
           SELECT source_id, table_name, ?, url, captured_at, comment_page, position FROM sightings
           WHERE table_name = 'comments' AND row_id = ?""",
        (new, old),
    )
    conn.execute("UPDATE comments SET parent_id = ? WHERE parent_id = ?", (new, old))
