"""Measures on a projection: centralities, brokers, cut points, communities, cores.

Every function takes a networkx graph (any projection of :mod:`graph.network`,
or any graph at all) and is deterministic: the same nodes and links give the
same numbers and the same community numbering, whatever order a store
returned them in (nodes and links are sorted before anything is computed).

Measures (written on the nodes, see :func:`measure`):

- ``degree``: number of distinct neighbours (either direction).
- ``strength_in`` / ``strength_out``: sum of the weights (supporting facts)
  of incoming / outgoing edges (equal on undirected graphs).
- ``betweenness``: share of shortest paths (counted in hops) between other
  nodes that pass through the node; exact below a size threshold, else
  estimated from ``k`` sampled source nodes with a fixed seed (``k`` is
  reported).
- ``pagerank``: importance from being linked to by important nodes,
  following edge weights (damping 0.85).
- ``broker``: see :data:`BROKER_RULE`.
- articulation points and bridges: nodes and links whose removal splits the
  undirected view of the network.
- ``community``: Louvain communities on the undirected weighted view (label
  propagation above :data:`LOUVAIN_LIMIT` nodes), with ``seed``.
- ``kcore``: the largest ``k`` such that the node is in a subgraph where every
  node has at least ``k`` neighbours.

Examples
--------
>>> import networkx as nx
>>> from graph.analysis import measure
>>> g = nx.path_graph(["a", "b", "c"])
>>> info = measure(g, seed=1)
>>> g.nodes["b"]["betweenness"], info.articulation_points
(1.0, ['b'])
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

__all__ = [
    "BETWEENNESS_BUDGET",
    "BROKER_RULE",
    "LOUVAIN_LIMIT",
    "Measures",
    "compare",
    "linked_nodes",
    "measure",
    "simple_view",
    "sorted_copy",
]

#: The broker rule, as stated in the outputs.
BROKER_RULE = (
    "a broker has a betweenness in the top 10% of the network (and above zero) "
    "while its degree is at most the median degree: few links of its own, yet many "
    "routes between others pass through it"
)
#: Above this many nodes, communities come from label propagation instead of Louvain.
LOUVAIN_LIMIT = 50_000
#: Betweenness is exact when nodes x (nodes + edges) stays below this; otherwise
#: ``k = BETWEENNESS_BUDGET // (nodes + edges)`` sources are sampled (at least 16).
BETWEENNESS_BUDGET = 3_000_000


@dataclass
class Measures:
    """What :func:`measure` found beyond the per-node attributes.

    Attributes
    ----------
    betweenness_k : int or None
        Number of sampled sources (``None`` when betweenness is exact).
    community_method : str
        ``"louvain"`` or ``"label propagation"``.
    communities : list of list of str
        Node ids per community, largest first (community ``i`` is index ``i``).
    articulation_points : list of str
    bridges : list of tuple of str
    brokers : list of str
        Brokers, highest betweenness first.
    """

    betweenness_k: int | None = None
    community_method: str = "louvain"
    communities: list[list[str]] = field(default_factory=list)
    articulation_points: list[str] = field(default_factory=list)
    bridges: list[tuple[str, str]] = field(default_factory=list)
    brokers: list[str] = field(default_factory=list)


def sorted_copy(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` with nodes and links inserted in sorted order.

    Community detection, sampling and layouts visit nodes in insertion order,
    and stores return rows in their own order: sorting first makes the results
    depend on the graph only, not on the store it came from.

    Examples
    --------
    >>> g = nx.Graph([("b", "c"), ("a", "b")])
    >>> list(sorted_copy(g)), list(sorted_copy(g).edges)
    (['a', 'b', 'c'], [('a', 'b'), ('b', 'c')])
    """
    out = g.__class__()
    out.graph.update(g.graph)
    out.add_nodes_from(sorted(g.nodes(data=True), key=lambda x: str(x[0])))
    if g.is_multigraph():
        edges = sorted(g.edges(keys=True, data=True), key=lambda e: tuple(map(str, e[:3])))
        out.add_edges_from(edges)
    else:
        out.add_edges_from(sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))))
    return out


def simple_view(g: nx.Graph) -> nx.Graph:
    """Collapse a multigraph into a simple graph, summing ``weight`` (default 1).

    Self-loops are dropped. Simple graphs are returned as they are. Nodes and
    links of the collapsed graph are in sorted order.

    Examples
    --------
    >>> m = nx.MultiDiGraph([("a", "b"), ("a", "b")])
    >>> simple_view(m)["a"]["b"]["weight"]
    2.0
    """
    if not g.is_multigraph():
        return g
    out = nx.DiGraph() if g.is_directed() else nx.Graph()
    out.add_nodes_from(sorted(g.nodes(data=True), key=lambda x: str(x[0])))
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if u == v:
            continue
        w = float(d.get("weight", 1.0))
        if out.has_edge(u, v):
            out[u][v]["weight"] += w
        else:
            out.add_edge(u, v, weight=w)
    out.graph.update(g.graph)
    return out


def _undirected(g: nx.Graph) -> nx.Graph:
    """Undirected simple view with summed weights and no self-loops, in sorted order."""
    s = simple_view(g)
    u = nx.Graph()
    u.add_nodes_from(sorted(s.nodes, key=str))
    for a, b, d in sorted(s.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if a == b:
            continue
        w = float(d.get("weight", 1.0))
        if u.has_edge(a, b):
            u[a][b]["weight"] += w
        else:
            u.add_edge(a, b, weight=w)
    return u


def linked_nodes(g: nx.Graph) -> list[str]:
    """Nodes with at least one link to another node, sorted.

    Rankings are only about these: an isolated node has no position in a
    network to rank (its PageRank is the teleport share, nothing more).

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b")]); g.add_node("z")
    >>> linked_nodes(g)
    ['a', 'b']
    """
    return sorted((n for n in g.nodes if any(m != n for m in nx.all_neighbors(g, n))), key=str)


def measure(
    g: nx.Graph,
    *,
    seed: int = 42,
    exact_limit: int | None = None,
    k: int | None = None,
) -> Measures:
    """Compute every measure and write it on the nodes of ``g``.

    Parameters
    ----------
    g : networkx.Graph
        Any projection (directed or not, multigraph or not). Modified in
        place: nodes get ``degree``, ``strength_in``, ``strength_out``,
        ``betweenness``, ``pagerank``, ``broker``, ``articulation_point``,
        ``community`` and ``kcore``.
    seed : int, default 42
        Seed of the betweenness sample and of the community detection.
    exact_limit : int, optional
        Exact betweenness when the graph has at most this many nodes; by
        default exact when nodes x (nodes + edges) <= ``BETWEENNESS_BUDGET``.
    k : int, optional
        Number of sampled sources when sampling (default: as many as the
        budget allows, at least 16); ``k >= nodes`` means exact.

    Returns
    -------
    Measures

    Examples
    --------
    >>> g = nx.barbell_graph(4, 1)
    >>> info = measure(g)
    >>> info.brokers, len(info.communities)
    ([4], 2)
    """
    n = g.number_of_nodes()
    if n == 0:
        return Measures()
    s = simple_view(sorted_copy(g))
    u = _undirected(s)
    directed = s.is_directed()
    info = Measures()

    for node in s.nodes:
        data = g.nodes[node]
        data["degree"] = u.degree(node)
        if directed:
            data["strength_in"] = float(s.in_degree(node, weight="weight"))
            data["strength_out"] = float(s.out_degree(node, weight="weight"))
        else:
            strength = float(s.degree(node, weight="weight"))
            data["strength_in"] = data["strength_out"] = strength

    size = n + u.number_of_edges()  # one shortest-path search costs about this much
    exact = n <= exact_limit if exact_limit is not None else n * size <= BETWEENNESS_BUDGET
    if not exact:
        k = k or max(16, BETWEENNESS_BUDGET // size)
    if exact or k is None or k >= n:
        btw = nx.betweenness_centrality(u, normalized=True)
    else:
        info.betweenness_k = k
        btw = nx.betweenness_centrality(u, k=k, normalized=True, seed=seed)
    try:
        pr = nx.pagerank(s, weight="weight")
    except nx.PowerIterationFailedConvergence:
        pr = nx.pagerank(s, weight="weight", max_iter=1000, tol=1e-4)

    if n > LOUVAIN_LIMIT:
        info.community_method = "label propagation"
        comms = list(nx.community.asyn_lpa_communities(u, weight="weight", seed=seed))
    else:
        comms = nx.community.louvain_communities(u, weight="weight", seed=seed)
    info.communities = [
        sorted(c, key=str) for c in sorted(comms, key=lambda c: (-len(c), min(map(str, c))))
    ]
    community = {node: i for i, c in enumerate(info.communities) for node in c}
    core = nx.core_number(u)
    info.articulation_points = sorted(nx.articulation_points(u), key=str)
    info.bridges = sorted(
        (tuple(sorted((a, b), key=str)) for a, b in nx.bridges(u)), key=lambda e: tuple(map(str, e))
    )
    art = set(info.articulation_points)

    values = sorted(btw.values())
    cut = values[max(0, math.ceil(0.9 * len(values)) - 1)]
    median_degree = statistics.median(u.degree(x) for x in u.nodes)
    brokers = [x for x in u.nodes if btw[x] > 0 and btw[x] >= cut and u.degree(x) <= median_degree]
    info.brokers = sorted(brokers, key=lambda x: (-btw[x], str(x)))
    broker_set = set(brokers)
    for node in g.nodes:
        data = g.nodes[node]
        data["betweenness"] = float(btw.get(node, 0.0))
        data["pagerank"] = float(pr.get(node, 0.0))
        data["broker"] = node in broker_set
        data["articulation_point"] = node in art
        data["community"] = community.get(node, -1)
        data["kcore"] = int(core.get(node, 0))
    return info


def compare(before: nx.Graph, after: nx.Graph) -> dict[str, Any]:
    """Differences between two slices of a projection.

    Returns
    -------
    dict
        ``nodes_added``, ``nodes_removed`` (lists of node ids),
        ``edges_added``, ``edges_removed`` (lists of ``(u, v)``) and
        ``weight_changes`` (list of ``(u, v, before, after)`` for edges in
        both whose weight changed), all sorted.

    Examples
    --------
    >>> a = nx.DiGraph([("x", "y")])
    >>> b = nx.DiGraph([("x", "y", {"weight": 3}), ("y", "z")])
    >>> c = compare(a, b)
    >>> c["nodes_added"], c["edges_added"], c["weight_changes"]
    (['z'], [('y', 'z')], [('x', 'y', 1.0, 3.0)])
    """
    sa, sb = simple_view(before), simple_view(after)
    na, nb = set(sa.nodes), set(sb.nodes)
    ea, eb = set(sa.edges()), set(sb.edges())
    changes = []
    for u, v in sorted(ea & eb, key=lambda e: tuple(map(str, e))):
        wa = float(sa[u][v].get("weight", 1.0))
        wb = float(sb[u][v].get("weight", 1.0))
        if wa != wb:
            changes.append((u, v, wa, wb))
    key = lambda e: tuple(map(str, e))  # noqa: E731
    return {
        "nodes_added": sorted(nb - na, key=str),
        "nodes_removed": sorted(na - nb, key=str),
        "edges_added": sorted(eb - ea, key=key),
        "edges_removed": sorted(ea - eb, key=key),
        "weight_changes": changes,
    }
