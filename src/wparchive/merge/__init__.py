"""``wparchive merge``: other archives (shards) combined into one, by the import's own rules.

A shard's sources are replayed: the records each of them gave are rebuilt from the shard's rows
(``records``) and written with the store's ``SourceWriter`` under the archive's copy of the source,
so the import's matching and merging decide what is new (``run``). The shard is opened read-only
and checked first (``shard``); its ``sources`` rows are copied as ``store.sources.claim`` would
claim them (``sources``).
"""
