"""Pages read in worker processes while one writer stores them, in input order, in bounded memory.

Page readers are pure functions of a page's bytes (``PageReader.read_page``), so a mirror of
100,000 pages or the HTML of a whole crawl can be parsed on every core while the single SQLite
writer stores each result in its own transaction. The writer reads each page's bytes (it needs
them for the hash and ``source_blobs``), hands them to a worker and stores results in the order
the pages came, so an import gives the same archive with one job or many. At most ``2 × jobs``
pages are in flight: memory is bounded by the pages being read, never by the size of the input.

Small inputs never start a pool: the first pages are read in the writer's process, and workers
start only once enough pages have come to repay their start-up.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace

from wparchive.inputs import InputSource
from wparchive.model import PageRecord
from wparchive.readers import reader_named
from wparchive.readers.base import PageContext, PageReader, PageResult, ReadOptions, Refused
from wparchive.readers.pages import context_of, read_whole

INLINE_PAGES = 16  # pages read in the writer's process before workers are worth starting


@dataclass
class PageJob:
    """One page to read: its source, its reader and kind, its bytes and their hash."""

    source: InputSource
    reader_kind: str
    kind: str  # sources.kind (``warc`` for a crawl's page)
    data: bytes
    sha256: str
    context: PageContext


Outcome = PageResult | str  # a result, or the one-line reason the reader refused the page


def page_job(source: InputSource, reader: PageReader, kind: str, options: ReadOptions) -> PageJob:
    """Read a page's bytes (no more than a page may hold; raises Refused beyond) for its reader."""
    data = read_whole(source, reader.page_limit, f"a {reader.kind} page")
    source.measured_size = len(data)
    sha256 = hashlib.sha256(data).hexdigest()
    return PageJob(source, reader.kind, kind, data, sha256, context_of(source, options))


def read_job(reader_kind: str, data: bytes, context: PageContext) -> Outcome:
    """What a worker runs: the reader's pure function. The page's bytes stay with the writer."""
    try:
        result = reader_named(reader_kind).read_page(data, context)  # type: ignore[attr-defined]
    except Refused as error:
        return str(error)
    result.records = [replace(r, content=b"") if isinstance(r, PageRecord) else r for r in result.records]
    return result


def with_bytes(outcome: Outcome, data: bytes) -> Outcome:
    """A worker's outcome with the page's bytes put back (they stayed with the writer)."""
    if isinstance(outcome, PageResult):
        outcome.records = [
            replace(r, content=data) if isinstance(r, PageRecord) else r for r in outcome.records
        ]
    return outcome


class PageReading:
    """Jobs in, (job, outcome) out in the order of the jobs."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self.seen = 0
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[tuple[PageJob, Future[Outcome]]] = deque()
        self.broken = False  # workers failed once: the rest is read in this process

    def submit(self, job: PageJob) -> Iterator[tuple[PageJob, Outcome]]:
        """Hand a page over; yields the pages done so far, oldest first, to keep the window small."""
        self.seen += 1
        if self.jobs == 1 or self.broken or (self.pool is None and self.seen <= INLINE_PAGES):
            yield from self.drain()
            yield job, with_bytes(read_job(job.reader_kind, job.data, job.context), job.data)
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=worker_context())
        self.pending.append((job, self.pool.submit(read_job, job.reader_kind, job.data, job.context)))
        while len(self.pending) > 2 * self.jobs:
            yield self._oldest()

    def drain(self) -> Iterator[tuple[PageJob, Outcome]]:
        """Every page still being read, in order (before a source that is not a page is imported)."""
        while self.pending:
            yield self._oldest()

    def _oldest(self) -> tuple[PageJob, Outcome]:
        job, future = self.pending.popleft()
        try:
            outcome = future.result()
        except Exception:  # workers that could not start, or died (killed, out of memory)
            # The pool is broken for every page in it: read them here, one by one, as with --jobs 1.
            self.broken = True
            outcome = read_job(job.reader_kind, job.data, job.context)
        return job, with_bytes(outcome, job.data)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def worker_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a clean server process, not from the writer (which holds an SQLite connection)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
