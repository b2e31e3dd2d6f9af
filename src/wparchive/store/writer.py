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
from wparchive.store.absorb import absorb_idless_posts, absorb_unnumbered
from wparchive.store.channel import Channel
from wparchive.store.counts import WriteStats
from wparchive.store.ids import IdAllocator, Placement
from wparchive.store.merge import PageMerger
from wparchive.store.rethread import rethread_mixed_posts
from wparchive.store.shape import ensure_indexes
from wparchive.threads.tree import ThreadNode, ThreadPlace, insertion_order, resolve_threads

# Batches are flushed parents first (readability of the order; references are checked at COMMIT).
FLUSH_ORDER = ("posts", "post_meta", "post_terms", "comments", "comment_meta", "replies", "pingbacks")
BATCH_ROWS = 5000


class SourceWriter:
    """Writes one source's records; the caller owns the transaction."""

    def __init__(self, db: sqlite_utils.Database, source_id: int) -> None:
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.source_id = source_id
        self.site_id: int | None = None
        self.stats = WriteStats()
        self.channel = Channel(self.conn, self.stats)
        self._keys_seen: Counter[str] = Counter()  # stable keys of records without a WordPress id
        self._latest_occurrence: dict[int, int] = {}  # repeated post id -> row of its last occurrence
        self._batches: dict[str, list[rows.Row]] = {name: [] for name in FLUSH_ORDER}
        self._buffered = 0
        self._post_ids: IdAllocator | None = None
        self._comment_ids: IdAllocator | None = None
        self._scraped_keys: set[str] | None = None  # set by write_page for scraped sources
        self._merger: PageMerger | None = None  # posts that pages show, merged into the archive's
        self._page: PageRecord | None = None
        self._merged = False
        self._by_ids = False  # a REST API source's posts name parents, authors and terms by id
        # References are checked when the source's transaction commits, not row by row:
        # rows of a source may point forward (a reply before its parent, a split export).
        self.conn.execute("PRAGMA defer_foreign_keys = ON")

    def write(self, record: Record) -> None:
        if isinstance(record, PostRecord):
            self.write_post(record)
        elif isinstance(record, SiteRecord):
            self.write_site(record)
        elif isinstance(record, AuthorRecord):
            self.channel.write_author(record)
        elif isinstance(record, TermRecord):
            self.channel.write_term(record)
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
                self.conn.executemany(rows.write_sql(table, tuple(batch[0])), rows.all_values(batch))
            batch.clear()
        self._buffered = 0

    def _flush_posts(self, batch: list[rows.Row]) -> None:
        sql = rows.write_sql("posts", tuple(batch[0]))
        try:
            self.conn.executemany(sql, rows.all_values(batch))
            return
        except sqlite3.IntegrityError:
            pass  # executemany stops at the bad row; earlier rows stay written
        for row in batch:
            try:
                self.conn.execute(sql, rows.values(row))
            except sqlite3.IntegrityError:
                # Two items claim the same permalink: keep both, the second without a url.
                self.stats.warnings.append(
                    f"post row {row['id']} shares its link {row['url']!r} with another item; link kept in "
                    f"extra"
                )
                self.conn.execute(sql, rows.values(rows.without_url(row)))

    # -- channel ---------------------------------------------------------------
    def write_site(self, site: SiteRecord) -> None:
        self.site_id = self.channel.write_site(site, merge=site.merge)
        self._post_ids = IdAllocator(self.conn, "posts", self.site_id)
        self._comment_ids = IdAllocator(self.conn, "comments", self.site_id)
        owner = rows.Owner(self.site_id, self.source_id)
        self._merger = PageMerger(
            self.conn, (self._post_ids, self._comment_ids), owner, self.channel, self.stats
        )

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
        # The same page read the same way keeps its rows (ids and times): a re-import changes nothing.
        found = self.conn.execute(
            'SELECT rule, text, start, "end" FROM artefacts '
            "WHERE table_name = 'source_blobs' AND row_id = ? ORDER BY id",
            (self.source_id,),
        ).fetchall()
        if found != [(a.rule, a.text, a.start, a.end) for a in page.artefacts]:
            self._replace_page_artefacts(page)
        self._scraped_keys = set()
        self._page = page
        self.conn.execute("DELETE FROM sightings WHERE source_id = ?", (self.source_id,))

    def _replace_page_artefacts(self, page: PageRecord) -> None:
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
        if post.merge:
            self._merge_post(post)
            return
        self.stats.posts[f"{post.post_type or ''}/{post.status or ''}"] += 1
        rows.links_must_be_http(post, ("url", "attachment_url"))
        author_id = self.channel.author_for(post.author_login)
        place = self._place_post(post)
        if place.duplicate_of is not None:
            self._latest_occurrence[place.duplicate_of] = place.row_id
            self.stats.duplicate_posts += 1
            self.stats.warnings.append(
                f"post id {post.wp_id} is used by {(place.occurrence or 0) + 1} items; each is kept "
                f"(duplicate_of_wp_id, occurrence)"
            )
        owner = rows.Owner(self.site_id, self.source_id, author_id)
        author_name = self.channel.author_names.get(post.author_login or "")
        self._queue("posts", [rows.post_row(post, place, owner, author_name)])
        self._queue_meta("post_meta", place, post.meta)
        self._queue_post_terms(place, post)
        if post.comments:
            self._write_comments(place.row_id, author_id, post)
        if self._buffered >= BATCH_ROWS:
            self.flush()

    def _merge_post(self, post: PostRecord) -> None:
        """A page's view of a post (``store.merge``): written at once, matched against the archive."""
        assert self._merger is not None
        self.flush()
        if not self._merged:
            # A page's view looks rows up by post, parent and URL: a new archive's first source would
            # otherwise scan them once per post (its indexes are made when it ends).
            ensure_indexes(self.db)
        self._merger.page = self._page
        self._merger.write_post(post)
        self._merged = True
        self._by_ids = self._by_ids or post.wp_parent_id is not None or "rest" in post.extra
        self._by_ids = self._by_ids or any("rest" in comment.extra for comment in post.comments)

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
            {"post_id": place.row_id, "term_id": self.channel.term_for(ref.taxonomy, ref.slug, ref.name)}
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
        author_id = self.channel.author_by_user.get(comment.user_id) if comment.user_id else None
        by_post_author = comment.by_post_author
        if by_post_author is None:  # the archive author who wrote it (by WordPress user id) wrote the post
            by_post_author = author_id is not None and author_id == post_author_id
        owner = rows.Owner(self.site_id, self.source_id, author_id)
        thread = rows.InThread(post_id, parent_id, root_id, place)
        self._queue("comments", [rows.comment_row(comment, slot, owner, thread, by_post_author)])
        self._queue_comment_children(comment, slot, post_id, parent_id)

    def _queue_comment_children(
        self, comment: CommentRecord, slot: Placement, post_id: int, parent_id: int | None
    ) -> None:
        """Its meta, the reply edge WordPress states, and its pingback row."""
        if comment.meta or slot.existed:
            self._queue_meta("comment_meta", slot, comment.meta)
        if slot.existed:
            self.conn.execute(
                "DELETE FROM replies WHERE comment_id = ? AND evidence = 'wxr_parent'", (slot.row_id,)
            )
        if parent_id is not None and comment.wp_id is not None:
            edge = {
                "comment_id": slot.row_id,
                "answers_id": parent_id,
                "evidence": "wxr_parent",
                "confidence": 1.0,
            }
            self._queue("replies", [edge])
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
        ensure_indexes(self.db)
        if self._merged and self._merger is not None:
            # A page's posts were matched and threaded as they were written; only what the page
            # showed before and shows no longer is left to go.
            finish.drop_unsighted_rows(self.conn, self.source_id)
        else:
            self._finish_source()
        if self._by_ids or self.channel.merged_declarations:
            finish.link_by_ids(self.conn, self.site_id, self.source_id, self.channel.merged_declarations)
        finish.link_pingbacks_to_posts(self.conn, self.source_id)

    def _finish_source(self) -> None:
        assert self.site_id is not None
        if self._scraped_keys is not None:
            finish.drop_stale_scraped_rows(self.conn, self.site_id, self.source_id, self._scraped_keys)
        finish.mark_superseded(self.conn, self.site_id, self.source_id, self._latest_occurrence)
        finish.resolve_post_parents(self.conn, self.site_id, self.source_id)
        if self.channel.declared_terms:
            finish.resolve_term_parents(self.conn, self.site_id)
        absorb_idless_posts(self.conn, self.source_id)  # an export meets pages imported before it
        absorb_unnumbered(self.conn, self.source_id)
        rethread_mixed_posts(self.conn, self.source_id)


def _thread_node(comment: CommentRecord) -> ThreadNode:
    """WXR comments thread by WordPress ids; scraped ones by their position on the page."""
    if comment.wp_id is not None or comment.source_key is None:
        return ThreadNode(comment.wp_id, comment.wp_parent_id, comment.published_at, comment.position)
    return ThreadNode(comment.position, comment.parent_position, comment.published_at, comment.position)
