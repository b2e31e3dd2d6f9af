"""Benchmark: importing a web crawl as it comes, where one response in five is a WordPress page.

Builds a synthetic crawl with benchmarks/make_crawl.py (100,000 responses in 8 gzipped WARC files by
default; cached by its parameters and the generator's source, under the temp folder) and times the real
command on it, each run in its own process into a fresh archive, start-up included:

* ``plain``: ``wparchive import ARCHIVE.db FILES... --quiet`` (its default ``--jobs`` is the core count);
* ``jobs1`` / ``jobs2``: the same with ``--jobs 1`` / ``--jobs 2``;
* ``cluster2``: the same with ``--cluster local:2`` ("not available" when the command has no such option);
* ``every``: plain with ``--every-page``: the pages of sites that are not blogs are read too.

Peak memory is read from /proc while the command runs: the high-water mark (VmHWM) of the command's own
process, and the largest sum of resident memory over it and its worker processes. Afterwards the archive
says what the crawl's HTML pages became: the ``sources`` rows of kind ``warc`` by status, the pages read
as WordPress (those not stored as a post of platform ``unknown``), posts and comments.

    python benchmarks/crawl_import.py [--quick] [--responses 100000] [--files 8]
        [--modes plain,jobs2,cluster2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WPARCHIVE = ROOT / ".venv" / "bin" / "wparchive"
GENERATOR = ("make_crawl.py", "crawl_pages.py", "make_pages.py")
MODES = {
    "plain": [],
    "jobs1": ["--jobs", "1"],
    "jobs2": ["--jobs", "2"],
    "cluster2": ["--cluster", "local:2"],
    "every": ["--every-page"],  # every HTML page read, not only those that look like a blog's
}
NOT_WORDPRESS = (
    "EXISTS (SELECT 1 FROM posts p WHERE p.site_id = s.site_id AND p.url = s.url"
    " AND json_extract(p.extra, '$.platform') = 'unknown')"
)


def build_crawl(cache: Path, responses: int, files: int, share: float, seed: int) -> tuple[list[Path], dict]:
    """The crawl's files and counts, written once per parameters and generator source, then reused."""
    source = hashlib.sha256(b"".join((HERE / name).read_bytes() for name in GENERATOR)).hexdigest()[:10]
    folder = cache / f"crawl-{responses}-{files}-{share}-{seed}-{source}"
    counts_file = folder / "counts.json"
    if not counts_file.exists():
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        command = [sys.executable, str(HERE / "make_crawl.py"), str(partial), "--responses", str(responses)]
        command += ["--files", str(files), "--wordpress-share", str(share), "--seed", str(seed)]
        start = time.perf_counter()
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        counts = json.loads(output[: output.rindex("}") + 1])
        counts["generation seconds"] = round(time.perf_counter() - start, 1)
        (partial / "counts.json").write_text(json.dumps(counts, indent=1))
        partial.rename(folder)
    return sorted(folder.glob("*.warc.gz")), json.loads(counts_file.read_text())


def _tree(pid: int) -> list[int]:
    """The process and its descendants (the worker pool, its forkserver), from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(child) for child in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
    return found


def _status_mib(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def run_import(files: list[Path], db: Path, options: list[str]) -> dict:
    """The command in its own process: seconds, exit code, the end of its error output, peak memory."""
    command = [str(WPARCHIVE), "import", str(db), *map(str, files), "--quiet", *options]
    peak_main = peak_all = 0.0
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak_main = max(peak_main, _status_mib(process.pid, "VmHWM"))
            peak_all = max(peak_all, sum(_status_mib(p, "VmRSS") for p in _tree(process.pid)))
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        lines = errors.read().decode("utf-8", "replace").splitlines()
    return {
        "seconds": seconds,
        "exit": process.returncode,
        "errors": lines,
        "peak_main_mib": peak_main,
        "peak_all_mib": max(peak_all, peak_main),
    }


def archive_figures(db: Path) -> dict:
    """What the crawl's pages became in the archive."""
    with sqlite3.connect(db) as archive:
        one = lambda sql: archive.execute(sql).fetchone()[0]  # noqa: E731
        statuses = dict(
            archive.execute("SELECT status, count(*) FROM sources WHERE kind = 'warc' GROUP BY 1")
        )
        other = one(
            f"SELECT count(*) FROM sources s WHERE kind = 'warc' AND status != 'failed' AND {NOT_WORDPRESS}"
        )
        errors = archive.execute(
            "SELECT error, count(*) FROM sources WHERE status = 'failed' GROUP BY 1 ORDER BY 2 DESC LIMIT 5"
        ).fetchall()
        return {
            "pages": sum(statuses.values()),
            "statuses": statuses,
            "wordpress": sum(statuses.values()) - statuses.get("failed", 0) - other,
            "other": other,
            "failed": statuses.get("failed", 0),
            "errors": errors,
            "posts": one("SELECT count(*) FROM posts"),
            "unknown_posts": one(
                "SELECT count(*) FROM posts WHERE json_extract(extra, '$.platform') = 'unknown'"
            ),
            "comments": one("SELECT count(*) FROM comments"),
            "guessed_comments": one("SELECT count(*) FROM comments WHERE confidence < 1"),
            "sites": one("SELECT count(*) FROM sites"),
            "size_mib": db.stat().st_size / 2**20,
        }


def measure(mode: str, files: list[Path], scratch: Path) -> dict:
    """One mode on a fresh archive, which is removed afterwards (a 100,000-response crawl makes GBs)."""
    db = scratch / f"{mode}.db"
    for leftover in scratch.glob(f"{mode}.db*"):
        leftover.unlink()
    run = run_import(files, db, MODES[mode])
    if any("no such option" in line.lower() for line in run["errors"]):
        return {"mode": mode, "available": False}
    if not db.exists():
        return {"mode": mode, "available": True, "failed": run["errors"][-3:], **run}
    figures = {"mode": mode, "available": True, **run, **archive_figures(db)}
    for leftover in scratch.glob(f"{mode}.db*"):
        leftover.unlink()
    return figures


ROW = "{:<9} {:>9} {:>8} {:>9} {:>8} {:>7} {:>8} {:>9} {:>8} {:>8} {:>7} {:>8} {:>8}"
HEADER = ROW.format(
    "mode", "responses", "pages", "WordPress", "other", "failed", "posts", "comments",
    "seconds", "resp/s", "WP/s", "RSS MiB", "all MiB",
)  # fmt: skip


def table_row(result: dict, responses: int) -> str:
    if not result["available"]:
        return f"{result['mode']:<9} not available (the command has no such option)"
    if "pages" not in result:
        return f"{result['mode']:<9} failed (exit {result['exit']}): {' / '.join(result['failed'])}"
    seconds = result["seconds"]
    return ROW.format(
        result["mode"], responses, result["pages"], result["wordpress"], result["other"], result["failed"],
        result["posts"], result["comments"], f"{seconds:.1f}", f"{responses / seconds:.0f}",
        f"{result['wordpress'] / seconds:.1f}", f"{result['peak_main_mib']:.0f}",
        f"{result['peak_all_mib']:.0f}",
    )  # fmt: skip


def details(result: dict) -> str:
    """The statuses of the pages, what the others became, and the most common errors."""
    if "pages" not in result:
        return ""
    lines = [
        f"{result['mode']}: sources of kind warc by status {result['statuses']}; exit code {result['exit']}; "
        f"archive {result['size_mib']:.0f} MiB, {result['sites']} sites",
        f"  stored from pages that are not WordPress: {result['unknown_posts']} posts of platform 'unknown', "
        f"{result['guessed_comments']} comments found by repeated structure (confidence < 1)",
    ]
    lines += [f"  failed {count}: {error}" for error, count in result["errors"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--modes", default="plain,jobs2,cluster2", help=f"from {', '.join(MODES)}")
    parser.add_argument("--quick", action="store_true", help="5,000 responses in 2 files, to try it")
    parser.add_argument("--wordpress-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "wparchive-crawl-bench")
    args = parser.parse_args()
    if args.quick:
        args.responses, args.files = 5_000, 2
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    unknown = [mode for mode in modes if mode not in MODES]
    if unknown:
        parser.error(f"unknown modes {unknown}: choose from {', '.join(MODES)}")
    files, counts = build_crawl(args.cache, args.responses, args.files, args.wordpress_share, args.seed)
    print(
        f"crawl: {len(files)} files, {counts['warc bytes'] / 2**20:,.0f} MiB, {counts['responses']:,} "
        f"responses ({counts['wordpress_pages']:,} WordPress pages on {counts['blogs']} blogs), "
        f"made in {counts['generation seconds']} s, in {files[0].parent}",
        flush=True,
    )
    print(HEADER, flush=True)
    results = []
    with tempfile.TemporaryDirectory(dir=args.cache) as scratch:
        for mode in modes:
            results.append(measure(mode, files, Path(scratch)))
            print(table_row(results[-1], counts["responses"]), flush=True)
    for result in results:
        if text := details(result):
            print(text)


if __name__ == "__main__":
    main()
