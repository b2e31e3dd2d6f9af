"""`wparchive export --format wxr`: a WXR 1.2 file that a strict XML parser, the structure WordPress's
importer expects (research/wxr.md §3) and wparchive's own importer all read, and that imports back
into the same archive."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXTERNAL_WXR, FIXTURES, SHARED, run_import
from lxml import etree
from wxr_build import comment, export, item

from wparchive.cli import cli

REAL_BLOGS = sorted(path for path in (EXTERNAL_WXR / "real-blogs").glob("*") if path.is_dir())
WP = "{http://wordpress.org/export/1.2/}"
# Bookkeeping of where rows came from, and the audit of cleaning (the export holds the cleaned text).
NOT_COMPARED = {"sources", "source_blobs", "sightings", "artefacts", "clean_originals", "_sqlite_migrations"}


def export_wxr(db: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(cli, ["export", str(db), "--format", "wxr", str(out), "--quiet", *extra])
    assert result.exit_code == 0, result.output


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every table but bookkeeping, without source ids, and the site's WXR version (the file is 1.2)."""
    found = {}
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in names:
            if name in NOT_COMPARED or "_fts" in name:
                continue
            skip = {"source_id", "wxr_version"}
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])") if r[1] not in skip]
            listed = ", ".join(f"[{c}]" for c in columns)
            found[name] = conn.execute(f"SELECT {listed} FROM [{name}] ORDER BY 1, 2").fetchall()
    return found


def round_trip(tmp_path: Path, *sources: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    assert run_import(first, *sources).exit_code == 0
    export_wxr(first, tmp_path / "wxr", "--include-private")
    assert run_import(second, tmp_path / "wxr").exit_code == 0
    return first, second


def test_the_demo_archive_comes_back_the_same(tmp_path: Path) -> None:
    first, second = round_trip(tmp_path, FIXTURES / "demo")
    assert tables(first) == tables(second)


@pytest.mark.skipif(
    not REAL_BLOGS, reason=f"{EXTERNAL_WXR / 'real-blogs'} is absent: real exports live in ../shared"
)
@pytest.mark.parametrize("blog", REAL_BLOGS, ids=[path.name for path in REAL_BLOGS])
def test_every_real_export_comes_back_the_same(tmp_path: Path, blog: Path) -> None:
    first, second = round_trip(tmp_path, blog)
    before, after = tables(first), tables(second)
    for name in before:
        assert before[name] == after[name], f"{blog.name}: table {name} differs after the round trip"


THREAD = """SELECT p.title, p.post_type, p.content_html, coalesce(p.published_at, p.published_local),
    (SELECT group_concat(c.author_name || '|' || c.comment_type || '|' || coalesce(c.content_html, '') || '|'
        || coalesce((SELECT author_name FROM comments q WHERE q.id = c.parent_id), '-'), '##')
     FROM (SELECT * FROM comments WHERE post_id = p.id ORDER BY position) c)
    FROM posts p ORDER BY p.title, p.id"""


def test_a_blog_rebuilt_from_scraped_pages_goes_back_as_wxr_with_its_threads(tmp_path: Path) -> None:
    sources = [FIXTURES / "sites" / "harbour-lights", FIXTURES / "text"]
    seeds = SHARED / "seeds" / "pages"
    first, second = round_trip(tmp_path, *sources, *([seeds] if seeds.is_dir() else []))
    with sqlite3.connect(first) as a, sqlite3.connect(second) as b:
        assert a.execute(THREAD).fetchall() == b.execute(THREAD).fetchall()
        assert b.execute("SELECT count(*) FROM posts WHERE wp_id IS NULL").fetchone() == (0,)
        assert b.execute("SELECT count(*) FROM comments WHERE wp_id IS NULL").fetchone() == (0,)


def test_the_file_is_what_wordpress_importer_expects(tmp_path: Path) -> None:
    assert run_import(tmp_path / "a.db", FIXTURES / "demo").exit_code == 0
    export_wxr(tmp_path / "a.db", tmp_path / "out", "--include-private")
    for path in sorted((tmp_path / "out").glob("*.xml")):
        raw = path.read_text(encoding="utf-8")
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))  # strict
        root = tree.getroot()
        assert root.tag == "rss" and {"wp", "excerpt", "content", "dc"} <= set(root.nsmap)
        assert re.fullmatch(r"\d+\.\d+", tree.findtext(f"channel/{WP}wxr_version"))
        for term in re.findall(r"<category [^>]*>", raw):
            assert re.fullmatch(r'<category domain="[^"]*" nicename="[^"]*">', term), term
        slugs = [e.text for e in tree.iter(f"{WP}category_nicename")]
        parents = [e.text for e in tree.iter(f"{WP}category_parent")]
        assert all(
            not parent or slugs.index(parent) < slugs.index(slug)
            for slug, parent in zip(slugs, parents, strict=True)
        )
        for entry in tree.iter("item"):
            assert entry.findtext(f"{WP}post_id").isdigit() and entry.findtext(f"{WP}post_type")
            ids = [int(c.findtext(f"{WP}comment_id")) for c in entry.iter(f"{WP}comment")]
            for c in entry.iter(f"{WP}comment"):
                parent = int(c.findtext(f"{WP}comment_parent"))
                assert parent == 0 or parent in ids, "a reply's parent is a comment of the same post"


def test_cdata_ends_and_illegal_characters_cannot_break_the_file(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    page = tmp_path / "e.xml"
    page.write_bytes(export(item(1, comments=[comment(1)])))
    assert run_import(db, page).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE posts SET content_html = 'a ]]> b' || char(7) || ' c]]>', title = 'T ]]> <x>'")
        conn.execute("UPDATE comments SET author_name = 'N' || char(1) || ']]>'")
    export_wxr(db, tmp_path / "one.xml")
    tree = etree.parse(str(tmp_path / "one.xml"), etree.XMLParser(resolve_entities=False))
    assert tree.findtext("channel/item/{http://purl.org/rss/1.0/modules/content/}encoded") == "a ]]> b c]]>"
    assert tree.findtext("channel/item/title") == "T ]]> <x>"
    assert tree.findtext(f"channel/item/{WP}comment/{WP}comment_author") == "N]]>"


def test_private_values_stay_out_unless_asked_for(tmp_path: Path) -> None:
    private = FIXTURES / "private" / "secrets-and-hostile-html.xml"
    assert run_import(tmp_path / "a.db", FIXTURES / "demo", private).exit_code == 0
    export_wxr(tmp_path / "a.db", tmp_path / "public")
    export_wxr(tmp_path / "a.db", tmp_path / "all", "--include-private")
    public = " ".join(p.read_text() for p in (tmp_path / "public").glob("*.xml"))
    everything = " ".join(p.read_text() for p in (tmp_path / "all").glob("*.xml"))
    for secret in re.findall(r"SECRET-[\w@.-]+", private.read_text()):
        assert secret not in public
    assert "SECRET-" in everything and "<wp:status><![CDATA[draft]]></wp:status>" in everything
    assert "<wp:status><![CDATA[draft]]></wp:status>" not in public


def test_one_file_for_several_sites_is_a_one_line_error(tmp_path: Path) -> None:
    assert run_import(tmp_path / "a.db", FIXTURES / "demo").exit_code == 0
    result = CliRunner().invoke(
        cli, ["export", str(tmp_path / "a.db"), "--format", "wxr", str(tmp_path / "x.xml")]
    )
    assert result.exit_code == 1 and "2 sites" in result.output and "Traceback" not in result.output
    unknown = CliRunner().invoke(
        cli,
        ["export", str(tmp_path / "a.db"), "--format", "wxr", str(tmp_path / "o"), "--site", "nope.example"],
    )
    assert unknown.exit_code == 1 and "no site nope.example" in unknown.output
    one = CliRunner().invoke(
        cli, ["export", str(tmp_path / "a.db"), "--format", "wxr", str(tmp_path / "one.xml"), "--site",
              "http://www.nightsky.example.net/"],
    )  # fmt: skip
    assert one.exit_code == 0 and "6 posts" in one.output


def test_an_export_never_writes_over_a_folder_it_did_not_write(tmp_path: Path) -> None:
    """A user's Hugo site or home folder keeps its files: export refuses it unless --force; its own
    earlier export folder it replaces."""
    assert run_import(tmp_path / "a.db", FIXTURES / "demo").exit_code == 0
    theirs = tmp_path / "my-site"
    theirs.mkdir()
    (theirs / "config.yaml").write_text("title: mine\n")
    for fmt in ("hugo", "wxr", "jsonl"):
        refused = CliRunner().invoke(
            cli, ["export", str(tmp_path / "a.db"), "--format", fmt, str(theirs), "-q"]
        )
        assert refused.exit_code == 1 and "not written by wparchive export" in refused.output
        assert len(refused.output.strip().splitlines()) == 1 and "Traceback" not in refused.output
    assert [p.name for p in theirs.iterdir()] == ["config.yaml"]
    assert (theirs / "config.yaml").read_text() == "title: mine\n"
    ours = tmp_path / "export"
    for _ in range(2):  # an export's own folder is written again without --force
        export_wxr(tmp_path / "a.db", ours)
    forced = CliRunner().invoke(
        cli, ["export", str(tmp_path / "a.db"), "--format", "wxr", str(theirs), "-q", "--force"]
    )
    assert forced.exit_code == 0 and len(list(theirs.glob("*.xml"))) == 2
