"""graph.scope: the facts are the report graphs; queries asked of them keep their meaning."""

from __future__ import annotations

import pytest

from graph.exceptions import InputError, QueryError
from graph.load import load_files
from graph.scope import (
    EMPTY_GRAPH,
    query_facts,
    report_graphs,
    report_table,
    resolve_graph,
    restrict_query,
)
from graph.store import open_store
from ontology import ONTOLOGY_IRI, PLACES_GRAPH

from .conftest import CORE, EXAMPLES, MINI_IRI

CNN = "https://w3id.org/tkg/id/report/cnn-2011-europol-north-africa"


@pytest.fixture(scope="module")
def store():
    s = open_store("memory")
    load_files(
        s, [str(EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"), str(CORE / "mini.ttl")]
    )
    return s


def test_report_graphs_leave_the_vocabulary_out(store):
    assert {ONTOLOGY_IRI, PLACES_GRAPH} <= set(store.graph_names())
    assert report_graphs(store) == sorted([CNN, MINI_IRI])


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "PREFIX x: <urn:x#>\nSELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }",
        "CONSTRUCT WHERE { ?s a ?t }",
        "ASK { ?s a owl:Class }",
        "DESCRIBE <https://w3id.org/tkg/id/country/ITA>",
        "SELECT * WHERE { ?s rdfs:label 'a { WHERE FROM' } # FROM {\nLIMIT 3",
    ],
)
def test_a_restricted_query_sees_only_the_report_graphs(store, query):
    text = restrict_query(query, report_graphs(store))
    assert text.count("FROM <") == 2 and text.count("FROM NAMED <") == 2
    result = store.query(text)  # parses, and answers from the reports only
    if isinstance(result, bool):
        assert result is False  # owl:Class is declared in the ontology graph only


def test_counts_and_graphs_are_the_reports(store):
    n = lambda q, **kw: int(query_facts(store, q, **kw).rows[0][0])  # noqa: E731
    total = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    reports = store.count(CNN) + store.count(MINI_IRI)
    assert n(total) == reports
    assert n(total, include_vocabulary=True) > reports + 5000
    graphs = query_facts(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sorted(str(g) for (g,) in graphs.rows) == sorted([CNN, MINI_IRI])


def test_a_query_with_its_own_dataset_or_an_update_is_left_alone():
    own = f"SELECT * FROM <{ONTOLOGY_IRI}> WHERE {{ ?s ?p ?o }}"
    assert restrict_query(own, ["urn:g"]) == own
    update = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"
    assert restrict_query(update, ["urn:g"]) == update
    assert restrict_query("SELECT * { ?s ?p 'open", ["urn:g"]) == "SELECT * { ?s ?p 'open"


def test_no_report_means_an_empty_dataset():
    store = open_store("memory")
    store.update(f"INSERT DATA {{ GRAPH <{ONTOLOGY_IRI}> {{ <urn:a> a <urn:C> }} }}")
    assert EMPTY_GRAPH in restrict_query("ASK { ?s ?p ?o }", [])
    assert query_facts(store, "ASK { ?s ?p ?o }") is False
    assert query_facts(store, "ASK { ?s ?p ?o }", include_vocabulary=True) is True


def test_a_syntax_error_points_into_the_query_as_given(store):
    with pytest.raises(QueryError, match="line 1, column"):
        query_facts(store, "SELECT ?x WHERE { ?x ?y }")


def test_graphs_by_report_id_or_iri(store):
    assert resolve_graph(store, "mini") == resolve_graph(store, MINI_IRI) == MINI_IRI
    assert resolve_graph(store, f"<{CNN}>") == CNN
    assert resolve_graph(store, ONTOLOGY_IRI) == ONTOLOGY_IRI
    with pytest.raises(
        InputError, match=r"no report graph .*ontology.*: cnn-2011-europol-north-africa, mini"
    ):
        resolve_graph(store, ONTOLOGY_IRI, vocabulary=False)
    with pytest.raises(InputError, match="no report graph 'cnn-2012'"):
        resolve_graph(store, "cnn-2012")


def test_report_table(store):
    rows = report_table(store)
    assert [(r.id, r.date, r.publisher) for r in rows] == [
        ("cnn-2011-europol-north-africa", "2011-02-22", "CNN"),
        ("mini", "2015-06-01", "Example News"),
    ]
    assert rows[0].title == "Europol: Syndicates could exploit North Africa unrest"
    assert rows[1].triples == store.count(MINI_IRI) == 46
