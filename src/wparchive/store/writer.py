"""Write reader records into the store, one source at a time.

Rows are keyed by their natural keys (site and WordPress id, site and login,
site/taxonomy/slug), so re-importing a file gives the same database and a newer
export of the same site updates it in place. Row ids are decided in Python
(:mod:`wparchive.store.ids`) so that posts, comments and meta are written in batches
with ``executemany``: a large export writes hundreds of thousands of rows, and a
round trip per row would cost more than parsing the XML.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Sequence

import sqlite_utils

from wparchive.dates import utc_now
from wparchive.htmltext import html_to_text
from wparchive.store.ids import IdAllocator, Placement
from wparchive.model import AuthorRecord, CommentRecord, PageRecord, PostRecord, Record, SiteRecord, TermRecord
from wparchive.pingbacks import LINK_TYPES, describe_link, url_key
from wparchive.sanitize import http_url
from wparchive.store.shape import ensure_indexes
from wparchive.threads.tree import ThreadNode, insertion_order, resolve_threads


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
    "declared_comment_count", "duplicate_of_wp_id", "occurrence", "source_key", "confidence", "extra",
)  # fmt: skip
COMMENT_COLUMNS = (
    "site_id", "post_id", "source_id", "wp_id", "position", "parent_id", "wp_parent_id", "depth",
    "thread_path", "root_id", "comment_type", "status", "author_name", "author_url", "author_email",
    "author_ip", "user_id", "author_id", "by_post_author", "published_at", "published_local",
    "content_html", "content_text", "confidence", "duplicate_of_wp_id", "occurrence", "source_key", "extra",
)  # fmt: skip
PINGBACK_COLUMNS = ("comment_id", "post_id", "source_url", "source_url_key", "source_title", "source_site", "excerpt")


def _upsert_by_id(table: str, columns: Sequence[str]) -> str:
    return _upsert_sql(table, ("id", *columns), "(id)", returning=False)


SQL = {
    "site": _upsert_sql("sites", SITE_COLUMNS, "(url)"),
    "author": _upsert_sql("authors", AUTHOR_COLUMNS, "(site_id, login)"),
    "term": _upsert_sql("terms", TERM_COLUMNS, "(site_id, taxonomy, slug)"),
    "term_ref": "INSERT INTO terms (site_id, taxonomy, slug, name, declared) VALUES (?, ?, ?, ?, 0) "
    "ON CONFLICT (site_id, taxonomy, slug) DO UPDATE SET name = coalesce(terms.name, excluded.name) RETURNING id",
    "posts": _upsert_by_id("posts", POST_COLUMNS),
    "comments": _upsert_by_id("comments", COMMENT_COLUMNS),
    "pingbacks": _upsert_sql("pingbacks", PINGBACK_COLUMNS, "(comment_id)", returning=False),
    "post_meta": _upsert_sql("post_meta", ("post_id", "position", "key", "value"), "(post_id, position)", False),
    "comment_meta": _upsert_sql("comment_meta", ("comment_id", "position", "key", "value"), "(comment_id, position)", False),
    "term_meta": _upsert_sql("term_meta", ("term_id", "position", "key", "value"), "(term_id, position)", False),
    "post_terms": "INSERT OR IGNORE INTO post_terms (post_id, term_id) VALUES (?, ?)",
    "replies": "INSERT OR REPLACE INTO replies (comment_id, answers_id, evidence, confidence) VALUES (?, ?, ?, ?)",
}
# Batches are flushed parents first so that foreign keys always hold.
FLUSH_ORDER = ("posts", "post_meta", "post_terms", "comments", "comment_meta", "replies", "pingbacks")
BATCH_ROWS = 5000
META_OWNER = {"post_meta": "post_id", "comment_meta": "comment_id", "term_meta": "term_id"}
POST_URL = POST_COLUMNS.index("url") + 1  # +1: the id column comes first
POST_URL_KEY = POST_URL + 1
POST_EXTRA = len(POST_COLUMNS)


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
    duplicate_terms: int = 0
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
        self._author_names: dict[str, str] = {}  # login -> display name
        self._counted_logins: set[str] = set()
        self._author_by_user: dict[int, int] = {}
        self._terms: dict[tuple[str, str], int] = {}
        self._declared_terms: dict[tuple[str, str], tuple] = {}  # this source's term declarations
        self._keys_seen: Counter[str] = Counter()  # stable keys of records without a WordPress id
        self._latest_occurrence: dict[int, int] = {}  # repeated post id -> row of its last occurrence
        self._batches: dict[str, list[tuple]] = {name: [] for name in FLUSH_ORDER}
        self._buffered = 0
        self._post_ids: IdAllocator | None = None
        self._comment_ids: IdAllocator | None = None
        self._scraped_keys: set[str] | None = None  # set by write_page for scraped sources
        # References are checked when the source's transaction commits, not row by row:
        # rows of a source may point forward (a reply before its parent, a split export).
        self.conn.execute("PRAGMA defer_foreign_keys = ON")

    def write(self, record: Record) -> None:
        if isinstance(record, PostRecord):
            self.write_post(record)
        elif isinstance(record, SiteRecord):
            self.write_site(record)
        elif isinstance(record, AuthorRecord):
            self.write_author(record)
        elif isinstance(record, TermRecord):
            self.write_term(record)
        elif isinstance(record, PageRecord):
            self.write_page(record)
        else:
            raise TypeError(f"the writer does not know records of type {type(record).__name__}")

    # -- batching --------------------------------------------------------------
    def _queue(self, name: str, rows: list[tuple]) -> None:
        """Buffer rows; :meth:`write_post` flushes once enough have gathered."""
        self._batches[name].extend(rows)
        self._buffered += len(rows)

    def flush(self) -> None:
        for name in FLUSH_ORDER:
            rows = self._batches[name]
            if not rows:
                continue
            if name == "posts":
                self._flush_posts(rows)
            else:
                self.conn.executemany(SQL[name], rows)
            rows.clear()
        self._buffered = 0

    def _flush_posts(self, rows: list[tuple]) -> None:
        try:
            self.conn.executemany(SQL["posts"], rows)
            return
        except sqlite3.IntegrityError:
            pass  # executemany stops at the bad row; earlier rows stay written
        for row in rows:
            try:
                self.conn.execute(SQL["posts"], row)
            except sqlite3.IntegrityError:
                self.conn.execute(SQL["posts"], self._without_url(row))

    def _without_url(self, row: tuple) -> tuple:
        """Two items claim the same permalink: keep both, the second without a url."""
        self.stats.warnings.append(f"post row {row[0]} shares its link {row[POST_URL]!r} with another item; link kept in extra")
        extra = json.loads(row[POST_EXTRA] or "{}")
        extra["duplicate_link"] = row[POST_URL]
        fixed = list(row)
        fixed[POST_URL] = fixed[POST_URL_KEY] = None
        fixed[POST_EXTRA] = _json(extra)
        return tuple(fixed)

    # -- channel ---------------------------------------------------------------
    def write_site(self, site: SiteRecord) -> None:
        row = (site.url, site.title, site.description, site.language, site.base_site_url,
               site.base_blog_url, site.wxr_version, _json(site.extra))  # fmt: skip
        self.site_id = self.conn.execute(SQL["site"], row).fetchone()[0]
        self._post_ids = IdAllocator(self.conn, "posts", self.site_id)
        self._comment_ids = IdAllocator(self.conn, "comments", self.site_id)
        self._load_existing_authors()

    def _load_existing_authors(self) -> None:
        rows = self.conn.execute("SELECT login, id, wp_id, display_name FROM authors WHERE site_id = ?", (self.site_id,))
        for login, author_id, wp_id, display_name in rows:
            self._remember_author(login, author_id, wp_id, display_name)

    def _remember_author(self, login: str, author_id: int, wp_id: int | None, display_name: str | None) -> None:
        self._authors[login] = (author_id, wp_id)
        self._author_names[login] = display_name or login
        if wp_id:
            self._author_by_user[wp_id] = author_id

    def write_author(self, author: AuthorRecord) -> None:
        if not author.login:
            self.stats.warnings.append(f"skipped an author with no login (id {author.wp_id})")
            return
        row = (self.site_id, author.wp_id, author.login, author.display_name, author.first_name,
               author.last_name, author.email, int(author.derived), _json(author.extra))  # fmt: skip
        author_id = self.conn.execute(SQL["author"], row).fetchone()[0]
        self._remember_author(author.login, author_id, author.wp_id, author.display_name)
        self._count_author(author.login)

    def _count_author(self, login: str) -> None:
        """Authors this source names (declared or used), the same on every re-import."""
        if login not in self._counted_logins:
            self._counted_logins.add(login)
            self.stats.authors += 1

    def _author_for(self, login: str | None) -> int | None:
        """Author id for a post's dc:creator; WXR 1.0 has no author list, so derive one."""
        if not login:
            return None
        known = self._authors.get(login)
        if known:
            self._count_author(login)
            return known[0]
        self.write_author(AuthorRecord(login=login, derived=True))
        return self._authors[login][0]

    def write_term(self, term: TermRecord) -> None:
        if not term.slug or not term.taxonomy:
            self.stats.warnings.append(f"skipped a term with no slug or taxonomy ({term.name!r})")
            return
        self._note_repeated_declaration(term)
        row = (self.site_id, term.wp_id, term.taxonomy, term.slug, term.name, term.parent_slug,
               term.description, 1, _json(term.extra))  # fmt: skip
        term_id = self.conn.execute(SQL["term"], row).fetchone()[0]
        self._terms[(term.taxonomy, term.slug)] = term_id
        rows = [(term_id, position, key, value) for position, (key, value) in enumerate(term.meta, 1)]
        self.conn.executemany(SQL["term_meta"], rows)
        self.conn.execute("DELETE FROM term_meta WHERE term_id = ? AND position > ?", (term_id, len(rows)))
        self.stats.terms += 1

    def _note_repeated_declaration(self, term: TermRecord) -> None:
        """A term declared twice in one file (pbiron's invalid.xml) is one row: say so, lose nothing."""
        key = (term.taxonomy, term.slug)
        declared = (term.wp_id, term.name, term.parent_slug, term.description, term.meta)
        earlier = self._declared_terms.get(key)
        self._declared_terms[key] = declared
        if earlier is None:
            return
        self.stats.duplicate_terms += 1
        if earlier == declared:
            self.stats.warnings.append(f"term {term.taxonomy}/{term.slug} is declared again, identically; stored once")
            return
        wp_id, name, parent_slug, description, _ = earlier
        term.extra.setdefault("earlier_declarations", []).append(
            {"wp_id": wp_id, "name": name, "parent_slug": parent_slug, "description": description}
        )
        self.stats.warnings.append(
            f"term {term.taxonomy}/{term.slug} is declared again with other values; the last is stored, "
            "the earlier in extra.earlier_declarations"
        )

    def _term_for(self, taxonomy: str, slug: str, name: str | None) -> int:
        key = (taxonomy, slug)
        term_id = self._terms.get(key)
        if term_id is None:
            term_id = self.conn.execute(SQL["term_ref"], (self.site_id, taxonomy, slug, name)).fetchone()[0]
            self._terms[key] = term_id
        return term_id

    def _queue_meta(self, table: str, owner: Placement, meta: list[tuple[str, str]]) -> None:
        rows = [(owner.row_id, position, key, value) for position, (key, value) in enumerate(meta, 1)]
        if owner.existed:
            self.conn.execute(f"DELETE FROM {table} WHERE {META_OWNER[table]} = ? AND position > ?", (owner.row_id, len(rows)))
        if rows:
            self._queue(table, rows)

    # -- scraped pages ---------------------------------------------------------------
    def write_page(self, page: PageRecord) -> None:
        """The page's original bytes, and what is not content, with its offsets."""
        self.conn.execute("INSERT OR REPLACE INTO source_blobs (source_id, content) VALUES (?, ?)", (self.source_id, page.content))
        # Page artefacts are filed under the page's source row (row_id = source id): an indexed delete.
        self.conn.execute("DELETE FROM artefacts WHERE table_name = 'source_blobs' AND row_id = ?", (self.source_id,))
        now = utc_now()
        rows = [
            (self.source_id, "source_blobs", self.source_id, "content", a.rule, a.text, a.start, a.end, now)
            for a in page.artefacts
        ]
        self.conn.executemany(
            'INSERT INTO artefacts (source_id, table_name, row_id, column_name, rule, text, start, "end", created_at) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self._scraped_keys = set()

    def _place_post(self, post: PostRecord) -> Placement:
        assert self._post_ids is not None
        if post.source_key is None and post.wp_id is None:
            post.source_key = self._unique_key(stable_post_key(post))
        if post.source_key is not None:
            if self._scraped_keys is not None:
                self._scraped_keys.add(post.source_key)
            return self._post_ids.place_by_key(post.source_key)
        known = self._post_ids.existing_ids([post.wp_id] if post.wp_id is not None else [])
        place = self._post_ids.place(post.wp_id, known)
        if not place.existed and place.wp_id is not None:
            # The same item stored earlier without its id (a file cut before <wp:post_id>): that row.
            earlier = self._post_ids.find_by_key(stable_post_key(post))
            if earlier is not None:
                place.row_id, place.existed = earlier, True
        return place

    def _unique_key(self, key: str) -> str:
        """Two records of one source with the same stable key are two rows: number the later ones."""
        self._keys_seen[key] += 1
        seen = self._keys_seen[key]
        return key if seen == 1 else f"{key}#{seen}"

    # -- items -------------------------------------------------------------------
    def write_post(self, post: PostRecord) -> None:
        if self._post_ids is None:
            raise ValueError("an item came before the channel header")
        self.stats.posts[f"{post.post_type or ''}/{post.status or ''}"] += 1
        _links_must_be_http(post, ("url", "attachment_url"))
        author_id = self._author_for(post.author_login)
        place = self._place_post(post)
        if place.duplicate_of is not None:
            self._latest_occurrence[place.duplicate_of] = place.row_id
            self.stats.duplicate_posts += 1
            self.stats.warnings.append(
                f"post id {post.wp_id} is used by {(place.occurrence or 0) + 1} items; each is kept (duplicate_of_wp_id, occurrence)"
            )
        self._queue("posts", [self._post_row(post, place, author_id)])
        self._queue_meta("post_meta", place, post.meta)
        self._queue_post_terms(place, post)
        if post.comments:
            self._write_comments(place.row_id, author_id, post)
        if self._buffered >= BATCH_ROWS:
            self.flush()

    def _post_row(self, post: PostRecord, place: Placement, author_id: int | None) -> tuple:
        return (
            place.row_id, self.site_id, self.source_id, place.wp_id, post.post_type, post.status, post.title,
            post.slug, post.url, url_key(post.url), post.guid, author_id, self._author_names.get(post.author_login or ""),
            post.published_at,
            post.published_local, post.modified_at, post.modified_local, post.wp_parent_id,
            post.menu_order, post.comment_status, post.ping_status, post.password, int(post.is_sticky),
            post.attachment_url, post.excerpt_html, html_to_text(post.excerpt_html), post.content_html,
            post.content_text if post.content_text is not None else html_to_text(post.content_html),
            post.declared_comment_count, place.duplicate_of, place.occurrence, post.source_key, post.confidence,
            _json(post.extra),
        )  # fmt: skip

    def _queue_post_terms(self, place: Placement, post: PostRecord) -> None:
        if place.existed:
            self.conn.execute("DELETE FROM post_terms WHERE post_id = ?", (place.row_id,))
        rows = [(place.row_id, self._term_for(ref.taxonomy, ref.slug, ref.name)) for ref in post.terms]
        if rows:
            self._queue("post_terms", rows)

    # -- comments ----------------------------------------------------------------
    def _write_comments(self, post_id: int, post_author_id: int | None, post: PostRecord) -> None:
        assert self._comment_ids is not None
        comments = post.comments
        places = resolve_threads([_thread_node(c) for c in comments])
        known = self._comment_ids.existing_ids([c.wp_id for c in comments if c.wp_id is not None])
        rows: list[int] = [0] * len(comments)
        comment_rows = self._batches["comments"]
        reply_rows = self._batches["replies"]
        self._buffered += 2 * len(comments)
        for index in insertion_order(places):
            comment, place = comments[index], places[index]
            self._count_comment(comment, place.dangling, post)
            _links_must_be_http(comment, ("author_url",))
            slot = self._place_comment(comment, known, post_id)
            rows[index] = slot.row_id
            parent_id = rows[place.parent] if place.parent is not None else None
            root_id = rows[place.root]
            comment_rows.append(self._comment_row(post_id, post_author_id, comment, slot, place, parent_id, root_id))
            if comment.meta or slot.existed:
                self._queue_meta("comment_meta", slot, comment.meta)
            if slot.existed:
                self.conn.execute("DELETE FROM replies WHERE comment_id = ? AND evidence = 'wxr_parent'", (slot.row_id,))
            if parent_id is not None and comment.wp_id is not None:
                reply_rows.append((slot.row_id, parent_id, "wxr_parent", 1.0))
            if comment.comment_type in LINK_TYPES:
                self._queue_pingback(slot.row_id, post_id, comment)
        if any(c.answers for c in comments):
            self._queue_answers(comments, rows)

    def _place_comment(self, comment: CommentRecord, known: dict[int, int], post_id: int) -> Placement:
        assert self._comment_ids is not None
        if comment.source_key is None and comment.wp_id is None:
            comment.source_key = self._unique_key(f"{post_id}:{stable_comment_key(comment)}")
        if comment.source_key is not None:
            if self._scraped_keys is not None:
                self._scraped_keys.add(comment.source_key)
            return self._comment_ids.place_by_key(comment.source_key)
        return self._comment_ids.place(comment.wp_id, known)

    def _queue_answers(self, comments: list[CommentRecord], row_ids: list[int]) -> None:
        """Inferred answers of scraped comments (nesting, quote, salutation, ...)."""
        by_position = {c.position: row_ids[i] for i, c in enumerate(comments)}
        for index, comment in enumerate(comments):
            self.conn.execute("DELETE FROM replies WHERE comment_id = ?", (row_ids[index],))
            rows = [
                (row_ids[index], by_position[a.position], a.evidence, a.confidence)
                for a in comment.answers
                if a.position in by_position
            ]
            self._queue("replies", rows)

    def _count_comment(self, comment: CommentRecord, dangling: bool, post: PostRecord) -> None:
        by_type, by_status = self.stats.comments_by_type, self.stats.comments_by_status
        by_type[comment.comment_type] = by_type.get(comment.comment_type, 0) + 1
        status = comment.status or ""
        by_status[status] = by_status.get(status, 0) + 1
        if dangling:
            self.stats.dangling_parents += 1
            self.stats.warnings.append(
                f"comment {comment.wp_id} on post {post.wp_id} replies to comment {comment.wp_parent_id}, "
                "which is not in the file; kept as a top-level comment with wp_parent_id set"
            )

    def _comment_row(self, post_id, post_author_id, comment, slot: Placement, place, parent_id, root_id) -> tuple:
        if slot.duplicate_of is not None:
            self.stats.duplicate_comments += 1
            self.stats.warnings.append(
                f"comment id {comment.wp_id} is used by {(slot.occurrence or 0) + 1} comments; each is kept (duplicate_of_wp_id, occurrence)"
            )
        author_id = self._author_by_user.get(comment.user_id) if comment.user_id else None
        by_post_author = int(author_id is not None and author_id == post_author_id)
        if comment.by_post_author is not None:
            by_post_author = int(comment.by_post_author)
        return (
            slot.row_id, self.site_id, post_id, self.source_id, slot.wp_id, comment.position, parent_id,
            comment.wp_parent_id, place.depth, place.path, root_id, comment.comment_type, comment.status,
            comment.author_name, comment.author_url, comment.author_email, comment.author_ip,
            comment.user_id, author_id, by_post_author, comment.published_at, comment.published_local,
            comment.content_html,
            comment.content_text if comment.content_text is not None else html_to_text(comment.content_html),
            comment.confidence, slot.duplicate_of, slot.occurrence, comment.source_key, _json(comment.extra),
        )  # fmt: skip

    def _queue_pingback(self, comment_id: int, post_id: int, comment: CommentRecord) -> None:
        info = describe_link(comment.comment_type, comment.author_name, comment.author_url, comment.content_html)
        if comment.named_link is not None:
            # Scraped "Pingback: Title « Site" lines: the page said it, not an author field.
            info.source_title, info.source_site = comment.named_link.title, comment.named_link.site
            info.excerpt = None
        row = (comment_id, post_id, info.source_url, info.source_url_key, info.source_title, info.source_site, info.excerpt)
        self._queue("pingbacks", [row])

    # -- after the last record -----------------------------------------------------
    def finish(self) -> None:
        """Flush, then resolve references that may point forward in the file.

        Every statement here touches only this source's rows and the rows that
        point at them (through indexes), never the whole archive: a folder of
        10,000 pages runs it 10,000 times.
        """
        self.flush()
        if self.site_id is None:
            return
        self._drop_stale_scraped_rows()
        ensure_indexes(self.db)
        self._mark_superseded()
        resolve_post_parents(self.conn, self.site_id, self.source_id)
        if self._declared_terms:
            resolve_term_parents(self.conn, self.site_id)
        link_pingbacks_to_posts(self.conn, self.source_id)

    def _mark_superseded(self) -> None:
        """A post id used by several items: the last occurrence is the post, the others are kept, flagged."""
        # This source's rows are what the site now says; copies of the same ids left by an older export are not.
        self.conn.execute("UPDATE posts SET superseded = 0 WHERE source_id = ? AND superseded", (self.source_id,))
        self.conn.execute(
            """UPDATE posts SET superseded = 1 WHERE site_id = ? AND source_id != ? AND duplicate_of_wp_id IN
                   (SELECT coalesce(wp_id, duplicate_of_wp_id) FROM posts WHERE source_id = ?)""",
            (self.site_id, self.source_id, self.source_id),
        )
        self.conn.executemany(
            "UPDATE posts SET superseded = (id != ?) WHERE site_id = ? AND (wp_id = ? OR duplicate_of_wp_id = ?)",
            [(row_id, self.site_id, wp_id, wp_id) for wp_id, row_id in self._latest_occurrence.items()],
        )

    def _drop_stale_scraped_rows(self) -> None:
        """A re-read page that now yields fewer posts or comments (or moved to another site): drop the rest."""
        keys = self._scraped_keys
        if keys is None:
            return
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS current_keys (key TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM current_keys")
        self.conn.executemany("INSERT OR IGNORE INTO current_keys VALUES (?)", [(key,) for key in keys])
        stale_rows = """SELECT id FROM {table} WHERE source_id = ? AND source_key IS NOT NULL
                        AND (site_id != ? OR source_key NOT IN (SELECT key FROM current_keys))"""
        stale = [r[0] for r in self.conn.execute(stale_rows.format(table="comments"), (self.source_id, self.site_id))]
        delete_rows(self.conn, "comments", stale)
        stale_posts = [
            r[0]
            for r in self.conn.execute(stale_rows.format(table="posts"), (self.source_id, self.site_id))
            if self.conn.execute("SELECT 1 FROM comments WHERE post_id = ? LIMIT 1", (r[0],)).fetchone() is None
        ]
        delete_rows(self.conn, "posts", stale_posts)


# Rows that hang off a row (deleted with it) and references to it (cleared).
DEPENDENTS = {
    "comments": (("replies", "comment_id"), ("replies", "answers_id"), ("pingbacks", "comment_id"), ("comment_meta", "comment_id")),
    "posts": (("post_meta", "post_id"), ("post_terms", "post_id")),
}
REFERENCES = {
    "comments": (("comments", "parent_id", "NULL"), ("comments", "root_id", "id")),
    "posts": (("posts", "parent_id", "NULL"), ("pingbacks", "source_post_id", "NULL")),
}


def delete_rows(conn: sqlite3.Connection, table: str, row_ids: list[int]) -> None:
    """Remove posts (that have no comments left) or comments, and every row that hangs off them."""
    rows = [(i,) for i in row_ids]
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
        f"UPDATE posts SET parent_id = {_PARENT_OF} WHERE source_id = ? AND (wp_parent_id IS NOT NULL OR parent_id IS NOT NULL)",
        (source_id,),
    )
    # Split exports: a child read from an earlier file finds its parent in this one.
    conn.execute(
        f"""UPDATE posts SET parent_id = {_PARENT_OF}
            WHERE site_id = ? AND source_id != ?
              AND wp_parent_id IN (SELECT coalesce(wp_id, duplicate_of_wp_id) FROM posts WHERE source_id = ?)""",
        (site_id, source_id, source_id),
    )


def resolve_term_parents(conn: sqlite3.Connection, site_id: int) -> None:
    conn.execute(
        """UPDATE terms SET parent_id = (SELECT t.id FROM terms t WHERE t.site_id = terms.site_id
               AND t.taxonomy = terms.taxonomy AND t.slug = terms.parent_slug)
           WHERE site_id = ? AND (parent_slug IS NOT NULL OR parent_id IS NOT NULL)""",
        (site_id,),
    )


def stable_post_key(post: PostRecord) -> str:
    """A key for an item without a WordPress id that is the same on every import of the file."""
    if post.guid:
        return "guid:" + post.guid
    if post.url:
        return "url:" + post.url
    return "hash:" + _digest(post.post_type, post.published_local or post.published_at, post.title, post.author_login)


def stable_comment_key(comment: CommentRecord) -> str:
    """A key for a comment without a WordPress id (what it says, who said it, when)."""
    return "hash:" + _digest(
        comment.comment_type, comment.author_name, comment.author_email, comment.published_at or comment.published_local,
        comment.content_html,
    )


def _digest(*parts: str | None) -> str:
    return hashlib.sha1("\x1f".join(part or "" for part in parts).encode("utf-8", "surrogatepass")).hexdigest()


def _links_must_be_http(record: PostRecord | CommentRecord, fields: tuple[str, ...]) -> None:
    """Only absolute http(s) URLs stay in link columns; anything else (javascript:, data:) moves to extra."""
    for name in fields:
        value = getattr(record, name)
        if value and http_url(value) is None:
            record.extra[f"{name}_not_http"] = value
            setattr(record, name, None)


def _thread_node(comment: CommentRecord) -> ThreadNode:
    """WXR comments thread by WordPress ids; scraped ones by their position on the page."""
    if comment.wp_id is not None or comment.source_key is None:
        return ThreadNode(comment.wp_id, comment.wp_parent_id, comment.published_at, comment.position)
    return ThreadNode(comment.position, comment.parent_position, comment.published_at, comment.position)


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
            WHERE comment_id IN (SELECT id FROM comments WHERE source_id = ?) AND source_url_key IS NOT NULL""",
        (source_id,),
    )
    conn.execute(
        f"""UPDATE pingbacks SET source_post_id = {_SOURCE_POST}
            WHERE source_url_key IN (SELECT url_key FROM posts WHERE source_id = ? AND url_key IS NOT NULL)""",
        (source_id,),
    )
