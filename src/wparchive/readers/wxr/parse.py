"""Streaming WXR reader: lxml ``iterparse`` item by item, in bounded memory.

Only ``channel`` and ``item`` events reach Python; each item is turned into a
:class:`~wparchive.model.PostRecord` and removed from the tree at once, and the
channel's own children (site, authors, terms) are read when the first item
starts. No DTD is loaded, no entity is expanded and nothing is fetched from the
network, whatever the file declares.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from lxml import etree

from wparchive.model import Record, SiteRecord
from wparchive.readers.base import Refused
from wparchive.readers.wxr import fields
from wparchive.readers.wxr.items import parse_item

VERSION_FORMAT = re.compile(r"^\d+\.\d+$")
SUPPORTED_MAX_VERSION = (1, 2)
SITE_FIELDS = {
    "title": "title",
    "description": "description",
    "language": "language",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}


class ByteStream(Protocol):
    """What lxml reads from: the file itself, or one of the repairing wrappers in ``stream``."""

    def read(self, size: int = -1) -> bytes: ...


class NotWxrError(Refused):
    """The document is readable XML but not a WordPress export."""


@dataclass
class ReaderState:
    """What the reader saw, for warnings and the reconciliation summary."""

    items_read: int = 0
    wxr_version: str | None = None
    doctype: str | None = None
    warnings: list[str] = field(default_factory=list)


def _parser_options(recover: bool) -> dict[str, Any]:
    return {
        "events": ("start", "end"),
        "tag": ("channel", "item"),
        "resolve_entities": False,
        "load_dtd": False,
        "no_network": True,
        "huge_tree": True,
        "recover": recover,
        "remove_blank_text": False,
    }


def read_wxr(stream: ByteStream, state: ReaderState, recover: bool = False) -> Iterator[Record]:
    """Yield the site, authors, terms and then one PostRecord per item."""
    channel = None
    header_done = False
    for event, element in etree.iterparse(stream, **_parser_options(recover)):
        if element.tag == "channel":
            if event == "start":
                channel = element
                _check_root(element, state)
            elif channel is element:
                if not header_done:
                    yield from _read_header(channel, state, first=True)
                    header_done = True
                else:
                    yield from _read_header(channel, state, first=False)
            continue
        if channel is None or element.getparent() is not channel:
            continue  # an <item> outside rss/channel is not part of the export
        if event == "start":
            if not header_done:
                yield from _read_header(channel, state, first=True)
                header_done = True
            continue
        state.items_read += 1
        yield parse_item(element)
        element.clear(keep_tail=False)
        channel.remove(element)
    if channel is None:
        raise NotWxrError("not a WXR file: no <rss><channel> element")


def _check_root(channel: Any, state: ReaderState) -> None:
    root = channel.getparent()
    if root is None or root.tag != "rss":
        found = root.tag if root is not None else channel.tag
        raise NotWxrError(f"not a WXR file: the document element is <{found}>, not <rss>")
    doctype = channel.getroottree().docinfo.doctype
    if doctype:
        state.doctype = doctype
        state.warnings.append(f"ignored a document type declaration ({doctype[:80]}); no entity was expanded")


def _read_header(channel: Any, state: ReaderState, first: bool) -> Iterator[Record]:
    """Read the channel's non-item children (site, authors, terms) and drop them."""
    site = SiteRecord(url="")
    records: list[Record] = []
    version = None
    for child in list(channel):
        if not isinstance(child.tag, str) or child.tag == "item":
            continue
        name = fields.classify(child.tag)
        if name == "wp:wxr_version":
            version = fields.text_of(child).strip()
        elif name in SITE_FIELDS:
            value = fields.text_of(child).strip()
            setattr(site, SITE_FIELDS[name], value or None)
        elif name == "link":
            site.url = fields.text_of(child).strip()
        elif name in ("wp:author", "wp:wp_author"):
            records.append(fields.parse_author(child))
        elif name in fields.TERM_SHAPES:
            records.append(fields.parse_term(name, child))
        else:
            fields.add_extra(site.extra, child)
        channel.remove(child)
    if first:
        yield _finish_site(site, version, state)
    yield from records


def _finish_site(site: SiteRecord, version: str | None, state: ReaderState) -> SiteRecord:
    if version is None:
        raise NotWxrError("not a WXR file: missing <wp:wxr_version> (an RSS feed, not a WordPress export?)")
    if not VERSION_FORMAT.match(version):
        raise NotWxrError(f"not a WXR file: invalid WXR version number {version[:40]!r}")
    if tuple(int(part) for part in version.split(".")) > SUPPORTED_MAX_VERSION:
        state.warnings.append(f"WXR version {version} is newer than 1.2; read as 1.2")
    site.wxr_version = state.wxr_version = version
    site.url = site.base_blog_url or site.url or site.base_site_url or ""
    if not site.url:
        # Test and hand-made exports often have no link; the title keeps sites apart.
        site.url = "untitled:" + (site.title or "site")
    return site
