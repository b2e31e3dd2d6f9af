"""One response's objects sorted by what they are, and read into records.

A response is one route's answer (posts, or comments, or users…), but a folder or a crawl mixes
them, and ``_embed`` puts authors, terms and comments inside posts: each object is read by its
shape, not by the route it came from. Objects of no known shape are counted and passed over.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wparchive.model import AuthorRecord, PostRecord, Record, TermRecord
from wparchive.readers.rest.comments import comments_by_post, is_comment
from wparchive.readers.rest.posts import is_post, post_record
from wparchive.readers.rest.site import author_record, is_index, is_term, is_user, term_records


@dataclass
class Response:
    index: dict[str, Any] | None = None
    authors: dict[str, AuthorRecord] = field(default_factory=dict)
    terms: list[TermRecord] = field(default_factory=list)
    posts: list[PostRecord] = field(default_factory=list)
    objects: list[dict[str, Any]] = field(default_factory=list)  # those read, for the site's home
    counts: Counter[str] = field(default_factory=Counter)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def records(self) -> list[Record]:
        """Authors and terms before the posts that name them."""
        return [*self.authors.values(), *self.terms, *self.posts]

    @property
    def read(self) -> int:
        return sum(self.counts.values())


def read_objects(objects: list[Any]) -> Response:
    found = Response()
    kinds: dict[str, list[dict[str, Any]]] = {"comment": [], "term": [], "post": [], "user": []}
    for obj in objects:
        kind = _kind(obj)
        if kind is None:
            found.unknown.append(obj if isinstance(obj, dict) else {})
            continue
        found.counts[kind] += 1
        found.objects.append(obj)
        if kind == "index":
            found.index = obj
        else:
            kinds[kind].append(obj)
    for obj in kinds["user"]:
        author = author_record(obj)
        if author is not None:
            found.authors.setdefault(author.login, author)
    found.terms = term_records(kinds["term"])
    extras: list[PostRecord] = []
    found.posts = [post_record(obj, found.authors, extras) for obj in kinds["post"]] + extras
    found.posts += comments_by_post(kinds["comment"], found.warnings)
    if found.unknown:
        found.warnings.append(f"{len(found.unknown)} objects of no shape this reader knows were passed over")
    return found


def _kind(obj: Any) -> str | None:
    if not isinstance(obj, dict):
        return None
    if is_index(obj):
        return "index"
    if is_comment(obj):
        return "comment"
    if is_term(obj):
        return "term"
    if is_post(obj):
        return "post"
    if is_user(obj):
        return "user"
    return None


def keys_of(obj: dict[str, Any]) -> str:
    """The first keys of an object, for a message saying what a response held instead."""
    keys = list(obj)[:6]
    return ", ".join(map(str, keys)) + (", …" if len(obj) > 6 else "") if keys else "no keys"
