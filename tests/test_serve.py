"""The SPARQL endpoint over HTTP with a real client (SPARQLWrapper) and httpx."""

from __future__ import annotations

import csv
import io
import socket
import threading
import time

import httpx
import pytest
import rdflib

from graph.load import load_files
from graph.serve import create_app, uses_service
from graph.store import open_store

from .conftest import EXAMPLES

SEED = sorted((EXAMPLES / "queries" / "seed").glob("*.rq"))
TOKEN = "s3cret-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    """A real uvicorn server on 127.0.0.1 over the curated facts (updates allowed with a token)."""
    import uvicorn

    store = open_store("memory")
    load_files(store, [EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"])
    app = create_app(
        store,
        allow_update=True,
        token=TOKEN,
        timeout=2.0,
        max_rows=1_000,  # reached in well under the 2 s time limit on a loaded machine
        max_request_bytes=50_000,
    )
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    yield url, store
    srv.should_exit = True
    thread.join(timeout=10)


def _wrapper(url, query, fmt):
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw.query().convert()


@pytest.mark.parametrize("rq", SEED, ids=lambda p: p.name)
def test_seed_questions_same_over_http_in_every_format(server, rq):
    from SPARQLWrapper import CSV, JSON, TSV, XML

    url, store = server
    query = rq.read_text(encoding="utf-8")
    expected = store.ask(query)
    assert expected is True
    assert _wrapper(url, query, JSON)["boolean"] is expected
    xml = _wrapper(url, query, XML)
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert _wrapper(url, query, CSV).decode().split() == ["_askResult", "true"]
    assert _wrapper(url, query, TSV).decode().split() == ["_askResult", "true"]


SELECT = "SELECT ?name ?org WHERE { ?p a tkg:Person ; rdfs:label ?name ; tkg:memberOf/rdfs:label ?org } ORDER BY ?name"


def test_select_in_every_format_matches_the_store(server):
    from SPARQLWrapper import CSV, JSON, TSV, XML

    url, store = server
    rows = [(str(a), str(b)) for a, b in store.select(SELECT).rows]
    assert len(rows) >= 2
    data = _wrapper(url, SELECT, JSON)
    assert [(b["name"]["value"], b["org"]["value"]) for b in data["results"]["bindings"]] == rows
    xml = _wrapper(url, SELECT, XML)
    literals = [n.firstChild.data for n in xml.getElementsByTagName("literal")]
    assert literals == [v for row in rows for v in row]
    parsed = list(csv.reader(io.StringIO(_wrapper(url, SELECT, CSV).decode())))
    assert parsed[0] == ["name", "org"] and [tuple(r) for r in parsed[1:]] == rows
    tsv = _wrapper(url, SELECT, TSV).decode().strip().splitlines()
    assert tsv[0] == "?name\t?org" and len(tsv) == len(rows) + 1


def test_construct_negotiation(server):
    url, _ = server
    q = "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a tkg:Person ; rdfs:label ?n }"
    for accept, fmt in (
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ):
        r = httpx.post(url + "/sparql", data={"query": q}, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        assert len(rdflib.Graph().parse(data=r.text, format=fmt)) >= 2
    r = httpx.get(url + "/sparql", params={"query": q}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_direct_post_and_errors(server):
    url, _ = server
    r = httpx.post(
        url + "/sparql",
        content="ASK { ?s a tkg:Person }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 200 and r.json()["boolean"] is True
    r = httpx.get(url + "/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400 and "line 1, column" in r.text and r.text.count("\n") == 1
    assert httpx.get(url + "/sparql").status_code == 400
    r = httpx.post(url + "/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = httpx.get(url + "/sparql", params={"query": "ASK {}", "default-graph-uri": "urn:x:g"})
    assert r.status_code == 400 and "use FROM or GRAPH" in r.text
    r = httpx.get(url + "/sparql", params={"query": "ASK {}", "format": "png"})
    assert r.status_code == 400 and "unknown format 'png'" in r.text
    r = httpx.get(url + "/sparql", params={"update": "CLEAR ALL"})
    assert r.status_code in (403, 405)


def test_update_needs_the_token(server):
    url, store = server
    before = store.dump("nq")
    update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> rdfs:label 'sneaky' } }"
    assert httpx.post(url + "/sparql", data={"update": update}).status_code == 401
    r = httpx.post(
        url + "/sparql", data={"update": update}, headers={"Authorization": "Bearer wrong"}
    )
    assert r.status_code == 403
    assert store.dump("nq") == before
    r = httpx.post(
        url + "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code == 204
    assert store.ask("ASK { <urn:x:a> rdfs:label 'sneaky' }")
    store.remove_graph("urn:x:g")


def test_read_only_by_default(memory_store):
    from starlette.testclient import TestClient

    client = TestClient(create_app(memory_store))
    r = client.post(
        "/sparql",
        data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
        headers={"Authorization": "Bearer x"},
    )
    assert r.status_code == 403 and "read-only" in r.text
    assert memory_store.count() == 0


def test_time_limit_then_keeps_serving(server):
    url, _ = server
    # a query that streams rows is stopped at the row limit
    r = httpx.get(
        url + "/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"}, timeout=60
    )
    assert r.status_code == 422
    # a join that yields no row for a few seconds: only the time limit can stop the client waiting
    slow = (
        "SELECT ?a WHERE { ?a ?b ?c . ?d rdfs:label|skos:altLabel ?f . "
        'FILTER(STR(?c) = CONCAT(STR(?f), "-never")) }'
    )
    started = time.monotonic()
    r = httpx.get(url + "/sparql", params={"query": slow}, timeout=60)
    assert r.status_code == 503 and "time limit of 2 s" in r.text
    assert time.monotonic() - started < 3.5
    # the server keeps serving: the page answers at once, and queries again once the
    # abandoned evaluation (which Oxigraph cannot interrupt) has finished
    assert httpx.get(url + "/health").status_code == 200
    deadline = time.monotonic() + 30
    while True:
        r = httpx.get(url + "/sparql", params={"query": "ASK { ?s a tkg:Person }"})
        if r.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_row_limit(server):
    url, _ = server
    r = httpx.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 422 and "1000 rows" in r.text


def test_service_refused_and_request_size(server):
    url, _ = server
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = httpx.get(url + "/sparql", params={"query": q})
    assert r.status_code == 403 and "--allow-service" in r.text
    assert not uses_service('SELECT * { ?s rdfs:label "SERVICE" }')
    big = "ASK { ?s ?p ?o } #" + "x" * 60_000
    r = httpx.post(url + "/sparql", data={"query": big})
    assert r.status_code == 413


def test_query_page_is_vendored_yasgui_without_the_store_path(server):
    import re

    url, store = server
    r = httpx.get(url + "/")
    assert r.status_code == 200 and "static/yasgui.min.js" in r.text
    assert "PREFIX tkg: <https://w3id.org/tkg/ontology#>" in r.text.replace("\\n", "\n")
    # every script and stylesheet comes from this server
    sources = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert sources and all(not s.startswith(("http:", "https:", "//")) for s in sources), sources
    for name, ctype in (("yasgui.min.js", "text/javascript"), ("yasgui.min.css", "text/css")):
        asset = httpx.get(url + "/static/" + name)
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(ctype)
        assert len(asset.content) > 50_000
    assert httpx.get(url + "/static/..%2Fserve.py").status_code == 404
    assert "memory" not in r.text.lower().split("<script")[0]  # no store spec in the page
    spec = str(getattr(store, "spec", ""))
    assert not spec or spec not in r.text


def test_explore_serves_the_explorer_over_the_live_store(server):
    import json
    import re

    url, _ = server
    r = httpx.get(url + "/explore", timeout=60)
    assert r.status_code == 200 and "cytoscape" in r.text
    data = json.loads(
        re.search(r'<script id="tkg-data" type="application/json">(.*?)</script>', r.text, re.S)
        .group(1)
        .replace("<\\/", "</")
    )
    assert data["projection"] == "full" and len(data["nodes"]) > 20
    labels = {n["label"] for n in data["nodes"]}
    assert "VictimCount 270,000 (Europe)" in labels
    assert not any(
        re.match(r"^(Statistic|Country role assertion) [0-9a-f]{6,}$", x) for x in labels
    )
    flow = httpx.get(url + "/explore", params={"projection": "flow"}, timeout=60)
    assert flow.status_code == 200 and '"projection":"flow"' in flow.text
    bad = httpx.get(url + "/explore", params={"projection": "nope"})
    assert bad.status_code == 400 and "nope" in bad.text


FORMS = {
    "SELECT": "PREFIX tkg: <https://w3id.org/tkg/ontology#> SELECT ?p WHERE { ?p a tkg:Person }",
    "ASK": "PREFIX tkg: <https://w3id.org/tkg/ontology#> ASK { ?p a tkg:Person }",
    "CONSTRUCT": "PREFIX tkg: <https://w3id.org/tkg/ontology#> "
    "CONSTRUCT { ?p a tkg:Person } WHERE { ?p a tkg:Person }",
    "DESCRIBE": "DESCRIBE <https://w3id.org/tkg/id/org/europol>",
}
RETURN_FORMATS = [None, "json", "xml", "csv", "tsv", "turtle", "n3", "rdf+xml", "json-ld"]


@pytest.mark.parametrize("form", FORMS)
def test_sparqlwrapper_every_return_format_every_form(server, form):
    """SPARQLWrapper's defaults and each return format get an answer it converts."""
    import warnings
    from xml.dom.minidom import Document

    from SPARQLWrapper import SPARQLWrapper

    url, store = server
    query = FORMS[form]
    people = {str(r[0]) for r in store.select(FORMS["SELECT"]).rows}
    assert people
    for fmt in RETURN_FORMATS:
        sw = SPARQLWrapper(url + "/sparql")
        sw.setQuery(query)
        if fmt:
            sw.setReturnFormat(fmt)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # its own "Accept: */*" notice
            response = sw.query()
            ctype = response.response.headers["content-type"]
            value = response.convert()
        where = (form, fmt, ctype)
        if form in ("SELECT", "ASK"):
            if isinstance(value, dict):
                got = (
                    value["boolean"]
                    if form == "ASK"
                    else {b["p"]["value"] for b in value["results"]["bindings"]}
                )
            elif isinstance(value, Document):
                tags = value.getElementsByTagName("boolean" if form == "ASK" else "uri")
                got = (
                    tags[0].firstChild.data == "true"
                    if form == "ASK"
                    else {t.firstChild.data for t in tags}
                )
            else:
                lines = value.decode().split()
                got = lines[1] == "true" if form == "ASK" else {x.strip("<>") for x in lines[1:]}
            assert got == (True if form == "ASK" else people), where
        else:
            if isinstance(value, bytes):  # Turtle and N3 come back as text to parse
                fmt_name = "n3" if "n3" in ctype else "turtle"
                value = rdflib.Graph().parse(data=value.decode(), format=fmt_name)
            assert isinstance(value, rdflib.Graph) and len(value) >= 3, where
            if form == "CONSTRUCT":
                assert {str(s) for s in value.subjects()} == people, where
        if fmt in (None, "xml", "rdf+xml") and form in ("CONSTRUCT", "DESCRIBE"):
            assert ctype.startswith("application/rdf+xml"), where


def test_rdflib_sparqlstore_with_defaults(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    url, store = server
    g = rdflib.Graph(SPARQLStore(url + "/sparql"))
    people = {r[0] for r in store.select(FORMS["SELECT"]).rows}
    assert {row[0] for row in g.query(FORMS["SELECT"])} == people
    assert g.query(FORMS["ASK"]).askAnswer is True
    constructed = g.query(FORMS["CONSTRUCT"]).graph
    assert set(constructed.subjects()) == people
    described = g.query(FORMS["DESCRIBE"]).graph
    assert (rdflib.URIRef("https://w3id.org/tkg/id/org/europol"), None, None) in described


def test_rdfxml_nquads_and_repeated_format(server):
    url, _ = server
    q = FORMS["CONSTRUCT"]
    r = httpx.get(url + "/sparql", params={"query": q}, headers={"Accept": "application/rdf+xml"})
    assert r.headers["content-type"].startswith("application/rdf+xml")
    assert len(rdflib.Graph().parse(data=r.text, format="xml")) >= 3
    r = httpx.get(url + "/sparql", params={"query": q}, headers={"Accept": "application/n-quads"})
    assert r.headers["content-type"].startswith("application/n-quads")
    ds = rdflib.Dataset()
    ds.parse(data=r.text, format="nquads")
    assert len(ds) >= 3
    # SPARQLWrapper's RDF/XML request: a name and a media type, repeated under three keys
    params = [("query", q)] + [
        (k, v) for k in ("format", "output", "results") for v in ("rdf+xml", "application/rdf+xml")
    ]
    r = httpx.get(url + "/sparql", params=params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/rdf+xml")
    # the first value that suits the form wins, whichever comes last
    params = [
        ("query", FORMS["SELECT"]),
        ("format", "turtle"),
        ("format", "csv"),
        ("format", "json"),
    ]
    r = httpx.get(url + "/sparql", params=params)
    assert r.headers["content-type"].startswith("text/csv")
    params = [("query", q), ("format", "xml"), ("format", "json")]
    r = httpx.post(url + "/sparql", data=dict(params[:1]) | {"format": ["xml", "json"]})
    assert r.headers["content-type"].startswith("application/rdf+xml")


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            "SELECT * WHERE {\n  ?s foo:bar ?o\n}",
            "syntax error at line 2, column 13: unknown prefix 'foo:' in 'foo:bar'; "
            "declare it with PREFIX foo: <...> or use one of: dcterms",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o ",
            "syntax error at line 1, column 27 (near '?o', the end of the query): "
            "expected ',' (another object), '.' (the end of a triple)",
        ),
        (
            'ASK { ?s ?p "open }',
            "syntax error at line 1, column 20 (near '}', the end of the query): "
            "expected a closing quote",
        ),
        (
            "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}",
            "syntax error at line 4, column 2 (near '}', the end of the query): "
            "expected an expression (a variable",
        ),
    ],
)
def test_parse_errors_in_words(server, query, expected):
    url, _ = server
    r = httpx.get(url + "/sparql", params={"query": query})
    assert r.status_code == 400
    assert r.text.startswith(expected), r.text
    assert "['" not in r.text and r.text.count("\n") == 1


def test_error_messages_hide_paths():
    from graph.serve import hide

    assert hide("cannot open /home/ana/cases/.tkg/store (locked)") == (
        "cannot open (the store) (locked)"
    )
    assert hide("bad IRI <https://w3id.org/tkg/id/x>") == "bad IRI <https://w3id.org/tkg/id/x>"


def test_cli_serve_needs_a_token_for_updates(runner):
    from graph.cli import cli

    result = runner.invoke(cli, ["serve", "--allow-update", "--store", "memory"])
    assert result.exit_code == 2 and "--token" in result.output


def test_serve_binds_to_localhost_by_default(monkeypatch, memory_store):
    import uvicorn

    from graph.serve import serve

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    serve(memory_store, timeout=5, max_rows=10)
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000
    assert seen["app"].routes


def test_serving_a_virtuoso_store(virtuoso):
    from starlette.testclient import TestClient

    remote = open_store(virtuoso.url)
    load_files(remote, [EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"])
    client = TestClient(create_app(remote, max_rows=50))
    for rq in SEED:
        r = client.post("/sparql", data={"query": rq.read_text(encoding="utf-8")})
        assert r.status_code == 200 and r.json()["boolean"] is True, rq.name
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.splitlines()[0] == "name,org"
    assert client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"}).status_code == 422
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400 and r.text.count("\n") == 1
    for graph in remote.graph_names():
        remote.remove_graph(graph)


def test_readme_error_example_is_what_the_server_says(server):
    import re

    url, _ = server
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The SPARQL endpoint", 1)[1].split("\n## ", 1)[0]
    example = re.search(r"`(syntax error at line [^`]*)`", section).group(1)
    r = httpx.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s foo:bar ?o }"})
    assert r.status_code == 400
    assert r.text.startswith(example.split(", ...")[0])
    for claim in ("RDF/XML", "N-Quads", "SPARQLStore", "@zazuko/yasgui` 4.6.2", "/explore"):
        assert claim in section
    from graph.web import vendor_file

    assert "4.6.2" in (vendor_file("README.md").read_text(encoding="utf-8"))
