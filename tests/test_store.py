"""The embedded Oxigraph store: atomic replace, union queries, locking, dumps."""

from __future__ import annotations

import os
import stat

import pytest
import rdflib

from graph.exceptions import InputError, QueryError, StoreError, StoreLockedError
from graph.store import OxigraphStore, open_store, query_form

EX = rdflib.Namespace("urn:x:")


def _graph(n: int, label: str = "x") -> rdflib.Graph:
    g = rdflib.Graph()
    for i in range(n):
        g.add((EX[f"s{i}"], rdflib.RDFS.label, rdflib.Literal(f"{label}{i}")))
    return g


def test_replace_graph_is_idempotent_and_replaces(memory_store):
    assert memory_store.replace_graph("urn:g1", _graph(3)) == 3
    assert memory_store.replace_graph("urn:g1", _graph(3)) == 3
    assert memory_store.count("urn:g1") == 3
    memory_store.replace_graph("urn:g1", _graph(2, "y"))
    labels = {str(r[0]) for r in memory_store.select("SELECT ?l WHERE { ?s rdfs:label ?l }")}
    assert labels == {"y0", "y1"}


def test_queries_see_the_union_of_graphs(memory_store):
    memory_store.replace_graph("urn:g1", _graph(2, "a"))
    memory_store.replace_graph("urn:g2", _graph(2, "b"))
    result = memory_store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l }")
    assert int(result.rows[0][0]) == 4
    assert memory_store.graph_names() == ["urn:g1", "urn:g2"]
    assert memory_store.ask("ASK { GRAPH <urn:g2> { ?s rdfs:label 'b1' } }")


def test_failed_replace_leaves_store_untouched(memory_store):
    memory_store.replace_graph("urn:g1", _graph(2))
    before = memory_store.dump("nq")
    bad = rdflib.Graph()
    bad.add((EX.s, EX.p, rdflib.Literal("ok")))
    with pytest.raises(InputError, match="not an absolute IRI"):
        memory_store.replace_graph("urn:g1> } } ; DROP ALL ; INSERT DATA { GRAPH <urn:z", bad)
    with pytest.raises(StoreError):
        # a literal as subject cannot be stored: the whole update is refused
        bad.add((rdflib.Literal("x"), EX.p, EX.o))
        memory_store.replace_graph("urn:g1", bad)
    assert memory_store.dump("nq") == before


def test_select_terms_and_values(memory_store):
    memory_store.update(
        "INSERT DATA { GRAPH <urn:g> { <urn:a> tkg:count 5 ; rdfs:label 'Roma'@en ; tkg:value 2.5 } }"
    )
    row = memory_store.select(
        "SELECT ?c ?l ?v WHERE { ?s tkg:count ?c ; rdfs:label ?l ; tkg:value ?v }"
    ).rows[0]
    assert row[0] == rdflib.Literal(5) and row[0].toPython() == 5
    assert row[1].language == "en"
    assert list(memory_store.select_values("SELECT ?s ?c WHERE { ?s tkg:count ?c }")) == [
        ("urn:a", "5")
    ]


def test_construct_and_query_dispatch(memory_store):
    memory_store.replace_graph("urn:g", _graph(2))
    g = memory_store.query("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }")
    assert isinstance(g, rdflib.Graph) and len(g) == 2
    assert memory_store.query("ASK { ?s ?p ?o }") is True
    with pytest.raises(QueryError, match="update"):
        memory_store.query("DROP ALL")


@pytest.mark.parametrize(
    "bad, where",
    [
        ("SELECT ?x WHERE { ?x ?y }", "line 1, column"),
        ("SELECT ?x\nWHERE {\n ?x ?y ?z . FILTER( }", "line 3"),
    ],
)
def test_syntax_errors_are_one_line_with_position(memory_store, bad, where):
    with pytest.raises(QueryError) as info:
        memory_store.select(bad)
    message = str(info.value)
    assert where in message and "\n" not in message and "fix the query" in message


def test_not_a_query():
    with pytest.raises(QueryError, match="not a SPARQL query"):
        query_form("hello world")


def test_disk_store_persists_and_locks(tmp_path):
    path = tmp_path / "s"
    store = open_store(path)
    store.replace_graph("urn:g", _graph(4))
    with pytest.raises(StoreLockedError, match="in use"):
        open_store(path)
    store.close()
    del store
    reopened = open_store(path, read_only=True)
    assert reopened.count() == 4
    with pytest.raises(StoreLockedError, match="read-only"):
        reopened.replace_graph("urn:g", _graph(1))


def test_missing_store_read_only(tmp_path):
    with pytest.raises(StoreError, match="tkg load"):
        open_store(tmp_path / "nope", read_only=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory(tmp_path):
    path = tmp_path / "ro"
    path.mkdir()
    path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreLockedError):
            open_store(path / "store")
    finally:
        path.chmod(stat.S_IRWXU)


def test_dump_formats_round_trip(memory_store):
    memory_store.replace_graph("urn:g", _graph(3))
    for fmt in ("nq", "trig"):
        ds = rdflib.Dataset()
        ds.parse(data=memory_store.dump(fmt), format="nquads" if fmt == "nq" else "trig")
        assert len(ds.graph(rdflib.URIRef("urn:g"))) == 3
    one = rdflib.Graph().parse(data=memory_store.dump("ttl", "urn:g"), format="turtle")
    assert len(one) == 3


def test_default_spec_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TKG_STORE", "memory")
    assert isinstance(open_store(), OxigraphStore) and open_store().spec == "memory"


def test_store_answers_not_exists_through_the_rewrite(memory_store):
    """The store rewrites FILTER NOT EXISTS { triples } (oxigraph#885) and answers as before."""
    from graph.sparql_rewrite import rewrite_not_exists

    memory_store.replace_graph(
        "urn:r",
        "<urn:f1> a <urn:Flow> ; <urn:ev> <urn:e1> .\n<urn:e1> <urn:start> 1 .\n"
        "<urn:f2> a <urn:Flow> .\n",
    )
    q = "SELECT ?x WHERE { ?x a <urn:Flow> FILTER NOT EXISTS { ?x <urn:ev> ?e . ?e <urn:start> ?s } }"
    assert rewrite_not_exists(q) != q
    assert [r[0] for r in memory_store.select_values(q)] == ["urn:f2"]
    bad = q.replace("SELECT ?x", "SELEC ?x")
    with pytest.raises(QueryError, match="SELEC"):
        memory_store.select(bad)
