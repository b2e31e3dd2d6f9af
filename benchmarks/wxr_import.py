"""Benchmark: ``wparchive import`` against a bare lxml iterparse pass, side by side.

Writes a synthetic WXR export of the requested size (benchmarks/make_wxr.py,
threads and pingbacks included), then times, in separate processes so that peak
memory is each one's own:

* ``bare``: ``lxml.etree.iterparse(tag="item")`` over the file, clearing each
  item: the floor for any streaming WXR reader in Python;
* ``import``: the real command, ``wparchive import --quiet`` into a fresh
  database, including the sha256, indexes and full-text index.

Prints seconds, MB/s, peak RSS and the ratio import/bare (median of --runs).

    python benchmarks/wxr_import.py --size-mb 100 [--runs 3] [--keep DIR] [--before OTHER/src]

``--before`` times another checkout too (``git worktree add /tmp/before <rev>``), interleaved with
this one, so that "before" and "after" come from the same minutes of the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_wxr import write_wxr  # noqa: E402

MEASURE = r"""
import json, sys, time
mode, path, here = sys.argv[1], sys.argv[2], sys.argv[-1]
sys.path.insert(0, here)
start = time.perf_counter()
if mode == "bare":
    from lxml import etree
    items = 0
    for _, element in etree.iterparse(
        path, events=("end",), tag="item", huge_tree=True, resolve_entities=False
    ):
        items += 1
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del element.getparent()[0]
else:
    from wparchive.cli import cli
    try:
        cli(["import", sys.argv[3], path, "--quiet"], standalone_mode=False)
    except SystemExit:
        pass
seconds = time.perf_counter() - start
from peak_memory import children_peak_mib, peak_mib
print(json.dumps({"seconds": seconds, "peak_mib": peak_mib() + children_peak_mib()}))
"""


def measure(mode: str, xml: Path, db: Path, source: Path | None = None) -> dict[str, float]:
    """One timed run in its own process; ``source`` is another checkout's ``src`` to time instead."""
    env = dict(os.environ, PYTHONPATH=str(source)) if source else None
    if db.exists():
        db.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, mode, str(xml), str(db), str(HERE)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run(size_mb: float, runs: int, folder: Path, before: Path | None) -> dict[str, object]:
    xml = folder / f"synthetic-{size_mb:g}mb.xml"
    counts = write_wxr(xml, size_mb) if not xml.exists() else {}
    db = folder / "bench.db"
    bare, full, old = [], [], []
    for _ in range(runs):  # interleaved, so that a slow spell of the machine hits all three alike
        bare.append(measure("bare", xml, db))
        full.append(measure("import", xml, db))
        if before:
            old.append(measure("import", xml, db, before))
    size = xml.stat().st_size / 1e6
    bare_s = statistics.median(r["seconds"] for r in bare)
    full_s = statistics.median(r["seconds"] for r in full)
    figures = _figures(size, counts, bare, full, bare_s, full_s, runs)
    if old:
        old_s = statistics.median(r["seconds"] for r in old)
        figures["before_import_seconds"] = round(old_s, 2)
        figures["before_ratio_import_to_bare"] = round(old_s / bare_s, 2)
        figures["before_peak_mib"] = round(max(r["peak_mib"] for r in old), 1)
    return figures


def _figures(size, counts, bare, full, bare_s, full_s, runs) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "file_mb": round(size, 1),
        "items": counts.get("items"),
        "comments": counts.get("comments"),
        "bare_seconds": round(bare_s, 2),
        "bare_peak_mib": round(max(r["peak_mib"] for r in bare), 1),
        "import_seconds": round(full_s, 2),
        "import_mb_per_s": round(size / full_s, 1),
        "import_peak_mib": round(max(r["peak_mib"] for r in full), 1),
        "ratio_import_to_bare": round(full_s / bare_s, 2),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size-mb", type=float, action="append", help="file size; repeat for several (default 25 and 100)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="folder for the generated files (kept between runs)")
    parser.add_argument(
        "--before", type=Path, help="the src folder of another checkout (git worktree): timed side by side"
    )
    args = parser.parse_args()
    sizes = args.size_mb or [25, 100]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            print(json.dumps(run(size, args.runs, folder, args.before)), flush=True)


if __name__ == "__main__":
    main()
