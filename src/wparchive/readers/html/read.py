"""One saved page to records: bytes in, the site, the page and its posts with their comments out.

A pure function of the page's bytes and what is known of where it came from (``PageContext``),
so pages can be read in worker processes, or on a cluster, and give the same records.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from wparchive.model import CommentRecord, NamedLink, PageRecord, PostRecord, Record, SiteRecord, TermRef
from wparchive.readers.base import PageContext, PageResult, Refused
from wparchive.readers.html import blogger, fallback
from wparchive.readers.html.comments import FoundComment, find_comments, own_comments
from wparchive.readers.html.fields import comment_fields
from wparchive.readers.html.heading import heading_count
from wparchive.readers.html.listing import read_listing
from wparchive.readers.html.names import clean_names, from_reply_labels, ping_title
from wparchive.readers.html.nesting import Parent, find_parents
from wparchive.readers.html.page import PageFacts, read_facts, site_home, without_comment_page
from wparchive.readers.html.pings import Ping, find_pings
from wparchive.readers.html.post import PostDraft, read_post
from wparchive.readers.html.prepare import prepare
from wparchive.readers.html.tree import index_page, parse, too_deep

UNFILED = "unknown:scraped-pages"  # the site of pages that name none
_COMMENT_PAGE_LINKS = etree.XPath("//a[contains(@href, '/comment-page-') or contains(@href, 'cpage=')]")


class NotAPage(Refused):
    """The input holds no readable HTML page."""


def _comment_record(
    comment: FoundComment, parent: Parent, position: int, fields, facts: PageFacts
) -> CommentRecord:
    extra = {
        "parent_source": parent.evidence,
        "comment_page": facts.comment_page,
        "date_text": fields.date_text,
    }
    return CommentRecord(
        wp_id=comment.wp_id,
        position=position,
        wp_parent_id=parent.wp_id,
        comment_type=fields.comment_type,
        status="pending" if fields.pending else "approved",
        author_name=fields.author,
        author_url=fields.author_url,
        published_at=fields.published_at,
        published_local=fields.published_local,
        content_html=fields.content_html,
        content_text=fields.content_text,
        by_post_author=fields.by_post_author,
        extra={k: v for k, v in extra.items() if v is not None},
    )


def _ping_record(ping: Ping, position: int, facts: PageFacts) -> CommentRecord:
    return CommentRecord(
        wp_id=None,
        position=position,
        comment_type=ping.kind,
        status="approved",
        author_name=ping.title,
        author_url=ping.url,
        content_html=ping.content_html,
        content_text=ping.content_text,
        by_post_author=False,
        named_link=NamedLink(ping.title, None),
        extra={"comment_page": facts.comment_page} if facts.comment_page else {},
    )


def _comment_records(root, facts: PageFacts, warnings: list[str]) -> list[CommentRecord]:
    everything = find_comments(facts.index)
    found = own_comments(everything, facts.url, facts.post_id)
    if len(found) < len(everything):
        warnings.append(f"{len(everything) - len(found)} comments of other posts (a widget) were left out")
    others = {part for c in everything for part in (c.element, *c.parts)}
    records = []
    labels = []
    for position, (comment, parent) in enumerate(zip(found, find_parents(found), strict=True), 1):
        fields = comment_fields(comment, others, facts.url, facts.language)
        records.append(_comment_record(comment, parent, position, fields, facts))
        labels.append(fields.reply_label)
    for record, name in zip(records, from_reply_labels(labels), strict=True):
        if record.author_name is None and name:  # no name in the markup but the reply link's
            record.author_name = name
    for ping in find_pings(facts.index, others, facts.url):
        records.append(_ping_record(ping, len(records) + 1, facts))
    people = [r for r in records if r.comment_type == "comment"]  # a ping's "author" is a page title
    for record, name in zip(people, clean_names([r.author_name for r in people]), strict=True):
        record.author_name = name
    for record in records:
        if record.comment_type != "comment":
            record.author_name = ping_title(record.author_name)
    return records


def _check_count(root, facts: PageFacts, records: list[CommentRecord], warnings: list[str]) -> int | None:
    """The heading's count beside what the page shows; a paged comment list shows only a part."""
    stated = heading_count(facts.index)
    paged = facts.comment_page is not None or bool(_COMMENT_PAGE_LINKS(root))
    if stated is None or stated == len(records):
        return stated
    if paged and stated > len(records):
        where = f"comment page {facts.comment_page}" if facts.comment_page else "this comment page"
        warnings.append(
            f"comments are paged: {where} shows {len(records)} of the {stated} the heading counts;"
            " import the other comment pages to complete the thread"
        )
    else:
        warnings.append(f"the comment heading says {stated}; the page shows {len(records)} comments")
    return stated


def _post_record(draft: PostDraft, facts: PageFacts, listing: bool) -> PostRecord:
    url = without_comment_page(draft.url)
    record = PostRecord(
        wp_id=draft.wp_id,
        post_type="page" if facts.kind == "page" and not listing else "post",
        status="publish",
        title=draft.title,
        url=url,
        author_login=draft.author,
        published_at=draft.published_at,
        published_local=draft.published_local,
        modified_at=draft.modified_at,
        modified_local=draft.modified_local,
        content_html=draft.content_html,
        content_text=draft.content_text,
        terms=[TermRef(t.taxonomy, t.slug, t.name) for t in draft.terms],
        extra=dict(draft.extra),
        merge=True,
    )
    if listing:
        record.extra["listing"] = facts.kind
    return record


def _wordpress_posts(root, html: bytes, facts: PageFacts, warnings: list[str]) -> list[PostRecord]:
    if facts.kind == "listing":
        return [_post_record(draft, facts, True) for draft in read_listing(root, facts)]
    comments = _comment_records(root, facts, warnings)
    draft = read_post(root, facts)
    if draft.content_html is None:  # no content element the reader knows (page builders, custom themes)
        draft.content_html, draft.content_text = fallback.body_by_trafilatura(html)
        draft.extra["body_by"] = "trafilatura"
    record = _post_record(draft, facts, False)
    record.comments = comments
    record.declared_comment_count = _check_count(root, facts, comments, warnings)
    return [record]


def _home_of(posts: list[PostRecord]) -> str | None:
    """A page that names no site: the host of its post's permalink."""
    url = next((post.url for post in posts if post.url), None)
    if not url:
        return None
    parts = urlsplit(url)
    return site_home(f"{parts.scheme}://{parts.netloc}/")


_NOT_BLOG_PAGES = {
    "admin": "a WordPress login or admin page (wp-login.php, wp-admin), not a page of the blog",
    "not-found": "a 'page not found' page (404): it holds no post",
}
MIN_WORDS = 20  # a page with no title, no comments and fewer words than this holds no post


def _must_hold_a_post(posts: list[PostRecord], facts: PageFacts) -> None:
    if facts.kind == "listing" and not posts:
        raise NotAPage("a listing page (home, archive or search) that lists no posts")
    for post in posts:
        if post.title or post.comments or len((post.content_text or "").split()) >= MIN_WORDS:
            return
    raise NotAPage("the page holds no post: no title, no comments and hardly any text")


def read_html(data: bytes, context: PageContext) -> PageResult:
    """The records of one page; raises NotAPage (one line) when there is no page to read."""
    prepared = prepare(data, context.charset)
    root = parse(prepared.html)
    cut_deep = too_deep()  # asked at once: the parser's log is the last parse's, in this thread
    if root is None or not any(text.strip() for text in root.itertext()):  # stops at the first text
        raise NotAPage("not an HTML page with any text")
    capture = prepared.capture
    found_at = context.url or (capture.original_url if capture else None)
    facts = read_facts(index_page(root), prepared.html, found_at)
    if facts.kind in _NOT_BLOG_PAGES:
        raise NotAPage(_NOT_BLOG_PAGES[facts.kind])
    warnings = list(prepared.warnings)
    if cut_deep:
        warnings.append(
            "the page nests elements deeper than the parser's limit (256); what lies deeper was not read"
        )
    if facts.platform == "blogger":
        posts = blogger.read_blogger(root, facts, warnings)
    elif facts.platform == "wordpress" or facts.kind != "other":
        posts = _wordpress_posts(root, prepared.html, facts, warnings)
    else:
        posts = fallback.read_unknown(root, prepared.html, facts, warnings)
    _must_hold_a_post(posts, facts)
    if prepared.truncated:
        warnings.append("the page ends before </html>: it was cut off (truncated); what it holds is kept")
    home = facts.home or _home_of(posts)
    site = SiteRecord(
        url=context.site_url or home or UNFILED,
        title=facts.site_name,
        language=facts.language,
        merge=True,
    )
    if facts.generator:
        site.extra["generator"] = facts.generator
    captured_at = context.captured_at or (capture.timestamp if capture else None)
    page = PageRecord(data, prepared.artefacts, url=facts.url or found_at, captured_at=captured_at)
    records: list[Record] = [site, page, *posts]
    status = "recovered" if prepared.truncated or cut_deep else "ok"
    return PageResult(records, page.url, captured_at, status, warnings, len(posts))


__all__ = ["UNFILED", "NotAPage", "PageContext", "PageResult", "read_html", "site_home"]
