"""Merge shards into an archive: each shard in one transaction, each of its sources replayed.

For every source of a shard, in the shard's order: the archive's row for it is claimed
(``merge.sources``), its records are rebuilt (``merge.records``) and written by the store's
``SourceWriter``, exactly as an import writes a reader's records, so posts meet by site and
WordPress id, URL or key and comments by id or by author and text, with the import's rules; the
cleaning rules then run on what it wrote, as on import. A shard that cannot be read, or whose rows
the archive refuses (a foreign key), is rolled back whole and said in one line; the next shard
still merges.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from wparchive.clean.engine import clean as clean_rows
from wparchive.merge import sources
from wparchive.merge.records import source_records
from wparchive.merge.shard import Row, Shard, ShardError
from wparchive.readers.base import ProgressFactory
from wparchive.store.errors import write_error
from wparchive.store.writer import SourceWriter


@dataclass
class Tally:
    new: int = 0  # rows the archive did not have
    matched: int = 0  # rows of the shard the archive already held (met by the import's rules)


@dataclass
class MergeResult:
    shard: str
    sources: Tally = field(default_factory=Tally)
    failed_sources: int = 0  # sources that had failed in the shard: their audit rows
    posts: Tally = field(default_factory=Tally)
    comments: Tally = field(default_factory=Tally)
    seconds: float = 0.0


def merge_shards(
    db: sqlite_utils.Database,
    shards: Iterable[Path],
    clean: bool,
    on_result: Callable[[MergeResult], None],
    on_error: Callable[[Path, str], None],
    progress: ProgressFactory | None = None,
) -> tuple[int, int]:
    """Merge each shard in its own transaction; returns (shards merged, shards that failed). Each
    result goes to ``on_result`` once its shard is merged, each failure to ``on_error`` (the shard,
    one line)."""
    merged = failed = 0
    for path in map(Path, shards):
        try:
            result = merge_shard(db, path, clean, progress)
        except ShardError as error:
            failed += 1
            on_error(path, str(error))
            continue
        merged += 1
        on_result(result)
    return merged, failed


def merge_shard(
    db: sqlite_utils.Database, path: Path, clean: bool = True, progress: ProgressFactory | None = None
) -> MergeResult:
    """One shard into the archive, all or nothing; raises ShardError with a one-line reason."""
    started = time.monotonic()
    shard = Shard.open(path, db)
    try:
        source_ids = [r["id"] for r in shard.rows("SELECT id FROM sources ORDER BY id")]
        result = MergeResult(str(path))
        before = _counts(db)
        bar = progress(f"{path.name}: sources", len(source_ids)) if progress else None
        try:
            with db.atomic():
                for source_id in source_ids:  # one row at a time: a crawl's shard has 100,000
                    source = shard.one("SELECT * FROM sources WHERE id = ?", (source_id,))
                    assert source is not None
                    _merge_source(db, shard, source, clean, result)
                    if bar is not None:
                        bar.update(1)
        except sqlite3.Error as error:
            raise ShardError(_shard_error(error)) from None
        finally:
            _close(bar)
        after = _counts(db)
        result.posts = _tally(after[0] - before[0], shard.count("posts"))
        result.comments = _tally(after[1] - before[1], shard.count("comments"))
    finally:
        shard.close()
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _merge_source(
    db: sqlite_utils.Database, shard: Shard, source: Row, clean: bool, result: MergeResult
) -> None:
    found = sources.find(db.conn, source)
    if found is None:
        result.sources.new += 1
    else:
        result.sources.matched += 1
    if source["status"] == "failed":
        result.failed_sources += 1
        sources.copy_failure(db.conn, source, found)
        return
    if found is not None and found.holds(source):
        return
    source_id = sources.claim(db.conn, source, found)
    writer = SourceWriter(db, source_id)
    for record in source_records(shard, source):
        writer.write(record)
    writer.finish()
    if clean:
        clean_rows(db, source_ids=[source_id], just_imported=True)
    sources.succeed(db.conn, source_id, source, writer.site_id)


def _tally(added: int, in_shard: int) -> Tally:
    """Rows the archive gained, and the shard's other rows: those it already held (or absorbed)."""
    new = max(added, 0)
    return Tally(new, max(in_shard - new, 0))


def _counts(db: sqlite_utils.Database) -> tuple[int, int]:
    row = db.conn.execute("SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM comments)").fetchone()
    return int(row[0]), int(row[1])


def _close(bar: Any) -> None:
    finish = getattr(bar, "render_finish", None)
    if finish is not None:
        finish()


def _shard_error(error: sqlite3.Error) -> str:
    """One line for a shard the archive refused, in ``ingest``'s words for a source."""
    said = write_error(error, "shard", "nothing of it was merged")
    return f"{said}; nothing of this shard was merged" if said.startswith("could not write") else said
