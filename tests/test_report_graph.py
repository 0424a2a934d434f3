"""The report-graph writer shared by extraction and fact sheets (graph/reportgraph.py)."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph.extract import extract_text
from graph.factsheet import parse_factsheet
from graph.reportgraph import TKG, date_literal

SHEET = """
report: {id: demo, content: "Europol said 120 suspects were arrested in Italy.", publisher: Europol}
facts:
  - {type: Arrest, count: 120, location: Italy, evidence: "120 suspects", confidence: 0.9}
"""


def _skeleton(g):
    """The provenance skeleton every report graph has, whoever wrote it."""
    ev = next(g.subjects(None, TKG.Evidence))
    fact = next(g.subjects(TKG.evidence, ev))
    return {
        "evidence keys": sorted(str(p).rsplit("#", 1)[-1] for p in set(g.predicates(ev, None))),
        "fact keys": sorted(
            str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            for p in set(g.predicates(fact, None))
            if str(p).startswith((str(TKG), "http://www.w3.org/ns/prov#"))
            and str(p).rsplit("#", 1)[-1]
            in ("evidence", "confidence", "wasDerivedFrom", "wasGeneratedBy")
        ),
    }


def test_extraction_and_fact_sheets_write_the_same_skeleton():
    extracted = extract_text("Europol said 120 suspects were arrested in Italy.", report_id="demo")
    _, curated = parse_factsheet(SHEET)
    assert _skeleton(extracted) == _skeleton(curated)
    assert _skeleton(curated)["evidence keys"] == [
        "charEnd",
        "charStart",
        "inReport",
        "text",
        "type",
    ]


@pytest.mark.parametrize(
    "publisher,label",
    [
        (
            "International Organization for Migration (IOM)",
            "International Organization for Migration",
        ),
        ("Europol", "Europol"),
    ],
)
def test_a_known_publisher_is_an_actor_of_the_report(publisher, label):
    g = extract_text("Forty migrants died off Djibouti.", report_id="pub", publisher=publisher)
    orgs = list(g.objects(None, PROV.wasAttributedTo))
    assert len(orgs) == 1
    assert (orgs[0], URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(label)) in g
    assert list(g.objects(None, DCTERMS.publisher)) == [Literal(publisher)]  # one literal


def test_an_unknown_publisher_stays_a_literal():
    g = extract_text("Forty migrants died off Djibouti.", report_id="pub", publisher="Jane Doe")
    assert list(g.objects(None, DCTERMS.publisher)) == [Literal("Jane Doe")]
    assert list(g.objects(None, PROV.wasAttributedTo)) == []


@pytest.mark.parametrize("value", ["2011-13", "2011-02-30", "Tuesday", True])
def test_bad_dates_are_refused(value):
    assert date_literal(value) is None
