"""The ``wparchive`` command line: options, one library call, print (``report`` formats)."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import sqlite_utils

from wparchive import __version__, lock, report
from wparchive.clean import engine
from wparchive.ingest import ImportResult, import_inputs, write_error
from wparchive.progress import progress_bar
from wparchive.readers import FORMATS
from wparchive.readers.base import ProgressFactory, ReadOptions
from wparchive.readers.text import UNFILED
from wparchive.readers.wxr.stream import DEFAULT_MAX_ITEM_BYTES
from wparchive.stats import archive_stats
from wparchive.store.schema import open_db
from wparchive.store.shape import ensure_db_shape

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
DB_PATH = click.Path(file_okay=True, dir_okay=False, allow_dash=False, path_type=Path)
EXISTING_DB = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="wparchive")
def cli() -> None:
    """Rescue WordPress blogs into a searchable SQLite archive."""


def _progress_factory(quiet: bool) -> ProgressFactory | None:
    if quiet:
        return None

    def make(label: str, size: int) -> Any:
        return progress_bar(size, label)

    return make


def _open(db_path: Path) -> sqlite_utils.Database:
    try:
        return open_db(db_path)
    except Exception as error:  # sqlite3.DatabaseError and friends: say it in one line
        raise click.ClickException(f"{db_path}: cannot open as an SQLite archive ({error})") from None


@contextmanager
def _writing(db_path: Path, quiet: bool) -> Iterator[None]:
    """The archive's writer lock; a busy archive or a failed write ends in one line, never a traceback."""
    say = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    try:
        with lock.writing(db_path, say=say):
            yield
    except lock.ArchiveBusy as error:
        raise click.ClickException(str(error)) from None
    except sqlite3.Error as error:
        raise click.ClickException(f"{db_path}: {write_error(error)}") from None


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
    db = _open(db_path)
    options = ReadOptions(site_url, max_item_mb << 20, _progress_factory(quiet), input_format)
    say_error = lambda line: click.echo(f"Error: {line}", err=True)  # noqa: E731
    with _writing(db_path, quiet), SummaryPrinter(as_json, quiet) as printer:
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


@cli.command(name="clean")
@click.argument("db_path", type=EXISTING_DB, required=False)
@click.option("--dry-run", is_flag=True, help="Report what would change, change nothing.")
@click.option("--list-rules", is_flag=True, help="List the rules with an example each, and exit.")
@click.option("--rule", "rule_names", multiple=True, metavar="NAME", help="Run only this rule (repeatable).")
@click.option("--undo", is_flag=True, help="Restore every value cleaning changed, exactly.")
@click.option("--markdown", is_flag=True, help="With --list-rules: the catalogue as a Markdown table.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No report.")
def clean_command(
    db_path: Path | None,
    dry_run: bool,
    list_rules: bool,
    rule_names: tuple[str, ...],
    undo: bool,
    markdown: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Remove artefacts (PHP warnings, boilerplate, mojibake …) from stored posts and comments.

    Every change is recorded in the artefacts table with the exact original text;
    --undo puts everything back. Import runs the same rules (unless --no-clean).
    """
    if list_rules:
        click.echo(report.rule_catalogue(markdown))
        return
    if db_path is None:
        raise click.UsageError("Missing argument 'DB_PATH'.")
    if undo and (rule_names or dry_run):
        raise click.ClickException(
            "--undo restores everything cleaning changed; it takes no --rule or --dry-run"
        )
    try:
        rules = engine.select_rules(rule_names)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db = _open(db_path)
    with _writing(db_path, quiet):
        if undo:
            with db.atomic():
                restored = engine.undo(db)
        elif quiet or as_json:
            result = engine.clean_archive(db, rules, dry_run)
        else:
            bar = progress_bar(engine.rows_to_clean(db), "cleaning posts and comments")
            with bar:
                result = engine.clean_archive(db, rules, dry_run, progress=bar.update)
    if as_json:
        figures = {"restored_values": restored[0], "restored_rows": restored[1]} if undo else None
        click.echo(json.dumps(figures or report.clean_figures(result, dry_run), indent=2))
    elif not quiet:
        click.echo(report.undo_report(*restored) if undo else report.clean_report(result, dry_run))


@cli.command()
@click.argument("db_path", type=EXISTING_DB)
@click.argument("site_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--include-private",
    is_flag=True,
    help="Keep e-mails, IPs, passwords, unapproved comments and unpublished posts.",
)
@click.option(
    "--public-type",
    "public_types",
    multiple=True,
    metavar="TYPE",
    help="Also publish posts of this custom post type (repeatable); post, page and attachment always are.",
)
@click.option(
    "--allow-sql",
    is_flag=True,
    help="Let visitors run their own SQL (off by default: one query can tie up the server).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Publish into a non-empty folder publish did not write, replacing only its own files.",
)
@click.option("--title", help="The archive's heading (default: its site's name, or how many blogs it holds).")
@click.option("--json", "as_json", is_flag=True, help="Print what was published and held back as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No report.")
def publish(
    db_path: Path,
    site_dir: Path,
    include_private: bool,
    public_types: tuple[str, ...],
    allow_sql: bool,
    force: bool,
    title: str | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Write SITE_DIR: a privacy-safe public copy and its Datasette configuration.

    Serve it with `datasette SITE_DIR` (Datasette 0.65 or 1.0).
    """
    # Imported here, as in serve: an import (the common command) need not load YAML and the site code.
    from wparchive.publish.site import PublishError
    from wparchive.publish.site import publish as publish_site

    if site_dir.resolve() == db_path.resolve().parent:
        raise click.ClickException("SITE_DIR must not be the folder that holds the working database")
    step = (
        (lambda message: None) if quiet or as_json else (lambda message: click.echo(f"{message}…", err=True))
    )
    try:
        result = publish_site(
            db_path,
            site_dir,
            include_private=include_private,
            step=step,
            force=force,
            public_types=public_types,
            allow_sql=allow_sql,
            title=title,
        )
    except (PublishError, OSError, sqlite3.Error) as error:
        raise click.ClickException(str(error)) from None
    for warning in result["held_back"].warnings:
        click.echo(f"Warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(report.publish_figures(site_dir, result), indent=2))
    elif not quiet:
        click.echo(report.publish_report(site_dir, result))


@cli.command(context_settings={"help_option_names": ["--help"], "ignore_unknown_options": True})
@click.argument("db_path", type=EXISTING_DB)
@click.option(
    "-h", "--host", default="127.0.0.1", show_default=True, help="Host to listen on (as Datasette's -h)."
)
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port (0: any free port).")
@click.option("-o", "--open", "open_browser", is_flag=True, help="Open the archive in a web browser.")
@click.option("--reload", is_flag=True, help="Restart when templates, plugins or metadata change.")
@click.option("--title", help="The archive's heading (default: from its sites).")
@click.argument("datasette_options", nargs=-1, type=click.UNPROCESSED)
def serve(
    db_path: Path,
    host: str,
    port: int,
    open_browser: bool,
    reload: bool,
    title: str | None,
    datasette_options: tuple[str, ...],
) -> None:
    """Open the working archive in Datasette with wparchive's configuration.

    Options after `--` go to `datasette serve` as they are, e.g.
    `wparchive serve blog.db -p 8002 -- --setting sql_time_limit_ms 5000`.
    """
    from wparchive.publish.serve import serve as serve_archive

    db = _open(db_path)
    ensure_db_shape(db)
    options = ["--host", host, "--port", str(port)] + ["--open"] * open_browser + ["--reload"] * reload
    sys.exit(serve_archive(db, db_path, [*options, *datasette_options], title))


EXPORT_FORMATS = ["wxr", "markdown", "hugo", "jekyll", "eleventy", "redirects", "jsonl", "csv", "parquet"]


@cli.command(name="export")
@click.argument("db_path", type=EXISTING_DB)
@click.option(
    "--format", "format_name", required=True, type=click.Choice(EXPORT_FORMATS), help="What to write."
)
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--site", help="Export only this site (its URL; scheme, www. and trailing slash do not matter)."
)
@click.option(
    "--include-private", is_flag=True, help="Keep e-mails, IPs, drafts, unapproved comments, private meta."
)
@click.option("--force", is_flag=True, help="Write into a non-empty folder that export did not write.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written and held back as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no report.")
def export(
    db_path: Path,
    format_name: str,
    out: Path,
    site: str | None,
    include_private: bool,
    force: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Write the archive (or one site) as FORMAT into OUT, for a static site, WordPress or analysis.

    Private values are left out as `publish` leaves them out, unless --include-private.
    """
    from wparchive.export import ExportError
    from wparchive.export.run import export_archive

    progress = None if quiet or as_json else (lambda label, size: progress_bar(size, label))
    try:
        written, held = export_archive(db_path, format_name, out, site, include_private, progress, force)
    except (ExportError, OSError, sqlite3.Error) as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(report.export_figures(format_name, out, written, held), indent=2))
    elif not quiet:
        click.echo(report.export_report(format_name, out, written, held))


@cli.command()
@click.argument("db_path", type=EXISTING_DB)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--top", default=5, show_default=True, help="How many authors, commenters and threads to list.")
def stats(db_path: Path, as_json: bool, top: int) -> None:
    """Counts, date range, top authors and commenters, deepest threads."""
    figures = archive_stats(_open(db_path), top=top)
    click.echo(json.dumps(figures, indent=2, ensure_ascii=False) if as_json else report.stats_report(figures))
