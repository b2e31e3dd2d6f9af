"""What every exporter receives and returns.

An exporter is a function ``write(job) -> Written``: it reads the archive through the store's read
layer (``wparchive.store.read``), writes under ``job.out`` and tells ``job.advance`` how many
posts it has written (the progress bar). Without ``--include-private`` the archive it reads is a
private working copy from which every private value was removed by publish's own rules
(``store.privacy``), so no exporter has to decide what is public.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils


class ExportError(Exception):
    """A one-line reason the export cannot be written."""


@dataclass
class ExportJob:
    db: sqlite_utils.Database  # the archive to read (private values already removed unless asked)
    out: Path  # OUT as the user gave it: a folder, or a file for single-file formats
    site_ids: list[int]  # the sites to export, in id order (one with --site)
    advance: Callable[[int], None] = lambda posts: None
    include_private: bool = False


@dataclass
class Written:
    """What an exporter wrote, for the report."""

    files: list[Path] = field(default_factory=list)
    posts: int = 0
    comments: int = 0
    notes: list[str] = field(default_factory=list)  # what a user should know (skipped, converted, …)

    def add(self, other: Written) -> None:
        self.files += other.files
        self.posts += other.posts
        self.comments += other.comments
        self.notes += other.notes


Exporter = Callable[[ExportJob], Written]
