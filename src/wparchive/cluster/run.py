"""``wparchive import --cluster``: crawls and mirrors read by Dask workers, stored here in order.

The archive stays where it is, with its single writer; the workers read. Partitions are handed
out a window at a time and their results stored in partition order, each page in its own
transaction by the importer of a local import, so the archive is the one a local import builds,
table by table, whichever worker read what and however often a lost worker's partition was read
again. A partition that fails even after Dask's retries is one failed ``sources`` row and one line.
"""

from __future__ import annotations

import io
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sqlite_utils

from wparchive.cluster.plan import Partition, Sizes, plan
from wparchive.cluster.shards import ShardPlan, run_partition
from wparchive.cluster.store import store_partition
from wparchive.cluster.summary import ClusterSummary
from wparchive.cluster.work import PartitionResult
from wparchive.ingest import Importer, ImportResult
from wparchive.inputs import InputSource
from wparchive.merge.run import merge_shard
from wparchive.merge.shard import ShardError
from wparchive.parallel import PageReading
from wparchive.readers.base import ReadOptions

INSTALL = "pip install 'wparchive[cluster]'"
RETRIES = 2  # a partition whose task raised is read again this often before it counts as failed


class ClusterUnavailable(Exception):
    """No cluster to run on (Dask missing, a scheduler out of reach); one line for the user."""


@dataclass(frozen=True)
class ClusterSettings:
    address: str  # a Dask scheduler (tcp://host:8786) or local:N for N workers started for the run
    sizes: Sizes = Sizes()
    shards: ShardPlan | None = None
    window: int | None = None  # partitions handed out ahead of the one being stored
    connect_seconds: float = 30.0  # how long to try to reach a scheduler


def import_on_cluster(
    db: sqlite_utils.Database,
    arguments: Iterable[str],
    options: ReadOptions,
    clean: bool,
    on_result: Callable[[ImportResult], None],
    on_error: Callable[[str], None],
    settings: ClusterSettings,
    jobs: int = 1,
) -> tuple[int, int, ClusterSummary]:
    """Like ``ingest.import_inputs``; crawls and folders are read on the cluster. Returns (sources
    imported, sources that failed, what the cluster did)."""
    planned = _planned(list(arguments), settings.sizes)
    summary = ClusterSummary.starting(db)
    importer = Importer(db, options, clean, on_result, on_error, PageReading(jobs))
    try:
        with connected(settings.address, settings.connect_seconds) as client:
            summary.connected()
            partitions = [p for _, parts in planned if parts for p in parts]
            results = _in_order(client, partitions, replace(options, progress=None), clean, settings)
            for argument, parts in planned:
                if parts is None:
                    importer.argument(argument)
                    continue
                with importer.progress_of(argument):
                    for partition in parts:
                        _store(importer, partition, next(results), summary)
    finally:
        importer.reading.close()
    summary.finish(db)
    return importer.imported, importer.failures, summary


def _planned(arguments: list[str], sizes: Sizes) -> list[tuple[str, list[Partition] | None]]:
    planned: list[tuple[str, list[Partition] | None]] = []
    index = 0
    for argument in arguments:
        parts = plan(argument, sizes, index)
        index += len(parts or ())
        planned.append((argument, parts))
    return planned


def _store(
    importer: Importer, partition: Partition, outcome: PartitionResult | str, summary: ClusterSummary
) -> None:
    if isinstance(outcome, str):
        summary.failed_partitions += 1
        source = InputSource(
            partition.label, lambda: io.BytesIO(b""), 0, kind="warc" if partition.crawl else None
        )
        importer.refused(source, source.kind or "html", f"could not be read on the cluster: {outcome}")
        return
    summary.add(partition, outcome)
    if outcome.shard is None:
        store_partition(importer, outcome)
        return
    try:
        merge_shard(importer.db, Path(outcome.shard), importer.clean)
    except ShardError as error:
        importer.fail(f"{outcome.shard}: the shard could not be merged ({error}); it is kept")
        return
    importer.imported += outcome.shard_counts.get("imported", 0)
    for line in outcome.errors:
        importer.fail(line)
    Path(outcome.shard).unlink(missing_ok=True)


def _in_order(
    client: Any, partitions: list[Partition], options: ReadOptions, clean: bool, settings: ClusterSettings
) -> Iterator[PartitionResult | str]:
    """Each partition's result (or why it failed), in partition order, a window of them in flight."""
    window = settings.window or max(4, 4 * len(client.scheduler_info().get("workers", {})))
    waiting = iter(partitions)
    pending: deque[Any] = deque()

    def submit_next() -> None:
        partition = next(waiting, None)
        if partition is not None:
            pending.append(
                client.submit(
                    run_partition, partition, options, clean, settings.shards, pure=False, retries=RETRIES
                )
            )

    for _ in range(window):
        submit_next()
    while pending:
        future = pending.popleft()
        submit_next()
        try:
            yield future.result()
        except Exception as error:  # KilledWorker, or the task raised on every try
            yield f"{type(error).__name__}: {error}"
        finally:
            future.release()


def check(address: str) -> None:
    """Raise ClusterUnavailable now, before anything is written, when the cluster cannot be had."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ClusterUnavailable(f"--cluster needs Dask, an optional extra: {INSTALL}") from None
    if address.startswith("local:"):
        _workers(address)


@contextmanager
def connected(address: str, timeout: float = 30.0) -> Iterator[Any]:
    """A Dask client: to the scheduler at ``address``, or to ``local:N`` workers started here."""
    check(address)
    from distributed import Client, LocalCluster

    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # a lost worker is handled here, not shouted about
    cluster = None
    try:
        if address.startswith("local:"):
            cluster = LocalCluster(
                n_workers=_workers(address),
                threads_per_worker=1,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            address = cluster.scheduler_address
        with _client(Client, address, timeout) as client:
            yield client
    finally:
        if cluster is not None:
            cluster.close()
        quiet.setLevel(level)


@contextmanager
def _client(client_class: Any, address: str, timeout: float) -> Iterator[Any]:
    try:
        client = client_class(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address} ({error})") from None
    try:
        yield client
    finally:
        client.close()


def _workers(address: str) -> int:
    count = address.removeprefix("local:")
    if not count.isdigit() or not 1 <= int(count) <= 1024:
        raise ClusterUnavailable(f"--cluster {address}: local:N needs a number of workers from 1 to 1024")
    return int(count)
