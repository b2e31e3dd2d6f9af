"""Byte streams handed to lxml: progress counting, head clean-up and repair.

WordPress exports are produced by PHP templates, so damaged files are common
(research/wxr.md §2.6, §9): PHP warnings or blank lines before ``<?xml``,
XML-illegal control characters, undeclared ``atom:`` prefixes, raw ``&`` in
URLs, raw ``]]>`` inside CDATA, Latin-1 bytes in a UTF-8 file.

:class:`HeadCleaningStream` is always used: it only looks at the first chunk.
:class:`RepairingStream` is used for a second pass after a strict parse failed:
it decodes, repairs and re-encodes the whole stream with a small CDATA-aware
state machine, counting every repair so that the import can list them. It also
counts the ``<item>`` elements the file holds, so that what lxml read can be
compared with what is there.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Callable
from typing import IO

from wparchive.readers.base import Refused

BOM = b"\xef\xbb\xbf"
CHUNK = 1 << 16
HEAD_WINDOW = 1 << 16

# Namespaces WordPress and WordPress.com use; injected on the root element when
# a file uses the prefix without declaring it (WordPress.com's ``atom:``).
WELL_KNOWN_NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "georss": "http://www.georss.org/georss",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "media": "http://search.yahoo.com/mrss/",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
}

_XML_DECL_ENCODING = re.compile(rb"<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)[\"']")
_ILLEGAL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RAW_AMPERSAND = re.compile(r"&(?!(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")
_ITEM_START = re.compile(r"<item[\s>/]")
_ITEM_END = re.compile(r"</item\s*>")
_PREFIX_USE = re.compile(r"</?([A-Za-z_][\w.-]*):[A-Za-z_]")
_ROOT_START = re.compile(r"<rss\b[^>]*>", re.S)
_DECLARED_PREFIX = re.compile(r"xmlns:([A-Za-z_][\w.-]*)\s*=")
_ENCODING_IN_DECL = re.compile(r"(<\?xml[^>]*?encoding=)([\"'])[A-Za-z0-9._-]+\2")

ProgressCallback = Callable[[int], None]

DEFAULT_MAX_ITEM_BYTES = 32 << 20
_ITEM_END_MARK = b"</item>"


class ItemTooLarge(Refused):
    """An item (or the channel header) is larger than the limit: reading it would hold it all in memory."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"an item (or the channel header) is larger than {limit >> 20} MiB once decompressed; refused "
            f"so that "
            "memory stays bounded (a decompression bomb looks like this; for a genuine export raise "
            "--max-item-mb)"
        )


class ItemSizeGuard:
    """Counts the bytes read since the last ``</item>``; lxml holds an item whole until it ends.

    A gzip bomb (3.9 MB to 1.5 GiB of one text node) or a 100 MB value would
    otherwise be built in memory before anything could look at it. The count is
    of decompressed bytes as they are read, never of a size the file declares.
    """

    def __init__(self, limit: int = DEFAULT_MAX_ITEM_BYTES) -> None:
        self.limit = limit
        self._since_item_end = 0
        self._tail = b""

    def feed(self, data: bytes) -> None:
        window = self._tail + data
        end = window.rfind(_ITEM_END_MARK)
        if end >= 0:
            self._since_item_end = len(window) - end - len(_ITEM_END_MARK)
        else:
            self._since_item_end += len(data)
        self._tail = window[-(len(_ITEM_END_MARK) - 1) :]
        if self._since_item_end > self.limit:
            raise ItemTooLarge(self.limit)


def clean_head(head: bytes) -> tuple[bytes, list[str]]:
    """Strip a BOM and anything before ``<?xml`` from the first chunk of a file."""
    warnings: list[str] = []
    if head.startswith(BOM + b"<?xml"):
        return head, warnings  # one BOM right before the declaration is legal XML
    if head.startswith(BOM):
        head = head[len(BOM) :]
        warnings.append("stripped a UTF-8 byte-order mark that was not followed by <?xml")
    start = head.find(b"<?xml", 0, HEAD_WINDOW)
    if start > 0:
        junk = head[:start].decode("utf-8", "replace").strip()
        head = head[start:]
        if junk:
            warnings.append(f"removed {start} bytes of stray output before <?xml: {junk[:160]!r}")
        else:
            warnings.append(f"removed {start} bytes of blank lines before <?xml")
    return head, warnings


class HeadCleaningStream:
    """File-like wrapper: cleans the head, reports raw bytes read for progress."""

    def __init__(
        self,
        raw: IO[bytes],
        progress: ProgressCallback | None = None,
        max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
    ) -> None:
        self._raw = raw
        self._progress = progress
        self._guard = ItemSizeGuard(max_item_bytes)
        self._pending = b""
        self._started = False
        self.warnings: list[str] = []

    def _report(self, data: bytes) -> None:
        self._guard.feed(data)
        if self._progress and data:
            self._progress(len(data))

    def read(self, size: int = -1) -> bytes:
        if not self._started:
            self._started = True
            head = self._raw.read(HEAD_WINDOW)
            self._report(head)
            self._pending, self.warnings = clean_head(head)
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        data = self._raw.read(CHUNK if size is None or size < 0 else size)
        self._report(data)
        return data


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252 (what WordPress assumed)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    _REPAIR_COUNTS["invalid_utf8"] += len(bad)
    return bad.decode("cp1252", errors="replace"), error.end


# codecs error handlers are global and take no context; the stream copies and
# resets this counter around each decode call (single-threaded by design).
_REPAIR_COUNTS: Counter[str] = Counter()
codecs.register_error("wparchive-cp1252", _cp1252_fallback)


class RepairingStream:
    """File-like wrapper that repairs a damaged WXR stream as lxml reads it."""

    def __init__(
        self,
        raw: IO[bytes],
        progress: ProgressCallback | None = None,
        extra_prefixes: dict[str, str] | None = None,
        max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
    ) -> None:
        self._raw = raw
        self._progress = progress
        self._guard = ItemSizeGuard(max_item_bytes)
        self._extra_prefixes = dict(extra_prefixes or {})
        self._decoder: codecs.IncrementalDecoder | None = None
        self._carry = ""
        self._out = b""
        self._in_cdata = False
        self._in_comment = False
        self._root_seen = False
        self._eof = False
        self._started = False
        self.counts: Counter[str] = Counter()
        self.prefix_uses: Counter[str] = Counter()
        self.injected: dict[str, str] = {}
        self.items_in_file = 0
        self.items_closed = 0
        self.head_warnings: list[str] = []

    # -- file-like interface -------------------------------------------------
    def read(self, size: int = -1) -> bytes:
        while not self._out and not self._eof:
            self._fill()
        if size is None or size < 0:
            data, self._out = self._out, b""
            return data
        data, self._out = self._out[:size], self._out[size:]
        return data

    def drain(self) -> None:
        """Read to the end so that the item count covers the whole file."""
        while not self._eof:
            self._fill()
            self._out = b""

    # -- decoding ------------------------------------------------------------
    def _fill(self) -> None:
        raw = self._raw.read(CHUNK if self._started else HEAD_WINDOW)
        self._guard.feed(raw)
        if self._progress and raw:
            self._progress(len(raw))
        if not self._started:
            self._started = True
            raw, self.head_warnings = clean_head(raw)
            self._decoder = self._make_decoder(raw)
            raw = self._declare_utf8(raw)
        final = not raw
        _REPAIR_COUNTS.clear()
        assert self._decoder is not None
        text = self._decoder.decode(raw, final=final)
        self.counts.update(_REPAIR_COUNTS)
        self._out += self._process(self._carry + text, final).encode("utf-8")
        if final:
            self._eof = True

    def _make_decoder(self, head: bytes) -> codecs.IncrementalDecoder:
        match = _XML_DECL_ENCODING.search(head[:200])
        encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
        try:
            codec = codecs.lookup(encoding)
        except LookupError:
            codec = codecs.lookup("utf-8")
        if codec.name != "utf-8":
            self.counts["transcoded_from_" + codec.name] += 1
            return codec.incrementaldecoder(errors="replace")
        return codec.incrementaldecoder(errors="wparchive-cp1252")

    @staticmethod
    def _declare_utf8(head: bytes) -> bytes:
        """The repaired stream is UTF-8 whatever the declaration said."""
        text = head[:200].decode("latin-1")
        fixed = _ENCODING_IN_DECL.sub(lambda m: f"{m.group(1)}{m.group(2)}UTF-8{m.group(2)}", text, 1)
        return fixed.encode("latin-1") + head[200:]

    # -- the state machine ---------------------------------------------------
    def _process(self, text: str, final: bool) -> str:
        out: list[str] = []
        pos = 0
        while pos < len(text):
            if self._in_cdata:
                pos, done = self._cdata(text, pos, final, out)
            elif self._in_comment:
                pos, done = self._comment(text, pos, final, out)
            else:
                pos, done = self._markup(text, pos, final, out)
            if done:
                break
        self._carry = text[pos:]
        return "".join(out)

    def _strip_illegal(self, segment: str) -> str:
        cleaned, count = _ILLEGAL_CHARS.subn("", segment)
        if count:
            self.counts["control_characters"] += count
        return cleaned

    def _cdata(self, text: str, pos: int, final: bool, out: list[str]) -> tuple[int, bool]:
        end = text.find("]]>", pos)
        if end < 0:
            keep = len(text) if final else max(pos, len(text) - 2)
            out.append(self._strip_illegal(text[pos:keep]))
            return keep, True
        after = end + 3
        while after < len(text) and text[after] in " \t\r\n":
            after += 1
        if after >= len(text) and not final:
            out.append(self._strip_illegal(text[pos:end]))
            return end, True  # need more input to tell a real end from a raw ]]>
        if after < len(text) and text[after] != "<":
            # ']]>' followed by text: a raw ']]>' inside the value, not the end.
            out.append(self._strip_illegal(text[pos:end]) + "]]]]><![CDATA[>")
            self.counts["raw_cdata_end"] += 1
            return end + 3, False
        out.append(self._strip_illegal(text[pos : end + 3]))
        self._in_cdata = False
        return end + 3, False

    def _comment(self, text: str, pos: int, final: bool, out: list[str]) -> tuple[int, bool]:
        end = text.find("-->", pos)
        if end < 0:
            keep = len(text) if final else max(pos, len(text) - 2)
            out.append(self._strip_illegal(text[pos:keep]))
            return keep, True
        out.append(self._strip_illegal(text[pos : end + 3]))
        self._in_comment = False
        return end + 3, False

    def _markup(self, text: str, pos: int, final: bool, out: list[str]) -> tuple[int, bool]:
        cdata = text.find("<![CDATA[", pos)
        comment = text.find("<!--", pos)
        starts = [i for i in (cdata, comment) if i >= 0]
        if starts:
            stop = min(starts)
            out.append(self._repair_markup(text[pos:stop]))
            if stop == cdata:
                self._in_cdata = True
                out.append("<![CDATA[")
                return stop + 9, False
            self._in_comment = True
            out.append("<!--")
            return stop + 4, False
        # Only hand over markup up to the last '>' so that no entity, tag or
        # CDATA opener is cut in two between chunks.
        cut = len(text) if final else text.rfind(">", pos) + 1
        if cut <= pos:
            if len(text) - pos < (1 << 20):
                return pos, True
            cut = len(text)
        out.append(self._repair_markup(text[pos:cut]))
        return cut, True

    def _repair_markup(self, segment: str) -> str:
        if not segment:
            return segment
        segment = self._strip_illegal(segment)
        segment, count = _RAW_AMPERSAND.subn("&amp;", segment)
        if count:
            self.counts["raw_ampersands"] += count
        self.items_in_file += len(_ITEM_START.findall(segment))
        self.items_closed += len(_ITEM_END.findall(segment))
        for prefix in _PREFIX_USE.findall(segment):
            self.prefix_uses[prefix] += 1
        if not self._root_seen:
            segment = self._declare_missing_prefixes(segment)
        return segment

    def _declare_missing_prefixes(self, segment: str) -> str:
        match = _ROOT_START.search(segment)
        if not match:
            return segment
        self._root_seen = True
        tag = match.group(0)
        declared = set(_DECLARED_PREFIX.findall(tag))
        wanted = {**WELL_KNOWN_NAMESPACES, **self._extra_prefixes}
        missing = {p: uri for p, uri in wanted.items() if p not in declared}
        if not missing:
            return segment
        self.injected = missing
        declarations = "".join(f' xmlns:{p}="{uri}"' for p, uri in missing.items())
        new_tag = tag[:-1].rstrip("/") + declarations + ">"
        return segment[: match.start()] + new_tag + segment[match.end() :]

    # -- reporting -----------------------------------------------------------
    def repair_warnings(self) -> list[str]:
        """One sentence per repair that actually changed something."""
        notes = list(self.head_warnings)
        messages = {
            "control_characters": "removed {n} XML-illegal control characters",
            "raw_ampersands": "escaped {n} raw '&' characters outside CDATA (e.g. in URLs)",
            "raw_cdata_end": "escaped {n} raw ']]>' sequences inside CDATA sections",
            "invalid_utf8": "decoded {n} bytes that were not valid UTF-8 as Windows-1252",
        }
        for key, template in messages.items():
            if self.counts[key]:
                notes.append(template.format(n=self.counts[key]))
        for key in self.counts:
            if key.startswith("transcoded_from_"):
                notes.append(f"transcoded from {key.removeprefix('transcoded_from_')} to UTF-8")
        for prefix in sorted(self.injected):
            uses = self.prefix_uses[prefix]
            if uses:
                notes.append(f"declared the undeclared namespace prefix '{prefix}:' (used {uses} times)")
        return notes
