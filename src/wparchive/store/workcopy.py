"""A private working copy of an archive: made, used and removed whatever happens.

``publish`` builds its public copy in one, and ``export`` reads a copy whose private values were
removed: the copy holds private values until they are gone, so it lives in a folder only this user
can read, beside where the result goes, and is removed on any exit (SIGTERM, SIGHUP and Ctrl-C
included; after SIGKILL the next run removes it).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

WORK_PREFIX = ".wparchive-publish-"
HANDLED_SIGNALS = tuple(
    s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None
)


class Interrupted(BaseException):
    """Raised from a signal handler so that every ``finally`` runs."""


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (WAL content included), in rollback-journal mode."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    with closing(sqlite3.connect(target)) as dst:
        dst.execute("PRAGMA journal_mode = DELETE")  # the copy must not grow a -wal file beside it


def remove_abandoned_work(parent: Path) -> None:
    """Private work folders of publish runs that were killed (SIGKILL cannot be caught)."""
    for folder in parent.glob(WORK_PREFIX + "*"):
        pid = folder.name[len(WORK_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def private_work_folder(parent: Path) -> Iterator[Path]:
    """A folder only this user can read, beside SITE_DIR, removed whatever happens (but SIGKILL)."""
    parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_work(parent)
    folder = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=parent))  # mode 0700
    previous = {number: signal.getsignal(number) for number in HANDLED_SIGNALS}

    def interrupted(number: int, frame: Any) -> None:
        raise Interrupted(f"stopped by signal {number}")

    for number in HANDLED_SIGNALS:
        signal.signal(number, interrupted)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for number, handler in previous.items():
            signal.signal(number, handler)
