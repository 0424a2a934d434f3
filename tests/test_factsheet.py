"""Tests of graph.factsheet: parsing, value resolution, evidence, IRIs and errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.compare import isomorphic

from graph.exceptions import InputError, ParseError
from graph.factsheet import parse_factsheet, read_factsheet

DATA = Path(__file__).resolve().parent / "data" / "factsheet"
T = rdflib.Namespace("https://w3id.org/tkg/ontology#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
DC = rdflib.Namespace("http://purl.org/dc/terms/")
ID = "https://w3id.org/tkg/id/"
REPORT = ID + "report/small-report"
TEXT = (DATA / "report.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def small() -> tuple[str, rdflib.Graph]:
    return read_factsheet(DATA / "good.yaml")


def one(graph: rdflib.Graph, cls: str) -> URIRef:
    nodes = list(graph.subjects(RDF.type, T[cls]))
    assert len(nodes) == 1, (cls, nodes)
    return nodes[0]


def sheet(body: str, content: str = "Europol arrested 120 suspects in Italy in 2010.") -> str:
    return f'report:\n  id: t\n  content: "{content}"\n{body}'


def error(body: str, cls: type = InputError, **kw) -> str:
    with pytest.raises(cls) as info:
        parse_factsheet(sheet(body, **kw), source="f.yaml")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("f.yaml")
    return message


# ---------------------------------------------------------------- parsing


def test_report_node(small):
    iri, g = small
    assert iri == REPORT
    rep = URIRef(iri)
    assert (rep, RDF.type, T.Report) in g
    assert g.value(rep, DC.title) == Literal("A small report")
    assert g.value(rep, DC.publisher) == Literal("Test Agency")
    assert g.value(rep, DC.date) == Literal("2016-03", datatype=XSD.gYearMonth)
    assert g.value(rep, DC.source) == URIRef("https://example.org/small")


def test_every_fact_has_provenance(small):
    iri, g = small
    facts = [s for s in g.subjects(T.evidence, None)]
    assert len(set(facts)) >= 6
    for fact in set(facts):
        assert g.value(fact, PROV.wasDerivedFrom) == URIRef(iri)
        assert g.value(fact, T.confidence).datatype == XSD.decimal
        for ev in g.objects(fact, T.evidence):
            start, end = int(g.value(ev, T.charStart)), int(g.value(ev, T.charEnd))
            assert TEXT[start:end] == str(g.value(ev, T.text))
            assert g.value(ev, T.inReport) == URIRef(iri)
    activity = g.value(one(g, "MigrationFlow"), PROV.wasGeneratedBy)
    agent = g.value(activity, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.SoftwareAgent) in g


def test_quote_becomes_its_sentence(small):
    _, g = small
    flow = one(g, "MigrationFlow")
    ev = g.value(flow, T.evidence)
    assert str(g.value(ev, T.text)) == TEXT.splitlines()[0]
    assert int(g.value(ev, T.charStart)) == 0


def test_explicit_offsets_are_kept(small):
    _, g = small
    ev = g.value(one(g, "Statistic"), T.evidence)
    assert (int(g.value(ev, T.charStart)), int(g.value(ev, T.charEnd))) == (90, 120)
    assert str(g.value(ev, T.text)) == TEXT[90:120]


def test_default_and_explicit_confidence(small):
    _, g = small
    assert g.value(one(g, "MigrationFlow"), T.confidence) == Literal(
        Decimal("1.0"), datatype=XSD.decimal
    )
    assert float(g.value(one(g, "LawEnforcementOperation"), T.confidence)) == 0.9


# ---------------------------------------------------------------- resolution


def test_places_by_name_and_code_with_description(small):
    _, g = small
    flow = one(g, "MigrationFlow")
    ita, lby = URIRef(ID + "country/ITA"), URIRef(ID + "country/LBY")
    assert g.value(flow, T.destination) == ita
    assert g.value(flow, T.origin) == lby
    assert g.value(ita, T.isoCode) == Literal("IT")
    assert (ita, RDF.type, T.Country) in g
    assert g.value(lby, RDFS.label) == Literal("Libya")
    assert (URIRef(ID + "city/che/geneva"), RDF.type, T.City) in g


def test_typed_literals(small):
    _, g = small
    flow = one(g, "MigrationFlow")
    assert g.value(flow, T["count"]) == Literal(2500, datatype=XSD.integer)
    assert g.value(flow, T.approximate) == Literal(True)
    assert g.value(flow, T.date) == Literal("2015", datatype=XSD.gYear)
    stmt = one(g, "Statement")
    assert g.value(stmt, T.date) == Literal("2016-03-03", datatype=XSD.date)
    assert g.value(stmt, T.quote) == Literal("We are worried")
    stat = one(g, "Statistic")
    assert g.value(stat, T.value).datatype == XSD.decimal
    assert g.value(stat, T.value).toPython() == 40
    assert g.value(stat, T.period) == Literal("2016-03", datatype=XSD.gYearMonth)


def test_entities_local_and_global(small):
    _, g = small
    doe = URIRef(ID + "person/john-doe")
    assert (doe, RDF.type, T.Person) in g
    assert g.value(doe, T.roleTitle) == Literal("spokesman")
    agency = g.value(doe, T.memberOf)
    assert str(agency) == REPORT + "/internationalorganization/agency"
    assert g.value(agency, RDFS.label) == Literal("The Agency")
    assert g.value(doe, T.evidence) is not None
    network = URIRef(REPORT + "/criminalgroup/nigerian-network")
    assert g.value(network, T.nationality) == URIRef(ID + "country/NGA")


def test_references_to_facts_curies_and_iris(small):
    _, g = small
    stmt = one(g, "Statement")
    assert g.value(stmt, T.about) == URIRef(REPORT + "/migrationflow/flow-2015")
    assert g.value(stmt, T.audience) == URIRef(ID + "org/press")
    assert g.value(one(g, "Statistic"), T.measure) == T.ArrestCount


def test_nested_fact_shares_evidence(small):
    _, g = small
    op = one(g, "LawEnforcementOperation")
    arrest = g.value(op, T.result)
    assert (arrest, RDF.type, T.Arrest) in g
    assert g.value(arrest, T["count"]) == Literal(40, datatype=XSD.integer)
    assert set(g.objects(arrest, T.evidence)) == set(g.objects(op, T.evidence))
    assert str(arrest).startswith(REPORT + "/arrest/")


def test_country_roles_and_concept_labels(small):
    _, g = small
    cra = one(g, "CountryRoleAssertion")
    lby = URIRef(ID + "country/LBY")
    assert g.value(cra, T.country) == lby
    assert set(g.objects(cra, T.role)) == {T.TransitCountry, T.DestinationCountry}
    assert set(g.objects(lby, T.countryRole)) == {T.TransitCountry, T.DestinationCountry}
    assert g.value(cra, T.exploitationType) == T.ForcedLabour


def test_gazetteer_organisation_gets_global_iri():
    body = (
        "entities:\n"
        "  unhcr: {type: InternationalOrganization, label: UN refugee agency}\n"
        "facts:\n"
        "  - {type: Deployment, agent: Europol, participant: unhcr, evidence: Europol}\n"
    )
    _, g = parse_factsheet(sheet(body))
    dep = one(g, "Deployment")
    europol, unhcr = URIRef(ID + "org/europol"), URIRef(ID + "org/unhcr")
    assert g.value(dep, T.agent) == europol
    assert (europol, RDF.type, T.LawEnforcementAgency) in g
    assert g.value(dep, T.participant) == unhcr
    assert g.value(unhcr, RDFS.label) == Literal("UNHCR")
    assert (unhcr, SKOS.altLabel, Literal("UN refugee agency")) in g


def test_values_in_words_and_norway_is_not_false():
    body = (
        "facts:\n"
        "  - {type: Statistic, measure: market value, value: 3 billion, unit: USD,"
        " scope: NO, evidence: Europol}\n"
    )
    _, g = parse_factsheet(sheet(body))
    stat = one(g, "Statistic")
    assert g.value(stat, T.value).toPython() == 3_000_000_000
    assert g.value(stat, T.measure) == T.MarketValue
    assert g.value(stat, T.scope) == URIRef(ID + "country/NOR")


def test_quotes_match_across_whitespace_and_typographic_quotes():
    content = "He said \\u201cno\\u201d to   the deal. Then he left."
    body = "facts:\n  - type: Statement\n    evidence: 'said \"no\" to the deal'\n"
    _, g = parse_factsheet(sheet(body, content=content))
    ev = g.value(one(g, "Statement"), T.evidence)
    assert str(g.value(ev, T.text)) == "He said \u201cno\u201d to   the deal."


def test_multi_sentence_quote_spans_both_sentences():
    content = "One thing. Two things."
    body = "facts:\n  - {type: Statement, evidence: 'thing. Two'}\n"
    _, g = parse_factsheet(sheet(body, content=content))
    ev = g.value(one(g, "Statement"), T.evidence)
    assert (int(g.value(ev, T.charStart)), int(g.value(ev, T.charEnd))) == (0, len(content))


# ---------------------------------------------------------------- stable IRIs and round trips


def test_parse_twice_gives_the_same_graph(small):
    again = read_factsheet(DATA / "good.yaml")
    assert again[0] == small[0]
    assert isomorphic(again[1], small[1])
    assert set(again[1].subjects()) == set(small[1].subjects())


def test_editing_one_fact_keeps_the_other_iris(tmp_path):
    text = (DATA / "good.yaml").read_text(encoding="utf-8")
    (tmp_path / "report.txt").write_text(TEXT, encoding="utf-8")
    path = tmp_path / "good.yaml"
    path.write_text(text.replace("confidence: 0.9", "confidence: 0.5"), encoding="utf-8")
    _, changed = read_factsheet(path)
    _, original = read_factsheet(DATA / "good.yaml")
    assert set(changed.subjects()) == set(original.subjects())


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json-ld"])
def test_round_trip_through_rdflib(small, fmt):
    _, g = small
    data = g.serialize(format=fmt)
    back = rdflib.Graph().parse(data=data, format=fmt)
    assert isomorphic(back, g)


def test_round_trip_as_named_graph_in_trig(small):
    iri, g = small
    ds = rdflib.Dataset()
    named = ds.graph(URIRef(iri))
    for triple in g:
        named.add(triple)
    back = rdflib.Dataset()
    back.parse(data=ds.serialize(format="trig"), format="trig")
    assert isomorphic(back.graph(URIRef(iri)), g)


def test_reader_registry_reads_yaml(small):
    from graph.rdf import read_facts

    pairs = read_facts(DATA / "good.yaml")
    assert [iri for iri, _ in pairs] == [small[0]]
    assert isomorphic(pairs[0][1], small[1])


# ---------------------------------------------------------------- errors: file, line and fix


def test_unknown_type():
    msg = error("facts:\n  - type: Arest\n    evidence: Europol\n")
    assert msg.startswith("f.yaml:5: unknown type 'Arest' (did you mean 'Arrest'?)")
    assert "known types:" in msg and "MigrationFlow" in msg


def test_unknown_property():
    msg = error("facts:\n  - type: Arrest\n    evidence: Europol\n    cout: 3\n")
    assert msg.startswith("f.yaml:7: unknown property 'cout' on Arrest (did you mean 'count'?)")
    assert "use a tkg property" in msg


def test_quote_not_found():
    msg = error("facts:\n  - type: Arrest\n    evidence: 200 suspects\n")
    assert msg.startswith("f.yaml:6: evidence quote '200 suspects' not found")
    assert "check the quote" in msg


def test_unresolvable_reference():
    msg = error("facts:\n  - type: Arrest\n    evidence: Europol\n    location: Atlantis\n")
    assert msg.startswith("f.yaml:7: unresolvable reference 'Atlantis' in 'location'")
    assert "define it under entities:" in msg


def test_missing_report_id():
    with pytest.raises(InputError, match=r"^f\.yaml:2: the report has no id; add 'id:"):
        parse_factsheet("report:\n  title: x\n", source="f.yaml")


def test_wrong_yaml():
    with pytest.raises(ParseError, match=r"^f\.yaml:\d+: malformed YAML .*; fix the"):
        parse_factsheet("report: [id: x\n\tfacts: {\n", source="f.yaml")


def test_not_a_mapping():
    with pytest.raises(ParseError, match=r"^f\.yaml: not a fact sheet"):
        parse_factsheet("- a\n- b\n", source="f.yaml")


@pytest.mark.parametrize(
    "body, start, fix",
    [
        (
            "facts:\n  - {type: Arrest}\n",
            "f.yaml:5: Arrest fact has no evidence",
            "add 'evidence:'",
        ),
        ("facts:\n  - {evidence: Europol}\n", "f.yaml:5: no type", "add 'type:'"),
        (
            "facts:\n  - {type: Arrest, count: many, evidence: Europol}\n",
            "f.yaml:5: count 'many' is not a whole number",
            "write digits",
        ),
        (
            "facts:\n  - {type: Arrest, date: 2010-13, evidence: Europol}\n",
            "f.yaml:5: date '2010-13' is not a date",
            "write 2011-02-15",
        ),
        (
            "facts:\n  - {type: Arrest, confidence: 2, evidence: Europol}\n",
            "f.yaml:5: confidence '2' is not between 0 and 1",
            "0.8",
        ),
        (
            "facts:\n  - {type: Arrest, location: tkg:Itly, evidence: Europol}\n",
            "f.yaml:5: unknown tkg term 'tkg:Itly'",
            "ontology",
        ),
        (
            "facts:\n  - {type: Arrest, evidence: {start: 5, end: 500}}\n",
            "f.yaml:5: evidence offsets",
            "0 <= N < M",
        ),
        (
            "facts:\n  - {id: a, type: Arrest, evidence: Europol}\n"
            "  - {id: a, type: Arrest, evidence: suspects}\n",
            "f.yaml:6: id 'a' is already used at line 5",
            "its own id",
        ),
        (
            "facts:\n  - {type: Arrest, evidence: Europol}\n  - {type: Arrest, evidence: Europol}\n",
            "f.yaml:6: same fact as line 5",
            "remove the duplicate",
        ),
        (
            "facts:\n  - {type: Arrest, location:, evidence: Europol}\n",
            "f.yaml:5: no value",
            "remove",
        ),
        ("other: 1\n", "f.yaml:4: unknown section 'other'", "use only report"),
        ("facts:\n  - just text\n", "f.yaml:5: a fact must be a mapping", "- type:"),
        ("entities:\n  a: {type: Actor}\n  a: {type: Actor}\n", "f.yaml:6: duplicate key", "keep"),
    ],
)
def test_error_messages(body, start, fix):
    msg = error(body)
    assert msg.startswith(start), msg
    assert fix in msg


def test_evidence_without_report_text():
    with pytest.raises(InputError, match=r"^f\.yaml:4: evidence needs the report text; add 'text:"):
        parse_factsheet(
            "report: {id: x}\nfacts:\n  - type: Arrest\n    evidence: a\n", source="f.yaml"
        )


def test_missing_report_file(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("report:\n  id: s\n  text: nope.txt\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}:3: report text: .*nope\.txt"):
        read_factsheet(path)


def test_missing_sheet(tmp_path):
    with pytest.raises(InputError, match="no such fact sheet"):
        read_factsheet(tmp_path / "absent.yaml")


def test_documented_example_parses():
    import re

    root = Path(__file__).resolve().parent.parent
    doc = (root / "docs" / "factsheet.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.S)
    iri, g = parse_factsheet(blocks[0], base_dir=root / "examples" / "facts", source="doc")
    assert iri.endswith("/cnn-2011-europol-north-africa")
    op = one(g, "LawEnforcementOperation")
    assert g.value(g.value(op, T.result), T["count"]) == Literal(120, datatype=XSD.integer)
    assert g.value(one(g, "MigrationFlow"), T.origin) == URIRef(ID + "region/north-africa")
