"""When a page's post was published and last modified.

Three kinds of evidence, trusted in this order for the site's own clock (``published_local``):

1. the theme's machine-readable time: ``<time datetime>`` (``get_the_date('c')``: the site's wall
   clock and its offset) or ``<abbr class="published" title>`` (hAtom); some old themes format that
   title by hand in the wrong order (``06-08-2009T14:12:32+0200``), which is read as a shown date;
2. the date the theme prints (``entry-date``, ``posted-on``, ``entry-meta``, ``postmetadata``, or a
   short line such as ``<small>11.09.2011, 16:20 von …</small>`` between the heading and the body),
   read in the page's language; a line that shows the time of day beats one that shows only the day,
   and a bookmark link's ``title`` (Twenty Ten and Eleven put the time there) counts as part of it;
3. SEO plugins' ``article:published_time`` and JSON-LD: a true instant, but mostly written in UTC
   (``+00:00``), which says nothing about the site's clock, so their wall clock is kept only when they
   carry a non-zero offset; the instant itself fills ``published_at`` when the theme gave none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from wparchive.dates import iso_with_offset
from wparchive.readers.html.locate import elsewhere, in_comment_area
from wparchive.readers.html.page import PageFacts
from wparchive.readers.html.tree import SKIP, HtmlElement, ancestors, classes
from wparchive.when import page_moment

Moment = tuple[str | None, str | None]  # (UTC with Z, wall clock)

_SHOWN_CLASSES = (
    "entry-date",
    "post-date",
    "published",
    "posted-on",
    "postdate",
    "date",
    "entry-meta",
    "post-meta",
    "postmetadata",
    "post-info",
    "postinfo",
    "entry-info",
    "meta",
)
# Lines short enough to be a dateline; longer ones are prose that may mention any date.
_DATELINE_LENGTH = 160
_DATELINE_TAGS = ("small", "span", "p", "div", "em")
_TRAILING_ZONE = re.compile(r"(?:Z|[+-]\d\d:?\d\d)\s*$")
_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()")
_META = etree.XPath("//meta[@property=$name or @name=$name]/@content")


def post_dates(
    root: HtmlElement, scope: HtmlElement | None, body: HtmlElement | None, facts: PageFacts
) -> tuple[Moment, Moment]:
    """((published_at, published_local), (modified_at, modified_local)) of the page's post."""
    where = scope if scope is not None else root
    json_ld = _json_ld_dates(root)
    theme = _theme_time(where, facts.language)
    seo = _seo_moment(_META(root, name="article:published_time") + [json_ld.get("datePublished")])
    shown = _shown_date(where, body, facts, located=scope is not None) if not theme.shows_time else None
    shown_time = shown[0] if shown and shown[1] else None
    if shown_time and seo[1] and seo[1][:16] == shown_time[:16]:
        shown_time = seo[1]  # the same minute: the tag adds the seconds the page leaves out
    walls = (
        theme.wall if theme.shows_time else None,
        shown_time,
        seo[1],
        theme.wall,
        shown[0] if shown else None,
    )
    published = (theme.at or seo[0], next((wall for wall in walls if wall), None))
    modified = _seo_moment(_META(root, name="article:modified_time") + [json_ld.get("dateModified")])
    return published, modified


def _json_ld_dates(root: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for text in _JSON_LD(root)[:5]:
        for key in ("datePublished", "dateModified"):
            match = re.search(rf'"{key}"\s*:\s*"([^"]{{8,40}})"', text)
            if match and key not in found:
                found[key] = match.group(1)
    return found


@dataclass
class _ThemeTime:
    at: str | None = None
    wall: str | None = None
    shows_time: bool = False


def _theme_time(where: HtmlElement, language: str | None) -> _ThemeTime:
    """The first machine-readable time of the post: a full one, else the first date-only one."""
    times = [t for t in where.iter("time") if not elsewhere(t)]  # not a related post's, a widget's
    marked = [
        t
        for t in times
        if re.search(r"published|entry-date|post-date", t.get("class", ""))
        or t.get("itemprop") == "datePublished"
    ]
    values = [t.get("datetime") for t in marked + times]
    values += [
        a.get("title")
        for a in where.iter("abbr")
        if "published" in (a.get("class") or "") and not elsewhere(a)
    ]
    day_only = _ThemeTime()
    for value in values:
        found = _machine_time(value, language)
        if found.shows_time:
            return found
        if found.wall and not day_only.wall:
            day_only = found
    return day_only


def _machine_time(value: str | None, language: str | None) -> _ThemeTime:
    at, wall = iso_with_offset(value)
    if wall or not value:
        return _ThemeTime(at, wall, wall is not None)
    shown = page_moment(value, language)
    if shown is None:
        return _ThemeTime()
    zone = _TRAILING_ZONE.search(value)
    if zone and shown[1]:
        return _ThemeTime(*iso_with_offset(shown[0] + zone.group(0).strip()), shows_time=True)
    return _ThemeTime(None, shown[0], shown[1])


def _seo_moment(values: list[str | None]) -> Moment:
    """The instant an SEO tag gives, and its wall clock only when the offset is not zero."""
    for value in values:
        at, wall = iso_with_offset(value)
        if wall:
            in_utc = at is not None and at[:19] == wall
            return at, None if in_utc else wall
    return None, None


def _shown_date(
    where: HtmlElement, body: HtmlElement | None, facts: PageFacts, located: bool
) -> tuple[str, bool] | None:
    """The first printed date; a later line that shows the time of that same day refines it (the
    first line may show only the day and a later one, or a link's title, the time)."""
    first_day: tuple[str, bool] | None = None
    for text in _datelines(where, body, facts, located):
        moment = page_moment(text, facts.language)
        if moment is None or (first_day and moment[0][:10] != first_day[0][:10]):
            continue
        if moment[1]:
            return moment
        first_day = first_day or moment
    return first_day


def _datelines(
    where: HtmlElement, body: HtmlElement | None, facts: PageFacts, located: bool
) -> Iterator[str]:
    order = facts.index.order
    for name in _SHOWN_CLASSES:
        for element in facts.index.with_class(name):
            if _within(element, where) and not _within(element, body) and not elsewhere(element):
                line = None if _not_shown(element) else _dateline(element)
                if line:
                    yield line
    if body is None or not located:
        return  # without a post element, short lines before the body may be the site's header
    body_at = order.get(body, 0)
    for element in where.iter(*_DATELINE_TAGS):
        if order.get(element, 0) >= body_at:
            break
        line = None if _not_shown(element) else _dateline(element)
        if line and not in_comment_area(element):
            yield line


def _dateline(element: HtmlElement) -> str | None:
    """The element's text if it is short enough to be a dateline, with the ``title`` of a link around
    or inside it (some themes keep the time of day there: ``<a title="8:00" rel="bookmark"><span
    class="entry-date">13. März 2019</span></a>``). A hidden "updated" time inside (hAtom's modified
    date, ``<span class="updated rich-snippet-hidden">``) is not part of what the line shows."""
    parts: list[str] = []
    length = 0
    walk = etree.iterwalk(element, events=("start", "end"))
    for event, node in walk:
        if event == "start" and node is not element and (not isinstance(node.tag, str) or _not_shown(node)):
            walk.skip_subtree()  # its "end" still comes, with the tail
            continue
        piece = (node.text if event == "start" else node.tail if node is not element else None) or ""
        parts.append(piece)
        length += len(piece)
        if length > 4 * _DATELINE_LENGTH:
            return None  # a container of prose, not a dateline (and not worth reading to its end)
    text = " ".join("".join(parts).split())
    if not text or len(text) > _DATELINE_LENGTH:
        return None
    links = [p for p in (element, *list(ancestors(element))[:2]) if p.tag == "a"]
    links += list(element.iter("a"))[:2]
    titles = " ".join(t for t in (link.get("title") for link in links) if t and len(t) <= 40)
    return f"{text} {titles}".strip()


def _not_shown(node: HtmlElement) -> bool:
    if node.tag in SKIP:
        return True
    names = classes(node)
    return "updated" in names and not names & {"published", "entry-date", "post-date"}


def _within(element: HtmlElement, container: HtmlElement | None) -> bool:
    return container is not None and (element is container or any(p is container for p in ancestors(element)))
