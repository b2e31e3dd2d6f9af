"""Rows back into records: what exporters read (Markdown, WXR, JSONL …), site by site, streaming.

The inverse of ``rows``: every column that came from a record field goes back
into that field, ``extra`` included, so an exporter sees what a reader saw. Posts
come with their meta, terms and comments (in thread order, with parent ids
turned back into WordPress ids or page positions).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import sqlite_utils

from wparchive.model import AuthorRecord, CommentRecord, PostRecord, Record, SiteRecord, TermRecord, TermRef

POST_FIELDS = (
    "post_type",
    "status",
    "title",
    "slug",
    "url",
    "guid",
    "published_at",
    "published_local",
    "modified_at",
    "modified_local",
    "wp_parent_id",
    "menu_order",
    "comment_status",
    "ping_status",
    "password",
    "attachment_url",
    "excerpt_html",
    "content_html",
    "content_text",
    "declared_comment_count",
    "source_key",
    "confidence",
)
COMMENT_FIELDS = (
    "position",
    "wp_parent_id",
    "comment_type",
    "status",
    "author_name",
    "author_url",
    "author_email",
    "author_ip",
    "user_id",
    "published_at",
    "published_local",
    "content_html",
    "content_text",
    "confidence",
    "source_key",
)
_POSITION = 6 + COMMENT_FIELDS.index("position")  # in read_comments()'s rows


def _dicts(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> Iterator[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def _extra(value: str | None) -> dict[str, Any]:
    return json.loads(value) if value else {}


def _site_record(site: dict[str, Any]) -> SiteRecord:
    return SiteRecord(
        site["url"],
        site["title"],
        site["description"],
        site["language"],
        site["base_site_url"],
        site["base_blog_url"],
        site["wxr_version"],
        _extra(site["extra"]),
    )


def read_site(db: sqlite_utils.Database, site_id: int) -> SiteRecord:
    """One site's record (its channel values)."""
    return _site_record(next(_dicts(db.conn, "SELECT * FROM sites WHERE id = ?", (site_id,))))


def read_archive(db: sqlite_utils.Database, site_id: int | None = None) -> Iterator[Record]:
    """Every site (or one), each followed by its authors, terms and posts."""
    where, params = ("WHERE id = ?", (site_id,)) if site_id is not None else ("", ())
    for site in list(_dicts(db.conn, f"SELECT * FROM sites {where} ORDER BY id", params)):
        yield _site_record(site)
        yield from read_authors(db, site["id"])
        yield from read_terms(db, site["id"])
        yield from read_posts(db, site["id"])


def read_authors(db: sqlite_utils.Database, site_id: int) -> Iterator[AuthorRecord]:
    for a in _dicts(db.conn, "SELECT * FROM authors WHERE site_id = ? ORDER BY id", (site_id,)):
        yield AuthorRecord(
            a["login"],
            a["wp_id"],
            a["display_name"],
            a["first_name"],
            a["last_name"],
            a["email"],
            bool(a["derived"]),
            _extra(a["extra"]),
        )


def read_terms(db: sqlite_utils.Database, site_id: int) -> Iterator[TermRecord]:
    for t in list(
        _dicts(db.conn, "SELECT * FROM terms WHERE site_id = ? AND declared ORDER BY id", (site_id,))
    ):
        meta = [
            (m["key"], m["value"])
            for m in _dicts(
                db.conn, "SELECT key, value FROM term_meta WHERE term_id = ? ORDER BY position", (t["id"],)
            )
        ]
        yield TermRecord(
            t["taxonomy"],
            t["slug"],
            t["name"],
            t["wp_id"],
            t["parent_slug"],
            t["description"],
            meta,
            _extra(t["extra"]),
        )


def read_posts(db: sqlite_utils.Database, site_id: int) -> Iterator[PostRecord]:
    """The site's posts in id order, each with its meta, terms and comments."""
    sql = """SELECT posts.*, authors.login AS author_login
             FROM posts LEFT JOIN authors ON authors.id = posts.author_id
             WHERE posts.site_id = ? ORDER BY posts.id"""
    for row in _dicts(db.conn, sql, (site_id,)):
        post = PostRecord(
            wp_id=row["wp_id"] if row["wp_id"] is not None else row["duplicate_of_wp_id"],
            author_login=row["author_login"],
        )
        for name in POST_FIELDS:
            setattr(post, name, row[name])
        post.is_sticky, post.extra = bool(row["is_sticky"]), _extra(row["extra"])
        post.meta = [
            (key, value)
            for key, value in db.conn.execute(
                "SELECT key, value FROM post_meta WHERE post_id = ? ORDER BY position", (row["id"],)
            )
        ]
        post.terms = [
            TermRef(taxonomy, slug, name)
            for taxonomy, slug, name in db.conn.execute(
                "SELECT terms.taxonomy, terms.slug, terms.name FROM post_terms JOIN terms "
                "ON terms.id = post_terms.term_id WHERE post_id = ? ORDER BY terms.id",
                (row["id"],),
            )
        ]
        post.comments = list(read_comments(db, row["id"]))
        yield post


def read_comments(db: sqlite_utils.Database, post_id: int) -> Iterator[CommentRecord]:
    """A post's comments in thread order; ``parent_position`` points at the parent's position."""
    # The columns by name, as tuples: a dict per row was most of reading a large thread.
    found = db.conn.execute(
        "SELECT id, parent_id, wp_id, duplicate_of_wp_id, by_post_author, extra, "
        f"{', '.join(COMMENT_FIELDS)} FROM comments WHERE post_id = ? ORDER BY thread_path",
        (post_id,),
    ).fetchall()
    if not found:
        return
    position_of = {row[0]: row[_POSITION] for row in found}
    # Every comment's meta in one query per post (a query per comment was a third of an export).
    meta: dict[int, list[tuple[str, str]]] = {}
    for comment_id, key, value in db.conn.execute(
        "SELECT comment_id, key, value FROM comment_meta WHERE comment_id IN "
        "(SELECT id FROM comments WHERE post_id = ?) ORDER BY comment_id, position",
        (post_id,),
    ):
        meta.setdefault(comment_id, []).append((key, value))
    for comment_id, parent_id, wp_id, duplicate_of, by_post_author, extra, *values in found:
        yield CommentRecord(
            **dict(zip(COMMENT_FIELDS, values, strict=True)),
            wp_id=wp_id if wp_id is not None else duplicate_of,
            parent_position=position_of.get(parent_id),
            by_post_author=bool(by_post_author),
            extra=_extra(extra),
            meta=meta.get(comment_id, []),
        )
