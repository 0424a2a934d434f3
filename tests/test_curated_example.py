"""The curated fact sheet of the first report: evidence, competency questions, SHACL."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
import yaml
from rdflib import RDF

from graph.factsheet import read_factsheet

ROOT = Path(__file__).resolve().parent.parent
SHEET = ROOT / "examples" / "facts" / "cnn-2011-europol-north-africa.yaml"
REPORT = ROOT / "examples" / "reports" / "cnn-2011-europol-north-africa.txt"
SEED = ROOT / "examples" / "queries" / "seed"
T = rdflib.Namespace("https://w3id.org/tkg/ontology#")


@pytest.fixture(scope="module")
def curated() -> tuple[str, rdflib.Graph]:
    return read_factsheet(SHEET)


def _quotes(node) -> list[str]:
    """Every evidence quote written anywhere in the sheet."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "evidence":
                for item in value if isinstance(value, list) else [value]:
                    out.append(item["quote"] if isinstance(item, dict) else str(item))
            else:
                out.extend(_quotes(value))
    elif isinstance(node, list):
        for item in node:
            out.extend(_quotes(item))
    return out


def test_report_iri_and_metadata(curated):
    iri, g = curated
    assert iri == "https://w3id.org/tkg/id/report/cnn-2011-europol-north-africa"
    assert str(g.value(rdflib.URIRef(iri), rdflib.URIRef("http://purl.org/dc/terms/date"))) == (
        "2011-02-22"
    )


def test_evidence_slices_the_report(curated):
    _, g = curated
    text = REPORT.read_text(encoding="utf-8")
    evidence = list(g.subjects(RDF.type, T.Evidence))
    assert len(evidence) >= 15
    for ev in evidence:
        start, end = int(g.value(ev, T.charStart)), int(g.value(ev, T.charEnd))
        assert text[start:end] == str(g.value(ev, T.text))
    sentences = [" ".join(str(g.value(ev, T.text)).split()) for ev in evidence]
    quotes = _quotes(yaml.safe_load(SHEET.read_text(encoding="utf-8")))
    assert len(quotes) > 30
    for quote in quotes:
        assert any(" ".join(quote.split()) in s for s in sentences), quote


def test_every_fact_has_evidence_and_confidence(curated):
    _, g = curated
    fact_classes = [
        "MigrationFlow", "CivilUnrest", "LawEnforcementOperation", "Arrest", "Deployment",
        "Statement", "Warning", "TraffickingActivity", "SmugglingActivity", "Statistic",
        "Route", "CountryRoleAssertion",
    ]  # fmt: skip
    facts = {s for c in fact_classes for s in g.subjects(RDF.type, T[c])}
    assert len(facts) >= 25
    for fact in facts:
        assert g.value(fact, T.evidence) is not None, fact
        assert 0 < float(g.value(fact, T.confidence)) <= 1, fact


def test_hypothetical_is_not_an_event(curated):
    _, g = curated
    text = REPORT.read_text(encoding="utf-8")
    start = text.index("We haven't seen any strong indications")
    for ev in g.subjects(RDF.type, T.Evidence):
        if int(g.value(ev, T.charStart)) <= start < int(g.value(ev, T.charEnd)):
            for fact in g.subjects(T.evidence, ev):
                types = set(g.objects(fact, RDF.type))
                assert types <= {T.Statement, T.Warning}, types


def _store(iri: str, g: rdflib.Graph):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(
        g.serialize(format="nt", encoding="utf-8"),
        ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode(iri),
    )
    return store


@pytest.mark.parametrize("query", sorted(SEED.glob("*.rq")), ids=lambda p: p.stem)
def test_seed_question(curated, query):
    store = _store(*curated)
    answer = store.query(query.read_text(encoding="utf-8"), use_default_graph_as_union=True)
    assert bool(answer), query.name


def test_fourteen_seed_questions():
    assert len(list(SEED.glob("*.rq"))) == 14


def test_passes_shacl(curated):
    pyshacl = pytest.importorskip("pyshacl")
    import ontology

    if not ontology.path("shapes.ttl").exists():
        pytest.skip("ontology/shapes.ttl not written yet")
    _, g = curated
    conforms, _, text = pyshacl.validate(
        g,
        shacl_graph=ontology.shapes_graph(),
        ont_graph=ontology.ontology_graph(),
        inference="rdfs",
    )
    assert conforms, text
