"""``ensure_db_shape``: the idempotent finishing step of every command.

Indexes, full-text search kept in sync by triggers, and the views. Every
command that writes ends with it; it is also the place that repairs an index a
crash left behind.
"""

from __future__ import annotations

import sqlite_utils

from wparchive.store.schema import migrations, narrow_fts_update_trigger

INDEXES = {
    "posts": [
        ["site_id", "post_type", "status"],
        ["published_at"],
        ["url_key"],
        ["guid"],
        ["parent_id"],
        ["author_id"],
        ["source_id"],
        ["site_id", "wp_parent_id"],
    ],
    "comments": [
        ["post_id", "thread_path"],
        ["parent_id"],
        ["root_id"],
        ["published_at"],
        ["author_name"],
        ["comment_type"],
        ["source_id"],
        ["author_id"],
    ],
    "terms": [["parent_id"]],
    "post_terms": [["term_id"]],
    "pingbacks": [["post_id"], ["source_post_id"], ["source_url_key"]],
    "replies": [["answers_id"]],
    "artefacts": [["table_name", "row_id"], ["rule"]],
    "sources": [["sha256"]],
}
FTS_CONFIG = {
    "posts": ["title", "excerpt_text", "content_text"],
    "comments": ["author_name", "content_text"],
}
VIEWS = {
    "published_posts": """
        SELECT posts.id, sites.title AS site, posts.title, posts.url, posts.published_at,
               coalesce(authors.display_name, posts.author_name) AS author,
               (SELECT count(*) FROM comments c WHERE c.post_id = posts.id
                  AND c.status = 'approved' AND c.comment_type = 'comment') AS comment_count,
               posts.excerpt_text, posts.content_text
        FROM posts
        JOIN sites ON sites.id = posts.site_id
        LEFT JOIN authors ON authors.id = posts.author_id
        WHERE posts.post_type = 'post' AND posts.status = 'publish' AND NOT posts.superseded
    """,
    "comment_threads": """
        SELECT comments.post_id, posts.title AS post_title, comments.id, comments.parent_id,
               comments.root_id, comments.depth, comments.thread_path, comments.comment_type,
               comments.status, comments.author_name, comments.published_at, comments.content_text
        FROM comments JOIN posts ON posts.id = comments.post_id
        WHERE NOT posts.superseded
        ORDER BY comments.post_id, comments.thread_path
    """,
    "pingbacks_in": """
        SELECT pingbacks.comment_id, comments.comment_type, pingbacks.post_id,
               target.title AS post_title, target.url AS post_url,
               pingbacks.source_url, pingbacks.source_title, pingbacks.source_site,
               pingbacks.source_post_id, source.title AS source_post_title,
               comments.published_at, pingbacks.excerpt
        FROM pingbacks
        JOIN comments ON comments.id = pingbacks.comment_id
        LEFT JOIN posts AS target ON target.id = pingbacks.post_id
        LEFT JOIN posts AS source ON source.id = pingbacks.source_post_id
    """,
    "activity_by_month": """
        SELECT site_id, month, sum(posts) AS posts, sum(comments) AS comments FROM (
            SELECT site_id, substr(coalesce(published_at, published_local), 1, 7) AS month, 1 AS posts,
                   0 AS comments
            FROM posts
            WHERE post_type = 'post' AND status = 'publish' AND NOT superseded
              AND coalesce(published_at, published_local) IS NOT NULL
            UNION ALL
            SELECT comments.site_id,
                   substr(coalesce(comments.published_at, comments.published_local), 1, 7), 0, 1
            FROM comments JOIN posts ON posts.id = comments.post_id
            WHERE comments.status = 'approved' AND NOT posts.superseded
              AND coalesce(comments.published_at, comments.published_local) IS NOT NULL
        ) GROUP BY site_id, month ORDER BY site_id, month
    """,
    "orphan_comments": """
        SELECT id, post_id, wp_id, wp_parent_id, author_name, published_at
        FROM comments WHERE wp_parent_id IS NOT NULL AND parent_id IS NULL
    """,
}


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Idempotent finishing step of every command: indexes, FTS, views."""
    migrations.apply(db)
    ensure_indexes(db)
    ensure_fts(db)
    ensure_views(db)


def index_name(table: str, columns: list[str]) -> str:
    """The name sqlite-utils gives an index (``idx_posts_site_id_post_type``)."""
    return f"idx_{table}_{'_'.join(columns)}"


def ensure_indexes(db: sqlite_utils.Database) -> None:
    """Create the indexes that are missing; one query when none is (it runs once per source)."""
    present = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    for table, indexes in INDEXES.items():
        for columns in indexes:
            if index_name(table, columns) not in present:
                db.table(table).create_index(
                    columns, index_name=index_name(table, columns), if_not_exists=True
                )


FTS_TRIGGER_SUFFIXES = ("_ai", "_ad", "_au")


def ensure_fts(db: sqlite_utils.Database) -> None:
    """Full-text indexes with their triggers, rebuilt whenever they do not match their table.

    A run killed between creating ``posts_fts`` and its triggers (sqlite-utils
    commits in between) used to leave an empty index that nothing repaired: 3,641
    posts, 0 searchable. So the index is checked on every run, not only created.
    """
    for table, columns in FTS_CONFIG.items():
        fts = f"{table}_fts"
        if not db[fts].exists() or not _has_fts_triggers(db, table):
            db.table(table).enable_fts(
                columns, fts_version="FTS5", tokenize="porter", create_triggers=True, replace=True
            )
            narrow_fts_update_trigger(db, table)  # re-index on updates of indexed columns only
        elif _indexed_rows(db, fts) not in (
            None,
            db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0],
        ):
            with db.atomic():
                db.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _has_fts_triggers(db: sqlite_utils.Database, table: str) -> bool:
    names = {
        row[0]
        for row in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
        )
    }
    return {table + suffix for suffix in FTS_TRIGGER_SUFFIXES} <= names


def _indexed_rows(db: sqlite_utils.Database, fts: str) -> int | None:
    """Rows in the index (FTS5 keeps one per document in ``<fts>_docsize``); None if it cannot tell."""
    if not db[f"{fts}_docsize"].exists():
        return None
    return db.conn.execute(f"SELECT count(*) FROM {fts}_docsize").fetchone()[0]


def ensure_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
