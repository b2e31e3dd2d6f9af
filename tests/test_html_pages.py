"""The HTML reader on 31 real saved pages (shared/external/html), against an answer key made
without it (tests/data/html_pages_expected.md says how), through the real import path.

Per page: every WordPress comment id the markup states, with its parent, author, type and
post-author mark; the title and post id; pings without ids; a sidebar widget's comments of other
posts left out; the Blogger page read as Blogger; the home page's listed posts. Overall, floors
pinned in trafilatura's evaluation style: the figures of benchmarks/html_accuracy.py may only rise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, query, run_import

sys.path.insert(0, str(ROOT / "benchmarks"))
import html_accuracy  # noqa: E402

PAGES = SHARED / "external" / "html"
KEYS = json.loads(html_accuracy.KEY.read_text(encoding="utf-8"))
ABSENT = pytest.mark.skipif(not PAGES.is_dir(), reason=f"{PAGES} is absent: the real pages live in ../shared")
# Floors reached on 2026-12-01 (the goal: comment F1 and parent accuracy >= 0.98).
FLOORS = {
    "comment_f1": 1.0,
    "parent_accuracy": 1.0,
    "author_accuracy": 1.0,
    "type_accuracy": 1.0,
    "post_author_accuracy": 1.0,
}


def test_the_key_covers_the_31_pages_and_their_variants() -> None:
    assert len(KEYS) == 31
    kinds = [key["page_kind"] for key in KEYS.values()]
    assert kinds.count("blogger") == 1 and kinds.count("home") == 1
    assert sum(len(key["comments"]) for key in KEYS.values()) >= 700
    assert any(key["foreign_comment_ids"] for key in KEYS.values()), "the sidebar-widget case is in the key"


@ABSENT
@pytest.mark.parametrize("name", sorted(KEYS), ids=lambda name: name.rsplit("/", 1)[-1][:40])
def test_page(name: str) -> None:
    score = html_accuracy.score_page(PAGES / name, KEYS[name])
    assert not score.problems, "\n".join(score.problems[:20])


@ABSENT
def test_overall_figures_do_not_fall() -> None:
    overall = html_accuracy.evaluate()["overall"]
    assert overall["comment_f1"] >= 0.98 and overall["parent_accuracy"] >= 0.98, overall
    for name, floor in FLOORS.items():
        assert overall[name] >= floor, f"{name} fell to {overall[name]} (floor {floor})"
    right, pages = map(int, overall["pages_all_right"].split("/"))
    assert right == pages == 31


def test_the_generator_is_read_whatever_the_case_of_its_name(tmp_path: Path, db_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        '<html><head><meta name="Generator" content="Drupal 9 (https://www.drupal.org)">'
        "<title>Council budget</title></head><body><article><h1>The council votes</h1>"
        + "<p>The council met on Tuesday to settle the budget after a long debate.</p>" * 20
        + "</article></body></html>"
    )
    assert run_import(db_path, page).exit_code == 0
    assert query(db_path, "SELECT json_extract(extra, '$.generator') FROM sites") == [
        ("Drupal 9 (https://www.drupal.org)",)
    ]
