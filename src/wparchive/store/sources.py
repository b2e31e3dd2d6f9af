"""The ``sources`` table: one row per imported document, and what was read against what was stored.

Only ingest writes these rows, through three functions: :func:`claim` a row
before writing (the same bytes reuse the same row), :func:`succeed` when the
source is stored, :func:`fail` when it is not (the audit row is then the only
row the source writes).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import sqlite_utils

from wparchive import __version__
from wparchive.dates import utc_now
from wparchive.inputs import InputSource


def claim(db: sqlite_utils.Database, source: InputSource, sha256: str, kind: str) -> int:
    """The sources row for this content: reused when the same bytes come again."""
    row = db.conn.execute(
        "SELECT id FROM sources WHERE sha256 = ? AND kind = ? ORDER BY id LIMIT 1", (sha256, kind)
    ).fetchone()
    if row:
        return row[0]
    cursor = db.conn.execute(
        "INSERT INTO sources (path, sha256, kind, size, status, imported_at, tool_version) VALUES (?, ?, ?, "
        "?, 'failed', ?, ?)",
        (source.label, sha256, kind, source.stored_size, utc_now(), __version__),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def succeed(
    db: sqlite_utils.Database,
    source_id: int,
    source: InputSource,
    site_id: int | None,
    status: str,
    warnings: list[str],
    summary: dict,
    seen: tuple[str | None, str | None] = (None, None),
) -> None:
    """The source is stored; ``seen`` is a page's (URL, capture time) when it states them."""
    url, captured_at = seen
    db.conn.execute(
        """UPDATE sources SET path = ?, size = ?, status = ?, warnings = ?, error = NULL, summary = ?,
               imported_at = ?, tool_version = ?, site_id = coalesce(?, site_id), url = coalesce(?, url),
               captured_at = coalesce(?, captured_at) WHERE id = ?""",
        (
            source.label,
            source.stored_size,
            status,
            json.dumps(warnings, ensure_ascii=False),
            json.dumps(summary),
            utc_now(),
            __version__,
            site_id,
            url,
            captured_at,
            source_id,
        ),
    )


def fail(db: sqlite_utils.Database, source: InputSource, sha256: str | None, kind: str, reason: str) -> None:
    """Note the failed attempt unless this content was imported before.

    When even the audit row cannot be written (the archive is locked or full), the
    user still gets the one-line reason: this never raises.
    """
    try:
        with db.atomic():
            _write_failure(db, source, sha256, kind, reason)
    except sqlite3.Error:
        pass


def _write_failure(
    db: sqlite_utils.Database, source: InputSource, sha256: str | None, kind: str, reason: str
) -> None:
    if sha256 is None:  # refused before the whole file was read: known by its path
        found = "SELECT id, status FROM sources WHERE sha256 IS NULL AND kind = ? AND path = ?"
        row = db.conn.execute(found, (kind, source.label)).fetchone()
    else:
        row = db.conn.execute(
            "SELECT id, status FROM sources WHERE sha256 = ? AND kind = ?", (sha256, kind)
        ).fetchone()
    if row and row[1] != "failed":
        return
    if row:
        db.conn.execute(
            "UPDATE sources SET error = ?, imported_at = ? WHERE id = ?", (reason, utc_now(), row[0])
        )
        return
    db.conn.execute(
        "INSERT INTO sources (path, sha256, kind, size, status, error, warnings, imported_at, tool_version) "
        "VALUES (?, ?, ?, ?, 'failed', ?, '[]', ?, ?)",
        (source.label, sha256, kind, source.stored_size, reason, utc_now(), __version__),
    )


def previous_site(db: sqlite_utils.Database, sha256: str, kind: str) -> str | None:
    """The site the same bytes were filed under by an earlier import."""
    row = db.conn.execute(
        "SELECT sites.url FROM sources JOIN sites ON sites.id = sources.site_id WHERE sources.sha256 = ? "
        "AND sources.kind = ?",
        (sha256, kind),
    ).fetchone()
    return row[0] if row else None


# A source's rows: those it wrote, and those a page of it showed (merged into rows others wrote).
_OF_SOURCE = (
    "(source_id = ? OR id IN (SELECT row_id FROM sightings WHERE sightings.source_id = ? "
    "AND sightings.table_name = '{table}'))"
)
_STORED = {
    "posts": "SELECT coalesce(post_type, '') || '/' || coalesce(status, ''), count(*) FROM posts "
    f"WHERE {_OF_SOURCE.format(table='posts')} GROUP BY 1",
    "comments_by_type": "SELECT comment_type, count(*) FROM comments "
    f"WHERE {_OF_SOURCE.format(table='comments')} GROUP BY 1",
    "comments_by_status": "SELECT coalesce(status, ''), count(*) FROM comments "
    f"WHERE {_OF_SOURCE.format(table='comments')} GROUP BY 1",
}


def reconcile(db: sqlite_utils.Database, source_id: int, read: dict[str, Any]) -> dict[str, Any]:
    """The summary of a source: each count of ``read`` beside what the archive holds for it.

    ``read`` has items_read, items_in_file, the three counters of ``_STORED`` and plain counts.
    """
    summary = dict(read)
    for key, sql in _STORED.items():
        stored = dict(db.conn.execute(sql, (source_id, source_id)).fetchall())
        counted = read[key]
        summary[key] = {
            k: {"read": counted.get(k, 0), "stored": stored.get(k, 0)}
            for k in sorted(set(counted) | set(stored))
        }
    return summary
