"""What a source's writer counted, for the reconciliation summary of ``sources``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class WriteStats:
    """What was read, by kind, for the reconciliation summary."""

    posts: Counter[str] = field(default_factory=Counter)
    comments_by_type: Counter[str] = field(default_factory=Counter)
    comments_by_status: Counter[str] = field(default_factory=Counter)
    authors: int = 0
    terms: int = 0
    dangling_parents: int = 0
    duplicate_posts: int = 0
    duplicate_comments: int = 0
    duplicate_terms: int = 0
    warnings: list[str] = field(default_factory=list)
