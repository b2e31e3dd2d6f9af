"""Benchmark: ``wparchive merge`` of shards, in seconds per million comments.

Builds shards as a cluster import writes them, one archive per part, each imported by the real
command: synthetic WordPress exports (benchmarks/make_wxr.py), each part a site of its own so that
every row is new to the target. Then times, each in its own process, ``wparchive merge`` of 1 and of
N shards into a fresh archive (the cost per comment must not grow with the number of shards) and the
same merge again (nothing new: what a re-run costs).

    python benchmarks/merge_speed.py [--shards 4] [--shard-mb 25] [--keep DIR]
    python benchmarks/merge_speed.py --crawl-file A.warc.gz --crawl-file B.warc.gz   # crawl shards

``--crawl-file``: each shard is instead the import of one crawl file (benchmarks/make_crawl.py), as a
cluster's worker writes it: pages, with the sightings and merges pages bring.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_wxr import SITE_URL, write_wxr  # noqa: E402

WPARCHIVE = [sys.executable, "-m", "wparchive"]


def build_shards(folder: Path, count: int, size_mb: float) -> list[Path]:
    """``count`` shard archives, each the import of an export of a site of its own."""
    source = folder / f"export-{size_mb:g}mb.xml"
    if not source.exists():
        write_wxr(source, size_mb)
    data = source.read_bytes()
    shards = []
    for number in range(count):
        shard = folder / f"shard-{size_mb:g}mb-{number}.db"
        shards.append(shard)
        if shard.exists():
            continue
        export = folder / f"export-{number}.xml"
        export.write_bytes(data.replace(SITE_URL.encode(), f"https://blog{number}.example.com".encode()))
        subprocess.run([*WPARCHIVE, "import", str(shard), str(export), "--quiet"], check=True)
        export.unlink()
    return shards


def crawl_shards(folder: Path, crawls: list[Path]) -> list[Path]:
    shards = []
    for crawl in crawls:
        shard = folder / f"shard-{crawl.name}.db"
        shards.append(shard)
        if not shard.exists():
            subprocess.run([*WPARCHIVE, "import", str(shard), str(crawl), "--quiet"], check=True)
    return shards


def comments_in(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM comments").fetchone()[0]


def timed_merge(target: Path, shards: list[Path]) -> float:
    started = time.perf_counter()
    subprocess.run([*WPARCHIVE, "merge", str(target), *map(str, shards), "--quiet"], check=True)
    return time.perf_counter() - started


def measure(folder: Path, shards: list[Path]) -> dict[str, object]:
    target = folder / f"target-{len(shards)}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    seconds = timed_merge(target, shards)
    again = timed_merge(target, shards)
    comments = comments_in(target)
    return {
        "shards": len(shards),
        "comments": comments,
        "merge_seconds": round(seconds, 2),
        "seconds_per_million_comments": round(seconds / comments * 1e6, 1),
        "merge_again_seconds": round(again, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--shard-mb", type=float, default=25)
    parser.add_argument("--keep", type=Path, help="folder for the shards (kept between runs)")
    parser.add_argument("--crawl-file", type=Path, action="append", help="a shard per crawl file instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        if args.crawl_file:
            shards = crawl_shards(folder, args.crawl_file)
        else:
            shards = build_shards(folder, args.shards, args.shard_mb)
        for count in sorted({1, len(shards)}):
            print(json.dumps(measure(folder, shards[:count])), flush=True)


if __name__ == "__main__":
    main()
