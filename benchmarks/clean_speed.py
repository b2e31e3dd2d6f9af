"""Benchmark: how fast ``wparchive clean`` goes through stored content.

Imports a synthetic export (benchmarks/make_wxr.py), cleaned at import as by default (the
generator's [caption] shortcodes are converted then), plants artefacts in one post in ten of
those with content (a PHP warning, mojibake, a share-widget line, a Cloudflare e-mail
placeholder), then times the cleaning of every post and comment, twice (the second run has
nothing left to change), and prints MB of content scanned per second (content = every value
the rules looked at: titles, post and comment HTML). ``rows_changed`` of the first run is
then one post in ten.

``--raw-import`` imports with ``--no-clean`` instead (the case measured before issue 14): the
timed run also converts the generator's captions, and about one post in five changes.

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
    parser.add_argument("--raw-import", action="store_true", help="import with --no-clean (before issue 14)")
    args = parser.parse_args()
    from click.testing import CliRunner

    from wparchive.clean.engine import clean
    from wparchive.cli import cli
    from wparchive.store.schema import open_db

    with tempfile.TemporaryDirectory() as scratch:
        xml, db_path = Path(scratch) / "synthetic.xml", Path(scratch) / "bench.db"
        write_wxr(xml, args.size_mb)
        command = ["import", str(db_path), str(xml), "--quiet", *(["--no-clean"] if args.raw_import else [])]
        CliRunner().invoke(cli, command, catch_exceptions=False)
        db = open_db(db_path)
        with db.atomic():
            planted = db.conn.execute(
                "UPDATE posts SET content_html = ? || content_html WHERE id IN (SELECT id FROM "
                "(SELECT id, row_number() OVER (ORDER BY id) AS n FROM posts WHERE content_html <> '') "
                "WHERE n % 10 = 0)",
                (DEBRIS,),
            ).rowcount
        posts = db.conn.execute("SELECT count(*), count(nullif(content_html, '')) FROM posts").fetchone()
        figures: dict = {
            "export_mb": args.size_mb,
            "posts": posts[0],
            "posts_with_content": posts[1],
            "posts_planted": planted,
        }
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
