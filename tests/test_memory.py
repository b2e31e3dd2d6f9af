"""Streaming: peak memory of an import does not grow with the size of the export.

Not a timing test: it checks the property users rely on (a gigabyte export
imports on a small machine), with files generated on the fly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_wxr import write_wxr  # noqa: E402

PEAK = f"""
import json, sys
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
from peak_memory import children_peak_mib, peak_mib
from wparchive import readahead
from wparchive.cli import cli
readahead.MIN_BYTES = 0  # both sizes parsed in a reading child, whose memory is counted too
try:
    cli(["import", sys.argv[1], sys.argv[2], "--quiet"], standalone_mode=False)
finally:
    print(json.dumps(peak_mib() + children_peak_mib()))
"""


def peak_mib(xml: Path, db: Path) -> float:
    """The importing process and its reading child together (an upper bound: they share pages)."""
    out = subprocess.run(
        [sys.executable, "-c", PEAK, str(db), str(xml)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("synthetic")
    files = {}
    for size in (2, 16):
        files[size] = folder / f"{size}mb.xml"
        write_wxr(files[size], size)
    return files


def test_peak_memory_stays_flat_as_the_export_grows(exports: dict[int, Path], tmp_path: Path) -> None:
    small = peak_mib(exports[2], tmp_path / "small.db")
    large = peak_mib(exports[16], tmp_path / "large.db")
    assert large < 150
    assert large - small < 12, f"peak grew from {small:.1f} to {large:.1f} MiB for 8x the data"
