"""Benchmark: ``wparchive export`` against ``wparchive import`` of the same archive, side by side.

Writes a synthetic WXR export of the requested size (benchmarks/make_wxr.py: threads, pingbacks,
drafts, meta), imports it, then times each export format into a fresh folder, every run in its
own process so that peak memory is its own. Prints seconds, peak RSS and the ratio export/import
(the target: an export takes no longer than the import, in bounded memory).

    python benchmarks/export_speed.py --size-mb 100 [--format wxr --format hugo ...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_wxr import write_wxr  # noqa: E402

MEASURE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from peak_memory import peak_mib
from wparchive.cli import cli
start = time.perf_counter()
try:
    cli(sys.argv[2:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps({"seconds": round(time.perf_counter() - start, 2), "peak_mib": round(peak_mib(), 1)}))
"""


def measure(arguments: list[str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(HERE), *arguments], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(arguments)}\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--format", action="append", dest="formats", help="formats to time (default: wxr)")
    parser.add_argument("--keep", type=Path, help="keep the export, archive and outputs here")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp())
    work.mkdir(parents=True, exist_ok=True)
    xml, db = work / "synthetic.xml", work / "archive.db"
    if not xml.exists():
        write_wxr(xml, options.size_mb)
    db.unlink(missing_ok=True)
    imported = measure(["import", str(db), str(xml), "--quiet"])
    print(json.dumps({"step": "import", "mb": round(xml.stat().st_size / 2**20, 1), **imported}), flush=True)
    for name in options.formats or ["wxr"]:
        out = work / f"out-{name}"
        shutil.rmtree(out, ignore_errors=True)
        figures = measure(["export", str(db), "--format", name, str(out), "--include-private", "--quiet"])
        ratio = round(figures["seconds"] / imported["seconds"], 2)
        print(json.dumps({"step": f"export {name}", **figures, "export_over_import": ratio}), flush=True)
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
