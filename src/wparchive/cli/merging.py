"""The ``merge`` command: other archives (shards) into one, each shard in its own transaction."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click
import sqlite_utils

from wparchive import report
from wparchive.cli.main import DB_PATH, cli, open_archive, progress_factory, writing
from wparchive.merge.run import MergeResult, merge_shards
from wparchive.store.shape import ensure_db_shape


@cli.command(name="merge")
@click.argument("db_path", type=DB_PATH)
@click.argument("shards", nargs=-1, required=True, metavar="SHARD...", type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the per-shard summaries as JSON.")
@click.option(
    "--no-clean",
    is_flag=True,
    help="Do not run the artefact rules (see wparchive clean) on what is merged.",
)
def merge(db_path: Path, shards: tuple[Path, ...], quiet: bool, as_json: bool, no_clean: bool) -> None:
    """Merge other archives (SHARD: e.g. one per part of a crawl) into DB_PATH.

    Each source of a shard is written again as an import writes it, so posts and comments the
    archive already holds are matched (posts by WordPress id, URL or GUID; comments by id, else by
    author and text), never duplicated, and merging the same shard again changes nothing. Each shard
    is merged in its own transaction: one that cannot be read (not an archive, damaged, another
    schema version) or that the archive refuses is left out whole, and the others still merge.
    Shards are opened read-only. DB_PATH is created when missing.
    """
    existed = db_path.exists()
    db = open_archive(db_path)
    figures: list[dict] = []  # --json: every shard, merged or not, in the order given

    def add(result: MergeResult) -> None:
        figures.append(asdict(result))
        if not as_json and not quiet:
            click.echo(report.merge_summary(result))

    def say_error(shard: Path, reason: str) -> None:
        figures.append({"shard": str(shard), "error": reason})
        click.echo(f"Error: {shard}: {reason}", err=True)

    with writing(db_path, quiet):
        merged, failures = merge_shards(db, shards, not no_clean, add, say_error, progress_factory(quiet))
        ensure_db_shape(db)
    if as_json:
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
    if not existed and not merged:
        _remove_new_archive(db, db_path)  # nothing was merged: leave no archive behind
    if failures:
        raise click.ClickException(f"{failures} of {failures + merged} shards could not be merged")


def _remove_new_archive(db: sqlite_utils.Database, db_path: Path) -> None:
    db.close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
