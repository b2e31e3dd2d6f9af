"""What the commands print: each result of the library as text for a person.

Kept apart from ``cli.py`` (which only parses options and calls the library)
and from the library (which returns data, never prints).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wparchive.clean.engine import CleanReport
from wparchive.clean.rules import RULES
from wparchive.cluster.summary import ClusterSummary
from wparchive.ingest import ImportResult
from wparchive.merge.run import MergeResult, Tally

MAX_WARNINGS_SHOWN = 10


def import_summary(result: ImportResult) -> str:
    """A short reconciliation report for one source: what was read, what was stored."""
    summary = result.summary
    lines = [f"{result.label}: {result.status}, {summary['items_read']} items"]
    page = summary.get("page")
    if page:  # a saved page, a capture, a crawl's page: where it was and when
        captured = f", captured {page['captured_at']}" if page.get("captured_at") else ""
        lines.append(f"  page: {page['url'] or '(no URL stated)'}{captured}")
    for section in ("posts", "comments_by_type", "comments_by_status"):
        parts = [_read_and_stored(key, counts) for key, counts in summary[section].items()]
        if parts:
            lines.append(f"  {section.replace('_', ' ')}: " + ", ".join(parts))
    lines.append(
        f"  authors {summary['authors']}, terms {summary['terms']}, dangling parents "
        f"{summary['dangling_parents']}"
    )
    if summary.get("cleaned"):
        lines.append(
            "  cleaned: " + ", ".join(f"{rule} {count}" for rule, count in sorted(summary["cleaned"].items()))
        )
    lines += [f"  warning: {warning}" for warning in result.warnings[:MAX_WARNINGS_SHOWN]]
    if len(result.warnings) > MAX_WARNINGS_SHOWN:
        lines.append(
            f"  ... and {len(result.warnings) - MAX_WARNINGS_SHOWN} more warnings (see the sources table)"
        )
    return "\n".join(lines)


def _read_and_stored(key: str, counts: dict[str, int]) -> str:
    text = f"{key or '(none)'} {counts['stored']}"
    return text if counts["read"] == counts["stored"] else f"{text} (read {counts['read']})"


def clean_report(report: CleanReport, dry_run: bool) -> str:
    verb = "would change" if dry_run else "changed"
    edits = sum(report.by_rule.values())
    lines = [
        f"{verb} {report.rows_changed} rows ({edits} edits in {report.characters_scanned:,} characters "
        f"scanned)"
    ]
    lines += [f"  {rule}: {count}" for rule, count in sorted(report.by_rule.items())]
    lines += [f"  in {table}: {count}" for table, count in sorted(report.by_table.items())]
    lines += [
        f"  flagged, kept as written ({rule}): {count}" for rule, count in sorted(report.flagged.items())
    ]
    return "\n".join(lines)


def clean_figures(report: CleanReport, dry_run: bool) -> dict[str, Any]:
    """``clean --json``: the same figures as the report, as data."""
    return {
        "dry_run": dry_run,
        "rows_changed": report.rows_changed,
        "edits": sum(report.by_rule.values()),
        "characters_scanned": report.characters_scanned,
        "by_rule": dict(sorted(report.by_rule.items())),
        "by_table": dict(sorted(report.by_table.items())),
        "flagged": dict(sorted(report.flagged.items())),
    }


def undo_report(values: int, rows: int) -> str:
    return (
        f"restored {rows} rows ({values} stored values: a text and its plain-text copy count as two) "
        "to what was imported, undoing `clean` and the cleaning each import runs"
    )


def publish_figures(site_dir: Path, result: dict[str, Any]) -> dict[str, Any]:
    """``publish --json``: what was published and what was held back, by reason."""
    summary, held = result["summary"], result["held_back"]
    return {
        "site_dir": str(site_dir),
        "title": summary.get("title"),
        "posts": summary["posts"],
        "pages": summary.get("pages"),
        "comments": summary["comments"],
        "pingbacks": summary.get("pingbacks"),
        "private_values_kept": result["include_private"],
        "held_back": {"posts": dict(held.posts), "comments": dict(held.comments)},
        "warnings": list(held.warnings),
    }


def rule_catalogue(markdown: bool) -> str:
    """``clean --list-rules``: each rule, an example, its risk (the Markdown is docs/cleaning-rules.md)."""
    if not markdown:
        return "\n".join(
            f"{rule.name}\n    {rule.summary}\n    example: {rule.example}\n    look-alikes kept: {rule.risk}"
            for rule in RULES
        )
    lines = [
        "| rule | matches | example | false-positive risk, and the look-alike that is kept | undone by |",
        "|---|---|---|---|---|",
    ]
    for rule in RULES:
        example = rule.example.replace("|", "\\|")
        lines.append(f"| `{rule.name}` | {rule.summary} | `{example}` | {rule.risk} | `clean --undo` |")
    return "\n".join(lines)


def publish_report(site_dir: Path, result: dict[str, Any]) -> str:
    summary, held = result["summary"], result["held_back"]
    privacy = (
        "private values kept (--include-private)" if result["include_private"] else "private values removed"
    )
    lines = [f"{site_dir}: {summary['posts']} posts, {summary['comments']} comments; {privacy}"]
    for what, counts in (("posts", held.posts), ("comments", held.comments)):
        if counts:
            lines.append(
                f"  held back, {what}: " + ", ".join(f"{reason} {count}" for reason, count in counts.items())
            )
    lines.append(f"serve it with: datasette {site_dir}")
    return "\n".join(lines)


def stats_report(figures: dict[str, Any]) -> str:
    """The figures of ``wparchive stats`` as lines a person reads: no "None" anywhere."""
    lines = [_site_line(site) for site in figures["sites"]]
    dates = figures["date_range"]
    lines.append(f"dates: {dates['first']} to {dates['last']}" if dates["first"] else "dates: none stated")
    lines.append("posts: " + _listing(figures["posts_by_type_status"], "{post_type}/{status} {count}"))
    lines.append(
        "comments: " + _listing(figures["comments_by_type_status"], "{comment_type}/{status} {count}")
    )
    authors = [{**row, "author": row["author"] or "(no name)"} for row in figures["top_authors"]]
    lines.append("top authors: " + _listing(authors, "{author} ({posts})"))
    lines.append("top commenters: " + _listing(figures["top_commenters"], "{commenter} ({comments})"))
    threads = [
        f"“{r['post'] or 'Untitled'}” depth {r['depth']} ({r['comments']} comments)"
        for r in figures["deepest_threads"]
    ]
    lines.append("deepest threads: " + ", ".join(threads))
    pingbacks = figures["pingbacks"]
    lines.append(f"pingbacks: {pingbacks['total']} ({pingbacks['internal']} from posts in this archive)")
    lines.append("sources: " + _listing(figures["sources"], "{status} {count}"))
    for source in figures["recovered_sources"]:
        lines.append(
            f"  recovered: {source['path']}: " + "; ".join(json.loads(source["warnings"] or "[]")[:3])
        )
    return "\n".join(lines)


def _site_line(site: dict[str, Any]) -> str:
    name = site["title"] if site["title"] and site["title"] != site["url"] else None
    wxr = f", WXR {site['wxr_version']}" if site["wxr_version"] else ""
    where = f"{name} ({site['url']})" if name else site["url"]
    return f"site {site['id']}: {where}{wxr}: {site['posts']} posts, {site['comments']} comments"


def _listing(rows: list[dict[str, Any]], template: str) -> str:
    return ", ".join(template.format(**row) for row in rows)


def export_figures(format_name: str, out: Path, written: Any, held: Any) -> dict[str, Any]:
    """``export --json``: files, posts and comments written, and what privacy held back."""
    return {
        "format": format_name,
        "out": str(out),
        "files": len(written.files),
        "posts": written.posts,
        "comments": written.comments,
        "notes": written.notes,
        "private_values_kept": held is None,
        "held_back": {"posts": dict(held.posts), "comments": dict(held.comments)} if held else {},
    }


def export_report(format_name: str, out: Path, written: Any, held: Any) -> str:
    files = f"{len(written.files)} file{'s' * (len(written.files) != 1)}"
    lines = [f"{out}: {format_name}, {files}, {written.posts} posts, {written.comments} comments"]
    if held is None:
        lines.append("  private values kept (--include-private)")
    for what, counts in (("posts", held.posts if held else {}), ("comments", held.comments if held else {})):
        if counts:
            lines.append(f"  held back, {what}: " + ", ".join(f"{r} {n}" for r, n in counts.items()))
    lines += [f"  {note}" for note in written.notes]
    return "\n".join(lines)


def merge_summary(result: MergeResult) -> str:
    """``merge``: one shard, its sources, posts and comments, new to the archive or matched in it."""
    failed = f"; {result.failed_sources} had failed" if result.failed_sources else ""
    parts = [
        f"{_counted(result.sources, 'source', 'already in the archive')}{failed}",
        _counted(result.posts, "post", "matched"),
        _counted(result.comments, "comment", "matched"),
    ]
    return f"{result.shard}: " + ", ".join(parts) + f" ({result.seconds:.1f} s)"


def _counted(tally: Tally, noun: str, matched: str) -> str:
    total = tally.new + tally.matched
    return f"{total} {noun}{'s' * (total != 1)} ({tally.new} new, {tally.matched} {matched})"


def cluster_report(summary: ClusterSummary) -> str:
    """What the cluster read and found, and each worker's share (on stderr, after the sources)."""
    figures = summary.as_dict()
    lines = [
        f"cluster: {_plural(figures['partitions'], 'partition')} read in {figures['seconds']} s "
        f"({figures['failed_partitions']} failed; workers ready after {figures['startup_seconds']} s)",
        f"  WARC records {figures['warc_records']}, HTML responses {figures['html_responses']}, "
        f"blog pages {figures['blog_pages']} ({figures['pages_read_on_workers']} read on workers, "
        f"{figures['pages_per_second']} pages/s)",
        f"  stored: {figures['posts']} posts, {figures['comments']} comments"
        + (f"; {figures['shards_merged']} shards merged" if figures["shards_merged"] else ""),
    ]
    for name, share in figures["workers"].items():
        lines.append(
            f"  worker {name}: {_plural(share['partitions'], 'partition')}, {share['pages']} pages in "
            f"{share['seconds']} s ({share['pages_per_second']} pages/s)"
        )
    return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
