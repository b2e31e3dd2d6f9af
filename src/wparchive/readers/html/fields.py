"""A comment's fields from its own elements: author, author link, date, text, type, moderation.

Each field is looked for in the places themes put it, most specific first (research/scrape.md §4
steps 4–6): the author in ``.fn`` (what ``get_comment_author_link()`` prints in every core walker),
then the author classes of themes and plugins, microdata, ``a.url``, the first link or bold
text of ``.comment-author``, ``<cite>``. Only the comment's own elements are searched: a reply
nested inside it is another comment. Words around the name ("says:", "sagt:", "Comment by")
are the theme's, in the site's language; ``names`` removes them across the page's comments.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from wparchive.dates import iso_with_offset
from wparchive.readers.html.comments import FoundComment
from wparchive.readers.html.tree import HtmlElement, classes, drop, http_url, inner_html, line_of, text_of
from wparchive.when import page_date

_AUTHOR_CLASS = re.compile(
    r"^(?:comment[-_]?author[-_](?:name|link)|comment__author-name|comment_author|commentauthor|"
    r"author[-_]name|"
    r"wc-comment-author|epoch-author-link|wpd-comment-author|commenter(?:-name)?|user-name|"
    r"wp-block-comment-author-name|dsq-author-user)$"
)
_AUTHOR_BLOCK = frozenset(
    (
        "comment-author",
        "comment_author",
        "commentauthor",
        "comment-author-name",
        "author",
        "epoch-comment-author",
    )
)
_BADGE = re.compile(r"badge|p3_comment_author|\bsays\b|screen-reader|author-label|\blabel\b", re.I)
_BODY_CLASSES = frozenset(
    [
        "comment-content",
        "comment-text",
        "comment_text",
        "commenttext",
        "comment-entry",
        "comment__content",
        "wc-comment-text",
        "wpd-comment-text",
        "epoch-comment-content",
        "dsq-comment-message",
        "comment-message",
        "wp-block-comment-content",
        "comment_content",
        "comment-body-content",
        "format_text",
    ]
)
_BODY_ITEMPROPS = frozenset(("text", "commentText", "description"))
_NOT_BODY = frozenset(
    [
        "author",
        "comment-author",
        "vcard",
        "comment-meta",
        "commentmetadata",
        "comment-metadata",
        "reply",
        "comment-reply-link",
        "avatar",
        "says",
        "comment-likes",
        "edit-link",
        "comment-edit-link",
        "wprm-comment-rating",
        "wc-comment-footer",
        "wc-comment-header",
        "wc-comment-left",
        "wpd-comment-footer",
        "wpd-comment-header",
        "comment-header",
        "comment-awaiting-moderation",
        "screen-reader-text",
        "fn",
        "comment-date",
        "comment-time",
        "comment-number",
        "comment-permalink",
        "comment-footer",
        "comment-reply",
        "epoch-comment-meta",
        "dsq-comment-header",
        "dsq-comment-footer",
        "comment-actions",
        "sharedaddy",
        "comment-like",
        "comment-rating",
        "comment-votes",
        "wpd-vote",
        "wc-vote",
        "comment__meta",
        "comment-info",
    ]
)
_NOT_BODY_TAGS = frozenset(("header", "footer", "time", "cite", "form", "script", "style", "noscript", "img"))
_BODY_BLOCKS = frozenset(("p", "blockquote", "ul", "ol", "pre", "table", "h4", "h5", "h6", "dl", "figure"))
_MODERATION = re.compile(
    r"awaiting moderation|wartet auf (?:Freischaltung|Moderation)|en attente de modération|en espera de "
    r"moderación|in attesa di moderazione|wacht op goedkeuring|aguardando moderação|ожидает проверки",
    re.I,
)
# bypostauthor (core), wc-blog-post_author / wpd-blog-post_author (wpDiscuz), is-post-author and the like.
_POST_AUTHOR = re.compile(r"^(?:bypostauthor|[\w-]*post[-_]author|is-author|by-author)$")
_PING_LABEL = re.compile(r"^\s*(pingback|trackback)\s*:", re.I)
_PING_BYLINE = re.compile(r"^\s*(pingback|trackback)\b", re.I)
_DATE_CLASS = re.compile(r"date|time|meta|posted|published|when", re.I)


@dataclass
class CommentFields:
    author: str | None = None
    author_url: str | None = None
    published_at: str | None = None
    published_local: str | None = None
    date_text: str | None = None
    content_html: str | None = None
    content_text: str | None = None
    comment_type: str = "comment"
    pending: bool = False
    by_post_author: bool = False
    reply_label: str | None = None  # "Reply to Anna": names the author where nothing else does
    extra: dict[str, str] = field(default_factory=dict)


def own_elements(comment: FoundComment, others: set[HtmlElement]) -> list[HtmlElement]:
    """The comment's elements without those of other comments nested in it, in page order.

    ``others`` holds the elements of every comment of the page, this one's included: its own
    elements are where the walk starts, never skipped (no per-comment copy of the set, which made
    a page of 10,000 comments quadratic)."""
    found: list[HtmlElement] = []
    mine = {comment.element, *comment.parts}
    for top in (comment.element, *comment.parts):
        stack = [top]
        while stack:
            element = stack.pop()
            if element is not top and element in others and element not in mine:
                continue
            if isinstance(element.tag, str):
                found.append(element)
                stack.extend(reversed(element))
    return found


_AUTHOR_SEARCHES: tuple[Callable[[HtmlElement], bool], ...] = (
    lambda e: "fn" in classes(e),
    lambda e: any(_AUTHOR_CLASS.match(t) for t in classes(e)),
    lambda e: e.get("itemprop") == "name" and any(p.get("itemprop") == "author" for p in e.iterancestors()),
    lambda e: e.get("itemprop") == "author",
    lambda e: e.tag == "a" and "url" in classes(e),
    lambda e: (
        e.tag in ("a", "strong", "b")
        and not _is_permalink(e)
        and any(classes(p) & _AUTHOR_BLOCK for p in e.iterancestors())
    ),
    lambda e: bool(classes(e) & _AUTHOR_BLOCK),
    lambda e: e.tag == "cite",
)


def _is_permalink(element: HtmlElement) -> bool:
    """The comment's own link (its date) or its reply link: never the author."""
    href = element.get("href") or ""
    return (
        "#comment-" in href
        or "replytocom" in href
        or bool(classes(element) & {"comment-reply-link", "comment-link"})
    )


def _author_element(own: list[HtmlElement]) -> HtmlElement | None:
    """The first element, by the searches in order, that names someone (a ``.comment-author`` that
    holds only the avatar does not)."""
    for matches in _AUTHOR_SEARCHES:
        for element in own:
            if matches(element) and name_text(element):
                return element
    return None


def _pieces(element: HtmlElement) -> Iterator[str]:
    """Text of an element, "\\n" for a line break, badges and scripts left out."""
    yield element.text or ""
    for child in element:
        if child.tag == "br":
            yield "\n"
        elif (
            isinstance(child.tag, str)
            and child.tag not in ("script", "style", "img")
            and not _BADGE.search(child.get("class", ""))
        ):
            yield from _pieces(child)
        yield child.tail or ""


def name_text(element: HtmlElement) -> str:
    """The name as shown: its first line (pipdig puts a badge after a <br>), badges left out."""
    shown = "".join(_pieces(element)).strip().split("\n")[0]
    return " ".join(shown.split())


def _author(own: list[HtmlElement], base: str | None) -> tuple[str | None, str | None, str]:
    """(name, link, the byline around the name: "Pingback von <a>Title</a>" says what the link is)."""
    element = _author_element(own)
    if element is None:
        return None, None, ""
    link = element if element.tag == "a" else next(element.iter("a"), None)
    if link is None:  # Twenty Nineteen wraps avatar and name in the author's link
        link = next((a for a in element.iterancestors("a")), None)
    url = http_url(link.get("href"), base) if link is not None and not _is_permalink(link) else None
    around = element.getparent() if element.tag == "a" and element.getparent() is not None else element
    return name_text(element) or None, url, line_of(around)[:200]


def _stated_date(own: list[HtmlElement]) -> tuple[str | None, str | None, str | None] | None:
    """A machine-readable date: ``time[datetime]``, microdata, ``abbr[title]`` (old themes)."""
    for element in own:
        if element.tag == "time" or element.get("itemprop") in ("datePublished", "dateCreated"):
            value = element.get("datetime") or element.get("content")
        elif element.tag == "abbr":
            value = element.get("title")
        else:
            continue
        utc, wall = iso_with_offset(value)
        if wall:
            return utc, wall, value
    return None


def _date(
    wp_id: int, own: list[HtmlElement], language: str | None
) -> tuple[str | None, str | None, str | None]:
    """(published_at, published_local, the text it came from), outside the comment's text."""
    stated = _stated_date(own)
    if stated:
        return stated
    marker = f"#comment-{wp_id}"
    candidates = [e for e in own if e.tag == "a" and (e.get("href") or "").endswith(marker)]
    candidates += [e for e in own if _DATE_CLASS.search(e.get("class", "")) or e.tag == "time"]
    candidates += [e for e in own if e.tag in ("small", "span", "cite", "abbr", "a")]
    # A date shown in a link with its time after it ("am <a>07.08.09</a> um 10:25"), or as bare text
    # between the name and the text ("<span>Anna</span><br> März 7, 2018 <p>…").
    texts = [f"{line_of(e)} {(e.tail or '')[:40]}".strip() for e in candidates]
    texts += [text for e in own for text in _loose_texts(e)]
    for shown in texts:
        local = page_date(shown, language)
        if local:
            return None, local, shown
    return None, None, None


def _loose_texts(element: HtmlElement) -> Iterator[str]:
    """Text lying in an element between its children, up to its first block (not a paragraph's text)."""
    if element.tag in _BODY_BLOCKS or not len(element):
        return
    pieces = [element.text or ""]
    for child in element:
        if child.tag in _BODY_BLOCKS:
            break
        pieces.append(child.tail or "")
    for piece in pieces:
        piece = " ".join(piece.split())
        if 6 <= len(piece) <= 80:
            yield piece


_META_MARKERS = frozenset(
    ("comment-author", "comment-meta", "commentmetadata", "vcard", "fn", "reply", "comment-reply")
)


def _body_element(own: list[HtmlElement]) -> HtmlElement | None:
    """The element holding the comment's text: of the elements named for it, the first without the
    author and meta inside (a theme may wrap meta and text in one ``.comment-content``)."""
    named = [e for e in own if classes(e) & _BODY_CLASSES or e.get("itemprop") in _BODY_ITEMPROPS]
    for element in named:
        if not any(classes(inner) & _META_MARKERS for inner in element.iter() if inner is not element):
            return element
    return None


def _stripped_body(comment: FoundComment, others: set[HtmlElement]) -> HtmlElement:
    """No body element: the comment without its author, meta, reply link and nested replies."""
    body = copy.deepcopy(comment.element)
    mine = {comment.element, *comment.parts}
    originals = list(comment.element.iter())
    for original, twin in list(zip(originals, body.iter(), strict=False)):
        if twin is body:
            continue
        if (
            (original in others and original not in mine)
            or classes(twin) & _NOT_BODY
            or twin.tag in _NOT_BODY_TAGS
            or "children" in classes(twin)
        ):
            drop(twin)
    first = next((e for e in body.iter() if e is not body and e.tag in _BODY_BLOCKS), None)
    if first is None:
        return body
    # The text starts at the first paragraph (wpautop wraps every comment's text in <p>): what lies
    # before it in the same container is the theme's (a name, a date left as bare text).
    container = first.getparent()
    for sibling in list(container):
        if sibling is first:
            break
        drop(sibling)
    container.text = None
    return container


def _unwrapped(body: HtmlElement) -> HtmlElement:
    """A body that is one wrapper ``<div>`` around the text: the wrapper's content."""
    while (
        len(body) == 1
        and body[0].tag == "div"
        and not (body.text or "").strip()
        and not (body[0].tail or "").strip()
    ):
        body = body[0]
    return body


def _outside(own: list[HtmlElement], body: HtmlElement | None) -> list[HtmlElement]:
    if body is None:
        return own
    inside = set(body.iter())
    return [element for element in own if element not in inside]


def _pending(outside_body: list[HtmlElement]) -> bool:
    """Only the commenter sees "Your comment is awaiting moderation": the page was saved by them."""
    for element in outside_body:
        if "comment-awaiting-moderation" in classes(element):
            return True
        if element.tag in ("em", "p", "span") and _MODERATION.search((element.text or "")[:300]):
            return True
    return False


def comment_fields(
    comment: FoundComment, others: set[HtmlElement], base: str | None, language: str | None
) -> CommentFields:
    own = own_elements(comment, others)
    stated_body = _body_element(own)
    outside_body = _outside(own, stated_body)
    fields = CommentFields()
    fields.author, fields.author_url, byline = _author(outside_body, base)
    fields.published_at, fields.published_local, fields.date_text = _date(
        comment.wp_id, outside_body, language
    )
    body = stated_body if stated_body is not None else _unwrapped(_stripped_body(comment, others))
    fields.content_html = inner_html(body).strip()
    fields.content_text = text_of(body)
    fields.comment_type = _type(comment.tokens, fields.content_text, byline)
    fields.reply_label = _reply_label(own)
    fields.pending = _pending(outside_body)
    fields.by_post_author = any(_POST_AUTHOR.match(token) for token in comment.tokens) or any(
        classes(e) & {"post-author-badge", "comment-author-badge"} for e in outside_body
    )
    return fields


def _reply_label(own: list[HtmlElement]) -> str | None:
    """The reply link's label, "Reply to Anna" in the site's language (WordPress 4.4+)."""
    for element in own:
        if element.tag == "a" and "comment-reply-link" in classes(element):
            label = element.get("data-replyto") or element.get("aria-label")
            if label:
                return " ".join(label.split())
    return None


def _type(tokens: set[str], text: str, author: str | None) -> str:
    """The class token WordPress prints; else the "Pingback:" label of the text or the
    "Pingback by" of the classic theme's byline."""
    for kind in ("pingback", "trackback"):
        if kind in tokens:
            return kind
    label = _PING_LABEL.match(text or "") or _PING_BYLINE.match(author or "")
    return label.group(1).lower() if label else "comment"
