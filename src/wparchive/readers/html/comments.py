"""Which elements of a page are its comments: WordPress prints every comment's database id into them.

The id shows as ``id="comment-N"``, ``li-comment-N``, ``div-comment-N``, ``article-comment-N``,
``comment-body-N`` (Thesis), ``wc-comm-N_P`` / ``wpd-comm-N_P`` (wpDiscuz, with the parent) or
``dsq-comment-N`` (the Disqus plugin's server-rendered list), on whatever element the theme
chose (research/scrape.md §4). One comment may carry its id on several nested elements; the
outermost is the comment. Where the id sits on an inner element of an id-less ``<li>`` (Hive-like
callbacks), the ``<li>`` is the comment, else every reply would look top-level. Thesis prints
the author in a ``<dt>`` and the text in the next ``<dd>``: both are the comment.

A page also shows comments that are not its own: a "Recent comments" widget can reuse the
comment list markup for other posts. Those sit in a widget area or link to another page, and are
left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from wparchive.readers.html.tree import HtmlElement, PageIndex, ancestors, classes

COMMENT_ID = re.compile(
    r"^(?:li-comment|comment|div-comment|article-comment|comment-body|dsq-comment|comment-wrapper)"
    r"-(\d{1,18})$"
    r"|^(?:wc|wpd)-comm-(\d{1,18})_(\d{1,18})$"
)
_ANCHOR_ID = re.compile(r"^comment-?(\d{1,18})$")
CONTAINER_TAGS = frozenset(("li", "div", "article", "section", "dt", "dd", "tr", "td", "blockquote", "aside"))
LIST_TAGS = frozenset(("ol", "ul", "dl"))
COMMENTISH = re.compile(r"^(?:comment|pingback|trackback|depth-\d+|even|odd|thread-\w+|byuser|bypostauthor)$")
# Widget areas and sidebars by their own class or id tokens; layout classes that merely mention a
# sidebar ("has-sidebar", Genesis's "content-sidebar-wrap" around the post) are not widgets.
WIDGET = re.compile(
    r"^(?:widgets?(?:[-_][\w-]*)?|sidebar(?:[-_]?\d+|[-_](?:primary|secondary|left|right|main|widgets?))?|"
    r"secondary|recentcomments|recent-?comments(?:[-_][\w-]*)?|wp-block-latest-comments(?:__[\w-]+)?|"
    r"latest-comments|footer-widgets?|tertiary)$",
    re.I,
)


@dataclass
class FoundComment:
    """A comment's elements on the page: its container, any other parts, and what its id says."""

    wp_id: int
    element: HtmlElement
    parts: list[HtmlElement] = field(default_factory=list)  # other elements of the same comment
    id_parent: int | None = None  # wpDiscuz writes the parent into the id
    tokens: set[str] = field(default_factory=set)  # class tokens of every element of the comment


def _candidates(index: PageIndex) -> dict[int, list[HtmlElement]]:
    found: dict[int, list[HtmlElement]] = {}
    for name, elements in index.ids.items():
        match = COMMENT_ID.match(name)
        if match:
            for element in elements:
                if element.tag in CONTAINER_TAGS:
                    found.setdefault(int(match.group(1) or match.group(2)), []).append(element)
    for elements in found.values():
        elements.sort(key=index.order.__getitem__)
    return found


def _anchored(index: PageIndex, known: dict[int, list[HtmlElement]]) -> None:
    """Themes that mark a comment with ``<a name="comment-N">`` only: the enclosing comment block."""
    for anchor in index.tag("a"):
        match = _ANCHOR_ID.match(anchor.get("id") or anchor.get("name") or "")
        if not match or int(match.group(1)) in known:
            continue
        for parent in ancestors(anchor):
            if parent.tag in LIST_TAGS or parent.tag == "body":
                break
            if parent.tag in CONTAINER_TAGS and any(COMMENTISH.match(t) for t in classes(parent)):
                known[int(match.group(1))] = [parent]
                break


def _lift(element: HtmlElement, taken: set[HtmlElement]) -> HtmlElement:
    """An id on an inner element of an id-less comment ``<li>``: the ``<li>`` is the comment."""
    if element.tag in ("li", "dt"):
        return element
    for steps, parent in enumerate(ancestors(element)):
        if parent.tag in LIST_TAGS or parent.tag == "body" or steps > 3 or parent in taken:
            break
        if parent.tag == "li":
            if parent.get("id", "") == "" and any(COMMENTISH.match(t) for t in classes(parent)):
                return parent
            break
    return element


def is_inside(element: HtmlElement, container: HtmlElement) -> bool:
    return any(parent is container for parent in ancestors(element))


def _next_dd(element: HtmlElement) -> HtmlElement | None:
    sibling = element.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    return sibling if sibling is not None and sibling.tag == "dd" else None


def find_comments(index: PageIndex) -> list[FoundComment]:
    """Every element group the page marks as a comment, in page order (foreign ones included)."""
    candidates = _candidates(index)
    _anchored(index, candidates)
    taken = {element for elements in candidates.values() for element in elements}
    found = []
    for wp_id, elements in candidates.items():
        container = _lift(elements[0], taken)
        parts = [e for e in elements[1:] if not is_inside(e, elements[0])]
        if container.tag == "dt":
            dd = _next_dd(container)
            if dd is not None and dd not in taken:
                parts.append(dd)
        match = COMMENT_ID.match(elements[0].get("id", ""))
        id_parent = int(match.group(3)) if match and match.group(3) else None
        tokens = set().union(*(classes(e) for e in [container, *elements]))
        found.append(FoundComment(wp_id, container, parts, id_parent, tokens))
    found.sort(key=lambda comment: index.order.get(comment.element, 0))
    return found


def _path_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    path = re.sub(r"/comment-page-\d+/?$", "/", unquote(parts.path)).rstrip("/")
    return (parts.hostname or "").lower().removeprefix("www."), path


def _permalink_elsewhere(
    comment: FoundComment, page_key: tuple[str, str] | None, post_id: int | None
) -> bool:
    """The comment's own ``#comment-N`` link points at another page than this one."""
    if page_key is None:
        return False
    marker = f"#comment-{comment.wp_id}"
    for link in comment.element.iter("a"):
        href = link.get("href") or ""
        if not href.endswith(marker) or href.startswith("#"):
            continue
        if href.startswith("http"):
            query = parse_qs(urlsplit(href).query).get("p")
            if query and post_id is not None:
                return query[0] != str(post_id)
            return _path_key(href) != page_key
    return False


def in_widget(element: HtmlElement, known: dict[HtmlElement, bool] | None = None) -> bool:
    """Inside a widget area or sidebar; ``known`` remembers ancestors already tested (comments of
    one list share all theirs)."""
    known = {} if known is None else known
    path = []
    found = False
    for parent in ancestors(element):
        if parent in known:
            found = known[parent]
            break
        if parent.tag in ("body", "html"):
            break
        path.append(parent)
        if any(WIDGET.match(token) for token in classes(parent)) or WIDGET.match(parent.get("id") or ""):
            found = True
            break
    for parent in path:
        known[parent] = found
    return found


def own_comments(found: list[FoundComment], page_url: str | None, post_id: int | None) -> list[FoundComment]:
    """The comments of the page's own post: not in a widget, not linking to another page."""
    page_key = _path_key(page_url) if page_url else None
    known: dict[HtmlElement, bool] = {}
    return [
        c for c in found if not in_widget(c.element, known) and not _permalink_elsewhere(c, page_key, post_id)
    ]
