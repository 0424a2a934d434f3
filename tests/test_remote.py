"""The SPARQL endpoint store against a real Virtuoso: specs, batches, errors, safety."""

from __future__ import annotations

import time

import httpx
import pytest
import rdflib
import rdflib.compare

from graph.exceptions import EndpointError
from graph.remote import BATCH_TRIPLES, SparqlStore, group_regex_alternations
from graph.store import open_store


def test_specs(monkeypatch):
    monkeypatch.delenv("TKG_STORE_USER", raising=False)
    s = SparqlStore.from_spec("http://dba:secret@127.0.0.1:8890/sparql")
    assert s.query_url == s.update_url == "http://127.0.0.1:8890/sparql"
    assert s.user == "dba" and "secret" not in repr(s)
    monkeypatch.setenv("TKG_STORE_USER", "u")
    s = SparqlStore.from_spec("query=http://h/q,update=http://h/u,gsp=http://h/data")
    assert (s.query_url, s.update_url, s.gsp_url, s.user) == (
        "http://h/q",
        "http://h/u",
        "http://h/data",
        "u",
    )
    with pytest.raises(EndpointError, match="no query endpoint"):
        SparqlStore.from_spec("query=,update=http://h/u")
    with pytest.raises(EndpointError, match="unknown key 'updat'"):
        SparqlStore.from_spec("query=http://h/q,updat=http://h/u")
    assert isinstance(open_store("https://example.org/sparql"), SparqlStore)


def _challenging(scheme: str):
    """A mock endpoint that asks for ``scheme`` credentials u:p and records requests."""
    seen: list[str] = []  # the Authorization header of each request, as sent

    def handler(request: httpx.Request) -> httpx.Response:
        header = request.headers.get("authorization", "")
        seen.append(header)
        if scheme == "basic" and header == "Basic dTpw":
            return httpx.Response(200, json={"head": {}, "boolean": True})
        if scheme == "digest" and header.startswith("Digest ") and 'username="u"' in header:
            return httpx.Response(200, json={"head": {}, "boolean": True})
        challenge = (
            'Basic realm="r"' if scheme == "basic" else 'Digest realm="r", nonce="abc", qop="auth"'
        )
        return httpx.Response(401, headers={"WWW-Authenticate": challenge})

    return handler, seen


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_credentials_answer_the_servers_challenge(scheme):
    handler, seen = _challenging(scheme)
    store = SparqlStore("http://h/sparql", user="u", password="p")
    store._client = httpx.Client(transport=httpx.MockTransport(handler), auth=store._client.auth)
    assert store.ask("ASK {}") is True
    assert [bool(h) for h in seen] == [False, True]
    assert store.ask("ASK {}") is True  # later requests carry credentials from the start
    assert len(seen) == 3 and seen[2].lower().startswith(scheme)


def test_wrong_credentials_are_one_clear_line():
    handler, _ = _challenging("basic")
    store = SparqlStore("http://h/sparql", user="u", password="wrong")
    store._client = httpx.Client(transport=httpx.MockTransport(handler), auth=store._client.auth)
    with pytest.raises(EndpointError, match=r"refused the request \(HTTP 401\); give credentials"):
        store.ask("ASK {}")


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


@pytest.mark.parametrize("write", ["graph-store", "batches"])
def test_large_graph_with_blank_nodes(virtuoso, write):
    store = (
        open_store(virtuoso.url)
        if write == "graph-store"
        else SparqlStore(virtuoso.url, gsp_url="")
    )
    g = rdflib.Graph()
    n = BATCH_TRIPLES * 3 + 17
    for i in range(n):
        g.add((rdflib.URIRef(f"urn:x:s{i}"), rdflib.RDFS.label, rdflib.Literal(f'x {i} "q" é')))
    b = rdflib.BNode()
    g.add((rdflib.URIRef("urn:x:s0"), rdflib.URIRef("urn:x:p"), b))
    g.add((b, rdflib.RDFS.label, rdflib.Literal("inside")))
    assert store.replace_graph("urn:x:big", g) == n + 2
    assert (store.gsp_url or "").endswith("/sparql-graph-crud") is (write == "graph-store")
    assert store.count("urn:x:big") == n + 2
    assert store.ask("ASK { GRAPH <urn:x:big> { <urn:x:s0> <urn:x:p> [ rdfs:label 'inside' ] } }")
    back = rdflib.Graph().parse(data=store.dump("nt", "urn:x:big"), format="nt")
    assert rdflib.compare.isomorphic(back, g)
    store.remove_graph("urn:x:big")
    assert "urn:x:big" not in store.graph_names()


def test_failed_staging_leaves_old_graph(virtuoso, monkeypatch):
    store = SparqlStore(virtuoso.url, gsp_url="")  # INSERT DATA batches
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


def test_failed_graph_store_put_leaves_old_graph(virtuoso, monkeypatch):
    store = open_store(virtuoso.url)
    old = rdflib.Graph()
    old.add((rdflib.URIRef("urn:x:a"), rdflib.RDFS.label, rdflib.Literal("old")))
    store.replace_graph("urn:x:r2", old)
    new = rdflib.Graph()
    for i in range(100):
        new.add((rdflib.URIRef(f"urn:x:n{i}"), rdflib.RDFS.label, rdflib.Literal("new")))
    original = store._send

    def cut_off(method, url, **kwargs):
        if method == "PUT":  # the body arrives, then the connection drops before the answer
            original(method, url, **kwargs)
            raise EndpointError(f"cannot reach SPARQL endpoint {url} (simulated reset)")
        return original(method, url, **kwargs)

    monkeypatch.setattr(store, "_send", cut_off)
    with pytest.raises(EndpointError, match="simulated reset"):
        store.replace_graph("urn:x:r2", new)
    monkeypatch.undo()
    assert store.ask("ASK { GRAPH <urn:x:r2> { <urn:x:a> rdfs:label 'old' } }")
    assert store.count("urn:x:r2") == 1
    assert [g for g in store.graph_names() if g.startswith("urn:x:r2")] == ["urn:x:r2"]
    leftovers = store.select_values("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }")
    assert not [g for (g,) in leftovers if "staging" in (g or "")]
    store.remove_graph("urn:x:r2")


def test_digest_credentials_on_virtuosos_auth_endpoint(virtuoso):
    spec = f"http://dba:dba@127.0.0.1:{virtuoso.http_port}/sparql-auth"
    store = open_store(spec)
    g = rdflib.Graph()
    for i in range(3000):
        g.add((rdflib.URIRef(f"urn:x:d{i}"), rdflib.RDFS.label, rdflib.Literal(f"d {i}")))
    started = time.monotonic()
    assert store.replace_graph("urn:x:digest", g) == 3000
    assert store.gsp_url.endswith("/sparql-graph-crud-auth")
    assert store.count("urn:x:digest") == 3000
    assert time.monotonic() - started < 30
    store.remove_graph("urn:x:digest")
    wrong = open_store(f"http://dba:wrong@127.0.0.1:{virtuoso.http_port}/sparql-auth")
    with pytest.raises(EndpointError, match="HTTP 401"):
        wrong.ask("ASK {}")


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
            str(EXAMPLES / "queries" / "seed"),
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
