"""Measures, route questions, slices and the analysis report (graph/analysis.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from graph.analysis import (
    BROKER_RULE,
    analyze,
    chokepoints,
    compare,
    default_endpoints,
    disruption,
    measure,
    resolve,
    route_paths,
)
from graph.exceptions import AnalysisError
from graph.network import project
from tests.synthetic import place, planted_chokepoints, planted_communities, routes_dataset
from tests.test_network import DATA, ITA, REPORT, TUN, load_trig


def load_routes(store, edges, report="synthetic", dates=None):
    iri, g = routes_dataset(edges, report, dates)
    store.replace_graph(iri, g)
    return store


@pytest.fixture
def example_store(memory_store):
    load_trig(memory_store, DATA / "example.trig")
    return memory_store


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_broker_bridge_communities(memory_store, seed):
    edges, truth = planted_communities(n=4, size=10, seed=seed)
    g = project(load_routes(memory_store, edges), "flow")
    info = measure(g, seed=seed)
    assert info.brokers == [place(truth["broker"])]
    assert g.nodes[place("Broker")]["broker"] is True
    assert info.bridges == [tuple(sorted(place(x) for x in truth["bridge"]))]
    assert set(info.articulation_points) == {place(x) for x in truth["articulation_points"]}
    found = [{g.nodes[place(x)]["community"] for x in members} for members in truth["communities"]]
    assert all(len(ids) == 1 for ids in found)  # each planted community stays whole
    assert len({next(iter(ids)) for ids in found}) == len(found)  # and apart from the others
    assert max(g.nodes, key=lambda x: g.nodes[x]["betweenness"]) == place("Broker")
    assert g.nodes[place("Outpost")]["kcore"] == 1 and g.nodes[place("C0N0")]["kcore"] == 9


def test_planted_chokepoints_and_disruption(memory_store):
    edges, truth = planted_chokepoints()
    g = project(load_routes(memory_store, edges), "flow")
    measure(g)
    origins, dests = default_endpoints(g)
    assert origins == sorted(place(x) for x in truth["origins"])
    assert dests == sorted(place(x) for x in truth["destinations"])
    assert set(chokepoints(g, origins, dests)) == {place(x) for x in truth["chokepoints"]}
    # by label, too
    assert chokepoints(g, ["O1", "O2"], ["D1"]) == [place("X")]
    rows = disruption(g, origins, dests, k_max=3)
    assert [r["k"] for r in rows] == [0, 1, 2, 3]
    assert rows[0]["connected"] == 1.0
    assert rows[1]["removed"] == place("X")  # the main corridor goes first
    assert rows[1]["connected"] == pytest.approx(1 / 6)  # only O3 -> Y -> D2 is left
    shares = [r["connected"] for r in rows]
    assert shares == sorted(shares, reverse=True)
    by_degree = disruption(g, origins, dests, measure_name="degree", k_max=1)
    assert by_degree[1]["removed"] == place("A1")  # degree 4 like X; ties go by name
    assert by_degree[1]["connected"] == 1.0  # A2 still carries everything: degree misleads


def test_chokepoints_edge_cases():
    g = nx.DiGraph([("o", "d"), ("o", "x"), ("x", "d")])
    assert chokepoints(g, ["o"], ["d"]) == []  # a direct link cannot be cut
    g2 = nx.DiGraph([("o", "x")])
    g2.add_node("d")
    assert chokepoints(g2, ["o"], ["d"]) == []  # nothing to cut
    g3 = nx.Graph([("o", "x"), ("x", "d")])
    assert chokepoints(g3, ["o"], ["d"]) == ["x"]  # undirected graphs work too


def test_route_paths(memory_store):
    edges, _ = planted_chokepoints()
    g = project(load_routes(memory_store, edges), "flow")
    paths = route_paths(g, "O1", "D1", cutoff=4)
    assert len(paths) == 4  # A1/A2 x B1/B2
    assert all(place("X") in p and p[0] == place("O1") and p[-1] == place("D1") for p in paths)
    assert route_paths(g, "O1", "D1", cutoff=3) == []
    assert route_paths(g, "O3", "D2", cutoff=2) == [[place("O3"), place("Y"), place("D2")]]


def test_resolve_errors():
    g = nx.DiGraph()
    g.add_node("urn:it", label="Italy", iso="IT")
    with pytest.raises(AnalysisError, match="no node 'Atlantis'.*such as: Italy"):
        resolve(g, "Atlantis")


def test_sampled_betweenness_is_reported_and_repeatable():
    g = nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=3)
    info = measure(g, seed=7, exact_limit=100, k=50)
    assert info.betweenness_k == 50
    first = nx.get_node_attributes(g, "betweenness")
    measure(g, seed=7, exact_limit=100, k=50)
    assert nx.get_node_attributes(g, "betweenness") == first
    exact = nx.betweenness_centrality(g)
    top_exact = sorted(exact, key=exact.get)[-30:]
    top_sampled = sorted(first, key=first.get)[-30:]
    assert len(set(top_exact) & set(top_sampled)) >= 15  # a fair estimate
    assert measure(g, seed=7, exact_limit=100).betweenness_k is None  # budget allows exact
    assert measure(g, seed=7).betweenness_k is None


def test_measures_on_multigraph_and_directed_strength():
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", weight=2.0)
    g.add_edge("a", "b", weight=1.0)
    g.add_edge("b", "c")
    measure(g)
    assert g.nodes["a"]["strength_out"] == 3.0 and g.nodes["b"]["strength_in"] == 3.0
    assert g.nodes["b"]["degree"] == 2 and g.nodes["b"]["articulation_point"]
    assert measure(nx.Graph()).communities == []


def test_compare_slices(memory_store):
    edges = [("A", "B"), ("B", "C"), ("A", "B"), ("C", "D")]
    load_routes(memory_store, edges, dates=["2011-03-01", "2011-04-01", "2012-05-01", "2012-06-01"])
    y2011 = project(memory_store, "flow", date_from="2011", date_to="2011")
    y2012 = project(memory_store, "flow", date_from="2012", date_to="2012")
    diff = compare(y2011, y2012)
    assert diff["edges_added"] == [(place("C"), place("D"))]
    assert diff["edges_removed"] == [(place("B"), place("C"))]
    assert diff["nodes_added"] == [place("D")]
    assert diff["weight_changes"] == []
    whole = project(memory_store, "flow")
    assert compare(y2011, whole)["weight_changes"] == [(place("A"), place("B"), 1.0, 2.0)]


def test_analyze_example_report(example_store, tmp_path):
    result = analyze(example_store, tmp_path, seed=1, top=5)
    names = {p.name for p in result.files}
    for stem in ("network-flow", "route-map", "centrality-flow", "timeline"):
        assert {stem + ".png", stem + ".svg"} <= names
        assert (tmp_path / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = (tmp_path / "analysis.md").read_text(encoding="utf-8")
    assert "| 1 | Italy | Country |" in md  # Italy leads the flow graph
    assert "Europol: syndicates could exploit North Africa unrest" in md
    assert "young Tunisians frustrated" in md  # the evidence sentence behind Tunisia -> Italy
    assert BROKER_RULE in md and "Destinations: Italy" in md
    assert "![route-map](route-map.png)" in md
    with (tmp_path / "metrics.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(g.number_of_nodes() for g in result.graphs.values())
    assert {r["projection"] for r in rows} == set(result.graphs)
    italy = next(r for r in rows if r["projection"] == "flow" and r["node"] == ITA)
    assert float(italy["strength_in"]) == 5.0 and italy["reports"] == REPORT
    data = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert data["projections"]["flow"]["nodes"] == result.graphs["flow"].number_of_nodes()
    assert len(data["nodes"]) == len(rows)
    assert result.routes["destinations"] == [ITA] and TUN in result.routes["origins"]
    actors = result.graphs["actor-place"]
    assert actors.has_edge(
        "https://w3id.org/tkg/id/person/robert-wainwright", "https://w3id.org/tkg/id/org/europol"
    )


def test_analyze_slice_and_other_projection(example_store, tmp_path):
    result = analyze(
        example_store, tmp_path, projection="actor-place", date_from="2011-02",
        date_to="2011-02", projections=["actor-place"], figures=False,
    )  # fmt: skip
    assert set(result.graphs) == {"actor-place"}
    md = (tmp_path / "analysis.md").read_text(encoding="utf-8")
    assert "## Network: actor-place graph" in md
    assert "facts dated from 2011-02 to 2011-02" in md
    assert "## Change between all dates and this slice" in md
    assert result.changes is not None and result.changes["nodes_added"] == []


def test_analyze_errors(example_store, tmp_path):
    with pytest.raises(AnalysisError, match="unknown projection 'map'"):
        analyze(example_store, tmp_path, projection="map")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(AnalysisError, match="cannot create output directory"):
        analyze(example_store, blocker / "out", figures=False)


CURATED = (
    Path(__file__).resolve().parent.parent
    / "examples"
    / "facts"
    / "cnn-2011-europol-north-africa.yaml"
)
NORTH_AFRICAN = {"north africa", "tunisia", "libya", "egypt", "algeria", "morocco"}


@pytest.mark.skipif(not CURATED.exists(), reason="the curated fact sheet is not written yet")
def test_curated_fact_sheet(memory_store, tmp_path):
    from graph.load import load_files

    load_files(memory_store, [CURATED])  # also loads the ontology and the places gazetteer
    result = analyze(memory_store, tmp_path, seed=3, figures=False)

    def by_label(g, label):
        return next(n for n, d in g.nodes(data=True) if d["label"].casefold() == label.casefold())

    flow = result.graphs["flow"]
    italy = by_label(flow, "Italy")
    assert "destination" in flow.nodes[italy]["roles"]
    sources = {flow.nodes[p]["label"].casefold() for p in flow.predecessors(italy)}
    assert sources & NORTH_AFRICAN
    assert all("lat" in flow.nodes[n] for n in flow if flow.degree(n))  # regions get centroids
    ap = result.graphs["actor-place"]
    for person, org, org_type in [
        ("Robert Wainwright", "Europol", "LawEnforcementAgency"),
        ("Melissa Fleming", "UNHCR", "InternationalOrganization"),
    ]:
        p, o = by_label(ap, person), by_label(ap, org)
        assert ap[p][o]["kind"] == "memberOf" and ap.nodes[o]["type"] == org_type
    syn = result.graphs["syndicate"]
    gang = next(
        n
        for n, d in syn.nodes(data=True)
        if d["type"] == "CriminalGroup" and "Romania" in d["label"]
    )
    targets = {
        syn.nodes[v]["label"]: (syn.nodes[v]["type"], syn[gang][v]["kind"])
        for v in syn.successors(gang)
    }
    assert targets["Romania"] == ("Country", "nationality")
    roma = next(label for label in targets if "roma" in label.casefold() and label != "Romania")
    assert targets[roma] == ("VictimGroup", "victim")
