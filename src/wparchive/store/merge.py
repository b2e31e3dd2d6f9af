"""A page's view of a post, merged into what the archive already holds: nothing twice, the export wins.

Saved pages, Wayback captures, comment pages and feeds each show part of a post. A post is matched
by its WordPress id, else its URL, else a key of what it says; a comment by its WordPress id, else
by its author and text. What a page adds fills what the archive lacks. An export knows more than a
page (parents beyond the nesting depth WordPress prints, status, e-mail), so a row an export wrote
keeps its values and only gains empty ones; between pages, a post's own page beats a listing's
excerpt and the fuller capture beats the thinner. Every page that showed a row is a ``sightings``
row, with the page's URL and capture time: "visible on this date" is never lost.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from wparchive.htmltext import html_to_text
from wparchive.model import CommentRecord, PageRecord, PostRecord
from wparchive.pingbacks import LINK_TYPES, url_key
from wparchive.store import rows
from wparchive.store.absorb import absorb_post
from wparchive.store.channel import Channel
from wparchive.store.counts import WriteStats
from wparchive.store.ids import IdAllocator, Placement
from wparchive.store.matching import content_digest, match_keys
from wparchive.store.rethread import rethread_post
from wparchive.threads.tree import ThreadNode, ThreadPlace, resolve_threads

TOUCHED = "temp.wparchive_touched"  # the rows the source being written showed
EXPORT_KINDS = ("wxr",)  # sources whose rows a page never overrides
_POST_COLUMNS = (
    "wp_id", "post_type", "status", "title", "url", "url_key", "guid", "author_id", "author_name",
    "published_at", "published_local", "modified_at", "modified_local", "content_html", "content_text",
    "declared_comment_count", "slug", "wp_parent_id", "menu_order", "comment_status", "ping_status",
    "excerpt_html", "excerpt_text",
)  # fmt: skip
_COMMENT_COLUMNS = (
    "author_name", "author_url", "published_at", "published_local", "content_html", "content_text",
)  # fmt: skip
_OWNER_KIND = "(SELECT kind FROM sources WHERE sources.id = {table}.source_id)"
_EXISTING_POST = (
    "SELECT id, (SELECT kind FROM sources WHERE sources.id = posts.source_id) IN ('wxr'), "
    "coalesce(json_extract(extra, '$.listing'), '') != '', length(coalesce(content_text, '')) "
    "FROM posts WHERE {where} ORDER BY superseded, id LIMIT 1"
)
_SIGHTING = (
    "INSERT OR REPLACE INTO sightings (source_id, table_name, row_id, url, captured_at, comment_page, "
    "position) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


@dataclass
class Existing:
    row_id: int
    from_export: bool
    listing: bool
    text_length: int


class PageMerger:
    """Writes the posts of one page source, merging each into the archive's rows."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        ids: tuple[IdAllocator, IdAllocator],
        owner: rows.Owner,
        channel: Channel,
        stats: WriteStats,
    ) -> None:
        self.conn = conn
        self.post_ids, self.comment_ids = ids
        self.owner = owner
        self.channel = channel
        self.stats = stats
        self.page: PageRecord | None = None
        # The rows this source showed, for finish.drop_unsighted_rows: a table, not a Python set, so
        # that a source of millions of rows (a Disqus export) does not hold them all in memory.
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (table_name TEXT, row_id INTEGER, "
                     "PRIMARY KEY (table_name, row_id)) WITHOUT ROWID")  # fmt: skip
        conn.execute(f"DELETE FROM {TOUCHED}")
        # Written per post with executemany: a page of 80 comments is a handful of statements.
        self._batch: dict[str, list[rows.Row]] = {"comments": [], "pingbacks": []}
        self._fills: list[tuple] = []
        self._fills_sql = ""
        self._sightings: list[tuple] = []

    # -- posts ---------------------------------------------------------------------------
    def _existing_post(self, post: PostRecord) -> Existing | None:
        lookups = (
            ("site_id = ? AND wp_id = ?", post.wp_id),
            # "+site_id": no index on site_id for this one, so SQLite takes url_key's, not a scan of
            # every post of the site (quadratic over a mirror of a large blog).
            ("+site_id = ? AND url_key = ?", url_key(post.url)),
            ("site_id = ? AND source_key = ?", post.source_key),
        )
        for where, value in lookups:
            if value is None:
                continue
            row = self.conn.execute(
                _EXISTING_POST.format(where=where), (self.owner.site_id, value)
            ).fetchone()
            if row:
                return Existing(row[0], bool(row[1]), bool(row[2]), row[3])
        return None

    def write_post(self, post: PostRecord) -> int:
        """Merge one post and its comments; returns the post's row id."""
        if post.wp_id is None and post.url is None:
            post.source_key = "page:" + content_digest(
                post.title, post.published_local or post.published_at, post.author_login
            )
        rows.links_must_be_http(post, ("url",))
        author_id = self.channel.author_named(post.author_login)
        existing = self._existing_post(post)
        row = rows.post_row(
            post,
            Placement(
                existing.row_id if existing else self.post_ids.new_id(), existing is not None, post.wp_id
            ),
            rows.Owner(self.owner.site_id, self.owner.source_id, author_id),
            # A login (a REST API response's author) shows as the author's name; a page's byline is one.
            self.channel.author_names.get(post.author_login or "", post.author_login),
        )
        try:
            if existing is None:
                self.conn.execute(rows.write_sql("posts", tuple(row)), rows.values(row))
            else:
                self._update_post(existing, post, row)
        except sqlite3.IntegrityError:  # another post of the site holds this URL: keep it there
            self.stats.warnings.append(
                f"post {post.wp_id} claims the link {post.url!r} of another post; kept in extra"
            )
            row = rows.without_url(row)
            if existing is None:
                self.conn.execute(rows.write_sql("posts", tuple(row)), rows.values(row))
            else:
                self._update_post(existing, post, row)
        self.stats.posts[f"{post.post_type or ''}/{post.status or ''}"] += 1
        self._add_terms(row["id"], post)
        self._sighted("posts", row["id"], None)
        if post.comments:
            self._merge_comments(row["id"], existing.from_export if existing else False, post)
        self._flush()
        return int(row["id"])

    def _update_post(self, existing: Existing, post: PostRecord, row: rows.Row) -> None:
        listing = "listing" in post.extra
        better = not existing.from_export and (
            (existing.listing and not listing)
            or (existing.listing == listing and len(post.content_text or "") > existing.text_length)
        )
        if better:  # this page shows the post more fully: its values, the old ones where it has none
            sets = ", ".join(f'"{c}" = coalesce(?, "{c}")' for c in _POST_COLUMNS)
            extra = ", source_id = ?, extra = ?, confidence = ?, is_sticky = max(is_sticky, ?)"
            values = [row[c] for c in _POST_COLUMNS] + [
                self.owner.source_id, row["extra"], row["confidence"], row["is_sticky"]
            ]  # fmt: skip
        else:  # the archive's values stand; the page fills what is empty
            sets = ", ".join(f'"{c}" = coalesce("{c}", ?)' for c in _POST_COLUMNS)
            extra, values = "", [row[c] for c in _POST_COLUMNS]
        self.conn.execute(f"UPDATE posts SET {sets}{extra} WHERE id = ?", (*values, existing.row_id))

    def _add_terms(self, post_id: int, post: PostRecord) -> None:
        self.stats.terms += len(post.terms)
        for ref in post.terms:
            term_id = self.channel.term_for(ref.taxonomy, ref.slug, ref.name)
            self.conn.execute(
                "INSERT OR IGNORE INTO post_terms (post_id, term_id) VALUES (?, ?)", (post_id, term_id)
            )

    # -- comments -----------------------------------------------------------------------------
    def _merge_comments(self, post_id: int, post_from_export: bool, post: PostRecord) -> None:
        fresh = (
            self.conn.execute("SELECT 1 FROM comments WHERE post_id = ? LIMIT 1", (post_id,)).fetchone()
            is None
        )
        known = self._known_ids(post.comments)
        unnumbered = self._unnumbered_rows(post_id) if any(c.wp_id is None for c in post.comments) else {}
        by_position: dict[int, int] = {}
        page_rows: list[tuple[int, CommentRecord]] = []
        seen: set[int] = set()
        for comment in post.comments:
            rows.links_must_be_http(comment, ("author_url",))
            self.stats.comments_by_type[comment.comment_type] += 1
            self.stats.comments_by_status[comment.status or ""] += 1
            if comment.wp_id is not None:
                if comment.wp_id in seen:  # one page showing one comment twice: it is one comment
                    continue
                seen.add(comment.wp_id)
            row_id = self._merge_comment(post_id, comment, known, unnumbered)
            by_position[comment.position] = row_id
            page_rows.append((row_id, comment))
        if fresh:  # the post's first comments: threaded here, written once (as rethread_post would)
            self._thread_new_rows(by_position)
            self._flush()
        else:
            self._flush()
            self._place_unnumbered(page_rows, by_position)
            absorb_post(self.conn, post_id, self.owner.source_id)  # id-less rows other pages left
            rethread_post(self.conn, post_id)
        self._nesting_edges(page_rows)

    def _thread_new_rows(self, by_position: dict[int, int]) -> None:
        """Parent, depth, reading order and root of rows about to be written, keyed as
        ``rethread_post`` keys them so that a later merge gives the same thread."""
        batch = self._batch["comments"]
        key_of = {row["id"]: row["wp_id"] if row["wp_id"] is not None else -row["id"] for row in batch}
        nodes = []
        for row in batch:
            parent_row = by_position.get(row["_parent_position"]) if row["_parent_position"] else None
            parent_key = row["wp_parent_id"] or (key_of.get(parent_row) if parent_row is not None else None)
            published = row["published_at"] or row["published_local"]
            nodes.append(ThreadNode(key_of[row["id"]], parent_key, published, row["position"] or 0))
        for row, place in zip(batch, resolve_threads(nodes), strict=True):
            row["parent_id"] = batch[place.parent]["id"] if place.parent is not None else None
            row["depth"], row["thread_path"], row["root_id"] = (
                place.depth,
                place.path,
                batch[place.root]["id"],
            )

    def _known_ids(self, comments: list[CommentRecord]) -> dict[int, int]:
        wanted = [c.wp_id for c in comments if c.wp_id is not None]
        found: dict[int, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                self.conn.execute(
                    f"SELECT wp_id, id FROM comments WHERE site_id = ? AND wp_id IN ({marks})",
                    (self.owner.site_id, *chunk),
                )
            )
        return found

    def _unnumbered_rows(self, post_id: int) -> dict[str, int]:
        """The post's comments by what they say, to meet id-less page comments (``match_keys``)."""
        found: dict[str, int] = {}
        for row_id, kind, author, text, url, key in self.conn.execute(
            "SELECT id, comment_type, author_name, content_text, author_url, source_key FROM comments "
            "WHERE post_id = ?",
            (post_id,),
        ):
            for match_key in match_keys(kind, author, text, url):
                found.setdefault(match_key, row_id)
            if key:
                found.setdefault(key, row_id)
        return found

    def _merge_comment(
        self, post_id: int, comment: CommentRecord, known: dict[int, int], unnumbered: dict[str, int]
    ) -> int:
        if comment.wp_id is None:
            if comment.content_text is None:  # a reader that gives HTML only (Disqus): keyed by its text
                comment.content_text = html_to_text(comment.content_html)
            keys = match_keys(
                comment.comment_type, comment.author_name, comment.content_text, comment.author_url
            )
            # A reader's own id for a comment WordPress never numbered (Disqus's) keys it: two alike
            # comments stay two, and importing again meets each; else what the comment says keys it.
            comment.source_key = comment.source_key or f"page:{post_id}:{keys[0]}"
            existing = unnumbered.get(comment.source_key) or next(
                (unnumbered[k] for k in keys if k in unnumbered), None
            )
        else:
            existing = known.get(comment.wp_id)
        if existing is not None:
            self._fill_comment(existing, comment)
        else:
            existing = self._insert_comment(post_id, comment)
            known_key = comment.source_key
            if comment.wp_id is not None:
                known[comment.wp_id] = existing
            elif known_key:
                unnumbered[known_key] = existing
        self._sighted("comments", existing, comment)
        return existing

    def _insert_comment(self, post_id: int, comment: CommentRecord) -> int:
        slot = Placement(self.comment_ids.new_id(), False, comment.wp_id)
        place = ThreadPlace(None, 0, 1, "")
        thread = rows.InThread(post_id, None, slot.row_id, place)
        row = rows.comment_row(comment, slot, self.owner, thread, bool(comment.by_post_author))
        row["_parent_position"] = comment.parent_position  # for _thread_new_rows; not a column
        self._batch["comments"].append(row)
        if comment.comment_type in LINK_TYPES:
            self._batch["pingbacks"].append(rows.pingback_row(slot.row_id, post_id, comment))
        return slot.row_id

    def _fill_comment(self, row_id: int, comment: CommentRecord) -> None:
        """Empty columns from the page; the parent only where no export wrote the row."""
        sets = ", ".join(f'"{c}" = coalesce("{c}", ?)' for c in _COMMENT_COLUMNS)
        owner_kind = _OWNER_KIND.format(table="comments")
        values = [getattr(comment, c) for c in _COMMENT_COLUMNS]
        self._fills_sql = f"""UPDATE comments SET {sets},
                    wp_parent_id = CASE WHEN {owner_kind} IN ('wxr') THEN wp_parent_id
                                        ELSE coalesce(wp_parent_id, ?) END,
                    by_post_author = max(by_post_author, ?)
                WHERE id = ?"""
        self._fills.append((*values, comment.wp_parent_id, int(bool(comment.by_post_author)), row_id))

    def _flush(self) -> None:
        """A post's comments, pings and sightings in one statement each (``executemany``)."""
        for table in ("comments", "pingbacks"):
            batch = self._batch[table]
            for row in batch:
                row.pop("_parent_position", None)
            if batch:
                self.conn.executemany(rows.write_sql(table, tuple(batch[0])), rows.all_values(batch))
                batch.clear()
        if self._fills:
            self.conn.executemany(self._fills_sql, self._fills)
            self._fills.clear()
        if self._sightings:
            self.conn.executemany(_SIGHTING, self._sightings)
            self.conn.executemany(
                f"INSERT OR IGNORE INTO {TOUCHED} VALUES (?, ?)", [s[1:3] for s in self._sightings]
            )
            self._sightings.clear()

    def _place_unnumbered(
        self, page_rows: list[tuple[int, CommentRecord]], by_position: dict[int, int]
    ) -> None:
        """Replies without WordPress ids (Blogger, unknown layouts) hang on their parent's row."""
        updates = [
            (by_position[c.parent_position], row_id)
            for row_id, c in page_rows
            if c.wp_id is None
            and c.parent_position in by_position
            and by_position[c.parent_position] != row_id
        ]
        self.conn.executemany(
            "UPDATE comments SET parent_id = ? WHERE id = ? AND wp_parent_id IS NULL", updates
        )

    def _nesting_edges(self, page_rows: list[tuple[int, CommentRecord]]) -> None:
        """A reply the page nests under a comment answers that comment (``replies``, evidence ``nesting``)."""
        ids = [(row_id,) for row_id, _ in page_rows]
        self.conn.executemany("DELETE FROM replies WHERE comment_id = ? AND evidence = 'nesting'", ids)
        self.conn.executemany(
            "INSERT OR IGNORE INTO replies (comment_id, answers_id, evidence, confidence) "
            "SELECT id, parent_id, 'nesting', 1.0 FROM comments WHERE id = ? AND parent_id IS NOT NULL",
            ids,
        )
        # Replies a page showed before this one brought their parent (a REST API response's comments
        # name parents on other pages of the response): they answer it now, whichever came first.
        self.conn.executemany(
            "INSERT OR IGNORE INTO replies (comment_id, answers_id, evidence, confidence) "
            "SELECT c.id, c.parent_id, 'nesting', 1.0 FROM comments c WHERE c.parent_id = ? AND EXISTS "
            "(SELECT 1 FROM sightings s WHERE s.table_name = 'comments' AND s.row_id = c.id)",
            ids,
        )

    # -- provenance ---------------------------------------------------------------------------
    def _sighted(self, table: str, row_id: int, comment: CommentRecord | None) -> None:
        page = self.page
        self._sightings.append(
            (
                self.owner.source_id,
                table,
                row_id,
                page.url if page else None,
                page.captured_at if page else None,
                comment.extra.get("comment_page") if comment else None,
                comment.position if comment else None,
            )
        )
