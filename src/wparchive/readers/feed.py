"""RSS and Atom feeds: a mirror's post feed and comment feeds fill what its pages lack.

WordPress writes a post feed (``/feed/``, ``?feed=rss2``: the latest posts with their full text,
``guid`` ``?p=N``) and comment feeds (``/comments/feed/`` for the site, ``/post/feed/`` for one
post: each comment's link ends ``#comment-N`` and its guid names the post, ``?p=12#comment-20``).
Those ids let a feed's comments meet the same comments on pages and in exports; a comment on a
comment page nobody mirrored survives in the feed. Feeds say nothing of nesting or status, so
what they hold only fills gaps (``store.merge``). Parsed without DTDs, entities or network.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from wparchive.dates import iso_with_offset, rfc822_utc
from wparchive.inputs import InputSource
from wparchive.model import CommentRecord, PageRecord, PostRecord, Record, SiteRecord
from wparchive.readers.base import PageContext, PageResult, ReadOptions, Refused
from wparchive.readers.html import PAGE_LIMIT
from wparchive.readers.html.page import site_home, without_comment_page
from wparchive.readers.html.read import UNFILED
from wparchive.readers.pages import PagePass, SizeCap

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
)
_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b[^>]*>")
_NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
}
_COMMENT_ID = re.compile(r"#comment-(\d{1,18})$")
_GUID_HOME = re.compile(r"^(https?://[^?#]+?)/?\?p=\d{1,18}(?:#|$)")


def _text(element: etree._Element, path: str) -> str | None:
    found = element.find(path, _NS)
    if found is None:
        return None
    value = "".join(found.itertext()).strip()
    return value or None


def _post_id(url: str | None) -> int | None:
    ids = parse_qs(urlsplit(url or "").query).get("p") if url else None
    return int(ids[0]) if ids and ids[0].isdigit() and len(ids[0]) <= 18 else None


def _when(item: etree._Element) -> tuple[str | None, str | None]:
    stamp = _text(item, "pubDate")
    if stamp:
        return rfc822_utc(stamp), None
    return iso_with_offset(
        _text(item, "atom:published") or _text(item, "atom:updated") or _text(item, "dc:date")
    )


class _Item:
    """An RSS item or an Atom entry, read the same way."""

    def __init__(self, element: etree._Element) -> None:
        atom_link = element.find("atom:link[@rel='alternate']", _NS)
        if atom_link is None:
            atom_link = element.find("atom:link", _NS)
        self.title = _text(element, "title") or _text(element, "atom:title")
        self.link = _text(element, "link") or (atom_link.get("href") if atom_link is not None else None)
        self.guid = _text(element, "guid") or _text(element, "atom:id")
        self.author = _text(element, "dc:creator") or _text(element, "atom:author/atom:name")
        self.content = _text(element, "content:encoded") or _text(element, "atom:content")
        self.summary = _text(element, "description") or _text(element, "atom:summary")
        self.published_at, self.published_local = _when(element)
        self.comment_count = _text(element, "slash:comments")

    def comment_id(self) -> int | None:
        for value in (self.link, self.guid):
            match = _COMMENT_ID.search(value or "")
            if match:
                return int(match.group(1))
        return None


def _post(item: _Item) -> PostRecord:
    count = item.comment_count
    return PostRecord(
        wp_id=_post_id(item.guid) or _post_id(item.link),
        post_type="post",
        status="publish",
        title=item.title,
        url=item.link,
        guid=item.guid,
        author_login=item.author,
        published_at=item.published_at,
        published_local=item.published_local,
        content_html=item.content or item.summary,
        declared_comment_count=int(count) if count and count.isdigit() else None,
        extra={"listing": "feed"},
        merge=True,
    )


def _comments(items: list[_Item]) -> list[PostRecord]:
    """A comment feed's items, grouped under the posts they belong to."""
    posts: dict[object, PostRecord] = {}
    for position, item in enumerate(items, 1):
        post_url = without_comment_page((item.link or "").split("#")[0]) or None
        post_id = _post_id(item.guid)
        key = post_id or post_url
        post = posts.get(key)
        if post is None:
            post = posts[key] = PostRecord(
                wp_id=post_id,
                post_type="post",
                status="publish",
                url=post_url,
                extra={"listing": "comment-feed"},
                merge=True,
            )
        post.comments.append(
            CommentRecord(
                wp_id=item.comment_id(),
                position=position,
                status="approved",
                author_name=item.author,
                published_at=item.published_at,
                published_local=item.published_local,
                content_html=item.content or item.summary,
                by_post_author=None,
                extra={"from": "comment feed"},
            )
        )
    return list(posts.values())


def _home(root: etree._Element, items: list[_Item], comment_feed: bool) -> str | None:
    """The site's home: WordPress's guids are ``<home>/?p=N`` (``#comment-N`` for comments), in the
    scheme the site had when the post was written; else the channel's link (a comment feed of one post
    links to the post: its host then)."""
    for item in items:
        match = _GUID_HOME.match(item.guid or "")
        if match:
            return site_home(match.group(1) + "/")
    channel_link = _text(root, "channel/link") or next(
        (
            link.get("href")
            for link in root.findall("atom:link", _NS)
            if link.get("rel") in (None, "alternate")
        ),
        None,
    )
    found = site_home(channel_link) if channel_link else None
    if found and comment_feed:
        parts = urlsplit(found)
        found = site_home(f"{parts.scheme}://{parts.netloc}/")
    return found


def read_feed(data: bytes, context: PageContext) -> PageResult:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise Refused(f"not a readable feed ({error})") from None
    if root is None:
        raise Refused("not a readable feed: no XML element in it")
    elements = root.findall("channel/item") or root.findall("atom:entry", _NS) or root.findall("{*}item")
    items = [_Item(e) for e in elements]
    if not items:
        raise Refused("a feed with no items: nothing to import")
    is_comment_feed = bool(items) and all(item.comment_id() is not None for item in items)
    posts = _comments(items) if is_comment_feed else [_post(item) for item in items]
    title = None if is_comment_feed else _text(root, "channel/title") or _text(root, "atom:title")
    site = SiteRecord(
        url=context.site_url or _home(root, items, is_comment_feed) or UNFILED, title=title, merge=True
    )
    self_link = next(
        (link.get("href") for link in root.iter(f"{{{_NS['atom']}}}link") if link.get("rel") == "self"), None
    )
    page = PageRecord(data, url=context.url or self_link)
    records: list[Record] = [site, page, *posts]
    return PageResult(records, page.url, context.captured_at, posts=len(posts))


class FeedReader:
    kind = "feed"
    page_limit = PAGE_LIMIT

    def sniff(self, head: bytes) -> float:
        root = _ROOT.search(head[:4096])
        if root is None or b"wordpress.org/export/" in head:
            return 0.0  # an export names WXR's namespace: the WXR reader's
        return 0.8

    def guard(self, options: ReadOptions) -> Callable[[bytes], None]:
        return SizeCap(self.page_limit, "a feed").feed

    def read_page(self, data: bytes, context: PageContext) -> PageResult:
        return read_feed(data, context)

    def passes(self, source: InputSource, options: ReadOptions) -> Iterator[PagePass]:
        yield PagePass(self, source, options, "a feed")
