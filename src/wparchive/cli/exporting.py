"""The ``export`` command: the archive as WXR, Markdown for static sites, or data files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click

from wparchive import report
from wparchive.cli.main import EXISTING_DB, cli
from wparchive.progress import progress_bar

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
