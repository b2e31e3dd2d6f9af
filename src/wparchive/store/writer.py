"""Write reader records into the store, one source at a time.

Rows are keyed by their natural keys (site and WordPress id, site and login,
site/taxonomy/slug; a stable key where there is no id), so re-importing a file
gives the same database and a newer export of the same site updates it in place.
Row ids are decided in Python (``ids``) so that posts, comments and meta are
written in batches with ``executemany``: a large export writes hundreds of
thousands of rows, and a round trip per row would cost more than parsing the XML.
Which field fills which column is ``rows``; what runs once the records are
written is ``finish``.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils

from wparchive.dates import utc_now
from wparchive.model import (
    AuthorRecord,
    CommentRecord,
    Meta,
    PageRecord,
    PostRecord,
    Record,
    SiteRecord,
    TermRecord,
)
from wparchive.pingbacks import LINK_TYPES
from wparchive.store import finish, rows
from wparchive.store.ids import IdAllocator, Placement
from wparchive.store.shape import ensure_indexes
from wparchive.threads.tree import ThreadNode, ThreadPlace, insertion_order, resolve_threads

# Batches are flushed parents first (readability of the order; references are checked at COMMIT).
FLUSH_ORDER = ("posts", "post_meta", "post_terms", "comments", "comment_meta", "replies", "pingbacks")
BATCH_ROWS = 5000
TERM_REFERENCE = (
    "INSERT INTO terms (site_id, taxonomy, slug, name, declared) VALUES (?, ?, ?, ?, 0) "
    "ON CONFLICT (site_id, taxonomy, slug) DO UPDATE SET name = coalesce(terms.name, excluded.name) "
    "RETURNING id"
)
PLAIN_INSERTS = {
    "post_terms": "INSERT OR IGNORE INTO post_terms (post_id, term_id) VALUES (:post_id, :term_id)",
    "replies": "INSERT OR REPLACE INTO replies (comment_id, answers_id, evidence, confidence) "
    "VALUES (:comment_id, :answers_id, :evidence, :confidence)",
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
        self._batches: dict[str, list[rows.Row]] = {name: [] for name in FLUSH_ORDER}
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
    def _queue(self, table: str, queued: list[rows.Row]) -> None:
        """Buffer rows; :meth:`write_post` flushes once enough have gathered."""
        self._batches[table].extend(queued)
        self._buffered += len(queued)

    def flush(self) -> None:
        for table in FLUSH_ORDER:
            batch = self._batches[table]
            if not batch:
                continue
            if table == "posts":
                self._flush_posts(batch)
            else:
                self.conn.executemany(_insert_sql(table, batch[0]), batch)
            batch.clear()
        self._buffered = 0

    def _flush_posts(self, batch: list[rows.Row]) -> None:
        sql = _insert_sql("posts", batch[0])
        try:
            self.conn.executemany(sql, batch)
            return
        except sqlite3.IntegrityError:
            pass  # executemany stops at the bad row; earlier rows stay written
        for row in batch:
            try:
                self.conn.execute(sql, row)
            except sqlite3.IntegrityError:
                # Two items claim the same permalink: keep both, the second without a url.
                self.stats.warnings.append(
                    f"post row {row['id']} shares its link {row['url']!r} with another item; link kept in "
                    f"extra"
                )
                self.conn.execute(sql, rows.without_url(row))

    # -- channel ---------------------------------------------------------------
    def write_site(self, site: SiteRecord) -> None:
        row = rows.site_row(site)
        self.site_id = self.conn.execute(
            rows.upsert_sql("sites", tuple(row), returning=True), row
        ).fetchone()[0]
        self._post_ids = IdAllocator(self.conn, "posts", self.site_id)
        self._comment_ids = IdAllocator(self.conn, "comments", self.site_id)
        for login, author_id, wp_id, display_name in self.conn.execute(
            "SELECT login, id, wp_id, display_name FROM authors WHERE site_id = ?", (self.site_id,)
        ):
            self._remember_author(login, author_id, wp_id, display_name)

    def _remember_author(
        self, login: str, author_id: int, wp_id: int | None, display_name: str | None
    ) -> None:
        self._authors[login] = (author_id, wp_id)
        self._author_names[login] = display_name or login
        if wp_id:
            self._author_by_user[wp_id] = author_id

    def write_author(self, author: AuthorRecord) -> None:
        if not author.login:
            self.stats.warnings.append(f"skipped an author with no login (id {author.wp_id})")
            return
        assert self.site_id is not None
        row = rows.author_row(self.site_id, author)
        author_id = self.conn.execute(rows.upsert_sql("authors", tuple(row), returning=True), row).fetchone()[
            0
        ]
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
        assert self.site_id is not None
        self._note_repeated_declaration(term)
        row = rows.term_row(self.site_id, term)
        term_id = self.conn.execute(rows.upsert_sql("terms", tuple(row), returning=True), row).fetchone()[0]
        self._terms[(term.taxonomy, term.slug)] = term_id
        meta = rows.meta_rows("term_meta", term_id, term.meta)
        if meta:
            self.conn.executemany(_insert_sql("term_meta", meta[0]), meta)
        self.conn.execute("DELETE FROM term_meta WHERE term_id = ? AND position > ?", (term_id, len(meta)))
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
            self.stats.warnings.append(
                f"term {term.taxonomy}/{term.slug} is declared again, identically; stored once"
            )
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
            term_id = self.conn.execute(TERM_REFERENCE, (self.site_id, taxonomy, slug, name)).fetchone()[0]
            self._terms[key] = term_id
        return term_id

    def _queue_meta(self, table: str, owner: Placement, meta: list[Meta]) -> None:
        queued = rows.meta_rows(table, owner.row_id, meta)
        if owner.existed:
            self.conn.execute(
                f"DELETE FROM {table} WHERE {rows.META_OWNER[table]} = ? AND position > ?",
                (owner.row_id, len(queued)),
            )
        if queued:
            self._queue(table, queued)

    # -- scraped pages ---------------------------------------------------------------
    def write_page(self, page: PageRecord) -> None:
        """The page's original bytes, and what is not content, with its offsets."""
        self.conn.execute(
            "INSERT OR REPLACE INTO source_blobs (source_id, content) VALUES (?, ?)",
            (self.source_id, page.content),
        )
        # Page artefacts are filed under the page's source row (row_id = source id): an indexed delete.
        self.conn.execute(
            "DELETE FROM artefacts WHERE table_name = 'source_blobs' AND row_id = ?", (self.source_id,)
        )
        now = utc_now()
        self.conn.executemany(
            "INSERT INTO artefacts (source_id, table_name, row_id, column_name, rule, text, start, "
            '"end", created_at) '
            "VALUES (?, 'source_blobs', ?, 'content', ?, ?, ?, ?, ?)",
            [(self.source_id, self.source_id, a.rule, a.text, a.start, a.end, now) for a in page.artefacts],
        )
        self._scraped_keys = set()

    def _unique_key(self, key: str) -> str:
        """Two records of one source with the same stable key are two rows: number the later ones."""
        self._keys_seen[key] += 1
        seen = self._keys_seen[key]
        return key if seen == 1 else f"{key}#{seen}"

    def _by_key(self, allocator: IdAllocator, source_key: str) -> Placement:
        if self._scraped_keys is not None:
            self._scraped_keys.add(source_key)
        return allocator.place_by_key(source_key)

    # -- items -------------------------------------------------------------------
    def write_post(self, post: PostRecord) -> None:
        if self._post_ids is None:
            raise ValueError("an item came before the channel header")
        self.stats.posts[f"{post.post_type or ''}/{post.status or ''}"] += 1
        rows.links_must_be_http(post, ("url", "attachment_url"))
        author_id = self._author_for(post.author_login)
        place = self._place_post(post)
        if place.duplicate_of is not None:
            self._latest_occurrence[place.duplicate_of] = place.row_id
            self.stats.duplicate_posts += 1
            self.stats.warnings.append(
                f"post id {post.wp_id} is used by {(place.occurrence or 0) + 1} items; each is kept "
                f"(duplicate_of_wp_id, occurrence)"
            )
        ids = {
            "id": place.row_id,
            "site_id": self.site_id,
            "source_id": self.source_id,
            "wp_id": place.wp_id,
            "duplicate_of_wp_id": place.duplicate_of,
            "occurrence": place.occurrence,
        }
        self._queue(
            "posts", [rows.post_row(post, ids, author_id, self._author_names.get(post.author_login or ""))]
        )
        self._queue_meta("post_meta", place, post.meta)
        self._queue_post_terms(place, post)
        if post.comments:
            self._write_comments(place.row_id, author_id, post)
        if self._buffered >= BATCH_ROWS:
            self.flush()

    def _place_post(self, post: PostRecord) -> Placement:
        assert self._post_ids is not None
        if post.source_key is None and post.wp_id is None:
            post.source_key = self._unique_key(rows.stable_post_key(post))
        if post.source_key is not None:
            return self._by_key(self._post_ids, post.source_key)
        known = self._post_ids.existing_ids([post.wp_id] if post.wp_id is not None else [])
        place = self._post_ids.place(post.wp_id, known)
        if not place.existed and place.wp_id is not None:
            # The same item stored earlier without its id (a file cut before <wp:post_id>): that row.
            earlier = self._post_ids.find_by_key(rows.stable_post_key(post))
            if earlier is not None:
                place.row_id, place.existed = earlier, True
        return place

    def _queue_post_terms(self, place: Placement, post: PostRecord) -> None:
        if place.existed:
            self.conn.execute("DELETE FROM post_terms WHERE post_id = ?", (place.row_id,))
        queued = [
            {"post_id": place.row_id, "term_id": self._term_for(ref.taxonomy, ref.slug, ref.name)}
            for ref in post.terms
        ]
        if queued:
            self._queue("post_terms", queued)

    # -- comments ----------------------------------------------------------------
    def _write_comments(self, post_id: int, post_author_id: int | None, post: PostRecord) -> None:
        assert self._comment_ids is not None
        comments = post.comments
        places = resolve_threads([_thread_node(c) for c in comments])
        known = self._comment_ids.existing_ids([c.wp_id for c in comments if c.wp_id is not None])
        row_ids: list[int] = [0] * len(comments)
        for index in insertion_order(places):
            comment, place = comments[index], places[index]
            self._count_comment(comment, place.dangling, post)
            rows.links_must_be_http(comment, ("author_url",))
            slot = self._place_comment(comment, known, post_id)
            row_ids[index] = slot.row_id
            parent_id = row_ids[place.parent] if place.parent is not None else None
            self._queue_comment(comment, slot, post_id, post_author_id, place, parent_id, row_ids[place.root])
        if any(c.answers for c in comments):
            self._queue_answers(comments, row_ids)

    def _queue_comment(
        self,
        comment: CommentRecord,
        slot: Placement,
        post_id: int,
        post_author_id: int | None,
        place: ThreadPlace,
        parent_id: int | None,
        root_id: int,
    ) -> None:
        self._note_repeated_comment_id(comment, slot)
        author_id = self._author_by_user.get(comment.user_id) if comment.user_id else None
        by_post_author = (
            comment.by_post_author
            if comment.by_post_author is not None
            else (author_id is not None and author_id == post_author_id)
        )
        ids = {
            "id": slot.row_id,
            "site_id": self.site_id,
            "post_id": post_id,
            "source_id": self.source_id,
            "wp_id": slot.wp_id,
            "duplicate_of_wp_id": slot.duplicate_of,
            "occurrence": slot.occurrence,
        }
        thread = {"parent_id": parent_id, "depth": place.depth, "thread_path": place.path, "root_id": root_id}
        self._queue(
            "comments",
            [
                rows.comment_row(
                    comment, ids, thread, {"author_id": author_id, "by_post_author": int(by_post_author)}
                )
            ],
        )
        if comment.meta or slot.existed:
            self._queue_meta("comment_meta", slot, comment.meta)
        if slot.existed:
            self.conn.execute(
                "DELETE FROM replies WHERE comment_id = ? AND evidence = 'wxr_parent'", (slot.row_id,)
            )
        if parent_id is not None and comment.wp_id is not None:
            self._queue(
                "replies",
                [
                    {
                        "comment_id": slot.row_id,
                        "answers_id": parent_id,
                        "evidence": "wxr_parent",
                        "confidence": 1.0,
                    }
                ],
            )
        if comment.comment_type in LINK_TYPES:
            self._queue("pingbacks", [rows.pingback_row(slot.row_id, post_id, comment)])

    def _place_comment(self, comment: CommentRecord, known: dict[int, int], post_id: int) -> Placement:
        assert self._comment_ids is not None
        if comment.source_key is None and comment.wp_id is None:
            comment.source_key = self._unique_key(f"{post_id}:{rows.stable_comment_key(comment)}")
        if comment.source_key is not None:
            return self._by_key(self._comment_ids, comment.source_key)
        return self._comment_ids.place(comment.wp_id, known)

    def _queue_answers(self, comments: list[CommentRecord], row_ids: list[int]) -> None:
        """Inferred answers of scraped comments (nesting, quote, salutation, ...)."""
        by_position = {c.position: row_ids[i] for i, c in enumerate(comments)}
        for index, comment in enumerate(comments):
            self.conn.execute("DELETE FROM replies WHERE comment_id = ?", (row_ids[index],))
            self._queue(
                "replies",
                [
                    {
                        "comment_id": row_ids[index],
                        "answers_id": by_position[a.position],
                        "evidence": a.evidence,
                        "confidence": a.confidence,
                    }
                    for a in comment.answers
                    if a.position in by_position
                ],
            )

    def _count_comment(self, comment: CommentRecord, dangling: bool, post: PostRecord) -> None:
        self.stats.comments_by_type[comment.comment_type] += 1
        self.stats.comments_by_status[comment.status or ""] += 1
        if dangling:
            self.stats.dangling_parents += 1
            self.stats.warnings.append(
                f"comment {comment.wp_id} on post {post.wp_id} replies to comment {comment.wp_parent_id}, "
                "which is not in the file; kept as a top-level comment with wp_parent_id set"
            )

    def _note_repeated_comment_id(self, comment: CommentRecord, slot: Placement) -> None:
        if slot.duplicate_of is not None:
            self.stats.duplicate_comments += 1
            self.stats.warnings.append(
                f"comment id {comment.wp_id} is used by {(slot.occurrence or 0) + 1} comments; each is kept "
                f"(duplicate_of_wp_id, occurrence)"
            )

    # -- after the last record -----------------------------------------------------
    def finish(self) -> None:
        """Flush, then resolve references that may point forward in the file (``store.finish``)."""
        self.flush()
        if self.site_id is None:
            return
        if self._scraped_keys is not None:
            finish.drop_stale_scraped_rows(self.conn, self.site_id, self.source_id, self._scraped_keys)
        ensure_indexes(self.db)
        finish.mark_superseded(self.conn, self.site_id, self.source_id, self._latest_occurrence)
        finish.resolve_post_parents(self.conn, self.site_id, self.source_id)
        if self._declared_terms:
            finish.resolve_term_parents(self.conn, self.site_id)
        finish.link_pingbacks_to_posts(self.conn, self.source_id)


def _insert_sql(table: str, row: rows.Row) -> str:
    return PLAIN_INSERTS.get(table) or rows.upsert_sql(table, tuple(row))


def _thread_node(comment: CommentRecord) -> ThreadNode:
    """WXR comments thread by WordPress ids; scraped ones by their position on the page."""
    if comment.wp_id is not None or comment.source_key is None:
        return ThreadNode(comment.wp_id, comment.wp_parent_id, comment.published_at, comment.position)
    return ThreadNode(comment.position, comment.parent_position, comment.published_at, comment.position)
