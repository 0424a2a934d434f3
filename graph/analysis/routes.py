"""Route questions on a flow graph: paths, endpoints, chokepoints, disruption.

Small functions in the networkx style: each takes a graph (directed for
flows) and node ids, labels or ISO codes, and returns plain lists.

Examples
--------
>>> import networkx as nx
>>> from graph.analysis import chokepoints
>>> chokepoints(nx.DiGraph([("o", "x"), ("x", "d")]), ["o"], ["d"])
['x']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.analysis.measures import simple_view
from graph.exceptions import AnalysisError

__all__ = [
    "chokepoints",
    "default_endpoints",
    "disruption",
    "pair_chokepoints",
    "resolve",
    "route_paths",
]


def resolve(g: nx.Graph, name: str) -> str:
    """Find a node by IRI, label or ISO code (case-insensitive).

    Raises
    ------
    AnalysisError
        When no node matches; the message suggests labels.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_node("urn:ita", label="Italy", iso="IT")
    >>> resolve(g, "italy"), resolve(g, "IT")
    ('urn:ita', 'urn:ita')
    """
    if name in g:
        return name
    key = name.strip().casefold()
    for node, data in g.nodes(data=True):
        if key in (str(data.get("label", "")).casefold(), str(data.get("iso", "")).casefold()):
            return node
    sample = ", ".join(sorted(str(d.get("label", n)) for n, d in g.nodes(data=True))[:8])
    raise AnalysisError(
        f"no node {name!r} in the {g.graph.get('name', '')} graph; use an IRI, label or "
        f"ISO code such as: {sample}"
    )


def _resolve_all(g: nx.Graph, names: Iterable[str]) -> list[str]:
    return [resolve(g, n) for n in names]


def route_paths(
    g: nx.Graph, origin: str, destination: str, *, cutoff: int = 4, limit: int = 100
) -> list[list[str]]:
    """All simple paths from ``origin`` to ``destination`` of at most ``cutoff`` edges.

    Paths are sorted by length, then by the weakest link's weight (strongest
    first), and at most ``limit`` are returned.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    >>> route_paths(g, "a", "c")
    [['a', 'c'], ['a', 'b', 'c']]
    """
    s = simple_view(g)
    o, d = resolve(s, origin), resolve(s, destination)
    paths = []
    for path in nx.all_simple_paths(s, o, d, cutoff=cutoff):
        weakest = min(
            float(s[a][b].get("weight", 1.0)) for a, b in zip(path, path[1:], strict=False)
        )
        paths.append((len(path), -weakest, path))
        if len(paths) >= limit * 10:
            break
    paths.sort(key=lambda t: (t[0], t[1], list(map(str, t[2]))))
    return [p for _, _, p in paths[:limit]]


def chokepoints(g: nx.Graph, origins: Iterable[str], destinations: Iterable[str]) -> list[str]:
    """The smallest set of intermediate nodes whose removal cuts every origin from every destination.

    Computed as a minimum node cut between a super-source linked to every
    origin and a super-sink linked from every destination (node splitting,
    unit capacity per node). Origins and destinations themselves are never
    part of the cut. An empty list means no cut exists (an origin links
    straight to a destination) or nothing connects them at all.

    Examples
    --------
    >>> g = nx.DiGraph([("o1", "x"), ("o2", "x"), ("x", "d1"), ("x", "d2")])
    >>> chokepoints(g, ["o1", "o2"], ["d1", "d2"])
    ['x']
    """
    s = simple_view(g)
    sources = set(_resolve_all(s, origins))
    sinks = set(_resolve_all(s, destinations)) - sources
    if not sources or not sinks:
        return []
    big = s.number_of_nodes() + 1
    h = nx.DiGraph()
    for node in s.nodes:
        cap = big if node in sources or node in sinks else 1
        h.add_edge(("in", node), ("out", node), capacity=cap)
    pairs = s.edges() if s.is_directed() else [e for a, b in s.edges() for e in ((a, b), (b, a))]
    for a, b in pairs:
        h.add_edge(("out", a), ("in", b), capacity=big)
    for node in sources:
        h.add_edge("__source__", ("in", node), capacity=big)
    for node in sinks:
        h.add_edge(("out", node), "__sink__", capacity=big)
    value, (reach, _) = nx.minimum_cut(h, "__source__", "__sink__")
    if value == 0 or value >= big:
        return []
    cut = [node for node in s.nodes if ("in", node) in reach and ("out", node) not in reach]
    return sorted(cut, key=str)


def default_endpoints(g: nx.Graph) -> tuple[list[str], list[str]]:
    """Origins and destinations of a flow graph.

    Origins are nodes with outgoing but no incoming edges, plus nodes with
    outgoing edges that a report calls a source country
    (``asserted_roles``); destinations likewise (incoming but no outgoing
    edges, or called a destination country with incoming edges).

    Examples
    --------
    >>> default_endpoints(nx.DiGraph([("a", "b"), ("b", "c")]))
    (['a'], ['c'])
    """
    if not g.is_directed():
        return [], []
    origins, dests = [], []
    for n, data in g.nodes(data=True):
        asserted = data.get("asserted_roles", ())
        if g.out_degree(n) and (not g.in_degree(n) or "source" in asserted):
            origins.append(n)
        if g.in_degree(n) and (not g.out_degree(n) or "destination" in asserted):
            dests.append(n)
    return sorted(origins, key=str), sorted(dests, key=str)


def _connected_share(s: nx.Graph, pairs: list[tuple[str, str]], removed: set[str]) -> float:
    if not pairs:
        return 0.0
    view = nx.restricted_view(s, removed, [])
    reach: dict[str, set[str]] = {}
    ok = 0
    for o, d in pairs:
        if o in removed or d in removed:
            continue
        if o not in reach:
            reach[o] = (
                nx.descendants(view, o) if s.is_directed() else nx.node_connected_component(view, o)
            )
        ok += d in reach[o]
    return ok / len(pairs)


def disruption(
    g: nx.Graph,
    origins: Iterable[str],
    destinations: Iterable[str],
    *,
    measure_name: str = "betweenness",
    k_max: int = 5,
) -> list[dict[str, Any]]:
    """Remove the top nodes by a measure, one at a time, and track connectivity.

    Parameters
    ----------
    g : networkx.Graph
        A projection on which :func:`measure` has run (or any graph whose
        nodes carry ``measure_name``; missing values count as 0).
    origins, destinations : iterable of str
        Node ids, labels or ISO codes.
    measure_name : str, default "betweenness"
        Node attribute ranking the nodes to remove (``"pagerank"``,
        ``"degree"``, ...).
    k_max : int, default 5
        Largest number of nodes removed.

    Returns
    -------
    list of dict
        For ``k = 0..k_max``: ``k``, ``removed`` (the node removed at that
        step, ``None`` for k=0) and ``connected`` (share of origin-destination
        pairs, ``o != d``, where ``d`` is still reachable from ``o``).

    Examples
    --------
    >>> g = nx.DiGraph([("o", "x"), ("x", "d")])
    >>> g.nodes["x"]["betweenness"] = 1.0
    >>> [r["connected"] for r in disruption(g, ["o"], ["d"], k_max=1)]
    [1.0, 0.0]
    """
    s = simple_view(g)
    os_, ds_ = _resolve_all(s, origins), _resolve_all(s, destinations)
    pairs = [(o, d) for o in os_ for d in ds_ if o != d]
    ranked = sorted(  # ties (often all zero on small graphs) go to the best-connected node
        s.nodes,
        key=lambda x: (-float(g.nodes[x].get(measure_name, 0) or 0), -s.degree(x), str(x)),
    )
    removed: set[str] = set()
    out = [{"k": 0, "removed": None, "connected": _connected_share(s, pairs, removed)}]
    for i, node in enumerate(ranked[:k_max], start=1):
        removed.add(node)
        out.append({"k": i, "removed": node, "connected": _connected_share(s, pairs, removed)})
    return out


def pair_chokepoints(
    g: nx.Graph,
    origins: Iterable[str],
    destinations: Iterable[str],
    *,
    max_pairs: int | None = None,
) -> dict[str, list[tuple[str, str]]]:
    """Places that every path of an origin-destination pair passes through.

    :func:`chokepoints` asks for one cut of the whole network, which does not
    exist as soon as one origin links straight to one destination. Per pair,
    a chokepoint is a node whose removal leaves the destination unreachable
    from the origin (a dominator of the pair): the place to watch on that
    corridor.

    Parameters
    ----------
    g : networkx.Graph
        A flow graph (directed; undirected graphs work on connectivity).
    origins, destinations : iterable of str
        Node ids, labels or ISO codes.
    max_pairs : int, optional
        At most this many connected pairs are examined (in sorted order);
        by default as many as keep the work near 20 million edge visits
        (every pair on graphs of a few hundred places).

    Returns
    -------
    dict
        Chokepoint node -> the sorted ``(origin, destination)`` pairs it cuts,
        ordered by the number of pairs (most first), then by node id.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "x"), ("b", "x"), ("x", "d"), ("c", "d")])
    >>> pair_chokepoints(g, ["a", "b", "c"], ["d"])
    {'x': [('a', 'd'), ('b', 'd')]}
    """
    s = simple_view(g)
    os_ = sorted(set(_resolve_all(s, origins)), key=str)
    ds_ = sorted(set(_resolve_all(s, destinations)), key=str)
    reach = nx.descendants if s.is_directed() else nx.node_connected_component
    if max_pairs is None:
        max_pairs = max(50, 20_000_000 // (4 * max(1, s.number_of_edges())))
    found: dict[str, list[tuple[str, str]]] = {}
    seen = 0
    for o in os_:
        reachable = reach(s, o)
        for d in ds_:
            if o == d or d not in reachable:
                continue
            seen += 1
            if seen > max_pairs:
                break
            path = nx.shortest_path(s, o, d)
            for v in path[1:-1]:
                view = nx.restricted_view(s, [v], [])
                if not nx.has_path(view, o, d):
                    found.setdefault(v, []).append((o, d))
    order = sorted(found, key=lambda v: (-len(found[v]), str(v)))
    return {v: sorted(found[v], key=lambda p: tuple(map(str, p))) for v in order}
