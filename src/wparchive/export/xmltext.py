"""XML text for the WXR writer: escaping, CDATA that survives any value, and elements from ``extra``.

WordPress's own exporter leaves XML-illegal control characters in (its files are then not
well-formed) and splits ``]]>`` across CDATA sections since WXR 1.2; this writer drops the illegal
characters and splits as 1.2 does, so a strict parser reads every file it writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from wparchive.readers.wxr.stream import WELL_KNOWN_NAMESPACES

# Characters XML 1.0 does not allow anywhere (lone surrogates included).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The namespaces of prefixes that WordPress.com and feed plugins write into exports; an element
# kept in ``extra`` under another prefix gets a placeholder URI (the reader keys extra by prefix).
KNOWN_NAMESPACES = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    **WELL_KNOWN_NAMESPACES,  # the ones the reader declares when an export forgets them
}
ROOT_PREFIXES = ("excerpt", "content", "wfw", "dc", "wp")
_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")


def legal(value: str) -> str:
    return _ILLEGAL.sub("", value)


def text(value: Any) -> str:
    """Escaped character data (``&``, ``<``, ``>``), illegal characters dropped."""
    return escape(legal(str(value)))


def cdata(value: Any) -> str:
    """A CDATA section holding ``value`` exactly; a ``]]>`` inside is split across two sections."""
    return "<![CDATA[" + legal(str(value)).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def element(name: str, value: Any, as_cdata: bool = False) -> str:
    """``<name>value</name>``; None and "" give an empty element."""
    if value is None or value == "":
        return f"<{name}></{name}>"
    return f"<{name}>{cdata(value) if as_cdata else text(value)}</{name}>"


def extra_elements(extra: dict[str, Any], skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Elements for what a reader kept in ``extra`` (other channel or item children), so a round
    trip through WXR keeps them: ``{"generator": "…", "atom:link": [{"value": "", "attributes":
    {…}}]}``. A key that is no element name (a value the reader could not parse, kept under its
    field's name) is written by the field's own code and listed in ``skip``."""
    for key, value in extra.items():
        if key in skip:
            continue
        for one in value if isinstance(value, list) else [value]:
            written = _extra_element(key, one)
            if written:
                yield written


def _extra_element(key: str, value: Any) -> str | None:
    tag, declaration = _tag(key)
    if tag is None:
        return None
    attributes = ""
    if isinstance(value, dict):
        pairs = value.get("attributes")
        if not isinstance(pairs, dict) or not all(_NAME.match(str(name)) for name in pairs):
            return None  # a start tag kept whole, or namespaced attributes: not rebuilt
        attributes = "".join(f" {name}={quoteattr(legal(str(v)))}" for name, v in pairs.items())
        value = value.get("value", "")
    return f"<{tag}{declaration}{attributes}>{text(value or '')}</{tag}>"


def _tag(key: str) -> tuple[str | None, str]:
    """The element name for an extra key, and the namespace declaration it needs."""
    if key.startswith("{"):
        uri, _, local = key[1:].partition("}")
        return (local, f" xmlns={quoteattr(uri)}") if _NAME.match(local) else (None, "")
    prefix, _, local = key.rpartition(":")
    if not _NAME.match(local) or (prefix and not _NAME.match(prefix)):
        return None, ""
    if not prefix or prefix in ROOT_PREFIXES:
        return key, ""
    uri = KNOWN_NAMESPACES.get(prefix, f"urn:wparchive:prefix:{prefix}")
    return key, f" xmlns:{prefix}={quoteattr(uri)}"
