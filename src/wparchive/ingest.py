"""Import one source: find its reader, write its records in one transaction, record the source.

The only module that writes the ``sources`` row (claim, succeed, fail, through
``store.sources``). A reader reads in passes; a pass that meets damage a later
pass can mend raises ``ReadAgain``, and everything it wrote is rolled back
before the next pass. Any other failure ends the source in one line and leaves
the archive as it was, but for the source's audit row.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import sqlite_utils

from wparchive.clean.engine import clean as clean_rows
from wparchive.inputs import Expanded, InputError, InputSource, Unreadable, expand_inputs
from wparchive.parallel import Outcome, PageJob, PageReading, page_job
from wparchive.progress import Progress
from wparchive.readahead import read_ahead
from wparchive.readers import HEAD_BYTES, PAGE_READERS, detect, reader_named
from wparchive.readers.base import PageReader, PageResult, Pass, ReadAgain, Reader, ReadOptions, Refused
from wparchive.readers.pages import DonePass
from wparchive.store import sources
from wparchive.store.errors import write_error
from wparchive.store.writer import SourceWriter

READ_ERRORS = (OSError, EOFError, zlib.error)


class ImportFailed(Exception):
    """A source could not be imported; the message is one line for the user."""


@dataclass
class ImportResult:
    source_id: int
    label: str
    status: str
    warnings: list[str]
    summary: dict[str, Any]


def import_inputs(
    db: sqlite_utils.Database,
    arguments: Iterable[str],
    options: ReadOptions,
    clean: bool,
    on_result: Callable[[ImportResult], None],
    on_error: Callable[[str], None],
    jobs: int = 1,
) -> tuple[int, int]:
    """Import every document the arguments name, each in its own transaction.

    Pages are read by ``jobs`` worker processes (``parallel``) and stored in input order. Each
    result goes to ``on_result`` as soon as it is stored, each failure to ``on_error`` as one line;
    returns (sources imported, sources that failed).
    """
    importer = Importer(db, options, clean, on_result, on_error, PageReading(jobs))
    try:
        for argument in arguments:
            importer.argument(argument)
        importer.finish_pages()
    finally:
        importer.reading.close()
    return importer.imported, importer.failures


@dataclass
class Importer:
    """The sources of the arguments, one by one; pages through the page reading, the rest inline.

    A cluster import (``cluster``) drives the same object with pages its workers read: ``store``
    for a page read elsewhere, ``source`` for a document to import here, ``fail`` for one that could
    not be read; so both give the same archive.
    """

    db: sqlite_utils.Database
    options: ReadOptions
    clean: bool
    on_result: Callable[[ImportResult], None]
    on_error: Callable[[str], None]
    reading: PageReading
    imported: int = 0
    failures: int = 0
    bar: Progress | None = None

    def argument(self, argument: str) -> None:
        with self.progress_of(argument):
            try:
                for source in expand_inputs([argument], self.options.every_page):
                    self.source(source)
            except InputError as error:
                self.fail(str(error))

    @contextmanager
    def progress_of(self, argument: str) -> Iterator[None]:
        """One bar for an argument of many documents (a folder, a crawl), shown while it is imported."""
        self.bar = Progress.of(argument, self.options.progress)
        try:
            yield
        finally:
            self.finish_pages()
            if self.bar is not None:
                self.bar.close()
            self.bar = None

    def source(self, source: Expanded) -> None:
        if isinstance(source, Unreadable):
            self.fail(f"{source.label}: {source.reason}", source)
            return
        try:
            reader = reader_named(self.options.format) if self.options.format else reader_for(source)
        except ImportFailed as error:
            self.fail(f"{source.label}: {error}", source)
            return
        if isinstance(reader, PAGE_READERS):
            self.page(source, reader)
            return
        self.finish_pages()  # the archive is written in input order
        options = replace(self.options, progress=None) if self.bar else self.options
        try:
            self.stored(import_source(self.db, source, options, self.clean, reader), source)
        except ImportFailed as error:
            self.fail(f"{source.label}: {error}", source)

    def page(self, source: InputSource, reader: PageReader) -> None:
        kind = source.kind or reader.kind
        try:
            job = page_job(source, reader, kind, self.options)
        except Refused as error:
            self.refused(source, kind, str(error))
            return
        except READ_ERRORS as error:
            self.fail(f"{source.label}: could not read the input: {error}", source)
            return
        if reader.kind == "text" and not self.options.site_url:
            job.context.site_url = sources.previous_site(self.db, job.sha256, kind)
        for done, outcome in self.reading.submit(job):
            self.store(done, outcome)

    def store(self, job: PageJob, outcome: Outcome) -> None:
        try:
            if isinstance(outcome, str):
                raise _failed(self.db, job.source, job.sha256, job.kind, outcome)
            self.stored(_store_page(self.db, job, outcome, self.clean), job.source)
        except ImportFailed as error:
            self.fail(f"{job.source.label}: {error}", job.source)

    def refused(self, source: InputSource, kind: str, reason: str) -> None:
        """A page refused before it was read (too large): its failed row and its line."""
        self.fail(f"{source.label}: {_failed(self.db, source, None, kind, reason)}", source)

    def finish_pages(self) -> None:
        for job, outcome in self.reading.drain():
            self.store(job, outcome)

    def stored(self, result: ImportResult, source: InputSource) -> None:
        self.imported += 1
        self.on_result(result)
        if self.bar is not None:
            self.bar.advance(source)

    def fail(self, line: str, source: Expanded | None = None) -> None:
        self.failures += 1
        self.on_error(line)
        if self.bar is not None and source is not None:
            self.bar.advance(source)


PAGE_KINDS = ("html", "warc", "feed", "rest")


def _merged_counts(summary: dict[str, Any]) -> None:
    """A page's posts and comments merge into rows other sources wrote, whose type and status win (a
    feed calls a pingback a comment; a REST API response's comments name their post by id alone): when
    as many rows hold what the page showed as it showed, the breakdown is the archive's, and only a
    shortfall is reported as one."""
    for section in ("posts", "comments_by_type", "comments_by_status"):
        counts = summary[section]
        read = sum(c["read"] for c in counts.values())
        stored = sum(c["stored"] for c in counts.values())
        if read == stored:
            summary[section] = {
                key: {"read": c["stored"], "stored": c["stored"]} for key, c in counts.items()
            }


def _store_page(db: sqlite_utils.Database, job: PageJob, result: PageResult, clean: bool) -> ImportResult:
    """One page read (here or in a worker) stored in its own transaction."""
    try:
        with db.atomic():
            return _write_pass(db, job.source, job.sha256, job.kind, DonePass(result), clean)
    except sqlite3.Error as error:
        raise _failed(db, job.source, job.sha256, job.kind, write_error(error)) from None


def import_source(
    db: sqlite_utils.Database,
    source: InputSource,
    options: ReadOptions,
    clean: bool = True,
    reader: Reader | None = None,
) -> ImportResult:
    """Import one document; raises ImportFailed with a one-line reason."""
    if reader is None:
        reader = reader_named(options.format) if options.format else reader_for(source)
    kind = source.kind or reader.kind
    sha256 = _fingerprint(db, source, reader, kind, options)
    if reader.kind == "text" and not options.site_url:
        options = replace(options, site_url=sources.previous_site(db, sha256, kind))
    try:
        for reading in reader.passes(source, options):
            reading = read_ahead(reading, source.stored_size)
            try:
                with db.atomic():
                    return _write_pass(db, source, sha256, kind, reading, clean)
            except ReadAgain:
                continue  # rolled back; the reader knows what went wrong and reads again
    except Refused as error:
        raise _failed(db, source, sha256, kind, str(error)) from None
    except READ_ERRORS as error:  # e.g. a .xml.gz cut short in a download: the stream dies mid-way
        raise _failed(db, source, sha256, kind, f"could not read the input: {error}") from None
    except sqlite3.Error as error:
        raise _failed(db, source, sha256, kind, write_error(error)) from None
    raise _failed(db, source, sha256, kind, "the reader stopped without reading the input")


def reader_for(source: InputSource) -> Reader:
    """The reader the first bytes of a document call for; ImportFailed (one line) when none does."""
    try:
        head = source.head(HEAD_BYTES)
    except READ_ERRORS as error:
        raise ImportFailed(f"could not read the input: {error}") from None
    if not head:
        raise ImportFailed("the file is empty")
    try:
        return detect(head, source.label)
    except Refused as error:
        raise ImportFailed(str(error)) from None


def _fingerprint(
    db: sqlite_utils.Database, source: InputSource, reader: Reader, kind: str, options: ReadOptions
) -> str:
    """The sha256 of the whole input; the reader's guard may refuse it on the way (a bomb)."""
    try:
        return source.sha256(observe=reader.guard(options))
    except Refused as error:
        raise _failed(db, source, None, kind, str(error)) from None
    except READ_ERRORS as error:
        raise ImportFailed(f"could not read the input: {error}") from None


def _failed(
    db: sqlite_utils.Database, source: InputSource, sha256: str | None, kind: str, reason: str
) -> ImportFailed:
    sources.fail(db, source, sha256, kind, reason)
    return ImportFailed(reason)


def _write_pass(
    db: sqlite_utils.Database, source: InputSource, sha256: str, kind: str, reading: Pass, clean: bool
) -> ImportResult:
    source_id = sources.claim(db, source, sha256, kind)
    writer = SourceWriter(db, source_id)
    for record in reading.records():
        writer.write(record)
    writer.finish()
    outcome = reading.outcome()
    stats = writer.stats
    warnings = outcome.warnings + stats.warnings + outcome.losses
    summary = sources.reconcile(
        db,
        source_id,
        {
            "items_read": outcome.items_read,
            "items_in_file": outcome.items_in_file or outcome.items_read,
            "posts": stats.posts,
            "comments_by_type": stats.comments_by_type,
            "comments_by_status": stats.comments_by_status,
            "authors": stats.authors,
            "terms": stats.terms,
            "dangling_parents": stats.dangling_parents,
            "duplicate_posts": stats.duplicate_posts,
            "duplicate_comments": stats.duplicate_comments,
            "duplicate_terms": stats.duplicate_terms,
        },
    )
    summary["cleaned"] = (
        dict(clean_rows(db, source_ids=[source_id], just_imported=True).by_rule) if clean else None
    )
    seen = (outcome.url or source.url, outcome.captured_at or source.captured_at)
    if kind in PAGE_KINDS:
        summary["page"] = {"url": seen[0], "captured_at": seen[1]}
        _merged_counts(summary)
    sources.succeed(db, source_id, source, writer.site_id, outcome.status, warnings, summary, seen)
    return ImportResult(source_id, source.label, outcome.status, warnings, summary)
