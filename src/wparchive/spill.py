"""Values set aside on disk under a key and given back key by key: grouping in bounded memory.

A reader that meets what belongs together scattered through a large input (a Disqus export lists
comments by date across all threads) sets each value aside under its key; ``groups`` then gives
every key's values, in the order they were added. The values go to bucket files by a hash of the
key, and one bucket at a time is read back: memory holds a bucket, never the whole input.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

BUCKETS = 64


class Spill:
    def __init__(self, folder: Path, buckets: int = BUCKETS) -> None:
        self.paths = [folder / f"bucket-{number:03d}.jsonl" for number in range(buckets)]
        self.files: list[IO[str]] = [path.open("w", encoding="utf-8") for path in self.paths]
        self.count = 0

    def add(self, key: str, value: Any) -> None:
        bucket = zlib.crc32(key.encode("utf-8", "surrogatepass")) % len(self.files)
        self.files[bucket].write(json.dumps([key, value], ensure_ascii=False) + "\n")
        self.count += 1

    def groups(self, limit: int | None = None) -> Iterator[tuple[str, list[Any] | None]]:
        """Every key with its values in the order added; keys bucket by bucket, each in first-seen order.

        A key whose values take more than ``limit`` bytes on disk comes with None instead: what a
        hostile input puts under one key never has to fit in memory."""
        for handle in self.files:
            handle.close()
        for path in self.paths:
            grouped: dict[str, list[Any] | None] = {}
            sizes: dict[str, int] = {}
            with path.open(encoding="utf-8") as bucket:
                for line in bucket:
                    key, value = json.loads(line)
                    sizes[key] = sizes.get(key, 0) + len(line)
                    if limit is not None and sizes[key] > limit:
                        grouped[key] = None
                    elif grouped.setdefault(key, []) is not None:
                        grouped[key].append(value)  # type: ignore[union-attr]
            yield from grouped.items()
            path.unlink()
