"""A REST API response's bytes to its objects: the whole array, or the objects before a cut.

A download cut short leaves an array whose last object is half there: its elements are decoded one
by one (``json.JSONDecoder.raw_decode``) and those before the cut are kept, the import flagged. What
is not a response is refused in one line that says what it is: an HTML page saved in its place (a
404, a Cloudflare challenge), WordPress's own error object (``rest_post_invalid_page_number``, which a
crawl holds for the page after the last), JSON of another kind.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from wparchive.jsonhead import HEAD, is_json
from wparchive.readers.base import Refused
from wparchive.readers.rest.fields import one_line, text

_SPACE = re.compile(r"\s*")
_TITLE = re.compile(rb"<title[^>]{0,200}>(.{0,400}?)</title", re.I | re.S)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|title|h1|p|div)\b", re.I)
_JSON_NAME = re.compile(r"\.json(?:[?#].*)?$", re.I)
# A response of 100 posts holds a few thousand objects and arrays; 50 MB of "{}," would be 16 million
# dicts, over a gigabyte once decoded. Counted on the bytes (braces in strings too) before decoding.
MAX_CONTAINERS = 1_000_000


@dataclass
class Decoded:
    """The objects of a response, and what reading them had to give up."""

    objects: list[Any]
    warnings: list[str] = field(default_factory=list)
    recovered: bool = False


def decode(data: bytes, label: str) -> Decoded:
    """The response's objects; Refused (one line) when it holds none."""
    if not is_json(data[:HEAD]):
        _refuse_other(data, label)
    if data.count(b"{") + data.count(b"[") > MAX_CONTAINERS:
        raise Refused(
            f"more than {MAX_CONTAINERS:,} JSON objects and arrays: not a response WordPress writes "
            "(it pages its answers, 100 objects at most); not read"
        )
    warnings: list[str] = []
    text_of = _text(data, warnings)
    try:
        value = json.loads(text_of)
    except json.JSONDecodeError as error:
        return _recovered(text_of, error, warnings)
    except RecursionError:  # arrays nested 100,000 deep
        raise Refused("JSON nested deeper than it can be read: not a REST API response") from None
    except ValueError as error:  # a number of 5,000 digits
        raise Refused(f"JSON that cannot be read ({one_line(error, 100)}): not a REST API response") from None
    return Decoded(_objects(value), warnings)


def _text(data: bytes, warnings: list[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(data) - 3:  # not a character cut at the end of a cut file
            warnings.append("the response is not valid UTF-8: undecodable bytes were replaced (U+FFFD)")
        return data.decode("utf-8-sig", errors="replace")


def _refuse_other(data: bytes, label: str) -> None:
    """What a document that does not start as JSON is, in one line."""
    head = data[:HEAD].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise Refused("an empty response: not a REST API response")
    if head.startswith(b"<") or _HTML.search(head[:4096]):
        found = _TITLE.search(head)
        title = one_line(html.unescape(found.group(1).decode("utf-8", "replace")), 80) if found else ""
        said = f" (\u201c{title}\u201d)" if title else ""
        saved = "saved as .json" if _JSON_NAME.search(label) else "where a REST API response was expected"
        raise Refused(f"an HTML page{said} {saved}: not a REST API response")
    if head[:1] in (b"{", b"["):
        return  # JSON of another shape ([1, 2], ["a"]): read, and refused for what it holds
    start = one_line(head[:40].decode("utf-8", "replace"), 40)
    raise Refused(f"not JSON (it starts {start!r}): not a REST API response")


def _recovered(text_of: str, error: json.JSONDecodeError, warnings: list[str]) -> Decoded:
    """The complete elements of a top-level array before the place where decoding failed."""
    objects = _elements_before_damage(text_of)
    where = f"line {error.lineno}, column {error.colno}"
    cut = not text_of.rstrip().endswith(("]", "}"))
    if not objects:
        if cut:
            raise Refused("the response is cut short before its first complete object: nothing to read")
        raise Refused(f"not valid JSON ({error.msg} at {where}): not a REST API response")
    count = f"{len(objects)} complete object{'s' if len(objects) != 1 else ''}"
    if cut:
        warnings.append(
            f"the response is cut short (a download that stopped): the {count} before the cut were read"
        )
    else:
        warnings.append(f"the JSON is damaged at {where} ({error.msg}): the {count} before it were read")
    return Decoded(_objects(objects), warnings, recovered=True)


def _elements_before_damage(text_of: str) -> list[Any]:
    start = _SPACE.match(text_of, 1 if text_of.startswith("\ufeff") else 0)
    position = start.end() if start else 0
    if text_of[position : position + 1] != "[":
        return []
    decoder = json.JSONDecoder()
    found: list[Any] = []
    position += 1
    while True:
        position = _SPACE.match(text_of, position).end()  # type: ignore[union-attr]
        try:
            value, position = decoder.raw_decode(text_of, position)
        except (ValueError, RecursionError):
            return found
        found.append(value)
        position = _SPACE.match(text_of, position).end()  # type: ignore[union-attr]
        if text_of[position : position + 1] != ",":
            return found
        position += 1


def _objects(value: Any) -> list[Any]:
    """The objects of a response: an array's, one object's, an ``_envelope``'s body; errors refused."""
    if isinstance(value, dict):
        _refuse_error(value)
        if isinstance(value.get("body"), (list, dict)) and "status" in value and "headers" in value:
            return _objects(value["body"])  # ?_envelope: the response wrapped with its status and headers
        return [value]
    if isinstance(value, list):
        if not value:
            raise Refused("an empty response (an empty JSON array): nothing to import")
        return value
    raise Refused(f"JSON, but not a WordPress REST API response (a single {type(value).__name__} value)")


def _refuse_error(value: dict[str, Any]) -> None:
    """WordPress's error object (``code``, ``message``, ``data.status``) or another API's ``error``."""
    code = text(value.get("code"))
    error = value.get("error")
    if code is None and not isinstance(error, (str, dict)):
        return
    if code is None and ("id" in value or "_links" in value):
        return  # an object that has an "error" field among its own
    data = value.get("data")
    status = data.get("status") if isinstance(data, dict) else None
    message = text(value.get("message")) or (error if isinstance(error, str) else None)
    said = f": \u201c{one_line(message, 120)}\u201d" if message and message != code else ""
    http = f" (HTTP {status})" if isinstance(status, int) else ""
    if code is not None:
        raise Refused(
            f"a WordPress REST API error, not a response to import: {one_line(code, 80)}{http}{said}"
        )
    named = error if isinstance(error, str) else json.dumps(error)
    raise Refused(f"an error response, not a WordPress REST API response: {one_line(named, 80)}{http}{said}")
