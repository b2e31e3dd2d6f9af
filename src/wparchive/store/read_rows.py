"""Rows for tables and URL maps: what the data exports (JSONL, CSV, Parquet) and redirects read.

``read`` gives records (a post with its meta, terms and comments), the shape a WXR or Markdown
writer wants; an analysis table wants flat rows instead, one query per table, streamed from a
cursor so a blog of a million comments costs the memory of one row. Each table's columns are
defined once here (``Column``: the SQL that reads it, its type, what it means), and the exports
build their files and ``schema.json`` from the same definition, so the documentation of a column
cannot drift from what is written.

Private columns (data-contract.md: ``posts.password``, ``comments.author_email`` and
``author_ip``) are not even selected unless the caller asks for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

# The types a column may have; how each is written in JSONL, CSV and Parquet is the exporter's.
INTEGER = "integer"
REAL = "real"
TEXT = "text"
BOOLEAN = "boolean"  # 0/1 in SQLite
TEXT_LIST = "list<text>"
META_LIST = "list<meta>"  # [{"key": ..., "value": ...}, ...]: meta keys repeat, so not an object


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of INTEGER, REAL, TEXT, BOOLEAN, TEXT_LIST, META_LIST
    sql: str  # the expression that reads it
    description: str
    private: bool = False  # never selected unless asked (--include-private)


def _terms(taxonomy: str) -> str:
    return (
        "(SELECT json_group_array(name) FROM (SELECT coalesce(terms.name, terms.slug) AS name "
        "FROM post_terms JOIN terms ON terms.id = post_terms.term_id "
        f"WHERE post_terms.post_id = posts.id AND terms.taxonomy = '{taxonomy}' ORDER BY 1))"
    )


_META = (
    "(SELECT json_group_array(json_object('key', key, 'value', value)) FROM (SELECT key, value "
    "FROM post_meta WHERE post_meta.post_id = posts.id ORDER BY position))"
)

POST_COLUMNS = (
    Column("id", INTEGER, "posts.id", "archive row id of the post (comments.post_id points here)"),
    Column("site_id", INTEGER, "posts.site_id", "archive row id of the site"),
    Column("site_url", TEXT, "sites.url", "the site's home URL"),
    Column("wp_id", INTEGER, "posts.wp_id", "WordPress post id (NULL for a repeated id or a scraped page)"),
    Column("post_type", TEXT, "posts.post_type", "post, page, attachment, or a custom type"),
    Column("status", TEXT, "posts.status", "publish, draft, pending, private, future, inherit, trash"),
    Column("title", TEXT, "posts.title", "title as text (character references decoded)"),
    Column("slug", TEXT, "posts.slug", "WordPress post_name, as exported (non-ASCII is percent-encoded)"),
    Column("url", TEXT, "posts.url", "permalink at export time"),
    Column("guid", TEXT, "posts.guid", "WordPress GUID, often http://host/?p=ID"),
    Column("author_name", TEXT, "posts.author_name", "the author's display name, else login"),
    Column("published_at", TEXT, "posts.published_at", "publication time, UTC ISO 8601 ending in Z"),
    Column("published_local", TEXT, "posts.published_local", "publication time on the site's clock"),
    Column("modified_at", TEXT, "posts.modified_at", "last modification, UTC"),
    Column("modified_local", TEXT, "posts.modified_local", "last modification on the site's clock"),
    Column("parent_id", INTEGER, "posts.parent_id", "archive row id of the parent page or post"),
    Column("wp_parent_id", INTEGER, "posts.wp_parent_id", "WordPress id of the parent"),
    Column("menu_order", INTEGER, "posts.menu_order", "WordPress menu_order"),
    Column("comment_status", TEXT, "posts.comment_status", "open or closed"),
    Column("ping_status", TEXT, "posts.ping_status", "open or closed"),
    Column("password", TEXT, "posts.password", "post password (private)", private=True),
    Column("is_sticky", BOOLEAN, "posts.is_sticky", "pinned to the top of the blog"),
    Column("superseded", BOOLEAN, "posts.superseded", "an earlier copy of a post id the export repeats"),
    Column("attachment_url", TEXT, "posts.attachment_url", "the uploaded file of an attachment"),
    Column("excerpt_html", TEXT, "posts.excerpt_html", "excerpt as exported"),
    Column("excerpt_text", TEXT, "posts.excerpt_text", "excerpt as plain text"),
    Column(
        "content_html", TEXT, "posts.content_html", "body exactly as exported (WordPress adds <p> on show)"
    ),
    Column("content_text", TEXT, "posts.content_text", "body as plain text"),
    Column("categories", TEXT_LIST, _terms("category"), "category names, sorted"),
    Column("tags", TEXT_LIST, _terms("post_tag"), "tag names, sorted"),
    Column("meta", META_LIST, _META, "custom fields in export order: {key, value} pairs (keys repeat)"),
    Column(
        "comment_count",
        INTEGER,
        "(SELECT count(*) FROM comments WHERE comments.post_id = posts.id)",
        "comments of every type (pingbacks included) in this export",
    ),
    Column("confidence", REAL, "posts.confidence", "1.0 when the source states the post, lower if inferred"),
)

COMMENT_COLUMNS = (
    Column("id", INTEGER, "id", "archive row id of the comment"),
    Column("site_id", INTEGER, "site_id", "archive row id of the site"),
    Column("post_id", INTEGER, "post_id", "archive row id of the post (posts.id)"),
    Column("wp_id", INTEGER, "wp_id", "WordPress comment id"),
    Column("parent_id", INTEGER, "parent_id", "row id of the comment this one answers; NULL at the top"),
    Column("wp_parent_id", INTEGER, "wp_parent_id", "WordPress id of the parent (comment_parent)"),
    Column("depth", INTEGER, "depth", "1 for a top-level comment, 2 for a reply, ..."),
    Column("thread_path", TEXT, "thread_path", "sorts a post's comments in depth-first reading order"),
    Column("root_id", INTEGER, "root_id", "row id of the thread's top comment (itself at the top)"),
    Column("position", INTEGER, "position", "1-based order in the export or on the page"),
    Column("comment_type", TEXT, "comment_type", "comment, pingback, trackback, or a plugin's type"),
    Column("status", TEXT, "status", "approved, pending, spam, trash, post-trashed"),
    Column("author_name", TEXT, "author_name", "the commenter's name as text"),
    Column("author_url", TEXT, "author_url", "the commenter's web site (http/https only)"),
    Column("author_email", TEXT, "author_email", "the commenter's e-mail (private)", private=True),
    Column("author_ip", TEXT, "author_ip", "the commenter's IP address (private)", private=True),
    Column("user_id", INTEGER, "user_id", "WordPress user id of a logged-in commenter"),
    Column("by_post_author", BOOLEAN, "by_post_author", "written by the post's author"),
    Column("published_at", TEXT, "published_at", "time, UTC ISO 8601 ending in Z"),
    Column("published_local", TEXT, "published_local", "time on the site's clock"),
    Column("content_html", TEXT, "content_html", "comment as exported"),
    Column("content_text", TEXT, "content_text", "comment as plain text"),
    Column("confidence", REAL, "confidence", "1.0 when the source states the thread, lower if inferred"),
)

PINGBACK_COLUMNS = (
    Column("comment_id", INTEGER, "pingbacks.comment_id", "row id of the pingback or trackback comment"),
    Column("site_id", INTEGER, "comments.site_id", "archive row id of the site linked to"),
    Column("post_id", INTEGER, "pingbacks.post_id", "row id of the post that was linked to"),
    Column("post_url", TEXT, "target.url", "permalink of the post that was linked to"),
    Column("comment_type", TEXT, "comments.comment_type", "pingback or trackback"),
    Column("status", TEXT, "comments.status", "approved, pending, spam, ..."),
    Column("published_at", TEXT, "comments.published_at", "when the ping arrived, UTC"),
    Column("source_url", TEXT, "pingbacks.source_url", "the linking page"),
    Column("source_title", TEXT, "pingbacks.source_title", "title of the linking post, when stated"),
    Column("source_site", TEXT, "pingbacks.source_site", "name of the linking site, when stated"),
    Column("excerpt", TEXT, "pingbacks.excerpt", "the quoted text around the link"),
    Column("source_post_id", INTEGER, "pingbacks.source_post_id", "row id of the linking post, if archived"),
)


def public_columns(columns: Sequence[Column], include_private: bool) -> tuple[Column, ...]:
    """The columns an export writes: private ones only when asked for."""
    return tuple(c for c in columns if include_private or not c.private)


def _marks(site_ids: Sequence[int]) -> str:
    return ",".join("?" * len(site_ids)) or "NULL"


def _typed_rows(
    db: sqlite_utils.Database, columns: Sequence[Column], sql: str, params: Sequence[Any]
) -> Iterator[dict[str, Any]]:
    """Stream ``sql`` (whose select list is ``{select}``) as dicts of Python values by column type."""
    select = ", ".join(f"{c.sql} AS {c.name}" for c in columns)
    booleans = [c.name for c in columns if c.type == BOOLEAN]
    lists = [c.name for c in columns if c.type in (TEXT_LIST, META_LIST)]
    cursor = db.conn.execute(sql.format(select=select), tuple(params))
    names = [c.name for c in columns]
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        for name in booleans:
            row[name] = None if row[name] is None else bool(row[name])
        for name in lists:
            row[name] = json.loads(row[name]) if row[name] else []
        yield row


def iter_post_rows(
    db: sqlite_utils.Database, site_ids: Sequence[int], include_private: bool = False
) -> Iterator[dict[str, Any]]:
    """Every post of the sites (all types and statuses the archive holds), in row id order."""
    sql = (
        "SELECT {select} FROM posts JOIN sites ON sites.id = posts.site_id "
        f"WHERE posts.site_id IN ({_marks(site_ids)}) ORDER BY posts.id"
    )
    return _typed_rows(db, public_columns(POST_COLUMNS, include_private), sql, site_ids)


def iter_comment_rows(
    db: sqlite_utils.Database, site_ids: Sequence[int], include_private: bool = False
) -> Iterator[dict[str, Any]]:
    """Every comment of the sites, post by post in thread (reading) order."""
    sql = (
        f"SELECT {{select}} FROM comments WHERE site_id IN ({_marks(site_ids)}) ORDER BY post_id, thread_path"
    )
    return _typed_rows(db, public_columns(COMMENT_COLUMNS, include_private), sql, site_ids)


def iter_pingback_rows(db: sqlite_utils.Database, site_ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    """Every pingback and trackback the sites received, with the post linked to, by comment row id."""
    sql = (
        "SELECT {select} FROM pingbacks JOIN comments ON comments.id = pingbacks.comment_id "
        "LEFT JOIN posts AS target ON target.id = pingbacks.post_id "
        f"WHERE comments.site_id IN ({_marks(site_ids)}) ORDER BY pingbacks.comment_id"
    )
    return _typed_rows(db, PINGBACK_COLUMNS, sql, site_ids)


def site_url(db: sqlite_utils.Database, site_id: int) -> str:
    """The site's home URL (``sites.url``)."""
    return db.conn.execute("SELECT url FROM sites WHERE id = ?", (site_id,)).fetchone()[0]


def iter_post_names(db: sqlite_utils.Database, site_id: int) -> Iterator[dict[str, Any]]:
    """What a post's name in a static site is made of (slug, else title, else WordPress id), with
    its type, in row id order: the order the static exports read posts in (``read.read_posts``)."""
    sql = """SELECT id, coalesce(wp_id, duplicate_of_wp_id) AS wp_id, post_type, slug, title
             FROM posts WHERE site_id = ? ORDER BY id"""
    cursor = db.conn.execute(sql, (site_id,))
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def _meta_values(key: str) -> str:
    return (
        f"(SELECT json_group_array(value) FROM (SELECT value FROM post_meta WHERE post_id = posts.id "
        f"AND key = '{key}' ORDER BY position))"
    )


URL_COLUMNS = (
    Column("id", INTEGER, "posts.id", "row id"),
    Column(
        "wp_id", INTEGER, "coalesce(posts.wp_id, posts.duplicate_of_wp_id)", "WordPress id (of a repeat too)"
    ),
    Column("post_type", TEXT, "posts.post_type", "type"),
    Column("status", TEXT, "posts.status", "status"),
    Column("superseded", BOOLEAN, "posts.superseded", "an earlier copy"),
    Column("slug", TEXT, "posts.slug", "slug"),
    Column("url", TEXT, "posts.url", "permalink"),
    Column("guid", TEXT, "posts.guid", "GUID"),
    Column("published_local", TEXT, "posts.published_local", "date of the permalink"),
    Column("old_slugs", TEXT_LIST, _meta_values("_wp_old_slug"), "earlier slugs (WordPress keeps them)"),
    Column("old_dates", TEXT_LIST, _meta_values("_wp_old_date"), "earlier dates, YYYY-MM-DD"),
    Column("parent_id", INTEGER, "posts.parent_id", "the post an attachment belongs to"),
    Column("parent_type", TEXT, "parent.post_type", "type of the parent"),
    Column("parent_status", TEXT, "parent.status", "status of the parent"),
)


def iter_old_urls(db: sqlite_utils.Database, site_id: int) -> Iterator[dict[str, Any]]:
    """Where each post of the site was reachable: its permalink, GUID, earlier slugs and dates
    (``_wp_old_slug``, ``_wp_old_date``) and its parent's id, type and status (where an attachment
    page leads), in row id order. Every post of every type and status: which were public, and which
    have a place in the new site, is the caller's choice."""
    sql = (
        "SELECT {select} FROM posts LEFT JOIN posts AS parent ON parent.id = posts.parent_id "
        "WHERE posts.site_id = ? ORDER BY posts.id"
    )
    return _typed_rows(db, URL_COLUMNS, sql, (site_id,))
