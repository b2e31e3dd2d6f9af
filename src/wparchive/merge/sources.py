"""A shard's ``sources`` rows in the archive, claimed as ``store.sources`` claims an import's.

The same bytes of the same kind are one row (by ``sha256`` and ``kind``; a source refused before
it was read whole, by ``path``): a source merged again, or imported into the archive before, is
that row. A source the archive holds from this shard already (merged before: the same bytes, path,
import time, capture and version) is not written again, so merging a shard twice changes nothing.
Any other source stored in the shard is replayed under that row, as a re-import would write it, and
the row then takes the shard's outcome (path, status, warnings, summary, page URL and capture
time); a source that failed in the shard keeps ``status = 'failed'`` and its ``error``, unless the
archive holds it stored.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from wparchive.merge.shard import Row

_FOUND = "SELECT id, status, path, imported_at, captured_at, tool_version FROM sources WHERE kind = ? AND "
_FIND = _FOUND + "sha256 = ? ORDER BY id LIMIT 1"
_FIND_UNREAD = _FOUND + "sha256 IS NULL AND path = ? ORDER BY id LIMIT 1"
_COPIED = (
    "path", "sha256", "kind", "url", "size", "imported_at", "status", "warnings", "error", "summary",
    "tool_version", "captured_at",
)  # fmt: skip


@dataclass
class Found:
    """The archive's row for a source of the shard."""

    id: int
    status: str
    path: str
    imported_at: str | None
    captured_at: str | None
    tool_version: str | None

    def holds(self, source: Row) -> bool:
        """The row is this very source of the shard, merged before: stored, the same import (path,
        time, version) of the same capture. Its records are here; nothing is written again."""
        same_capture = source["captured_at"] is None or source["captured_at"] == self.captured_at
        return (
            self.status != "failed"
            and same_capture
            and (self.path, self.imported_at, self.tool_version)
            == (source["path"], source["imported_at"], source["tool_version"])
        )


def find(conn: sqlite3.Connection, source: Row) -> Found | None:
    """The archive's row for this source, if it has one."""
    if source["sha256"] is None:
        row = conn.execute(_FIND_UNREAD, (source["kind"], source["path"])).fetchone()
    else:
        row = conn.execute(_FIND, (source["kind"], source["sha256"])).fetchone()
    return Found(*row) if row else None


def claim(conn: sqlite3.Connection, source: Row, found: Found | None) -> int:
    """The archive's row for a source the shard stored (made now when ``found`` is None)."""
    if found is not None:
        return found.id
    return _insert(conn, {**source, "status": "failed", "error": None})


def copy_failure(conn: sqlite3.Connection, source: Row, found: Found | None) -> None:
    """A source that failed in the shard: its audit row, unless the archive holds it stored."""
    if found is None:
        _insert(conn, source)
    elif found.status == "failed":
        conn.execute(
            "UPDATE sources SET error = ?, imported_at = ? WHERE id = ?",
            (source["error"], source["imported_at"], found.id),
        )


def _insert(conn: sqlite3.Connection, source: Row) -> int:
    names = ", ".join(_COPIED)
    marks = ", ".join("?" for _ in _COPIED)
    cursor = conn.execute(
        f"INSERT INTO sources ({names}) VALUES ({marks})", tuple(source[name] for name in _COPIED)
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def succeed(conn: sqlite3.Connection, source_id: int, source: Row, site_id: int | None) -> None:
    """The source is replayed: its row says what the shard said of it (``store.sources.succeed``)."""
    conn.execute(
        """UPDATE sources SET path = ?, size = ?, status = ?, warnings = ?, error = NULL, summary = ?,
               imported_at = ?, tool_version = ?, site_id = coalesce(?, site_id), url = coalesce(?, url),
               captured_at = coalesce(?, captured_at) WHERE id = ?""",
        (
            source["path"],
            source["size"],
            source["status"],
            source["warnings"],
            source["summary"],
            source["imported_at"],
            source["tool_version"],
            site_id,
            source["url"],
            source["captured_at"],
            source_id,
        ),
    )
