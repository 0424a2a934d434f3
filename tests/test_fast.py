"""graph._fast: each fast path leaves what its public-API fallback leaves, on the tested versions.

The fast paths write library internals (networkx's adjacency dicts, rdflib
Memory's indexes). They were checked against the versions in
``graph._fast.TESTED``; :func:`test_installed_versions_are_the_tested_ones`
fails when another version is installed (the code then takes the fallback):
re-run this file and ``bench/bench_checks.py`` and add the version.
"""

from __future__ import annotations

import gc
import random

import networkx as nx
import pytest
import rdflib
from rdflib import Dataset, Graph, Literal, URIRef

from graph import _fast
from graph.load import load_files
from graph.network import PROJECTIONS, project
from graph.store import open_store

from .conftest import CORE, EXAMPLES


@pytest.mark.parametrize("library", sorted(_fast.TESTED))
def test_installed_versions_are_the_tested_ones(library):
    version = __import__(library).__version__
    assert _fast._minor(version) in _fast.TESTED[library], (
        f"{library} {version} is not in graph._fast.TESTED: the fast path is off; check this "
        "file's comparisons and bench/bench_checks.py on it, then add the version"
    )
    assert _fast.fast_path_applies(library)
    with _fast.disabled():
        assert not _fast.fast_path_applies(library)
    assert _fast.fast_path_applies(library)


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


def _memory_state(g: Graph) -> dict:
    return {k: v for k, v in vars(g.store).items() if k.startswith("_Memory__")}


def _rdflib_both_ways(triples, identifier="urn:g"):
    fast = Graph(identifier=URIRef(identifier))
    _fast.fill_rdflib_graph(fast, triples)
    slow = Graph(identifier=URIRef(identifier))
    for t in triples:
        slow.store.add(t, slow)
    return fast, slow


@pytest.mark.parametrize("seed", range(5))
def test_fill_rdflib_graph_leaves_the_state_of_memory_add(seed):
    rng = random.Random(seed)
    terms = [URIRef(f"urn:x{i}") for i in range(20)]
    triples = [
        (rng.choice(terms), rng.choice(terms[:5]), rng.choice([*terms, Literal(rng.random())]))
        for _ in range(300)
    ]
    triples += triples[:40]  # repeats
    fast, slow = _rdflib_both_ways(triples)
    state, expected = _memory_state(fast), _memory_state(slow)
    assert state.keys() == expected.keys()
    assert {_fast._MEMORY + k for k in _fast._MEMORY_STATE} <= state.keys()
    for key, value in expected.items():
        if key == "_Memory__context_obj_map":
            assert state[key].keys() == value.keys()
        elif key == "_Memory__all_contexts":
            assert {c.identifier for c in state[key]} == {c.identifier for c in value}
        else:
            assert state[key] == value, key
    assert set(fast) == set(slow) and len(fast) == len(set(triples))


def test_fill_rdflib_graph_result_behaves_like_a_graph():
    s, p = URIRef("urn:s"), URIRef("urn:p")
    fast, slow = _rdflib_both_ways([(s, p, Literal(i)) for i in range(5)])
    for g in (fast, slow):
        g.add((s, p, Literal("new")))
        g.remove((s, p, Literal(0)))
    assert set(fast) == set(slow) and len(fast) == len(slow) == 5
    assert [c.identifier for c in fast.store.contexts()] == [fast.identifier]
    assert fast.isomorphic(slow)


def test_fill_rdflib_graph_falls_back_on_a_store_in_use():
    s, p = URIRef("urn:s"), URIRef("urn:p")
    g = Graph(identifier=URIRef("urn:g"))
    g.add((s, p, Literal("first")))
    _fast.fill_rdflib_graph(g, [(s, p, Literal("second"))])
    assert len(g) == 2
    named = Dataset().graph(URIRef("urn:named"))
    _fast.fill_rdflib_graph(named, [(s, p, Literal(1))])
    assert len(named) == 1
    with _fast.disabled():
        plain = Graph()
        _fast.fill_rdflib_graph(plain, [(s, p, Literal(1))])
    assert len(plain) == 1 and isinstance(rdflib.__version__, str)
