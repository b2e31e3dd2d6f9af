"""Post files rendered in worker processes (body to Markdown, front matter, the file written), in order.

HTML to Markdown (markdownify over BeautifulSoup) and creating thousands of files are most of a
static export's time, and each post's file depends only on its HTML, its front matter and its
path, which the writer decides (slugs must be unique, so names are given out in one place). So the
writer reads posts, names them and hands each file to a worker; the workers convert, write and
return what the report counts, in post order. Posts travel in chunks; at most ``2 × jobs`` chunks
are in flight, so memory is bounded by the chunks, not the archive. Small sites are rendered in
the writer's own process (workers would cost more to start than they save).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from wparchive.export.body import Body, to_markdown
from wparchive.export.comments_data import data_text, thread_of
from wparchive.export.converter import PostConverter
from wparchive.export.frontmatter import document
from wparchive.export.generators import Generator
from wparchive.model import CommentRecord
from wparchive.parallel import _context as worker_context

CHUNK = 32  # posts per task: enough to repay the hand-over, small enough to keep memory flat
INLINE_POSTS = 200  # sites with fewer posts are rendered in the writer's process
_CONVERTERS: dict[str, PostConverter] = {}
Tag = TypeVar("Tag")


@dataclass
class PostFile:
    """One post's files: its stored HTML, front matter and path; its comments and their data file."""

    html: str
    fields: dict[str, Any]
    path: Path
    comments: list[CommentRecord] = field(default_factory=list)
    data_path: Path | None = None


@dataclass
class _Pending(Generic[Tag]):
    tags: list[Tag]
    future: Future[list[Body]]


def render_chunk(generator: Generator, files: list[PostFile], include_private: bool) -> list[Body]:
    """Convert and write each file and its thread; what each body held (media, shortcodes), its
    Markdown left out (it is on disk)."""
    name = generator.name
    converter = _CONVERTERS.get(name) or _CONVERTERS.setdefault(name, PostConverter(name))
    bodies = []
    for file in files:
        body = to_markdown(file.html, converter)
        _write(file.path, document(file.fields, body.markdown))
        if file.data_path is not None:
            comments = thread_of(file.comments, include_private)
            _write(file.data_path, data_text(comments, generator.data_suffix))
        bodies.append(replace(body, markdown=""))
    return bodies


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="replace")


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def render_files(
    work: Iterable[tuple[Tag, PostFile]],
    generator: Generator,
    total: int,
    include_private: bool,
    jobs: int | None = None,
) -> Iterator[tuple[Tag, Body]]:
    """Each tag with the body of its file once the file is written, in the order given."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs == 1 or total < INLINE_POSTS:
        for tag, file in work:
            yield tag, render_chunk(generator, [file], include_private)[0]
        return
    with ProcessPoolExecutor(jobs, mp_context=worker_context()) as pool:
        pending: deque[_Pending[Tag]] = deque()
        for chunk in _chunks(work):
            files = [file for _, file in chunk]
            future = pool.submit(render_chunk, generator, files, include_private)
            pending.append(_Pending([tag for tag, _ in chunk], future))
            while len(pending) > 2 * jobs:
                yield from _done(pending.popleft())
        while pending:
            yield from _done(pending.popleft())


def _chunks(work: Iterable[tuple[Tag, PostFile]]) -> Iterator[list[tuple[Tag, PostFile]]]:
    chunk: list[tuple[Tag, PostFile]] = []
    for entry in work:
        chunk.append(entry)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _done(pending: _Pending[Tag]) -> Iterator[tuple[Tag, Body]]:
    yield from zip(pending.tags, pending.future.result(), strict=True)
