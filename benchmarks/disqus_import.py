"""Benchmark: importing a Disqus export, at two sizes ten times apart (the cost per comment must not
grow), with peak memory (the importer and its reading child).

The export is synthetic: N threads of a blog, comments in date order across all threads (as Disqus
writes them), one in three a reply, one in fifty spam, one in a hundred deleted.

    python benchmarks/disqus_import.py [--comments 20000 --comments 200000]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

MEASURE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[3])
from peak_memory import children_peak_mib, peak_mib
from wparchive.cli import cli
start = time.perf_counter()
try:
    cli(["import", sys.argv[1], sys.argv[2], "--quiet"], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mib": peak_mib() + children_peak_mib()}))
"""

WORDS = [
    "lamp",
    "wick",
    "keeper",
    "fog",
    "signal",
    "tide",
    "rock",
    "beam",
    "light",
    "storm",
    "shore",
    "harbour",
    "chart",
    "bell",
    "log",
    "night",
]


def write_export(path: Path, comments: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    threads = max(1, comments // 10)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" ')
        out.write('xmlns:dsq="http://disqus.com/disqus-internals">\n')
        for number in range(1, threads + 1):
            out.write(
                f'<thread dsq:id="{number}"><id>{number} https://bench.example.org/?p={number}</id>'
                f"<forum>bench</forum><link>https://bench.example.org/{number}/</link>"
                f"<title>Post {number}</title><createdAt>2015-01-01T00:00:00Z</createdAt>"
                "<isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n"
            )
        last_in: dict[int, int] = {}
        for number in range(1, comments + 1):
            thread = rng.randint(1, threads)
            parent = last_in.get(thread) if rng.random() < 0.33 else None
            last_in[thread] = number
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60)))
            day = 1 + number * 3000 // comments
            out.write(
                f'<post dsq:id="{100000000 + number}"><id /><message><![CDATA[<p>{text}</p>]]></message>'
                f"<createdAt>2015-{1 + day // 300:02d}-01T00:00:{number % 60:02d}Z</createdAt>"
                f"<isDeleted>{str(number % 100 == 0).lower()}</isDeleted>"
                f"<isSpam>{str(number % 50 == 0).lower()}</isSpam>"
                f"<author><name>Reader {number % 997}</name><isAnonymous>false</isAnonymous></author>"
                f'<thread dsq:id="{thread}" />'
                + (f'<parent dsq:id="{100000000 + parent}" />' if parent else "")
                + "</post>\n"
            )
        out.write("</disqus>\n")


def measure(export: Path, db: Path) -> dict[str, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, str(db), str(export), str(HERE)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, action="append")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for comments in args.comments or [20_000, 200_000]:
            export = Path(scratch) / f"disqus-{comments}.xml"
            write_export(export, comments)
            figures = measure(export, Path(scratch) / "bench.db")
            print(
                json.dumps(
                    {
                        "comments": comments,
                        "file_mb": round(export.stat().st_size / 1e6, 1),
                        "seconds": round(figures["seconds"], 2),
                        "comments_per_second": round(comments / figures["seconds"]),
                        "peak_mib": round(figures["peak_mib"], 1),
                    }
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
