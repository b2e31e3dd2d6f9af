"""Where on a page the post is: its element, its heading and its body, away from comments and widgets.

WordPress themes wrap the post in ``article#post-N`` or an element with ``post_class()`` tokens
(``post-N``, ``hentry``, ``type-post``) and its text in ``.entry-content`` or a sibling name. Page
builders (Elementor) and custom themes drop some of these; then the page's main ``<h1>`` and
the body element around it locate the post. Related-post boxes, widgets and the comment area use
the same classes for other posts and are never taken for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from wparchive.readers.html.comments import in_widget
from wparchive.readers.html.page import BRANDING, PageFacts, site_home
from wparchive.readers.html.tree import HtmlElement, PageIndex, ancestors, classes, http_url, line_of

POST_CLASSES = frozenset(("hentry", "type-post", "type-page", "post", "h-entry", "blog-post", "single-post"))
BODY_CLASSES = (
    "entry-content", "post-content", "entry", "post-entry", "storycontent", "post-body", "format_text",
    "wp-block-post-content", "article-content", "post_content", "postcontent", "single-content",
    "the-content", "entry-body", "post-text", "article-body", "blog-content",
)  # fmt: skip
_BODY_CLASS_SET = frozenset(BODY_CLASSES)
_COMMENT_AREA = re.compile(
    r"(?:^|\s)(?:comments?|comments-area|comment-respond|respond|disqus_thread)(?:\s|$)"
)
_RELATED = re.compile(r"related|crp_|yarpp|jp-relatedposts|more-posts|you-may-also", re.I)


def in_comment_area(element: HtmlElement) -> bool:
    for parent in ancestors(element):
        if _COMMENT_AREA.search(parent.get("id", "")) or _COMMENT_AREA.search(parent.get("class", "")):
            return True
    return False


def elsewhere(element: HtmlElement) -> bool:
    """In the comment area, a widget, or a related-posts box."""
    if in_comment_area(element) or in_widget(element):
        return True
    return any(
        _RELATED.search(f"{p.get('class', '')} {p.get('id', '')}")
        for p in (element, *ancestors(element))
        if p.tag not in ("body", "html")
    )


def find_by_class(
    scope: HtmlElement, names: tuple[str, ...], tags: tuple[str, ...] | None = None, anywhere: bool = False
) -> HtmlElement | None:
    """The first element of ``scope`` with the first of ``names`` that occurs, outside comments and
    widgets (``anywhere``: inside them too, for platforms that put everything in widgets)."""
    for name in names:
        for element in scope.iter(*tags) if tags else scope.iter():
            if (
                isinstance(element.tag, str)
                and name in classes(element)
                and (anywhere or not elsewhere(element))
            ):
                return element
    return None


def _links_home(link: HtmlElement | None, facts: PageFacts) -> bool:
    """A link to the blog's front page: its home URL, or the root of the host (``/``, ``/index.php``)."""
    if link is None:
        return False
    href = http_url(link.get("href"), facts.url)
    if not href:
        return "home" in (link.get("rel") or "").split()
    if facts.home and site_home(href) == site_home(facts.home):
        return True
    return urlsplit(href).path.rstrip("/") in ("", "/index.php", "/index.html")


def _site_heading(heading: HtmlElement, facts: PageFacts) -> bool:
    """The blog's name set as an ``<h1>`` in the header (older themes do so on every page): it reads
    as the site's name, sits in the header or branding, or is a link to the front page."""
    text = line_of(heading).casefold()
    if facts.site_name and text == facts.site_name.strip().casefold():
        return True
    for element in (heading, *ancestors(heading)):
        if element.tag in ("body", "html"):
            break
        if BRANDING.search(f"{element.get('class', '')} {element.get('id', '')}"):
            return True
    links = list(heading.iter("a"))
    return len(links) == 1 and line_of(links[0]) == line_of(heading) and _links_home(links[0], facts)


def main_heading(root: HtmlElement, facts: PageFacts) -> HtmlElement | None:
    """The page's first ``<h1>`` with text that is not the site's name, comments, widgets or related posts."""
    for heading in facts.index.tag("h1"):
        if line_of(heading) and not elsewhere(heading) and not _site_heading(heading, facts):
            return heading
    return None


@dataclass
class Located:
    element: HtmlElement | None
    by_id: bool  # found by the post id the page states: its title and body are the post's


def _body_candidates(index: PageIndex) -> list[HtmlElement]:
    return [
        e
        for e in index.with_class(*_BODY_CLASS_SET)
        if e.tag in ("div", "section", "article", "main")
        and not (classes(e) & POST_CLASSES and e.tag == "article")
        and not elsewhere(e)
    ]


def _by_id(index: PageIndex, post_id: int) -> HtmlElement | None:
    for found in (index.ids.get(f"post-{post_id}", []), index.with_class(f"post-{post_id}")):
        for element in found:
            if not elsewhere(element):
                return element
    return None


def _post_like(index: PageIndex) -> list[HtmlElement]:
    return [e for e in index.with_class(*POST_CLASSES) if e.tag in _CONTAINERS and not elsewhere(e)]


_CONTAINERS = ("article", "div", "section", "main")


def locate_post(root: HtmlElement, facts: PageFacts) -> Located:
    """The post's element: by the page's post id; else the post element around the page's heading, or
    the page's only post element; else the element around the heading that holds a post body; else
    the first post element, ``<main>``, ``#content``."""
    if facts.post_id is not None:
        found = _by_id(facts.index, facts.post_id)
        if found is not None:
            return Located(found, True)
    heading = main_heading(root, facts)
    parents = list(ancestors(heading)) if heading is not None else []
    for parent in parents:
        if parent.tag in _CONTAINERS and classes(parent) & POST_CLASSES:
            return Located(parent, False)
    post_like = _post_like(facts.index)
    outermost = [e for e in post_like if not any(p in post_like for p in ancestors(e))]
    if len(outermost) == 1:
        return Located(outermost[0], False)
    around = {parent for body in _body_candidates(facts.index) for parent in ancestors(body)}
    for parent in parents:
        if parent.tag in _CONTAINERS and parent in around:
            return Located(parent, False)
    if outermost:
        return Located(outermost[0], False)
    main = root.xpath("//main | //*[@id='content'] | //*[@id='main'] | //article")
    return Located(main[0] if main else None, False)


def body_of(scope: HtmlElement | None) -> HtmlElement | None:
    if scope is None:
        return None
    body = find_by_class(scope, BODY_CLASSES)
    if body is None:
        found = [e for e in scope.xpath("descendant-or-self::*[@itemprop='articleBody']") if not elsewhere(e)]
        body = found[0] if found else None
    return body
