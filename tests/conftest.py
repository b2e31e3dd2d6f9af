"""Shared test helpers: fresh archives, the CLI runner and the ../shared corpus."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wparchive.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
EXTERNAL_WXR = SHARED / "external" / "wxr"

needs_shared = pytest.mark.skipif(
    not EXTERNAL_WXR.is_dir(),
    reason=(
        f"{EXTERNAL_WXR} is absent: the shared corpus of real WXR exports "
        "is only beside the repo in CI and dev machines"
    ),
)


def run_import(db_path: Path, *inputs: Path | str, extra: tuple[str, ...] = ()) -> Any:
    """Run ``wparchive import`` through click, exactly as a user would."""
    runner = CliRunner()
    return runner.invoke(
        cli, ["import", str(db_path), *map(str, inputs), "--quiet", *extra], catch_exceptions=False
    )


@contextlib.contextmanager
def running_server(command: list[str], log: Any = subprocess.DEVNULL) -> Iterator[str]:
    """Start a web server (``command`` gets ``--host 127.0.0.1 --port N`` added), wait up to 10 s
    for it to answer, yield its address, and stop it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([*command, "--host", "127.0.0.1", "--port", str(port)], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def count_calls(function, *arguments) -> int:
    """Python function calls made while ``function`` runs: a cost that, unlike a clock, does not
    depend on the machine or its load (the linear-cost tests compare it at two sizes)."""
    count = [0]

    def profile(frame, event, arg):
        if event == "call":
            count[0] += 1

    sys.setprofile(profile)
    try:
        function(*arguments)
    finally:
        sys.setprofile(None)
    return count[0]


def query(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def scalar(db_path: Path, sql: str, params: tuple = ()) -> Any:
    rows = query(db_path, sql, params)
    return rows[0][0] if rows else None


def source_row(db_path: Path) -> dict[str, Any]:
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM sources ORDER BY id DESC LIMIT 1").fetchone()
    result = dict(row)
    result["warnings"] = json.loads(result["warnings"] or "[]")
    result["summary"] = json.loads(result["summary"]) if result["summary"] else None
    return result


def site_get(site: Path, *paths: str) -> list:
    """Responses of a published site directory, driven in-process as Datasette serves it."""
    from datasette.app import Datasette

    async def fetch():
        datasette = Datasette(config_dir=site)
        return [await datasette.client.get(path) for path in paths]

    return asyncio.run(fetch())


def stored_posts(db_path: Path) -> int:
    """Posts in the archive; 0 when the import left no archive at all (a first import that failed)."""
    return scalar(db_path, "SELECT count(*) FROM posts") if db_path.exists() else 0


def table_dump(
    db_path: Path, exclude: tuple[str, ...] = (), left_out: frozenset[str] = frozenset()
) -> dict[str, list[tuple]]:
    """Every row of every content table, for before/after comparisons; ``left_out`` columns are not
    compared (the times a run records)."""
    with sqlite3.connect(db_path) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE '%_fts%' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        dump = {}
        for name in sorted(set(names) - set(exclude)):
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])") if r[1] not in left_out]
            listed = ", ".join(f"[{c}]" for c in columns)
            dump[name] = conn.execute(f"SELECT {listed} FROM [{name}] ORDER BY rowid").fetchall()
        return dump


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"
