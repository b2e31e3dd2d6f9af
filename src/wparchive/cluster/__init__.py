"""Imports of web crawls and mirrors on a Dask cluster (``wparchive import --cluster``).

``plan`` cuts the inputs into partitions; ``work`` is what a worker runs on one (the readers of a
local import, no archive); ``shards`` writes a large partition to an archive of its own; ``store``
hands what workers found to the importer of a local import; ``run`` drives it all in order; and
``summary`` says what happened. Dask is an optional extra: ``pip install 'wparchive[cluster]'``.
"""

from wparchive.cluster.plan import Sizes
from wparchive.cluster.run import ClusterSettings, ClusterUnavailable, check, import_on_cluster
from wparchive.cluster.shards import ShardPlan
from wparchive.cluster.summary import ClusterSummary

__all__ = [
    "ClusterSettings",
    "ClusterSummary",
    "ClusterUnavailable",
    "ShardPlan",
    "Sizes",
    "check",
    "import_on_cluster",
]
