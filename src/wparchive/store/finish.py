"""What a source's writer does once its records are written: references, copies, stale rows.

Every statement touches only the source's own rows and the rows that point at
them, through indexes, never the whole archive: a folder of 100,000 pages runs
these 100,000 times (``tests/test_hostile_inputs.py`` counts SQLite's steps).
"""

from __future__ import annotations

import sqlite3


def mark_superseded(
    conn: sqlite3.Connection, site_id: int, source_id: int, latest_occurrence: dict[int, int]
) -> None:
    """A post id used by several items: the last occurrence is the post, the others are kept, flagged.

    ``latest_occurrence``: repeated post id -> row of its last occurrence in this source.
    """
    # This source's rows are what the site now says; copies of the same ids left by an older export are not.
    conn.execute("UPDATE posts SET superseded = 0 WHERE source_id = ? AND superseded", (source_id,))
    conn.execute(
        """UPDATE posts SET superseded = 1 WHERE site_id = ? AND source_id != ? AND duplicate_of_wp_id IN
               (SELECT coalesce(wp_id, duplicate_of_wp_id) FROM posts WHERE source_id = ?)""",
        (site_id, source_id, source_id),
    )
    conn.executemany(
        "UPDATE posts SET superseded = (id != ?) WHERE site_id = ? AND (wp_id = ? OR duplicate_of_wp_id = ?)",
        [(row_id, site_id, wp_id, wp_id) for wp_id, row_id in latest_occurrence.items()],
    )


_STALE = """SELECT id FROM {table} WHERE source_id = ? AND source_key IS NOT NULL
            AND (site_id != ? OR source_key NOT IN (SELECT key FROM current_keys))"""


def drop_stale_scraped_rows(conn: sqlite3.Connection, site_id: int, source_id: int, keys: set[str]) -> None:
    """A re-read page that now yields fewer posts or comments (or moved to another site): drop the rest."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS current_keys (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM current_keys")
    conn.executemany("INSERT OR IGNORE INTO current_keys VALUES (?)", [(key,) for key in keys])
    delete_rows(
        conn, "comments", [r[0] for r in conn.execute(_STALE.format(table="comments"), (source_id, site_id))]
    )
    stale_posts = [
        r[0]
        for r in conn.execute(_STALE.format(table="posts"), (source_id, site_id))
        if conn.execute("SELECT 1 FROM comments WHERE post_id = ? LIMIT 1", (r[0],)).fetchone() is None
    ]
    delete_rows(conn, "posts", stale_posts)


def drop_unsighted_rows(conn: sqlite3.Connection, source_id: int) -> None:
    """Rows a page wrote on an earlier reading that this reading no longer shows (not in
    ``temp.wparchive_touched``) and no other page or export holds: gone (a reader that improved,
    re-reading the same bytes)."""
    for table in ("comments", "posts"):
        stale = [
            row_id
            for (row_id,) in conn.execute(
                f"SELECT id FROM {table} WHERE source_id = ? AND id NOT IN "
                "(SELECT row_id FROM temp.wparchive_touched WHERE table_name = ?)",
                (source_id, table),
            ).fetchall()
            if conn.execute(
                "SELECT 1 FROM sightings WHERE table_name = ? AND row_id = ? LIMIT 1", (table, row_id)
            ).fetchone()
            is None
        ]
        if table == "posts":
            stale = [
                r
                for r in stale
                if conn.execute("SELECT 1 FROM comments WHERE post_id = ? LIMIT 1", (r,)).fetchone() is None
            ]
        delete_rows(conn, table, stale)


# Rows that hang off a row (deleted with it) and references to it (cleared).
DEPENDENTS = {
    "comments": (
        ("replies", "comment_id"),
        ("replies", "answers_id"),
        ("pingbacks", "comment_id"),
        ("comment_meta", "comment_id"),
    ),
    "posts": (("post_meta", "post_id"), ("post_terms", "post_id")),
}
REFERENCES = {
    "comments": (("comments", "parent_id", "NULL"), ("comments", "root_id", "id")),
    "posts": (("posts", "parent_id", "NULL"), ("pingbacks", "source_post_id", "NULL")),
}


def delete_rows(conn: sqlite3.Connection, table: str, row_ids: list[int]) -> None:
    """Remove posts (that have no comments left) or comments, and every row that hangs off them."""
    rows = [(i,) for i in row_ids]
    conn.executemany(f"DELETE FROM sightings WHERE table_name = '{table}' AND row_id = ?", rows)
    for dependent, column in DEPENDENTS[table]:
        conn.executemany(f"DELETE FROM {dependent} WHERE {column} = ?", rows)
    for referring, column, value in REFERENCES[table]:
        conn.executemany(f"UPDATE {referring} SET {column} = {value} WHERE {column} = ?", rows)
    conn.executemany(f"DELETE FROM {table} WHERE id = ?", rows)


# The parent is the visible occurrence of its id: a repeated id's last occurrence (a
# duplicate row that is not superseded), else the row holding the id. Two indexed
# lookups; one query with OR made SQLite scan the site's posts.
_PARENT_OF = """coalesce(
    (SELECT p.id FROM posts p WHERE p.site_id = posts.site_id AND p.duplicate_of_wp_id = posts.wp_parent_id
       AND NOT p.superseded ORDER BY p.occurrence DESC LIMIT 1),
    (SELECT p.id FROM posts p WHERE p.site_id = posts.site_id AND p.wp_id = posts.wp_parent_id))"""


def resolve_post_parents(conn: sqlite3.Connection, site_id: int, source_id: int) -> None:
    """parent_id from wp_parent_id, for this source's posts and for posts whose parent it brought."""
    conn.execute(
        f"UPDATE posts SET parent_id = {_PARENT_OF} WHERE source_id = ? AND (wp_parent_id IS NOT NULL OR "
        f"parent_id IS NOT NULL)",
        (source_id,),
    )
    # Split exports: a child read from an earlier file finds its parent in this one.
    conn.execute(
        f"""UPDATE posts SET parent_id = {_PARENT_OF}
            WHERE site_id = ? AND source_id != ?
              AND wp_parent_id IN
                  (SELECT coalesce(wp_id, duplicate_of_wp_id) FROM posts WHERE source_id = ?)""",
        (site_id, source_id, source_id),
    )


def resolve_term_parents(conn: sqlite3.Connection, site_id: int) -> None:
    conn.execute(
        """UPDATE terms SET parent_id = (SELECT t.id FROM terms t WHERE t.site_id = terms.site_id
               AND t.taxonomy = terms.taxonomy AND t.slug = terms.parent_slug)
           WHERE site_id = ? AND (parent_slug IS NOT NULL OR parent_id IS NOT NULL)""",
        (site_id,),
    )


# The archive's post at a pingback's source URL (any site); the visible copy of a repeated post first.
_SOURCE_POST = """(SELECT posts.id FROM posts WHERE posts.url_key = pingbacks.source_url_key
                   ORDER BY posts.superseded, posts.post_type = 'post' DESC, posts.id LIMIT 1)"""


def link_pingbacks_to_posts(conn: sqlite3.Connection, source_id: int | None = None) -> None:
    """Point pingbacks whose source is a post of the archive (any site) at that post.

    With ``source_id``, only what that source can change: its own pingbacks, and
    pingbacks anywhere whose source URL is one of its posts.
    """
    if source_id is None:
        conn.execute(f"UPDATE pingbacks SET source_post_id = {_SOURCE_POST} WHERE source_url_key IS NOT NULL")
        return
    conn.execute(
        f"""UPDATE pingbacks SET source_post_id = {_SOURCE_POST}
            WHERE comment_id IN (SELECT id FROM comments WHERE source_id = ?)
              AND source_url_key IS NOT NULL""",
        (source_id,),
    )
    conn.execute(
        f"""UPDATE pingbacks SET source_post_id = {_SOURCE_POST}
            WHERE source_url_key IN
                (SELECT url_key FROM posts WHERE source_id = ? AND url_key IS NOT NULL)""",
        (source_id,),
    )


# What a REST API response gives by WordPress id, with no name to match: a post's author
# (``extra.rest.author``), categories and tags (``extra.rest.categories``, ``tags``), a term's parent
# (``extra.rest.parent``). Linked when both ends are in the archive, whichever came first.
_USER = (
    "(SELECT {what} FROM authors a WHERE a.site_id = posts.site_id AND a.wp_id = {user} "
    "ORDER BY a.id LIMIT 1)"
)
_REST_AUTHOR = "json_extract(posts.extra, '$.rest.author')"
_TERM_IDS = """INSERT OR IGNORE INTO post_terms (post_id, term_id)
               SELECT p.id, t.id FROM posts p JOIN json_each(p.extra, '$.rest.{key}') j
               JOIN terms t ON t.site_id = p.site_id AND t.taxonomy = '{taxonomy}' AND t.wp_id = j.value
               WHERE {scope} AND p.extra LIKE '%"rest"%'"""
_TERM_PARENTS = """UPDATE terms SET parent_slug = (SELECT t.slug FROM terms t
                       WHERE t.site_id = terms.site_id AND t.taxonomy = terms.taxonomy
                         AND t.wp_id = json_extract(terms.extra, '$.rest.parent'))
                   WHERE site_id = ? AND parent_slug IS NULL
                     AND json_extract(extra, '$.rest.parent') IS NOT NULL"""


def link_by_ids(conn: sqlite3.Connection, site_id: int, source_id: int, whole_site: bool) -> None:
    """Authors, terms and parents a REST API source names by id: for its own posts, and for every
    post of the site when it declared authors or terms (a ``users`` response after the ``posts``)."""
    resolve_post_parents(conn, site_id, source_id)
    scope, values = ("p.site_id = ?", site_id) if whole_site else ("p.source_id = ?", source_id)
    for key, taxonomy in (("categories", "category"), ("tags", "post_tag")):
        conn.execute(_TERM_IDS.format(key=key, taxonomy=taxonomy, scope=scope), (values,))
    author_id = _USER.format(what="a.id", user=_REST_AUTHOR)
    name = _USER.format(what="coalesce(a.display_name, a.login)", user=_REST_AUTHOR)
    conn.execute(
        f"""UPDATE posts SET author_id = {author_id}, author_name = coalesce(author_name, {name})
            WHERE author_id IS NULL AND {scope.replace("p.", "posts.")} AND {_REST_AUTHOR} IS NOT NULL
              AND {author_id} IS NOT NULL""",
        (values,),
    )
    comments = scope.replace("p.", "comments.")
    conn.execute(
        f"""UPDATE comments SET author_id = (SELECT a.id FROM authors a WHERE a.site_id = comments.site_id
                AND a.wp_id = comments.user_id ORDER BY a.id LIMIT 1)
            WHERE {comments} AND author_id IS NULL AND user_id IS NOT NULL""",
        (values,),
    )
    conn.execute(
        f"""UPDATE comments SET by_post_author = 1 WHERE {comments} AND NOT by_post_author
              AND author_id = (SELECT posts.author_id FROM posts WHERE posts.id = comments.post_id)""",
        (values,),
    )
    if whole_site:
        conn.execute(_TERM_PARENTS, (site_id,))
        resolve_term_parents(conn, site_id)
