"""Plain-text blog pages: posts, comments, threads and pingbacks from text alone.

The reader classifies the page's lines (``page``, ``markdown``, ``cues``, ``shown``), promotes
the header shape the page repeats (``template``), finds the regions (``layout``: the posts, the
comment list, a trackback list, furniture), reads the posts (``posts``), segments the comments
(``comments``, ``segment``, ``align``) and works out who answers whom (``threads.answers``).
Every line of the page ends in a post, a comment, or an artefact with its offsets; the page's
bytes are kept for re-parsing. Structure that is inferred rather than stated carries a confidence
below 1.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterator

from wparchive.furniture import (
    glued_alt_spans,
)  # the same pattern as `wparchive clean`, applied while reading
from wparchive.htmltext import text_to_html
from wparchive.model import (
    Answer,
    ArtefactRecord,
    CommentRecord,
    NamedLink,
    PageRecord,
    PostRecord,
    Record,
    SiteRecord,
)
from wparchive.readers.base import Refused
from wparchive.readers.text import comments as tc
from wparchive.readers.text import cues
from wparchive.readers.text import posts as tp
from wparchive.readers.text.layout import Layout, find_layout, sign_off_split
from wparchive.readers.text.page import Line, Page, read_page
from wparchive.readers.text.segment import segment
from wparchive.readers.text.template import learn_headers
from wparchive.textcodec import decode_text
from wparchive.threads.answers import Speaker, infer_answers

INFERRED = 0.6  # confidence of segmentation guessed from cues, not stated by the page


class NotTextError(Refused):
    """The input is not a readable text page."""


def decode(data: bytes) -> str:
    text = decode_text(data)
    if text is None:
        raise NotTextError("not a text page: it holds binary data")
    return text


def read_posts(page: Page, layout: Layout) -> list[tp.PostDraft]:
    lines = page.lines[layout.posts_first : layout.posts_last + 1]
    if layout.archive:
        posts = tp.split_archive(lines)
        if posts:
            return posts
    post = tp.single_post(lines)
    tp.apply_sign_off(post)
    return [post]


def read_comments(page: Page, layout: Layout, post: tp.PostDraft) -> tuple[list[tc.CommentDraft], object]:
    if layout.comments_first is None or layout.comments_last is None:
        return [], None
    lines = page.lines[layout.comments_first : layout.comments_last + 1]
    mode = tc.zone_mode(lines)
    if mode == "headers":
        comments = tc.parse_headers(lines)
    elif mode == "footers":
        comments = tc.parse_footers(lines)
    elif mode == "items":
        comments = tc.parse_items(lines)
    else:
        return _headerless(lines, post)
    for comment in comments:
        tc.split_trailing_date(comment)
        tc.split_signature(comment)
    return comments, None


def _units(lines: list[Line]) -> list[list[Line]]:
    """Paragraphs: blank-separated; or single lines when the zone has no blank lines."""
    content_kinds = ("text", "byline", "date", "header")
    content = [line for line in lines if line.kind in content_kinds]
    if not any(line.kind == "blank" for line in lines[1:-1]):
        return [[line] for line in content]
    units: list[list[Line]] = [[]]
    for line in lines:
        if line.kind == "blank":
            if units[-1]:
                units.append([])
        elif line.kind in content_kinds:
            units[-1].append(line)
    return [u for u in units if u]


def _headerless(lines: list[Line], post: tp.PostDraft):
    units = _units(lines)
    texts = ["\n".join(line.stripped for line in unit) for unit in units]
    result = segment(texts, post.author)
    comments: list[tc.CommentDraft] = []
    for number, group in enumerate(result.groups):
        comment = tc.CommentDraft(len(comments) + 1, confidence=INFERRED, found_by="paragraphs")
        for unit_index in group:
            for line in units[unit_index]:
                comment.add_line(line)
            comment.pieces.append(None)
        while comment.pieces and comment.pieces[-1] is None:
            comment.pieces.pop()
        tc.split_signature(comment)
        link = cues.parse_link_item(comment.text) if len(group) == 1 else None
        if link:
            comment.kind, comment.link, comment.confidence = link.kind, link, 1.0
        if number == result.batch:
            comment.by_post_author = True
            comment.author_inferred = post.author
        comments.append(comment)
    if result.batch is not None:
        for j, (_unit_index, name) in enumerate(result.batch_parts):
            target = result.answered.get(j)
            if target:
                comments[target[0]].author_inferred = comments[target[0]].author_inferred or name
    return comments, result


def _is_post_author(comment: tc.CommentDraft, post_author: str | None) -> bool:
    if comment.by_post_author is not None:
        return comment.by_post_author
    name = comment.author or ""
    return bool(post_author and name and name.lower() == post_author.lower())


def _answers(comments: list[tc.CommentDraft], post: tp.PostDraft, segmentation) -> dict[int, list]:
    speakers = []
    batch_index = getattr(segmentation, "batch", None)
    for index, comment in enumerate(comments):
        speaker = Speaker(
            comment.position,
            "comment" if comment.kind == "comment" and not comment.trackback_list else comment.kind,
            ["\n".join(p.text for p in group) for group in comment.paragraphs],
            comment.author or comment.author_inferred,
            _is_post_author(comment, post.author),
            comment.parent,
        )
        if batch_index is not None and index == batch_index:
            speaker.batch_targets = [comments[g[0]].position for g in segmentation.answered.values()]
            speaker.addressed = {
                (name or "").split()[0].lower() for _, name in segmentation.batch_parts if name
            }
        speakers.append(speaker)
    return infer_answers(speakers, post.author, post.body_text)


def _glued_alt(post: tp.PostDraft, artefacts: list[ArtefactRecord]) -> None:
    """ "grocerystoreMoving to …": an image's alt text stuck to the first word."""
    for line in post.body:
        spans = glued_alt_spans(line.stripped) if line.kind == "text" else []
        if not spans:
            continue
        offset = line.start + line.text.find(line.stripped)
        alt = line.stripped[spans[0][0] : spans[0][1]]
        artefacts.append(ArtefactRecord(alt, "glued_image_alt", offset, offset + len(alt)))
        line.text = line.text.replace(alt, "", 1)
        line.start += len(alt)


def read_text(data: bytes, label: str, site_url: str) -> Iterator[Record]:
    """Yield the site, the page (bytes and artefacts) and its posts with their comments."""
    text = decode(data)
    if not text.strip():
        raise NotTextError("the page is empty")
    page = read_page(text)
    learn_headers(page.lines)
    layout = find_layout(page)
    sign_off_split(page, layout)
    posts = read_posts(page, layout)
    if not posts or not any(p.body for p in posts):
        raise NotTextError("no post text found on the page")
    comments, segmentation = read_comments(page, layout, posts[0])
    artefacts = _page_artefacts(page, posts, comments)
    _infer_title(posts[0], comments)
    for post in posts:
        _glued_alt(post, artefacts)
    answers = _answers(comments, posts[0], segmentation) if comments else {}
    key = hashlib.sha256(data).hexdigest()[:16]
    yield SiteRecord(url=site_url, title=None, merge=True)  # a page fills what the archive lacks, never more
    yield PageRecord(data, artefacts)
    for index, post in enumerate(posts):
        yield _post_record(post, index, key, layout, comments if index == 0 else [], answers)


def _infer_title(post: tp.PostDraft, comments: list[tc.CommentDraft]) -> None:
    if post.title:
        return
    found = tp.title_from_trackbacks([c.text for c in comments if c.kind == "trackback"])
    if found:
        post.title, post.title_source = found[0], "pingback_excerpt"
        post.author = post.author or found[1]
        post.author_source = post.author_source or "trackback"


def _post_record(post: tp.PostDraft, index: int, key: str, layout: Layout, comments, answers) -> PostRecord:
    body = post.body_text
    record = PostRecord(
        wp_id=None,
        post_type="post",
        status="publish",
        title=post.title,
        author_login=post.author,
        published_local=f"{post.date}T00:00:00" if post.date else None,
        content_html=text_to_html(body),
        content_text=body,
        declared_comment_count=layout.declared_count if index == 0 else None,
        source_key=f"{key}:{index}",
        confidence=1.0 if post.title_source in ("first_line", "heading", None) else INFERRED,
    )
    record.extra = {
        k: v for k, v in {"title_source": post.title_source, "author_source": post.author_source}.items() if v
    }
    record.comments = [_comment_record(c, key, index, answers.get(c.position, [])) for c in comments]
    return record


def _comment_record(comment: tc.CommentDraft, key: str, post_index: int, edges) -> CommentRecord:
    text = comment.text
    record = CommentRecord(
        wp_id=None,
        position=comment.position,
        comment_type=comment.kind,
        status="pending" if comment.pending else "approved",
        author_name=comment.author,
        published_local=f"{comment.date}T{comment.time or '00:00'}:00" if comment.date else None,
        content_html=text_to_html(text),
        content_text=text,
        confidence=comment.confidence,
        parent_position=comment.parent,
        by_post_author=comment.by_post_author,
        answers=[Answer(position, evidence, confidence) for position, evidence, confidence in edges],
        source_key=f"{key}:{post_index}:{comment.position}",
        start=comment.start,
        end=comment.end,
    )
    extra = {
        "author_inferred": comment.author_inferred,
        "number_shown": comment.number,
        "found_by": comment.found_by,
    }
    if comment.trackback_list:
        extra["list"] = "trackbacks"
    if comment.link:
        extra["link_title"], extra["link_site"] = comment.link.title, comment.link.site
        if comment.link.title is not None or comment.link.site is not None:
            record.named_link = NamedLink(comment.link.title, comment.link.site)
    record.extra = {k: v for k, v in extra.items() if v is not None}
    return record


def _page_artefacts(
    page: Page, posts: list[tp.PostDraft], comments: list[tc.CommentDraft]
) -> list[ArtefactRecord]:
    """Every line that is neither post nor comment text, with what it is."""
    lines = _LineArtefacts()
    for post in posts:
        lines.used.update(line.index for line in post.body)
        if post.title_line is not None:
            lines.used.add(post.title_line)
        for line in post.artefact_lines:
            lines.add(line, "signature")
    artefacts, comment_offsets = _comment_structure(comments)
    offsets = sorted(comment_offsets)
    for line in page.lines:
        if line.index in lines.used or not line.stripped:
            continue
        # A line that holds the start of a comment's piece belongs to that comment.
        first = bisect_left(offsets, line.start)
        if first < len(offsets) and offsets[first] < line.end + 1:
            continue
        lines.add(line, line.artefact or "unplaced")
    return sorted(artefacts + lines.artefacts, key=lambda a: a.start)


class _LineArtefacts:
    """Whole lines set aside as artefacts, each once."""

    def __init__(self) -> None:
        self.used: set[int] = set()
        self.artefacts: list[ArtefactRecord] = []

    def add(self, line: Line, rule: str) -> None:
        if line.index in self.used or not line.stripped:
            return
        self.used.add(line.index)
        offset = line.start + line.text.find(line.stripped)
        self.artefacts.append(ArtefactRecord(line.stripped, rule, offset, offset + len(line.stripped)))


def _comment_structure(comments: list[tc.CommentDraft]) -> tuple[list[ArtefactRecord], set[int]]:
    """The structure lines and signatures of the comments, and where every piece of them starts."""
    artefacts: list[ArtefactRecord] = []
    offsets: set[int] = set()
    for comment in comments:
        offsets.update(piece.start for piece in comment.pieces if piece is not None)
        for piece in comment.structure:
            artefacts.append(ArtefactRecord(piece.text, "structure", piece.start, piece.end))
            offsets.add(piece.start)
        if comment.signature:
            signature = comment.signature
            artefacts.append(ArtefactRecord(signature.text, "signature", signature.start, signature.end))
            offsets.add(signature.start)
    return artefacts, offsets
