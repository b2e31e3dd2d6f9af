"""``--format markdown|hugo|jekyll|eleventy``: one Markdown file per post and page, for a static site.

Each post and page becomes a Markdown file with YAML front matter (``frontmatter``), its body
converted from WordPress's HTML (``body``), and its comment thread a data file beside it
(``comments_data``), in the folders each generator expects (``generators.GENERATORS``):

- ``markdown``: ``posts/<slug>.md``, ``pages/<slug>.md``, ``comments/<key>.json``;
- ``hugo``: ``content/posts/<slug>.md``, ``content/<slug>.md``, ``data/comments/<key>.json``;
- ``jekyll``: ``_posts/YYYY-MM-DD-<slug>.md`` (unpublished: ``_drafts/<slug>.md``), ``<slug>.md``,
  ``_data/comments/<key>.yml``;
- ``eleventy``: ``posts/<slug>.md``, ``<slug>.md``, ``_data/comments/<key>.json``.

Hugo, Jekyll and Eleventy also get a minimal site (templates that show a post and its nested
thread, and a configuration), so ``hugo``, ``jekyll build`` or ``npx @11ty/eleventy`` builds the blog
as it is. Every site gets ``media.json`` (``media``). One site goes into OUT; several go into
OUT/<host> each. Posts stream from the read layer one at a time: memory holds names and media URLs,
never bodies.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wparchive.export.base import ExportError, ExportJob, Written
from wparchive.export.body import post_html, to_markdown
from wparchive.export.comments_data import thread
from wparchive.export.converter import PostConverter
from wparchive.export.frontmatter import Placement, day_of, document, front_matter, is_draft, new_path
from wparchive.export.generators import GENERATORS, Generator, dump_yaml, write_site
from wparchive.export.media import MediaBook, write_manifest
from wparchive.export.slugs import SiteNames, site_folders
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
    converter: PostConverter
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
    state = SiteExport(
        generator, folder, home, job.include_private, authors, PostConverter(generator.name), MediaBook(home)
    )
    state.written.files += write_site(generator, folder, site)
    for post in read_posts(job.db, site_id):
        job.advance(1)  # every row counts towards the bar, written or not
        if post.post_type == "attachment":
            state.media.attachment(post)
        if post.post_type in CONTENT_TYPES:
            _write_post(state, post)
        else:
            state.skipped[post.post_type or "no type"] += 1
    listed, held = write_manifest(state.media, folder / "media.json")
    state.written.files.append(folder / "media.json")
    state.written.notes += _notes(state, site, listed, held)
    return state.written


def _write_post(state: SiteExport, post: PostRecord) -> None:
    generator = state.generator
    slug = state.names.slug_for(post)
    comments = thread(post, state.include_private)
    key = state.names.thread_key(slug, post) if comments else None
    place = Placement(slug, new_path(post, slug), key, is_draft(post))
    relative = _file_path(generator, post, place)
    body = to_markdown(post_html(post), state.converter)
    fields = front_matter(post, place, generator, state.authors.get(post.author_login or ""), state.home)
    _write_text(state, relative, document(fields, body.markdown))
    if key is not None:
        data = Path(generator.data_dir) / f"{key}{generator.data_suffix}"
        _write_text(state, data, _data_text(comments, generator))
    for url in body.media:
        state.media.use(url, relative.as_posix())
    state.media.use_post(post, relative.as_posix())
    state.written.posts += 1
    state.written.comments += len(comments)
    state.kinds["pages" if post.post_type == "page" else "posts"] += 1
    state.kinds["drafts"] += place.draft
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


def _data_text(comments: list[dict[str, Any]], generator: Generator) -> str:
    if (
        generator.data_suffix == ".json"
    ):  # a comment per line: readable, and json's C encoder (indent has none)
        return "[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in comments) + "\n]\n"
    return dump_yaml(comments, readable=False)


def _write_text(state: SiteExport, relative: Path, text: str) -> None:
    path = state.folder / relative
    if not path.resolve().is_relative_to(state.folder.resolve()):  # slugs cannot do this; be sure
        raise ExportError(f"{relative} would be written outside {state.folder}")
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
