"""Projections of the store onto networkx graphs (graph/network.py)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import rdflib

from graph.exceptions import AnalysisError, InputError
from graph.network import PROJECTIONS, date_bounds, events, project, report_titles

DATA = Path(__file__).resolve().parent / "data" / "analysis"
ID = "https://w3id.org/tkg/id/"
REPORT = ID + "report/cnn-2011-europol-north-africa"
ITA, TUN, LBY, EGY, ROU, NLD = (
    ID + f"country/{c}" for c in ("ITA", "TUN", "LBY", "EGY", "ROU", "NLD")
)
NORTH_AFRICA = ID + "region/north-africa"
EUROPOL, UNHCR = ID + "org/europol", ID + "org/unhcr"
WAINWRIGHT, FLEMING = ID + "person/robert-wainwright", ID + "person/melissa-fleming"
GANG = REPORT + "/group/romanian-gang"
ROMA = REPORT + "/group/roma-children"


def load_trig(store, path: Path) -> None:
    ds = rdflib.Dataset()
    ds.parse(path, format="trig")
    for g in ds.graphs():
        if len(g) and str(g.identifier).startswith("http"):
            store.replace_graph(str(g.identifier), g)


@pytest.fixture
def store(memory_store):
    load_trig(memory_store, DATA / "example.trig")
    return memory_store


def test_registry_names_and_descriptions():
    assert set(PROJECTIONS) == {"flow", "actor-place", "syndicate", "comention", "full"}
    assert all(p.description for p in PROJECTIONS.values())


def test_flow_italy_is_destination_of_north_africa(store):
    g = project(store, "flow")
    assert isinstance(g, nx.DiGraph) and g.graph["name"] == "flow"
    assert set(g.predecessors(ITA)) == {TUN, LBY, EGY, NORTH_AFRICA}
    assert g.out_degree(ITA) == 0
    assert "destination" in g.nodes[ITA]["roles"]
    assert g.nodes[ITA]["label"] == "Italy" and g.nodes[ITA]["type"] == "Country"
    assert g.nodes[ITA]["iso"] == "IT"
    assert g.nodes[NORTH_AFRICA]["type"] == "Region"
    # Tunisia -> Italy: the flow and the source/destination role assertions on young Tunisians
    edge = g[TUN][ITA]
    assert edge["weight"] == 2.0 and edge["facts"] == 2 and edge["kind"] == "flow"
    assert edge["reports"] == [REPORT]
    assert "tkg:countryRole" in edge["predicates"] and "tkg:origin" in edge["predicates"]
    assert any("young Tunisians" in s for s in edge["evidence"])
    # only places; literals are never nodes
    assert {d["type"] for _, d in g.nodes(data=True)} <= {"Country", "Region"}
    assert all(n.startswith("https://") for n in g)


def test_flow_takes_places_from_route_via(store):
    # flow/2 has its own origins; the route it goes via adds North Africa -> Italy
    g = project(store, "flow")
    assert g[NORTH_AFRICA][ITA]["predicates"] == ["tkg:origin", "tkg:destination"]
    assert g.nodes[ITA]["inflow"] == 10000


def test_actor_place_people_and_organisations(store):
    g = project(store, "actor-place")
    assert g[WAINWRIGHT][EUROPOL]["kind"] == "memberOf"
    assert g[FLEMING][UNHCR]["kind"] == "memberOf"
    assert g.nodes[EUROPOL]["type"] == "LawEnforcementAgency"
    assert g.nodes[UNHCR]["type"] == "InternationalOrganization"
    assert g[EUROPOL][ITA]["kind"] == "deployment"
    assert g[EUROPOL][NLD]["kind"] == "basedIn"
    assert g[GANG][ROU]["kind"] == "nationality"
    geneva = ID + "city/che/geneva"
    assert g[FLEMING][geneva]["predicates"] == ["tkg:speaker", "tkg:location"]
    assert "Statement" in g.nodes[FLEMING]["events"]


def test_syndicate_links_group_to_nationality_victims_and_operation(store):
    g = project(store, "syndicate")
    assert g[GANG][ROU]["kind"] == "nationality"
    assert g[GANG][ROMA]["kind"] == "victim"
    assert g.nodes[ROMA]["type"] == "VictimGroup"
    operation = REPORT + "/operation/1"
    assert g[operation][GANG]["kind"] == "target"
    assert g.nodes[operation]["label"] == "Law enforcement operation 1"


def test_syndicate_routes_and_countries(memory_store):
    trig = """
    @prefix tkg: <https://w3id.org/tkg/ontology#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <urn:r> { <urn:r> a tkg:Report .
      <urn:g1> a tkg:CriminalGroup ; rdfs:label "G1" ; tkg:operatesOn <urn:route> .
      <urn:g2> a tkg:CriminalGroup ; rdfs:label "G2" .
      <urn:route> a tkg:Route ; tkg:origin <urn:ng> ; tkg:transit <urn:ly> ; tkg:destination <urn:it> .
      <urn:act> a tkg:SmugglingActivity ; tkg:perpetrator <urn:g2> ; tkg:via <urn:route> ;
          tkg:victim <urn:v> .
      <urn:v> a tkg:MigrantGroup ; rdfs:label "migrants" .
      <urn:ng> a tkg:Country ; rdfs:label "Nigeria" . <urn:ly> a tkg:Country ; rdfs:label "Libya" .
      <urn:it> a tkg:Country ; rdfs:label "Italy" . }
    """
    ds = rdflib.Dataset()
    ds.parse(data=trig, format="trig")
    memory_store.replace_graph("urn:r", ds.graph(rdflib.URIRef("urn:r")))
    g = project(memory_store, "syndicate")
    assert g["urn:g1"]["urn:route"]["kind"] == "operatesOn"
    assert g["urn:g2"]["urn:route"]["predicates"] == ["tkg:perpetrator", "tkg:via"]
    assert {v: g["urn:route"][v]["kind"] for v in g.successors("urn:route")} == {
        "urn:ng": "origin",
        "urn:ly": "transit",
        "urn:it": "destination",
    }
    assert g["urn:g2"]["urn:v"]["kind"] == "victim"
    flow = project(memory_store, "flow")
    assert set(flow.edges) == {("urn:ng", "urn:ly"), ("urn:ly", "urn:it")}
    assert flow["urn:ng"]["urn:ly"]["weight"] == 2.0  # the route and the activity via it


def test_comention_counts_shared_sentences(store):
    g = project(store, "comention")
    assert not g.is_directed()
    assert g.has_edge(EUROPOL, ITA) and g.has_edge(WAINWRIGHT, EUROPOL)
    assert g[GANG][ROMA]["weight"] == 1.0  # three facts cite the operation sentence: counted once
    assert g[GANG][ROMA]["kind"] == "co-mention"
    assert all(not n.startswith(REPORT + "/ev") for n in g)
    assert {d["type"] for _, d in g.nodes(data=True)} <= {
        "Country", "Region", "City", "SeaArea", "LawEnforcementAgency", "InternationalOrganization",
        "Person", "CriminalGroup", "VictimGroup", "MigrantGroup",
    }  # fmt: skip


def test_full_graph_keeps_predicates_and_no_literal_nodes(store):
    g = project(store, "full")
    assert isinstance(g, nx.MultiDiGraph)
    flow2, route1 = REPORT + "/flow/2", REPORT + "/route/1"
    assert g.has_edge(flow2, route1, key="via")
    assert set(g[flow2][ITA]) == {"destination"}
    assert g.has_edge(WAINWRIGHT, EUROPOL, key="memberOf")
    assert all(n.startswith("https://") for n in g)  # no literal or blank nodes
    assert not any(d["type"] in ("Evidence", "Report") for _, d in g.nodes(data=True))
    stat = REPORT + "/stat/1"
    assert g.nodes[stat]["measure"] == ["VictimCount"]  # concepts are attributes, not hubs
    assert all(d["reports"] == [REPORT] for _, _, d in g.edges(data=True))
    keys = {k for _, _, k in g.edges(keys=True)}
    assert {"origin", "destination", "target", "result", "speaker", "basedIn"} <= keys


def test_date_slices(store):
    feb = project(store, "flow", date_from="2011-02", date_to="2011-02-28")
    assert feb.has_edge(TUN, ITA) and feb.has_edge(NORTH_AFRICA, ITA)
    before = project(store, "flow", date_to="2010-12-31")
    assert before.number_of_edges() == 0
    ap = project(store, "actor-place", date_from="2010", date_to="2010")
    assert ap.has_edge(WAINWRIGHT, EUROPOL)  # standing relations stay
    assert not ap.has_edge(EUROPOL, ITA)  # the 2011 deployment is out
    syn2010 = project(store, "syndicate", date_from="2010", date_to="2010")
    assert syn2010.has_edge(REPORT + "/operation/1", GANG)
    assert not project(store, "syndicate", date_from="2012").has_edge(REPORT + "/operation/1", GANG)


def test_bad_inputs(store):
    with pytest.raises(InputError, match="bad date 'Feb 2011'"):
        project(store, "flow", date_from="Feb 2011")
    with pytest.raises(InputError, match="after date_to"):
        project(store, "flow", date_from="2012", date_to="2011")
    with pytest.raises(AnalysisError, match="known: actor-place, comention, flow"):
        project(store, "routes")


def test_date_bounds():
    assert str(date_bounds("2012-02")[1]) == "2012-02-29"
    assert date_bounds("2011-02-15T10:00:00Z")[0] == date_bounds("2011-02-15")[0]
    assert date_bounds("") is None and date_bounds("2011-13") is None


def test_events_and_titles(store):
    evs = events(store)
    by_type = {e["type"]: e for e in evs}
    assert by_type["Statement"]["date"] == "2011-02-15"
    assert by_type["TraffickingActivity"]["dated_by"] == "report"
    assert by_type["CivilUnrest"]["end"] == "2011-12-31"
    assert [e["date"] for e in evs] == sorted(e["date"] for e in evs)
    assert [e["type"] for e in events(store, date_to="2010-12-31")] == [
        "Arrest",
        "LawEnforcementOperation",
    ]
    assert report_titles(store) == {REPORT: "Europol: syndicates could exploit North Africa unrest"}


def test_coordinates_from_the_store(store):
    g = rdflib.Graph()
    geo = rdflib.Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
    g.add((rdflib.URIRef(ITA), geo.lat, rdflib.Literal(42.8)))
    g.add((rdflib.URIRef(ITA), geo.long, rdflib.Literal(12.8)))
    store.replace_graph("https://w3id.org/tkg/id/graph/places", g)
    flow = project(store, "flow")
    assert (flow.nodes[ITA]["lat"], flow.nodes[ITA]["lon"]) == (42.8, 12.8)
    assert flow.nodes[ITA]["reports"] == [REPORT]  # the places graph is not a report


def test_full_graph_structure_equals_one_built_with_add_edge(store):
    g = project(store, "full")
    rebuilt = nx.MultiDiGraph(**g.graph)
    rebuilt.add_nodes_from(g.nodes(data=True))
    for u, v, k, d in g.edges(keys=True, data=True):
        rebuilt.add_edge(u, v, key=k, **d)
    assert nx.utils.graphs_equal(g, rebuilt)
    assert all(g.in_degree(n) == rebuilt.in_degree(n) for n in g)
    assert g.number_of_edges() == rebuilt.number_of_edges() > 30


def test_region_coordinates_from_member_countries(store):
    geo = rdflib.Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
    tkg = rdflib.Namespace("https://w3id.org/tkg/ontology#")
    g = rdflib.Graph()
    for iri, lat, lon in [(TUN, 34.0, 9.0), (LBY, 25.0, 17.0), (EGY, 27.0, 30.0)]:
        g.add((rdflib.URIRef(iri), geo.lat, rdflib.Literal(lat)))
        g.add((rdflib.URIRef(iri), geo.long, rdflib.Literal(lon)))
        g.add((rdflib.URIRef(iri), tkg.partOf, rdflib.URIRef(NORTH_AFRICA)))
        g.add((rdflib.URIRef(iri), rdflib.RDF.type, tkg.Country))
    store.replace_graph("https://w3id.org/tkg/id/graph/places", g)
    flow = project(store, "flow")
    assert flow.nodes[NORTH_AFRICA]["lat"] == pytest.approx(28.666, abs=1e-3)
    assert flow.nodes[NORTH_AFRICA]["lon"] == pytest.approx(18.666, abs=1e-3)
