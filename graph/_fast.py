"""The one place tkg touches networkx internals, beside its plain fallback; the collector pause.

:func:`fill_multidigraph` fills a new networkx ``MultiDiGraph`` through its
adjacency dicts (``_succ``, ``_pred``, ``_node``), skipping the per-call
checks of ``add_edge``: on a million-triple store ``add_edges_from`` alone
took longer than the SPARQL query of the ``full`` projection. It runs only on
the networkx versions it was written and checked for (:data:`WRITTEN_FOR`);
on any other version, on a graph that is not new, or inside
:func:`disabled`, ``add_nodes_from`` / ``add_edges_from`` do the work.
``tests/test_fast.py`` checks that both paths give the same graph and fails,
asking for that check to be redone, when the installed networkx is not in
:data:`WRITTEN_FOR`; ``bench/bench_checks.py`` prints both timings in one
run. (rdflib's private state has its own module, :mod:`graph.rdflib_memory`.)

:func:`collector_paused` pauses Python's cyclic garbage collector for a
block and always restores it.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> fill_multidigraph(g, [("a", {"label": "A"}), ("b", {})], [("a", "b", "p", {"weight": 1.0})])
>>> list(g.edges(keys=True, data=True)), g.nodes["a"]
([('a', 'b', 'p', {'weight': 1.0})], {'label': 'A'})
>>> with disabled():
...     h = nx.MultiDiGraph()
...     fill_multidigraph(h, [("a", {"label": "A"}), ("b", {})], [("a", "b", "p", {"weight": 1.0})])
>>> nx.utils.graphs_equal(g, h)
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["WRITTEN_FOR", "collector_paused", "disabled", "fast_path", "fill_multidigraph"]

WRITTEN_FOR = ("3.6",)
"""The networkx ``major.minor`` versions whose internals :func:`fill_multidigraph` was checked on."""

_switch = {"on": True}


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Take the public-API fallback inside this block (for benchmarks and tests).

    Examples
    --------
    >>> with disabled():
    ...     fast_path()
    False
    """
    before = _switch["on"]
    _switch["on"] = False
    try:
        yield
    finally:
        _switch["on"] = before


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def fast_path() -> bool:
    """Whether :func:`fill_multidigraph` writes the adjacency dicts (else the public API).

    Examples
    --------
    >>> import networkx
    >>> fast_path() == (_minor(networkx.__version__) in WRITTEN_FOR)
    True
    """
    import networkx

    return _switch["on"] and _minor(networkx.__version__) in WRITTEN_FOR


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block; it is always restored.

    A projection allocates hundreds of thousands of small containers (rows,
    attribute dicts, report lists) that all stay alive; the collector keeps
    walking them as they pile up, which was half the Python time of ``full``
    at a million triples (1.1 of 2.1 s). They form no reference cycles, so
    nothing is left to collect: the collector is resumed afterwards (and left
    alone when the caller had it disabled). Usable as a decorator.

    Examples
    --------
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def fill_multidigraph(
    g: nx.MultiDiGraph,
    nodes: Iterable[tuple[Any, dict[str, Any]]],
    edges: Iterable[tuple[Any, Any, Any, dict[str, Any]]],
) -> None:
    """Add ``nodes`` ``(node, attrs)`` then ``edges`` ``(u, v, key, attrs)`` to a new MultiDiGraph.

    The result is what ``g.add_nodes_from(nodes); g.add_edges_from(edges)``
    gives (the fallback), in the same order; an edge's ``attrs`` dict becomes
    the edge's data dict (do not reuse it). Keys must be given and an edge
    ``(u, v, key)`` given once.
    """
    import networkx as nx

    if type(g) is not nx.MultiDiGraph or len(g) or not fast_path():
        g.add_nodes_from(nodes)
        g.add_edges_from(edges)
        return
    succ, pred, node_data = g._succ, g._pred, g._node
    new_adj = g.adjlist_inner_dict_factory
    for n, attrs in nodes:
        if n not in succ:
            succ[n] = new_adj()
            pred[n] = new_adj()
            node_data[n] = g.node_attr_dict_factory()
        node_data[n].update(attrs)
    new_keydict = g.edge_key_dict_factory
    for u, v, key, attrs in edges:
        for n in (u, v):
            if n not in succ:
                succ[n] = new_adj()
                pred[n] = new_adj()
                node_data[n] = g.node_attr_dict_factory()
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = new_keydict()
        keydict[key] = attrs
    # what add_node/add_edge do after each change (networkx >= 3.3 caches
    # backend conversions per graph)
    cache = getattr(g, "__networkx_cache__", None)
    if cache:
        cache.clear()
