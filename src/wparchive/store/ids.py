"""Row ids for upserts without a round trip per row.

A large export writes hundreds of thousands of rows; asking SQLite for each
row's id (``RETURNING``) costs more than parsing the XML. Instead the writer
decides ids itself: a WordPress id that the archive already holds for this site
keeps its row id (looked up once per item, and only when the site had rows
before this source), anything new gets the next free id. Rows can then be
written in batches with ``executemany``.

WordPress ids seen in the current source are remembered in a paged bitmap (one
bit per id, in pages of 512 ids created on first use): dense ids cost an
eighth of a byte each, and a hostile id such as 2**31 - 1 costs one 64-byte
page, not a bitmap as long as the id (which took 561 MB). Memory follows the
number of ids read, never their values. A second item or comment with the same
id is a different record (seen in real exports) and is stored as its own row
keyed by ``(duplicate_of_wp_id, occurrence)``.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass

PAGE_BITS = 512  # 64-byte pages: a hostile id costs about as much memory as the bytes that wrote it


class SeenIds:
    """A set of integers stored as bitmap pages, allocated only where ids fall."""

    def __init__(self) -> None:
        self._pages: dict[int, bytearray] = {}

    def add(self, value: int) -> bool:
        """Add ``value``; return True if it was already present."""
        page_number, bit_number = divmod(value, PAGE_BITS)
        page = self._pages.get(page_number)
        if page is None:
            page = self._pages[page_number] = bytearray(PAGE_BITS // 8)
        byte, bit = divmod(bit_number, 8)
        mask = 1 << bit
        present = bool(page[byte] & mask)
        page[byte] |= mask
        return present


@dataclass
class Placement:
    """Where a record goes: its row id, and whether that row existed before."""

    row_id: int
    existed: bool
    wp_id: int | None
    duplicate_of: int | None = None
    occurrence: int | None = None


class IdAllocator:
    """Row ids for one table (``posts`` or ``comments``) within one site."""

    def __init__(self, conn: sqlite3.Connection, table: str, site_id: int) -> None:
        self.conn = conn
        self.table = table
        self.site_id = site_id
        self.seen = SeenIds()
        self.occurrences: Counter[int] = Counter()
        self.next_id = (conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1
        # A site with no rows yet needs no lookups at all (the common first import). Asked of posts
        # (indexed by site; a site's comments all hang off its posts), never by scanning comments.
        self.site_had_rows = (
            conn.execute("SELECT 1 FROM posts WHERE site_id = ? LIMIT 1", (site_id,)).fetchone() is not None
        )

    def new_id(self) -> int:
        """A row id no row of the table has yet."""
        return self._new_id()

    def _new_id(self) -> int:
        row_id = self.next_id
        self.next_id += 1
        return row_id

    def existing_ids(self, wp_ids: list[int]) -> dict[int, int]:
        """Row ids the archive already holds for these WordPress ids (one query)."""
        if not self.site_had_rows or not wp_ids:
            return {}
        found: dict[int, int] = {}
        for start in range(0, len(wp_ids), 500):
            chunk = wp_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT wp_id, id FROM {self.table} WHERE site_id = ? AND wp_id IN ({marks})",
                (self.site_id, *chunk),
            )
            found.update(rows)
        return found

    def place(self, wp_id: int | None, known: dict[int, int]) -> Placement:
        """Decide the row for a record; ``known`` comes from :meth:`existing_ids`."""
        if wp_id is None:
            return Placement(self._new_id(), False, None)
        if not self.seen.add(wp_id):
            existing = known.get(wp_id)
            if existing is not None:
                return Placement(existing, True, wp_id)
            return Placement(self._new_id(), False, wp_id)
        self.occurrences[wp_id] += 1
        occurrence = self.occurrences[wp_id]
        existing = self._existing_duplicate(wp_id, occurrence)
        if existing is not None:
            return Placement(existing, True, None, wp_id, occurrence)
        return Placement(self._new_id(), False, None, wp_id, occurrence)

    def place_by_key(self, source_key: str) -> Placement:
        """Rows of scraped pages: keyed by page and position instead of a WordPress id."""
        row = self.conn.execute(
            f"SELECT id FROM {self.table} WHERE site_id = ? AND source_key = ?", (self.site_id, source_key)
        ).fetchone()
        if row:
            return Placement(row[0], True, None)
        return Placement(self._new_id(), False, None)

    def find_by_key(self, source_key: str) -> int | None:
        """A row of this site stored under ``source_key`` without a WordPress id (an earlier id-less read)."""
        if not self.site_had_rows:
            return None
        row = self.conn.execute(
            f"SELECT id FROM {self.table} WHERE site_id = ? AND source_key = ? AND wp_id IS NULL",
            (self.site_id, source_key),
        ).fetchone()
        return row[0] if row else None

    def _existing_duplicate(self, wp_id: int, occurrence: int) -> int | None:
        if not self.site_had_rows:
            return None
        row = self.conn.execute(
            f"SELECT id FROM {self.table} WHERE site_id = ? AND duplicate_of_wp_id = ? AND occurrence = ?",
            (self.site_id, wp_id, occurrence),
        ).fetchone()
        return row[0] if row else None
