"""Migrate out: ``wparchive export DB --format FORMAT OUT``, one module per format.

``run.export_archive`` picks the sites, makes the private-free working copy and calls the format's
writer; ``FORMATS`` names the writers (each module has one job).
"""

from __future__ import annotations

from wparchive.export.base import Exporter, ExportError, ExportJob, Written

__all__ = ["ExportError", "ExportJob", "Exporter", "Written", "formats"]


def formats() -> dict[str, Exporter]:
    """Format name -> writer, imported when asked for (an export loads only its own format)."""
    from wparchive.export import wxr

    found: dict[str, Exporter] = {"wxr": wxr.write}
    return found
