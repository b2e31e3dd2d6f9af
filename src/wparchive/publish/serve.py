"""``wparchive serve``: the working archive in Datasette, with the same configuration as a published site.

The configuration (metadata, settings, templates, plugin) is written to a new
temporary folder; Datasette then replaces this process, so ``serve`` behaves as
``datasette`` itself does (Ctrl-C, exit codes).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import sqlite_utils

from wparchive.publish.config import write_site_files
from wparchive.publish.site import archive_summary


def datasette_command(db: sqlite_utils.Database, db_path: Path, host: str, port: int) -> list[str]:
    """The Datasette command line for the working archive, its configuration written beside it."""
    config_dir = Path(tempfile.mkdtemp(prefix="wparchive-serve-"))
    write_site_files(config_dir, archive_summary(db), public_copy=False, database=db_path.stem)
    command = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "--metadata",
        str(config_dir / "metadata.yml"),
        "--template-dir",
        str(config_dir / "templates"),
        "--plugins-dir",
        str(config_dir / "plugins"),
        "--host",
        host,
        "--port",
        str(port),
    ]
    for name, value in json.loads((config_dir / "settings.json").read_text()).items():
        command += ["--setting", name, str(value)]
    return command


def serve(db: sqlite_utils.Database, db_path: Path, host: str, port: int) -> None:
    """Replace this process with Datasette serving the archive."""
    command = datasette_command(db, db_path, host, port)
    os.execv(sys.executable, command)
