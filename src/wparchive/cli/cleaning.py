"""The ``clean`` command: run, list, dry-run or undo the artefact rules."""

from __future__ import annotations

import json
from pathlib import Path

import click

from wparchive import report
from wparchive.clean import engine
from wparchive.cli.main import EXISTING_DB, cli, open_archive, writing
from wparchive.progress import progress_bar


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
    db = open_archive(db_path)
    with writing(db_path, quiet):
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
