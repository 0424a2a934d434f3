"""Exports (graph/export/): every format read back by a real reader, schemas, RDF round trips."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from graph.exceptions import ExportError, FormatError
from graph.export import (
    FORMATS,
    annotate,
    canonical_format,
    export,
    get_writer,
    guess_format,
    write,
)
from graph.export._common import edge_iter, plain
from graph.export.csv import csv_paths

SCHEMAS = Path(__file__).resolve().parent / "data" / "schemas"
ID = "https://w3id.org/tkg/id/"
ITA = ID + "country/ITA"
TUN = ID + "country/TUN"
GANG = ID + "report/r1/group/romanian-gang"
ODD = 'odd id & <ü> "quoted"'
R1 = ID + "report/r1"
R2 = ID + "report/r2"

GRAPH_FORMATS = ["gexf", "graphml", "cyjs", "dot", "csv"]
KINDS = [nx.Graph, nx.DiGraph, nx.MultiDiGraph]


def hard_graph(cls: type = nx.DiGraph) -> nx.Graph:
    """A projection-like graph with every awkward value the writers must cope with."""
    g = cls(name="flow", description='Flows <between> countries & "regions"')
    g.add_node(
        ITA,
        label="Italy",
        type="Country",
        iri=URIRef(ITA),
        reports=[URIRef(R1), R2],
        iso="IT",
        degree=np.int64(3),
        pagerank=np.float64(0.25),
        betweenness=0.5,
        community=0,
        kcore=np.int32(2),
        broker=np.bool_(True),
        x=0.125,
        y=-0.5,
        dates=["2011-02-22", "2011"],
        note=None,
        alt=Literal("Italie", lang="fr"),
    )
    g.add_node(
        GANG,
        label='Gang "Ñandú" <&>\nsecond line, with comma',
        type="CriminalGroup",
        iri=GANG,
        reports=[R1],
        degree=1,
        pagerank=0.05,
        community=1,
        broker=False,
        big=2**40,
        x=-0.75,
        y=0.25,
    )
    g.add_node(
        TUN,
        label=Literal("Tunisie", lang="fr"),
        type="Country",
        iri=TUN,
        reports=[R2],
        degree=2,
        pagerank=0.7,
        community=0,
        count=Literal(12),
        ratio=Literal("0.5", datatype=rdflib.XSD.decimal),
    )
    g.add_node(ODD, label="Côte d’Ivoire — 東京", type="Region", reports=[], degree=0)
    g.add_edge(
        TUN,
        ITA,
        kind="flow",
        weight=2.5,
        facts=3,
        reports=[R1, URIRef(R2)],
        predicates=[URIRef("https://w3id.org/tkg/ontology#destination")],
        start="2011-01",
        end=None,
    )
    g.add_edge(GANG, ITA, kind="basedIn", weight=np.float32(1.0), facts=np.int64(1), reports=[R1])
    g.add_edge(
        ODD,
        TUN,
        kind='say "hi"\tnow',
        weight=0.5,
        facts=1,
        reports=[],
        start="2011-02-03",
        end="2011-03",
    )
    if g.is_multigraph():
        g.add_edge(TUN, ITA, kind="co-mention", weight=1.0, facts=1, reports=[R2])
    return g


def expected_nodes(g):
    return {
        str(n): {k: plain(v) for k, v in d.items() if plain(v) is not None}
        for n, d in g.nodes(data=True)
    }


def expected_edges(g):
    """Multiset of (u, v, key, attrs) with plain values."""
    rows = []
    if g.is_multigraph():
        items = g.edges(keys=True, data=True)
    else:
        items = ((u, v, None, d) for u, v, d in g.edges(data=True))
    for u, v, k, d in items:
        rows.append(
            (str(u), str(v), k, {a: plain(b) for a, b in d.items() if plain(b) is not None})
        )
    return rows


def same(read, want, list_decode=None):
    """Compare a value read back with the plain value written."""
    if isinstance(want, list):
        got = list_decode(read) if list_decode and isinstance(read, str) else read
        return list(got) == want or (want == [] and got in ([], [""], ""))
    if isinstance(want, bool):
        return (
            read is want or read in ("true", "True")
            if want
            else read is want or read in ("false", "False")
        )
    if isinstance(want, int | float):
        return math.isclose(float(read), float(want), rel_tol=1e-6)
    return str(read) == str(want)


def check(nodes_read, edges_read, g, list_decode, skip_node=(), skip_edge=()):
    want_nodes = expected_nodes(g)
    assert set(nodes_read) == set(want_nodes)
    for n, attrs in want_nodes.items():
        for key, value in attrs.items():
            if key in skip_node or (value == [] and key not in nodes_read[n]):
                continue  # an empty list is an empty cell where lists are joined
            assert key in nodes_read[n], (n, key)
            assert same(nodes_read[n][key], value, list_decode), (n, key, nodes_read[n][key], value)
    want = expected_edges(g)
    assert len(edges_read) == len(want)
    for u, v, k, attrs in want:
        matches = [
            e
            for e in edges_read
            if (e[0], e[1]) == (u, v) or (not g.is_directed() and (e[1], e[0]) == (u, v))
        ]
        if g.is_multigraph():
            matches = [e for e in matches if str(e[2]) == str(k)]
        assert len(matches) == 1, (u, v, k)
        got = matches[0][3]
        for key, value in attrs.items():
            if key in skip_edge or (value == [] and key not in got):
                continue
            assert key in got, (u, v, key)
            assert same(got[key], value, list_decode), (u, v, key, got[key], value)


def _nx_edges(h, key_attr=None):
    if h.is_multigraph():
        return [
            (u, v, d.get(key_attr, k) if key_attr else k, d)
            for u, v, k, d in h.edges(keys=True, data=True)
        ]
    return [(u, v, d.get(key_attr) if key_attr else None, d) for u, v, d in h.edges(data=True)]


# -- the registry -------------------------------------------------------------


def test_registry_names_aliases_and_suffixes():
    assert FORMATS == (
        "gexf", "graphml", "cyjs", "dot", "csv", "html", "ttl", "trig", "nq", "jsonld"
    )  # fmt: skip
    for alias, name in {
        "cytoscape": "cyjs",
        "Cytoscape-JSON": "cyjs",
        "gv": "dot",
        "graphviz": "dot",
        "turtle": "ttl",
        "nquads": "nq",
        "json-ld": "jsonld",
        "GEXF": "gexf",
        "explorer": "html",
    }.items():
        assert canonical_format(alias) == name
    assert guess_format("x/flow.gv") == "dot"
    assert guess_format("flow.jsonld") == "jsonld"
    with pytest.raises(FormatError, match=r"cannot tell the export format of 'flow\.xyz'"):
        guess_format("flow.xyz")
    with pytest.raises(
        FormatError, match=r"unknown export format 'svg'; known: gexf, graphml, cyjs \(cytoscape"
    ):
        canonical_format("svg")
    with pytest.raises(FormatError, match="RDF format"):
        get_writer("ttl")
    with pytest.raises(
        FormatError, match=r"cannot tell the export format of .*flow\.out.*--format"
    ):
        write(nx.Graph(), "flow.out")


def test_unknown_writer_option_is_named():
    with pytest.raises(
        FormatError, match=r"the gexf writer has no option 'scale'; its options: creator"
    ):
        write(nx.Graph(), io.StringIO(), format="gexf", scale=2)
    buf = io.StringIO()
    write(nx.Graph([(1, 2)]), buf, format="cytoscape", scale=2.0)
    assert '"directed":false' in buf.getvalue()


def test_csv_refuses_open_file():
    with pytest.raises(ExportError, match="two tables"):
        write(nx.Graph(), io.StringIO(), format="csv")


def test_unwritable_path_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        write(nx.path_graph(2), blocker / "sub" / "g.gexf")


# -- round trips through real readers -----------------------------------------


@pytest.mark.parametrize("cls", KINDS, ids=lambda c: c.__name__)
def test_gexf_round_trip(cls, tmp_path):
    g = hard_graph(cls)
    path = tmp_path / "g.gexf"
    assert write(g, path) == [path]
    h = nx.read_gexf(path)
    assert h.is_directed() == g.is_directed()
    nodes = {n: d for n, d in h.nodes(data=True)}
    # start/end are the element's lifetime (whole days), checked below
    check(nodes, _nx_edges(h), g, json.loads, skip_edge={"start", "end"})
    # viz: position from the layout, colour by community, size by pagerank
    viz = h.nodes[ITA]["viz"]
    assert viz["position"]["x"] == pytest.approx(125.0) and viz["position"]["y"] == pytest.approx(
        -500.0
    )
    assert viz["color"] != h.nodes[GANG]["viz"]["color"]  # another community
    assert viz["color"] == h.nodes[TUN]["viz"]["color"]  # same community, same colour
    assert h.nodes[TUN]["viz"]["size"] > viz["size"] > h.nodes[GANG]["viz"]["size"]
    # dates as spells, a dynamic graph with dates
    assert h.graph["mode"] == "dynamic"
    assert h.nodes[ITA]["spells"] == [("2011-01-01", "2011-12-31")]
    assert (h.nodes[ITA]["start"], h.nodes[ITA]["end"]) == ("2011-01-01", "2011-12-31")
    flow = next(d for u, v, d in h.edges(data=True) if d.get("kind") == "flow")
    assert (flow["start"], flow["end"]) == ("2011-01-01", "2011-01-31")
    assert flow["spells"] == [("2011-01-01", "2011-01-31")]
    odd = next(d for u, v, d in h.edges(data=True) if d.get("kind") == 'say "hi"\tnow')
    assert (odd["start"], odd["end"]) == ("2011-02-03", "2011-03-31")
    assert "start" not in h.nodes[GANG]  # no date, no lifetime
    text = path.read_text(encoding="utf-8")
    assert 'timeformat="date"' in text and 'kind="flow"' in text


@pytest.mark.parametrize("cls", KINDS, ids=lambda c: c.__name__)
def test_graphml_round_trip(cls, tmp_path):
    g = hard_graph(cls)
    path = tmp_path / "g.graphml"
    write(g, path)
    h = nx.read_graphml(path)
    assert h.is_directed() == g.is_directed()
    # IRIs are not XML name tokens: nodes are n0, n1, ... with the IRI in "id"
    h = nx.relabel_nodes(h, {n: d["id"] for n, d in h.nodes(data=True)})
    for _, d in h.nodes(data=True):
        del d["id"]
    # x and y are scaled to the drawing canvas, checked below
    check(
        dict(h.nodes(data=True)),
        _nx_edges(h, "key"),
        g,
        lambda s: s.split("|"),
        skip_node={"x", "y"},
    )
    assert h.nodes[GANG]["big"] == 2**40
    # drawing keys: Gephi's r, g, b, size, x, y and yEd's ShapeNode
    ita, tun, gang = h.nodes[ITA], h.nodes[TUN], h.nodes[GANG]
    assert (ita["r"], ita["g"], ita["b"]) == (tun["r"], tun["g"], tun["b"])  # one community
    assert ita["color"] != gang["color"] and ita["color"].startswith("#")
    assert tun["size"] > ita["size"] > gang["size"]  # by pagerank
    span = max(abs(d["x"]) for _, d in h.nodes(data=True))
    assert 250 <= span <= 10_000  # a canvas, not layout units
    assert (ita["x"] > gang["x"]) and (ita["y"] < gang["y"])  # the layout's order kept
    assert ita["shape_type"] == "ellipse"  # read from yEd's ShapeNode
    assert h.nodes[ITA]["broker"] is True
    ids = [
        line.split('"')[1]
        for line in path.read_text(encoding="utf-8").splitlines()
        if "<edge " in line
    ]
    assert len(ids) == len(set(ids)) == g.number_of_edges()


@pytest.mark.parametrize("cls", KINDS, ids=lambda c: c.__name__)
def test_cyjs_round_trip(cls, tmp_path):
    g = hard_graph(cls)
    path = tmp_path / "g.cyjs"
    write(g, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    for element in doc["elements"]["nodes"] + doc["elements"]["edges"]:
        assert isinstance(element["data"]["id"], str)
    edge_ids = [e["data"]["id"] for e in doc["elements"]["edges"]]
    assert len(set(edge_ids)) == len(edge_ids)
    h = nx.cytoscape_graph(doc)
    check(dict(h.nodes(data=True)), _nx_edges(h), g, None)
    ita = next(e for e in doc["elements"]["nodes"] if e["data"]["id"] == ITA)
    # fitted to the canvas: centred, y down, the layout's order kept
    gang = next(e for e in doc["elements"]["nodes"] if e["data"]["id"] == GANG)
    assert (
        ita["position"]["x"] > gang["position"]["x"]
        and ita["position"]["y"] > gang["position"]["y"]
    )
    assert 300 <= max(abs(ita["position"]["x"]), abs(gang["position"]["x"])) <= 1000
    buf = io.StringIO()
    write(g, buf, format="cyjs", scale=1000.0)
    scaled = json.loads(buf.getvalue())["elements"]["nodes"]
    assert next(e for e in scaled if e["data"]["id"] == ITA)["position"] == {"x": 125.0, "y": 500.0}
    assert (
        ita["data"]["color"] != gang["data"]["color"] and ita["data"]["size"] > gang["data"]["size"]
    )
    assert doc["style"][0]["style"]["background-color"] == "data(color)"
    assert ita["data"]["name"] == "Italy"
    flow = next(e for e in doc["elements"]["edges"] if e["data"]["kind"] == "flow")
    assert flow["data"]["interaction"] == "flow"


@pytest.mark.parametrize("cls", KINDS, ids=lambda c: c.__name__)
def test_csv_round_trip(cls, tmp_path):
    g = hard_graph(cls)
    node_path, edge_path = write(g, tmp_path / "g.csv")
    assert (node_path, edge_path) == csv_paths(tmp_path / "g.csv")
    with open(node_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:2] == ["Id", "Label"]
    nodes = {}
    for row in rows:
        attrs = {k: v for k, v in row.items() if v != ""}
        attrs["label"] = attrs.pop("Label")
        nodes[attrs.pop("Id")] = attrs
    with open(edge_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:5] == ["Source", "Target", "Type", "Weight", "Id"]
    assert {"Start", "End"} <= set(rows[0])
    assert {r["Type"] for r in rows} == {"Directed" if g.is_directed() else "Undirected"}
    edges = []
    for row in rows:
        attrs = {k: v for k, v in row.items() if v != ""}
        attrs["weight"] = attrs.pop("Weight")
        for column in ("Start", "End"):
            if column in attrs:
                attrs[column.lower()] = attrs.pop(column)
        edges.append((attrs.pop("Source"), attrs.pop("Target"), attrs.pop("Key", None), attrs))
    check(nodes, edges, g, lambda s: s.split("|"))


def _dot_json(path: Path) -> dict:
    out = subprocess.run(
        ["dot", "-Tjson0", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout)


@pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz `dot` is not installed (apt-get install graphviz)"
)
@pytest.mark.parametrize("cls", KINDS, ids=lambda c: c.__name__)
def test_dot_renders_and_round_trips_through_graphviz(cls, tmp_path):
    g = hard_graph(cls)
    path = tmp_path / "g.dot"
    write(g, path, format="graphviz")
    svg = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, timeout=60)
    assert svg.returncode == 0, svg.stderr.decode()
    assert b"<svg" in svg.stdout and svg.stderr.strip() == b""
    doc = _dot_json(path)
    names = {o["_gvid"]: o["name"] for o in doc["objects"]}
    nodes = {}
    for o in doc["objects"]:
        attrs = {k[4:] if k.startswith("tkg_") else k: v for k, v in o.items()}
        nodes[o["name"]] = attrs
    edges = []
    # Graphviz uses `key` as the edge's name and does not list it: edges come in file order
    keys = [k for *_, k, _ in edge_iter(g)]
    for e, key in zip(doc.get("edges", []), keys, strict=True):
        attrs = {k[4:] if k.startswith("tkg_") else k: v for k, v in e.items()}
        edges.append((names[e["tail"]], names[e["head"]], key, attrs))
    # Graphviz turns label "\n" escapes back into line breaks
    for d in nodes.values():
        d["label"] = d["label"].replace("\\n", "\n")
    check(nodes, edges, g, lambda s: s.split("|"), skip_node={"label"})
    assert nodes[GANG]["label"] == g.nodes[GANG]["label"]
    assert nodes[ITA]["fillcolor"] == nodes[TUN]["fillcolor"] != nodes[GANG]["fillcolor"]
    widths = {
        frozenset((u, v)): float(d["penwidth"]) for u, v, _, d in edges if d["kind"] != "co-mention"
    }
    assert widths[frozenset((TUN, ITA))] > widths[frozenset((ODD, TUN))]


# -- schemas --------------------------------------------------------------------


def _schema(path: Path):
    from lxml import etree

    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(path), parser))


@pytest.mark.parametrize("cls", KINDS, ids=lambda c: c.__name__)
def test_gexf_validates_against_gexf_1_3_xsd(cls, tmp_path):
    from lxml import etree

    path = tmp_path / "g.gexf"
    write(hard_graph(cls), path)
    schema = _schema(SCHEMAS / "gexf-1.3" / "gexf.xsd")
    doc = etree.parse(str(path))
    assert schema.validate(doc), schema.error_log.last_error
    # and a static graph without any optional content
    write(nx.Graph([(1, 2)]), path)
    assert schema.validate(etree.parse(str(path))), schema.error_log.last_error


@pytest.mark.parametrize("cls", KINDS, ids=lambda c: c.__name__)
def test_graphml_validates_against_graphml_xsd(cls, tmp_path):
    from lxml import etree

    path = tmp_path / "g.graphml"
    g = hard_graph(cls)
    write(g, path)
    schema = _schema(SCHEMAS / "graphml" / "graphml.xsd")
    doc = etree.parse(str(path))
    # yEd's drawing elements are GraphML extension content (valid in yEd's ygraphml.xsd,
    # which redefines data); set them aside for the plain GraphML schema
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    yed = doc.xpath("//g:key[@yfiles.type]", namespaces=ns)
    assert len(yed) == 2
    drawn = doc.xpath("//g:data[@key='yn' or @key='ye']", namespaces=ns)
    assert len(drawn) == g.number_of_nodes() + g.number_of_edges()
    for element in yed + drawn:
        element.getparent().remove(element)
    assert schema.validate(doc), schema.error_log.last_error


def test_schema_rejects_broken_gexf():
    from lxml import etree

    schema = _schema(SCHEMAS / "gexf-1.3" / "gexf.xsd")
    bad = b'<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph><nodes><node/></nodes><edges/></graph></gexf>'
    assert not schema.validate(etree.fromstring(bad))  # a node without id


# -- hard values, each format ---------------------------------------------------


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_control_characters_and_empty_graph(fmt, tmp_path):
    g = nx.Graph()
    g.add_node("a\x00b", label="bell\x07 and form\x0cfeed", tags={"z", "y"})
    g.add_node(7, label=None)
    g.add_edge("a\x00b", 7, kind=None, weight=float("nan"))
    files = write(g, tmp_path / f"g.{fmt}")
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    assert "\x00" not in text and "\x07" not in text
    if fmt == "gexf":
        h = nx.read_gexf(files[0])
        assert len(h) == 2 and h.number_of_edges() == 1
        assert json.loads(h.nodes["a\ufffdb"]["tags"]) == ["y", "z"]
    if fmt == "graphml":
        h = nx.read_graphml(files[0])
        assert sorted(h.nodes(data="id")) == [("n0", "a\ufffdb"), ("n1", "7")]
        assert math.isnan(next(iter(h.edges(data="weight")))[2])
    empty = write(nx.DiGraph(), tmp_path / f"empty.{fmt}")
    assert all(p.stat().st_size > 0 for p in empty)


def test_writers_take_binary_and_text_files():
    g = hard_graph(nx.Graph)
    for fmt in ["gexf", "graphml", "cyjs", "dot"]:
        b, t = io.BytesIO(), io.StringIO()
        assert write(g, b, format=fmt) == []
        write(g, t, format=fmt)
        assert b.getvalue().decode("utf-8") == t.getvalue()
        assert "Ñandú" in t.getvalue()


def test_annotate_adds_measures_and_layout():
    g = nx.karate_club_graph()
    annotate(g)
    data = g.nodes[0]
    assert {"degree", "pagerank", "betweenness", "community", "x", "y"} <= set(data)
    assert len({d["community"] for _, d in g.nodes(data=True)}) > 1
    before = dict(g.nodes[0])
    annotate(g)  # nothing to add: unchanged
    assert g.nodes[0] == before


def test_streaming_writes_in_chunks(tmp_path):
    """The writers hand the file many small pieces, not one string of the whole file."""

    class Counter(io.StringIO):
        calls = 0
        biggest = 0

        def write(self, s):
            Counter.calls += 1
            Counter.biggest = max(Counter.biggest, len(s))
            return super().write(s)

    g = nx.gnm_random_graph(3000, 6000, seed=1, directed=True)
    for fmt in ["gexf", "graphml", "cyjs", "dot"]:
        Counter.calls = Counter.biggest = 0
        buf = Counter()
        write(g, buf, format=fmt)
        assert Counter.calls > 3
        assert Counter.biggest < len(buf.getvalue()) / 2


# -- RDF --------------------------------------------------------------------------


@pytest.fixture
def rdf_store(memory_store):
    tkg = rdflib.Namespace("https://w3id.org/tkg/ontology#")
    for report, label in [(R1, Literal("Libye", lang="fr")), (R2, Literal('Quote " and\nnewline'))]:
        g = rdflib.Graph()
        s = URIRef(report + "/flow/1")
        g.add((s, rdflib.RDF.type, tkg.MigrationFlow))
        g.add((s, rdflib.RDFS.label, label))
        g.add((s, tkg["count"], Literal(10000)))
        g.add((s, tkg.confidence, Literal("0.9", datatype=rdflib.XSD.decimal)))
        g.add((s, tkg.destination, URIRef(ITA)))
        memory_store.replace_graph(report, g)
    return memory_store


def _dataset(data: bytes, fmt: str) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(data=data, format=fmt)
    return ds


def _graph_of(store, iri):
    return store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")


@pytest.mark.parametrize("fmt,parser", [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_rdf_whole_store_is_isomorphic(rdf_store, tmp_path, fmt, parser):
    path = tmp_path / f"all.{fmt}"
    assert export(rdf_store, path) == [path]
    ds = _dataset(path.read_bytes(), parser)
    names = sorted(str(c.identifier) for c in ds.graphs() if len(c))
    assert names == [R1, R2]
    for iri in (R1, R2):
        assert isomorphic(ds.graph(URIRef(iri)), _graph_of(rdf_store, iri))
    if fmt == "jsonld":
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["@context"]["tkg"] == "https://w3id.org/tkg/ontology#"
        assert set(doc["@context"]) >= {
            "tkg",
            "tkgid",
            "rdfs",
            "skos",
            "prov",
            "dcterms",
            "xsd",
            "schema",
        }


@pytest.mark.parametrize(
    "fmt,parser", [("ttl", "turtle"), ("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")]
)
def test_rdf_one_report_is_isomorphic(rdf_store, tmp_path, fmt, parser):
    path = tmp_path / f"r1.{fmt}"
    export(rdf_store, path, graph_iri=R1)
    ds = _dataset(path.read_bytes(), parser)
    merged = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    assert isomorphic(merged, _graph_of(rdf_store, R1))
    if fmt == "nq":
        assert all(
            line.endswith(f"<{R1}> .") for line in path.read_text(encoding="utf-8").splitlines()
        )


def test_rdf_turtle_merges_graphs(rdf_store, tmp_path):
    path = tmp_path / "all.ttl"
    export(rdf_store, path, format="turtle")
    got = rdflib.Graph().parse(path, format="turtle")
    want = _graph_of(rdf_store, R1) + _graph_of(rdf_store, R2)
    assert isomorphic(got, want)


def test_rdf_unknown_graph(rdf_store, tmp_path):
    with pytest.raises(ExportError, match=r"no named graph <urn:x:nope>"):
        export(rdf_store, tmp_path / "x.ttl", graph_iri="urn:x:nope")


# -- the library call behind `tkg export` ------------------------------------------


@pytest.fixture(scope="module")
def example_store():
    from graph.load import load_files
    from graph.store import open_store

    store = open_store("memory")
    root = Path(__file__).resolve().parent.parent
    load_files(store, [root / "examples" / "facts" / "cnn-2011-europol-north-africa.yaml"])
    return store


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_export_projection_of_example_report(example_store, tmp_path, fmt):
    from graph.network import project

    files = export(example_store, tmp_path / f"flow.{fmt}", projection="flow")
    assert all(p.exists() and p.stat().st_size > 0 for p in files)
    g = project(example_store, "flow")
    assert g.number_of_nodes() > 0
    if fmt == "gexf":
        h = nx.read_gexf(files[0])
        assert set(h) == {str(n) for n in g}
        assert all("viz" in d and "position" in d["viz"] for _, d in h.nodes(data=True))
        assert {"community", "pagerank"} <= set(next(iter(h.nodes(data=True)))[1])
    if fmt == "csv":
        assert [p.name for p in files] == ["flow.nodes.csv", "flow.edges.csv"]


def test_export_full_projection_one_report(example_store, tmp_path):
    report = next(iri for iri in example_store.graph_names() if "/report/" in iri)
    files = export(example_store, tmp_path / "full.graphml", projection="full", graph_iri=report)
    h = nx.read_graphml(files[0])
    assert len(h) > 0
    assert all(report in d.get("reports", "").split("|") for _, d in h.nodes(data=True))
    assert all(d["id"].startswith("https://") for _, d in h.nodes(data=True))


def test_cli_export_writes_every_format(runner, tmp_path):
    from graph.cli import cli

    root = Path(__file__).resolve().parent.parent
    store = tmp_path / "store"
    facts = root / "examples" / "facts" / "cnn-2011-europol-north-africa.yaml"
    result = runner.invoke(cli, ["load", str(facts), "--store", str(store)])
    assert result.exit_code == 0, result.output
    for name in ["flow.gexf", "flow.cyjs", "flow.csv", "facts.jsonld", "facts.trig"]:
        out = tmp_path / "out" / name
        result = runner.invoke(cli, ["export", "-o", str(out), "--store", str(store)])
        assert result.exit_code == 0, result.output
        assert out.stem in result.output
    result = runner.invoke(cli, ["export", "-o", str(tmp_path / "x.pdf"), "--store", str(store)])
    assert result.exit_code == 2
    assert "cannot tell the export format" in result.output


def test_bench_quick_run():
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, str(root / "bench" / "bench_export.py"), "--nodes", "300"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "gexf     ratio" in out.stdout and "graphml  ratio" in out.stdout


# -- the example build, read by the tools' own readers (issue 11) -------------------

REPORT = (
    Path(__file__).resolve().parent.parent / "examples/reports/cnn-2011-europol-north-africa.txt"
)
_FALLBACK_LABEL = r"^[A-Z][a-z]*(?: [a-z]+)* [0-9a-f]{6,}$"


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    """``tkg build examples/reports/cnn-2011-europol-north-africa.txt --out DIR``."""
    from graph.build import build

    out = tmp_path_factory.mktemp("example-build")
    build([REPORT], out, figures=False)
    return out


def test_example_build_gexf_has_spells_on_nodes_and_edges(example_build):
    h = nx.read_gexf(example_build / "network.gexf")
    assert h.graph["mode"] == "dynamic"
    assert h.number_of_nodes() > 0 and h.number_of_edges() > 0
    items = [d for _, d in h.nodes(data=True)] + [d for *_, d in h.edges(data=True)]
    for d in items:
        assert "2010-01-01" <= d["start"] <= d["end"] <= "2011-12-31", d
        assert d["spells"] == [(d["start"], d["end"])]
    # the flow North Africa -> Italy: "since the start of 2011", reported on 22 February 2011
    flow = h.edges[ID + "region/north-africa", ITA]
    assert (flow["start"], flow["end"]) == ("2011-01-01", "2011-02-22")


def test_example_build_graphml_colour_size_position_in_igraph_and_networkx(example_build):
    ig = pytest.importorskip("igraph", reason="python-igraph is not installed")
    path = example_build / "network.graphml"
    h = nx.read_graphml(path)
    with pytest.warns(RuntimeWarning, match="id"):  # igraph keeps our "id" key as an attribute
        gi = ig.Graph.Read_GraphML(str(path))
    assert gi.vcount() == h.number_of_nodes() > 0
    for reader_nodes in ([d for _, d in h.nodes(data=True)], [v.attributes() for v in gi.vs]):
        for d in reader_nodes:
            assert d["color"] == "#{:02x}{:02x}{:02x}".format(int(d["r"]), int(d["g"]), int(d["b"]))
            assert 5.0 <= d["size"] <= 50.0
            assert isinstance(d["x"], float) and isinstance(d["y"], float)
            assert d["label"] and not re.match(_FALLBACK_LABEL, d["label"])
            assert d["start"] <= d["end"]
        spread = max(abs(d[k]) for d in reader_nodes for k in ("x", "y"))
        assert 250 <= spread <= 20_000  # pixels on a canvas, not layout units
    ita = next(d for _, d in h.nodes(data=True) if d["id"] == ITA)
    assert ita["size"] == max(d["size"] for _, d in h.nodes(data=True))  # largest PageRank


def test_example_build_csv_has_start_and_end(example_build):
    for name in ("network.nodes.csv", "network.edges.csv"):
        with open(example_build / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and {"Start", "End"} <= set(rows[0])
        day = re.compile(r"^\d{4}-\d{2}-\d{2}$")
        assert all(day.match(r["Start"]) and day.match(r["End"]) for r in rows)
        assert all(r["Start"] <= r["End"] for r in rows)


def test_example_build_cyjs_carries_style_dates_and_readable_labels(example_build):
    doc = json.loads((example_build / "network.cyjs").read_text(encoding="utf-8"))
    assert [s["selector"] for s in doc["style"]][:2] == ["node", "edge"]
    for node in doc["elements"]["nodes"]:
        data = node["data"]
        assert data["color"].startswith("#") and 20 <= data["size"] <= 80
        assert data["start"] <= data["end"] and "position" in node
    for edge in doc["elements"]["edges"]:
        assert edge["data"]["start"] <= edge["data"]["end"] and edge["data"]["width"] >= 1
    desktop = json.loads((example_build / "network.style.json").read_text(encoding="utf-8"))
    assert desktop[0]["title"] == "tkg flow" and desktop[0]["style"][1]["selector"] == "edge"


def test_full_projection_labels_are_readable(example_store, tmp_path):
    files = export(example_store, tmp_path / "full.graphml", projection="full")
    h = nx.read_graphml(files[0])
    labels = {d["id"]: d["label"] for _, d in h.nodes(data=True)}
    bad = [x for x in labels.values() if re.match(_FALLBACK_LABEL, x)]
    assert bad == []
    assert "VictimCount 270,000 (Europe)" in labels.values()
    assert "Italy: destination country" in labels.values()
    assert "MarketValue 3,000,000,000 USD (Europe)" in labels.values()
    stat = next(d for _, d in h.nodes(data=True) if d["label"] == "VictimCount 270,000 (Europe)")
    assert stat["description"].startswith("about 270,000")  # the sentence-like name is kept


def test_example_build_explorer_is_offline_and_ships_the_licence(example_build):
    from graph.web import VENDOR_DIR

    page = (example_build / "explorer.html").read_text(encoding="utf-8")
    assert "Copyright (c) 2016-2026, The Cytoscape Consortium." in page  # the library, inline
    assert not re.search(r'(?:src|href)=["\'](?:https?:)?//', page)
    assert (VENDOR_DIR / "cytoscape.LICENSE").read_text().startswith("Copyright (c)")
    assert "MIT" in (VENDOR_DIR / "yasgui.LICENSE").read_text()
    manifest = json.loads((example_build / "manifest.json").read_text(encoding="utf-8"))
    assert "explorer.html" in manifest["files"]


def test_cli_export_html(runner, tmp_path):
    from graph.cli import cli

    root = Path(__file__).resolve().parent.parent
    store = tmp_path / "store"
    facts = root / "examples" / "facts" / "cnn-2011-europol-north-africa.yaml"
    assert runner.invoke(cli, ["load", str(facts), "--store", str(store)]).exit_code == 0
    out = tmp_path / "explorer.html"
    result = runner.invoke(
        cli, ["export", "--format", "html", "-p", "full", "-o", str(out), "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert '"projection":"full"' in out.read_text(encoding="utf-8")


def test_explorer_keeps_the_best_connected_nodes():
    from graph.web.explorer import explorer_data, keep_largest

    g = nx.barabasi_albert_graph(6000, 2, seed=1)
    small = keep_largest(g)
    assert small.number_of_nodes() == 5000 and small.graph["omitted"] == 1000
    doc = explorer_data(small)
    assert len(doc["nodes"]) == 5000 and doc["omitted"] == 1000


def test_readme_exports_section_matches_the_artefacts(example_build):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exports for visualisation tools", 1)[1].split("\n## ", 1)[0]
    for fmt in FORMATS:
        assert f"`{fmt}`" in section, fmt
    for name in ("network.gexf", "network.graphml", "network.cyjs", "network.style.json"):
        assert name in section and (example_build / name).is_file()
    assert "explorer.html" in section and (example_build / "explorer.html").is_file()
    # the dates the README quotes for the example flow
    assert "runs from 2011-01-01 to 2011-02-22" in section
    h = nx.read_gexf(example_build / "network.gexf")
    flow = h.edges[ID + "region/north-africa", ITA]
    assert (flow["start"], flow["end"]) == ("2011-01-01", "2011-02-22")
    assert "Cytoscape.js 3.35.0" in section
    from graph.web import vendor_file

    assert "cytoscape` 3.35.0" in vendor_file("README.md").read_text(encoding="utf-8")


# -- atomic writes: a full disk keeps the previous export (issue 12 item 11) ----

_FULL_DISK = r"""
import resource, signal, sys
import networkx as nx
from graph.exceptions import ExportError
from graph.export import FORMATS, export, write
from graph.export.rdf import write_rdf
from graph.store import open_store

fmt, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
g = nx.DiGraph()
for i in range(size):
    g.add_edge(f"https://w3id.org/tkg/id/n{i}", f"https://w3id.org/tkg/id/n{i + 1}",
               weight=1.0, kind="flow", label="x" * 40)
store = open_store("memory")
body = "".join(f'<urn:x:s{i}> <urn:x:p> "{"y" * 40}" .\n' for i in range(size))
store.replace_graph("urn:x:r", body)
if len(sys.argv) > 4:  # the second export: every write past the limit fails like a full disk
    limit = int(sys.argv[4])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    if fmt in ("ttl", "trig", "nq", "jsonld"):
        write_rdf(store, out, fmt)
    else:
        write(g, out, format=fmt)
except ExportError as e:
    print("error:", e)
    sys.exit(7)
"""


@pytest.mark.parametrize(
    "fmt", ["gexf", "graphml", "cyjs", "dot", "csv", "html", "ttl", "trig", "nq", "jsonld"]
)
def test_full_disk_keeps_the_previous_export(fmt, tmp_path):
    """A write failing half-way (file-size limit = full disk) is one line; the old files stay whole."""
    out = tmp_path / f"export.{fmt}"
    script = [sys.executable, "-c", _FULL_DISK, fmt, str(out)]
    first = subprocess.run([*script, "3"], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stdout + first.stderr
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    limit = str(max(len(b) for b in before.values()) + 4096)
    second = subprocess.run([*script, "5000", limit], capture_output=True, text=True, timeout=120)
    assert second.returncode == 7, second.stdout + second.stderr
    lines = second.stdout.strip().splitlines()
    assert len(lines) == 1 and "cannot write" in lines[0] and "unchanged" in lines[0], lines
    assert "Traceback" not in second.stderr
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # the previous export, byte for byte, and no temporary file left


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "cyjs", "dot", "csv", "html"])
def test_export_is_renamed_into_place(fmt, tmp_path, monkeypatch):
    """While a writer runs, the target path does not exist yet (a temporary file does)."""
    import os as _os

    seen = []
    real_replace = _os.replace

    def spy(src, dst):
        seen.append((Path(src).name, Path(dst).name, Path(dst).exists()))
        return real_replace(src, dst)

    monkeypatch.setattr("graph.export._common.os.replace", spy)
    paths = write(nx.path_graph(3), tmp_path / f"g.{fmt}", format=fmt)
    assert seen and all(src.startswith(".") and src.endswith(".tmp") for src, _, _ in seen)
    assert {dst for _, dst, _ in seen} >= {p.name for p in paths}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["gexf", "graphml", "cyjs", "dot", "html", "nq", "jsonld"])
def test_dev_full_is_one_line(fmt, runner, tmp_path):
    """``-o /dev/full`` is a one-line error (exit 7), never a traceback; /dev/full stays a device."""
    from graph.cli import cli

    root = Path(__file__).resolve().parent.parent
    store = tmp_path / "store"
    facts = root / "examples" / "facts" / "cnn-2011-europol-north-africa.yaml"
    assert runner.invoke(cli, ["load", str(facts), "--store", str(store)]).exit_code == 0
    result = runner.invoke(
        cli, ["export", "-o", "/dev/full", "--format", fmt, "--store", str(store)]
    )
    assert result.exit_code == 7, result.output
    assert "cannot write /dev/full" in result.output and "No space left" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert Path("/dev/full").is_char_device()


def test_csv_to_a_device_is_refused(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with pytest.raises(ExportError, match="not a regular file"):
        write(nx.path_graph(2), "/dev/full", format="csv")
    assert not Path("/dev/full.nodes.csv").exists()
