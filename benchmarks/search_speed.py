"""Benchmark: two-word full-text queries over an archive of a million comments.

Builds a synthetic archive (20,000 posts, 1,000,000 comments of 20-60 words
drawn from a Zipf-like vocabulary of 30,000 words) through the real schema and
``ensure_db_shape`` (FTS5, porter), then runs the ``search_comments`` stored
query of the published site (bm25 ranking and a highlighted snippet, 200 rows)
for two-word queries taken from random comments (words that each occur in
0.05%-2% of comments, so every query finds at least that comment),
both straight through SQLite and through Datasette's in-process client, and the
search page for people (``/search?q=…``: posts and comments, counted, ranked,
20 a page with snippets) through Datasette with wparchive's plugins and templates, and
the reader's pages once each (live, and from the summary tables a published copy holds).
Prints p50/p95/max in milliseconds.

    python benchmarks/search_speed.py [--comments 1000000] [--queries 200] [--keep archive.db]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def build(path: Path, comments: int, seed: int = 7) -> dict[str, list[str]]:
    from wparchive.store.schema import open_db
    from wparchive.store.shape import ensure_db_shape

    rng = random.Random(seed)
    vocabulary = [
        f"{rng.choice('bcdfghjklmnprstvw')}{rng.choice('aeiou')}{rng.choice('bcdfglmnprst')}{rng.choice('aeiou')}{rng.choice('nrstl')}{i}"
        for i in range(30000)
    ]
    weights = [1 / (rank + 10) for rank in range(len(vocabulary))]
    # computed once: choices() would redo it per call
    cumulative = list(__import__("itertools").accumulate(weights))
    db = open_db(path)
    posts = max(1, comments // 50)
    with db.atomic():
        db.execute("INSERT INTO sites (id, url, title) VALUES (1, 'https://bench.example.org', 'Bench')")
        db.conn.executemany(
            "INSERT INTO posts (id, site_id, wp_id, post_type, status, title, content_text) "
            "VALUES (?, 1, ?, 'post', 'publish', ?, ?)",
            (
                (i, i, f"Post {i}", " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=200)))
                for i in range(1, posts + 1)
            ),
        )
        batch = []
        for i in range(1, comments + 1):
            text = " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(20, 60)))
            batch.append(
                (
                    i,
                    (i - 1) // 50 + 1,
                    i,
                    f"2015-01-01T00:00:{i % 60:02d}Z-{i:010d}",
                    f"Commenter {i % 5000}",
                    text,
                )
            )
            if len(batch) == 50000:
                _insert_comments(db, batch)
                batch = []
        _insert_comments(db, batch)
    ensure_db_shape(db)
    db.execute("INSERT INTO comments_fts(comments_fts) VALUES ('optimize')")
    db.conn.commit()
    return {band: _query_words(db, *limits) for band, limits in BANDS.items()}


def _insert_comments(db, batch) -> None:
    db.conn.executemany(
        "INSERT INTO comments "
        "(id, site_id, post_id, wp_id, thread_path, author_name, comment_type, status, content_text) "
        "VALUES (?, 1, ?, ?, ?, ?, 'comment', 'approved', ?)",
        [(i, post, wp, path, author, text) for i, post, wp, path, author, text in batch],
    )


BANDS = {"mid (0.05%-2% of comments)": (0.0005, 0.02), "common (2%-10% of comments)": (0.02, 0.10)}


def _query_words(db, low: float, high: float) -> list[str]:
    """Words in a band of document frequency (fts5vocab terms; the synthetic words stem to themselves)."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'comments_fts', 'row')")
    total = db.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    rows = db.conn.execute(
        "SELECT term FROM temp.vocab WHERE doc BETWEEN ? AND ?", (total * low, total * high)
    ).fetchall()
    return [r[0] for r in rows]


def _queries_from_comments(conn, searchable: set[str], count: int) -> list[str]:
    """Two mid-frequency words of a random comment: a query that finds something, as people's do."""
    rng = random.Random(11)
    total = conn.execute("SELECT max(id) FROM comments").fetchone()[0]
    queries: list[str] = []
    while len(queries) < count:
        text = conn.execute(
            "SELECT content_text FROM comments WHERE id = ?", (rng.randint(1, total),)
        ).fetchone()[0]
        candidates = [w for w in dict.fromkeys(text.split()) if w in searchable]
        if len(candidates) >= 2:
            queries.append(" ".join(rng.sample(candidates, 2)))
    return queries


PUBLISH = Path(__file__).resolve().parent.parent / "src" / "wparchive" / "publish" / "datasette"


def fts_function():
    """The plugin's ``fts_query`` (what the stored queries call as ``wparchive_fts``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "wparchive_plugin", PUBLISH / "plugins" / "wparchive_plugin.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fts_query


def timed(run, queries: list[str]) -> dict[str, float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="keep the generated archive here")
    args = parser.parse_args()
    from datasette.app import Datasette

    from wparchive.publish.config import QUERIES

    scratch = tempfile.TemporaryDirectory()
    path = args.keep or Path(scratch.name) / "archive.db"
    start = time.perf_counter()
    words = build(path, args.comments)
    built = time.perf_counter() - start
    import sqlite3

    conn = sqlite3.connect(path)
    conn.create_function("wparchive_fts", 1, fts_function(), deterministic=True)
    sql = QUERIES["search_comments"]["sql"]
    datasette = Datasette(
        [str(path)],
        metadata={"databases": {path.stem: {"queries": QUERIES}}},
        plugins_dir=str(PUBLISH / "plugins"),
        template_dir=str(PUBLISH / "templates"),
    )
    report = {"comments": args.comments, "build_seconds": round(built, 1), "queries_per_band": args.queries}
    for band, band_words in words.items():
        queries = _queries_from_comments(conn, set(band_words), args.queries)
        matches = [
            len(conn.execute("SELECT rowid FROM comments_fts WHERE comments_fts MATCH ?", (q,)).fetchall())
            for q in queries
        ]
        report[band] = {
            "median_matching_comments": statistics.median(matches),
            "sqlite": timed(lambda q: conn.execute(sql, {"q": q}).fetchall(), queries),
            "datasette": asyncio.run(
                _through_datasette(datasette, f"/{path.stem}/search_comments.json", queries)
            ),
            "search_page": asyncio.run(_through_datasette(datasette, "/search", queries)),
            "search_page_one_word": asyncio.run(
                _through_datasette(datasette, "/search", [q.split()[0] for q in queries])
            ),
        }
    report["reader_pages_ms"] = asyncio.run(_reader_pages(datasette, path, conn))
    print(json.dumps(report))


READER_PAGES = ["/", "/activity", "/commenters", "/site/1", "/network", "/post/5"]


async def _reader_pages(datasette, path: Path, conn) -> dict[str, float]:
    """One request each: a search for the word in the most comments (listed newest first, not ranked),
    the reader's pages computed live (as under ``serve``), then from the summary tables ``publish``
    writes into a public copy."""
    import sqlite_utils

    from wparchive.publish.site import add_summary_tables

    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING fts5vocab(main, 'comments_fts', 'row')")
    word, documents = conn.execute("SELECT term, doc FROM temp.words ORDER BY doc DESC LIMIT 1").fetchone()
    found = {f"/search?q={word} ({documents} comments)": await _one(datasette, f"/search?q={word}")}
    found.update({f"{page} (live)": await _one(datasette, page) for page in READER_PAGES})
    db = sqlite_utils.Database(path)
    add_summary_tables(db)
    db.conn.commit()
    found.update({f"{page} (summary tables)": await _one(datasette, page) for page in READER_PAGES[:3]})
    return found


async def _one(datasette, page: str) -> float | str:
    """Milliseconds, or what the page said when a summary ran past the one-second limit."""
    start = time.perf_counter()
    response = await datasette.client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    milliseconds = round((time.perf_counter() - start) * 1000, 1)
    return f"{milliseconds} (too big to count live)" if "too big to count" in response.text else milliseconds


async def _through_datasette(datasette, path: str, queries: list[str]) -> dict[str, float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        response = await datasette.client.get(path, params={"q": query, "_shape": "array"})
        assert response.status_code == 200 and "rror" not in response.text[:2000], response.text[:300]
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
    }


if __name__ == "__main__":
    sys.exit(main())
