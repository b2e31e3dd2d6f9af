"""The ``wparchive`` command line: thin click commands over the library."""

from __future__ import annotations

import json
import sqlite3
import sys
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import click

from wparchive import __version__, lock
from wparchive.clean import engine
from wparchive.clean.rules import RULES
from wparchive.importer import TEXT_SITE, ImportFailed, ImportResult, import_text, import_wxr, write_error
from wparchive.inputs import InputError, InputSource, Unreadable, expand_inputs
from wparchive.readers.wxr.stream import DEFAULT_MAX_ITEM_BYTES
from wparchive.stats import archive_stats
from wparchive.store.schema import open_db
from wparchive.store.shape import ensure_db_shape

if TYPE_CHECKING:
    import sqlite_utils

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
DB_PATH = click.Path(file_okay=True, dir_okay=False, allow_dash=False, path_type=Path)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="wparchive")
def cli() -> None:
    """Rescue WordPress blogs into a searchable SQLite archive."""


def _progress_factory(quiet: bool):
    if quiet:
        return None

    def make(label: str, size: int) -> Any:
        return click.progressbar(length=max(size, 1), label=label, file=sys.stderr, show_eta=True)

    return make


def _open(db_path: Path):
    try:
        return open_db(db_path)
    except Exception as error:  # sqlite3.DatabaseError and friends: say it in one line
        raise click.ClickException(f"{db_path}: cannot open as an SQLite archive ({error})") from None


@cli.command(name="import")
@click.argument("db_path", type=DB_PATH)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the per-source summaries as JSON.")
@click.option(
    "--site",
    "site_url",
    default=None,
    help=f"Site URL to file scraped pages under (default: where the same page went before, else {TEXT_SITE}). "
    "WXR exports name their own site.",
)
@click.option("--no-clean", is_flag=True, help="Do not run the artefact rules (see wparchive clean) on what is imported.")
@click.option(
    "--max-item-mb",
    default=DEFAULT_MAX_ITEM_BYTES >> 20,
    show_default=True,
    type=click.IntRange(1, 4096),
    help="Refuse an export item (or channel header) larger than this once decompressed: memory stays bounded.",
)
def import_(
    db_path: Path, inputs: tuple[str, ...], quiet: bool, as_json: bool, site_url: str | None, no_clean: bool, max_item_mb: int
) -> None:
    """Import WXR exports and plain-text pages into DB_PATH.

    INPUT is a WXR export (.xml, .xml.gz, .zip), a plain-text page, or a folder
    of them; the format is detected from the content. Each document is imported
    in its own transaction: a source that fails leaves the archive as it was
    (but for its audit row in the sources table), and the others still import.
    """
    existed = db_path.exists()
    db = _open(db_path)
    options = ImportOptions(site_url, _progress_factory(quiet), not no_clean, max_item_mb << 20)
    with _writing(db_path, quiet), SummaryPrinter(as_json, quiet) as printer:
        imported, failures = import_all(db, inputs, options, printer.add)
        ensure_db_shape(db)
    if not existed and not imported:
        _remove_new_archive(db, db_path)  # nothing was imported: leave no archive behind
    if failures:
        raise click.ClickException(f"{failures} of {failures + imported} sources could not be imported")


@dataclass
class ImportOptions:
    site_url: str | None
    progress: Any
    clean: bool
    max_item_bytes: int


class SummaryPrinter:
    """Each source's summary as soon as it is imported (a JSON array with --json): a folder of
    100,000 pages must not keep 100,000 summaries in memory until the end."""

    def __init__(self, as_json: bool, quiet: bool) -> None:
        self.as_json, self.quiet, self.count = as_json, quiet, 0

    def __enter__(self) -> "SummaryPrinter":
        return self

    def add(self, result: ImportResult) -> None:
        self.count += 1
        if self.as_json:
            text = json.dumps(result.__dict__, indent=2, ensure_ascii=False)
            click.echo(("[\n" if self.count == 1 else ",\n") + text, nl=False)
        elif not self.quiet:
            click.echo(format_summary(result))

    def __exit__(self, *exc_info: object) -> None:
        if self.as_json:
            click.echo("\n]" if self.count else "[]")


def import_all(
    db: "sqlite_utils.Database", inputs: tuple[str, ...], options: ImportOptions, report: Callable[[ImportResult], None]
) -> tuple[int, int]:
    """Import every document the arguments name; one line on stderr for each that fails.

    Returns (sources imported, sources that failed); each result goes to ``report``.
    """
    imported = failures = 0
    for argument in inputs:
        try:
            for source in expand_inputs([argument]):
                if isinstance(source, Unreadable):
                    failures += 1
                    click.echo(f"Error: {source.label}: {source.reason}", err=True)
                    continue
                try:
                    report(import_one(db, source, options))
                    imported += 1
                except ImportFailed as error:
                    failures += 1
                    click.echo(f"Error: {source.label}: {error}", err=True)
        except InputError as error:
            failures += 1
            click.echo(f"Error: {error}", err=True)
    return imported, failures


def import_one(db: "sqlite_utils.Database", source: InputSource, options: ImportOptions) -> ImportResult:
    """Detect the input's format from its content and import it."""
    try:
        kind = source.kind()
    except (OSError, EOFError, zlib.error) as error:
        raise ImportFailed(f"could not read the input: {error}") from None
    if kind == "text":
        return import_text(db, source, options.site_url, clean=options.clean)
    return import_wxr(db, source, options.progress, clean=options.clean, max_item_bytes=options.max_item_bytes)


def _remove_new_archive(db: "sqlite_utils.Database", db_path: Path) -> None:
    db.close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


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


def format_summary(result: ImportResult) -> str:
    """A short human reconciliation report for one source."""
    summary = result.summary
    lines = [f"{result.label}: {result.status}, {summary['items_read']} items"]
    for section in ("posts", "comments_by_type", "comments_by_status"):
        parts = [
            f"{key or '(none)'} {counts['stored']}" + ("" if counts["read"] == counts["stored"] else f" (read {counts['read']})")
            for key, counts in summary[section].items()
        ]
        if parts:
            lines.append(f"  {section.replace('_', ' ')}: " + ", ".join(parts))
    lines.append(f"  authors {summary['authors']}, terms {summary['terms']}, dangling parents {summary['dangling_parents']}")
    if summary.get("cleaned"):
        lines.append("  cleaned: " + ", ".join(f"{rule} {count}" for rule, count in sorted(summary["cleaned"].items())))
    for warning in result.warnings[:10]:
        lines.append(f"  warning: {warning}")
    if len(result.warnings) > 10:
        lines.append(f"  ... and {len(result.warnings) - 10} more warnings (see the sources table)")
    return "\n".join(lines)


@cli.command(name="clean")
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--dry-run", is_flag=True, help="Report what would change, change nothing.")
@click.option("--list-rules", is_flag=True, help="List the rules with an example each, and exit.")
@click.option("--rule", "rule_names", multiple=True, metavar="NAME", help="Run only this rule (repeatable).")
@click.option("--undo", is_flag=True, help="Restore every value cleaning changed, exactly.")
@click.option("--markdown", is_flag=True, help="With --list-rules: the catalogue as a Markdown table.")
@click.option("-q", "--quiet", is_flag=True, help="No report.")
def clean_command(
    db_path: Path | None, dry_run: bool, list_rules: bool, rule_names: tuple[str, ...], undo: bool, markdown: bool, quiet: bool
) -> None:
    """Remove artefacts (PHP warnings, boilerplate, mojibake …) from stored posts and comments.

    Every change is recorded in the artefacts table with the exact original text;
    --undo puts everything back. Import runs the same rules (unless --no-clean).
    """
    if list_rules and markdown:
        click.echo("| rule | matches | example | false-positive risk, and the look-alike that is kept | undone by |")
        click.echo("|---|---|---|---|---|")
        for rule in RULES:
            example = rule.example.replace("|", "\\|")
            click.echo(f"| `{rule.name}` | {rule.summary} | `{example}` | {rule.risk} | `clean --undo` |")
        return
    if list_rules:
        for rule in RULES:
            click.echo(f"{rule.name}\n    {rule.summary}\n    example: {rule.example}\n    look-alikes kept: {rule.risk}")
        return
    if db_path is None:
        raise click.UsageError("Missing argument 'DB_PATH'.")
    db = _open(db_path)
    if undo:
        if rule_names or dry_run:
            raise click.ClickException("--undo restores everything cleaning changed; it takes no --rule or --dry-run")
        with _writing(db_path, quiet), db.atomic():
            restored = engine.undo(db)
        if not quiet:
            click.echo(f"restored {restored} values")
        return
    try:
        rules = engine.select_rules(rule_names)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    with _writing(db_path, quiet):
        report = _run_clean(db, rules, dry_run, quiet)
    if not quiet:
        click.echo(format_clean_report(report, dry_run))


def _run_clean(db: "sqlite_utils.Database", rules: list, dry_run: bool, quiet: bool) -> engine.CleanReport:
    """The rules over the whole archive in one transaction, rolled back for a dry run."""
    total = db.conn.execute("SELECT (SELECT count(*) FROM posts) + (SELECT count(*) FROM comments)").fetchone()[0]
    db.conn.execute("BEGIN")
    try:
        if quiet:
            report = engine.clean(db, rules)
        else:
            with click.progressbar(length=max(total, 1), label="cleaning posts and comments", file=sys.stderr) as bar:
                report = engine.clean(db, rules, progress=bar.update)
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("ROLLBACK" if dry_run else "COMMIT")
    return report


def format_clean_report(report: engine.CleanReport, dry_run: bool) -> str:
    verb = "would change" if dry_run else "changed"
    lines = [f"{verb} {report.rows_changed} rows ({sum(report.by_rule.values())} edits in {report.characters_scanned:,} characters scanned)"]
    for rule, count in sorted(report.by_rule.items()):
        lines.append(f"  {rule}: {count}")
    for table, count in sorted(report.by_table.items()):
        lines.append(f"  in {table}: {count}")
    for rule, count in sorted(report.flagged.items()):
        lines.append(f"  flagged, kept as written ({rule}): {count}")
    return "\n".join(lines)


@cli.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("site_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--include-private", is_flag=True, help="Keep e-mails, IPs, passwords, unapproved comments and unpublished posts.")
@click.option(
    "--public-type",
    "public_types",
    multiple=True,
    metavar="TYPE",
    help="Also publish posts of this custom post type (repeatable); post, page and attachment always are.",
)
@click.option("--allow-sql", is_flag=True, help="Let visitors run their own SQL (off by default: one query can tie up the server).")
@click.option("--force", is_flag=True, help="Publish into a non-empty folder publish did not write, replacing only its own files.")
@click.option("-q", "--quiet", is_flag=True, help="No report.")
def publish(
    db_path: Path, site_dir: Path, include_private: bool, public_types: tuple[str, ...], allow_sql: bool, force: bool, quiet: bool
) -> None:
    """Write SITE_DIR: a privacy-safe public copy and its Datasette configuration.

    Serve it with `datasette SITE_DIR` (Datasette 0.65 or 1.0).
    """
    from wparchive.publish.site import PublishError, publish as publish_site

    if site_dir.resolve() == db_path.resolve().parent:
        raise click.ClickException("SITE_DIR must not be the folder that holds the working database")
    try:
        step = (lambda message: None) if quiet else (lambda message: click.echo(f"{message}…", err=True))
        result = publish_site(
            db_path, site_dir, include_private=include_private, step=step, force=force, public_types=public_types, allow_sql=allow_sql
        )
    except (PublishError, OSError, sqlite3.Error) as error:
        raise click.ClickException(str(error)) from None
    for warning in result["held_back"].warnings:
        click.echo(f"Warning: {warning}", err=True)
    if not quiet:
        click.echo(format_publish_report(site_dir, result))


def format_publish_report(site_dir: Path, result: dict[str, Any]) -> str:
    summary, held = result["summary"], result["held_back"]
    privacy = "private values kept (--include-private)" if result["include_private"] else "private values removed"
    lines = [f"{site_dir}: {summary['posts']} posts, {summary['comments']} comments; {privacy}"]
    for what, counts in (("posts", held.posts), ("comments", held.comments)):
        if counts:
            lines.append(f"  held back, {what}: " + ", ".join(f"{reason} {count}" for reason, count in counts.items()))
    lines.append(f"serve it with: datasette {site_dir}")
    return "\n".join(lines)


@cli.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
def serve(db_path: Path, host: str, port: int) -> None:
    """Open the working archive in Datasette with wparchive's configuration."""
    import os
    import tempfile

    from wparchive.publish.config import write_site_files
    from wparchive.publish.site import archive_summary

    db = _open(db_path)
    ensure_db_shape(db)
    config_dir = Path(tempfile.mkdtemp(prefix="wparchive-serve-"))
    write_site_files(config_dir, archive_summary(db), public_copy=False, database=db_path.stem)
    command = [
        sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(config_dir / "metadata.yml"),
        "--template-dir", str(config_dir / "templates"), "--plugins-dir", str(config_dir / "plugins"),
        "--host", host, "--port", str(port),
    ]  # fmt: skip
    for name, value in json.loads((config_dir / "settings.json").read_text()).items():
        command += ["--setting", name, str(value)]
    os.execv(sys.executable, command)


@cli.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--top", default=5, show_default=True, help="How many authors, commenters and threads to list.")
def stats(db_path: Path, as_json: bool, top: int) -> None:
    """Counts, date range, top authors and commenters, deepest threads."""
    db = _open(db_path)
    figures = archive_stats(db, top=top)
    if as_json:
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    click.echo(render_stats(figures))


def render_stats(figures: dict[str, Any]) -> str:
    lines = []
    for site in figures["sites"]:
        lines.append(f"site {site['id']}: {site['title'] or site['url']} ({site['url']}), WXR {site['wxr_version']}: "
                     f"{site['posts']} posts, {site['comments']} comments")
    dates = figures["date_range"]
    lines.append(f"dates: {dates['first']} to {dates['last']}")
    lines.append("posts: " + ", ".join(f"{r['post_type']}/{r['status']} {r['count']}" for r in figures["posts_by_type_status"]))
    lines.append("comments: " + ", ".join(f"{r['comment_type']}/{r['status']} {r['count']}" for r in figures["comments_by_type_status"]))
    lines.append("top authors: " + ", ".join(f"{r['author']} ({r['posts']})" for r in figures["top_authors"]))
    lines.append("top commenters: " + ", ".join(f"{r['commenter']} ({r['comments']})" for r in figures["top_commenters"]))
    lines.append("deepest threads: " + ", ".join(f"{r['post']!r} depth {r['depth']} ({r['comments']} comments)" for r in figures["deepest_threads"]))
    lines.append(f"pingbacks: {figures['pingbacks']['total']} ({figures['pingbacks']['internal']} from posts in this archive)")
    lines.append("sources: " + ", ".join(f"{r['status']} {r['count']}" for r in figures["sources"]))
    for source in figures["recovered_sources"]:
        lines.append(f"  recovered: {source['path']}: " + "; ".join(json.loads(source["warnings"] or "[]")[:3]))
    return "\n".join(lines)
