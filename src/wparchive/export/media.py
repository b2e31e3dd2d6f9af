"""``media.json``: every media URL the posts use, which files use it, and whether the archive holds it.

A static site needs the files WordPress served: images, uploads linked from posts, featured images.
Downloading them is a separate step (the old host may be gone; the Wayback Machine may have them),
so the export writes the list first (peers.md, section d, 13: a media inventory without
downloading). "Held in the archive" means an attachment post has that file (its
``attachment_url``), as WordPress's own export lists the media library; the bytes themselves are
never in a WXR. A resized copy (``photo-300x200.jpg``, ``photo-scaled.jpg``, ``photo.jpg?w=300``)
counts as its original's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from wparchive.model import PostRecord
from wparchive.sanitize import http_url

# What a link to a file looks like: WordPress's uploads, WordPress.com's file hosts, or a media suffix.
UPLOAD_MARKS = ("/wp-content/uploads/", ".files.wordpress.com/")
MEDIA_SUFFIXES = frozenset(
    (
        "jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "tif", "tiff", "ico", "avif", "heic", "pdf", "mp3",
        "m4a", "ogg", "oga", "wav", "flac", "mp4", "m4v", "mov", "webm", "ogv", "avi", "wmv", "zip", "gz",
        "rar", "7z", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "csv",
        "epub"
    )
)  # fmt: skip
_SIZED = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.\w+$)")
_GALLERY_IDS = re.compile(r"\[gallery\b[^\]]*?\bids\s*=\s*[\"']?([\d,\s]+)", re.I)


def is_media_link(url: str) -> bool:
    """A link to an uploaded file rather than to a page."""
    lowered = url.lower()
    if any(mark in lowered for mark in UPLOAD_MARKS):
        return True
    name = urlsplit(lowered).path.rpartition("/")[2]
    return "." in name and name.rpartition(".")[2] in MEDIA_SUFFIXES


def _key(url: str) -> str:
    """Host (no www, any scheme) and path, without query and size suffix: the file, not a copy of it."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{_SIZED.sub('', parts.path)}"


@dataclass
class MediaBook:
    """One site's media references and attachments, gathered while its posts stream by."""

    home: str
    uses: dict[str, list[str]] = field(default_factory=dict)  # URL as first seen -> files using it
    attachments: dict[str, tuple[int | None, str]] = field(default_factory=dict)  # key -> (id, URL)
    by_id: dict[int, str] = field(default_factory=dict)  # attachment wp_id -> URL
    pending_ids: list[tuple[int, str]] = field(default_factory=list)  # (attachment id, file) to resolve

    def attachment(self, post: PostRecord) -> None:
        url = http_url(post.attachment_url) or http_url(
            post.guid if post.guid and is_media_link(post.guid) else None
        )
        if url is None:
            return
        self.attachments.setdefault(_key(url), (post.wp_id, url))
        if post.wp_id is not None:
            self.by_id[post.wp_id] = url

    def use(self, url: str, where: str) -> None:
        """``url`` (absolute, or relative to the site) is used by the file ``where``."""
        absolute = http_url(urljoin(self.home + "/", url.strip()))
        if absolute is None:
            return
        files = self.uses.setdefault(absolute, [])
        if where not in files:
            files.append(where)

    def use_post(self, post: PostRecord, where: str) -> None:
        """The attachments a post names by id: its featured image and its galleries' ``ids``."""
        ids = [value for key, value in post.meta if key == "_thumbnail_id"]
        for match in _GALLERY_IDS.finditer(post.content_html or ""):
            ids += match.group(1).split(",")
        self.pending_ids += [(int(i), where) for i in (value.strip() for value in ids) if i.isdigit()]

    def manifest(self) -> list[dict[str, Any]]:
        """Every URL used, then every attachment no post uses, by URL."""
        for wp_id, where in self.pending_ids:
            if wp_id in self.by_id:
                self.use(self.by_id[wp_id], where)
        entries = [self._entry(url, files) for url, files in self.uses.items()]
        used = {_key(url) for url in self.uses}
        entries += [
            {"url": url, "in_archive": True, "attachment_wp_id": wp_id, "attachment_url": url, "used_by": []}
            for key, (wp_id, url) in self.attachments.items()
            if key not in used
        ]
        return sorted(entries, key=lambda entry: entry["url"])

    def _entry(self, url: str, files: list[str]) -> dict[str, Any]:
        wp_id, original = self.attachments.get(_key(url), (None, None))
        return {
            "url": url,
            "in_archive": original is not None,
            "attachment_wp_id": wp_id,
            "attachment_url": original,
            "used_by": files,
        }


def write_manifest(book: MediaBook, path: Path) -> tuple[int, int]:
    """``media.json``; (URLs listed, of which held in the archive)."""
    entries = book.manifest()
    document = {"site": book.home, "media": entries}
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries), sum(entry["in_archive"] for entry in entries)
