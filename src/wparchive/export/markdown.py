"""``--format markdown|hugo|jekyll|eleventy``: one Markdown file per post and page, for a static site.

Each post and page becomes a Markdown file with YAML front matter (``frontmatter``), its body
converted from WordPress's HTML (``body``), and its comment thread a data file beside it
(``comments_data``), in the folders each generator expects (``generators.GENERATORS``):

- ``markdown``: ``posts/<slug>.md``, ``pages/<slug>.md``, ``comments/<key>.json``;
- ``hugo``: ``content/posts/<slug>.md``, ``content/<slug>.md``, ``data/comments/<key>.json``;
- ``jekyll``: ``_posts/YYYY-MM-DD-<slug>.md`` (unpublished: ``_drafts/<slug>.md``), ``<slug>.md``,
  ``_data/comments/<key>.json`` (Jekyll reads JSON data files as YAML ones, and JSON is written faster);
- ``eleventy``: ``posts/<slug>.md``, ``<slug>.md``, ``_data/comments/<key>.json``.

Hugo, Jekyll and Eleventy also get a minimal site (templates that show a post and its nested
thread, and a configuration), so ``hugo``, ``jekyll build`` or ``npx @11ty/eleventy`` builds the blog
as it is. Every site gets ``media.json`` (``media``). One site goes into OUT; several go into
OUT/<host> each. Posts stream from the read layer one at a time: memory holds names and media URLs,
never bodies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wparchive.export.base import ExportError, ExportJob, Written
from wparchive.export.body import Body, post_html
from wparchive.export.comments_data import thread_comments
from wparchive.export.frontmatter import Placement, day_of, front_matter, is_draft, new_path
from wparchive.export.generators import GENERATORS, Generator, write_site
from wparchive.export.media import MediaBook, write_manifest
from wparchive.export.slugs import SiteNames, site_folders
from wparchive.export.workers import PostFile, render_files
from wparchive.model import PostRecord, SiteRecord
from wparchive.store.read import read_authors, read_posts, read_site

CONTENT_TYPES = ("post", "page")


def write_markdown(job: ExportJob) -> Written:
    return write_static(job, GENERATORS["markdown"])


def write_hugo(job: ExportJob) -> Written:
    return write_static(job, GENERATORS["hugo"])


def write_jekyll(job: ExportJob) -> Written:
    return write_static(job, GENERATORS["jekyll"])


def write_eleventy(job: ExportJob) -> Written:
    return write_static(job, GENERATORS["eleventy"])


def write_static(job: ExportJob, generator: Generator) -> Written:
    """Every site of the job for ``generator``: OUT for one site, OUT/<host> for several."""
    if job.out.exists() and not job.out.is_dir():
        raise ExportError(f"{job.out} exists and is not a folder")
    sites = {site_id: read_site(job.db, site_id) for site_id in job.site_ids}
    written = Written()
    for site_id, folder in site_folders(job.out, {i: site.url for i, site in sites.items()}).items():
        written.add(_write_site(job, generator, site_id, sites[site_id], folder))
    return written


@dataclass
class SiteExport:
    """What one site's export needs while its posts stream by, and what it has counted."""

    generator: Generator
    folder: Path
    home: str
    include_private: bool
    authors: dict[str, str]
    media: MediaBook
    names: SiteNames = field(default_factory=SiteNames)
    written: Written = field(default_factory=Written)
    kinds: Counter[str] = field(default_factory=Counter)  # posts, pages, drafts written
    skipped: Counter[str] = field(default_factory=Counter)  # other post types, by type
    converted: Counter[str] = field(default_factory=Counter)  # shortcodes rewritten
    left: Counter[str] = field(default_factory=Counter)  # posts keeping a shortcode, by name


def _write_site(
    job: ExportJob, generator: Generator, site_id: int, site: SiteRecord, folder: Path
) -> Written:
    folder.mkdir(parents=True, exist_ok=True)
    home = site.url.rstrip("/")
    authors = {a.login: a.display_name or a.login for a in read_authors(job.db, site_id)}
    state = SiteExport(generator, folder, home, job.include_private, authors, MediaBook(home))
    state.written.files += write_site(generator, folder, site)
    total = job.db.execute("SELECT count(*) FROM posts WHERE site_id = ?", (site_id,)).fetchone()[0]
    files = _post_files(state, read_posts(job.db, site_id), job)
    for (post, relative, data), body in render_files(files, generator, total, job.include_private):
        _count_post(state, post, relative, body)
        if data is not None:
            state.written.files.append(data)
    listed, held = write_manifest(state.media, folder / "media.json")
    state.written.files.append(folder / "media.json")
    state.written.notes += _notes(state, site, listed, held)
    return state.written


def _post_files(
    state: SiteExport, posts: Iterable[PostRecord], job: ExportJob
) -> Iterator[tuple[tuple[PostRecord, Path, Path | None], PostFile]]:
    """Each post or page named, its comment thread written, and its own file to render."""
    for post in posts:
        job.advance(1)  # every row counts towards the bar, written or not
        if post.post_type == "attachment":
            state.media.attachment(post)
        if post.post_type not in CONTENT_TYPES:
            state.skipped[post.post_type or "no type"] += 1
            continue
        relative, fields, key = _place_post(state, post)
        generator = state.generator
        data = _inside(state, Path(generator.data_dir) / f"{key}{generator.data_suffix}") if key else None
        comments = thread_comments(post.comments) if data is not None else []
        file = PostFile(post_html(post), fields, _inside(state, relative), comments, data)
        yield (post, relative, data), file


def _place_post(state: SiteExport, post: PostRecord) -> tuple[Path, dict[str, Any], str | None]:
    """The post's unique name, file path, front matter and comment thread's key."""
    generator = state.generator
    slug = state.names.slug_for(post)
    key = state.names.thread_key(slug, post) if post.comments else None
    place = Placement(slug, new_path(post, slug), key, is_draft(post))
    relative = _file_path(generator, post, place)
    fields = front_matter(post, place, generator, state.authors.get(post.author_login or ""), state.home)
    state.written.comments += len(post.comments)
    state.kinds["drafts"] += place.draft
    return relative, fields, key


def _count_post(state: SiteExport, post: PostRecord, relative: Path, body: Body) -> None:
    """What the report counts of a written post: its file, its media, its shortcodes."""
    state.written.files.append(state.folder / relative)
    for url in body.media:
        state.media.use(url, relative.as_posix())
    state.media.use_post(post, relative.as_posix())
    state.written.posts += 1
    state.kinds["pages" if post.post_type == "page" else "posts"] += 1
    state.converted.update(body.converted)
    state.left.update(body.left.keys())


def _file_path(generator: Generator, post: PostRecord, place: Placement) -> Path:
    """Where the post goes, relative to the site folder; the slug is one safe segment (``slugs``)."""
    name = f"{place.slug}.md"
    if post.post_type == "page":
        return Path(generator.page_dir) / name
    if place.draft and generator.draft_dir:
        return Path(generator.draft_dir) / name
    if generator.dated_names:
        name = f"{day_of(post)}-{name}"
    return Path(generator.post_dir) / name


def _inside(state: SiteExport, relative: Path) -> Path:
    """The file's path in the site folder; slugs cannot leave it, and this makes sure (by the
    path's parts: resolving every path on disk cost more than writing it)."""
    if relative.is_absolute() or ".." in relative.parts:
        raise ExportError(f"{relative} would be written outside {state.folder}")
    return state.folder / relative


def _write_text(state: SiteExport, relative: Path, text: str) -> None:
    path = _inside(state, relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="replace")
    state.written.files.append(path)


def _notes(state: SiteExport, site: SiteRecord, listed: int, held: int) -> list[str]:
    """One line per site, as the other exports report: what was written, converted, left."""
    kinds = state.kinds
    parts = [f"{site.url}: {kinds['posts']} posts and {kinds['pages']} pages in {state.folder}"]
    if kinds["drafts"]:
        parts.append(f"{kinds['drafts']} of them unpublished (marked draft)")
    if state.converted:
        parts.append("converted: " + _counts(state.converted))
    if state.left:
        parts.append("shortcodes left as written (posts using each): " + _counts(state.left))
    parts.append(f"media.json lists {listed} media URLs, {held} of them attachments in the archive")
    if state.skipped:
        parts.append("not written (not posts or pages): " + _counts(state.skipped))
    return ["; ".join(parts)]


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counter.most_common())
