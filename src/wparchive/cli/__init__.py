"""The ``wparchive`` command line: options, one library call, print (``report`` formats).

Each command lives in its own module; importing them registers them on the group.
"""

from wparchive.cli import cleaning, exporting, importing, merging, publishing, statistics  # noqa: F401
from wparchive.cli.main import cli

__all__ = ["cli"]
