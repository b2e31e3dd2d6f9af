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

from wparchive.readers.html.comments import in_widget
from wparchive.readers.html.page import BRANDING, PageFacts
from wparchive.readers.html.tree import HtmlElement, PageIndex, ancestors, classes, line_of

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


def _elsewhere(element: HtmlElement) -> bool:
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
                and (anywhere or not _elsewhere(element))
            ):
                return element
    return None


def _site_heading(heading: HtmlElement, facts: PageFacts) -> bool:
    """The blog's name set as an ``<h1>`` in the header (older themes do so on every page)."""
    text = line_of(heading).casefold()
    if facts.site_name and text == facts.site_name.strip().casefold():
        return True
    for element in (heading, *ancestors(heading)):
        if element.tag in ("body", "html"):
            break
        if BRANDING.search(f"{element.get('class', '')} {element.get('id', '')}"):
            return True
    link = next(heading.iter("a"), None)
    href = (link.get("href") or "").rstrip("/") if link is not None else ""
    return bool(facts.home and href and href == facts.home.rstrip("/"))


def main_heading(root: HtmlElement, facts: PageFacts) -> HtmlElement | None:
    """The page's first ``<h1>`` with text that is not the site's name, comments, widgets or related posts."""
    for heading in facts.index.tag("h1"):
        if line_of(heading) and not _elsewhere(heading) and not _site_heading(heading, facts):
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
        and not _elsewhere(e)
    ]


def _by_id(index: PageIndex, post_id: int) -> HtmlElement | None:
    for found in (index.ids.get(f"post-{post_id}", []), index.with_class(f"post-{post_id}")):
        for element in found:
            if not _elsewhere(element):
                return element
    return None


def locate_post(root: HtmlElement, facts: PageFacts) -> Located:
    """The post's element: by the page's post id, else around the main heading, else the first post."""
    if facts.post_id is not None:
        found = _by_id(facts.index, facts.post_id)
        if found is not None:
            return Located(found, True)
    heading = main_heading(root, facts)
    if heading is not None:
        around = {parent for body in _body_candidates(facts.index) for parent in ancestors(body)}
        for parent in ancestors(heading):
            if parent.tag in ("article", "div", "section", "main") and (
                classes(parent) & POST_CLASSES or parent in around
            ):
                return Located(parent, False)
    for element in root.iter("article", "div", "section", "main"):
        if classes(element) & POST_CLASSES and not _elsewhere(element):
            return Located(element, False)
    main = root.xpath("//main | //*[@id='content'] | //*[@id='main'] | //article")
    return Located(main[0] if main else None, False)


def body_of(scope: HtmlElement | None) -> HtmlElement | None:
    if scope is None:
        return None
    body = find_by_class(scope, BODY_CLASSES)
    if body is None:
        found = [
            e for e in scope.xpath("descendant-or-self::*[@itemprop='articleBody']") if not _elsewhere(e)
        ]
        body = found[0] if found else None
    return body
