"""Cutting the arguments of a cluster import into partitions, in the order a local import reads them.

A gzipped WARC file is cut into spans of bytes (each record is a gzip member, so a worker finds
the first record of its span by itself); a plain WARC or an ARC file is one partition; a folder
(a wget mirror) gives runs of its documents, its crawls cut as above. Anything else (an export, a
single page) is not for the cluster: it is imported where the archive is, as without ``--cluster``.
Partitions keep the order of the documents, so storing their results in partition order gives the
archive a local import gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wparchive import warc
from wparchive.gzmember import is_gzipped_warc
from wparchive.inputs import folder_files, is_crawl, path_label


@dataclass(frozen=True)
class Partition:
    """A piece of work for one worker: a span of a crawl, or a run of a mirror's documents."""

    index: int
    argument: str  # the argument it comes from (its progress bar)
    crawl: str | None = None  # the crawl file, read in ``span``
    span: warc.Span = warc.WHOLE
    files: tuple[str, ...] = field(default_factory=tuple)  # or these documents, read one by one

    @property
    def label(self) -> str:
        if self.crawl is None:
            first, last = path_label(self.files[0]), path_label(self.files[-1])
            return first if first == last else f"{first} … {last}"
        end = "end" if self.span.end is None else self.span.end
        return f"{path_label(self.crawl)} (bytes {self.span.start}–{end})"


@dataclass(frozen=True)
class Sizes:
    partition_bytes: int = 16 << 20  # a span of a crawl (about 2,000 responses), or a mirror's documents
    partition_files: int = 500  # documents of a mirror per partition, at most


def plan(argument: str, sizes: Sizes, first_index: int = 0) -> list[Partition] | None:
    """The partitions of an argument, or None when it is not a crawl or a folder (import it here)."""
    path = Path(argument)
    if path.is_dir():
        return list(_folder(argument, folder_files(path), sizes, first_index)) or None
    if path.is_file() and is_crawl(path):
        return list(_crawl(argument, path, sizes, first_index))
    return None


def _crawl(argument: str, path: Path, sizes: Sizes, index: int) -> Iterator[Partition]:
    size = path.stat().st_size
    if not _splittable(path) or size <= sizes.partition_bytes:
        yield Partition(index, argument, str(path))
        return
    starts = range(0, size, sizes.partition_bytes)
    for number, start in enumerate(starts):
        end = start + sizes.partition_bytes if start + sizes.partition_bytes < size else None
        yield Partition(index + number, argument, str(path), warc.Span(start, end))


def _splittable(path: Path) -> bool:
    """A gzipped WARC: its records are gzip members, found from any offset. A plain WARC's records
    could only be found by trusting text inside them, and an ARC's first lines say nothing sure."""
    with open(path, "rb") as handle:
        return is_gzipped_warc(handle)


def _folder(argument: str, files: list[Path], sizes: Sizes, index: int) -> Iterator[Partition]:
    run: list[str] = []
    run_bytes = 0
    for file in files:
        if is_crawl(file):
            if run:
                yield Partition(index, argument, files=tuple(run))
                index, run, run_bytes = index + 1, [], 0
            crawl = list(_crawl(argument, file, sizes, index))
            yield from crawl
            index += len(crawl)
            continue
        run.append(str(file))
        run_bytes += file.stat().st_size
        if len(run) >= sizes.partition_files or run_bytes >= sizes.partition_bytes:
            yield Partition(index, argument, files=tuple(run))
            index, run, run_bytes = index + 1, [], 0
    if run:
        yield Partition(index, argument, files=tuple(run))
