"""An archive's content by natural keys, not row ids, so that two archives built differently
(imported directly, or merged from shards, or written by a cluster) compare equal when they hold
the same things.

``content_of(db_path)`` maps every content table to its rows, sorted, each row a tuple of
``(column, value)`` where a row id is replaced by the natural key of the row it names:

- a site by its URL; a source by kind and sha256 (its path when it was never read whole);
- an author by site and login; a term by site, taxonomy and slug;
- a post by site, WordPress id, repeated id and occurrence, key and URL;
- a comment by its post, WordPress id, repeated id and occurrence and key (the post row id a key
  of an id-less comment holds is taken out: the post is in the tuple already).

Columns that say when a row was written (``sources.imported_at``, ``artefacts.created_at``) are
left out, and so are the full-text tables and ``_sqlite_migrations``; a row id a warning names
("post row 5 shares its link") is left out of ``sources.warnings``; so is ``sources.summary``,
the reconciliation of what a source's reader read with what the archive held for it at the time it
was imported: a page's comments counted by the type the archive gave them, which depends on what
was imported before it (a merged shard's sources keep the summary of the shard they were read into).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

TABLES = (
    "sites", "sources", "source_blobs", "authors", "terms", "term_meta", "posts", "post_meta",
    "post_terms", "comments", "comment_meta", "replies", "pingbacks", "artefacts", "sightings",
    "clean_originals",
)  # fmt: skip
LEFT_OUT = {
    "sources": {"id", "imported_at", "summary"},
    "artefacts": {"id", "created_at"},
    **{t: {"id"} for t in ("sites", "authors", "terms", "term_meta", "posts", "post_meta", "comments")},
    "comment_meta": {"id"},
}
REFERENCES = {
    ("sources", "site_id"): "sites",
    ("source_blobs", "source_id"): "sources",
    ("authors", "site_id"): "sites",
    ("terms", "site_id"): "sites",
    ("terms", "parent_id"): "terms",
    ("term_meta", "term_id"): "terms",
    ("posts", "site_id"): "sites",
    ("posts", "source_id"): "sources",
    ("posts", "author_id"): "authors",
    ("posts", "parent_id"): "posts",
    ("post_meta", "post_id"): "posts",
    ("post_terms", "post_id"): "posts",
    ("post_terms", "term_id"): "terms",
    ("comments", "site_id"): "sites",
    ("comments", "post_id"): "posts",
    ("comments", "source_id"): "sources",
    ("comments", "parent_id"): "comments",
    ("comments", "root_id"): "comments",
    ("comments", "author_id"): "authors",
    ("comment_meta", "comment_id"): "comments",
    ("replies", "comment_id"): "comments",
    ("replies", "answers_id"): "comments",
    ("pingbacks", "comment_id"): "comments",
    ("pingbacks", "post_id"): "posts",
    ("pingbacks", "source_post_id"): "posts",
    ("artefacts", "source_id"): "sources",
    ("sightings", "source_id"): "sources",
}
BY_TABLE_NAME = {("artefacts", "row_id"), ("sightings", "row_id"), ("clean_originals", "row_id")}
_ROW_IN_WARNING = re.compile(r"\brow \d+")
_ROW_IN_KEY = (re.compile(r"^(page:)\d+(:)"), re.compile(r"^()\d+(:hash:)"))


def comment_key_text(key: str | None) -> str | None:
    """An id-less comment's key without the post row id it holds (``page:<post>:…``, ``<post>:hash:…``)."""
    if key is None:
        return None
    for pattern in _ROW_IN_KEY:
        key = pattern.sub(r"\1#\2", key)
    return key


def _unique(table: str, keys: dict[int, Any]) -> dict[int, Any]:
    seen: dict[Any, int] = {}
    for row_id, key in keys.items():
        assert key not in seen, f"{table} rows {seen[key]} and {row_id} have the same natural key {key!r}"
        seen[key] = row_id
    return keys


def natural_keys(conn: sqlite3.Connection) -> dict[str, dict[int, Any]]:
    """Row id -> natural key, for every table whose rows others point at."""
    sites = dict(conn.execute("SELECT id, url FROM sites"))
    sources = {i: (kind, sha or f"path:{path}") for i, kind, sha, path in conn.execute(
        "SELECT id, kind, sha256, path FROM sources")}  # fmt: skip
    authors = {
        i: (sites.get(s), login) for i, s, login in conn.execute("SELECT id, site_id, login FROM authors")
    }
    terms = {
        i: (sites.get(s), taxonomy, slug)
        for i, s, taxonomy, slug in conn.execute("SELECT id, site_id, taxonomy, slug FROM terms")
    }
    posts = {
        i: (sites.get(s), *rest)
        for i, s, *rest in conn.execute(
            "SELECT id, site_id, wp_id, duplicate_of_wp_id, occurrence, source_key, url FROM posts"
        )
    }
    comments = {
        i: (posts.get(post), wp_id, duplicate, occurrence, comment_key_text(key))
        for i, post, wp_id, duplicate, occurrence, key in conn.execute(
            "SELECT id, post_id, wp_id, duplicate_of_wp_id, occurrence, source_key FROM comments"
        )
    }
    found = {"sites": sites, "sources": sources, "authors": authors, "terms": terms, "posts": posts}
    found["comments"] = comments
    found["source_blobs"] = sources  # artefacts of a page point at its source (table_name source_blobs)
    return {table: _unique(table, keys) for table, keys in found.items()}


def _value(table: str, column: str, row: dict[str, Any], keys: dict[str, dict[int, Any]]) -> Any:
    value = row[column]
    if value is None:
        return None
    if (table, column) in REFERENCES:
        return keys[REFERENCES[(table, column)]].get(value, ("missing row", value))
    if (table, column) in BY_TABLE_NAME:
        return keys.get(row["table_name"], {}).get(value, ("missing row", row["table_name"], value))
    if table == "comments" and column == "source_key":
        return comment_key_text(value)
    if table == "sources" and column == "warnings":  # "post row 5 shares its link …": ids of its archive
        return _ROW_IN_WARNING.sub("row #", value)
    return value


def content_of(db_path: Path, tables: Iterable[str] = TABLES) -> dict[str, list[tuple]]:
    """Every content table's rows by natural keys, sorted (see the module's docstring)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        keys = natural_keys(conn)
        content: dict[str, list[tuple]] = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            kept = [n for n in names if n not in LEFT_OUT.get(table, set())]
            rows = []
            for values in cursor:
                row = dict(zip(names, values, strict=True))
                rows.append(tuple((name, _value(table, name, row, keys)) for name in kept))
            content[table] = sorted(rows, key=repr)
        return content
    finally:
        conn.close()


def differences(first: dict[str, list[tuple]], second: dict[str, list[tuple]], limit: int = 5) -> list[str]:
    """What differs between two ``content_of`` results, table by table (for an assertion message)."""
    lines = []
    for table in sorted(set(first) | set(second)):
        a, b = first.get(table, []), second.get(table, [])
        in_a, in_b = set(a), set(b)
        only_a = [r for r in a if r not in in_b]
        only_b = [r for r in b if r not in in_a]
        if only_a or only_b or len(a) != len(b):
            lines.append(f"{table}: {len(a)} rows vs {len(b)}")
            lines += [f"  only in first: {r}" for r in only_a[:limit]]
            lines += [f"  only in second: {r}" for r in only_b[:limit]]
    return lines
