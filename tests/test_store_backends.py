"""The same load, query and check behaviour on the embedded store and on Virtuoso."""

from __future__ import annotations

import pytest
import rdflib
import rdflib.compare

from graph.check import check_dir
from graph.exceptions import QueryError, ValidationError
from graph.load import load_files

from .conftest import CORE, EXAMPLES, MINI_IRI

CURATED = EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"
CNN = "https://w3id.org/tkg/id/report/cnn-2011-europol-north-africa"


def test_seed_questions_pass_on_the_curated_facts(any_store):
    load_files(any_store, [CURATED])
    results = check_dir(any_store, EXAMPLES / "queries" / "seed")
    assert [str(r) for r in results if not r.passed] == []
    assert len(results) == 14


def test_reload_replaces_the_report_graph(any_store):
    load_files(any_store, [CORE / "mini.ttl"])
    load_files(any_store, [CORE / "mini.trig"])
    assert any_store.count(MINI_IRI) == 46
    assert MINI_IRI in any_store.graph_names()
    n = any_store.select("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a tkg:Country }").rows[0][0]
    assert int(float(n)) >= 240


def test_values_compare_as_numbers(any_store):
    load_files(any_store, [CORE / "mini.ttl"])
    assert any_store.ask("ASK { ?s tkg:value ?v FILTER(?v = 48000) }")
    rows = list(
        any_store.select_values("SELECT ?n WHERE { ?f a tkg:MigrationFlow ; tkg:count ?n }")
    )
    assert [int(float(r[0])) for r in rows] == [48000]


def test_failed_load_leaves_the_store_as_it_was(any_store, tmp_path):
    load_files(any_store, [CORE / "mini.ttl"])
    before = rdflib.Graph().parse(data=any_store.dump("nt", MINI_IRI), format="nt")
    bad = tmp_path / "mini.ttl"
    bad.write_text((CORE / "mini.ttl").read_text().replace("tkg:count 48000", 'tkg:count "many"'))
    with pytest.raises(ValidationError):
        load_files(any_store, [bad])
    after = rdflib.Graph().parse(data=any_store.dump("nt", MINI_IRI), format="nt")
    assert _values(before) == _values(after)


def test_query_errors_are_query_errors(any_store):
    with pytest.raises(QueryError):
        any_store.select("SELECT ?x WHERE { ?x ?y }")


def _values(graph: rdflib.Graph) -> set[tuple]:
    """Triples with literals compared by value (stores normalise 48000.0 to 48000)."""
    return {
        (s, p, (o.toPython(), o.datatype, o.language) if isinstance(o, rdflib.Literal) else o)
        for s, p, o in graph
    }


def test_dump_round_trips(any_store):
    load_files(any_store, [CORE / "mini.ttl"])
    ds = rdflib.Dataset()
    ds.parse(data=any_store.dump("nq", MINI_IRI), format="nquads")
    reference = rdflib.Graph().parse(CORE / "mini.ttl")
    assert _values(ds.graph(rdflib.URIRef(MINI_IRI))) == _values(reference)


def test_replace_graph_takes_n_triples_text(any_store):
    g = rdflib.Graph().parse(CORE / "mini.ttl")
    nt = g.serialize(format="nt")
    assert any_store.replace_graph(MINI_IRI, nt) == len(g)
    back = rdflib.Graph().parse(data=any_store.dump("nt", MINI_IRI), format="nt")
    assert _values(back) == _values(g)  # the stores normalise 48000.0 to 48000
    # and it is in the union the queries read
    assert any_store.ask("ASK { ?f a tkg:MigrationFlow ; tkg:count 48000 }")


def test_dump_graphs_keeps_graph_names(any_store):
    load_files(any_store, [CORE / "mini.ttl"])
    other = "https://w3id.org/tkg/id/report/other"
    any_store.replace_graph(other, '<urn:a> <urn:p> "x" .\n')
    ds = rdflib.Dataset()
    ds.parse(data=any_store.dump_graphs([MINI_IRI, other], "trig"), format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {MINI_IRI, other}
    assert len(ds.graph(rdflib.URIRef(MINI_IRI))) == any_store.count(MINI_IRI)
    nq = any_store.dump_graphs([other], "nq").decode()
    assert nq.strip().endswith(f"<{other}> .") and len(nq.strip().splitlines()) == 1
    with pytest.raises(Exception, match="TriG or N-Quads"):
        any_store.dump_graphs([other], "ttl")
