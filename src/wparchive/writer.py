"""Write reader records into the store, one source at a time.

Rows are upserted by their natural keys (site and WordPress id, site and login,
site/taxonomy/slug), so re-importing a file gives the same database and a newer
export of the same site updates it in place. Statements are prepared SQL run on
the connection directly: a large export writes hundreds of thousands of rows,
and per-row introspection would cost more than parsing the XML.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import sqlite_utils

from wparchive.htmltext import html_to_text
from wparchive.model import AuthorRecord, CommentRecord, PostRecord, Record, SiteRecord, TermRecord
from wparchive.pingbacks import LINK_TYPES, describe_link, url_key
from wparchive.threads import ThreadNode, insertion_order, resolve_threads


def _upsert_sql(table: str, columns: Sequence[str], conflict: str, returning: bool = True) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    key_columns = {c.strip() for c in conflict.split("WHERE")[0].strip("() ").split(",")}
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key_columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT {conflict} DO UPDATE SET {updates}"
    return sql + (" RETURNING id" if returning else "")


def _json(value: dict[str, Any]) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


SITE_COLUMNS = ("url", "title", "description", "language", "base_site_url", "base_blog_url", "wxr_version", "extra")
AUTHOR_COLUMNS = ("site_id", "wp_id", "login", "display_name", "first_name", "last_name", "email", "derived", "extra")
TERM_COLUMNS = ("site_id", "wp_id", "taxonomy", "slug", "name", "parent_slug", "description", "declared", "extra")
POST_COLUMNS = (
    "site_id", "source_id", "wp_id", "post_type", "status", "title", "slug", "url", "url_key", "guid",
    "author_id", "author_name", "published_at", "published_local", "modified_at", "modified_local",
    "wp_parent_id", "menu_order", "comment_status", "ping_status", "password", "is_sticky",
    "attachment_url", "excerpt_html", "excerpt_text", "content_html", "content_text",
    "declared_comment_count", "duplicate_of_wp_id", "occurrence", "extra",
)  # fmt: skip
COMMENT_COLUMNS = (
    "site_id", "post_id", "source_id", "wp_id", "position", "parent_id", "wp_parent_id", "depth",
    "thread_path", "root_id", "comment_type", "status", "author_name", "author_url", "author_email",
    "author_ip", "user_id", "author_id", "by_post_author", "published_at", "published_local",
    "content_html", "content_text", "confidence", "duplicate_of_wp_id", "occurrence", "extra",
)  # fmt: skip
PINGBACK_COLUMNS = ("comment_id", "post_id", "source_url", "source_url_key", "source_title", "source_site", "excerpt")

SQL = {
    "site": _upsert_sql("sites", SITE_COLUMNS, "(url)"),
    "author": _upsert_sql("authors", AUTHOR_COLUMNS, "(site_id, login)"),
    "term": _upsert_sql("terms", TERM_COLUMNS, "(site_id, taxonomy, slug)"),
    "term_ref": "INSERT INTO terms (site_id, taxonomy, slug, name, declared) VALUES (?, ?, ?, ?, 0) "
    "ON CONFLICT (site_id, taxonomy, slug) DO UPDATE SET name = coalesce(terms.name, excluded.name) RETURNING id",
    "post": _upsert_sql("posts", POST_COLUMNS, "(site_id, wp_id) WHERE wp_id IS NOT NULL"),
    "post_no_id": "INSERT INTO posts ({}) VALUES ({}) RETURNING id".format(
        ", ".join(POST_COLUMNS), ", ".join("?" for _ in POST_COLUMNS)
    ),
    "post_duplicate": _upsert_sql(
        "posts", POST_COLUMNS, "(site_id, duplicate_of_wp_id, occurrence) WHERE duplicate_of_wp_id IS NOT NULL"
    ),
    "comment": _upsert_sql("comments", COMMENT_COLUMNS, "(site_id, wp_id) WHERE wp_id IS NOT NULL"),
    "comment_duplicate": _upsert_sql(
        "comments", COMMENT_COLUMNS, "(site_id, duplicate_of_wp_id, occurrence) WHERE duplicate_of_wp_id IS NOT NULL"
    ),
    "comment_no_id": "INSERT INTO comments ({}) VALUES ({}) RETURNING id".format(
        ", ".join(COMMENT_COLUMNS), ", ".join("?" for _ in COMMENT_COLUMNS)
    ),
    "pingback": _upsert_sql("pingbacks", PINGBACK_COLUMNS, "(comment_id)", returning=False),
    "post_meta": _upsert_sql("post_meta", ("post_id", "position", "key", "value"), "(post_id, position)", False),
    "comment_meta": _upsert_sql("comment_meta", ("comment_id", "position", "key", "value"), "(comment_id, position)", False),
    "term_meta": _upsert_sql("term_meta", ("term_id", "position", "key", "value"), "(term_id, position)", False),
    "post_term": "INSERT OR IGNORE INTO post_terms (post_id, term_id) VALUES (?, ?)",
    "reply": "INSERT OR REPLACE INTO replies (comment_id, answers_id, evidence, confidence) VALUES (?, ?, ?, ?)",
}


@dataclass
class WriteStats:
    """What was read, by kind, for the reconciliation summary."""

    posts: Counter[str] = field(default_factory=Counter)
    comments_by_type: Counter[str] = field(default_factory=Counter)
    comments_by_status: Counter[str] = field(default_factory=Counter)
    authors: int = 0
    terms: int = 0
    dangling_parents: int = 0
    duplicate_posts: int = 0
    duplicate_comments: int = 0
    warnings: list[str] = field(default_factory=list)


class SourceWriter:
    """Writes one source's records; the caller owns the transaction."""

    def __init__(self, db: sqlite_utils.Database, source_id: int) -> None:
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.source_id = source_id
        self.site_id: int | None = None
        self.stats = WriteStats()
        self._authors: dict[str, tuple[int, int | None]] = {}  # login -> (id, wp user id)
        self._author_by_user: dict[int, int] = {}
        self._terms: dict[tuple[str, str], int] = {}
        # WordPress ids already written by this source: a second item or comment
        # with the same id is a different record (seen in real exports), kept
        # as its own row keyed by (duplicate_of_wp_id, occurrence).
        self._post_occurrences: Counter[int] = Counter()
        self._comment_occurrences: Counter[int] = Counter()

    def write(self, record: Record) -> None:
        if isinstance(record, PostRecord):
            self.write_post(record)
        elif isinstance(record, SiteRecord):
            self.write_site(record)
        elif isinstance(record, AuthorRecord):
            self.write_author(record)
        elif isinstance(record, TermRecord):
            self.write_term(record)

    # -- channel ---------------------------------------------------------------
    def write_site(self, site: SiteRecord) -> None:
        row = (site.url, site.title, site.description, site.language, site.base_site_url,
               site.base_blog_url, site.wxr_version, _json(site.extra))  # fmt: skip
        self.site_id = self.conn.execute(SQL["site"], row).fetchone()[0]
        self.conn.execute("UPDATE sources SET site_id = ? WHERE id = ?", (self.site_id, self.source_id))
        self._load_existing_authors()

    def _load_existing_authors(self) -> None:
        rows = self.conn.execute("SELECT login, id, wp_id FROM authors WHERE site_id = ?", (self.site_id,))
        for login, author_id, wp_id in rows:
            self._remember_author(login, author_id, wp_id)

    def _remember_author(self, login: str, author_id: int, wp_id: int | None) -> None:
        self._authors[login] = (author_id, wp_id)
        if wp_id:
            self._author_by_user[wp_id] = author_id

    def write_author(self, author: AuthorRecord) -> None:
        if not author.login:
            self.stats.warnings.append(f"skipped an author with no login (id {author.wp_id})")
            return
        row = (self.site_id, author.wp_id, author.login, author.display_name, author.first_name,
               author.last_name, author.email, int(author.derived), _json(author.extra))  # fmt: skip
        author_id = self.conn.execute(SQL["author"], row).fetchone()[0]
        self._remember_author(author.login, author_id, author.wp_id)
        self.stats.authors += 1

    def _author_for(self, login: str | None) -> int | None:
        """Author id for a post's dc:creator; WXR 1.0 has no author list, so derive one."""
        if not login:
            return None
        known = self._authors.get(login)
        if known:
            return known[0]
        self.write_author(AuthorRecord(login=login, derived=True))
        return self._authors[login][0]

    def write_term(self, term: TermRecord) -> None:
        if not term.slug or not term.taxonomy:
            self.stats.warnings.append(f"skipped a term with no slug or taxonomy ({term.name!r})")
            return
        row = (self.site_id, term.wp_id, term.taxonomy, term.slug, term.name, term.parent_slug,
               term.description, 1, _json(term.extra))  # fmt: skip
        term_id = self.conn.execute(SQL["term"], row).fetchone()[0]
        self._terms[(term.taxonomy, term.slug)] = term_id
        self._write_meta("term_meta", term_id, term.meta)
        self.stats.terms += 1

    def _term_for(self, taxonomy: str, slug: str, name: str | None) -> int:
        key = (taxonomy, slug)
        term_id = self._terms.get(key)
        if term_id is None:
            term_id = self.conn.execute(SQL["term_ref"], (self.site_id, taxonomy, slug, name)).fetchone()[0]
            self._terms[key] = term_id
        return term_id

    def _write_meta(self, table: str, owner_id: int, meta: list[tuple[str, str]]) -> None:
        rows = [(owner_id, position, key, value) for position, (key, value) in enumerate(meta, 1)]
        if rows:
            self.conn.executemany(SQL[table], rows)
        owner = {"post_meta": "post_id", "comment_meta": "comment_id", "term_meta": "term_id"}[table]
        self.conn.execute(f"DELETE FROM {table} WHERE {owner} = ? AND position > ?", (owner_id, len(rows)))

    # -- items -------------------------------------------------------------------
    def write_post(self, post: PostRecord) -> None:
        self.stats.posts[f"{post.post_type or ''}/{post.status or ''}"] += 1
        author_id = self._author_for(post.author_login)
        occurrence = self._occurrence(self._post_occurrences, post.wp_id)
        if occurrence:
            self.stats.duplicate_posts += 1
            self.stats.warnings.append(
                f"post id {post.wp_id} is used by {occurrence + 1} items; each is kept (duplicate_of_wp_id, occurrence)"
            )
        post_id = self._upsert_post(post, author_id, occurrence)
        self._write_meta("post_meta", post_id, post.meta)
        self._write_post_terms(post_id, post)
        if post.comments:
            self._write_comments(post_id, author_id, post)

    @staticmethod
    def _occurrence(seen: Counter[int], wp_id: int | None) -> int:
        """0 the first time a WordPress id is written by this source, then 1, 2, ..."""
        if wp_id is None:
            return 0
        occurrence = seen[wp_id]
        seen[wp_id] += 1
        return occurrence

    def _post_row(self, post: PostRecord, author_id: int | None, url: str | None, occurrence: int) -> tuple:
        wp_id, duplicate_of = (None, post.wp_id) if occurrence else (post.wp_id, None)
        return (
            self.site_id, self.source_id, wp_id, post.post_type, post.status, post.title, post.slug,
            url, url_key(url), post.guid, author_id, post.author_login, post.published_at,
            post.published_local, post.modified_at, post.modified_local, post.wp_parent_id,
            post.menu_order, post.comment_status, post.ping_status, post.password, int(post.is_sticky),
            post.attachment_url, post.excerpt_html, html_to_text(post.excerpt_html), post.content_html,
            html_to_text(post.content_html), post.declared_comment_count, duplicate_of,
            occurrence or None, _json(post.extra),
        )  # fmt: skip

    def _upsert_post(self, post: PostRecord, author_id: int | None, occurrence: int) -> int:
        if post.wp_id is None:
            sql = SQL["post_no_id"]
            existing = self._find_post_without_id(post)
            if existing:
                return existing
        else:
            sql = SQL["post_duplicate"] if occurrence else SQL["post"]
        try:
            return self.conn.execute(sql, self._post_row(post, author_id, post.url, occurrence)).fetchone()[0]
        except sqlite3.IntegrityError:
            # Two items claim the same permalink: keep both, the second without a url.
            self.stats.warnings.append(f"post id {post.wp_id} shares its link {post.url!r} with another item")
            post.extra["duplicate_link"] = post.url
            return self.conn.execute(sql, self._post_row(post, author_id, None, occurrence)).fetchone()[0]

    def _find_post_without_id(self, post: PostRecord) -> int | None:
        for column, value in (("guid", post.guid), ("url", post.url)):
            if value:
                row = self.conn.execute(
                    f"SELECT id FROM posts WHERE site_id = ? AND {column} = ? AND wp_id IS NULL", (self.site_id, value)
                ).fetchone()
                if row:
                    return row[0]
        return None

    def _write_post_terms(self, post_id: int, post: PostRecord) -> None:
        self.conn.execute("DELETE FROM post_terms WHERE post_id = ?", (post_id,))
        rows = [(post_id, self._term_for(ref.taxonomy, ref.slug, ref.name)) for ref in post.terms]
        if rows:
            self.conn.executemany(SQL["post_term"], rows)

    # -- comments ----------------------------------------------------------------
    def _write_comments(self, post_id: int, post_author_id: int | None, post: PostRecord) -> None:
        comments = post.comments
        nodes = [ThreadNode(c.wp_id, c.wp_parent_id, c.published_at, c.position) for c in comments]
        places = resolve_threads(nodes)
        ids: list[int | None] = [None] * len(comments)
        reply_rows = []
        for index in insertion_order(places):
            comment, place = comments[index], places[index]
            self._count_comment(comment, place.dangling, post)
            parent_id = ids[place.parent] if place.parent is not None else None
            root_id = ids[place.root] if place.root != index else None
            comment_id = self._upsert_comment(post_id, post_author_id, comment, place, parent_id, root_id)
            ids[index] = comment_id
            if parent_id is not None:
                reply_rows.append((comment_id, parent_id, "wxr_parent", 1.0))
            self._write_meta("comment_meta", comment_id, comment.meta)
            if comment.comment_type in LINK_TYPES:
                self._write_pingback(comment_id, post_id, comment)
        self._replace_replies(ids, reply_rows)

    def _count_comment(self, comment: CommentRecord, dangling: bool, post: PostRecord) -> None:
        self.stats.comments_by_type[comment.comment_type] += 1
        self.stats.comments_by_status[comment.status or ""] += 1
        if dangling:
            self.stats.dangling_parents += 1
            self.stats.warnings.append(
                f"comment {comment.wp_id} on post {post.wp_id} replies to comment {comment.wp_parent_id}, "
                "which is not in the file; kept as a top-level comment with wp_parent_id set"
            )

    def _upsert_comment(self, post_id, post_author_id, comment, place, parent_id, root_id) -> int:
        author_id = self._author_by_user.get(comment.user_id) if comment.user_id else None
        by_post_author = int(author_id is not None and author_id == post_author_id)
        occurrence = self._occurrence(self._comment_occurrences, comment.wp_id)
        if occurrence:
            self.stats.duplicate_comments += 1
            self.stats.warnings.append(
                f"comment id {comment.wp_id} is used by {occurrence + 1} comments; each is kept (duplicate_of_wp_id, occurrence)"
            )
        wp_id, duplicate_of = (None, comment.wp_id) if occurrence else (comment.wp_id, None)
        row = (
            self.site_id, post_id, self.source_id, wp_id, comment.position, parent_id,
            comment.wp_parent_id, place.depth, place.path, root_id, comment.comment_type, comment.status,
            comment.author_name, comment.author_url, comment.author_email, comment.author_ip,
            comment.user_id, author_id, by_post_author, comment.published_at, comment.published_local,
            comment.content_html, html_to_text(comment.content_html), comment.confidence, duplicate_of,
            occurrence or None, _json(comment.extra),
        )  # fmt: skip
        if comment.wp_id is None:
            sql = SQL["comment_no_id"]
        else:
            sql = SQL["comment_duplicate"] if occurrence else SQL["comment"]
        comment_id = self.conn.execute(sql, row).fetchone()[0]
        if root_id is None:
            # A top-level comment is its own thread root.
            self.conn.execute("UPDATE comments SET root_id = id WHERE id = ?", (comment_id,))
        return comment_id

    def _write_pingback(self, comment_id: int, post_id: int, comment: CommentRecord) -> None:
        info = describe_link(comment.comment_type, comment.author_name, comment.author_url, comment.content_html)
        row = (comment_id, post_id, info.source_url, info.source_url_key, info.source_title, info.source_site, info.excerpt)
        self.conn.execute(SQL["pingback"], row)

    def _replace_replies(self, ids: Iterable[int | None], rows: list[tuple]) -> None:
        known = [(i,) for i in ids if i is not None]
        self.conn.executemany("DELETE FROM replies WHERE comment_id = ? AND evidence = 'wxr_parent'", known)
        if rows:
            self.conn.executemany(SQL["reply"], rows)

    # -- after the last record -----------------------------------------------------
    def finish(self) -> None:
        """Resolve references that may point forward in the file (parents by id or slug)."""
        if self.site_id is None:
            return
        self.conn.execute(
            """UPDATE posts SET parent_id = (SELECT p.id FROM posts p WHERE p.site_id = posts.site_id
                   AND p.wp_id = posts.wp_parent_id)
               WHERE site_id = ? AND (wp_parent_id IS NOT NULL OR parent_id IS NOT NULL)""",
            (self.site_id,),
        )
        self.conn.execute(
            """UPDATE terms SET parent_id = (SELECT t.id FROM terms t WHERE t.site_id = terms.site_id
                   AND t.taxonomy = terms.taxonomy AND t.slug = terms.parent_slug)
               WHERE site_id = ? AND (parent_slug IS NOT NULL OR parent_id IS NOT NULL)""",
            (self.site_id,),
        )
        link_pingbacks_to_posts(self.conn)


def link_pingbacks_to_posts(conn: sqlite3.Connection) -> None:
    """Point pingbacks whose source is a post of the archive (any site) at that post."""
    conn.execute(
        """UPDATE pingbacks SET source_post_id = (
               SELECT posts.id FROM posts WHERE posts.url_key = pingbacks.source_url_key
               ORDER BY posts.post_type = 'post' DESC, posts.id LIMIT 1)
           WHERE source_url_key IS NOT NULL"""
    )
