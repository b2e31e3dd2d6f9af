"""``wparchive merge``: shards (archives of parts of the inputs) combined into one archive are the
archive a direct import of all the inputs gives, table by table, whatever part each page fell in;
merging again changes nothing; a shard that cannot be merged is one line and leaves the archive as
it was, and the others still merge."""

from __future__ import annotations

import json
import sqlite3
from io import BytesIO
from pathlib import Path

import pytest
from archive_compare import content_of, differences
from click.testing import CliRunner
from conftest import FIXTURES, query, run_import, scalar, table_dump

from wparchive.cli import cli

SITE = FIXTURES / "sites" / "harbour-lights"
MIRROR = SITE / "mirror" / "harbour-lights.example.org"
CAPTURES = sorted((SITE / "wayback").glob("*.html"))
EXPORT = SITE / "export.xml"
HOME = "https://harbour-lights.example.org/"
POST_12 = "2013/05/02/lamp-room-dunmore-head/"
# The mirror's pages and feeds: (URL in a crawl, file in the mirror).
PAGES = {
    "home": (HOME, "index.html"),
    "post-12": (HOME + POST_12, POST_12 + "index.html"),
    "post-12-page-2": (HOME + POST_12 + "comment-page-2/", POST_12 + "comment-page-2/index.html"),
    "post-12-comments-feed": (HOME + POST_12 + "feed/", POST_12 + "feed/index.html"),
    "post-19": (HOME + "?p=19", "index.html?p=19"),
    "post-27": (HOME + "2014/02/09/winter-light-carn-voss/", "2014/02/09/winter-light-carn-voss/index.html"),
    "about": (HOME + "about/", "about/index.html"),
    "category": (HOME + "category/lamps-and-optics/", "category/lamps-and-optics/index.html"),
    "feed": (HOME + "feed/", "feed/index.html"),
    "comments-feed": (HOME + "comments/feed/", "comments/feed/index.html"),
    # Not a page of the blog: the import refuses it, and its sources row says why (status failed).
    "empty": (HOME + "empty/", str(FIXTURES / "html" / "empty-body.html")),
}
# Imported as files: a crawl's feeds are not read, and a crawl leaves out what is not a blog's page.
AS_FILES = {"post-12-comments-feed", "feed", "comments-feed", "empty"}


def write_crawl(path: Path, names: list[str]) -> Path:
    """The mirror's pages as a crawler writes them (warcio), in this order, a minute apart."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for minute, name in enumerate(names):
            url, file = PAGES[name]
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=UTF-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO((MIRROR / file).read_bytes()),
                http_headers=http,
                warc_headers_dict={"WARC-Date": f"2021-03-14T13:{minute:02d}:00Z"},
            )
            writer.write_record(record)
    return path


def merge(db_path: Path, *shards: Path, extra: tuple[str, ...] = ()):
    return CliRunner().invoke(cli, ["merge", str(db_path), *map(str, shards), *extra], catch_exceptions=False)


def imported(db_path: Path, *inputs: Path) -> Path:
    """An archive of the inputs; only the page that is meant to be refused may fail."""
    result = run_import(db_path, *inputs)
    refused = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert all(PAGES["empty"][1] in line for line in refused[:-1]), result.output
    assert result.exit_code == (1 if refused else 0), result.output
    return db_path


def assert_same(first: Path, second: Path) -> None:
    found = differences(content_of(first), content_of(second))
    assert not found, "\n".join(found)


def parts(tmp_path: Path, split: list[list[str]]) -> list[list[Path]]:
    """Inputs of each shard, in order: the export, the Wayback captures, files (``AS_FILES``), and
    crawls of the other pages (pages named one after the other are one crawl)."""
    found = []
    for index, names in enumerate(split):
        inputs: list[Path] = []
        pages: list[str] = []
        for name in [*names, "end"]:
            if name in PAGES and name not in AS_FILES:
                pages.append(name)
                continue
            if pages:
                inputs.append(write_crawl(tmp_path / f"crawl-{index}-{len(inputs)}.warc.gz", pages))
                pages = []
            inputs += {"export": [EXPORT], "captures": CAPTURES}.get(name, [])
            inputs += [MIRROR / PAGES[name][1]] if name in PAGES else []
        found.append(inputs)
    return found


SPLITS = {
    # Page 1 and comment page 2 of post 12 (and its comment feed) in different shards; in the first,
    # the home page lists post 12 before its own page shows it (the fuller view wins the row).
    "comment-pages-apart": [
        ["home", "post-12", "about", "feed"],
        [
            "post-12-page-2",
            "post-12-comments-feed",
            "post-19",
            "empty",
            "post-27",
            "category",
            "comments-feed",
        ],
    ],
    # The export, and pages of the same posts, in three shards.
    "export-first": [["export"], ["captures"], [name for name in PAGES if name != "empty"]],
    # Pages first; the export comes last, in a shard with pages (their id-less pings meet it there);
    # the captures' id-less pings meet the ids the mirror's page of post 12 prints in their shard.
    "export-last": [
        ["home", "empty", "feed"],
        ["captures", "post-12", "post-12-page-2", "post-19"],
        ["post-27", "comments-feed", "export", "about"],
    ],
}


# A comment a page showed without its id that a later page of its shard holds with it (absorbed).
ABSORBED = """SELECT count(*) FROM sightings s JOIN comments c ON c.id = s.row_id
              JOIN sources holder ON holder.id = c.source_id
              WHERE s.table_name = 'comments' AND holder.kind = 'warc' AND s.source_id < c.source_id"""


@pytest.mark.parametrize("split", SPLITS, ids=list(SPLITS))
def test_merged_shards_are_the_archive_a_direct_import_gives(tmp_path: Path, split: str) -> None:
    """The inputs imported into one archive, in the shards' order, and the shards merged: the same
    rows in every table, compared by natural keys (``archive_compare``)."""
    inputs = parts(tmp_path, SPLITS[split])
    direct = imported(tmp_path / "direct.db", *[i for shard in inputs for i in shard])
    shards = [imported(tmp_path / f"shard-{n}.db", *shard) for n, shard in enumerate(inputs)]
    if split == "export-last":
        assert scalar(shards[1], ABSORBED) > 0
    merged = tmp_path / "merged.db"
    result = merge(merged, *shards, extra=("--quiet",))
    assert result.exit_code == 0, result.output
    assert scalar(merged, "SELECT count(*) FROM posts") == 4
    assert_same(direct, merged)


def shards_of(tmp_path: Path, split: str) -> list[Path]:
    return [
        imported(tmp_path / f"shard-{n}.db", *shard) for n, shard in enumerate(parts(tmp_path, SPLITS[split]))
    ]


def test_merging_the_same_shards_again_changes_nothing(tmp_path: Path) -> None:
    shards = shards_of(tmp_path, "export-last")
    merged = tmp_path / "merged.db"
    assert merge(merged, *shards, extra=("--quiet",)).exit_code == 0
    before = table_dump(merged)
    again = merge(merged, *shards, shards[1], extra=("--json", "--quiet"))
    assert again.exit_code == 0, again.output
    assert table_dump(merged) == before, "not a row added, changed or renumbered"
    figures = json.loads(again.stdout)
    assert [f["shard"] for f in figures] == [str(s) for s in [*shards, shards[1]]]
    for figure in figures:
        assert figure["sources"]["new"] == figure["posts"]["new"] == figure["comments"]["new"] == 0
        assert figure["posts"]["matched"] == scalar(Path(figure["shard"]), "SELECT count(*) FROM posts")
    assert scalar(merged, "SELECT count(*) FROM comments") == 24, "the export's 23 and comment 9, once each"


def test_a_post_the_archive_already_holds_is_matched_not_duplicated(tmp_path: Path) -> None:
    """An archive with the export of the blog; a shard of a crawl of post 12's two comment pages."""
    crawl = write_crawl(tmp_path / "crawl.warc.gz", ["post-12", "post-12-page-2"])
    shard = imported(tmp_path / "shard.db", crawl)
    merged = imported(tmp_path / "merged.db", EXPORT)
    result = merge(merged, shard)
    assert result.exit_code == 0, result.output
    shown = scalar(shard, "SELECT count(*) FROM comments")
    assert (
        f"shard.db: 2 sources (2 new, 0 already in the archive), 1 post (0 new, 1 matched), "
        f"{shown} comments (0 new, {shown} matched)" in result.stdout
    )
    assert "shard.db: sources" in result.stderr, "a progress bar per shard"
    assert query(merged, "SELECT wp_id, count(*) FROM posts GROUP BY 1") == [
        (2, 1),
        (12, 1),
        (19, 1),
        (27, 1),
    ]
    assert scalar(merged, "SELECT count(*) FROM comments") == 23, "the export's, none twice"
    assert scalar(merged, "SELECT count(*) FROM sightings WHERE table_name = 'posts'") == 2
    assert_same(merged, imported(tmp_path / "direct.db", EXPORT, crawl))


def _bad_shards(tmp_path: Path, good: Path) -> dict[str, Path]:
    with sqlite3.connect(good) as conn:  # every page in the file: the write-ahead log checkpointed
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    text = tmp_path / "notes.db"
    text.write_text("Notes on the lamp room, not an archive.\n")
    cut = tmp_path / "cut.db"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE lighthouses (name TEXT)")
    newer = tmp_path / "newer.db"
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('wparchive', 'm999_later', '')"
        )
    older = tmp_path / "older.db"
    older.write_bytes(good.read_bytes())
    with sqlite3.connect(older) as conn:
        conn.execute(
            "DELETE FROM _sqlite_migrations WHERE rowid = (SELECT max(rowid) FROM _sqlite_migrations)"
        )
    found = {"text": text, "cut": cut, "other": other, "newer": newer, "older": older}
    return {**found, "missing": tmp_path / "missing.db"}


def test_a_shard_that_cannot_be_merged_is_one_line_and_leaves_the_archive_as_it_was(tmp_path: Path) -> None:
    good = imported(tmp_path / "good.db", EXPORT)
    bad = _bad_shards(tmp_path, good)
    merged = imported(tmp_path / "merged.db", CAPTURES[0])
    before = table_dump(merged)
    result = merge(merged, *bad.values(), extra=("--quiet",))
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = result.stderr.splitlines()
    assert (
        len(errors) == len(bad) + 1
        and errors[-1] == f"Error: {len(bad)} of {len(bad)} shards could not be merged"
    )
    said = dict(zip(bad, errors, strict=False))
    assert said["text"] == f"Error: {bad['text']}: not a wparchive archive: file is not a database"
    assert "damaged" in said["cut"] or "malformed" in said["cut"], said["cut"]
    assert said["other"].endswith("an SQLite database, but not a wparchive archive (no wparchive schema)")
    assert said["newer"].endswith(
        "written by a newer wparchive (schema m999_later); merge it with that version"
    )
    assert "written by an older wparchive (its schema lacks m0" in said["older"]
    assert said["missing"].endswith("missing.db: no such file")
    assert table_dump(merged) == before
    result = merge(merged, bad["text"], good, bad["cut"], merged)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2] == f"Error: {merged}: this is the archive being merged into"
    assert "good.db: 1 source (1 new, 0 already in the archive), 4 posts (3 new, 1 matched)" in result.stdout
    figures = json.loads(merge(merged, bad["other"], good, extra=("--json", "--quiet")).stdout)
    assert figures[0] == {
        "shard": str(bad["other"]),
        "error": "an SQLite database, but not a wparchive archive (no wparchive schema)",
    }
    assert figures[1]["sources"] == {"new": 0, "matched": 1}, "merged already: nothing new"
    assert_same(merged, imported(tmp_path / "direct.db", CAPTURES[0], EXPORT))


def test_a_new_archive_is_left_out_when_no_shard_merged(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not an archive\n")
    result = merge(tmp_path / "new.db", text)
    assert result.exit_code == 1
    assert not (tmp_path / "new.db").exists()


FIXTURE_INPUTS = [
    *sorted((FIXTURES / "wxr" / "wellformed").glob("*.xml")),
    *sorted((FIXTURES / "html").glob("*.html")),
    *sorted((FIXTURES / "text" / "pages").glob("*.txt")),
]


@pytest.mark.parametrize(
    "how", ["in-runs", "interleaved", "no-clean"], ids=["in-runs", "interleaved", "merged-no-clean"]
)
def test_every_fixture_merged_from_three_shards_is_the_direct_import(tmp_path: Path, how: str) -> None:
    """Exports (repeated ids, term and comment meta, parents after children), saved pages of every
    theme (cleaning, refused pages) and text pages (inferred answers) in three shards. Merged with
    --no-clean, cleaned shards give the values as read: the archive ``import --no-clean`` gives."""
    count = len(FIXTURE_INPUTS)
    if how == "interleaved":
        groups = [FIXTURE_INPUTS[n::3] for n in range(3)]
    else:
        groups = [FIXTURE_INPUTS[n * count // 3 : (n + 1) * count // 3] for n in range(3)]
    clean = ("--no-clean",) if how == "no-clean" else ()
    direct = tmp_path / "direct.db"
    run_import(direct, *[i for group in groups for i in group], extra=("--jobs", "1", *clean))
    shards = []
    for n, group in enumerate(groups):
        run_import(shard := tmp_path / f"shard-{n}.db", *group, extra=("--jobs", "1"))
        shards.append(shard)
    result = merge(tmp_path / "merged.db", *shards, extra=("--quiet", *clean))
    assert result.exit_code == 0, result.output
    assert scalar(shards[0], "SELECT count(*) FROM clean_originals") > 0, "cleaning is part of it"
    assert scalar(direct, "SELECT count(*) FROM replies WHERE evidence = 'salutation'") > 0
    assert_same(direct, tmp_path / "merged.db")


def test_a_shard_refused_half_way_is_rolled_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The archive refuses a row of the shard's second source (a foreign key, say): nothing of the
    shard stays, not even its first source, and the next shard merges."""
    first = imported(tmp_path / "first.db", *CAPTURES)
    second = imported(tmp_path / "second.db", EXPORT)
    merged = imported(tmp_path / "merged.db", MIRROR / PAGES["about"][1])
    before = table_dump(merged)
    from wparchive.merge import run

    written = run.SourceWriter.finish
    finished: list[int] = []

    def refuse_the_second(self: run.SourceWriter) -> None:
        written(self)
        finished.append(self.source_id)
        if len(finished) == 2:
            raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")

    monkeypatch.setattr(run.SourceWriter, "finish", refuse_the_second)
    result = merge(merged, first, second, extra=("--quiet",))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {first}: foreign key check failed: a row of this shard points at a row that is not in "
        "the archive; nothing of it was merged"
    )
    after = table_dump(merged)
    assert after["sources"][: len(before["sources"])] == before["sources"]
    assert len(after["sources"]) == len(before["sources"]) + 1, "the export's source, not the captures'"
    assert scalar(merged, "SELECT count(*) FROM sources WHERE path LIKE '%web.archive.org%'") == 0
    assert scalar(merged, "SELECT count(*) FROM comments WHERE wp_id = 9") == 0, (
        "only the 2014 capture has it"
    )


def _split_export(tmp_path: Path) -> list[Path]:
    """Two pieces of one site's export, with what real exports do: an id used twice (the last is the
    post), items and comments without ids, an id too large to store, a comment id used twice, a reply
    before its parent, a page whose parent is in the other piece, a pingback, cleaning to do."""
    from wxr_build import comment, export, item

    first = export(
        item(1, title="Draft of the lamp", content="<p>First.</p>"),
        item(1, title="The lamp", content="<p>Second [gallery ids=1]</p>"),
        item(None, title="No id", link="https://blog.example.org/no-id/", guid="no-id"),
        item(3, post_type="page", parent=4, title="Child page"),
        item(
            5,
            title="Talk",
            comments=[
                comment(2, parent=1, content="A reply before its parent."),
                comment(1, content="The parent."),
                comment(2, author="Dan", content="Another comment with id 2."),
                comment(None, author="Eve", content="No id at all."),
                comment(99999999999999999999, author="Fay", content="An id SQLite cannot hold."),
                comment(
                    7,
                    comment_type="pingback",
                    author="Other blog &raquo; A post",
                    url="https://other.example.net/p/",
                ),
            ],
        ),
    )
    second = export(
        item(4, post_type="page", title="Parent page"),
        item(6, title="Later", comments=[comment(8, content="Hello&nbsp;there"), comment(9, parent=8)]),
        item(None, title="No id", link="https://blog.example.org/no-id-2/", guid="no-id-2"),
    )
    pieces = [tmp_path / "export-1.xml", tmp_path / "export-2.xml"]
    for path, data in zip(pieces, (first, second), strict=True):
        path.write_bytes(data)
    return pieces


@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "reversed"])
def test_a_split_export_merged_from_two_shards_is_the_direct_import(tmp_path: Path, reverse: bool) -> None:
    pieces = _split_export(tmp_path)[:: -1 if reverse else 1]
    shards = [imported(tmp_path / f"shard-{n}.db", piece) for n, piece in enumerate(pieces)]
    direct = imported(tmp_path / "direct.db", *pieces)
    assert scalar(direct, "SELECT count(*) FROM posts WHERE superseded") == 1
    assert scalar(direct, "SELECT count(*) FROM comments WHERE duplicate_of_wp_id = 2") == 1
    assert scalar(direct, "SELECT count(*) FROM posts WHERE parent_id IS NOT NULL") == 1
    assert merge(merged := tmp_path / "merged.db", *shards, extra=("--quiet",)).exit_code == 0
    assert_same(direct, merged)
