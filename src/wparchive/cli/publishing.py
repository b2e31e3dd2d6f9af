"""The ``publish`` and ``serve`` commands: a public copy for Datasette, and Datasette on an archive."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import click

from wparchive import report
from wparchive.cli.main import EXISTING_DB, cli, open_archive
from wparchive.store.shape import ensure_db_shape


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

    db = open_archive(db_path)
    ensure_db_shape(db)
    options = ["--host", host, "--port", str(port)] + ["--open"] * open_browser + ["--reload"] * reload
    sys.exit(serve_archive(db, db_path, [*options, *datasette_options], title))
