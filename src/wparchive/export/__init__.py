"""Migrate out: ``wparchive export DB --format FORMAT OUT``, one module per format.

``run.export_archive`` picks the sites, makes the private-free working copy and calls the format's
writer; ``FORMATS`` names the writers (each module has one job).
"""

from __future__ import annotations

from wparchive.export.base import Exporter, ExportError, ExportJob, Written

__all__ = ["ExportError", "ExportJob", "Exporter", "Written", "formats"]


def formats() -> dict[str, Exporter]:
    """Format name -> writer, imported when asked for (an export loads only its own format's code)."""
    from wparchive.export import markdown, redirects, tables, wxr

    return {
        "wxr": wxr.write,
        "markdown": markdown.write_markdown,
        "hugo": markdown.write_hugo,
        "jekyll": markdown.write_jekyll,
        "eleventy": markdown.write_eleventy,
        "redirects": redirects.write,
        "jsonl": tables.write_jsonl,
        "csv": tables.write_csv,
        "parquet": tables.write_parquet,
    }
