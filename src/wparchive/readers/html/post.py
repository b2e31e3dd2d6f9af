"""The post a page shows: title, author, dates, body, categories and tags.

Each field comes from the post's own element (``locate``), never from the comment area, where a
comment heading ("Leave a Reply") or a commenter ("Art Edwards says") would otherwise be taken for
the post's (research/scrape.md §6 row 21). The body is the theme's content element with sharing
buttons, related posts and like widgets taken out; a byline is looked for before the body, where
themes print it, rather than in an author box after it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree

from wparchive.readers.html.locate import (
    Located,
    body_of,
    find_by_class,
    in_comment_area,
    locate_post,
    main_heading,
)
from wparchive.readers.html.page import PageFacts, page_title
from wparchive.readers.html.post_dates import post_dates
from wparchive.readers.html.tree import (
    HtmlElement,
    ancestors,
    drop,
    has,
    http_url,
    inner_html,
    line_of,
    text_of,
)

_TITLE_CLASSES = (
    "entry-title",
    "post-title",
    "posttitle",
    "storytitle",
    "article-title",
    "single-title",
    "title",
)
_NOT_CONTENT = re.compile(
    r"sharedaddy|jp-relatedposts|jp-post-flair|sd-sharing|sd-like|wpcnt|shariff|addtoany|yarpp|"
    r"related-posts|social-share|share-buttons|wp-block-comments|comments-area|post-navigation|"
    r"author-box|wp_rp_wrap|crp_related|ssba|heateor|sharing"
)
_TERM_PATH = re.compile(r"/(category|tag|topics?|schlagwort|kategorie|categorie|etiqueta|tags?)/", re.I)
_CATEGORY_PATHS = ("category", "kategorie", "categorie")
_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()")
_META = etree.XPath("//meta[@property=$name or @name=$name]/@content")
_BYLINES = (
    ".//*[" + has("class", "author") + "]//*[" + has("class", "fn") + "]",
    ".//*[" + has("class", "byline") + "]//a",
    ".//*[" + has("class", "entry-author-name") + "]",
    ".//*[contains(@class, 'wp-block-post-author-name') or contains(@class, 'wp-block-post-author__name')]",
    ".//*[@itemprop='author']//*[@itemprop='name']",
    ".//a[" + has("rel", "author") + "]",
    # WordPress's author archive, wherever the theme links it: /author/slug/ or ?author=N.
    ".//a[contains(@href, '/author/') or contains(@href, '?author=')]",
)


@dataclass
class Term:
    taxonomy: str
    slug: str
    name: str


@dataclass
class PostDraft:
    title: str | None = None
    author: str | None = None
    published_at: str | None = None
    published_local: str | None = None
    modified_at: str | None = None
    modified_local: str | None = None
    content_html: str | None = None
    content_text: str | None = None
    url: str | None = None
    wp_id: int | None = None
    terms: list[Term] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)


def _inside(element: HtmlElement, container: HtmlElement | None) -> bool:
    return container is not None and (element is container or any(p is container for p in ancestors(element)))


def _title(root: HtmlElement, located: Located, body: HtmlElement | None, facts: PageFacts) -> str | None:
    """The post's heading: a titled heading of the post's element, else the page's ``<h1>``, else og:title.

    Headings outside the body come first (posts that use ``<h1>`` for paragraphs); a theme that puts
    the title inside its content element is read on a second pass.
    """
    scope = located.element
    heading = main_heading(root, facts)
    candidates = []
    if heading is not None and (scope is None or _inside(heading, scope)):
        candidates.append(heading)  # the page's own heading, in the post: surest
    if scope is not None:
        candidates.append(find_by_class(scope, _TITLE_CLASSES, ("h1", "h2", "h3")))
        candidates += [h for h in scope.iter("h1") if line_of(h)][:3]
        # Kubrick and its kin: the post's own <h2>, the blog's name being the page's <h1>.
        candidates += [h for h in scope.iter("h2") if line_of(h) and not in_comment_area(h)][:1]
    candidates.append(heading)
    for allow_body in (False, True):
        for candidate in candidates:
            if candidate is not None and line_of(candidate) and (allow_body or not _inside(candidate, body)):
                return line_of(candidate)
    og = _META(root, name="og:title")
    return og[0].strip() if og and og[0].strip() else page_title(root, facts.site_name)


def byline(
    root: HtmlElement, scope: HtmlElement | None, body: HtmlElement | None, order: dict[HtmlElement, int]
) -> str | None:
    """The byline's name; a byline before the body (``order``: the page's element order) beats an
    author box after it."""
    where = scope if scope is not None else root
    found = []
    for query in _BYLINES:
        for element in where.xpath(query):
            if line_of(element) and not in_comment_area(element) and not _inside(element, body):
                found.append(element)
    before = [e for e in found if body is None or order.get(e, 0) < order.get(body, 0)]
    chosen = (before or found)[:1]
    if chosen:
        return line_of(chosen[0])
    if where is not root:
        return None  # within one element (a post of a listing): no page-wide fallback
    meta = _META(root, name="author")
    return meta[0].strip() if meta and meta[0].strip() and "://" not in meta[0] else None


def cleaned_body(body: HtmlElement) -> HtmlElement:
    """A copy of the body without sharing buttons, related posts, like widgets; lazy images restored."""
    body = copy.deepcopy(body)
    for element in list(body.iter()):
        if element is not body and _NOT_CONTENT.search(f"{element.get('class', '')} {element.get('id', '')}"):
            drop(element)
    for image in body.iter("img"):
        real = image.get("data-lazy-src") or image.get("data-src")
        if real and (not image.get("src") or (image.get("src") or "").startswith("data:")):
            image.set("src", real)
    return body


def _term(link: HtmlElement, base: str | None) -> Term | None:
    href = http_url(link.get("href"), base)
    name = line_of(link)
    if not href or not name:
        return None
    rel = (link.get("rel") or "").split()
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    path_kind = _TERM_PATH.search(parts.path)
    if "category" in rel or "cat" in query or (path_kind and path_kind.group(1).lower() in _CATEGORY_PATHS):
        taxonomy = "category"
    elif "tag" in rel or "tag" in query or path_kind:
        taxonomy = "post_tag"
    else:
        return None
    slug = (
        unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
        or (query.get("tag") or query.get("cat") or [""])[0]
    )
    return Term(taxonomy, slug.lower(), name) if slug else None


def terms_of(scope: HtmlElement | None, base: str | None) -> list[Term]:
    """Categories and tags the post links to (``rel="category tag"``, ``rel="tag"``)."""
    if scope is None:
        return []
    found: dict[tuple[str, str], Term] = {}
    for link in scope.xpath(".//a[" + has("rel", "tag") + "]"):
        term = _term(link, base)
        if term and not in_comment_area(link):
            found.setdefault((term.taxonomy, term.slug), term)
    return list(found.values())


def _bookmark(scope: HtmlElement | None, base: str | None) -> str | None:
    """A page without a canonical link: the post's permalink (``rel="bookmark"``) names it."""
    if scope is None:
        return None
    links = {http_url(a.get("href"), base) for a in scope.xpath(".//a[contains(@rel, 'bookmark')]")}
    links.discard(None)
    return links.pop() if len(links) == 1 else None


def read_post(root: HtmlElement, facts: PageFacts) -> PostDraft:
    located = locate_post(root, facts)
    scope = located.element
    body = body_of(scope)
    (published_at, published_local), (modified_at, modified_local) = post_dates(root, scope, body, facts)
    draft = PostDraft(
        title=_title(root, located, body, facts),
        author=byline(root, scope, body, facts.index.order) or byline(root, None, body, facts.index.order),
        published_at=published_at,
        published_local=published_local,
        modified_at=modified_at,
        modified_local=modified_local,
        url=facts.url or _bookmark(scope, facts.url),
        wp_id=facts.post_id,
        terms=terms_of(scope, facts.url),
    )
    if body is not None:
        cleaned = cleaned_body(body)
        draft.content_html = inner_html(cleaned).strip()
        draft.content_text = text_of(cleaned)
    return draft
