"""The ``import`` command: read every input, store each source in its own transaction."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
import sqlite_utils

from wparchive import report
from wparchive.cli.main import DB_PATH, cli, open_archive, progress_factory, writing
from wparchive.ingest import ImportResult, import_inputs
from wparchive.readers import FORMATS
from wparchive.readers.base import ReadOptions
from wparchive.readers.text import UNFILED
from wparchive.readers.wxr.stream import DEFAULT_MAX_ITEM_BYTES
from wparchive.store.shape import ensure_db_shape


@cli.command(name="import")
@click.argument("db_path", type=DB_PATH)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the per-source summaries as JSON.")
@click.option(
    "--site",
    "site_url",
    default=None,
    help=f"Site URL to file scraped pages under (default: where the same page went before, else {UNFILED}). "
    "WXR exports name their own site.",
)
@click.option(
    "--no-clean",
    is_flag=True,
    help="Do not run the artefact rules (see wparchive clean) on what is imported.",
)
@click.option(
    "--jobs",
    "-j",
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    type=click.IntRange(1, 256),
    help="Read pages (saved pages, feeds, a crawl's HTML) in this many worker processes; "
    "one writer stores them.",
)
@click.option(
    "--format",
    "input_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Read every input as this format instead of detecting it from the content.",
)
@click.option(
    "--max-item-mb",
    default=DEFAULT_MAX_ITEM_BYTES >> 20,
    show_default=True,
    type=click.IntRange(1, 4096),
    help="Refuse an export item (or channel header) larger than this, decompressed: memory stays bounded.",
)
def import_(
    db_path: Path,
    inputs: tuple[str, ...],
    quiet: bool,
    as_json: bool,
    site_url: str | None,
    no_clean: bool,
    jobs: int,
    input_format: str | None,
    max_item_mb: int,
) -> None:
    """Import WXR exports, saved web pages, feeds, crawls and text pages into DB_PATH.

    INPUT is a WXR export (.xml, .xml.gz, .zip), a saved page (.html, a Wayback
    capture), a folder (a wget or HTTrack mirror: every page and feed in it), a
    WARC or ARC crawl (.warc, .warc.gz), an RSS/Atom feed or a plain-text page;
    the format is detected from the content. Each document is imported in its own
    transaction: a source that fails leaves the archive as it was (but for its
    audit row in the sources table), and the others still import.
    """
    existed = db_path.exists()
    db = open_archive(db_path)
    options = ReadOptions(site_url, max_item_mb << 20, progress_factory(quiet), input_format)
    say_error = lambda line: click.echo(f"Error: {line}", err=True)  # noqa: E731
    with writing(db_path, quiet), SummaryPrinter(as_json, quiet) as printer:
        imported, failures = import_inputs(db, inputs, options, not no_clean, printer.add, say_error, jobs)
        ensure_db_shape(db)
    if not existed and not imported:
        _remove_new_archive(db, db_path)  # nothing was imported: leave no archive behind
    if failures:
        raise click.ClickException(f"{failures} of {failures + imported} sources could not be imported")


class SummaryPrinter:
    """Each source's summary as soon as it is imported (a JSON array with --json): a folder of
    100,000 pages must not keep 100,000 summaries in memory until the end."""

    def __init__(self, as_json: bool, quiet: bool) -> None:
        self.as_json, self.quiet, self.count = as_json, quiet, 0

    def __enter__(self) -> SummaryPrinter:
        return self

    def add(self, result: ImportResult) -> None:
        self.count += 1
        if self.as_json:
            text = json.dumps(result.__dict__, indent=2, ensure_ascii=False)
            click.echo(("[\n" if self.count == 1 else ",\n") + text, nl=False)
        elif not self.quiet:
            click.echo(report.import_summary(result))

    def __exit__(self, *exc_info: object) -> None:
        if self.as_json:
            click.echo("\n]" if self.count else "[]")


def _remove_new_archive(db: sqlite_utils.Database, db_path: Path) -> None:
    db.close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
