"""The ``stats`` command: counts, date range, top authors and commenters."""

from __future__ import annotations

import json
from pathlib import Path

import click

from wparchive import report
from wparchive.cli.main import EXISTING_DB, cli, open_archive
from wparchive.stats import archive_stats


@cli.command()
@click.argument("db_path", type=EXISTING_DB)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--top", default=5, show_default=True, help="How many authors, commenters and threads to list.")
def stats(db_path: Path, as_json: bool, top: int) -> None:
    """Counts, date range, top authors and commenters, deepest threads."""
    figures = archive_stats(open_archive(db_path), top=top)
    click.echo(json.dumps(figures, indent=2, ensure_ascii=False) if as_json else report.stats_report(figures))
