"""wparchive: rescue WordPress blogs into a searchable SQLite archive."""

__version__ = "0.1.0"
