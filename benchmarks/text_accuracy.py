"""Accuracy of the plain-text page reader against hand-made answer keys.

Imports each page with the real ``wparchive import`` path into a fresh
database, then compares what was stored with the page's key
(``expected/*.json``, format in fixtures/text/README.md):

* segmentation P/R/F1: a stored comment counts when its text is exactly the
  key comment's span (from ``starts`` to ``ends``, whitespace folded);
* author and kind accuracy over the matched comments;
* parent F1 (nesting) and answer-edge F1 (parents and ``replies`` together);
* pingbacks found, artefacts removed (out of every post and comment, and in
  ``artefacts``), and comments losing words (a line of the key span that is in
  no stored post, comment or artefact).

    python benchmarks/text_accuracy.py                 # seeds (../shared) and fixtures/text
    python benchmarks/text_accuracy.py --json
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "fixtures" / "text"


def fold(text: str | None) -> str:
    return " ".join((text or "").split())


@dataclass
class Counts:
    keys: int = 0
    ours: int = 0
    matched: int = 0
    author_ok: int = 0
    kind_ok: int = 0
    parent_key: int = 0
    parent_ours: int = 0
    parent_ok: int = 0
    edge_key: int = 0
    edge_ours: int = 0
    edge_ok: int = 0
    pingbacks: int = 0
    pingbacks_found: int = 0
    artefacts: int = 0
    artefacts_removed: int = 0
    losing_words: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)

    def figures(self) -> dict[str, float | int]:
        def f1(ok: int, ours: int, keys: int) -> float:
            if keys == 0 and ours == 0:
                return 1.0
            precision = ok / ours if ours else 0.0
            recall = ok / keys if keys else 0.0
            return round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0

        return {
            "comments": self.keys,
            "segmentation_f1": f1(self.matched, self.ours, self.keys),
            "author_accuracy": round(self.author_ok / self.matched, 3) if self.matched else 1.0,
            "kind_accuracy": round(self.kind_ok / self.matched, 3) if self.matched else 1.0,
            "parent_f1": f1(self.parent_ok, self.parent_ours, self.parent_key),
            "answer_edge_f1": f1(self.edge_ok, self.edge_ours, self.edge_key),
            "pingbacks_found": f"{self.pingbacks_found}/{self.pingbacks}",
            "artefacts_removed": f"{self.artefacts_removed}/{self.artefacts}",
            "comments_losing_words": self.losing_words,
        }


def key_spans(page: str, key: dict) -> list[tuple[dict, str]]:
    """Each key comment with its exact span on the page, located in order."""
    spans, cursor = [], 0
    for comment in key["comments"]:
        start = page.find(comment["starts"], cursor)
        end = page.find(comment["ends"], start)
        if start < 0 or end < 0:
            raise ValueError(f"{key['file']}: comment {comment['n']} not found in order")
        stop = end + len(comment["ends"])
        spans.append((comment, page[start:stop]))
        cursor = stop
    return spans


def import_page(page_path: Path, db_path: Path) -> None:
    from click.testing import CliRunner

    from wparchive.cli import cli

    result = CliRunner().invoke(
        cli, ["import", str(db_path), str(page_path), "--quiet"], catch_exceptions=False
    )
    if result.exit_code != 0:
        raise RuntimeError(f"{page_path.name}: import failed: {result.output.strip()}")


def score_page(page_path: Path, key: dict) -> Counts:
    page = page_path.read_text(encoding="utf-8")
    counts = Counts()
    with tempfile.TemporaryDirectory() as scratch:
        db_path = Path(scratch) / "eval.db"
        import_page(page_path, db_path)
        conn = sqlite3.connect(db_path)
        conn.row_factory = sqlite3.Row
        ours = [
            dict(r)
            for r in conn.execute("SELECT * FROM comments ORDER BY post_id, position")
            if json.loads(r["extra"] or "{}").get("list") != "trackbacks"
        ]
        everything = [dict(r) for r in conn.execute("SELECT * FROM comments")]
        posts = [dict(r) for r in conn.execute("SELECT title, content_text FROM posts")]
        replies = conn.execute("SELECT comment_id, answers_id FROM replies").fetchall()
        pingbacks = [dict(r) for r in conn.execute("SELECT * FROM pingbacks")]
        artefacts = [r[0] for r in conn.execute("SELECT text FROM artefacts")]
        conn.close()
    spans = key_spans(page, key)
    by_text = {}
    for comment in ours:
        by_text.setdefault(fold(comment["content_text"]), []).append(comment)
    id_to_n: dict[int, int] = {}
    counts.keys, counts.ours = len(spans), len(ours)
    for entry, span in spans:
        candidates = by_text.get(fold(span), [])
        match = next((c for c in candidates if c["id"] not in id_to_n), None)
        if match is None:
            counts.misses.append(f"n={entry['n']} {entry['starts'][:40]!r}")
            continue
        id_to_n[match["id"]] = entry["n"]
        counts.matched += 1
        counts.author_ok += (match["author_name"] or None) == (entry.get("author") or None)
        counts.kind_ok += match["comment_type"] == entry["kind"]
    _score_edges(counts, key, ours, replies, id_to_n)
    _score_pingbacks(counts, key, pingbacks, everything)
    _score_artefacts(counts, key, posts, everything, artefacts)
    stored = " ".join(
        fold(t)
        for t in [p["content_text"] for p in posts] + [c["content_text"] for c in everything] + artefacts
    )
    for _, span in spans:
        if any(fold(line) and fold(line) not in stored for line in span.splitlines()):
            counts.losing_words += 1
    return counts


def _score_edges(counts: Counts, key: dict, ours: list[dict], replies, id_to_n: dict[int, int]) -> None:
    key_parents = {(c["n"], c["parent"]) for c in key["comments"] if c.get("parent")}
    key_edges = key_parents | {(c["n"], a) for c in key["comments"] for a in c.get("answers", [])}
    our_parents = {(c["id"], c["parent_id"]) for c in ours if c["parent_id"] is not None}
    our_edges = our_parents | {(a, b) for a, b in replies}

    def mapped(edges):
        return {(id_to_n.get(a), id_to_n.get(b)) for a, b in edges}

    counts.parent_key, counts.parent_ours = len(key_parents), len(our_parents)
    counts.parent_ok = len(mapped(our_parents) & key_parents)
    counts.edge_key, counts.edge_ours = len(key_edges), len(our_edges)
    counts.edge_ok = len(mapped(our_edges) & key_edges)


def _score_pingbacks(counts: Counts, key: dict, pingbacks: list[dict], comments: list[dict]) -> None:
    texts = {c["id"]: fold(c["content_text"]) for c in comments}
    for expected in key["pingbacks"]:
        counts.pingbacks += 1
        for row in pingbacks:
            title_ok = expected.get("source_title") and fold(row["source_title"]) == fold(
                expected["source_title"]
            )
            excerpt = expected.get("excerpt_starts")
            excerpt_ok = excerpt and fold(excerpt) in texts.get(row["comment_id"], "")
            if title_ok or excerpt_ok:
                counts.pingbacks_found += 1
                break


def _score_artefacts(
    counts: Counts, key: dict, posts: list[dict], comments: list[dict], artefacts: list[str]
) -> None:
    content = [fold(p["content_text"]) for p in posts] + [fold(c["content_text"]) for c in comments]
    content += [fold(p["title"]) for p in posts]
    for artefact in key["artefacts"]:
        counts.artefacts += 1
        text = fold(artefact["text"])
        if artefact["kind"] == "glued_image_alt":
            context = fold(artefact.get("context") or artefact["text"])
            still_there = any(context in c for c in content)
        else:
            still_there = any(text == c or (len(text.split()) > 3 and text in c) for c in content)
        recorded = any(text in fold(a) for a in artefacts)
        counts.artefacts_removed += int(recorded and not still_there)


def evaluate(pages: Path, expected: Path) -> dict[str, dict]:
    """Figures per page and overall for one corpus."""
    results: dict[str, dict] = {}
    total = Counts()
    for key_path in sorted(expected.glob("*.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        counts = score_page(pages / key["file"], key)
        total.add(counts)
        results[key_path.stem] = {**counts.figures(), "missed": counts.misses}
    results["overall"] = total.figures()
    return results


def _print(name: str, results: dict[str, dict]) -> None:
    columns = [
        "comments",
        "segmentation_f1",
        "author_accuracy",
        "kind_accuracy",
        "parent_f1",
        "answer_edge_f1",
        "pingbacks_found",
        "artefacts_removed",
        "comments_losing_words",
    ]
    print(f"\n{name}")
    print("page".ljust(34) + "".join(c.split("_")[0][:9].rjust(10) for c in columns))
    for page, figures in results.items():
        print(page[:33].ljust(34) + "".join(str(figures[c]).rjust(10) for c in columns))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list the key comments not matched")
    args = parser.parse_args()
    corpora = {}
    if (SEEDS / "expected").is_dir():
        corpora["seeds (../shared/seeds)"] = evaluate(SEEDS / "pages", SEEDS / "expected")
    else:
        print(f"skipping the seeds: {SEEDS} is absent", file=sys.stderr)
    corpora["fixtures/text"] = evaluate(FIXTURES / "pages", FIXTURES / "expected")
    if args.json:
        print(json.dumps(corpora, indent=2, ensure_ascii=False))
        return
    for name, results in corpora.items():
        _print(name, results)
        if args.verbose:
            for page, figures in results.items():
                for miss in figures.get("missed", []):
                    print(f"  missed {page}: {miss}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
