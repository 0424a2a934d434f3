"""The one module where tkg touches library internals, each beside a plain fallback.

Two hot loops are faster when they skip a library's per-call checks:

- :func:`fill_multidigraph` fills a new networkx ``MultiDiGraph`` through its
  adjacency dicts (``_succ``, ``_pred``, ``_node``): on a million-triple
  store ``add_edges_from`` alone took longer than the SPARQL query of the
  ``full`` projection;
- :func:`fill_rdflib_graph` fills a new, empty rdflib ``Memory`` store
  through its name-mangled indexes (``_Memory__spo`` ...): ``Memory.add``
  costs about 4 microseconds a triple (an event object, the context key
  formatted again, three index updates through exception handlers).

Each fast path runs only on the library versions it was written and checked
for (:data:`TESTED`); on any other version, on a graph that is not new, or
inside :func:`disabled`, the public API does the work. ``tests/test_fast.py``
checks that both paths leave the same state on the installed versions and
fails, asking for that check to be redone, when an installed version is not
in :data:`TESTED`; ``bench/bench_checks.py`` prints both timings in one run.

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
    import rdflib

__all__ = [
    "TESTED",
    "collector_paused",
    "disabled",
    "fast_path_applies",
    "fill_multidigraph",
    "fill_rdflib_graph",
]

TESTED: dict[str, tuple[str, ...]] = {
    "networkx": ("3.6",),
    "rdflib": ("7.6",),
}
"""Library -> the ``major.minor`` versions whose internals the fast paths were checked against."""

_switch = {"on": True}


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Take the public-API fallback inside this block (for benchmarks and tests).

    Examples
    --------
    >>> with disabled():
    ...     fast_path_applies("networkx")
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


def fast_path_applies(library: str) -> bool:
    """Whether the fast path for ``library`` (``"networkx"`` or ``"rdflib"``) is used.

    Examples
    --------
    >>> import networkx
    >>> fast_path_applies("networkx") == (_minor(networkx.__version__) in TESTED["networkx"])
    True
    """
    if not _switch["on"]:
        return False
    module = __import__(library)
    return _minor(getattr(module, "__version__", "")) in TESTED[library]


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

    if type(g) is not nx.MultiDiGraph or len(g) or not fast_path_applies("networkx"):
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


# rdflib's Memory keeps its indexes as name-mangled private attributes
_MEMORY = "_Memory__"
_MEMORY_STATE = (
    "spo",
    "pos",
    "osp",
    "contextTriples",
    "tripleContexts",
    "context_obj_map",
    "all_contexts",
    "defaultContexts",
)


def fill_rdflib_graph(g: rdflib.Graph, triples: list[tuple[Any, Any, Any]]) -> None:
    """Add ``triples`` to a new, empty in-memory rdflib graph in one pass.

    For a graph whose store is a fresh, empty ``Memory`` with no event
    subscribers, on a tested rdflib version, this fills the store's indexes
    directly, leaving exactly the state that ``g.store.add(t, g)`` for every
    triple leaves (``tests/test_fast.py`` compares the two); otherwise it is
    that loop.

    Parameters
    ----------
    g : rdflib.Graph
        The graph to fill (its own context).
    triples : list of tuple
        ``(subject, predicate, object)`` rdflib terms; repeats are allowed.

    Examples
    --------
    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph(identifier=URIRef("urn:g"))
    >>> s, p = URIRef("urn:s"), URIRef("urn:p")
    >>> fill_rdflib_graph(g, [(s, p, Literal(1)), (s, p, Literal(1))])
    >>> len(g), g.value(s, p).toPython()
    (1, 1)
    """
    from rdflib.plugins.stores.memory import Memory

    store = g.store
    ok = type(store) is Memory and fast_path_applies("rdflib")
    state = vars(store) if ok else {}
    mem = {k: state[_MEMORY + k] for k in _MEMORY_STATE if _MEMORY + k in state}
    fresh = (
        len(mem) == len(_MEMORY_STATE)
        and not mem["spo"]
        and mem["contextTriples"] == {None: set()}
        and not mem["tripleContexts"]
        and mem["defaultContexts"] is None
        and store.dispatcher.get_map() is None
    )
    if not fresh or not triples:
        store_add = store.add
        for t in triples:
            store_add(t, g)
        return
    unique = set(triples)
    spo, pos, osp = mem["spo"], mem["pos"], mem["osp"]
    for s, p, o in unique:
        po = spo.get(s)
        if po is None:
            po = spo[s] = {}
        os_ = po.get(p)
        if os_ is None:
            os_ = po[p] = {}
        os_[o] = 1
        os_ = pos.get(p)
        if os_ is None:
            os_ = pos[p] = {}
        ss = os_.get(o)
        if ss is None:
            ss = os_[o] = {}
        ss[s] = 1
        sp = osp.get(o)
        if sp is None:
            sp = osp[o] = {}
        ps = sp.get(s)
        if ps is None:
            ps = sp[s] = {}
        ps[p] = 1
    # Memory's context bookkeeping for triples that are all in one context,
    # none quoted (see Memory.__add_triple_context and __ctx_to_str).
    ctx = f"{g.identifier.__class__.__name__}:{g.identifier}"
    mem["context_obj_map"][ctx] = g
    mem["all_contexts"].add(g)
    mem["contextTriples"][None] = unique
    mem["contextTriples"][ctx] = set(unique)
    state[_MEMORY + "defaultContexts"] = {ctx: False, None: False}
