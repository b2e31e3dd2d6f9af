"""The ``wparchive`` command group and what its commands share: opening the archive, its lock, progress."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import sqlite_utils

from wparchive import __version__, lock
from wparchive.progress import progress_bar
from wparchive.readers.base import ProgressFactory
from wparchive.store.errors import write_error
from wparchive.store.schema import open_db

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
DB_PATH = click.Path(file_okay=True, dir_okay=False, allow_dash=False, path_type=Path)
EXISTING_DB = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="wparchive")
def cli() -> None:
    """Rescue WordPress blogs into a searchable SQLite archive."""


def progress_factory(quiet: bool) -> ProgressFactory | None:
    if quiet:
        return None

    def make(label: str, size: int) -> Any:
        return progress_bar(size, label)

    return make


def open_archive(db_path: Path) -> sqlite_utils.Database:
    try:
        return open_db(db_path)
    except Exception as error:  # sqlite3.DatabaseError and friends: say it in one line
        raise click.ClickException(f"{db_path}: cannot open as an SQLite archive ({error})") from None


@contextmanager
def writing(db_path: Path, quiet: bool) -> Iterator[None]:
    """The archive's writer lock; a busy archive or a failed write ends in one line, never a traceback."""
    say = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    try:
        with lock.writing(db_path, say=say):
            yield
    except lock.ArchiveBusy as error:
        raise click.ClickException(str(error)) from None
    except sqlite3.Error as error:
        raise click.ClickException(f"{db_path}: {write_error(error)}") from None
