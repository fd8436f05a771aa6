"""Analysis over the store: clusters, dyad series, blocs, unity, bursts, the expectations ledger.

Every function takes a `Store`, runs its aggregation in DuckDB SQL and returns small
dataclasses with `to_dict()` that the CLI, the JSON API and the HTML report render.
Every analysis counts clusters (one happening reported by many articles counts once) and
first calls `ensure_clustered`, which re-clusters only when events changed. The indices
are defined in README.md beside this file.
"""

from __future__ import annotations

from detente.analysis.alignment import BlocWindow, Edge, UnityPoint, blocs, unity, unity_index
from detente.analysis.burst_detection import Burst, bursts
from detente.analysis.clustering import (
    ClusterInfo,
    ClusterParams,
    ClusterStats,
    cluster,
    clusters,
    ensure_clustered,
    needs_clustering,
)
from detente.analysis.communities import Partition, signed_louvain, signed_modularity
from detente.analysis.dyads import DyadPoint, DyadSeries, dyad_series
from detente.analysis.ledger import Accuracy, Ledger, LedgerEntry, expectations, latest_publication

__all__ = [
    "Accuracy",
    "BlocWindow",
    "Burst",
    "ClusterInfo",
    "ClusterParams",
    "ClusterStats",
    "DyadPoint",
    "DyadSeries",
    "Edge",
    "Ledger",
    "LedgerEntry",
    "Partition",
    "UnityPoint",
    "blocs",
    "bursts",
    "cluster",
    "clusters",
    "dyad_series",
    "ensure_clustered",
    "expectations",
    "latest_publication",
    "needs_clustering",
    "signed_louvain",
    "signed_modularity",
    "unity",
    "unity_index",
]
