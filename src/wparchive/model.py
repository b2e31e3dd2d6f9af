"""Plain records that readers yield and the store writes.

Readers know nothing of SQLite: they turn an input into a stream of these
dataclasses. Fields mirror the data contract in ``docs/data-contract.md``;
anything a reader finds that has no field goes into ``extra`` so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Meta = tuple[str, str]  # (key, value), value kept byte-exact


@dataclass
class SiteRecord:
    url: str
    title: str | None = None
    description: str | None = None
    language: str | None = None
    base_site_url: str | None = None
    base_blog_url: str | None = None
    wxr_version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    merge: bool = False  # a page's view of the site: fills what the archive lacks, never overwrites


@dataclass
class AuthorRecord:
    login: str
    wp_id: int | None = None
    display_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    derived: bool = False  # True when built from dc:creator (WXR 1.0) not a wp:author block
    extra: dict[str, Any] = field(default_factory=dict)
    merge: bool = False  # a page's view (a REST API user): fills what the archive lacks, never overwrites


@dataclass
class TermRecord:
    taxonomy: str
    slug: str
    name: str | None = None
    wp_id: int | None = None
    parent_slug: str | None = None
    description: str | None = None
    meta: list[Meta] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    merge: bool = False  # a page's view (a REST API term): fills what the archive lacks, never overwrites


@dataclass
class TermRef:
    """A post's assignment to a term, as written inside an item."""

    taxonomy: str
    slug: str
    name: str | None = None


@dataclass
class NamedLink:
    """What a scraped "Pingback: Title « Site" line names: the linking page's title and site."""

    title: str | None
    site: str | None


@dataclass
class CommentRecord:
    wp_id: int | None
    position: int
    wp_parent_id: int | None = None
    comment_type: str = "comment"
    comment_type_raw: str | None = None
    status: str | None = None
    author_name: str | None = None
    author_url: str | None = None
    author_email: str | None = None
    author_ip: str | None = None
    user_id: int | None = None
    published_at: str | None = None
    published_local: str | None = None
    content_html: str | None = None
    confidence: float = 1.0
    meta: list[Meta] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # Scraped pages: structure found on the page rather than stated by WordPress.
    content_text: str | None = None  # when the source is plain text
    parent_position: int | None = None
    by_post_author: bool | None = None
    answers: list[Answer] = field(default_factory=list)
    source_key: str | None = None
    start: int | None = None  # character offsets of the comment in the page
    end: int | None = None
    named_link: NamedLink | None = None  # a pingback line's own title and site, rather than author fields


@dataclass
class Answer:
    """One comment answering another (``replies`` row), by page position."""

    position: int
    evidence: str  # nesting / quote / salutation / mention / echo / reciprocity / ...
    confidence: float


@dataclass
class ArtefactRecord:
    """Text of a scraped page that is not content: where it was and why."""

    text: str
    rule: str  # e.g. comment_form_boilerplate, php_error, signature, structure
    start: int
    end: int


@dataclass
class PostRecord:
    wp_id: int | None
    post_type: str | None = None
    status: str | None = None
    title: str | None = None
    slug: str | None = None
    url: str | None = None
    guid: str | None = None
    author_login: str | None = None
    published_at: str | None = None
    published_local: str | None = None
    modified_at: str | None = None
    modified_local: str | None = None
    wp_parent_id: int | None = None
    menu_order: int | None = None
    comment_status: str | None = None
    ping_status: str | None = None
    password: str | None = None
    is_sticky: bool = False
    attachment_url: str | None = None
    excerpt_html: str | None = None
    content_html: str | None = None
    declared_comment_count: int | None = None
    terms: list[TermRef] = field(default_factory=list)
    meta: list[Meta] = field(default_factory=list)
    comments: list[CommentRecord] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # Scraped pages
    content_text: str | None = None
    source_key: str | None = None
    confidence: float = 1.0
    # A page's view of a post (HTML pages, feeds): merged into what the archive holds of the post
    # (matched by WordPress id, URL or GUID) instead of replacing it; see store/merge.py.
    merge: bool = False


@dataclass
class PageRecord:
    """What a scraped page held besides its posts: its bytes and its artefacts."""

    content: bytes
    artefacts: list[ArtefactRecord] = field(default_factory=list)
    url: str | None = None  # the page's own URL (canonical, or where it was captured)
    captured_at: str | None = None  # when it was saved or crawled, UTC ISO 8601 with Z


Record = SiteRecord | AuthorRecord | TermRecord | PostRecord | PageRecord
