"""Benchmark: how fast a folder of WordPress REST API responses imports, and whether the cost per post
stays flat as the site grows ten times.

Writes a synthetic site as a wget mirror saves its API (``wp-json/wp/v2/posts?page=N`` of 100 posts,
``comments?page=N`` of 100 comments, ``users``, ``categories``, ``tags``; posts of about 3 KB with
``--comments`` comments each, replies nested under earlier comments) and, in a separate process so
each peak memory is its own, times ``wparchive import --quiet`` into a fresh archive at N posts and
at 10 × N, and the reader alone over one response of N posts (a response saved with a large
``per_page``). Prints posts per second, seconds, peak RSS and the ratio of the per-post cost at
10 × N to that at N (1.0 is linear).

    python benchmarks/rest_import.py [--posts 1000] [--comments 5] [--scale 10]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SITE = "https://bench.example.org"
WORDS = ["harbour", "tide", "rope", "lamp", "gale", "fog", "pier", "ferry", "crane", "hull", "sail", "keel"]

MEASURE = r"""
import json, sys, time
mode, target, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
start = time.perf_counter()
if mode == "reader":
    from pathlib import Path
    from wparchive.readers.base import PageContext
    from wparchive.readers.rest import read_rest
    result = read_rest(Path(target).read_bytes(), PageContext(target))
    count = result.posts
else:
    from click.testing import CliRunner
    from wparchive.cli import cli
    result = CliRunner().invoke(cli, ["import", extra[0], target, "--quiet", "--jobs", "1"])
    if result.exit_code != 0:
        sys.exit(result.output)
    import sqlite3
    count = sqlite3.connect(extra[0]).execute("SELECT count(*) FROM posts").fetchone()[0]
seconds = time.perf_counter() - start
# VmHWM: this process's own peak (ru_maxrss keeps the peak of the parent it was forked from).
status = open("/proc/self/status").read()
peak = int(status.split("VmHWM:")[1].split()[0])
print(json.dumps({"items": count, "seconds": seconds, "peak_mb": peak / 1024}))
"""


def text(number: int, words: int) -> str:
    return " ".join(WORDS[(number * 7 + i * 3) % len(WORDS)] for i in range(words))


def post(number: int) -> dict:
    day = f"2020-{1 + number % 12:02d}-{1 + number % 28:02d}T{number % 24:02d}:00:00"
    paragraphs = "".join(f"<p>{text(number + k, 70)}.</p>\n" for k in range(6))
    return {
        "id": number, "date": day, "date_gmt": day, "guid": {"rendered": f"{SITE}/?p={number}"},
        "modified": day, "modified_gmt": day, "slug": f"post-{number}", "status": "publish", "type": "post",
        "link": f"{SITE}/post-{number}/", "title": {"rendered": f"Post {number}: {text(number, 5)}"},
        "content": {"rendered": paragraphs, "protected": False},
        "excerpt": {"rendered": f"<p>{text(number, 55)} [&hellip;]</p>\n", "protected": False},
        "author": 1 + number % 3, "featured_media": 0, "comment_status": "open", "ping_status": "open",
        "sticky": False, "template": "", "format": "standard", "meta": [],
        "categories": [1 + number % 4], "tags": [10 + number % 6],
        "_links": {"self": [{"href": f"{SITE}/wp-json/wp/v2/posts/{number}"}]},
    }  # fmt: skip


def comments(posts: int, per_post: int) -> list[dict]:
    found = []
    for number in range(1, posts + 1):
        for k in range(per_post):
            cid = number * 100 + k
            found.append({
                "id": cid, "post": number, "parent": cid - 1 if k % 2 else 0, "author": 0,
                "author_name": f"Reader {k}", "author_url": "", "date": "2021-01-01T10:00:00",
                "date_gmt": "2021-01-01T10:00:00", "content": {"rendered": f"<p>{text(cid, 30)}</p>\n"},
                "link": f"{SITE}/post-{number}/#comment-{cid}", "status": "approved", "type": "comment",
                "_links": {"self": [{"href": f"{SITE}/wp-json/wp/v2/comments/{cid}"}]},
            })  # fmt: skip
    return found


def write_site(folder: Path, posts: int, per_post: int) -> None:
    v2 = folder / "wp-json" / "wp" / "v2"
    v2.mkdir(parents=True)
    every = [post(n) for n in range(1, posts + 1)]
    for page in range(0, posts, 100):
        (v2 / f"posts?page={page // 100 + 1}").write_text(json.dumps(every[page : page + 100]))
    found = comments(posts, per_post)
    for page in range(0, len(found), 100):
        (v2 / f"comments?page={page // 100 + 1}").write_text(json.dumps(found[page : page + 100]))
    users = [{"id": u, "name": f"Author {u}", "slug": f"author-{u}", "link": f"{SITE}/author/{u}/",
              "avatar_urls": {}, "_links": {}} for u in (1, 2, 3)]  # fmt: skip
    (v2 / "users").write_text(json.dumps(users))
    terms = [{"id": t, "name": f"Cat {t}", "slug": f"cat-{t}", "taxonomy": "category", "parent": 0,
              "description": "", "count": 1, "link": f"{SITE}/c/{t}/"} for t in range(1, 5)]  # fmt: skip
    (v2 / "categories").write_text(json.dumps(terms))
    tags = [{"id": t, "name": f"tag {t}", "slug": f"tag-{t}", "taxonomy": "post_tag", "description": "",
             "count": 1, "link": f"{SITE}/tag/tag-{t}/"} for t in range(10, 16)]  # fmt: skip
    (v2 / "tags").write_text(json.dumps(tags))


def measure(mode: str, target: Path, *extra: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, mode, str(target), *extra], capture_output=True, text=True, check=True
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    figures["per_second"] = round(figures["items"] / figures["seconds"], 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=5)
    parser.add_argument("--scale", type=int, default=10)
    arguments = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for posts in (arguments.posts, arguments.posts * arguments.scale):
            folder = Path(scratch) / f"site-{posts}"
            write_site(folder, posts, arguments.comments)
            results[f"import_{posts}_posts"] = measure("import", folder, str(Path(scratch) / f"{posts}.db"))
        one = Path(scratch) / "one-response.json"
        one.write_text(json.dumps([post(n) for n in range(1, arguments.posts + 1)]))
        results["reader_one_response"] = {
            **measure("reader", one),
            "mb": round(one.stat().st_size / 2**20, 1),
        }
    small, large = (
        results[f"import_{n}_posts"] for n in (arguments.posts, arguments.posts * arguments.scale)
    )
    results["cost_per_post_ratio"] = round(
        (large["seconds"] / large["items"]) / (small["seconds"] / small["items"]), 2
    )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
