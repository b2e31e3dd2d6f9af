"""Pages that list posts: the home page, archives by date, category, tag or author, search results.

Each listed post is an element with ``id="post-N"`` or the post classes ``post_class()`` prints
(``hentry``, ``type-post``, ``post-N``); its title links to the post. What it shows is often an
excerpt, so the post is marked as seen on a listing: the post's own page, read before or after,
gives the fuller text (``store.merge``). A listing has no comments of its own; a "recent comments"
widget beside it names other posts' comments and is not read as comments.
"""

from __future__ import annotations

import re

from wparchive.dates import iso_with_offset
from wparchive.readers.html.locate import find_by_class, in_comment_area
from wparchive.readers.html.page import PageFacts
from wparchive.readers.html.post import PostDraft, byline, terms_of
from wparchive.readers.html.tree import HtmlElement, classes, http_url, inner_html, line_of, text_of
from wparchive.when import page_date

_POST_ID = re.compile(r"^post-(\d{1,18})$")
_POST_CLASSES = frozenset(("hentry", "type-post", "h-entry", "post"))
_TITLE_CLASSES = ("entry-title", "post-title", "posttitle", "storytitle", "title")
_SUMMARY_CLASSES = (
    "entry-summary",
    "entry-content",
    "post-content",
    "entry",
    "post-excerpt",
    "storycontent",
    "excerpt",
)


def _listed_elements(root: HtmlElement) -> list[tuple[HtmlElement, int | None]]:
    """Post elements, outermost only, each with the post id its id or classes give."""
    found: list[tuple[HtmlElement, int | None]] = []
    taken: set[HtmlElement] = set()
    for element in root.iter("article", "div", "li", "section"):
        tokens = classes(element)
        match = _POST_ID.match(element.get("id", ""))
        class_id = next((int(t[5:]) for t in tokens if _POST_ID.match(t)), None)
        if not (match or (tokens & _POST_CLASSES and class_id is not None) or "hentry" in tokens):
            continue
        if any(parent in taken for parent in element.iterancestors()) or in_comment_area(element):
            continue
        taken.add(element)
        found.append((element, int(match.group(1)) if match else class_id))
    return found


def _listed_post(element: HtmlElement, wp_id: int | None, facts: PageFacts) -> PostDraft | None:
    heading = find_by_class(element, _TITLE_CLASSES, ("h1", "h2", "h3", "h4"))
    if heading is None:
        heading = next(element.iter("h1", "h2", "h3"), None)
    if heading is None:
        return None
    link = next(heading.iter("a"), None)
    summary = find_by_class(element, _SUMMARY_CLASSES)
    draft = PostDraft(
        title=line_of(heading) or None,
        url=http_url(link.get("href"), facts.url) if link is not None else None,
        wp_id=wp_id,
        terms=terms_of(element, facts.url),
        author=byline(element, element, summary, facts.index.order),
    )
    for time in element.iter("time"):
        draft.published_at, draft.published_local = iso_with_offset(time.get("datetime"))
        if draft.published_local:
            break
    if not draft.published_local:
        shown = find_by_class(element, ("entry-date", "post-date", "published", "date"))
        draft.published_local = page_date(line_of(shown), facts.language) if shown is not None else None
    if summary is not None:
        draft.content_html = inner_html(summary).strip()
        draft.content_text = text_of(summary)
    draft.extra = {"listed_on": facts.url} if facts.url else {}
    return draft if draft.title or draft.url else None


def read_listing(root: HtmlElement, facts: PageFacts) -> list[PostDraft]:
    """The posts a listing page shows, each once."""
    posts: list[PostDraft] = []
    seen: set[object] = set()
    for element, wp_id in _listed_elements(root):
        draft = _listed_post(element, wp_id, facts)
        key = draft.wp_id or draft.url if draft else None
        if draft is None or key in seen:
            continue
        seen.add(key)
        posts.append(draft)
    return posts
