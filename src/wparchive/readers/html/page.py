"""What a page says about itself: its URL, its site, its language, its platform, which post it shows.

WordPress states most of this in markup every theme keeps: ``<link rel="canonical">``, the
REST API link ``<link rel="https://api.w.org/">`` (the site's home plus ``/wp-json/``), the
shortlink ``?p=N``, and the classes ``body_class()`` prints (``single postid-N``, ``page
page-id-N``, ``home``, ``archive``, ``search``...). Older themes lack some of them; each fact
is therefore read from several places in order of trust.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit, urlunsplit

from wparchive.readers.html.tree import HtmlElement, PageIndex, ancestors, http_url, line_of

_LISTING_CLASSES = {"home", "blog", "archive", "category", "tag", "search", "author", "date", "paged", "tax"}
_BODY_ID = re.compile(r"^(postid|page-id|attachmentid)-(\d{1,18})$")
_POST_ELEMENT_ID = re.compile(r"^post-(\d{1,18})$")
_WORDPRESS_SIGNS = re.compile(
    rb"/wp-content/|/wp-includes/|comment_post_ID|api\.w\.org|wp-block-|content=.WordPress"
)
_BLOGGER_SIGNS = re.compile(rb"<meta[^>]{0,80}content=['\"]blogger['\"]|www\.blogger\.com/static/", re.I)
_SITE_FEED = re.compile(r"/feed(?:/(?:rss2?|atom|rdf))?/?$|/?\?feed=\w+$")
# The page header where themes print the blog's name: #header, .site-title, #logo, #masthead, .branding.
BRANDING = re.compile(
    r"site-title|blog-title|site-name|blogname|logo|branding|masthead|(?:^|\s)header(?:\s|$)|^header$", re.I
)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—»:·•]|&raquo;)\s+")


def _rel(element: HtmlElement) -> list[str]:
    return (element.get("rel") or "").lower().split()


def _site_title(index: PageIndex) -> list[HtmlElement]:
    found = index.with_class("site-title", "blog-title")
    return found + index.ids.get("site-title", []) + index.ids.get("blog-title", [])


# What the page says about itself, looked up in the page's index (one walk, no XPath scans).
_XP: dict[str, Callable[[PageIndex], list]] = {
    "canonical": lambda ix: [e.get("href") for e in ix.tag("link") if "canonical" in _rel(e)],
    "og_url": lambda ix: [e.get("content") for e in ix.tag("meta") if e.get("property") == "og:url"],
    "api": lambda ix: [e.get("href") for e in ix.tag("link") if e.get("rel") == "https://api.w.org/"],
    "home_link": lambda ix: [e.get("href") for e in ix.tag("a") if "home" in _rel(e) and e.get("href")],
    "feeds": lambda ix: [
        e.get("href")
        for e in ix.tag("link")
        if "alternate" in _rel(e)
        and any(t in (e.get("type") or "") for t in ("rss", "atom"))
        and e.get("href")
    ],
    "shortlink": lambda ix: [e.get("href") for e in ix.tag("link") if "shortlink" in _rel(e)],
    "comment_post_id": lambda ix: [
        e.get("value") for e in ix.tag("input") if e.get("name") == "comment_post_ID"
    ],
    "reply_post_id": lambda ix: [e.get("data-postid") for e in ix.tag("a") if e.get("data-postid")],
    "generator": lambda ix: [
        e.get("content") for e in ix.tag("meta") if (e.get("name") or "").lower() == "generator"
    ],  # "Generator" in Drupal's pages
    "site_name": lambda ix: [e.get("content") for e in ix.tag("meta") if e.get("property") == "og:site_name"],
    "site_title": _site_title,
    "language": lambda ix: [
        e.get("lang") or e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in ix.tag("html")
    ],
}


@dataclass
class PageFacts:
    url: str | None  # the page's own URL: canonical, else og:url, else where it was found
    home: str | None  # the site's home URL, no trailing slash
    site_name: str | None
    language: str | None
    platform: str  # wordpress / blogger / other
    kind: str  # post / page / listing / admin / not-found / other
    post_id: int | None
    post_id_sources: dict[str, int] = field(default_factory=dict)
    generator: str | None = None
    body_classes: set[str] = field(default_factory=set)
    comment_page: int | None = None
    index: PageIndex = field(default_factory=PageIndex, repr=False, compare=False)  # the page, indexed


def _first(index: PageIndex, name: str) -> str | None:
    values = _XP[name](index)
    for value in values:
        text = value if isinstance(value, str) or value is None else line_of(value)
        if text and text.strip():
            return text.strip()
    return None


def site_home(url: str | None) -> str | None:
    """A home URL as the archive keys sites: scheme, lower-case host, path without the trailing slash."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    netloc = parts.hostname.lower() + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def _feed_home(index: PageIndex, url: str | None) -> str | None:
    """The site's feed link (every WordPress head has one) minus ``/feed/``."""
    feeds = sorted(
        (href for href in _XP["feeds"](index) if _SITE_FEED.search(href) and "/comments/" not in href),
        key=len,
    )
    return _SITE_FEED.sub("", http_url(feeds[0], url) or "") or None if feeds else None


def _home(index: PageIndex, url: str | None) -> str | None:
    """The REST API link minus /wp-json/, the link the theme marks rel=home, the site's feed minus
    /feed/, else the host of the page."""
    host = urlsplit(url).hostname if url else None
    api = http_url(_first(index, "api"), url)
    candidates: list[str | None] = []
    if api:
        candidates.append(re.sub(r"/wp-json/?$|/?\?rest_route=/?$", "", api))
    candidates += [http_url(href, url) for href in _XP["home_link"](index)[:3]]
    candidates.append(_feed_home(index, url))
    for candidate in candidates:
        if candidate and (host is None or urlsplit(candidate).hostname == host):
            return site_home(candidate)
    if url:
        parts = urlsplit(url)
        return site_home(f"{parts.scheme}://{parts.netloc}/")
    return site_home(candidates[0]) if candidates else None


def _branding_name(index: PageIndex, home: str | None) -> str | None:
    """The blog's name as its header shows it: the text (or logo's alt) of a header link to the home page."""
    if not home:
        return None
    for link in [a for a in index.tag("a") if a.get("href")][:400]:
        if site_home(http_url(link.get("href"), home)) != home:
            continue
        if not any(
            BRANDING.search(f"{p.get('class', '')} {p.get('id', '')}") or p.tag == "h1"
            for p in ancestors(link)
        ):
            continue
        name = line_of(link) or next((img.get("alt") for img in link.iter("img") if img.get("alt")), None)
        if name and len(name) <= 120:
            return name.strip()
    return None


def _post_elements(index: PageIndex) -> set[int]:
    """The post ids of the page's ``id="post-N"`` elements."""
    return {int(m.group(1)) for name in index.ids if (m := _POST_ELEMENT_ID.match(name))}


def _post_ids(index: PageIndex, body_classes: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for token in body_classes:
        match = _BODY_ID.match(token)
        if match:
            found["body_class"] = int(match.group(2))
    for name in ("comment_post_id", "reply_post_id"):
        value = _first(index, name)
        if value and value.isdigit() and len(value) <= 18:
            found[name] = int(value)
    shortlink = _first(index, "shortlink")
    if shortlink:
        ids = parse_qs(urlsplit(shortlink).query).get("p")
        if ids and ids[0].isdigit() and len(ids[0]) <= 18:
            found["shortlink"] = int(ids[0])
    articles = _post_elements(index)
    if len(articles) == 1:
        found["article"] = articles.pop()
    return found


def _platform(data: bytes, generator: str | None) -> str:
    """The generator says it; else WordPress's paths and markup; else Blogger's own scripts. A link to
    a blogspot.com blog in a WordPress comment does not make the page a Blogger page."""
    name = (generator or "").lower()
    if name.startswith("blogger"):
        return "blogger"
    if "wordpress" in name or _WORDPRESS_SIGNS.search(data):
        return "wordpress"
    if _BLOGGER_SIGNS.search(data):
        return "blogger"
    return "other"


def _kind(body_classes: set[str], post_ids: dict[str, int], index: PageIndex) -> str:
    if body_classes & {"login", "wp-core-ui", "wp-admin"}:
        return "admin"
    if "error404" in body_classes:
        return "not-found"
    if body_classes & {"single", "single-post", "attachment"} or any(
        c.startswith("postid-") for c in body_classes
    ):
        return "post"
    if any(c.startswith("page-id-") for c in body_classes) and not body_classes & {"home", "blog"}:
        return "page"
    if body_classes & _LISTING_CLASSES:
        return "listing"
    if len(_post_elements(index)) > 1 and "comment_post_id" not in post_ids:
        return "listing"
    return "post" if post_ids else "other"


def read_facts(index: PageIndex, data: bytes, found_at: str | None) -> PageFacts:
    """The page's facts; ``found_at`` is where the page was fetched or captured from, if known."""
    url = (
        http_url(_first(index, "canonical"), found_at)
        or http_url(_first(index, "og_url"), found_at)
        or found_at
    )
    url = url.split("#")[0] if url else url  # a comment page's canonical may end "#comments"
    body = index.tag("body")
    body_classes = set((body[0].get("class") or "").split()) if body else set()
    post_ids = _post_ids(index, body_classes)
    generator = _first(index, "generator")
    kind = _kind(body_classes, post_ids, index)
    home = _home(index, url)
    order = ("body_class", "comment_post_id", "shortlink", "article", "reply_post_id")
    post_id = next((post_ids[name] for name in order if name in post_ids), None)
    return PageFacts(
        url=url,
        home=home,
        site_name=_first(index, "site_name") or _first(index, "site_title") or _branding_name(index, home),
        language=_first(index, "language"),
        platform=_platform(data, generator),
        kind=kind,
        post_id=post_id if kind in ("post", "page") else None,
        post_id_sources=post_ids,
        generator=generator,
        body_classes=body_classes,
        comment_page=comment_page(found_at) or comment_page(url),
        index=index,
    )


_COMMENT_PAGE = re.compile(r"/comment-page-(\d{1,6})/?(?:$|#|\?)|[?&]cpage=(\d{1,6})")


def comment_page(url: str | None) -> int | None:
    match = _COMMENT_PAGE.search(url or "")
    return int(match.group(1) or match.group(2)) if match else None


def without_comment_page(url: str | None) -> str | None:
    """The post's own URL for a ``…/comment-page-2/`` page."""
    if not url:
        return url
    return re.sub(r"comment-page-\d{1,6}/?(?=$|#|\?)", "", url)


def page_title(root: HtmlElement, site_name: str | None) -> str | None:
    """The ``<title>`` without the site name that themes append ("Post – Site", "Site » Post")."""
    title = next((line_of(t) for t in root.iter("title") if line_of(t)), None)
    if not title:
        return None
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) > 1 and site_name:
        parts = [p for p in parts if p.strip().lower() != site_name.strip().lower()] or parts
    return parts[0].strip() if parts else title
