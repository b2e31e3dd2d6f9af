"""Benchmark: how fast ``wparchive clean`` goes through stored content.

Imports a synthetic export (benchmarks/make_wxr.py) with ``--no-clean``, plants
artefacts in one post in ten (a PHP warning, mojibake, a share-widget line, a
Cloudflare e-mail placeholder; the generator already writes [caption]
shortcodes), then times the cleaning of every post and comment, twice (the second run has
nothing left to change), and prints MB of content scanned per second (content =
every value the rules looked at: titles, post and comment HTML).

    python benchmarks/clean_speed.py --size-mb 25
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_wxr import write_wxr  # noqa: E402

WARNING = (
    "<br />\n<b>Warning</b>:  mysql_connect(): Too many connections in "
    "<b>/var/www/wp-includes/wp-db.php</b> on line <b>1038</b><br />\n"
)
DEBRIS = WARNING + "<p>Share this:</p>\n<p>It doesnâ€™t matter, write to [email protected]</p>\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=25)
    args = parser.parse_args()
    from click.testing import CliRunner

    from wparchive.clean.engine import clean
    from wparchive.cli import cli
    from wparchive.store.schema import open_db

    with tempfile.TemporaryDirectory() as scratch:
        xml, db_path = Path(scratch) / "synthetic.xml", Path(scratch) / "bench.db"
        write_wxr(xml, args.size_mb)
        CliRunner().invoke(
            cli, ["import", str(db_path), str(xml), "--quiet", "--no-clean"], catch_exceptions=False
        )
        db = open_db(db_path)
        with db.atomic():
            db.conn.execute("UPDATE posts SET content_html = ? || content_html WHERE id % 10 = 0", (DEBRIS,))
        figures = {"export_mb": args.size_mb}
        for run in ("first", "second"):  # the second run finds nothing left to change
            start = time.perf_counter()
            with db.atomic():
                report = clean(db)
            seconds = time.perf_counter() - start
            megabytes = report.characters_scanned / 1e6
            figures[run] = {
                "content_mb_scanned": round(megabytes, 1),
                "seconds": round(seconds, 2),
                "mb_per_second": round(megabytes / seconds, 1),
                "rows_changed": report.rows_changed,
                "edits": dict(report.by_rule),
            }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
