"""Figures about an archive for ``wparchive stats``."""

from __future__ import annotations

from typing import Any

import sqlite_utils


def _rows(db: sqlite_utils.Database, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# Each figure: its SQL, whether it takes the ``top`` limit, whether it is one row.
FIGURES: dict[str, tuple[str, bool, bool]] = {
    "sites": (
        """SELECT sites.id, sites.url, sites.title, sites.wxr_version,
                  (SELECT count(*) FROM posts WHERE site_id = sites.id) AS posts,
                  (SELECT count(*) FROM comments WHERE site_id = sites.id) AS comments
           FROM sites ORDER BY sites.id""",
        False,
        False,
    ),
    "posts_by_type_status": (
        "SELECT post_type, status, count(*) AS count FROM posts GROUP BY 1, 2 ORDER BY 3 DESC",
        False,
        False,
    ),
    "comments_by_type_status": (
        "SELECT comment_type, status, count(*) AS count FROM comments GROUP BY 1, 2 ORDER BY 3 DESC",
        False,
        False,
    ),
    "date_range": (
        # A page's date without a time zone (published_local) counts when there is no UTC one.
        """SELECT min(at) AS first, max(at) AS last FROM (
               SELECT coalesce(published_at, published_local) AS at FROM posts
               UNION ALL SELECT coalesce(published_at, published_local) FROM comments)
           WHERE at IS NOT NULL""",
        False,
        True,
    ),
    "top_authors": (
        """SELECT coalesce(authors.display_name, posts.author_name) AS author, count(*) AS posts
           FROM posts LEFT JOIN authors ON authors.id = posts.author_id
           WHERE posts.post_type = 'post' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?""",
        True,
        False,
    ),
    "top_commenters": (
        """SELECT author_name AS commenter, count(*) AS comments FROM comments
           WHERE comment_type = 'comment' AND author_name IS NOT NULL
           GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?""",
        True,
        False,
    ),
    "deepest_threads": (
        """SELECT posts.title AS post, comments.root_id, max(comments.depth) AS depth,
                  count(*) AS comments
           FROM comments JOIN posts ON posts.id = comments.post_id
           WHERE comments.root_id IS NOT NULL
           GROUP BY comments.root_id HAVING max(comments.depth) > 1
           ORDER BY 3 DESC, 4 DESC LIMIT ?""",
        True,
        False,
    ),
    "pingbacks": ("SELECT count(*) AS total, count(source_post_id) AS internal FROM pingbacks", False, True),
    "sources": (
        "SELECT status, count(*) AS count FROM sources GROUP BY status ORDER BY status",
        False,
        False,
    ),
    "recovered_sources": (
        "SELECT id, path, warnings FROM sources WHERE status = 'recovered' ORDER BY id",
        False,
        False,
    ),
}


def archive_stats(db: sqlite_utils.Database, top: int = 5) -> dict[str, Any]:
    """Counts, date range, top authors and commenters, deepest threads, recovered sources."""
    figures: dict[str, Any] = {}
    for name, (sql, limited, single) in FIGURES.items():
        found = _rows(db, sql, (top,) if limited else ())
        figures[name] = found[0] if single else found
    figures["artefacts_removed"] = db.conn.execute("SELECT count(*) FROM artefacts").fetchone()[0]
    return figures
