"""Benchmark: the two rates a cluster import is made of, measured apart, for docs/scale.md.

A cluster import is workers reading partitions (``cluster.work.read_partition``: WARC records
inflated, responses sniffed, blog pages parsed) and one process storing what they found
(``cluster.store.store_partition``: each page in its own transaction, cleaning, search index).
Here both run in this one process, partition by partition, each timed on its own:

* the reading rate is what one worker core does (responses and blog pages per core-second): the
  cluster's reading scales with its cores;
* the storing rate is what the single writer does (pages and comments per second): it does not.

    python benchmarks/cluster_rates.py CRAWL_FOLDER_OR_FILES... [--partition-mb 16]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from wparchive.cluster.plan import Sizes, plan
from wparchive.cluster.store import store_partition
from wparchive.cluster.work import read_partition
from wparchive.ingest import Importer
from wparchive.parallel import PageReading
from wparchive.readers.base import ReadOptions
from wparchive.store.schema import open_db
from wparchive.store.shape import ensure_db_shape


def measure(arguments: list[str], sizes: Sizes, db_path: Path) -> dict[str, object]:
    options = ReadOptions()
    db = open_db(db_path)
    importer = Importer(db, options, True, lambda result: None, lambda line: None, PageReading(1))
    reading = storing = 0.0
    responses = pages = 0
    for argument in arguments:
        for partition in plan(argument, sizes) or []:
            started = time.perf_counter()
            result = read_partition(partition, options)
            read = time.perf_counter()
            store_partition(importer, result)
            reading += read - started
            storing += time.perf_counter() - read
            responses += result.documents + sum(result.skipped.values())
            pages += result.pages
    started = time.perf_counter()
    ensure_db_shape(db)  # the search index of a new archive is built at the end
    storing += time.perf_counter() - started
    db.close()
    with sqlite3.connect(db_path) as conn:
        comments = conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    return {
        "records": responses,
        "blog_pages": pages,
        "comments": comments,
        "reading_core_seconds": round(reading, 1),
        "reading_records_per_core_second": round(responses / reading),
        "reading_pages_per_core_second": round(pages / reading, 1),
        "storing_seconds": round(storing, 1),
        "storing_pages_per_second": round(pages / storing, 1),
        "storing_comments_per_second": round(comments / storing),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--partition-mb", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        figures = measure(args.inputs, Sizes(args.partition_mb << 20), Path(scratch) / "rates.db")
    json.dump(figures, sys.stdout)
    print()


if __name__ == "__main__":
    main()
