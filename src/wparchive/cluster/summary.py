"""What a cluster import did: records read, blog pages found, rows stored, and each worker's share."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from wparchive import warc
from wparchive.cluster.plan import Partition
from wparchive.cluster.work import PartitionResult


@dataclass
class WorkerShare:
    partitions: int = 0
    pages: int = 0
    seconds: float = 0.0


@dataclass
class ClusterSummary:
    started: float
    rows_before: tuple[int, int]
    partitions: int = 0
    failed_partitions: int = 0
    records: int = 0  # a crawl's records of every kind
    html_responses: int = 0
    blog_pages: int = 0  # a crawl's pages of WordPress (or Blogger) blogs, and a mirror's documents
    pages_read: int = 0  # of which read on the workers
    shards: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    workers: dict[str, WorkerShare] = field(default_factory=dict)
    posts: int = 0
    comments: int = 0
    seconds: float = 0.0  # from the moment the cluster answered
    startup_seconds: float = 0.0  # starting local workers, or reaching the scheduler

    @classmethod
    def starting(cls, db: sqlite_utils.Database) -> ClusterSummary:
        return cls(time.monotonic(), _rows(db))

    def connected(self) -> None:
        now = time.monotonic()
        self.startup_seconds, self.started = now - self.started, now

    def add(self, partition: Partition, result: PartitionResult) -> None:
        self.partitions += 1
        self.blog_pages += result.documents
        self.pages_read += result.pages
        self.shards += result.shard is not None
        if partition.crawl is not None:
            self.records += result.documents + sum(result.skipped.values())
            self.html_responses += result.documents + result.skipped.get(warc.NOT_A_BLOG, 0)
        self.skipped.update(result.skipped)
        share = self.workers.setdefault(result.worker, WorkerShare())
        share.partitions += 1
        share.pages += result.pages
        share.seconds += result.seconds

    def finish(self, db: sqlite_utils.Database) -> None:
        self.seconds = time.monotonic() - self.started
        posts, comments = _rows(db)
        self.posts, self.comments = posts - self.rows_before[0], comments - self.rows_before[1]

    @property
    def pages_per_second(self) -> float:
        return self.pages_read / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "partitions": self.partitions,
            "failed_partitions": self.failed_partitions,
            "warc_records": self.records,
            "html_responses": self.html_responses,
            "blog_pages": self.blog_pages,
            "pages_read_on_workers": self.pages_read,
            "shards_merged": self.shards,
            "posts": self.posts,
            "comments": self.comments,
            "seconds": round(self.seconds, 2),
            "startup_seconds": round(self.startup_seconds, 2),
            "pages_per_second": round(self.pages_per_second, 1),
            "skipped": dict(self.skipped.most_common()),
            "workers": {
                name: {
                    "partitions": share.partitions,
                    "pages": share.pages,
                    "seconds": round(share.seconds, 2),
                    "pages_per_second": round(share.pages / share.seconds, 1) if share.seconds else 0.0,
                }
                for name, share in sorted(self.workers.items())
            },
        }


def _rows(db: sqlite_utils.Database) -> tuple[int, int]:
    if not db["posts"].exists():
        return 0, 0
    posts = db.conn.execute("SELECT count(*) FROM posts").fetchone()[0]
    comments = db.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    return posts, comments
