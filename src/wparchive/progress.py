"""A progress bar over one argument of ``wparchive import``: pages of a folder, bytes of a crawl.

A single export shows its own bar (bytes read), and so does each file of a small folder (a split
export); a larger folder shows one bar counting its documents, and a WARC file one counting its
bytes, so a mirror of 100,000 pages shows one bar rather than 100,000.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from wparchive.inputs import Expanded, folder_files, is_crawl
from wparchive.readers.base import ProgressFactory

FEW = 5  # a folder of so few documents (a split export) shows each document's own bar


@dataclass
class Progress:
    bar: Any
    by_bytes: bool
    done: int = 0

    @classmethod
    def of(cls, argument: str, factory: ProgressFactory | None) -> Progress | None:
        """The bar for an argument that holds many documents, when bars are wanted."""
        if factory is None:
            return None
        path = Path(argument)
        if path.is_dir():
            count = len(folder_files(path))
            return cls(factory(f"{path.name}: documents", count), False) if count > FEW else None
        if path.is_file() and is_crawl(path):
            return cls(factory(f"{path.name}: crawl", path.stat().st_size), True)
        return None

    def advance(self, source: Expanded) -> None:
        position = getattr(source, "position", None)
        if self.by_bytes:
            if position is not None and position > self.done:
                self.bar.update(position - self.done)
                self.done = position
            return
        self.bar.update(1)

    def close(self) -> None:
        finish = getattr(self.bar, "render_finish", None)
        if finish is not None:
            finish()


LABEL_WIDTH = 32  # label, bar, percentage and time left fit on an 80-column terminal


def short_label(label: str, width: int = LABEL_WIDTH) -> str:
    """A label of at most ``width`` characters: a path gives its file name, and a long name is cut
    in the middle ("thomaslarock.Wor….xml: documents")."""
    label = label.rsplit("/", 1)[-1]
    if len(label) <= width:
        return label
    keep = width - 1
    return label[: keep - keep // 2] + "…" + label[len(label) - keep // 2 :]


def progress_bar(size: int, label: str) -> Any:
    """A progress bar on stderr as wide as the terminal allows, its label short enough to leave room."""
    return click.progressbar(
        length=max(size, 1), label=short_label(label), file=sys.stderr, show_eta=True, width=0
    )
