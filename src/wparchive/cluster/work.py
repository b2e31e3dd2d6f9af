"""What a Dask worker runs: one partition's documents read, with the readers of a local import.

A worker never touches the archive. For each document of its partition it does what ``ingest``
does before storing: a crawl's records are sniffed (``warc``: only pages of WordPress and Blogger
blogs are read), the reader is detected from the first bytes, and a page is read by the same pure
function (``parallel.read_job``) that ``--jobs`` runs in its processes. What comes back says, for
each document, what the archive must do with it (``Found.step``): store a page read here, record
a failure, or import the document where the archive is (an export found in a mirror, a text page,
whose site only the archive knows).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wparchive import warc
from wparchive.cluster.plan import Partition
from wparchive.ingest import ImportFailed, reader_for
from wparchive.inputs import Expanded, InputSource, Unreadable, crawl_sources, expand_inputs
from wparchive.parallel import Outcome, page_job, read_job
from wparchive.readers import reader_named
from wparchive.readers.base import PageContext, ReadOptions, Refused

READ_ERRORS = (OSError, EOFError)
# Pages whose reading needs nothing from the archive (a text page is filed where it went before).
WORKER_READERS = ("html", "feed", "rest")


@dataclass
class Found:
    """One document of a partition and what became of it on the worker."""

    label: str
    step: str  # read | refused | unreadable | undetected | read_error | here | here_file
    size: int = 0
    data: bytes | None = None
    url: str | None = None
    captured_at: str | None = None
    charset: str | None = None
    kind: str | None = None
    position: int | None = None
    message: str | None = None
    reader_kind: str | None = None
    job_kind: str | None = None
    sha256: str | None = None
    context: PageContext | None = None
    outcome: Outcome | None = None


@dataclass
class PartitionResult:
    index: int
    found: list[Found] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # a crawl's records that are not blog pages
    worker: str = ""
    seconds: float = 0.0
    shard: str | None = None  # the shard it was written to, when it was (``shards``)
    shard_counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # a shard's failed documents, one line each
    documents: int = 0  # a crawl's blog pages, or a mirror's documents (not what could not be read)
    pages: int = 0  # of which read as pages here


def read_partition(partition: Partition, options: ReadOptions) -> PartitionResult:
    """Every document of the partition, read as a local import reads it."""
    started = time.monotonic()
    result = PartitionResult(partition.index, worker=_worker_name())
    if partition.crawl is not None:
        skips = warc.WarcSkips()
        sources = _crawl_sources(partition, options, skips)
        result.found = [_found(source, options) for source in sources]
        result.skipped = skips.reasons
    else:
        result.found = [found for file in partition.files for found in _file(file, options)]
    result.documents = sum(1 for found in result.found if found.step != "unreadable")
    result.pages = sum(1 for found in result.found if found.step == "read")
    result.seconds = time.monotonic() - started
    return result


def _crawl_sources(partition: Partition, options: ReadOptions, skips: warc.WarcSkips) -> Iterator[Expanded]:
    assert partition.crawl is not None
    return crawl_sources(Path(partition.crawl), partition.span, options.every_page, skips)


def _file(file: str, options: ReadOptions) -> list[Found]:
    """A mirror's document: its pages read here, unless one of them must be imported by the archive."""
    found = [_found(source, options) for source in expand_inputs([file], options.every_page)]
    if any(f.step == "here" for f in found):
        return [Found(file, "here_file")]  # a zip of exports, a text page: the archive reads it all
    return found


def _found(source: InputSource | Unreadable, options: ReadOptions) -> Found:
    if isinstance(source, Unreadable):
        return Found(source.label, "unreadable", message=source.reason)
    described = Found(
        source.label,
        "here",
        size=source.size,
        url=source.url,
        captured_at=source.captured_at,
        charset=source.charset,
        kind=source.kind,
        position=source.position,
    )
    try:
        return _read(source, options, described)
    except READ_ERRORS as error:
        described.step, described.message = "read_error", str(error)
        return described


def _read(source: InputSource, options: ReadOptions, described: Found) -> Found:
    try:  # the reader a local import would take, by the same function
        reader = reader_named(options.format) if options.format else reader_for(source)
    except ImportFailed as error:
        described.step, described.message = "undetected", str(error)
        return described
    if reader.kind not in WORKER_READERS:
        if source.kind == "warc":  # a crawl's record (held in memory already): the archive needs its bytes
            with source.open() as stream:
                described.data = stream.read()
        return described
    kind = source.kind or reader.kind
    described.job_kind, described.reader_kind = kind, reader.kind
    try:
        job = page_job(source, reader, kind, options)  # type: ignore[arg-type]
    except Refused as error:
        described.step, described.message = "refused", str(error)
        return described
    described.step, described.data, described.sha256 = "read", job.data, job.sha256
    described.context = job.context
    described.outcome = read_job(job.reader_kind, job.data, job.context)
    return described


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "here"
