"""Network measures, route questions, time slices and the analysis report.

Functions work on the networkx projections of :mod:`graph.network`;
:func:`analyze` runs everything on a store and writes ``analysis.md``,
``metrics.csv``, ``metrics.json`` and the figures (:mod:`graph.plot`).

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

import csv
import json
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.exceptions import AnalysisError
from graph.network import PROJECTIONS, events, project, report_titles

__all__ = [
    "BROKER_RULE",
    "LOUVAIN_LIMIT",
    "METRIC_COLUMNS",
    "AnalysisResult",
    "Measures",
    "analyze",
    "chokepoints",
    "compare",
    "default_endpoints",
    "disruption",
    "measure",
    "resolve",
    "route_paths",
    "simple_view",
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
METRIC_COLUMNS = [
    "projection",
    "node",
    "label",
    "type",
    "degree",
    "strength_in",
    "strength_out",
    "betweenness",
    "pagerank",
    "broker",
    "articulation_point",
    "community",
    "kcore",
    "reports",
]


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


def simple_view(g: nx.Graph) -> nx.Graph:
    """Collapse a multigraph into a simple graph, summing ``weight`` (default 1).

    Self-loops are dropped. Simple graphs are returned as they are.

    Examples
    --------
    >>> m = nx.MultiDiGraph([("a", "b"), ("a", "b")])
    >>> simple_view(m)["a"]["b"]["weight"]
    2.0
    """
    if not g.is_multigraph():
        return g
    out = nx.DiGraph() if g.is_directed() else nx.Graph()
    out.add_nodes_from(g.nodes(data=True))
    for u, v, d in g.edges(data=True):
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
    """Undirected simple view with summed weights and no self-loops."""
    s = simple_view(g)
    if not s.is_directed():
        u = nx.Graph(s)
    else:
        u = nx.Graph()
        u.add_nodes_from(s.nodes)
        for a, b, d in s.edges(data=True):
            w = float(d.get("weight", 1.0))
            if u.has_edge(a, b):
                u[a][b]["weight"] += w
            else:
                u.add_edge(a, b, weight=w)
    u.remove_edges_from(list(nx.selfloop_edges(u)))
    return u


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
    s = simple_view(g)
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


# ---------------------------------------------------------------------------
# route questions


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


# ---------------------------------------------------------------------------
# time


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


# ---------------------------------------------------------------------------
# the report


class _CachedStore:
    """A store whose SELECT results are kept for one analysis run.

    The projections share their description queries (types, labels, dates,
    evidence); asking once saves seconds per projection on big stores.
    """

    def __init__(self, store: Any):
        self._store = store
        self._rows: dict[str, list[tuple[str | None, ...]]] = {}

    def select_values(self, query: str) -> Iterable[tuple[str | None, ...]]:
        rows = self._rows.get(query)
        if rows is None:
            rows = self._rows[query] = list(self._store.select_values(query))
        return iter(rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@dataclass
class AnalysisResult:
    """What :func:`analyze` computed and wrote.

    Attributes
    ----------
    out_dir : pathlib.Path
    graphs : dict of str to networkx.Graph
        The projections, with measures on their nodes.
    measures : dict of str to Measures
    files : list of pathlib.Path
        Every file written (analysis.md, metrics.csv, metrics.json, figures).
    routes : dict
        Route questions on the flow graph: ``origins``, ``destinations``,
        ``paths``, ``chokepoints``, ``disruption``.
    changes : dict or None
        :func:`compare` of the whole period with the date slice, when dated.
    """

    out_dir: Path
    graphs: dict[str, nx.Graph]
    measures: dict[str, Measures]
    files: list[Path]
    routes: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] | None = None


def _rows(name: str, g: nx.Graph) -> list[dict[str, Any]]:
    rows = []
    for node, d in g.nodes(data=True):
        rows.append(
            {
                "projection": name,
                "node": node,
                "label": d.get("label", ""),
                "type": d.get("type", ""),
                "degree": d.get("degree", 0),
                "strength_in": d.get("strength_in", 0.0),
                "strength_out": d.get("strength_out", 0.0),
                "betweenness": round(d.get("betweenness", 0.0), 6),
                "pagerank": round(d.get("pagerank", 0.0), 6),
                "broker": bool(d.get("broker", False)),
                "articulation_point": bool(d.get("articulation_point", False)),
                "community": d.get("community", -1),
                "kcore": d.get("kcore", 0),
                "reports": list(d.get("reports", [])),
            }
        )
    rows.sort(key=lambda r: (-r["pagerank"], str(r["node"])))
    return rows


def _label(g: nx.Graph, node: str) -> str:
    return str(g.nodes[node].get("label", node)).replace("|", "/")


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "/")


def _support(g: nx.Graph, node: str, limit: int = 2) -> list[str]:
    """Evidence sentences of the strongest edges at ``node``."""
    edges = list(g.edges(node, data=True))
    if g.is_directed():
        edges += list(g.in_edges(node, data=True))
    edges.sort(key=lambda e: -float(e[2].get("weight", 1.0)))
    out: list[str] = []
    for _, _, d in edges:
        for text in d.get("evidence", ()):
            if text not in out:
                out.append(text)
            if len(out) >= limit:
                return out
    return out


def _markdown(
    main: str,
    graphs: dict[str, nx.Graph],
    infos: dict[str, Measures],
    titles: dict[str, str],
    routes: dict[str, Any],
    changes: dict[str, Any] | None,
    figures: list[Path],
    top: int,
    date_from: Any,
    date_to: Any,
) -> str:
    g = graphs[main]
    info = infos[main]
    lines = [f"# Network analysis: {main} graph", ""]
    lines.append(f"What this graph shows: {PROJECTIONS[main].description}.")
    when = "all dates"
    if date_from or date_to:
        when = f"facts dated from {date_from or 'the start'} to {date_to or 'the end'}"
    lines.append(
        f"It has {g.number_of_nodes()} nodes and {g.number_of_edges()} links, from "
        f"{len(titles)} report(s), {when}."
    )
    lines.append("")
    if titles:
        lines.append("Reports:")
        for iri, title in sorted(titles.items()):
            lines.append(f"- {_cell(title)} (<{iri}>)")
        lines.append("")
    lines += [
        "## How to read the measures",
        "",
        "- **Degree**: how many different entities a node is directly linked to.",
        "- **Strength in / out**: how many reported facts point into / out of a node "
        "(for places: flows arriving / leaving).",
        "- **Betweenness**: how often a node lies on the shortest path between two others; "
        "high values mark go-betweens and transit points."
        + (
            f" Estimated from {info.betweenness_k} sampled starting nodes (seed fixed)."
            if info.betweenness_k
            else " Computed exactly."
        ),
        "- **PageRank**: importance from being linked to by other important nodes.",
        f"- **Broker**: {BROKER_RULE}.",
        "- **Articulation point / bridge**: a node / link whose removal splits the network in two.",
        f"- **Community**: a group of nodes more linked to each other than to the rest "
        f"({info.community_method}).",
        "- **k-core**: the node sits in a group where everyone has at least k links.",
        "",
    ]
    if g.number_of_nodes() == 0:
        lines += ["The graph is empty: no facts of this kind were found.", ""]
        return "\n".join(lines)
    ranked = sorted(g.nodes, key=lambda x: (-g.nodes[x].get("pagerank", 0), str(x)))[:top]
    lines += [
        f"## Top {len(ranked)} by PageRank",
        "",
        "| # | name | type | degree | in | out | betweenness | PageRank | community | reports |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for i, node in enumerate(ranked, 1):
        d = g.nodes[node]
        reps = "; ".join(_cell(titles.get(r, r)) for r in d.get("reports", [])[:3])
        lines.append(
            f"| {i} | {_label(g, node)} | {d.get('type', '')} | {d.get('degree', 0)} | "
            f"{d.get('strength_in', 0):g} | {d.get('strength_out', 0):g} | "
            f"{d.get('betweenness', 0):.3f} | {d.get('pagerank', 0):.3f} | "
            f"{d.get('community', -1)} | {reps} |"
        )
    lines += ["", "### What supports them", ""]
    for node in ranked:
        sentences = _support(g, node)
        if sentences:
            lines.append(
                f"- **{_label(g, node)}**: " + " / ".join(f'"{_cell(s)}"' for s in sentences)
            )
    lines.append("")
    lines += ["## Brokers, articulation points and bridges", "", f"Rule: {BROKER_RULE}.", ""]
    lines.append(
        "- Brokers: " + (", ".join(_label(g, x) for x in info.brokers[:top]) or "none found")
    )
    lines.append(
        "- Articulation points: "
        + (", ".join(_label(g, x) for x in info.articulation_points[:top]) or "none")
    )
    lines.append(
        "- Bridges: "
        + (", ".join(f"{_label(g, a)} - {_label(g, b)}" for a, b in info.bridges[:top]) or "none")
    )
    lines += ["", "## Communities", ""]
    for i, members in enumerate(info.communities[:top]):
        names = sorted(members, key=lambda x: -g.nodes[x].get("pagerank", 0))
        shown = ", ".join(_label(g, x) for x in names[:8])
        more = f" and {len(members) - 8} more" if len(members) > 8 else ""
        nodes = "node" if len(members) == 1 else "nodes"
        lines.append(f"- Community {i} ({len(members)} {nodes}): {shown}{more}")
    if g.number_of_nodes():
        kmax = max(g.nodes[x].get("kcore", 0) for x in g.nodes)
        core = [_label(g, x) for x in g.nodes if g.nodes[x].get("kcore", 0) == kmax]
        lines += ["", f"Innermost core (k = {kmax}): {', '.join(sorted(core)[:top])}"]
    lines.append("")
    if routes:
        lines += ["## Routes", ""]
        lines.append(
            "Origins: " + (", ".join(_label(g, x) for x in routes["origins"][:top]) or "none")
        )
        lines.append(
            "Destinations: "
            + (", ".join(_label(g, x) for x in routes["destinations"][:top]) or "none")
        )
        lines.append("")
        if routes["paths"]:
            lines.append("Paths between the main origins and destinations (up to 4 steps):")
            lines.append("")
            for path in routes["paths"][:top]:
                lines.append("- " + " -> ".join(_label(g, x) for x in path))
            lines.append("")
        lines.append(
            "Chokepoints (fewest places whose removal cuts every origin from every destination): "
            + (
                ", ".join(_label(g, x) for x in routes["chokepoints"])
                or "none (direct links or no path)"
            )
        )
        lines += [
            "",
            "Disruption: share of origin-destination pairs still connected after removing the "
            "top nodes by betweenness.",
            "",
            "| removed | node | pairs still connected |",
            "|---|---|---|",
        ]
        for row in routes["disruption"]:
            name = _label(g, row["removed"]) if row["removed"] else "(none)"
            lines.append(f"| {row['k']} | {name} | {row['connected']:.0%} |")
        lines.append("")
    if changes is not None:
        lines += [
            "## Change between all dates and this slice",
            "",
            f"- Nodes only in the slice: {len(changes['nodes_added'])}; "
            f"outside the slice only: {len(changes['nodes_removed'])}",
            f"- Links only in the slice: {len(changes['edges_added'])}; "
            f"outside the slice only: {len(changes['edges_removed'])}; "
            f"links with a different weight: {len(changes['weight_changes'])}",
            "",
        ]
    others = [n for n in graphs if n != main]
    if others:
        lines += ["## Other projections", "", "| projection | nodes | links | top by PageRank |"]
        lines.append("|---|---|---|---|")
        for name in others:
            og = graphs[name]
            best = sorted(og.nodes, key=lambda x: -og.nodes[x].get("pagerank", 0))[:3]
            lines.append(
                f"| {name} | {og.number_of_nodes()} | {og.number_of_edges()} | "
                f"{', '.join(_label(og, x) for x in best)} |"
            )
        lines.append("")
    if figures:
        lines += ["## Figures", ""]
        for path in figures:
            if path.suffix == ".png":
                lines.append(f"![{path.stem}]({path.name})")
        lines.append("")
    lines.append(
        "Files: metrics.csv and metrics.json hold every measure for every node of every projection."
    )
    return "\n".join(lines) + "\n"


def analyze(
    store: Any,
    out_dir: str | Path,
    *,
    projection: str = "flow",
    date_from: Any = None,
    date_to: Any = None,
    seed: int = 42,
    top: int = 10,
    projections: Sequence[str] | None = None,
    figures: bool = True,
) -> AnalysisResult:
    """Project, measure and report: analysis.md, metrics.csv/json and figures.

    Parameters
    ----------
    store : graph.store.Store
    out_dir : str or path
        Created if missing; existing files of the same names are replaced.
    projection : str, default "flow"
        The projection the report and network figure focus on.
    date_from, date_to : str, optional
        A date slice (see :mod:`graph.network`); the report then compares the
        slice with all dates.
    seed : int, default 42
        Seed of sampling, communities and layouts (same seed, same output).
    top : int, default 10
        Rows in the report's tables and labelled nodes in figures.
    projections : sequence of str, optional
        Projections measured into metrics.csv/json (default: all).
    figures : bool, default True
        Draw the figures (PNG and SVG).

    Returns
    -------
    AnalysisResult

    Raises
    ------
    AnalysisError
        Unknown projection name, or ``out_dir`` cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from graph.store import open_store
    >>> with tempfile.TemporaryDirectory() as d:
    ...     result = analyze(open_store("memory"), d, figures=False)
    ...     sorted(p.name for p in result.files)
    ['analysis.md', 'metrics.csv', 'metrics.json']
    """
    if projection not in PROJECTIONS:
        raise AnalysisError(
            f"unknown projection {projection!r}; known: {', '.join(sorted(PROJECTIONS))}"
        )
    names = list(projections) if projections is not None else list(PROJECTIONS)
    for name in names:
        if name not in PROJECTIONS:
            raise AnalysisError(
                f"unknown projection {name!r}; known: {', '.join(sorted(PROJECTIONS))}"
            )
    if projection not in names:
        names.insert(0, projection)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise AnalysisError(
            f"cannot create output directory {out}: {e.strerror}; choose another --out"
        ) from e

    store = _CachedStore(store)
    graphs: dict[str, nx.Graph] = {}
    infos: dict[str, Measures] = {}
    for name in names:
        g = project(store, name, date_from=date_from, date_to=date_to)
        infos[name] = measure(g, seed=seed)
        graphs[name] = g
    titles = report_titles(store)
    main = graphs[projection]

    routes: dict[str, Any] = {}
    if main.is_directed() and not main.is_multigraph() and main.number_of_edges():
        origins, dests = default_endpoints(main)
        if origins and dests:
            paths: list[list[str]] = []
            strongest = lambda xs: sorted(xs, key=lambda x: -main.nodes[x].get("pagerank", 0))  # noqa: E731
            for o in strongest(origins)[:5]:
                for d in strongest(dests)[:3]:
                    if o != d:
                        paths += route_paths(main, o, d, cutoff=4, limit=5)
            routes = {
                "origins": origins,
                "destinations": dests,
                "paths": paths,
                "chokepoints": chokepoints(main, origins, dests),
                "disruption": disruption(main, origins, dests, k_max=min(5, len(main))),
            }

    changes = None
    if date_from or date_to:
        changes = compare(project(store, projection), main)

    files: list[Path] = []
    figure_files: list[Path] = []
    if figures:
        from graph import plot

        figure_files += plot.plot_network(main, out / f"network-{projection}", top=top, seed=seed)
        flow = graphs.get("flow")
        if flow is None:
            flow = project(store, "flow", date_from=date_from, date_to=date_to)
        figure_files += plot.plot_route_map(flow, out / "route-map", top=top)
        figure_files += plot.plot_centrality(main, out / f"centrality-{projection}", top=top)
        figure_files += plot.plot_timeline(
            events(store, date_from=date_from, date_to=date_to), out / "timeline"
        )

    rows = [row for name in names for row in _rows(name, graphs[name])]
    try:
        md = out / "analysis.md"
        md.write_text(
            _markdown(
                projection,
                graphs,
                infos,
                titles,
                routes,
                changes,
                figure_files,
                top,
                date_from,
                date_to,
            ),
            encoding="utf-8",
        )
        with (out / "metrics.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=METRIC_COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow({**row, "reports": " ".join(row["reports"])})
        meta = {
            name: {
                "nodes": graphs[name].number_of_nodes(),
                "edges": graphs[name].number_of_edges(),
                "betweenness_k": infos[name].betweenness_k,
                "community_method": infos[name].community_method,
                "seed": seed,
            }
            for name in names
        }
        (out / "metrics.json").write_text(
            json.dumps({"projections": meta, "broker_rule": BROKER_RULE, "nodes": rows}, indent=1),
            encoding="utf-8",
        )
    except OSError as e:
        raise AnalysisError(
            f"cannot write the analysis into {out}: {e.strerror}; check the directory"
        ) from e
    files += [md, out / "metrics.csv", out / "metrics.json"] + figure_files
    return AnalysisResult(out, graphs, infos, files, routes, changes)
