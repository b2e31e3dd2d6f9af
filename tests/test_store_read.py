"""store.read gives back the records a reader produced: what an exporter will see is what was imported."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, run_import

from wparchive.inputs import Unreadable, expand_inputs
from wparchive.model import PostRecord
from wparchive.readers.base import ReadOptions
from wparchive.readers.wxr import WxrReader
from wparchive.store.read import read_archive
from wparchive.store.schema import open_db

EXPORT = FIXTURES / "demo" / "kitchen-garden.xml"


def _posts_as_read() -> dict[int, PostRecord]:
    (source,) = expand_inputs([str(EXPORT)])
    assert not isinstance(source, Unreadable)
    reading = next(WxrReader().passes(source, ReadOptions()))  # an undamaged file: the first pass reads it
    return {r.wp_id: r for r in reading.records() if isinstance(r, PostRecord)}


def test_posts_and_comments_come_back_as_they_were_read(db_path: Path) -> None:
    assert run_import(db_path, EXPORT, extra=("--no-clean",)).exit_code == 0
    read = _posts_as_read()
    stored = {r.wp_id: r for r in read_archive(open_db(db_path)) if isinstance(r, PostRecord)}
    assert stored.keys() == read.keys()
    for wp_id, original in read.items():
        back = stored[wp_id]
        for name in (
            "title",
            "status",
            "post_type",
            "slug",
            "url",
            "guid",
            "content_html",
            "excerpt_html",
            "published_at",
            "published_local",
            "password",
            "author_login",
            "wp_parent_id",
            "extra",
            "meta",
        ):
            assert getattr(back, name) == getattr(original, name), (wp_id, name)
        assert sorted((t.taxonomy, t.slug) for t in back.terms) == sorted(
            (t.taxonomy, t.slug) for t in original.terms
        )
        by_id = {c.wp_id: c for c in original.comments}
        assert sorted(by_id) == sorted(c.wp_id for c in back.comments)
        for comment in back.comments:
            source = by_id[comment.wp_id]
            for name in (
                "author_name",
                "author_email",
                "author_ip",
                "author_url",
                "content_html",
                "status",
                "comment_type",
                "published_at",
                "wp_parent_id",
                "meta",
                "position",
            ):
                assert getattr(comment, name) == getattr(source, name), (wp_id, comment.wp_id, name)
