"""``wparchive serve``: the working archive in Datasette, with the same configuration as a published site.

The configuration (metadata, settings, templates, plugins) is written to a temporary folder that
lives as long as the server: Datasette runs as a child process, and when it ends (Ctrl-C, a
signal, an error) the folder is removed and its exit code is ``serve``'s. Datasette's own options
pass through: ``-h``/``--host``, ``-p``/``--port``, ``-o``/``--open``, ``--reload``, and anything
after ``--``.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import sqlite_utils

from wparchive.publish.config import write_site_files
from wparchive.publish.site import archive_summary


def datasette_command(
    db: sqlite_utils.Database,
    db_path: Path,
    config_dir: Path,
    options: Sequence[str] = (),
    title: str | None = None,
) -> list[str]:
    """The Datasette command line for the working archive, its configuration written in ``config_dir``."""
    write_site_files(config_dir, archive_summary(db, title), public_copy=False, database=db_path.stem)
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
    ]
    for name, value in json.loads((config_dir / "settings.json").read_text()).items():
        command += ["--setting", name, str(value)]
    return command + list(options)


def serve(
    db: sqlite_utils.Database, db_path: Path, options: Sequence[str] = (), title: str | None = None
) -> int:
    """Run Datasette on the archive until it stops; its exit code. Nothing is left behind."""
    with tempfile.TemporaryDirectory(prefix="wparchive-serve-") as folder:
        command = datasette_command(db, db_path, Path(folder), options, title)
        db.close()
        server = subprocess.Popen(command)
        stop = _stop_on_signals(server)
        try:
            return server.wait()
        except KeyboardInterrupt:  # Ctrl-C reached Datasette too: let it finish stopping
            return server.wait()
        finally:
            stop()
            if server.poll() is None:
                server.terminate()
                server.wait()


def _stop_on_signals(server: subprocess.Popen) -> Callable[[], None]:
    """SIGTERM and SIGHUP stop the server (and so end ``serve`` and its cleanup); returns the undo."""
    previous = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)}

    def forward(number: int, frame: object) -> None:
        server.send_signal(number)

    for number in previous:
        signal.signal(number, forward)

    def undo() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return undo
