"""A shard's rows turned back into the records its sources gave, to be written again (``merge.run``).

Each source of the shard is replayed on its own, in the shard's order, as its reader gave it:

- an export (``wxr``): its site, the site's declared authors and terms, and the posts it wrote with
  their meta, terms and the comments it wrote: upserts, as on import;
- a text page: its site and page (bytes and artefacts), its posts and comments under their page
  keys, with the answers (``replies``) between them;
- a saved page, a crawl's page, a feed: its site and page, and every post and comment it showed
  (``sightings``) or wrote, as a page's view, merged into the archive (``store.merge``).

A row holds what all the shard's sources made of it, so its values are given in full by the source
that holds it (``source_id``) only. Another page that showed the post gives a thin view of it (no
text, marked as a listing): it fills what is empty and never wins, so the holder's view is the
post's whichever comes first, as it was in the shard. A comment another page holds under its
WordPress id, written after this page, was absorbed from this page's id-less copy
(``store.absorb``): it is given without its id, and is absorbed again. Values that cleaning changed
are given as they were read (``clean_originals``): the merge cleans what it writes as import does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from wparchive.merge.shard import Row, Shard
from wparchive.model import (
    Answer,
    ArtefactRecord,
    AuthorRecord,
    CommentRecord,
    NamedLink,
    PageRecord,
    PostRecord,
    Record,
    SiteRecord,
    TermRecord,
    TermRef,
)
from wparchive.pingbacks import LINK_TYPES
from wparchive.store.read import COMMENT_FIELDS, POST_FIELDS

EXPORT, TEXT, PAGE = "wxr", "text", "page"
THIN = "merged"  # the listing mark of a thin view (extra.listing), when the post's own view has none

_OWN_POSTS = (
    "SELECT id FROM posts WHERE source_id = :source "
    "UNION SELECT post_id FROM comments WHERE source_id = :source AND post_id IS NOT NULL"
)
_SEEN_POSTS = (
    " UNION SELECT s.row_id FROM sightings s JOIN posts p ON p.id = s.row_id "
    "WHERE s.source_id = :source AND s.table_name = 'posts' "
    "UNION SELECT c.post_id FROM sightings s JOIN comments c ON c.id = s.row_id "
    "WHERE s.source_id = :source AND s.table_name = 'comments' AND c.post_id IS NOT NULL"
)
_POST = (
    "SELECT posts.*, authors.login AS author_login FROM posts "
    "LEFT JOIN authors ON authors.id = posts.author_id WHERE posts.id = ?"
)
_OWN_COMMENTS = (
    "SELECT c.*, NULL AS seen_position, NULL AS seen_page, 0 AS seen, NULL AS owner_kind FROM comments c "
    "WHERE c.post_id = :post AND +c.source_id = :source ORDER BY c.position, c.id"
)
_SEEN_COMMENTS = """SELECT c.*, s.position AS seen_position, s.comment_page AS seen_page,
                           s.row_id IS NOT NULL AS seen, o.kind AS owner_kind
                    FROM comments c
                    LEFT JOIN sightings s ON s.source_id = :source AND s.table_name = 'comments'
                                         AND s.row_id = c.id
                    LEFT JOIN sources o ON o.id = c.source_id
                    WHERE c.post_id = :post AND (+c.source_id = :source OR s.row_id IS NOT NULL)
                    ORDER BY coalesce(s.position, c.position), c.id"""
_OF_POST = "SELECT id FROM comments WHERE post_id = ?"


def role_of(kind: str | None) -> str:
    """How a source's records are written: an export's, a text page's, or a page's view (merged)."""
    return kind if kind in (EXPORT, TEXT) else PAGE


def _json(value: str | None) -> dict[str, Any]:
    return json.loads(value) if value else {}


def _wp_id(row: Row) -> int | None:
    """A repeated id is given again: the writer numbers its occurrences as the import did."""
    return row["wp_id"] if row["wp_id"] is not None else row["duplicate_of_wp_id"]


def source_records(shard: Shard, source: Row) -> Iterator[Record]:
    """The records of one shard source, in the order its reader gave them."""
    site = shard.one("SELECT * FROM sites WHERE id = ?", (source["site_id"],))
    if site is None:
        return
    replay = Replay(shard, source["id"], role_of(source["kind"]))
    yield replay.site(site)
    if replay.role == EXPORT:
        yield from _authors(shard, site["id"], source["id"])
        yield from _terms(shard, site["id"])
    else:
        page = _page(shard, source)
        if page is not None:
            yield page
        if source["kind"] == "rest":
            yield from _declared_by_response(shard, site["id"], source["id"])
    sql = _OWN_POSTS + (_SEEN_POSTS if replay.role == PAGE else "") + " ORDER BY 1"
    for post_id in [r["id"] for r in shard.rows(sql, {"source": source["id"]})]:
        yield replay.post(post_id)


_DECLARED_AUTHORS = """SELECT * FROM authors WHERE site_id = :site AND NOT derived
    ORDER BY id IN (SELECT author_id FROM comments WHERE source_id = :source)
             OR id IN (SELECT author_id FROM posts WHERE source_id = :source), id"""


def _authors(shard: Shard, site_id: int, source_id: int) -> Iterator[AuthorRecord]:
    """The site's declared authors (those built from a post's creator come with the posts). Which
    of them an export declared is not kept, so it declares them all; those its rows name come last,
    so that a WordPress user id two exports give to two people names the one it named here."""
    params = {"site": site_id, "source": source_id}
    for a in shard.rows(_DECLARED_AUTHORS, params):
        yield _author(a)


def _author(a: Row) -> AuthorRecord:
    return AuthorRecord(
        a["login"], a["wp_id"], a["display_name"], a["first_name"], a["last_name"], a["email"],
        False, _json(a["extra"]),
    )  # fmt: skip


_AUTHORS_SEEN = """SELECT DISTINCT a.* FROM sightings s JOIN posts p ON p.id = s.row_id
    JOIN authors a ON a.id = p.author_id WHERE s.source_id = ? AND s.table_name = 'posts' AND NOT a.derived"""


def _declared_by_response(shard: Shard, site_id: int, source_id: int) -> Iterator[AuthorRecord | TermRecord]:
    """What a REST API response declared, as a page's view (``merge``): a response of users or terms
    (no posts) the site's authors and terms; a response of posts the authors of its posts (embedded)."""
    posts = shard.one("SELECT 1 AS found FROM sightings WHERE source_id = ? LIMIT 1", (source_id,))
    declared: list[AuthorRecord | TermRecord] = (
        [_author(a) for a in shard.rows(_AUTHORS_SEEN, (source_id,))]
        if posts is not None
        else [*_authors(shard, site_id, source_id), *_terms(shard, site_id)]
    )
    for record in declared:
        record.merge = True
        yield record


def _terms(shard: Shard, site_id: int) -> Iterator[TermRecord]:
    """The site's declared terms with their meta (terms only a post names come with the posts)."""
    meta: dict[int, list[tuple[str, str]]] = {}
    for m in shard.rows(
        "SELECT term_id, key, value FROM term_meta WHERE term_id IN (SELECT id FROM terms WHERE site_id = ?) "
        "ORDER BY term_id, position",
        (site_id,),
    ):
        meta.setdefault(m["term_id"], []).append((m["key"], m["value"]))
    for t in shard.rows("SELECT * FROM terms WHERE site_id = ? AND declared ORDER BY id", (site_id,)):
        yield TermRecord(
            t["taxonomy"], t["slug"], t["name"], t["wp_id"], t["parent_slug"], t["description"],
            meta.get(t["id"], []), _json(t["extra"]),
        )  # fmt: skip


def _page(shard: Shard, source: Row) -> PageRecord | None:
    """A page's bytes and artefacts; its URL and capture time as its sightings give them."""
    blob = shard.one("SELECT content FROM source_blobs WHERE source_id = ?", (source["id"],))
    if blob is None or blob["content"] is None:
        return None
    artefacts = [
        ArtefactRecord(a["text"], a["rule"], a["start"], a["end"])
        for a in shard.rows(
            'SELECT text, rule, start, "end" FROM artefacts '
            "WHERE table_name = 'source_blobs' AND row_id = ? "
            "ORDER BY id",
            (source["id"],),
        )
    ]
    seen = shard.one("SELECT url, captured_at FROM sightings WHERE source_id = ? LIMIT 1", (source["id"],))
    url, captured_at = (seen["url"], seen["captured_at"]) if seen else (source["url"], source["captured_at"])
    content = blob["content"]
    return PageRecord(
        bytes(content) if not isinstance(content, bytes) else content, artefacts, url, captured_at
    )


@dataclass
class Replay:
    """The posts and comments of one shard source, as its reader gave them."""

    shard: Shard
    source_id: int
    role: str

    def site(self, site: Row) -> SiteRecord:
        if self.role == TEXT:  # a text page names only the site it is filed under
            return SiteRecord(url=site["url"])
        return SiteRecord(
            site["url"], site["title"], site["description"], site["language"], site["base_site_url"],
            site["base_blog_url"], site["wxr_version"], _json(site["extra"]), merge=self.role == PAGE,
        )  # fmt: skip

    def originals(self, table: str, ids_sql: str, params: tuple) -> dict[int, dict[str, Any]]:
        """Values as they were read, before cleaning changed them: row id -> column -> value."""
        found: dict[int, dict[str, Any]] = {}
        for r in self.shard.rows(
            "SELECT row_id, column_name, value FROM clean_originals WHERE table_name = ? "
            f"AND row_id IN ({ids_sql})",
            (table, *params),
        ):
            found.setdefault(r["row_id"], {})[r["column_name"]] = r["value"]
        return found

    def post(self, post_id: int) -> PostRecord:
        row = self.shard.one(_POST, (post_id,))
        assert row is not None
        values = {**row, **self.originals("posts", "?", (post_id,)).get(post_id, {})}
        merge = self.role == PAGE
        post = PostRecord(wp_id=_wp_id(row), merge=merge)
        for name in POST_FIELDS:
            setattr(post, name, values[name])
        post.is_sticky, post.extra = bool(row["is_sticky"]), _json(row["extra"])
        # A page names its author as it shows it (posts.author_name); an export by login.
        post.author_login = row["author_name"] if merge else row["author_login"]
        if self.role == EXPORT:
            post.source_key = None  # the writer keys an id-less item again, as it did on import
            post.meta = [
                (m["key"], m["value"])
                for m in self.shard.rows(
                    "SELECT key, value FROM post_meta WHERE post_id = ? ORDER BY position", (post_id,)
                )
            ]
        if merge and row["source_id"] != self.source_id:
            _thin(post)
            if not self._named(post.author_login):
                post.author_login = None
        else:
            post.terms = [
                TermRef(t["taxonomy"], t["slug"], t["name"])
                for t in self.shard.rows(
                    "SELECT terms.taxonomy, terms.slug, terms.name FROM post_terms JOIN terms "
                    "ON terms.id = post_terms.term_id WHERE post_id = ? ORDER BY terms.id",
                    (post_id,),
                )
            ]
        post.comments = self.comments(post_id)
        return post

    def _named(self, name: str | None) -> bool:
        """Whether a page of the shard named an author ``name`` (an author of that login): a page that
        shows a post without its author (a comment feed) must not make one up from the post's row."""
        if name is None:
            return False
        return self.shard.one("SELECT 1 AS found FROM authors WHERE login = ? LIMIT 1", (name,)) is not None

    def comments(self, post_id: int) -> list[CommentRecord]:
        sql = _SEEN_COMMENTS if self.role == PAGE else _OWN_COMMENTS
        rows = self.shard.rows(sql, {"post": post_id, "source": self.source_id})
        if not rows:
            return []
        originals = self.originals("comments", _OF_POST, (post_id,))
        meta: dict[int, list[tuple[str, str]]] = {}
        for m in self.shard.rows(
            f"SELECT comment_id, key, value FROM comment_meta WHERE comment_id IN ({_OF_POST}) "
            "ORDER BY comment_id, position",
            (post_id,),
        ):
            meta.setdefault(m["comment_id"], []).append((m["key"], m["value"]))
        pings = {
            p["comment_id"]: p
            for p in self.shard.rows(f"SELECT * FROM pingbacks WHERE comment_id IN ({_OF_POST})", (post_id,))
        }
        records = [self._comment(row, originals.get(row["id"], {}), meta, pings) for row in rows]
        self._link(rows, records)
        return records

    def _comment(self, row: Row, originals: dict[str, Any], meta: dict, pings: dict) -> CommentRecord:
        values = {**row, **originals}
        comment = CommentRecord(wp_id=_wp_id(row), position=row["position"])
        for name in COMMENT_FIELDS:
            setattr(comment, name, values[name])
        comment.extra, comment.meta = _json(row["extra"]), meta.get(row["id"], [])
        comment.by_post_author = bool(row["by_post_author"])
        if self.role == EXPORT:
            comment.source_key = None  # keyed again by the writer, under the archive's post row
        if row["seen"]:  # where this page showed it
            comment.position = row["seen_position"] if row["seen_position"] is not None else row["position"]
            comment.extra.pop("comment_page", None)
            if row["seen_page"] is not None:
                comment.extra["comment_page"] = row["seen_page"]
        absorbed = role_of(row["owner_kind"]) == PAGE and row["source_id"] > self.source_id
        if self.role == PAGE and absorbed and row["wp_id"] is not None:
            comment.wp_id = comment.source_key = None
        ping = pings.get(row["id"])
        if comment.comment_type in LINK_TYPES and ping is not None and ping["excerpt"] is None:
            comment.named_link = NamedLink(ping["source_title"], ping["source_site"])
        return comment

    def _link(self, rows: list[Row], records: list[CommentRecord]) -> None:
        """Parents by position on the page; a text page's answers between its comments."""
        position_of = {row["id"]: record.position for row, record in zip(rows, records, strict=True)}
        parent_of = {row["id"]: row["parent_id"] for row in rows}
        if self.role == PAGE:
            parent_of.update(self._nested(rows, records))
        for row, record in zip(rows, records, strict=True):
            record.parent_position = position_of.get(parent_of[row["id"]])
        if self.role != TEXT:
            return
        answers: dict[int, list[Answer]] = {}
        for r in self.shard.rows(
            "SELECT comment_id, answers_id, evidence, confidence FROM replies WHERE comment_id IN "
            "(SELECT id FROM comments WHERE post_id = ? AND +source_id = ?) ORDER BY rowid",
            (rows[0]["post_id"], self.source_id),
        ):
            if r["answers_id"] in position_of:
                answers.setdefault(r["comment_id"], []).append(
                    Answer(position_of[r["answers_id"]], r["evidence"], r["confidence"])
                )
        for row, record in zip(rows, records, strict=True):
            record.answers = answers.get(row["id"], [])

    def _nested(self, rows: list[Row], records: list[CommentRecord]) -> dict[int, int]:
        """Where pages nested comments an export holds: the export's parent won the row, but the
        page's nesting stayed (a ``nesting`` reply, made by the last page that showed it), and it
        is the parent this page gives, as it gave it in the shard. Comment row -> parent row."""
        exported = {row["id"]: record for row, record in zip(rows, records, strict=True)
                    if row["owner_kind"] == EXPORT}  # fmt: skip
        if not exported:
            return {}
        nested: dict[int, int] = {}
        for r in self.shard.rows(
            "SELECT r.comment_id, r.answers_id, a.wp_id FROM replies r "
            "JOIN comments a ON a.id = r.answers_id WHERE r.evidence = 'nesting' "
            f"AND r.comment_id IN ({_OF_POST})",
            (rows[0]["post_id"],),
        ):
            if r["comment_id"] in exported and r["wp_id"] is not None:
                exported[r["comment_id"]].wp_parent_id = r["wp_id"]
                nested[r["comment_id"]] = r["answers_id"]
        return nested


def _thin(post: PostRecord) -> None:
    """A post another source of the shard holds, as this page showed it: no text, a listing's view.

    Its author stays only when a page of the shard named an author so (``Replay._named``)."""
    post.content_html = post.content_text = None
    post.extra = {**post.extra, "listing": post.extra.get("listing") or THIN}
    post.terms = []
