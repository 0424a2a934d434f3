"""The SPARQL endpoint store against a real Virtuoso: specs, batches, errors, safety."""

from __future__ import annotations

import pytest
import rdflib
import rdflib.compare

from graph.exceptions import EndpointError
from graph.remote import BATCH_TRIPLES, SparqlStore, group_regex_alternations
from graph.store import open_store


def test_specs(monkeypatch):
    s = SparqlStore.from_spec("http://dba:secret@127.0.0.1:8890/sparql")
    assert s.query_url == s.update_url == "http://127.0.0.1:8890/sparql"
    assert s._basic == ("dba", "secret")
    monkeypatch.setenv("TKG_STORE_USER", "u")
    s = SparqlStore.from_spec("query=http://h/q,update=http://h/u")
    assert (s.query_url, s.update_url, s._basic) == ("http://h/q", "http://h/u", ("u", ""))
    with pytest.raises(EndpointError, match="no query endpoint"):
        SparqlStore.from_spec("query=,update=http://h/u")
    assert isinstance(open_store("https://example.org/sparql"), SparqlStore)


def test_endpoint_down_is_one_clear_line():
    store = open_store("http://127.0.0.1:9/sparql")
    with pytest.raises(EndpointError) as info:
        store.ask("ASK {}")
    assert "cannot reach SPARQL endpoint http://127.0.0.1:9/sparql" in str(info.value)
    assert "\n" not in str(info.value)


def test_regex_grouping_keeps_meaning():
    q = 'ASK { FILTER(REGEX("Libya", "Libya|Egypt") && REGEX("x|", "[|]") && REGEX("a", "(a|b)|c")) }'
    out = group_regex_alternations(q)
    assert '"(Libya|Egypt)"' in out and '"[|]"' in out and '"((a|b)|c)"' in out
    assert rdflib.Graph().query(out).askAnswer is True


def test_large_graph_goes_in_batches_with_blank_nodes(virtuoso):
    store = open_store(virtuoso.url)
    g = rdflib.Graph()
    n = BATCH_TRIPLES * 3 + 17
    for i in range(n):
        g.add((rdflib.URIRef(f"urn:x:s{i}"), rdflib.RDFS.label, rdflib.Literal(f'x {i} "q" é')))
    b = rdflib.BNode()
    g.add((rdflib.URIRef("urn:x:s0"), rdflib.URIRef("urn:x:p"), b))
    g.add((b, rdflib.RDFS.label, rdflib.Literal("inside")))
    assert store.replace_graph("urn:x:big", g) == n + 2
    assert store.count("urn:x:big") == n + 2
    assert store.ask("ASK { GRAPH <urn:x:big> { <urn:x:s0> <urn:x:p> [ rdfs:label 'inside' ] } }")
    back = rdflib.Graph().parse(data=store.dump("nt", "urn:x:big"), format="nt")
    assert rdflib.compare.isomorphic(back, g)
    store.remove_graph("urn:x:big")
    assert "urn:x:big" not in store.graph_names()


def test_failed_staging_leaves_old_graph(virtuoso, monkeypatch):
    store = open_store(virtuoso.url)
    old = rdflib.Graph()
    old.add((rdflib.URIRef("urn:x:a"), rdflib.RDFS.label, rdflib.Literal("old")))
    store.replace_graph("urn:x:r", old)
    new = rdflib.Graph()
    for i in range(BATCH_TRIPLES * 2):
        new.add((rdflib.URIRef(f"urn:x:n{i}"), rdflib.RDFS.label, rdflib.Literal("new")))
    calls = {"n": 0}
    original = store._insert

    def failing_insert(graph_iri, lines):
        calls["n"] += 1
        if calls["n"] == 2:
            raise EndpointError("simulated: endpoint went away mid-load")
        original(graph_iri, lines)

    monkeypatch.setattr(store, "_insert", failing_insert)
    with pytest.raises(EndpointError, match="simulated"):
        store.replace_graph("urn:x:r", new)
    assert store.count("urn:x:r") == 1
    assert not [
        g
        for g in store.select_values("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }")
        if "staging" in (g[0] or "")
    ]
    store.remove_graph("urn:x:r")


def test_cli_check_against_virtuoso(virtuoso, runner):
    from graph.cli import cli

    from .conftest import EXAMPLES

    result = runner.invoke(
        cli,
        [
            "load",
            str(EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"),
            "--store",
            virtuoso.url,
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli,
        [
            "check",
            "/work/shared/eval/seed" if False else str(EXAMPLES / "queries" / "seed"),
            "--store",
            virtuoso.url,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "14 passed, 0 failed" in result.output


def test_analyze_and_export_against_virtuoso(virtuoso, tmp_path):
    import networkx as nx

    from graph.analysis import analyze
    from graph.export import export
    from graph.load import load_files

    from .conftest import EXAMPLES

    store = open_store(virtuoso.url)
    load_files(store, [EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"])
    result = analyze(store, tmp_path, figures=False)
    flow = result.graphs["flow"]
    italy = "https://w3id.org/tkg/id/country/ITA"
    assert flow.in_degree(italy) >= 1
    written = export(store, tmp_path / "flow.graphml", format="graphml")
    back = nx.read_graphml(written[0])
    assert back.number_of_nodes() == flow.number_of_nodes()
    trig = export(
        store,
        tmp_path / "cnn.trig",
        format="trig",
        graph_iri="https://w3id.org/tkg/id/report/cnn-2011-europol-north-africa",
    )
    ds = rdflib.Dataset().parse(trig[0], format="trig")
    assert len(ds) > 500
