"""Turn the INPUT arguments of ``wparchive import`` into openable sources.

An argument may be a file (``.xml``, ``.xml.gz``, ``.zip``, ``.txt``), or a folder
(a split export, a wget mirror). WordPress.com hands exports out as zip files
holding one or more XML files; WP-CLI splits large exports into several files.
Each document becomes one :class:`InputSource`, imported in its own transaction.

Anything that cannot be read becomes an :class:`Unreadable` with a one-line
reason, in its place in the sequence, so one bad file in a folder or one bad
member of a zip never stops the others: a device or FIFO (``/dev/urandom``
would be read forever), an encrypted member, an unknown compression method.
Errors that only show while reading (a bad CRC at the end of a member) surface
as :class:`InputReadError`, an ``OSError`` the importer already turns into one line.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import stat
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from wparchive import jsonhead, warc

EXPORT_SUFFIXES = (".xml", ".xml.gz", ".wxr", ".zip", ".gz", ".txt", ".text")
READABLE_SUFFIXES = EXPORT_SUFFIXES + (".html", ".htm", ".xhtml", ".shtml", ".warc", ".arc", ".json")
# A mirror (wget, HTTrack) saves pages under their URL's name: "index.html?p=19", "feed/index.html",
# "page.php?id=3". Whatever has a page's suffix or a query string is read; requisites are not.
_PAGE_NAME = re.compile(r"\.(?:x?html?|shtml|php\d?|aspx?|jsp|cfm)(?:[?#].*)?$|\?[^/]*$", re.I)
_REQUISITES = re.compile(
    r"\.(?:css|js|mjs|map|png|jpe?g|gif|svg|webp|avif|ico|bmp|tiff?|woff2?|ttf|otf|eot|pdf|mp[34]|"
    r"m4a|ogg|"
    r"wav|webm|mov|avi|swf|exe|dmg|apk)(?:[?#].*)?$",
    re.I,
)
# Where a REST API response may be: a .json file, anything a mirror saved under wp-json/ ("posts?page=2").
_JSON_NAME = re.compile(r"\.json(?:[?#].*)?$", re.I)
_NOT_PAGES = {"robots.txt", "humans.txt", "ads.txt", "security.txt", "llms.txt"}
_SITEMAP = re.compile(r"^(?:wp-)?sitemap[\w.-]*\.xml(?:\.gz)?$|^wlwmanifest\.xml$", re.I)
PAGE_LIMIT = 50 * 1024 * 1024  # a page is read whole; a crawl record larger than this is not a page
ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


class InputError(Exception):
    """An input that cannot be opened at all."""


class InputReadError(OSError):
    """Reading an input failed part-way (a damaged or unsupported archive member)."""


@dataclass
class Unreadable:
    """An input that is skipped, with the reason, while the others are imported."""

    label: str
    reason: str


@dataclass
class InputSource:
    """One document to import: where it is, how to open it, how big it claims to be.

    ``size`` comes from the file system or from an archive's header: it is good
    for a progress bar, never for a limit (a gzip trailer stores the size modulo
    2**32, a zip header says what its writer liked). Limits count bytes read.
    """

    label: str
    opener: Callable[[], IO[bytes]]
    size: int
    measured_size: int | None = None  # bytes actually read, once sha256() has read them
    # What a crawl says of a page it holds (a WARC record): where and when it was fetched, its charset.
    url: str | None = None
    captured_at: str | None = None
    charset: str | None = None
    kind: str | None = None  # the container's kind for sources.kind (``warc``), else the reader's
    position: int | None = None  # bytes of its container read so far (a crawl's progress)

    def open(self) -> IO[bytes]:
        return self.opener()

    def sha256(self, observe: Callable[[bytes], None] | None = None) -> str:
        """The digest of the document's bytes; ``observe`` sees each block (and may stop the read)."""
        digest = hashlib.sha256()
        count = 0
        with self.open() as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                if observe is not None:
                    observe(block)
                digest.update(block)
                count += len(block)
        self.measured_size = count
        return digest.hexdigest()

    @property
    def stored_size(self) -> int:
        """What ``sources.size`` records: bytes read when known, else the size the file system gave."""
        return self.measured_size if self.measured_size is not None else self.size

    def head(self, size: int = 4096) -> bytes:
        with self.open() as stream:
            return stream.read(size)


Expanded = InputSource | Unreadable


def path_label(path: Path | str) -> str:
    """The path as text that can always be printed and stored (undecodable bytes shown as \\xNN)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _gzip_size(path: Path) -> int:
    """Uncompressed size from the gzip trailer (modulo 2**32: good enough for a bar, nothing else)."""
    with open(path, "rb") as handle:
        handle.seek(-4, os.SEEK_END)
        return struct.unpack("<I", handle.read(4))[0]


def _plain(path: Path) -> InputSource:
    return InputSource(path_label(path), lambda: open(path, "rb"), path.stat().st_size)


def _gzipped(path: Path) -> InputSource:
    return InputSource(path_label(path), lambda: cast(IO[bytes], gzip.open(path, "rb")), _gzip_size(path))


class _MemberStream:
    """A zip member's stream whose zipfile errors read as InputReadError (one line, not a traceback)."""

    def __init__(self, stream: IO[bytes], label: str) -> None:
        self._stream = stream
        self._label = label

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError) as error:
            raise InputReadError(f"damaged zip member ({error})") from None

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> _MemberStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    if info.flag_bits & 0x1:
        return "the zip member is encrypted (a password is needed)"
    if info.compress_type not in ZIP_METHODS:
        return f"the zip member uses compression method {info.compress_type}, which cannot be read"
    return None


def _zip_members(path: Path) -> Iterator[Expanded]:
    # One ZipFile for all members: re-reading the central directory for every member
    # made a zip of 3,000 members take minutes (each open is linear in the member count).
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        yield Unreadable(path_label(path), f"not a readable zip file ({error})")
        return
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and info.filename.lower().endswith((".xml", ".wxr"))
            and not info.filename.startswith("__MACOSX/")
        ]
        if not members:
            yield Unreadable(path_label(path), "the zip file holds no .xml file")
            return
        for info in sorted(members, key=lambda i: i.filename):
            label = f"{path_label(path)}!{info.filename}"
            problem = _member_problem(info)
            if problem:
                yield Unreadable(label, problem)
                continue

            def opener(member: zipfile.ZipInfo = info, label: str = label) -> IO[bytes]:
                try:
                    stream = archive.open(member)
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
                    raise InputReadError(f"damaged zip member ({error})") from None
                return cast(IO[bytes], _MemberStream(stream, label))

            yield InputSource(label, opener, info.file_size)


def crawl_sources(
    path: Path, span: warc.Span = warc.WHOLE, every_page: bool = False, skips: warc.WarcSkips | None = None
) -> Iterator[Expanded]:
    """The pages of a crawl (or of a span of it), one source each, with URL, capture time and charset.

    Only pages of WordPress and Blogger blogs unless ``every_page``: a crawl holds mostly other
    sites. ``skips`` collects what else the crawl held, by reason.
    """
    label = path_label(path)
    skips = skips if skips is not None else warc.WarcSkips()
    pages = 0
    for found in warc.warc_pages(path, label, PAGE_LIMIT, skips, span, every_page):
        if isinstance(found, str):
            yield Unreadable(label, found)
            continue
        pages += 1
        yield InputSource(
            found.label,
            warc.opener(found.content),
            len(found.content),
            url=found.url,
            captured_at=found.captured_at,
            charset=found.charset,
            kind="warc",
            position=found.position,
        )
    if skips.error:
        yield Unreadable(label, skips.error)
    elif not pages and span == warc.WHOLE:
        held = (
            ", ".join(f"{count} {reason}" for reason, count in skips.reasons.most_common(5)) or "no records"
        )
        yield Unreadable(label, f"the crawl holds no blog pages ({held})")


def is_crawl(path: Path) -> bool:
    """A WARC or ARC file, plain or gzipped (read by its first bytes, not its name)."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(16)
    except OSError:
        return False
    return warc.is_warc(_crawl_head(path, magic))


def _crawl_head(path: Path, magic: bytes) -> bytes:
    """The first bytes of a file, decompressed when it is gzip (a .warc.gz starts with a gzip member)."""
    if not magic.startswith(b"\x1f\x8b"):
        return magic
    try:
        with gzip.open(path, "rb") as stream:
            return stream.read(16)
    except (OSError, EOFError):
        return b""


def _from_file(path: Path, every_page: bool = False) -> Iterator[Expanded]:
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            yield Unreadable(
                path_label(path), "not a regular file (a device, FIFO or socket cannot be imported)"
            )
            return
        with open(path, "rb") as handle:
            magic = handle.read(16)
    except OSError as error:
        yield Unreadable(path_label(path), f"cannot be read ({error.strerror or error})")
        return
    if warc.is_warc(_crawl_head(path, magic)):
        yield from crawl_sources(path, every_page=every_page)
    elif magic.startswith(b"PK\x03\x04"):
        yield from _zip_members(path)
    elif magic.startswith(b"\x1f\x8b"):
        try:
            yield _gzipped(path)
        except OSError as error:
            yield Unreadable(path_label(path), f"not a readable gzip file ({error})")
    else:
        yield _plain(path)


def _readable(path: Path) -> bool:
    name = path.name.lower()
    if name in _NOT_PAGES or _REQUISITES.search(name) or _SITEMAP.match(name):
        return False
    if _JSON_NAME.search(name) or "wp-json" in path.parts:
        return _may_be_rest(path)
    return name.endswith(READABLE_SUFFIXES) or name.endswith(".warc.gz") or bool(_PAGE_NAME.search(name))


def _may_be_rest(path: Path) -> bool:
    """A REST API response, a WordPress error, or no JSON at all (an HTML page saved in its place, which
    the import refuses in one line); not the JSON of something else (a web manifest, an oEmbed answer)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(jsonhead.HEAD)
    except OSError:
        return True  # the import says why it cannot be read
    return jsonhead.worth_reading(head)


def folder_files(path: Path) -> list[Path]:
    """The documents of a folder (exports, pages, feeds, REST API responses, crawls), sorted; requisites
    and JSON that is no REST API response left out."""
    return sorted(p for p in path.rglob("*") if p.is_file() and _readable(p))


def _from_folder(path: Path, every_page: bool = False) -> Iterator[Expanded]:
    files = folder_files(path)
    if not files:
        raise InputError(
            f"{path_label(path)}: the folder holds no export, page, feed or crawl "
            "(.xml, .zip, .html, .json, .warc, .txt)"
        )
    for file in files:
        yield from _from_file(file, every_page)


def expand_inputs(arguments: list[str], every_page: bool = False) -> Iterator[Expanded]:
    """One InputSource per document named by the arguments, or an Unreadable in its place.

    ``every_page``: a crawl's every HTML page, not only those of WordPress and Blogger blogs."""
    for argument in arguments:
        path = Path(argument)
        if not path.exists():
            raise InputError(f"{path_label(argument)}: no such file or folder")
        if path.is_dir():
            yield from _from_folder(path, every_page)
        else:
            yield from _from_file(path, every_page)
