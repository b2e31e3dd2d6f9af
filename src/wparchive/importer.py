"""Import one source into the archive: strict first, repaired second, recovered last.

This is feedparser's lesson applied to WXR: try the strict parser; when the file
is damaged, repair what is known to go wrong in WordPress exports and parse
again; as a last resort let libxml2 recover, and compare what it read with the
number of items the file holds, because recover mode can silently drop items.
Every attempt runs in its own transaction, so a failure leaves the database as
it was before the source.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import zlib
from contextlib import closing, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Callable

import sqlite_utils
from lxml import etree

from wparchive import __version__
from wparchive.clean.engine import clean as clean_rows
from wparchive.model import PostRecord
from wparchive.inputs import InputSource
from wparchive.readers.wxr.stream import DEFAULT_MAX_ITEM_BYTES, HeadCleaningStream, ItemSizeGuard, ItemTooLarge, RepairingStream
from wparchive.readers.text.reader import NotTextError, read_text
from wparchive.readers.wxr.parse import NotWxrError, ReaderState, read_wxr
from wparchive.store.writer import SourceWriter, WriteStats

MAX_ATTEMPTS = 6
TEXT_SITE = "unknown:scraped-pages"  # where scraped pages go when no --site says otherwise
_ENTITY_BOMB = re.compile(r"amplification|entity reference loop|entities? .*(?:loop|too many)", re.I)
_UNDECLARED_PREFIX = re.compile(r"Namespace prefix (\S+) (?:on|for) \S+ (?:is )?not defined")

ProgressFactory = Callable[[str, int], Any]


class ImportFailed(Exception):
    """A source could not be imported; the message is one line for the user."""


@dataclass
class Attempt:
    repair: bool = False
    recover: bool = False
    extra_prefixes: dict[str, str] = field(default_factory=dict)
    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES


@dataclass
class ImportResult:
    source_id: int
    label: str
    status: str
    warnings: list[str]
    summary: dict[str, Any]


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _source_row_id(db: sqlite_utils.Database, source: InputSource, sha256: str, kind: str = "wxr") -> int:
    """The sources row for this content: reused when the same bytes come again."""
    row = db.conn.execute("SELECT id FROM sources WHERE sha256 = ? AND kind = ? ORDER BY id LIMIT 1", (sha256, kind)).fetchone()
    if row:
        return row[0]
    cursor = db.conn.execute(
        "INSERT INTO sources (path, sha256, kind, size, status, imported_at, tool_version) VALUES (?, ?, ?, ?, 'failed', ?, ?)",
        (source.label, sha256, kind, source.stored_size, _now(), __version__),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


READ_ERRORS = (OSError, EOFError, zlib.error)


def import_wxr(
    db: sqlite_utils.Database,
    source: InputSource,
    progress: ProgressFactory | None = None,
    clean: bool = True,
    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
) -> ImportResult:
    """Import one WXR document; raises ImportFailed with a one-line reason."""
    try:
        # The hashing pass is the first full read: an oversized item (a decompression bomb) stops it.
        sha256 = source.sha256(observe=ItemSizeGuard(max_item_bytes).feed)
    except ItemTooLarge as error:
        _record_failure(db, source, None, str(error))
        raise ImportFailed(str(error)) from None
    except READ_ERRORS as error:
        raise ImportFailed(f"could not read the input: {error}") from None
    if source.measured_size == 0:
        _record_failure(db, source, sha256, "the file is empty")
        raise ImportFailed("the file is empty")
    attempt = Attempt(max_item_bytes=max_item_bytes)
    repairs: list[str] = []
    for _ in range(MAX_ATTEMPTS):
        try:
            with db.atomic():
                return _run_attempt(db, source, sha256, attempt, repairs, progress, clean)
        except NotWxrError as error:
            _record_failure(db, source, sha256, str(error))
            raise ImportFailed(str(error)) from None
        except etree.XMLSyntaxError as error:
            if _ENTITY_BOMB.search(_describe(error)):
                reason = "refused: its document type declaration defines entities that expand without bound (an entity bomb)"
                _record_failure(db, source, sha256, reason)
                raise ImportFailed(reason) from None
            following = _next_attempt(attempt, error, repairs)
            if following is None:
                _record_failure(db, source, sha256, _describe(error))
                raise ImportFailed(f"unreadable XML: {_describe(error)}") from None
            attempt = following
        except (_TooLittleRecovered, ItemTooLarge) as error:
            _record_failure(db, source, sha256, str(error))
            raise ImportFailed(str(error)) from None
        except READ_ERRORS as error:
            # e.g. a .xml.gz cut short in a download: the stream dies mid-way.
            reason = f"could not read the input: {error}"
            _record_failure(db, source, sha256, reason)
            raise ImportFailed(reason) from None
        except sqlite3.Error as error:
            reason = write_error(error)
            _record_failure(db, source, sha256, reason)
            raise ImportFailed(reason) from None
    raise ImportFailed("gave up after repeated repair attempts")


def write_error(error: sqlite3.Error) -> str:
    """One line for a failed write; a broken reference says what it is."""
    if "FOREIGN KEY" in str(error):
        return "foreign key check failed: a row of this source points at a row that is not in the archive; nothing was stored"
    if "locked" in str(error) or "busy" in str(error):
        return "the archive is busy: another program is writing to it; try again when it has finished"
    return f"could not write to the archive: {error}"


def _describe(error: etree.XMLSyntaxError) -> str:
    message = str(error.msg if hasattr(error, "msg") and error.msg else error).strip()
    return message.splitlines()[0][:200] if message else "XML syntax error"


def _next_attempt(attempt: Attempt, error: etree.XMLSyntaxError, repairs: list[str]) -> Attempt | None:
    """Choose the next way to read the file after a syntax error."""
    message = _describe(error)
    if not attempt.repair:
        repairs.append(f"strict parse failed ({message}); repaired the stream")
        return replace(attempt, repair=True)
    prefix = _UNDECLARED_PREFIX.search(message)
    if prefix and not attempt.recover and prefix.group(1) not in attempt.extra_prefixes:
        prefixes = {**attempt.extra_prefixes, prefix.group(1): f"urn:wparchive:undeclared:{prefix.group(1)}"}
        return replace(attempt, extra_prefixes=prefixes)
    if not attempt.recover:
        repairs.append(f"XML still not well-formed after repair ({message}); read in libxml2 recover mode")
        return replace(attempt, recover=True)
    return None


class _TooLittleRecovered(Exception):
    pass


def _open_stream(source: InputSource, attempt: Attempt, bar: Any):
    raw = source.open()
    update = bar.update if bar is not None else None
    if attempt.repair:
        return raw, RepairingStream(raw, update, attempt.extra_prefixes, attempt.max_item_bytes)
    return raw, HeadCleaningStream(raw, update, attempt.max_item_bytes)


def _run_attempt(
    db, source: InputSource, sha256: str, attempt: Attempt, repairs: list[str], progress: ProgressFactory | None, clean: bool
) -> ImportResult:
    source_id = _source_row_id(db, source, sha256)
    writer = SourceWriter(db, source_id)
    state = ReaderState()
    label = source.label + (" (repairing)" if attempt.repair else "")
    bar = progress(label, source.size) if progress else None
    raw, stream = _open_stream(source, attempt, bar)
    with closing(raw), (bar if bar is not None else nullcontext()):
        for record in read_wxr(stream, state, recover=attempt.recover):
            writer.write(record)
        if attempt.repair:
            stream.drain()
    writer.finish()
    warnings = _collect_warnings(stream, attempt, repairs, state, writer.stats)
    if attempt.recover:
        _check_recovered(stream.items_in_file, state.items_read, warnings)
        if stream.items_closed < stream.items_in_file and writer.last_post_id is not None:
            writer.mark_incomplete(writer.last_post_id)
            warnings.append("the file is truncated: the last item is incomplete (kept, with extra.incomplete = true)")
    status = "recovered" if warnings_mean_recovered(stream, attempt, state) else "ok"
    summary = reconcile(db, source_id, state, writer.stats, stream)
    summary["cleaned"] = _clean_source(db, source_id) if clean else None
    _store_result(db, source_id, source, status, warnings, summary)
    return ImportResult(source_id, source.label, status, warnings, summary)


def _collect_warnings(stream, attempt: Attempt, repairs: list[str], state: ReaderState, stats: WriteStats) -> list[str]:
    warnings: list[str] = []
    if attempt.repair:
        warnings.extend(repairs)
        warnings.extend(stream.repair_warnings())
    else:
        warnings.extend(stream.warnings)
    for prefix in attempt.extra_prefixes:
        warnings.append(f"declared the undeclared namespace prefix '{prefix}:' with a placeholder URI")
    warnings.extend(state.warnings)
    warnings.extend(stats.warnings)
    return warnings


def warnings_mean_recovered(stream: HeadCleaningStream | RepairingStream, attempt: Attempt, state: ReaderState) -> bool:
    """Recovered = the bytes had to be changed or parts could not be read."""
    if attempt.repair or state.doctype:
        return True
    return bool(getattr(stream, "warnings", None))


def _check_recovered(items_in_file: int, items_read: int, warnings: list[str]) -> None:
    if items_in_file and items_read == 0:
        raise _TooLittleRecovered(
            f"could not recover any of the {items_in_file} items in the file (libxml2 recover mode read none)"
        )
    if items_read < items_in_file:
        warnings.append(f"recovered {items_read} of {items_in_file} items; {items_in_file - items_read} could not be read")
    warnings.append("libxml2 recover mode skipped damaged markup; values next to the damage may be incomplete")


def reconcile(
    db: sqlite_utils.Database, source_id: int, state: ReaderState, stats: WriteStats, stream: RepairingStream | HeadCleaningStream | None
) -> dict[str, Any]:
    """Read vs stored, by post type/status and comment type/status."""
    conn = db.conn
    stored_posts = dict(
        conn.execute(
            "SELECT coalesce(post_type, '') || '/' || coalesce(status, ''), count(*) FROM posts WHERE source_id = ? GROUP BY 1",
            (source_id,),
        ).fetchall()
    )
    stored_types = dict(conn.execute("SELECT comment_type, count(*) FROM comments WHERE source_id = ? GROUP BY 1", (source_id,)).fetchall())
    stored_status = dict(
        conn.execute("SELECT coalesce(status, ''), count(*) FROM comments WHERE source_id = ? GROUP BY 1", (source_id,)).fetchall()
    )
    return {
        "items_read": state.items_read,
        "items_in_file": getattr(stream, "items_in_file", None) or state.items_read,
        "posts": _pairs(stats.posts, stored_posts),
        "comments_by_type": _pairs(stats.comments_by_type, stored_types),
        "comments_by_status": _pairs(stats.comments_by_status, stored_status),
        "authors": stats.authors,
        "terms": stats.terms,
        "dangling_parents": stats.dangling_parents,
        "duplicate_posts": stats.duplicate_posts,
        "duplicate_comments": stats.duplicate_comments,
        "duplicate_terms": stats.duplicate_terms,
    }


def _pairs(read: dict[str, int], stored: dict[str, int]) -> dict[str, dict[str, int]]:
    return {key: {"read": read.get(key, 0), "stored": stored.get(key, 0)} for key in sorted(set(read) | set(stored))}


def _store_result(db, source_id: int, source: InputSource, status: str, warnings: list[str], summary: dict) -> None:
    db.conn.execute(
        """UPDATE sources SET path = ?, size = ?, status = ?, warnings = ?, error = NULL, summary = ?,
               imported_at = ?, tool_version = ? WHERE id = ?""",
        (source.label, source.stored_size, status, json.dumps(warnings, ensure_ascii=False), json.dumps(summary), _now(), __version__, source_id),
    )


def _record_failure(db: sqlite_utils.Database, source: InputSource, sha256: str | None, reason: str, kind: str = "wxr") -> None:
    """Note the failed attempt in ``sources`` unless this content was imported before.

    The audit row is the only thing a failed source writes. When it cannot be written
    either (the archive is locked or full), the user still gets the one-line reason.
    """
    try:
        _write_failure(db, source, sha256, reason, kind)
    except sqlite3.Error:
        pass


def _write_failure(db: sqlite_utils.Database, source: InputSource, sha256: str | None, reason: str, kind: str) -> None:
    with db.atomic():
        if sha256 is None:  # refused before the whole file was read: known by its path
            row = db.conn.execute(
                "SELECT id, status FROM sources WHERE sha256 IS NULL AND kind = ? AND path = ?", (kind, source.label)
            ).fetchone()
        else:
            row = db.conn.execute("SELECT id, status FROM sources WHERE sha256 = ? AND kind = ?", (sha256, kind)).fetchone()
        if row and row[1] != "failed":
            return
        if row:
            db.conn.execute("UPDATE sources SET error = ?, imported_at = ? WHERE id = ?", (reason, _now(), row[0]))
            return
        db.conn.execute(
            "INSERT INTO sources (path, sha256, kind, size, status, error, warnings, imported_at, tool_version) "
            "VALUES (?, ?, ?, ?, 'failed', ?, '[]', ?, ?)",
            (source.label, sha256, kind, source.stored_size, reason, _now(), __version__),
        )


# -- plain-text pages ------------------------------------------------------------------------
TEXT_PAGE_LIMIT = 50 * 1024 * 1024


def _clean_source(db: sqlite_utils.Database, source_id: int) -> dict[str, int]:
    """The artefact rules on what this source just wrote, in the same transaction."""
    return dict(clean_rows(db, source_ids=[source_id], just_imported=True).by_rule)


def read_capped(source: InputSource, limit: int) -> bytes:
    """The whole document, or ImportFailed once more than ``limit`` bytes come out of it.

    Counted as read: a gzip trailer says 19 bytes for a page of 4 GiB + 19 bytes.
    """
    try:
        with source.open() as stream:
            data = stream.read(limit + 1)
    except READ_ERRORS as error:
        raise ImportFailed(f"could not read the input: {error}") from None
    if len(data) > limit:
        raise ImportFailed(f"too large for a text page (more than {limit >> 20} MiB once decompressed)")
    return data


def site_for_page(db: sqlite_utils.Database, sha256: str, site_url: str | None) -> str:
    """The site a page is filed under: the one named, else where the same page went before."""
    if site_url:
        return site_url
    row = db.conn.execute(
        "SELECT sites.url FROM sources JOIN sites ON sites.id = sources.site_id WHERE sources.sha256 = ? AND sources.kind = 'text'",
        (sha256,),
    ).fetchone()
    return row[0] if row else TEXT_SITE


def import_text(db: sqlite_utils.Database, source: InputSource, site_url: str | None = None, clean: bool = True) -> ImportResult:
    """Import one plain-text page (read whole: pages are small) in one transaction.

    Without ``site_url``, a page already in the archive stays under its site, and a new one goes
    under ``unknown:scraped-pages``; with it, the page is filed (or moved) there.
    """
    data = read_capped(source, TEXT_PAGE_LIMIT)
    sha256 = hashlib.sha256(data).hexdigest()
    source.measured_size = len(data)
    try:
        with db.atomic():
            return _write_text(db, source, sha256, data, site_for_page(db, sha256, site_url), clean)
    except NotTextError as error:
        _record_failure(db, source, sha256, str(error), kind="text")
        raise ImportFailed(str(error)) from None
    except sqlite3.Error as error:
        reason = write_error(error)
        _record_failure(db, source, sha256, reason, kind="text")
        raise ImportFailed(reason) from None


def _write_text(db, source: InputSource, sha256: str, data: bytes, site_url: str, clean: bool) -> ImportResult:
    source_id = _source_row_id(db, source, sha256, kind="text")
    writer = SourceWriter(db, source_id)
    state = ReaderState()
    for record in read_text(data, source.label, site_url):
        if isinstance(record, PostRecord):
            state.items_read += 1
        writer.write(record)
    writer.finish()
    summary = reconcile(db, source_id, state, writer.stats, None)
    summary["cleaned"] = _clean_source(db, source_id) if clean else None
    warnings = writer.stats.warnings
    _store_result(db, source_id, source, "ok", warnings, summary)
    return ImportResult(source_id, source.label, "ok", warnings, summary)
