"""Turn the INPUT arguments of ``wparchive import`` into openable sources.

An argument may be a file (``.xml``, ``.xml.gz``, ``.zip``), or a folder (a
split export, a wget mirror). WordPress.com hands exports out as zip files
holding one or more XML files; WP-CLI splits large exports into several files.
Each XML document becomes one :class:`InputSource`, imported in its own
transaction.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterator, cast

READABLE_SUFFIXES = (".xml", ".xml.gz", ".wxr", ".zip", ".gz", ".txt", ".text")


class InputError(Exception):
    """An input that cannot be opened at all."""


@dataclass
class InputSource:
    """One document to import: where it is, how to open it, how big it is."""

    label: str
    opener: Callable[[], IO[bytes]]
    size: int

    def open(self) -> IO[bytes]:
        return self.opener()

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.open() as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def head(self, size: int = 4096) -> bytes:
        with self.open() as stream:
            return stream.read(size)

    def kind(self) -> str:
        """``wxr`` for anything that looks like XML or markup, ``text`` for plain text."""
        head = self.head(1 << 16)
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if stripped.startswith(b"<") or b"<?xml" in head or b"<rss" in head:
            return "wxr"
        return "text"


def _gzip_size(path: Path) -> int:
    """Uncompressed size from the gzip trailer (modulo 2**32, good enough for a bar)."""
    with open(path, "rb") as handle:
        handle.seek(-4, os.SEEK_END)
        return struct.unpack("<I", handle.read(4))[0]


def _plain(path: Path) -> InputSource:
    return InputSource(str(path), lambda: open(path, "rb"), path.stat().st_size)


def _gzipped(path: Path) -> InputSource:
    return InputSource(str(path), lambda: cast(IO[bytes], gzip.open(path, "rb")), _gzip_size(path))


def _zip_members(path: Path) -> Iterator[InputSource]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise InputError(f"{path}: not a readable zip file ({error})") from None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and info.filename.lower().endswith((".xml", ".wxr"))
            and not info.filename.startswith("__MACOSX/")
        ]
    if not members:
        raise InputError(f"{path}: the zip file holds no .xml file")
    for info in sorted(members, key=lambda i: i.filename):

        def opener(name: str = info.filename) -> IO[bytes]:
            return zipfile.ZipFile(path).open(name)

        yield InputSource(f"{path}!{info.filename}", opener, info.file_size)


def _from_file(path: Path) -> Iterator[InputSource]:
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic.startswith(b"PK\x03\x04"):
        yield from _zip_members(path)
    elif magic.startswith(b"\x1f\x8b"):
        yield _gzipped(path)
    else:
        yield _plain(path)


def _from_folder(path: Path) -> Iterator[InputSource]:
    files = sorted(
        p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(READABLE_SUFFIXES)
    )
    if not files:
        raise InputError(f"{path}: the folder holds no .xml, .xml.gz, .zip or .txt file")
    for file in files:
        yield from _from_file(file)


def expand_inputs(arguments: list[str]) -> Iterator[InputSource]:
    """Yield one InputSource per document named by the command-line arguments."""
    for argument in arguments:
        path = Path(argument)
        if not path.exists():
            raise InputError(f"{argument}: no such file or folder")
        if path.is_dir():
            yield from _from_folder(path)
        else:
            yield from _from_file(path)
