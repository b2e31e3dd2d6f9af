"""The task a worker runs for a partition, and the shard it writes when the partition is large.

Past the size the user sets (``--shard-above``), a partition's pages would be a lot to send back
and to hold: the worker stores them itself, in an archive of its own (a shard, the same schema),
through the same importer, and only the shard's path travels back; the archive merges it with
the rules of ``wparchive merge``. A retried partition starts its shard afresh, so a worker lost
half-way leaves nothing half-written behind.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from wparchive.cluster.plan import Partition
from wparchive.cluster.store import store_partition
from wparchive.cluster.work import PartitionResult, read_partition
from wparchive.ingest import Importer, ImportResult
from wparchive.parallel import PageReading
from wparchive.readers.base import ReadOptions
from wparchive.store.schema import open_db
from wparchive.store.shape import ensure_db_shape


@dataclass(frozen=True)
class ShardPlan:
    above: int  # bytes of pages in a partition past which it is written to a shard
    folder: str  # where shards go: a folder the archive's machine can read too


def run_partition(
    partition: Partition, options: ReadOptions, clean: bool, shards: ShardPlan | None
) -> PartitionResult:
    """Read a partition; past the shard size, store it in a shard and send back only its path."""
    result = read_partition(partition, options)
    if shards is not None and page_bytes(result) > shards.above:
        write_shard(result, Path(shards.folder) / f"part-{partition.index:06d}.db", options, clean)
    return result


def page_bytes(result: PartitionResult) -> int:
    return sum(len(found.data or b"") for found in result.found)


def write_shard(result: PartitionResult, path: Path, options: ReadOptions, clean: bool) -> None:
    """The partition's documents imported into a fresh archive at ``path``; the result then says so."""
    for suffix in ("", "-wal", "-shm", "-journal"):  # a retried partition starts again
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    counts = {"imported": 0}

    def imported(_: ImportResult) -> None:
        counts["imported"] += 1

    db = open_db(path)
    try:
        importer = Importer(
            db, replace(options, progress=None), clean, imported, result.errors.append, PageReading(1)
        )
        store_partition(importer, result)
        ensure_db_shape(db)
    finally:
        db.close()
    result.shard, result.shard_counts = str(path), counts
    result.found = []  # all of it is in the shard now, failures (as failed sources rows) too
