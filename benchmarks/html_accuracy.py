"""Accuracy of the HTML page reader on the 31 real pages of shared/external/html.

Each page is imported with the real ``wparchive import`` path into a fresh archive, and what was
stored is compared with the answer key ``tests/data/html_pages_expected.json`` (established
without the reader: html5lib and per-page reading, see html_pages_expected.md):

* comments: precision, recall and F1 of the stored WordPress comment ids;
* over the matched comments: parent, author, type and post-author accuracy;
* pings without an id (Twenty Ten/Eleven): found with the right title, in order;
* per page: the post's title and WordPress id; no comment of another post (widgets) stored;
  Blogger comments by author; a home page's listed posts by title.

Authors and titles are compared after Unicode NFC and whitespace folding (trafilatura's
evaluation style: one figure per page, then the corpus).

    python benchmarks/html_accuracy.py            # per page and overall
    python benchmarks/html_accuracy.py --json
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "external" / "html"
KEY = ROOT / "tests" / "data" / "html_pages_expected.json"


def fold(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


@dataclass
class Score:
    expected: int = 0
    stored: int = 0
    matched: int = 0
    parent_ok: int = 0
    author_ok: int = 0
    type_ok: int = 0
    post_author_ok: int = 0
    pages: int = 0
    pages_right: int = 0  # title, post id, pings, widget and Blogger/home checks all right
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)

    def figures(self) -> dict[str, float | int]:
        precision = self.matched / self.stored if self.stored else 1.0
        recall = self.matched / self.expected if self.expected else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

        def share(value: int) -> float:
            return round(value / self.matched, 4) if self.matched else 1.0

        return {
            "comments": self.expected,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "comment_f1": round(f1, 4),
            "parent_accuracy": share(self.parent_ok),
            "author_accuracy": share(self.author_ok),
            "type_accuracy": share(self.type_ok),
            "post_author_accuracy": share(self.post_author_ok),
            "pages_all_right": f"{self.pages_right}/{self.pages}",
        }


def import_page(page: Path, db_path: Path) -> None:
    from click.testing import CliRunner

    from wparchive.cli import cli

    result = CliRunner().invoke(cli, ["import", str(db_path), str(page), "--quiet"], catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"{page.name}: import failed: {result.output.strip()}")


def stored(page: Path) -> tuple[list[dict], list[dict]]:
    with tempfile.TemporaryDirectory() as scratch:
        db_path = Path(scratch) / "eval.db"
        import_page(page, db_path)
        conn = sqlite3.connect(db_path)
        conn.row_factory = sqlite3.Row
        posts = [dict(r) for r in conn.execute("SELECT * FROM posts ORDER BY id")]
        comments = [
            dict(r)
            for r in conn.execute(
                """SELECT c.*, p.wp_id AS parent_wp_id FROM comments c
                   LEFT JOIN comments p ON p.id = c.parent_id ORDER BY c.position"""
            )
        ]
        conn.close()
    return posts, comments


def _score_comments(score: Score, key: dict, comments: list[dict]) -> None:
    ours = {c["wp_id"]: c for c in comments if c["wp_id"] is not None}
    expected = {c["id"]: c for c in key["comments"]}
    score.expected, score.stored = len(expected), len(ours)
    for wp_id in sorted(set(expected) - set(ours)):
        score.problems.append(f"comment {wp_id} missing")
    for wp_id in sorted(set(ours) - set(expected)):
        score.problems.append(f"comment {wp_id} stored but not the post's")
    for wp_id in set(ours) & set(expected):
        mine, theirs = ours[wp_id], expected[wp_id]
        score.matched += 1
        checks = {
            "parent": (mine["parent_wp_id"], theirs["parent"]),
            "author": (fold(mine["author_name"]), fold(theirs["author"])),
            "type": (mine["comment_type"], theirs["type"]),
            "post_author": (bool(mine["by_post_author"]), theirs["by_post_author"]),
        }
        for name, (got, want) in checks.items():
            if got == want:
                setattr(score, f"{name}_ok", getattr(score, f"{name}_ok") + 1)
            else:
                score.problems.append(f"comment {wp_id} {name}: {got!r}, expected {want!r}")


def _page_checks(key: dict, posts: list[dict], comments: list[dict]) -> list[str]:
    problems = []
    post = posts[0] if posts else {}
    unnumbered = [c for c in comments if c["wp_id"] is None]
    if key["page_kind"] == "home":
        titles = [fold(p["title"]) for p in posts]
        if titles != [fold(t) for t in key["listed_posts"]]:
            problems.append(f"listed posts {titles}")
        if comments:
            problems.append(f"{len(comments)} comments stored for a home page")
        return problems
    if fold(post.get("title")) != fold(key["title"]):
        problems.append(f"title {post.get('title')!r}, expected {key['title']!r}")
    if key["page_kind"] == "blogger":
        authors = [fold(c["author_name"]) for c in unnumbered]
        if authors != [fold(c["author"]) for c in key["blogger_comments"]]:
            problems.append(f"Blogger comments {authors}")
        return problems
    if post.get("wp_id") != key["post_wp_id"]:
        problems.append(f"post id {post.get('wp_id')}, expected {key['post_wp_id']}")
    pings = [(c["comment_type"], fold(c["author_name"])) for c in unnumbered]
    if pings != [(p["type"], fold(p["author"])) for p in key["unnumbered_pings"]]:
        problems.append(f"{len(pings)} pings without an id, expected {len(key['unnumbered_pings'])}")
    foreign = {c["wp_id"] for c in comments} & set(key["foreign_comment_ids"])
    if foreign:
        problems.append(f"comments of other posts stored: {sorted(foreign)}")
    return problems


def score_page(page: Path, key: dict) -> Score:
    posts, comments = stored(page)
    score = Score(pages=1)
    _score_comments(score, key, comments)
    page_problems = _page_checks(key, posts, comments)
    score.pages_right = int(not page_problems)
    score.problems += page_problems
    return score


def evaluate(pages: Path = PAGES, key_path: Path = KEY) -> dict[str, dict]:
    keys = json.loads(key_path.read_text(encoding="utf-8"))
    results: dict[str, dict] = {}
    overall = Score()
    for name, key in keys.items():
        score = score_page(pages / name, key)
        overall.add(score)
        results[name] = {**score.figures(), "problems": score.problems}
    results["overall"] = overall.figures()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not PAGES.is_dir():
        sys.exit(f"{PAGES} is absent: the real pages live in ../shared")
    results = evaluate()
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    for name, figures in results.items():
        if name == "overall":
            continue
        flag = "ok" if not figures["problems"] else "!!"
        short = name.rsplit("/", 1)[-1][:48]
        print(
            f"{flag} {short:48} comments {figures['comments']:3} F1 {figures['comment_f1']:.3f} "
            f"parents {figures['parent_accuracy']:.3f} authors {figures['author_accuracy']:.3f}"
        )
        for problem in figures["problems"][:5]:
            print(f"     {problem}")
    print("overall:", json.dumps(results["overall"]))


if __name__ == "__main__":
    main()
