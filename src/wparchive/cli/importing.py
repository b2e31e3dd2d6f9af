"""The ``import`` command: read every input, store each source in its own transaction."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import click
import sqlite_utils

from wparchive import report
from wparchive.cli.main import DB_PATH, cli, open_archive, progress_factory, writing
from wparchive.cluster import ClusterSettings, ClusterUnavailable, ShardPlan, Sizes, check, import_on_cluster
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
@click.option(
    "--every-page",
    is_flag=True,
    help="Read every HTML page of a crawl, not only those of WordPress and Blogger blogs.",
)
@click.option(
    "--cluster",
    "cluster_address",
    metavar="ADDRESS",
    help="Read crawls and mirror folders on a Dask cluster: a scheduler address (tcp://host:8786), or "
    "local:N for N workers started for this run. Needs pip install 'wparchive[cluster]'.",
)
@click.option(
    "--partition-mb",
    default=Sizes.partition_bytes >> 20,
    show_default=True,
    type=click.IntRange(1, 65536),
    help="With --cluster: the bytes of a crawl (or of a mirror's documents) one worker reads at a time.",
)
@click.option(
    "--shard-above",
    "shard_above_mb",
    type=click.IntRange(0, None),
    metavar="MB",
    help="With --cluster: a partition holding more than MB of pages is stored by its worker in a shard "
    "(an archive of its own, merged here) instead of being sent back.",
)
@click.option(
    "--shard-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where workers write shards: a folder this machine and the workers share (default: DB_PATH.shards).",
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
    every_page: bool,
    cluster_address: str | None,
    partition_mb: int,
    shard_above_mb: int | None,
    shard_dir: Path | None,
) -> None:
    """Import WXR exports, saved web pages, feeds, crawls and text pages into DB_PATH.

    INPUT is a WXR export (.xml, .xml.gz, .zip), a Disqus export, a saved page
    (.html, a Wayback capture), a WordPress REST API response (wp-json/...), a
    folder (a wget or HTTrack mirror: every page and feed in it), a WARC or ARC
    crawl (.warc, .warc.gz), an RSS/Atom feed or a plain-text page; the format
    is detected from the content. Each document is imported in its own
    transaction: a source that fails leaves the archive as it was (but for its
    audit row in the sources table), and the others still import.
    """
    existed = db_path.exists()
    settings = _cluster_settings(db_path, cluster_address, partition_mb, shard_above_mb, shard_dir)
    db = open_archive(db_path)
    options = ReadOptions(site_url, max_item_mb << 20, progress_factory(quiet), input_format, every_page)
    say_error = lambda line: click.echo(f"Error: {line}", err=True)  # noqa: E731
    try:
        with writing(db_path, quiet), SummaryPrinter(as_json, quiet) as printer:
            if settings is None:
                imported, failures = import_inputs(
                    db, inputs, options, not no_clean, printer.add, say_error, jobs
                )
            else:
                imported, failures = _on_cluster(
                    db, inputs, options, not no_clean, printer.add, say_error, settings, jobs, quiet
                )
            ensure_db_shape(db)
    except ClusterUnavailable as error:  # a scheduler out of reach: an archive made for it goes too
        if not existed:
            _remove_new_archive(db, db_path)
        raise click.ClickException(str(error)) from None
    if not existed and not imported:
        _remove_new_archive(db, db_path)  # nothing was imported: leave no archive behind
    if failures:
        raise click.ClickException(f"{failures} of {failures + imported} sources could not be imported")


def _cluster_settings(
    db_path: Path, address: str | None, partition_mb: int, shard_above_mb: int | None, shard_dir: Path | None
) -> ClusterSettings | None:
    if not address:
        return None
    try:
        check(address)  # before the archive is opened: a missing extra must not leave an empty archive
    except ClusterUnavailable as error:
        raise click.ClickException(str(error)) from None
    shards = None
    if shard_above_mb is not None:
        shards = ShardPlan(shard_above_mb << 20, str(shard_dir or f"{db_path}.shards"))
    return ClusterSettings(address, Sizes(partition_mb << 20), shards)


def _on_cluster(
    db: sqlite_utils.Database,
    inputs: tuple[str, ...],
    options: ReadOptions,
    clean: bool,
    on_result: Callable[[ImportResult], None],
    on_error: Callable[[str], None],
    settings: ClusterSettings,
    jobs: int,
    quiet: bool,
) -> tuple[int, int]:
    imported, failures, summary = import_on_cluster(
        db, inputs, options, clean, on_result, on_error, settings, jobs
    )
    if not quiet:
        click.echo(report.cluster_report(summary), err=True)
    return imported, failures


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
