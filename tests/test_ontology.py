"""Tests of the ontology package: tkg.ttl, shapes.ttl and the loaders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

import ontology
from graph.exceptions import InputError
from ontology import PROV, SCHEMA, SEM, TKG

SH = Namespace("http://www.w3.org/ns/shacl#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

# The vocabulary contract of the project brief (DESIGN.md, outside the repository): these
# names are fixed. The lists are its copy (95 names on 2026-12-02, all of them covered), so the
# tests below need nothing outside the repository.
CONTRACT_CLASSES = """
Actor Person Organization CriminalGroup TerroristGroup LawEnforcementAgency GovernmentBody
InternationalOrganization NonGovernmentalOrganization MediaOrganization PersonGroup VictimGroup
MigrantGroup Place Country Region City SeaArea PoliticalUnion Route Event MigrationFlow
CivilUnrest LawEnforcementOperation Arrest Deployment Statement Warning TraffickingActivity
SmugglingActivity Statistic ExploitationType CountryRole Report Evidence CountryRoleAssertion
""".split()
CONTRACT_OBJECT_PROPERTIES = """
memberOf nationality basedIn partOf origin transit destination crosses operatesOn via location
participant agent target result perpetrator victim exploitationType speaker audience about
countryRole country role measure scope attributedTo evidence inReport
""".split()
CONTRACT_DATATYPE_PROPERTIES = """
roleTitle isoCode date startDate endDate count quote value unit approximate period text
charStart charEnd confidence iso3Code
""".split()
CONTRACT_CONCEPTS = {
    "ExploitationType": """SexualExploitation ForcedLabour ForcedBegging ForcedCriminality
        DomesticServitude ForcedMarriage OrganRemoval DebtBondage IllegalAdoption""".split(),
    "CountryRole": "SourceCountry TransitCountry DestinationCountry".split(),
    "StatisticMeasure": """VictimCount MarketValue MigrantArrivals OperationCount ArrestCount
        ProsecutionCount ConvictionCount DeathCount SuspectCount MigrantCount""".split(),
}

PREFIXES = """
@prefix tkg: <https://w3id.org/tkg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix r: <https://w3id.org/tkg/id/report/t/> .
@prefix country: <https://w3id.org/tkg/id/country/> .
"""
GOOD = (
    PREFIXES
    + """
<https://w3id.org/tkg/id/report/t> a tkg:Report .
country:ITA a tkg:Country ; tkg:isoCode "IT" .
country:LBY a tkg:Country ; tkg:isoCode "LY" .
<https://w3id.org/tkg/id/sea/mediterranean-sea> a tkg:SeaArea .
<https://w3id.org/tkg/id/org/europol> a tkg:LawEnforcementAgency .
r:ev1 a tkg:Evidence ; tkg:text "Nearly 10,000 migrants." ; tkg:charStart 0 ; tkg:charEnd 23 ;
    tkg:inReport <https://w3id.org/tkg/id/report/t> .
r:flow a tkg:MigrationFlow ; tkg:origin country:LBY ; tkg:destination country:ITA ;
    tkg:count 10000 ; tkg:startDate "2011-01-01"^^xsd:date ; tkg:evidence r:ev1 ;
    tkg:via r:route ; tkg:confidence 0.9 .
r:route a tkg:Route ; tkg:origin country:LBY ; tkg:destination country:ITA ;
    tkg:crosses <https://w3id.org/tkg/id/sea/mediterranean-sea> ; tkg:evidence r:ev1 .
r:stat a tkg:Statistic ; tkg:measure tkg:MarketValue ; tkg:value 3000000000 ; tkg:unit "USD" ;
    tkg:approximate false ; tkg:evidence r:ev1 ; tkg:attributedTo <https://w3id.org/tkg/id/org/europol> .
r:role a tkg:CountryRoleAssertion ; tkg:country country:LBY ; tkg:role tkg:TransitCountry ;
    tkg:exploitationType tkg:ForcedLabour ; tkg:evidence r:ev1 .
r:op a tkg:LawEnforcementOperation ; tkg:agent <https://w3id.org/tkg/id/org/europol> ;
    tkg:result r:arrest ; tkg:date "2010"^^xsd:gYear ; tkg:evidence r:ev1 .
r:arrest a tkg:Arrest ; tkg:count 120 ; tkg:evidence r:ev1 .
<https://w3id.org/tkg/id/person/w> a tkg:Person ; tkg:memberOf <https://w3id.org/tkg/id/org/europol> ;
    tkg:roleTitle "director" ; tkg:evidence r:ev1 .
"""
)


def _validate(turtle: str, inference: str = "rdfs"):
    import pyshacl

    data = Graph().parse(data=turtle, format="turtle")
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=ontology.shapes_graph(),
        ont_graph=ontology.ontology_graph(),
        inference=inference,
    )
    violations = {
        (str(results.value(r, SH.focusNode)), str(results.value(r, SH.resultPath)))
        for r in results.subjects(SH.resultSeverity, SH.Violation)
    }
    return conforms, violations


def _local(term) -> str:
    return str(term).split("#")[-1]


# --------------------------------------------------------------------- ontology


def test_ontology_header_and_version():
    g = ontology.ontology_graph()
    onto = URIRef(ontology.ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, OWL.versionInfo) == Literal(ontology.__version__)
    assert g.value(onto, RDFS.comment) is not None


def test_loaders_are_cached():
    assert ontology.ontology_graph() is ontology.ontology_graph()
    assert ontology.shapes_graph() is ontology.shapes_graph()
    assert ontology.places_graph() is ontology.places_graph()


def test_path_unknown_file_is_a_clear_error():
    with pytest.raises(InputError, match=r"'nope.ttl'.*tkg.ttl"):
        ontology.path("nope.ttl")


@pytest.mark.parametrize("name", CONTRACT_CLASSES)
def test_contract_class_exists_with_label_and_comment(name):
    g = ontology.ontology_graph()
    term = TKG[name]
    assert (term, RDF.type, OWL.Class) in g, f"tkg:{name} is not an owl:Class"
    assert g.value(term, RDFS.label) is not None
    assert g.value(term, RDFS.comment) is not None


@pytest.mark.parametrize(
    ("name", "kind"),
    [(n, OWL.ObjectProperty) for n in CONTRACT_OBJECT_PROPERTIES]
    + [(n, OWL.DatatypeProperty) for n in CONTRACT_DATATYPE_PROPERTIES],
)
def test_contract_property_exists_with_kind_label_and_comment(name, kind):
    g = ontology.ontology_graph()
    term = TKG[name]
    assert (term, RDF.type, kind) in g, f"tkg:{name} is not a {_local(kind)}"
    assert g.value(term, RDFS.label) is not None
    assert g.value(term, RDFS.comment) is not None


def test_every_declared_tkg_term_is_documented():
    g = ontology.ontology_graph()
    terms = {s for s in g.subjects(RDF.type, None) if str(s).startswith(str(TKG))}
    assert len(terms) > 100
    undocumented = [
        _local(t)
        for t in terms
        if g.value(t, RDFS.label) is None
        or (g.value(t, RDFS.comment) is None and g.value(t, SKOS.definition) is None)
    ]
    assert undocumented == []


def test_alignments_to_standard_vocabularies():
    g = ontology.ontology_graph()
    expected_classes = [
        ("Person", SCHEMA.Person),
        ("Person", PROV.Agent),
        ("Organization", SCHEMA.Organization),
        ("Event", SEM.Event),
        ("Place", SCHEMA.Place),
        ("Place", SEM.Place),
        ("Report", PROV.Entity),
        ("Report", SCHEMA.Report),
        ("Country", SCHEMA.Country),
        ("ExploitationType", SKOS.Concept),
    ]
    for name, sup in expected_classes:
        closure = set(g.transitive_objects(TKG[name], RDFS.subClassOf))
        assert sup in closure, f"tkg:{name} is not a subclass of {sup}"
    expected_props = [
        ("evidence", PROV.wasDerivedFrom),
        ("location", SEM.hasPlace),
        ("date", DCTERMS.date),
        ("agent", SEM.hasActor),
        ("partOf", SCHEMA.containedInPlace),
        ("inReport", PROV.wasQuotedFrom),
    ]
    for name, sup in expected_props:
        closure = set(g.transitive_objects(TKG[name], RDFS.subPropertyOf))
        assert sup in closure, f"tkg:{name} is not a subproperty of {sup}"


def test_domains_ranges_and_transitivity():
    g = ontology.ontology_graph()
    assert (TKG.partOf, RDF.type, OWL.TransitiveProperty) in g
    assert g.value(TKG.memberOf, RDFS.domain) == TKG.Person
    # values checked by sh:class have no rdfs:range, or RDFS inference would silence the check
    assert g.value(TKG.memberOf, SCHEMA.rangeIncludes) == TKG.Organization
    assert g.value(TKG.crosses, SCHEMA.rangeIncludes) == TKG.SeaArea
    assert g.value(TKG.location, RDFS.range) is None
    assert g.value(TKG.inReport, RDFS.range) == TKG.Report
    assert g.value(TKG.measure, RDFS.range) == TKG.StatisticMeasure
    # multi-class domains are documented, not asserted (RDFS would intersect them)
    assert len(list(g.objects(TKG.origin, RDFS.domain))) == 0
    assert {TKG.Route, TKG.MigrationFlow} <= set(g.objects(TKG.origin, SCHEMA.domainIncludes))


def test_event_subclasses():
    g = ontology.ontology_graph()
    events = set(g.transitive_subjects(RDFS.subClassOf, TKG.Event))
    for name in ["MigrationFlow", "Arrest", "Deployment", "Statement", "Warning", "CivilUnrest"]:
        assert TKG[name] in events
    assert (TKG.Warning, RDFS.subClassOf, TKG.Statement) in g


# ------------------------------------------------------------------ SKOS schemes


@pytest.mark.parametrize("scheme", sorted(CONTRACT_CONCEPTS))
def test_skos_scheme_complete(scheme):
    g = ontology.ontology_graph()
    assert (TKG[scheme], RDF.type, SKOS.ConceptScheme) in g
    members = set(g.subjects(SKOS.inScheme, TKG[scheme]))
    for name in CONTRACT_CONCEPTS[scheme]:
        assert TKG[name] in members, f"tkg:{name} missing from scheme tkg:{scheme}"
    for concept in members:
        assert (concept, RDF.type, SKOS.Concept) in g
        assert (concept, RDF.type, TKG[scheme]) in g
        assert g.value(concept, SKOS.prefLabel) is not None
        assert g.value(concept, SKOS.definition) is not None
        top = (concept, SKOS.topConceptOf, TKG[scheme]) in g
        broader = g.value(concept, SKOS.broader)
        assert top or broader in members, f"{concept} is neither top concept nor narrower"


def test_alt_labels_useful_for_extraction():
    g = ontology.ontology_graph()

    def alts(name):
        return {str(a).lower() for a in g.objects(TKG[name], SKOS.altLabel)}

    assert {"sex trafficking", "forced prostitution"} <= alts("SexualExploitation")
    assert {"labor trafficking", "forced labor"} <= alts("ForcedLabour")
    assert "begging" in alts("ForcedBegging")
    assert "country of origin" in alts("SourceCountry")


@pytest.mark.parametrize(
    ("path", "scheme"),
    [
        (TKG.measure, "StatisticMeasure"),
        (TKG.exploitationType, "ExploitationType"),
        (TKG.countryRole, "CountryRole"),
    ],
)
def test_shape_value_lists_match_the_schemes(path, scheme):
    shapes = ontology.shapes_graph()
    lists = []
    for prop in shapes.subjects(SH["in"], None):
        p = shapes.value(prop, SH.path)
        alternatives = set()
        if p is not None and (p, SH.alternativePath, None) in shapes:
            alternatives = set(Collection(shapes, shapes.value(p, SH.alternativePath)))
        if p == path or path in alternatives:
            lists.append(set(Collection(shapes, shapes.value(prop, SH["in"]))))
    assert lists, f"no sh:in list for {path}"
    members = set(ontology.ontology_graph().subjects(SKOS.inScheme, TKG[scheme]))
    for values in lists:
        assert values == members


# ------------------------------------------------------------------------ shapes


def test_every_shape_is_named_and_every_property_shape_has_a_message():
    shapes = ontology.shapes_graph()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 10
    for shape in node_shapes:
        assert shapes.value(shape, SH.name) is not None, shape
    prop_shapes = set(shapes.objects(None, SH.property))
    assert len(prop_shapes) >= 30
    for prop in prop_shapes:
        assert shapes.value(prop, SH.message) is not None, prop
        assert shapes.value(prop, SH.name) is not None, prop


def test_good_facts_conform():
    conforms, violations = _validate(GOOD)
    assert violations == set()
    assert conforms


def test_good_facts_conform_without_inference():
    conforms, violations = _validate(GOOD, inference="none")
    assert violations == set()
    assert conforms


@pytest.mark.parametrize(
    ("bad", "focus", "path"),
    [
        # Statistic: measure outside the scheme, value not a number, missing evidence
        (
            "r:s a tkg:Statistic ; tkg:measure tkg:Nonsense ; tkg:value 3 ; tkg:evidence r:ev1 .",
            "report/t/s",
            "measure",
        ),
        (
            'r:s a tkg:Statistic ; tkg:measure tkg:VictimCount ; tkg:value "270,000" ; tkg:evidence r:ev1 .',
            "report/t/s",
            "value",
        ),
        (
            "r:s a tkg:Statistic ; tkg:measure tkg:VictimCount ; tkg:value 270000 .",
            "report/t/s",
            "evidence",
        ),
        (
            'r:s a tkg:Statistic ; tkg:measure tkg:VictimCount ; tkg:value 1 ; tkg:approximate "yes" ; tkg:evidence r:ev1 .',
            "report/t/s",
            "approximate",
        ),
        ("r:s a tkg:Statistic ; tkg:value 1 ; tkg:evidence r:ev1 .", "report/t/s", "measure"),
        # Evidence: start not before end, missing report, two texts, negative start
        (
            'r:e a tkg:Evidence ; tkg:text "x" ; tkg:charStart 9 ; tkg:charEnd 3 ; tkg:inReport <https://w3id.org/tkg/id/report/t> .',
            "report/t/e",
            "charStart",
        ),
        (
            'r:e a tkg:Evidence ; tkg:text "x" ; tkg:charStart 0 ; tkg:charEnd 3 .',
            "report/t/e",
            "inReport",
        ),
        (
            'r:e a tkg:Evidence ; tkg:text "x", "y" ; tkg:charStart 0 ; tkg:charEnd 3 ; tkg:inReport <https://w3id.org/tkg/id/report/t> .',
            "report/t/e",
            "text",
        ),
        (
            'r:x a tkg:Arrest ; tkg:evidence r:e . r:e tkg:text "x" ; tkg:charStart -1 ; tkg:charEnd 3 ; tkg:inReport <https://w3id.org/tkg/id/report/t> .',
            "report/t/e",
            "charStart",
        ),
        # Events: no evidence, bad date, negative count, location that is not a place
        ("r:x a tkg:CivilUnrest ; tkg:location country:LBY .", "report/t/x", "evidence"),
        (
            'r:x a tkg:Statement ; tkg:date "15 February" ; tkg:evidence r:ev1 .',
            "report/t/x",
            "date",
        ),
        ("r:x a tkg:Arrest ; tkg:count -4 ; tkg:evidence r:ev1 .", "report/t/x", "count"),
        ("r:x a tkg:Arrest ; tkg:count 4.5 ; tkg:evidence r:ev1 .", "report/t/x", "count"),
        (
            "r:x a tkg:Deployment ; tkg:location r:ev1 ; tkg:evidence r:ev1 .",
            "report/t/x",
            "location",
        ),
        (
            "r:x a tkg:MigrationFlow ; tkg:crosses country:ITA ; tkg:evidence r:ev1 .",
            "report/t/x",
            "crosses",
        ),
        # Routes
        ("r:x a tkg:Route ; tkg:origin country:LBY .", "report/t/x", "evidence"),
        (
            "r:x a tkg:Route ; tkg:destination r:ev1 ; tkg:evidence r:ev1 .",
            "report/t/x",
            "destination",
        ),
        # Role assertions: no country, role outside the scheme, country that is a sea
        (
            "r:x a tkg:CountryRoleAssertion ; tkg:role tkg:SourceCountry ; tkg:evidence r:ev1 .",
            "report/t/x",
            "country",
        ),
        (
            "r:x a tkg:CountryRoleAssertion ; tkg:country country:LBY ; tkg:role tkg:Nowhere ; tkg:evidence r:ev1 .",
            None,
            None,
        ),
        (
            "r:x a tkg:CountryRoleAssertion ; tkg:country country:LBY ; tkg:evidence r:ev1 .",
            None,
            None,
        ),
        (
            "r:x a tkg:CountryRoleAssertion ; tkg:country <https://w3id.org/tkg/id/sea/mediterranean-sea> ; tkg:role tkg:SourceCountry ; tkg:evidence r:ev1 .",
            "report/t/x",
            "country",
        ),
        # Exploitation type, confidence, membership
        (
            "r:x a tkg:TraffickingActivity ; tkg:exploitationType tkg:Fun ; tkg:evidence r:ev1 .",
            "report/t/x",
            "exploitationType",
        ),
        (
            "r:x a tkg:Arrest ; tkg:confidence 1.5 ; tkg:evidence r:ev1 .",
            "report/t/x",
            "confidence",
        ),
        (
            "<https://w3id.org/tkg/id/person/p> a tkg:Person ; tkg:memberOf country:ITA .",
            "person/p",
            "memberOf",
        ),
    ],
)
def test_bad_facts_are_caught(bad, focus, path):
    conforms, violations = _validate(GOOD + "\n" + bad)
    assert not conforms
    if focus is None:  # alternative-path shapes report the path as a node; check the focus only
        assert any(f.endswith("report/t/x") for f, _ in violations), violations
        return
    assert any(f.endswith(focus) and p.endswith("#" + path) for f, p in violations), violations


def test_membership_without_evidence_is_only_a_warning():
    extra = (
        "<https://w3id.org/tkg/id/person/p> a tkg:Person ; "
        "tkg:memberOf <https://w3id.org/tkg/id/org/europol> ."
    )
    conforms, violations = _validate(GOOD + "\n" + extra)
    assert violations == set()
    assert not conforms  # the warning is reported


def test_a_report_sized_graph_conforms():
    """The graph bench/bench_checks.py times (the timing itself is measured there)."""
    parts = [GOOD]
    for i in range(40):
        parts.append(
            f"r:s{i} a tkg:Statistic ; tkg:measure tkg:VictimCount ; tkg:value {i} ; "
            f'tkg:unit "persons" ; tkg:evidence r:e{i} ; tkg:confidence 0.8 .\n'
            f'r:e{i} a tkg:Evidence ; tkg:text "s{i}" ; tkg:charStart {i} ; tkg:charEnd {i + 5} ; '
            f"tkg:inReport <https://w3id.org/tkg/id/report/t> .\n"
            f"r:f{i} a tkg:MigrationFlow ; tkg:destination country:ITA ; tkg:count {i} ; tkg:evidence r:e{i} ."
        )
    text = "\n".join(parts)
    assert len(Graph().parse(data=text, format="turtle")) > 400
    conforms, violations = _validate(text)
    assert conforms and not violations


def test_import_is_cheap():
    code = (
        "import sys, ontology, ontology.places; "
        "heavy = [m for m in ('pyshacl', 'pyoxigraph', 'spacy', 'matplotlib', 'owlrl') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(ontology.__file__).resolve().parents[1],
    )
    assert out.stdout.strip() == "[]"


def _query_files() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    return sorted((root / "examples" / "queries").rglob("*.rq"))


def test_queries_only_use_defined_terms():
    files = _query_files()
    assert len(files) >= 20
    g = ontology.ontology_graph()
    for path in files:
        names = set(re.findall(r"\btkg:([A-Za-z][A-Za-z0-9]*)", path.read_text(encoding="utf-8")))
        missing = sorted(n for n in names if (TKG[n], RDF.type, None) not in g)
        assert missing == [], f"{path.name} uses undefined terms {missing}"


FIXTURE = Path(__file__).resolve().parent / "data" / "ontology" / "cnn-2011-facts.ttl"
REPORT = (
    Path(__file__).resolve().parents[1]
    / "examples"
    / "reports"
    / "cnn-2011-europol-north-africa.txt"
)


def test_report_fixture_conforms_and_offsets_point_at_the_text():
    conforms, violations = _validate(FIXTURE.read_text(encoding="utf-8"))
    assert violations == set()
    assert conforms
    g = Graph().parse(FIXTURE, format="turtle")
    text = REPORT.read_text(encoding="utf-8")
    evidence = list(g.subjects(RDF.type, TKG.Evidence))
    assert len(evidence) >= 10
    for ev in evidence:
        start, end = int(g.value(ev, TKG.charStart)), int(g.value(ev, TKG.charEnd))
        assert text[start:end] == str(g.value(ev, TKG.text))


def test_seed_competency_questions_are_answerable_in_the_vocabulary():
    seeds = sorted(
        (Path(__file__).resolve().parents[1] / "examples" / "queries" / "seed").glob("*.rq")
    )
    assert len(seeds) == 14
    g = Graph().parse(FIXTURE, format="turtle")
    failing = [p.name for p in seeds if not g.query(p.read_text(encoding="utf-8")).askAnswer]
    assert failing == []


# ------------------------------------------------- namespaces and class lists


def test_prefixes_are_the_namespaces_of_the_package():
    assert ontology.PREFIXES["tkg"] == str(TKG) and ontology.PREFIXES["tkgid"] == str(
        ontology.TKGID
    )
    assert ontology.PREFIXES["prov"] == str(PROV) and ontology.PREFIXES["schema"] == str(SCHEMA)
    text = ontology.sparql_prefixes()
    assert text.count("PREFIX ") == len(ontology.PREFIXES)
    g = Graph()
    assert g.query(text + "ASK { FILTER(STR(tkg:Report) = STR(tkgid:x) || true) }").askAnswer


def test_vocabulary_graphs_are_the_ontology_and_the_gazetteer():
    assert ontology.VOCABULARY_GRAPHS == (ontology.ONTOLOGY_IRI, ontology.PLACES_GRAPH)


def test_class_lists_follow_the_ontology():
    g = ontology.ontology_graph()
    parents = ontology.class_parents()
    for child, parent in parents.items():
        assert (TKG[child], RDFS.subClassOf, TKG[parent]) in g
    entities, facts = set(ontology.entity_classes()), set(ontology.fact_classes())
    assert entities & facts == set()
    # every class of the contract is an entity, a fact, or neither by design
    assert {"Person", "CriminalGroup", "VictimGroup", "Country", "SeaArea"} <= entities
    assert {"MigrationFlow", "Warning", "Statistic", "Route", "CountryRoleAssertion"} <= facts
    assert {"Evidence", "Report", "Actor", "Place"}.isdisjoint(entities | facts)
    assert set(ontology.subclasses("Statement")) == {"Warning"}
