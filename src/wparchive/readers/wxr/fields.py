"""Field-level parsing of WXR elements into records.

Elements are matched by (namespace kind, local name), never by prefix: real
exports use ``wp:``, ``wxr:``, ``wp1:`` or a default namespace, with http or
https URIs and any version (research/wxr.md §2.1). :func:`classify` maps an
lxml tag to a short key such as ``wp:post_id`` once per distinct tag.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import etree

from wparchive.dates import is_zero_date
from wparchive.model import AuthorRecord, TermRecord

WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/$")
WXR_EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
KNOWN_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
    "http://www.w3.org/2005/Atom": "atom",
}


@lru_cache(maxsize=4096)
def classify(tag: str) -> str:
    """``{http://wordpress.org/export/1.2/}post_id`` -> ``wp:post_id``; RSS tags stay bare."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if WXR_NAMESPACE.match(uri):
        return "wp:" + local
    if WXR_EXCERPT_NAMESPACE.match(uri):
        return "excerpt:" + local
    kind = KNOWN_NAMESPACES.get(uri)
    if kind:
        return f"{kind}:{local}"
    return tag


def wxr_version_of(tag: str) -> str | None:
    """The version number in a WXR namespace URI, if the tag is in one."""
    if not tag.startswith("{"):
        return None
    match = WXR_NAMESPACE.match(tag[1:].split("}", 1)[0])
    return match.group(1) if match else None


def text_of(element: Any) -> str:
    """The element's value: text and CDATA joined; nested markup kept as written."""
    if len(element) == 0:
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


SQLITE_INTEGER = range(-(1 << 63), 1 << 63)


def to_int(value: str | None) -> int | None:
    """An id or number as SQLite can store it; None for text that is not one, or one too large."""
    if value is None:
        return None
    if value.isdecimal() and len(value) < 19:  # the common case, decided without strip() or try
        return int(value)
    value = value.strip()
    if len(value) > 20:  # int() of a huge digit string is slow, and no stored id is that long
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number in SQLITE_INTEGER else None


def keep_unreadable(extra: dict[str, Any], name: str, raw: str | None, parsed: object) -> None:
    """A value that was given but could not be read (an id past 2**63, month 99) stays in extra."""
    if parsed is None and raw is not None and raw.strip() and not is_zero_date(raw):
        extra[name] = raw


def _none_if_empty(value: str | None) -> str | None:
    return value if value else None


_NAMES: dict[Any, str] = {}


def _learn(tag: Any) -> str:
    """Name for a tag not seen before ("" for comments and processing instructions)."""
    name = classify(tag) if isinstance(tag, str) else ""
    _NAMES[tag] = name
    return name


def children(element: Any) -> list[tuple[str, Any]]:
    """(name, element) for each child element; hot path, so a dict cache and a list."""
    names = _NAMES
    pairs = []
    for child in element:
        name = names.get(child.tag) or _learn(child.tag)
        if name:
            pairs.append((name, child))
    return pairs


def _extra_key(element: Any) -> str:
    key = classify(element.tag)
    if key.startswith("{") and element.prefix:
        return f"{element.prefix}:{etree.QName(element).localname}"
    return key


# lxml finds each attribute's value by walking the element's attribute list, so reading
# the values of an element with n attributes costs n**2 (100,000 attributes: 40 s);
# counting them and serialising the element cost n. Past this many, the start tag is kept as written.
MAX_ATTRIBUTE_DICT = 1000


def _attributes(element: Any) -> dict[str, str] | str:
    if len(element.attrib) <= MAX_ATTRIBUTE_DICT:  # counted without making a string per name
        return dict(element.items())
    serialised = etree.tostring(element, encoding="unicode", with_tail=False)
    return serialised[: serialised.index(">") + 1]


def add_extra(extra: dict[str, Any], element: Any) -> None:
    key = _extra_key(element)
    value: Any = text_of(element)
    if len(element.attrib):
        value = {"value": value, "attributes": _attributes(element)}
    if key in extra:
        existing = extra[key]
        extra[key] = (existing if isinstance(existing, list) else [existing]) + [value]
    else:
        extra[key] = value


# ``wp:key``/``wp:value`` are not what core writes, but hand-made exports use them
# (pbiron's invalid.xml); read them rather than store an empty pair.
META_KEY_NAMES = frozenset(("wp:meta_key", "wp:key"))
META_VALUE_NAMES = frozenset(("wp:meta_value", "wp:value"))


def parse_meta(element: Any) -> tuple[str, str]:
    """A ``wp:postmeta``/``wp:commentmeta``/``wp:termmeta`` pair, values byte-exact."""
    key = value = ""
    names = _NAMES
    for child in element:
        name = names.get(child.tag) or _learn(child.tag)
        if name in META_KEY_NAMES:
            key = (child.text or "") if not len(child) else text_of(child)
        elif name in META_VALUE_NAMES:
            value = (child.text or "") if not len(child) else text_of(child)
    return key, value


AUTHOR_FIELDS = {
    "wp:author_login": "login",
    "wp:author_email": "email",
    "wp:author_display_name": "display_name",
    "wp:author_first_name": "first_name",
    "wp:author_last_name": "last_name",
}


def parse_author(element: Any) -> AuthorRecord:
    author = AuthorRecord(login="")
    for name, child in children(element):
        if name == "wp:author_id":
            author.wp_id = to_int(child.text)
        elif name in AUTHOR_FIELDS:
            setattr(author, AUTHOR_FIELDS[name], text_of(child).strip() or None)
        else:
            add_extra(author.extra, child)
    author.login = author.login or ""
    return author


# (slug field, name field, parent field, description field) per channel term element.
TERM_SHAPES = {
    "wp:category": ("wp:category_nicename", "wp:cat_name", "wp:category_parent", "wp:category_description"),
    "wp:tag": ("wp:tag_slug", "wp:tag_name", None, "wp:tag_description"),
    "wp:term": ("wp:term_slug", "wp:term_name", "wp:term_parent", "wp:term_description"),
}
DEFAULT_TAXONOMY = {"wp:category": "category", "wp:tag": "post_tag", "wp:term": ""}


def parse_term(kind: str, element: Any) -> TermRecord:
    slug_field, name_field, parent_field, description_field = TERM_SHAPES[kind]
    term = TermRecord(taxonomy=DEFAULT_TAXONOMY[kind], slug="")
    for name, child in children(element):
        value = text_of(child)
        if name == "wp:term_id":
            term.wp_id = to_int(value)
        elif name == slug_field:
            term.slug = value.strip()
        elif name == name_field:
            term.name = value.strip()
        elif name == parent_field:
            term.parent_slug = value.strip() or None
        elif name == description_field:
            term.description = _none_if_empty(value)
        elif name == "wp:term_taxonomy":
            term.taxonomy = value.strip()
        elif name == "wp:termmeta":
            term.meta.append(parse_meta(child))
        else:
            add_extra(term.extra, child)
    if not term.slug and term.name:
        term.slug = slugify(term.name)
    return term


def slugify(name: str) -> str:
    """WordPress-like slug for legacy term references that carry only a name."""
    slug = re.sub(r"[^\w\s-]", "", name.lower(), flags=re.UNICODE)
    return re.sub(r"[\s_-]+", "-", slug).strip("-")
