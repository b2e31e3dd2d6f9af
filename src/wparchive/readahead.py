"""A reader's pass run in a forked child process while this process stores its records.

Importing a large export is two jobs of about equal weight: parsing XML into records (lxml and
the reader's Python) and storing them (rows, SQLite's inserts and its full-text index). In one
process they take turns on one core, and threads would not help: both halves hold the GIL most
of the time. Here the pass runs in a child forked for it, which parses, works out each record's
plain text for search (``prepare``) and sends the records in batches through a bounded queue; this
process stores them as they come. The queue holds a few batches at most, so memory stays bounded by
what is being read, not by the size of the export.

The child is forked, not spawned, because a pass holds what it reads from (a file, a zip
member's opener, a progress bar) and forking hands it over as it is, in microseconds. Forking is
safe only when this process runs no other thread (a page worker pool has one): then, and for
small inputs that would not repay it, the pass runs here as before. The child never touches
the archive: it only reads the input and writes to the pipe.
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import threading
from collections.abc import Iterator
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue

from wparchive.htmltext import html_to_text
from wparchive.model import PostRecord, Record
from wparchive.readers.base import Pass, PassOutcome, ReadAgain

MIN_BYTES = 4 << 20  # smaller inputs read in this process: a fork and a pipe cost more than they save
BATCH = 64  # records per message: large enough to amortise pickling, small enough to keep memory flat
QUEUED_BATCHES = 8  # how far the child may read ahead of the writer


def read_ahead(reading: Pass, size: int) -> Pass:
    """The pass read in a child process when that pays and is safe, else the pass itself."""
    if size < MIN_BYTES or not _can_fork():
        return reading
    return ReadAhead(reading)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class ReadAhead:
    """The same records and outcome as the pass it wraps, read in a child process."""

    def __init__(self, reading: Pass) -> None:
        self.reading = reading
        self._outcome: PassOutcome | None = None

    def records(self) -> Iterator[Record]:
        context = multiprocessing.get_context("fork")
        # A queue, not a bare pipe: its feeder thread lets the child parse on while a batch waits
        # to be taken; through a bare pipe the two processes would take turns.
        batches: Queue = context.Queue(maxsize=QUEUED_BATCHES)
        child = context.Process(target=_read_in_child, args=(self.reading, batches), daemon=True)
        child.start()
        try:
            yield from self._received(batches, child)
        finally:
            if child.is_alive():  # the writer gave up early (an error): the reading is not needed
                child.terminate()
            child.join()
            batches.close()

    def _received(self, batches: Queue, child: BaseProcess) -> Iterator[Record]:
        while True:
            try:
                kind, payload = batches.get(timeout=1)
            except queue.Empty:
                if child.exitcode is None:
                    continue
                raise OSError(f"the process reading the input stopped (exit code {child.exitcode})") from None
            if kind == "records":
                yield from payload
            elif kind == "done":
                self._outcome = payload
                return
            else:
                raise self._carried_back(payload)

    def _carried_back(self, error: BaseException) -> BaseException:
        if isinstance(error, ReadAgain) and hasattr(self.reading, "syntax_error"):
            # The reader's ladder decides how to read again from the pass it handed out.
            self.reading.syntax_error = str(error)
        return error

    def outcome(self) -> PassOutcome:
        assert self._outcome is not None, "outcome() is asked once records() is exhausted"
        return self._outcome


def _read_in_child(reading: Pass, batches: Queue) -> None:
    try:
        batch: list[Record] = []
        for record in reading.records():
            prepare(record)
            batch.append(record)
            if len(batch) >= BATCH:
                batches.put(("records", batch))
                batch = []
        batches.put(("records", batch))
        batches.put(("done", reading.outcome()))
    except BaseException as error:  # every failure goes back to the writer, which decides
        batches.put(("raised", _picklable(error)))
    finally:
        batches.close()
        batches.join_thread()  # everything put is in the pipe before the child exits


def prepare(record: Record) -> None:
    """Work the writer would do that depends only on the record: plain text for search."""
    if isinstance(record, PostRecord):
        if record.content_text is None and record.content_html is not None:
            record.content_text = html_to_text(record.content_html)
        for comment in record.comments:
            if comment.content_text is None and comment.content_html is not None:
                comment.content_text = html_to_text(comment.content_html)


def _picklable(error: BaseException) -> BaseException:
    """The error, bare, when it crosses a pipe (ReadAgain, Refused, OSError), else its message.

    Bare: a copy from its arguments, without the chain of errors it was raised from, which need not
    pickle (lxml's error log does not, and Dask, once imported, pickles chains too)."""
    try:
        bare = type(error)(*error.args)
        pickle.loads(pickle.dumps(bare))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return bare
