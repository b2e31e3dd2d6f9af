"""One writer at a time per archive: a second ``import`` or ``clean`` waits, then gives up clearly.

SQLite lets only one connection write; a second one gets "database is locked"
after its busy timeout, which used to surface as a traceback from deep inside
an import. Commands that write take an advisory lock on the archive file
first (``flock``, which on Linux and the BSDs is independent of the byte-range
locks SQLite itself uses), say on stderr that they are waiting, and end with
a one-line "archive is busy" error if the other command does not finish in time.
Readers (``serve``, ``publish``, Datasette) take no lock: WAL mode lets them read
while a writer works.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's own busy timeout is all there is
    fcntl = None  # type: ignore[assignment]

DEFAULT_WAIT_SECONDS = 600.0
POLL_SECONDS = 0.2


class ArchiveBusy(Exception):
    """Another command kept the archive for longer than we were willing to wait."""


@contextmanager
def writing(
    db_path: Path, wait_seconds: float | None = None, say: Callable[[str], None] = lambda _: None
) -> Iterator[None]:
    """Hold the archive's writer lock for the duration of the block.

    ``wait_seconds`` defaults to ``$WPARCHIVE_WAIT_SECONDS``, else ten minutes.
    """
    if wait_seconds is None:
        wait_seconds = float(os.environ.get("WPARCHIVE_WAIT_SECONDS", DEFAULT_WAIT_SECONDS))
    if fcntl is None or not db_path.exists():
        yield
        return
    descriptor = os.open(db_path, os.O_RDONLY)
    try:
        _acquire(descriptor, db_path, wait_seconds, say)
        yield
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock


def _acquire(descriptor: int, db_path: Path, wait_seconds: float, say: Callable[[str], None]) -> None:
    deadline = time.monotonic() + wait_seconds
    announced = False
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if not announced:
            say(f"{db_path}: another wparchive command is writing to it; waiting for it to finish…")
            announced = True
        if time.monotonic() >= deadline:
            raise ArchiveBusy(
                f"{db_path}: the archive is busy: another wparchive command has been writing to it for over "
                f"{wait_seconds:.0f} s; try again when it has finished"
            )
        time.sleep(POLL_SECONDS)
