"""File names of a static-site export: one slug per post, safe on every file system, unique per site.

A slug becomes a file name (``content/posts/<slug>.md``) and a URL (``/posts/<slug>/``), so it
must never leave OUT (``../../etc`` becomes ``etc``), never be a name a generator gives a meaning
to (``index``, ``_index``: a Hugo bundle; ``posts``: a section), and stay readable in any script:
WordPress stores a non-ASCII slug percent-encoded (``%e6%97%a5``), which is decoded, and letters,
marks and digits of every script are kept (``日本``, ``हिन्दी``, ``café``). Posts and pages share
one namespace per site, so the comment thread of either can be keyed by it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from wparchive.model import PostRecord
from wparchive.pingbacks import url_key

# Names a generator or a file system gives a meaning to (Hugo bundles and sections, Jekyll's and
# Eleventy's folders, Windows device names); a post with such a slug gets "-2".
RESERVED = frozenset(
    (
        "index", "_index", "posts", "tags", "categories", "page", "404", "feed", "data", "layouts",
        "static", "assets", "content", "public", "comments", "pages", "media", "con", "prn", "aux",
        "nul", "com1", "com2", "com3", "lpt1", "lpt2", "lpt3",
    )
)  # fmt: skip
# File systems cap a name at 255 bytes; a slug of 3-byte characters stays well below with a suffix.
MAX_SLUG_BYTES = 150
_DASHES = re.compile(r"-{2,}")
# A thread key names a data file that Jekyll reads as a key only if it is ASCII word characters.
_ASCII_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")
_PLAIN = re.compile(r"[a-z0-9_-]*")  # characters _kept() keeps, ASCII


def _kept(char: str) -> bool:
    """Letters, combining marks and digits of any script, and the two separators."""
    return char in "-_" or unicodedata.category(char)[0] in "LMN"


def safe_slug(text: str | None) -> str:
    """A slug as a single, readable path segment; "" when nothing readable is left.

    ``../../etc`` -> ``etc``; ``Grüße%20aus Köln`` -> ``grüße-aus-köln``; ``%e6%97%a5`` -> ``日``.
    """
    if not text:
        return ""
    decoded = unicodedata.normalize("NFC", unquote(text.strip())).lower()
    # Most slugs keep every character: no need to look at each.
    plain = _PLAIN.fullmatch(decoded)
    slug = decoded if plain else "".join(char if _kept(char) else "-" for char in decoded)
    slug = _DASHES.sub("-", slug).strip("-_")
    while len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        slug = slug[:-1]
    return slug.rstrip("-_")


class SiteNames:
    """The slugs and thread keys already given in one site's output, so each is given once."""

    def __init__(self) -> None:
        self.slugs: set[str] = set()
        self.keys: set[str] = set()
        self.count = 0

    def slug_for(self, post: PostRecord) -> str:
        """The post's slug, else one made from its title, else ``post-<id>``; "-2", "-3" when taken."""
        self.count += 1
        slug = safe_slug(post.slug) or safe_slug(post.title)
        if not slug:
            slug = f"post-{post.wp_id}" if post.wp_id is not None else f"post-n{self.count}"
        return _unique(slug, self.slugs)

    def thread_key(self, slug: str, post: PostRecord) -> str:
        """The name of the post's comment data file: the slug when it is plain ASCII, else its id."""
        if _ASCII_KEY.fullmatch(slug):
            key = slug
        else:
            key = f"post-{post.wp_id}" if post.wp_id is not None else f"post-n{self.count}"
        return _unique(key, self.keys)


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 1
    while candidate in taken or candidate in RESERVED:
        number += 1
        candidate = f"{name}-{number}"
    taken.add(candidate)
    return candidate


def site_folders(out: Path, sites: dict[int, str]) -> dict[int, Path]:
    """OUT itself for one site; else OUT/<host> per site (``host_path`` for a blog in a folder),
    named as the WXR and redirect exports name theirs."""
    if len(sites) == 1:
        return {site_id: out for site_id in sites}
    folders: dict[int, Path] = {}
    used: set[str] = set()
    for site_id, url in sites.items():
        stem = (url_key(url) or "").replace("/", "_").replace("\\", "_").strip("._") or f"site-{site_id}"
        folders[site_id] = out / _unique(stem, used)
    return folders
