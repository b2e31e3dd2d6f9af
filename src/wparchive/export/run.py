"""One export: which sites, from which copy of the archive, through which writer.

Private values follow the rule of ``publish``: unless ``include_private``, the archive is copied
into a private working folder beside OUT (``store.workcopy``), ``store.privacy.remove_private``
removes what is not public, and the writer reads that copy, which is removed afterwards whatever
happens. What was held back is reported, as publish reports it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import sqlite_utils

from wparchive.export import formats
from wparchive.export.base import ExportError, ExportJob, Written
from wparchive.pingbacks import url_key
from wparchive.store.privacy import PUBLIC_POST_TYPES, HeldBack, remove_private
from wparchive.store.workcopy import Interrupted, copy_database, private_work_folder

ProgressFactory = Callable[[str, int], Any]


def site_ids(db: sqlite_utils.Database, site: str | None) -> list[int]:
    """The sites to export: all, or the one whose URL matches ``site`` (scheme, www. and a trailing
    slash aside)."""
    rows = db.execute("SELECT id, url FROM sites ORDER BY id").fetchall()
    if site is None:
        return [row[0] for row in rows]
    wanted = url_key(site if "://" in site else f"http://{site}")  # "blog.example.org" as typed
    found = [row[0] for row in rows if url_key(row[1]) == wanted or row[1] == site]
    if not found:
        known = ", ".join(row[1] for row in rows[:5]) or "none"
        raise ExportError(f"no site {site} in the archive (its sites: {known})")
    return found


def export_archive(
    db_path: Path,
    format_name: str,
    out: Path,
    site: str | None = None,
    include_private: bool = False,
    progress: ProgressFactory | None = None,
    force: bool = False,
) -> tuple[Written, HeldBack | None]:
    """Write the export; what it wrote, and what privacy held back (None with include_private)."""
    writer = formats().get(format_name)
    if writer is None:
        raise ExportError(f"unknown format {format_name!r}; choose one of {', '.join(sorted(formats()))}")
    check_out(out, force)
    with ExitStack() as stack:
        try:
            db, held = _archive_to_read(stack, db_path, out, include_private)
            ids = site_ids(db, site)
            bar = (
                stack.enter_context(progress(f"exporting {format_name}", _posts(db, ids)))
                if progress
                else None
            )
            job = ExportJob(
                db, out, ids, advance=bar.update if bar else lambda n: None, include_private=include_private
            )
            written = writer(job)
            _mark(out, format_name)
            return written, held
        except Interrupted as stop:
            raise ExportError(f"export {stop}; the private working copy was removed") from None


EXPORT_MARKER = ".wparchive-export.json"  # an export wrote this folder: a new export may replace it


def check_out(out: Path, force: bool) -> None:
    """Refuse a folder holding someone else's files (a Hugo site, a home folder): an export writes
    config.yaml, layouts/ and the like and would replace theirs. An earlier export's folder, an
    empty one, or --force is fine."""
    if not out.is_dir() or force or (out / EXPORT_MARKER).exists() or not any(out.iterdir()):
        return
    raise ExportError(
        f"{out} is not empty and was not written by wparchive export; choose an empty or new folder, "
        "or add --force to write into it"
    )


def _mark(out: Path, format_name: str) -> None:
    if out.is_dir():
        (out / EXPORT_MARKER).write_text(
            json.dumps({"written_by": "wparchive export", "format": format_name})
        )


def _archive_to_read(
    stack: ExitStack, db_path: Path, out: Path, include_private: bool
) -> tuple[sqlite_utils.Database, HeldBack | None]:
    if include_private:
        db = sqlite_utils.Database(db_path)
        stack.callback(db.close)
        return db, None
    folder = stack.enter_context(private_work_folder(out.resolve().parent))
    copy = folder / "archive.db"
    copy_database(db_path, copy)
    db = sqlite_utils.Database(copy)
    stack.callback(db.close)
    return db, remove_private(db, PUBLIC_POST_TYPES)


def _posts(db: sqlite_utils.Database, ids: list[int]) -> int:
    marks = ",".join("?" * len(ids)) or "NULL"
    return db.execute(f"SELECT count(*) FROM posts WHERE site_id IN ({marks})", ids).fetchone()[0]
