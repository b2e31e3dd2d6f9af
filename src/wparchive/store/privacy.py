"""What a published copy may hold: an allowlist, and a report of everything held back.

Privacy by allowlist: what is public is named here, everything else is removed
from the copy's file (hiding a column in Datasette hides nothing from SQL, and
an immutable database can be downloaded whole).

- Posts of the public types (``post``, ``page``, ``attachment``, plus custom
  types the user names) that are published, not password-protected and not an
  earlier copy of a repeated post; attachments follow their parent. Anything
  else is held back: drafts, private and scheduled posts, revisions, and every
  type that is not content: Jetpack's contact-form messages (``feedback``, with
  the sender's e-mail, IP and phone), menu items, ``wp_*`` block-theme types,
  customizer changesets, oEmbed caches, privacy requests, forms of plugins.
- Approved comments on public posts, without e-mail or IP; no comment meta
  (Akismet keeps IPs there).
- Post meta whose key is public by WordPress's own convention (no leading
  ``_``); location meta only where the author made it public (``geo_public``).
- Authors of what remains, by display name; terms of public taxonomies or used
  by a public post; of ``sources``, only what a reader needs (kind and URL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

PUBLIC_POST_TYPES = ("post", "page", "attachment")
PUBLIC_TAXONOMIES = ("category", "post_tag", "post_format")
PUBLIC_UNDERSCORE_META = ("_wp_old_slug", "_wp_old_date", "_thumbnail_id", "_wp_attached_file")
# Columns of sources a reader needs; path, hash, sizes, status, warnings and counts stay home.
PUBLIC_SOURCE_COLUMNS = ("id", "kind", "url", "site_id")
# A site most of whose posts are held back is worth a warning: it usually means damaged input.
MOSTLY_HELD_BACK = 0.5


@dataclass
class HeldBack:
    """What the public copy leaves out, by reason, and the sites it leaves mostly empty."""

    posts: dict[str, int] = field(default_factory=dict)
    comments: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _quoted(values: Iterable[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


def _post_reason(public_types: tuple[str, ...]) -> str:
    """Why a post is held back (NULL when it is public), as SQL over a posts row."""
    return f"""CASE
        WHEN superseded THEN 'an earlier copy of a post the export repeats'
        WHEN post_type = 'revision' THEN 'revision'
        WHEN coalesce(post_type, '') NOT IN ({_quoted(public_types)})
            THEN 'not public content: ' || coalesce(post_type, 'no type')
        WHEN coalesce(password, '') != '' THEN 'password-protected'
        WHEN post_type = 'attachment' AND status = 'inherit' THEN NULL
        WHEN coalesce(status, '') != 'publish' THEN 'status ' || coalesce(status, 'unknown')
    END"""


COMMENT_REASON = """CASE
    WHEN post_id IN (SELECT id FROM held_posts) OR post_id IS NULL THEN 'on a post that is held back'
    WHEN coalesce(status, '') != 'approved' THEN 'status ' || coalesce(status, 'unknown')
END"""


def hold_back(db: sqlite_utils.Database, public_types: tuple[str, ...] = PUBLIC_POST_TYPES) -> HeldBack:
    """Decide what is held back (temporary tables held_posts, held_comments) and count it by reason."""
    conn = db.conn
    conn.execute("CREATE TEMP TABLE held_posts (id INTEGER PRIMARY KEY, site_id INTEGER, reason TEXT)")
    conn.execute(
        f"INSERT INTO held_posts SELECT id, site_id, reason FROM (SELECT id, site_id, "
        f"{_post_reason(public_types)} AS reason FROM posts) WHERE reason IS NOT NULL"
    )
    # Attachments (and other 'inherit' rows) are as public as the post they belong to.
    conn.execute(
        """INSERT INTO held_posts SELECT id, site_id, 'attached to a post that is held back' FROM posts
           WHERE status = 'inherit' AND parent_id IN (SELECT id FROM held_posts)
             AND id NOT IN (SELECT id FROM held_posts)"""
    )
    conn.execute("CREATE TEMP TABLE held_comments (id INTEGER PRIMARY KEY, reason TEXT)")
    conn.execute(
        f"INSERT INTO held_comments SELECT id, reason FROM (SELECT id, {COMMENT_REASON} AS reason FROM "
        f"comments) WHERE reason IS NOT NULL"
    )
    held = HeldBack(
        posts=dict(conn.execute("SELECT reason, count(*) FROM held_posts GROUP BY 1 ORDER BY 2 DESC, 1")),
        comments=dict(
            conn.execute("SELECT reason, count(*) FROM held_comments GROUP BY 1 ORDER BY 2 DESC, 1")
        ),
    )
    held.warnings = _mostly_held_back(db)
    return held


def _mostly_held_back(db: sqlite_utils.Database) -> list[str]:
    rows = db.conn.execute(
        """SELECT coalesce(sites.title, sites.url), count(*), count(held_posts.id),
                  (SELECT group_concat(reason || ' ' || n, ', ')
                   FROM (SELECT reason, count(*) AS n FROM held_posts h JOIN posts p ON p.id = h.id
                         WHERE h.site_id = sites.id AND p.post_type IN ('post', 'page')
                       GROUP BY 1 ORDER BY 2 DESC))
           FROM posts JOIN sites ON sites.id = posts.site_id LEFT JOIN held_posts ON held_posts.id = posts.id
           WHERE posts.post_type IN ('post', 'page') GROUP BY sites.id"""
    )
    return [
        f"{site}: {held} of {total} posts and pages are held back ({reasons}); check the export if they "
        f"should be public"
        for site, total, held, reasons in rows
        if total and held / total > MOSTLY_HELD_BACK
    ]


PRIVACY_STATEMENTS = [
    "DELETE FROM posts WHERE id IN (SELECT id FROM held_posts)",
    "DELETE FROM comments WHERE id IN (SELECT id FROM held_comments)",
    "UPDATE comments SET author_email = NULL, author_ip = NULL",
    "UPDATE posts SET password = NULL",
    "DELETE FROM comment_meta",
    # Keys with a leading "_" are private by WordPress's convention, except those that only say what
    # was public anyway: old slugs and dates of a permalink (redirects), the featured image, the
    # uploaded file's path.
    r"DELETE FROM post_meta WHERE post_id NOT IN (SELECT id FROM posts) OR (key LIKE '\_%' ESCAPE '\' "
    f"AND key NOT IN ({_quoted(PUBLIC_UNDERSCORE_META)}))",
    # Location is public only where the author said so (WordPress's geo_public = 1).
    """DELETE FROM post_meta WHERE key LIKE 'geo\\_%' ESCAPE '\\' AND post_id NOT IN
        (SELECT post_id FROM post_meta WHERE key = 'geo_public' AND trim(value) = '1')""",
    "DELETE FROM post_terms WHERE post_id NOT IN (SELECT id FROM posts)",
    "DELETE FROM replies WHERE comment_id NOT IN (SELECT id FROM comments) OR answers_id NOT IN (SELECT id "
    "FROM comments)",
    "DELETE FROM pingbacks WHERE comment_id NOT IN (SELECT id FROM comments)",
    "UPDATE pingbacks SET source_post_id = NULL WHERE source_post_id NOT IN (SELECT id FROM posts)",
    "UPDATE comments SET parent_id = NULL WHERE parent_id NOT IN (SELECT id FROM comments)",
    "UPDATE comments SET root_id = id WHERE root_id NOT IN (SELECT id FROM comments)",
    "UPDATE posts SET parent_id = NULL WHERE parent_id NOT IN (SELECT id FROM posts)",
    f"""DELETE FROM terms WHERE taxonomy NOT IN ({_quoted(PUBLIC_TAXONOMIES)})
        AND id NOT IN (SELECT term_id FROM post_terms)""",
    "UPDATE terms SET parent_id = NULL WHERE parent_id NOT IN (SELECT id FROM terms)",
    r"DELETE FROM term_meta WHERE term_id NOT IN (SELECT id FROM terms) OR key LIKE '\_%' ESCAPE '\'",
    # Authors of what remains, known by the name they published under.
    """DELETE FROM authors WHERE id NOT IN (SELECT author_id FROM posts WHERE author_id IS NOT NULL)
        AND id NOT IN (SELECT author_id FROM comments WHERE author_id IS NOT NULL)""",
    "UPDATE authors SET email = NULL, first_name = NULL, last_name = NULL, extra = NULL",
    """DELETE FROM artefacts WHERE (table_name = 'posts' AND row_id NOT IN (SELECT id FROM posts))
        OR (table_name = 'comments' AND row_id NOT IN (SELECT id FROM comments))""",
    "DELETE FROM source_blobs",
    "DELETE FROM clean_originals",
    # Scraped-page artefacts quote lines of the page, which may belong to removed comments.
    "DELETE FROM artefacts WHERE table_name = 'source_blobs'",
    # Which page showed a public post or comment, and when: public, as the pages were.
    """DELETE FROM sightings WHERE (table_name = 'posts' AND row_id NOT IN (SELECT id FROM posts))
        OR (table_name = 'comments' AND row_id NOT IN (SELECT id FROM comments))""",
    """DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM posts WHERE source_id IS NOT NULL)
        AND id NOT IN (SELECT source_id FROM sightings)""",
]
# Every table a public copy may hold; any other (a table a later version adds, a user's own) is
# dropped from the copy: privacy by allowlist, for tables as for rows and columns.
PUBLIC_TABLES = (
    "sources", "sites", "authors", "posts", "terms", "post_terms", "post_meta", "term_meta", "comments",
    "replies", "pingbacks", "artefacts", "sightings", "posts_fts", "comments_fts", "_sqlite_migrations",
)  # fmt: skip
EMPTIED_TABLES = ("source_blobs", "clean_originals", "comment_meta")  # kept empty: the schema stays whole


def remove_private(db: sqlite_utils.Database, public_types: tuple[str, ...] = PUBLIC_POST_TYPES) -> HeldBack:
    """Delete or blank every value that is not public; return what was held back and why."""
    with db.atomic():
        held = hold_back(db, public_types)
        for statement in PRIVACY_STATEMENTS:
            db.conn.execute(statement)
    keep_public_source_columns(db)
    drop_unlisted_tables(db)
    return held


def drop_unlisted_tables(db: sqlite_utils.Database) -> None:
    """Drop every table that is neither public nor kept empty (full-text shadow tables follow their table)."""
    listed = PUBLIC_TABLES + EMPTIED_TABLES
    for name in db.table_names():
        if name in listed or any(name.startswith(f"{fts}_") for fts in ("posts_fts", "comments_fts")):
            continue
        db.execute(f"DROP TABLE [{name}]")


def keep_public_source_columns(db: sqlite_utils.Database) -> None:
    """Rebuild ``sources`` with only the columns a reader needs (and drop indexes on the others)."""
    sources = db.table("sources")
    for index in sources.indexes:
        if set(index.columns) - set(PUBLIC_SOURCE_COLUMNS):
            db.execute(f"DROP INDEX [{index.name}]")
    sources.transform(drop=[column for column in sources.columns_dict if column not in PUBLIC_SOURCE_COLUMNS])
