"""Benchmark: how fast saved pages import, on one core and with worker processes, and whether the
cost per page stays flat as the mirror grows ten times.

Writes a synthetic wget mirror (benchmarks/make_pages.py: typical single-post pages, 25 comments
each) and, in separate processes so each peak memory is its own, times:

* ``reader``: the HTML reader alone (bytes in, records out) over the mirror's pages, and over the
  31 real pages of shared/external/html when that folder is beside the repo;
* ``import``: the real command, ``wparchive import --quiet --jobs J`` into a fresh archive, for
  J = 1 and J = the number of cores, at N pages and at 10 × N pages;
* ``crawl``: the same N pages in one WARC file (warcio), imported with ``--jobs`` = cores.

Prints pages per second, seconds per page, peak RSS, and the ratio of the per-page cost at 10 × N
to that at N (1.0 is linear).

    python benchmarks/html_import.py [--pages 300] [--scale 10]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REAL_PAGES = ROOT.parent / "shared" / "external" / "html"
sys.path.insert(0, str(HERE))

from make_pages import write_mirror  # noqa: E402

MEASURE = r"""
import json, resource, sys, time
mode, target, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
start = time.perf_counter()
if mode == "reader":
    from pathlib import Path
    from wparchive.readers.base import PageContext
    from wparchive.readers.html.read import read_html
    pages = sorted(p for p in Path(target).rglob("*.html") if p.is_file())
    for page in pages:
        read_html(page.read_bytes(), PageContext(str(page)))
    count = len(pages)
else:
    from click.testing import CliRunner
    from wparchive.cli import cli
    result = CliRunner().invoke(cli, ["import", extra[0], target, "--quiet", "--jobs", extra[1]])
    if result.exit_code != 0:
        sys.exit(result.output)
    import sqlite3
    ok = "SELECT count(*) FROM sources WHERE status = 'ok'"
    count = sqlite3.connect(extra[0]).execute(ok).fetchone()[0]
seconds = time.perf_counter() - start
usage = resource.getrusage
peak = max(usage(resource.RUSAGE_SELF).ru_maxrss, usage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"pages": count, "seconds": seconds, "peak_mb": peak / 1024}))
"""


def measure(mode: str, target: Path, *extra: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, mode, str(target), *extra], capture_output=True, text=True, check=True
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    figures["pages_per_second"] = round(figures["pages"] / figures["seconds"], 1)
    figures["ms_per_page"] = round(1000 * figures["seconds"] / max(figures["pages"], 1), 2)
    return figures


def write_crawl(pages: list[Path], path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for page in pages:
            uri = "https://" + "/".join(page.parts[page.parts.index("bench.example.org") :])
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=UTF-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(page.read_bytes()), http_headers=http,
                warc_headers_dict={"WARC-Date": "2021-03-14T13:05:00Z"},
            )  # fmt: skip
            writer.write_record(record)


def run(pages: int, scale: int, scratch: Path) -> dict:
    cores = os.cpu_count() or 1
    small, large = scratch / "small", scratch / "large"
    written = write_mirror(small, pages)
    write_mirror(large, pages * scale)
    results: dict[str, dict] = {"reader_synthetic": measure("reader", small)}
    if REAL_PAGES.is_dir():
        results["reader_real_pages"] = measure("reader", REAL_PAGES)
    for jobs in sorted({1, cores}):
        results[f"import_{pages}_jobs{jobs}"] = measure(
            "import", small, str(scratch / f"s{jobs}.db"), str(jobs)
        )
        results[f"import_{pages * scale}_jobs{jobs}"] = measure(
            "import", large, str(scratch / f"l{jobs}.db"), str(jobs)
        )
    crawl = scratch / "crawl.warc.gz"
    write_crawl(written, crawl)
    results["crawl"] = measure("import", crawl, str(scratch / "crawl.db"), str(cores))
    per_page = [results[f"import_{n}_jobs1"]["ms_per_page"] for n in (pages, pages * scale)]
    results["linearity_10x"] = {"per_page_ratio": round(per_page[1] / per_page[0], 2), "cores": cores}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        results = run(args.pages, args.scale, Path(scratch))
    for name, figures in results.items():
        print(f"{name:28} {json.dumps(figures)}")


if __name__ == "__main__":
    main()
