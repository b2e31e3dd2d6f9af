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

from wparchive.dates import is_zero_date, rfc822_utc, wp_gmt, wp_local
from wparchive.model import AuthorRecord, CommentRecord, PostRecord, TermRecord, TermRef

WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/$")
WXR_EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
KNOWN_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
    "http://www.w3.org/2005/Atom": "atom",
}
COMMENT_STATUS = {"1": "approved", "0": "pending", "approve": "approved", "hold": "pending"}
ORDINARY_COMMENT_TYPES = {"", "comment"}
# WXR 1.0 wrote tags with domain="tag"; later versions say post_tag.
TAXONOMY_ALIASES = {"tag": "post_tag", "": "category"}


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


def _int(value: str | None) -> int | None:
    """An id or number as SQLite can store it; None for text that is not one, or one too large."""
    if value is None:
        return None
    value = value.strip()
    if len(value) > 20:  # int() of a huge digit string is slow, and no stored id is that long
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number in SQLITE_INTEGER else None


def _keep_unreadable(extra: dict[str, Any], name: str, raw: str | None, parsed: object) -> None:
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


def _children(element: Any) -> list[tuple[str, Any]]:
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


def _add_extra(extra: dict[str, Any], element: Any) -> None:
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
    for name, child in _children(element):
        if name == "wp:author_id":
            author.wp_id = _int(child.text)
        elif name in AUTHOR_FIELDS:
            setattr(author, AUTHOR_FIELDS[name], text_of(child).strip() or None)
        else:
            _add_extra(author.extra, child)
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
    for name, child in _children(element):
        value = text_of(child)
        if name == "wp:term_id":
            term.wp_id = _int(value)
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
            _add_extra(term.extra, child)
    if not term.slug and term.name:
        term.slug = slugify(term.name)
    return term


def slugify(name: str) -> str:
    """WordPress-like slug for legacy term references that carry only a name."""
    slug = re.sub(r"[^\w\s-]", "", name.lower(), flags=re.UNICODE)
    return re.sub(r"[\s_-]+", "-", slug).strip("-")


COMMENT_TEXT_FIELDS = {
    "wp:comment_author": "author_name",
    "wp:comment_author_email": "author_email",
    "wp:comment_author_url": "author_url",
    "wp:comment_author_IP": "author_ip",
}


COMMENT_INT_FIELDS = ("wp:comment_id", "wp:comment_parent", "wp:comment_user_id")
COMMENT_FIELDS = frozenset(
    (
        "wp:comment_id",
        "wp:comment_parent",
        "wp:comment_user_id",
        "wp:comment_date",
        "wp:comment_date_gmt",
        "wp:comment_content",
        "wp:comment_approved",
        "wp:comment_type",
        *COMMENT_TEXT_FIELDS,
    )
)


def parse_comment(element: Any, position: int) -> CommentRecord:
    values: dict[str, str] = {}
    meta: list[tuple[str, str]] = []
    extra: dict[str, Any] = {}
    for name, child in _children(element):
        if name in COMMENT_FIELDS:
            values[name] = (child.text or "") if not len(child) else text_of(child)
        elif name == "wp:commentmeta":
            meta.append(parse_meta(child))
        else:
            _add_extra(extra, child)
    get = values.get
    raw_type = get("wp:comment_type")
    comment_type = (raw_type or "").strip()
    comment_type = "comment" if comment_type in ORDINARY_COMMENT_TYPES else comment_type
    if raw_type not in (None, comment_type):
        extra["wp:comment_type"] = raw_type
    approved = get("wp:comment_approved", "").strip()
    numbers = {name: _int(get(name)) for name in COMMENT_INT_FIELDS}
    dates = {"gmt": wp_gmt(get("wp:comment_date_gmt")), "local": wp_local(get("wp:comment_date"))}
    for name, parsed in (
        *numbers.items(),
        ("wp:comment_date_gmt", dates["gmt"]),
        ("wp:comment_date", dates["local"]),
    ):
        _keep_unreadable(extra, name, get(name), parsed)
    return CommentRecord(
        wp_id=numbers["wp:comment_id"],
        position=position,
        wp_parent_id=numbers["wp:comment_parent"] or None,
        comment_type=comment_type,
        comment_type_raw=raw_type,
        status=COMMENT_STATUS.get(approved, approved or None),
        author_name=get("wp:comment_author", "").strip() or None,
        author_url=get("wp:comment_author_url", "").strip() or None,
        author_email=get("wp:comment_author_email", "").strip() or None,
        author_ip=get("wp:comment_author_IP", "").strip() or None,
        user_id=numbers["wp:comment_user_id"] or None,
        published_at=dates["gmt"],
        published_local=dates["local"],
        content_html=get("wp:comment_content"),
        meta=meta,
        extra=extra,
    )


def _term_ref(element: Any) -> TermRef | None:
    domain = element.get("domain")
    nicename = element.get("nicename")
    name = text_of(element).strip()
    taxonomy = TAXONOMY_ALIASES.get(domain or "", domain or "category")
    if nicename is None:
        # WXR 1.0 writes each category twice: once bare (legacy), once with nicename.
        return TermRef(taxonomy=taxonomy, slug="", name=name) if name else None
    return TermRef(taxonomy=taxonomy, slug=nicename.strip(), name=name or None)


def _merge_term_refs(refs: list[TermRef]) -> list[TermRef]:
    """Drop legacy bare references that duplicate a nicename reference."""
    named = {(r.taxonomy, (r.name or "").lower()) for r in refs if r.slug}
    merged, seen = [], set()
    for ref in refs:
        if not ref.slug:
            if (ref.taxonomy, (ref.name or "").lower()) in named:
                continue
            ref = TermRef(ref.taxonomy, slugify(ref.name or ""), ref.name)
        if (ref.taxonomy, ref.slug) in seen or not ref.slug:
            continue
        seen.add((ref.taxonomy, ref.slug))
        merged.append(ref)
    return merged


# Item children stored as plain strings on the record: key -> attribute.
POST_TEXT_FIELDS = {
    "title": "title",
    "link": "url",
    "guid": "guid",
    "dc:creator": "author_login",
    "content:encoded": "content_html",
    "excerpt:encoded": "excerpt_html",
    "wp:post_name": "slug",
    "wp:status": "status",
    "wp:post_type": "post_type",
    "wp:comment_status": "comment_status",
    "wp:ping_status": "ping_status",
    "wp:post_password": "password",
    "wp:attachment_url": "attachment_url",
}
POST_INT_FIELDS = {"wp:post_id": "wp_id", "wp:post_parent": "wp_parent_id", "wp:menu_order": "menu_order"}
POST_DATE_FIELDS = ("wp:post_date", "wp:post_date_gmt", "wp:post_modified", "wp:post_modified_gmt", "pubDate")
# Scalars are trimmed: some exporters pad every value with newlines and spaces
# (``<wp:post_password>\n<![CDATA[ ]]>\n``), which would read as a password.
# Text bodies (content, excerpt) are never trimmed.
STRIPPED_FIELDS = {
    "title",
    "link",
    "guid",
    "dc:creator",
    "wp:post_name",
    "wp:status",
    "wp:post_type",
    "wp:comment_status",
    "wp:ping_status",
    "wp:post_password",
    "wp:attachment_url",
}


def parse_item(element: Any) -> PostRecord:
    post = PostRecord(wp_id=None)
    dates: dict[str, str] = {}
    refs: list[TermRef] = []
    for name, child in _children(element):
        if name in POST_TEXT_FIELDS:
            value = (child.text or "") if not len(child) else text_of(child)
            if name in STRIPPED_FIELDS:
                value = value.strip()
            setattr(post, POST_TEXT_FIELDS[name], value if value != "" else None)
        elif name in POST_INT_FIELDS:
            number = _int(child.text)
            setattr(post, POST_INT_FIELDS[name], number)
            _keep_unreadable(post.extra, name, child.text, number)
        elif name in POST_DATE_FIELDS:
            dates[name] = text_of(child)
        else:
            _read_item_part(post, name, child, refs)
    post.terms = _merge_term_refs(refs)
    _apply_post_dates(post, dates)
    if post.wp_parent_id == 0:
        post.wp_parent_id = None
    return post


def _read_item_part(post: PostRecord, name: str, child: Any, refs: list[TermRef]) -> None:
    """The item's children that are not plain fields: comments, meta, terms, stickiness, the rest."""
    if name == "wp:comment":
        post.comments.append(parse_comment(child, len(post.comments) + 1))
    elif name == "wp:postmeta":
        post.meta.append(parse_meta(child))
    elif name == "category":
        ref = _term_ref(child)
        if ref:
            refs.append(ref)
    elif name == "wp:is_sticky":
        post.is_sticky = (child.text or "").strip() == "1"
    elif name != "description" or text_of(child).strip():  # <description> is always empty in core exports
        _add_extra(post.extra, child)


def _apply_post_dates(post: PostRecord, dates: dict[str, str]) -> None:
    post.published_local = wp_local(dates.get("wp:post_date"))
    post.published_at = wp_gmt(dates.get("wp:post_date_gmt"))
    if post.published_at is None and post.status in ("publish", "inherit", "private", "future"):
        # Some exporters leave post_date_gmt zero for published posts; pubDate is UTC.
        post.published_at = rfc822_utc(dates.get("pubDate"))
    post.modified_local = wp_local(dates.get("wp:post_modified"))
    post.modified_at = wp_gmt(dates.get("wp:post_modified_gmt"))
    if dates.get("pubDate") and not post.published_at:
        post.extra["pubDate"] = dates["pubDate"]
    parsed = {
        "wp:post_date": post.published_local,
        "wp:post_modified": post.modified_local,
        "wp:post_modified_gmt": post.modified_at,
    }
    parsed["wp:post_date_gmt"] = wp_gmt(dates.get("wp:post_date_gmt"))
    for name, value in parsed.items():
        _keep_unreadable(post.extra, name, dates.get(name), value)
