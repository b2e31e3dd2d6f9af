"""Input shapes: .xml, .xml.gz, .zip with one or more exports, split exports in
a folder, and clear one-line errors for inputs that cannot be read."""

from __future__ import annotations

import gzip
import re
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, query, run_import, scalar, stored_posts

GARDEN = FIXTURES / "demo" / "kitchen-garden.xml"
NIGHT_SKY = FIXTURES / "demo" / "night-sky.xml"


def counts(db_path: Path) -> tuple:
    return query(
        db_path,
        "SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM comments), (SELECT count(*) FROM sites)",
    )[0]


def test_gzip_export(db_path: Path, tmp_path: Path) -> None:
    packed = tmp_path / "garden.xml.gz"
    packed.write_bytes(gzip.compress(GARDEN.read_bytes()))
    assert run_import(db_path, packed).exit_code == 0
    plain = tmp_path / "plain.db"
    run_import(plain, GARDEN)
    assert counts(db_path) == counts(plain)


def test_zip_with_several_exports(db_path: Path, tmp_path: Path) -> None:
    archive = tmp_path / "wordpress.com-export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(GARDEN, "kitchen-garden.wordpress.2024-01-01.000.xml")
        zipped.write(NIGHT_SKY, "nightsky.wordpress.2024-01-01.000.xml")
        zipped.writestr("README.txt", "not an export")
    assert run_import(db_path, archive).exit_code == 0
    assert scalar(db_path, "SELECT count(*) FROM sites") == 2
    paths = [p for (p,) in query(db_path, "SELECT path FROM sources ORDER BY id")]
    assert all("!" in p for p in paths) and len(paths) == 2


def split_export(source: Path, folder: Path, parts: int, dealt: bool = False) -> None:
    """Split like WP-CLI: every file repeats the channel header and holds some items.

    ``dealt``: items go round the files in turn, so an attachment or child page lands in
    another file than its parent (WP-CLI splits in order, but the order is not guaranteed).
    """
    text = source.read_text(encoding="utf-8")
    head, _, rest = text.partition("<item>")
    items_text, _, tail = ("<item>" + rest).rpartition("</item>")
    items = re.findall(r"<item>.*?</item>", items_text + "</item>", re.S)
    size = -(-len(items) // parts)
    folder.mkdir()
    for number in range(parts):
        chunk = items[number::parts] if dealt else items[number * size : (number + 1) * size]
        (folder / f"site.wordpress.000{number}.xml").write_text(
            head + "\n".join(chunk) + tail, encoding="utf-8"
        )


@pytest.mark.parametrize("dealt", [False, True], ids=["in-order", "dealt"])
def test_split_export_in_a_folder_gives_the_same_archive_as_one_file(
    db_path: Path, tmp_path: Path, dealt: bool
) -> None:
    split_export(GARDEN, tmp_path / "split", 3, dealt)
    assert run_import(db_path, tmp_path / "split").exit_code == 0
    whole = tmp_path / "whole.db"
    run_import(whole, GARDEN)
    assert counts(db_path) == counts(whole)
    assert scalar(db_path, "SELECT count(*) FROM sources WHERE status = 'ok'") == 3
    # Post parents and internal pingbacks resolve across the split files.
    parents = (
        "SELECT child.wp_id, parent.wp_id FROM posts child "
        "JOIN posts parent ON parent.id = child.parent_id ORDER BY 1"
    )
    assert query(whole, parents) and query(db_path, parents) == query(whole, parents)
    links = (
        "SELECT comments.wp_id, posts.wp_id FROM pingbacks "
        "JOIN comments ON comments.id = comment_id "
        "JOIN posts ON posts.id = source_post_id ORDER BY 1"
    )
    assert query(whole, links) and query(db_path, links) == query(whole, links)


def test_missing_input_is_a_one_line_error(db_path: Path) -> None:
    result = run_import(db_path, "no/such/export.xml")
    assert result.exit_code == 1
    assert "Error: no/such/export.xml: no such file or folder" in result.output
    assert "Traceback" not in result.output


def test_zip_without_xml_is_refused(db_path: Path, tmp_path: Path) -> None:
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.jpg", b"\xff\xd8")
    result = run_import(db_path, archive)
    assert result.exit_code == 1
    assert "holds no .xml file" in result.output


def test_binary_garbage_is_refused_in_one_line(db_path: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "export.xml"
    garbage.write_bytes(bytes(range(256)) * 40)
    result = run_import(db_path, garbage)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2  # the source's reason, then the total
    assert stored_posts(db_path) == 0


def test_an_empty_file_is_refused(db_path: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    result = run_import(db_path, empty)
    assert result.exit_code == 1
    assert f"Error: {empty}: the file is empty" in result.output.splitlines()
    assert not db_path.exists()
