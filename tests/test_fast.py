"""graph._fast: the networkx fast path gives what its public-API fallback gives.

The fast path writes networkx's adjacency dicts. It was checked on the
versions in ``graph._fast.WRITTEN_FOR``;
:func:`test_installed_networkx_is_one_it_was_written_for` fails when another
version is installed (the code then takes the fallback): re-run this file
and ``bench/bench_checks.py`` on it and add the version.
"""

from __future__ import annotations

import gc
import random

import networkx as nx
import pytest

from graph import _fast
from graph.load import load_files
from graph.network import PROJECTIONS, project
from graph.store import open_store

from .conftest import CORE, EXAMPLES


def test_installed_networkx_is_one_it_was_written_for():
    assert _fast._minor(nx.__version__) in _fast.WRITTEN_FOR, (
        f"networkx {nx.__version__} is not in graph._fast.WRITTEN_FOR: the fast path is off; "
        "check this file's comparisons and bench/bench_checks.py on it, then add the version"
    )
    assert _fast.fast_path()
    with _fast.disabled():
        assert not _fast.fast_path()
    assert _fast.fast_path()


def _random_rows(seed: int) -> tuple[list, list]:
    rng = random.Random(seed)
    names = [f"n{i}" for i in range(rng.randint(1, 40))]
    nodes = [(n, {"label": n.upper(), "reports": [f"r{rng.randint(0, 3)}"]}) for n in names]
    nodes += [(rng.choice(names), {"extra": 1}) for _ in range(3)]  # attributes added to a node
    edges, seen = [], set()
    for _ in range(rng.randint(0, 120)):
        u, v, key = rng.choice(names), rng.choice(names), f"k{rng.randint(0, 3)}"
        if (u, v, key) not in seen:
            seen.add((u, v, key))
            edges.append((u, v, key, {"weight": float(rng.randint(1, 5))}))
    edges.append(("new-u", "new-v", "k", {}))  # endpoints not among the nodes
    return nodes, edges


def _filled(nodes, edges, *, fast: bool) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="x")
    rows = [(n, dict(d)) for n, d in nodes], [(*e[:3], dict(e[3])) for e in edges]
    if fast:
        _fast.fill_multidigraph(g, *rows)
    else:
        with _fast.disabled():
            _fast.fill_multidigraph(g, *rows)
    return g


def _same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert list(a.in_edges(keys=True)) == list(b.in_edges(keys=True))
    for u, v in a.edges():  # successor and predecessor share one key dict, as add_edge does
        assert a._succ[u][v] is a._pred[v][u]
    assert nx.utils.graphs_equal(a, b)


@pytest.mark.parametrize("seed", range(25))
def test_fill_multidigraph_is_add_nodes_and_edges(seed):
    nodes, edges = _random_rows(seed)
    fast, plain = _filled(nodes, edges, fast=True), _filled(nodes, edges, fast=False)
    _same_graph(fast, plain)
    # the filled graph keeps working like any other
    for g in (fast, plain):
        g.add_edge("n0", "z", key="k9", weight=2.0)
        g.remove_node("new-u")
    _same_graph(fast, plain)


def test_fill_multidigraph_falls_back_on_a_graph_in_use_or_another_class():
    g = nx.MultiDiGraph([("a", "b")])
    _fast.fill_multidigraph(g, [("c", {})], [("a", "c", "p", {"w": 1})])
    assert sorted(g.edges(keys=True)) == [("a", "b", 0), ("a", "c", "p")]
    h = nx.MultiGraph()
    _fast.fill_multidigraph(h, [("a", {})], [("a", "b", "p", {})])
    assert h.has_edge("b", "a", key="p")


@pytest.fixture(scope="module")
def example_store():
    store = open_store("memory")
    files = sorted((EXAMPLES / "facts").glob("*.yaml")) + sorted(CORE.glob("*.ttl"))
    load_files(store, [str(f) for f in files])
    return store


@pytest.mark.parametrize("name", sorted(PROJECTIONS))
def test_projections_are_the_same_with_the_fallback(example_store, name):
    fast = project(example_store, name)
    with _fast.disabled():
        plain = project(example_store, name)
    assert fast.number_of_nodes() > 0
    assert list(fast.nodes(data=True)) == list(plain.nodes(data=True))
    keys = {"keys": True} if fast.is_multigraph() else {}
    assert list(fast.edges(data=True, **keys)) == list(plain.edges(data=True, **keys))


def test_collector_paused_restores_the_collector():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), _fast.collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("inside")
    assert gc.isenabled()
    gc.disable()
    try:
        with _fast.collector_paused():
            pass
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()
