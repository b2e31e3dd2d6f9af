"""Post files rendered in worker processes (body to Markdown, front matter, thread), in order.

HTML to Markdown (markdownify over BeautifulSoup) is most of a static export's time, and each
post's file depends only on its HTML, its front matter and its path, which the writer decides
(slugs must be unique, so names are given out in one place). So the writer reads posts, names them
and hands each file to a worker; the workers convert and return the files' text and what the report
counts, in post order, and the writer writes the files (one process creating them, each folder made
once; the workers only compute). Posts travel in chunks; at most ``2 × jobs`` chunks are in
flight, so memory is bounded by the chunks, not the archive. Small sites are rendered in the
writer's own process (workers would cost more to start than they save).
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
from wparchive.export.comments_data import ThreadComment, data_text, thread_of
from wparchive.export.converter import PostConverter
from wparchive.export.frontmatter import document
from wparchive.export.generators import Generator
from wparchive.parallel import worker_context

CHUNK = 32  # posts per task: enough to repay the hand-over, small enough to keep memory flat
INLINE_POSTS = 200  # sites with fewer posts are rendered in the writer's process
_CONVERTERS: dict[str, PostConverter] = {}
_MADE: set[Path] = set()  # folders the writer has made (thousands of files share a few)
Tag = TypeVar("Tag")


@dataclass
class PostFile:
    """One post's files: its stored HTML, front matter and path; its comments and their data file."""

    html: str
    fields: dict[str, Any]
    path: Path
    comments: list[ThreadComment] = field(default_factory=list)
    data_path: Path | None = None


# A rendered file: what its body held (media, shortcodes; its Markdown left out), the post file's
# text and its thread's data file's text (None without a thread).
Rendered = tuple[Body, str, str | None]
Paths = tuple[Path, Path | None]  # where a rendered file and its thread go


@dataclass
class _Pending(Generic[Tag]):
    tags: list[tuple[Tag, Paths]]
    future: Future[list[Rendered]]


def render_chunk(generator: Generator, files: list[PostFile], include_private: bool) -> list[Rendered]:
    """Convert each file and its thread, in order."""
    name = generator.name
    converter = _CONVERTERS.get(name) or _CONVERTERS.setdefault(name, PostConverter(name))
    rendered: list[Rendered] = []
    for file in files:
        body = to_markdown(file.html, converter)
        data = None
        if file.data_path is not None:
            data = data_text(thread_of(file.comments, include_private), generator.data_suffix)
        rendered.append((replace(body, markdown=""), document(file.fields, body.markdown), data))
    return rendered


def _written(paths: Paths, rendered: Rendered) -> Body:
    """The rendered file and its thread written where they go; what the body held."""
    body, text, data = rendered
    _write(paths[0], text)
    if paths[1] is not None and data is not None:
        _write(paths[1], data)
    return body


def _write(path: Path, text: str) -> None:
    folder = path.parent
    if folder not in _MADE:
        folder.mkdir(parents=True, exist_ok=True)
        _MADE.add(folder)
    try:
        path.write_text(text, encoding="utf-8", errors="replace")
    except FileNotFoundError:  # removed meanwhile
        folder.mkdir(parents=True, exist_ok=True)
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
    _MADE.clear()  # an earlier export's folders may be gone
    if jobs == 1 or total < INLINE_POSTS:
        for tag, file in work:
            rendered = render_chunk(generator, [file], include_private)[0]
            yield tag, _written((file.path, file.data_path), rendered)
        return
    with ProcessPoolExecutor(jobs, mp_context=worker_context()) as pool:
        pending: deque[_Pending[Tag]] = deque()
        for chunk in _chunks(work):
            files = [file for _, file in chunk]
            future = pool.submit(render_chunk, generator, files, include_private)
            pending.append(_Pending([(tag, (file.path, file.data_path)) for tag, file in chunk], future))
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
    for (tag, paths), rendered in zip(pending.tags, pending.future.result(), strict=True):
        yield tag, _written(paths, rendered)
