"""The Disqus reader: a forum's export (Disqus admin → Export), the comments a WordPress blog moved out.

A Disqus export is ``<disqus>`` with ``<thread dsq:id>`` elements (a page that had comments: its
link, title and identifier, which the WordPress plugin wrote as ``"123 http://site/?p=123"``) and
``<post dsq:id>`` elements (a comment: message, date, author, spam and deleted flags, its thread and
its parent). Each thread becomes a page's view of its post (``merge=True``): the archive meets it by
the WordPress id in the identifier (or a ``?p=`` link), else by its link, whatever the scheme,
``www.`` or trailing slash; a thread that meets no post stays a post of its own, marked
``extra.disqus.thread_only``. Its comments come with their parents, in the order of the export.

Exports run to gigabytes and list comments in date order across threads, so the file is streamed:
threads are kept (a link and a title each) and comments are set aside on disk (``spill``), then
given out thread by thread: memory holds a 64th of the comments at a time, not the export. A file cut short is
read again in libxml2's recover mode and flagged.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from wparchive.dates import iso_with_offset
from wparchive.inputs import InputSource
from wparchive.model import CommentRecord, PostRecord, Record, SiteRecord
from wparchive.pingbacks import url_key
from wparchive.readers.base import PassOutcome, ReadAgain, ReadOptions, Refused
from wparchive.sanitize import http_url
from wparchive.spill import Spill
from wparchive.textcodec import looks_like_markup

DSQ = "{http://disqus.com/disqus-internals}id"
_ID_THEN_URL = re.compile(r"^\s*(\d{1,19})\s+\S")  # the WordPress plugin's "123 http://site/?p=123"
_P_QUERY = re.compile(r"[?&]p=(\d{1,19})(?:&|$)")
_WP_COMMENT = re.compile(r"^\s*wp_id=(\d{1,19})\s*$")  # a comment Disqus imported from WordPress


class DisqusReader:
    kind = "disqus"

    def sniff(self, head: bytes) -> float:
        if not looks_like_markup(head):
            return 0.0
        return 1.0 if b"<disqus" in head and b"disqus.com" in head else 0.0

    def guard(self, options: ReadOptions) -> Callable[[bytes], None] | None:
        return None

    def passes(self, source: InputSource, options: ReadOptions) -> Iterator[DisqusPass]:
        first = DisqusPass(source, options, recover=False)
        yield first
        if first.syntax_error is not None:
            yield DisqusPass(source, options, recover=True, damage=first.syntax_error)


@dataclass
class _Thread:
    dsq_id: str
    identifier: str | None
    link: str | None
    title: str | None
    created_at: str | None
    deleted: bool
    closed: bool


@dataclass
class DisqusPass:
    source: InputSource
    options: ReadOptions
    recover: bool
    damage: str | None = None
    syntax_error: str | None = None
    threads: dict[str, _Thread] = field(default_factory=dict)
    forum: str | None = None
    posts_read: int = 0  # threads given out: those with comments
    orphans: int = 0  # comments of a thread the export does not hold
    warnings: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)  # what could not be imported (status recovered)

    def records(self) -> Iterator[Record]:
        with tempfile.TemporaryDirectory(prefix="wparchive-disqus-") as scratch:
            aside = Spill(Path(scratch))
            self._read(aside)
            yield from self._records(aside)

    def _read(self, aside: Spill) -> None:
        try:
            with self.source.open() as stream:
                for _, element in etree.iterparse(stream, **_parser_options(self.recover)):
                    self._element(element, aside)
                    _forget(element)
        except etree.XMLSyntaxError as error:
            self.syntax_error = str(error.msg or error).splitlines()[0][:200]
            raise ReadAgain(self.syntax_error) from None
        if not self.threads and not aside.count:
            raise Refused("a Disqus export with no threads and no comments: nothing to import")

    def _element(self, element: Any, aside: Spill) -> None:
        parent = element.getparent()
        if parent is None or etree.QName(parent).localname != "disqus":
            return
        tag = etree.QName(element).localname
        if tag == "thread":
            thread = _thread(element)
            self.threads[thread.dsq_id] = thread
            self.forum = self.forum or _text(element, "forum")
        elif tag == "post":
            fields = _post_fields(element)
            aside.add(fields.pop("thread") or "", fields)

    def _records(self, aside: Spill) -> Iterator[Record]:
        """The site, then each thread that has comments, as a view of its post (threads are given out
        bucket by bucket: the order of the export's comments within each)."""
        site = self._site()
        yield SiteRecord(url=site, merge=True, extra={"disqus_forum": self.forum} if self.forum else {})
        for thread_id, comments in aside.groups(self.options.max_item_bytes):
            thread = self.threads.get(thread_id)
            if comments is None:  # one thread's comments past --max-item-mb: not held in memory
                limit = self.options.max_item_bytes >> 20
                self.losses.append(
                    f"thread {thread_id} holds more than {limit} MiB of comments: not imported "
                    "(--max-item-mb raises the limit)"
                )
                continue
            if thread is None:
                self.orphans += len(comments)
                continue
            self.posts_read += 1
            yield _post(thread, comments)

    def _site(self) -> str:
        """--site, else the host most of the threads' links are on (a forum also holds its
        staging site's threads: those still meet their posts by WordPress id)."""
        if self.options.site_url:
            self._check_site(self.options.site_url)
            return self.options.site_url
        homes = Counter(home for t in self.threads.values() if (home := _home(t.link)))
        if not homes:
            raise Refused("no thread of the Disqus export has a link: the site it belongs to is unknown")
        return homes.most_common(1)[0][0]

    def _check_site(self, site_url: str) -> None:
        wanted = url_key(site_url)
        hosts = {url_key(_home(t.link)) for t in self.threads.values() if _home(t.link)}
        if hosts and wanted not in hosts:
            named = ", ".join(sorted(host or "" for host in hosts)[:3])
            raise Refused(f"a Disqus export of another site: its threads link to {named}, not to {site_url}")

    def outcome(self) -> PassOutcome:
        warnings = list(self.warnings)
        if self.orphans:
            warnings.append(f"{self.orphans} comments of threads the export does not hold: not imported")
        if self.recover:
            warnings.insert(0, f"the export is not well-formed ({self.damage}); read in libxml2 recover mode")
        status = "recovered" if self.recover or self.losses else "ok"
        return PassOutcome(
            status, warnings, list(self.losses), items_read=self.posts_read, items_in_file=len(self.threads)
        )


def _parser_options(recover: bool) -> dict[str, Any]:
    return {
        "events": ("end",),
        "resolve_entities": False,
        "load_dtd": False,
        "no_network": True,
        "huge_tree": True,
        "recover": recover,
    }


def _forget(element: Any) -> None:
    """Free what was read: the children of <disqus> one by one, as they end."""
    parent = element.getparent()
    if parent is not None and parent.getparent() is None:
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del parent[0]


def _text(element: Any, name: str) -> str | None:
    child = element.find(f"{{*}}{name}")
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def _flag(element: Any, name: str) -> bool:
    return (_text(element, name) or "").lower() == "true"


def _ref(element: Any, name: str) -> str | None:
    child = element.find(f"{{*}}{name}")
    return None if child is None else child.get(DSQ)


def _thread(element: Any) -> _Thread:
    return _Thread(
        dsq_id=element.get(DSQ) or "",
        identifier=_text(element, "id"),
        link=_text(element, "link"),
        title=_text(element, "title"),
        created_at=_text(element, "createdAt"),
        deleted=_flag(element, "isDeleted"),
        closed=_flag(element, "isClosed"),
    )


def _post_fields(element: Any) -> dict[str, Any]:
    author = element.find("{*}author")
    return {
        "dsq_id": element.get(DSQ),
        "id": _text(element, "id"),
        "message": _text(element, "message"),
        "created_at": _text(element, "createdAt"),
        "deleted": _flag(element, "isDeleted"),
        "spam": _flag(element, "isSpam"),
        "ip": _text(element, "ipAddress"),
        "thread": _ref(element, "thread"),
        "parent": _ref(element, "parent"),
        "author": {
            name: _text(author, name) for name in ("name", "email", "username", "link", "url", "isAnonymous")
        }
        if author is not None
        else {},
    }


def _utc(value: str | None) -> str | None:
    return iso_with_offset(value)[0]  # Disqus writes UTC: 2010-05-02T08:30:00Z


def _home(link: str | None) -> str | None:
    url = http_url(link)
    if not url:
        return None
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0].split('?', 1)[0].split('#', 1)[0]}"


def _wp_id(thread: _Thread) -> int | None:
    """The WordPress post id the plugin put in the identifier ("123 http://…"), or a ?p= link."""
    tries = ((thread.identifier, _ID_THEN_URL), (thread.identifier, _P_QUERY), (thread.link, _P_QUERY))
    for text, pattern in tries:
        found = pattern.search(text or "")
        if found:
            return int(found.group(1))
    if thread.identifier and thread.identifier.isdigit() and len(thread.identifier) <= 19:
        return int(thread.identifier)
    return None


def _post(thread: _Thread, comments: list[dict[str, Any]]) -> PostRecord:
    link = http_url(thread.link)
    wp_id = _wp_id(thread)
    post = PostRecord(
        wp_id=wp_id,
        post_type="post",
        status="trash" if thread.deleted else "publish",
        title=thread.title,
        url=None if link and _P_QUERY.search(link) else link,
        published_at=_utc(thread.created_at),
        comment_status="closed" if thread.closed else "open",
        merge=True,
        extra={
            "disqus": {
                "thread_id": thread.dsq_id,
                "identifier": thread.identifier,
                "link": thread.link,
                "thread_only": True,
            }
        },  # fmt: skip
    )
    position_of = {c["dsq_id"]: number for number, c in enumerate(comments, 1)}
    post.comments = [_comment(c, number, thread, position_of) for number, c in enumerate(comments, 1)]
    return post


def _comment(
    fields: dict[str, Any], position: int, thread: _Thread, position_of: dict[str, int]
) -> CommentRecord:
    author = fields["author"]
    wp_id = _WP_COMMENT.match(fields["id"] or "")
    extra: dict[str, Any] = {"disqus_id": fields["dsq_id"], "disqus_thread": thread.dsq_id}
    if fields["parent"] and fields["parent"] not in position_of:
        extra["disqus_parent"] = fields["parent"]  # in another thread, or not in the export
    if author.get("username"):
        extra["disqus_username"] = author["username"]
    if (author.get("isAnonymous") or "").lower() == "true":
        extra["disqus_anonymous"] = True
    return CommentRecord(
        wp_id=int(wp_id.group(1)) if wp_id else None,
        position=position,
        parent_position=position_of.get(fields["parent"] or ""),
        comment_type="comment",
        status="spam" if fields["spam"] else "trash" if fields["deleted"] else "approved",
        author_name=author.get("name") or author.get("username"),
        author_url=http_url(author.get("link") or author.get("url")),
        author_email=author.get("email"),
        author_ip=fields["ip"],
        published_at=_utc(fields["created_at"]),
        content_html=fields["message"],
        source_key=f"disqus:{fields['dsq_id']}" if fields["dsq_id"] and not wp_id else None,
        extra=extra,
    )
