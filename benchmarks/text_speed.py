"""Benchmark: how fast plain-text pages import, and whether the cost stays linear in the page.

Writes synthetic text pages (benchmarks/make_text_pages.py) in five shapes, doubling their size
from ``--start-kb`` up to ``--max-kb``, and times the real command (``wparchive import --quiet``
into a fresh archive, in a separate process so each peak memory is its own):

* ``comments``: "Name says:", the date, the text, "Reply", replies quoting earlier comments;
* ``home``: a home page of titles, bylines, excerpts and counts (no comments at all);
* ``bare``: names stripped, batch replies of the post's author addressing commenters;
* ``markdown``: html2text's shape, "* **Name** sagt:" list items nested by indentation;
* ``flat``: a crawl's text extract, one block per line.

Then the page of 1,800 short lines that once did not finish in ten minutes, and a folder of
``--folder`` small pages (imported without --quiet, to see the progress bar on stderr).

Prints seconds, KB per second and the cost per KB relative to the smallest size (1.0 = linear).

    python benchmarks/text_speed.py [--start-kb 125] [--max-kb 1000] [--folder 1000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_text_pages import SHAPES, comments_page, short_lines_page  # noqa: E402

# Runs in a fresh interpreter: the import's own time (start-up excluded) and its peak memory.
MEASURE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from peak_memory import peak_mib
from wparchive.cli import cli
started = time.perf_counter()
try:
    cli.main(sys.argv[2:], prog_name="wparchive", standalone_mode=False)
finally:
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": round(peak_mib(), 1)}))
"""


def timed_import(target: Path, source: Path, quiet: bool = True) -> dict[str, object]:
    """Seconds and peak memory of one ``wparchive import``, in its own process; whether it drew a
    progress bar on stderr."""
    arguments = ["import", str(target), str(source)] + (["--quiet"] if quiet else [])
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(HERE), *arguments], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"import failed: {done.stdout}{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "seconds": round(figures["seconds"], 3),
        "peak_mb": figures["peak_mb"],
        "progress_bar": "%" in done.stderr or "pages" in done.stderr,
    }


def sizes(start_kb: int, max_kb: int) -> list[int]:
    found, kb = [], start_kb
    while kb <= max_kb:
        found.append(kb)
        kb *= 2
    return found


def shape_rows(work: Path, start_kb: int, max_kb: int, shapes: list[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for shape in shapes:
        make = SHAPES[shape]
        base: float | None = None
        for kb in sizes(start_kb, max_kb):
            page = work / f"{shape}-{kb}.txt"
            page.write_text(make(kb * 1024), encoding="utf-8")
            figures = timed_import(work / f"{shape}-{kb}.db", page)
            per_kb = float(figures["seconds"]) / kb  # type: ignore[arg-type]
            base = base or per_kb
            rows.append(
                {
                    "shape": shape,
                    "kb": kb,
                    "lines": page.read_text(encoding="utf-8").count("\n"),
                    **figures,
                    "kb_per_second": round(kb / float(figures["seconds"]), 1),  # type: ignore[arg-type]
                    "per_kb_ratio": round(per_kb / base, 2),
                }
            )
            print(json.dumps(rows[-1]), flush=True)
    return rows


def folder_row(work: Path, count: int) -> dict[str, object]:
    folder = work / "pages"
    folder.mkdir()
    for index in range(count):
        (folder / f"page-{index:05d}.txt").write_text(comments_page(3 * 1024, seed=index), encoding="utf-8")
    figures = timed_import(work / "folder.db", folder, quiet=False)
    seconds = float(figures["seconds"])  # type: ignore[arg-type]
    return {"folder_pages": count, **figures, "pages_per_second": round(count / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--start-kb", type=int, default=125)
    parser.add_argument("--max-kb", type=int, default=1000)
    parser.add_argument("--folder", type=int, default=1000)
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        shape_rows(work, options.start_kb, options.max_kb, options.shape or list(SHAPES))
        short = work / "short-lines.txt"
        short.write_text(short_lines_page(1800), encoding="utf-8")
        print(
            json.dumps(
                {
                    "short_lines": 1800,
                    "kb": short.stat().st_size // 1024,
                    **timed_import(work / "s.db", short),
                }
            )
        )
        print(json.dumps(folder_row(work, options.folder)), flush=True)


if __name__ == "__main__":
    main()
