"""Extraction: the first report's competency questions, short reports in other
phrasings with their own questions, precision, evidence, stability, SHACL."""

from __future__ import annotations

import codecs
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Namespace, URIRef

from graph.exceptions import EncodingError, ExtractionError, InputError
from graph.extract import extract_file, extract_text, read_report

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "extract"
CNN = ROOT / "examples" / "reports" / "cnn-2011-europol-north-africa.txt"
TKG = Namespace("https://w3id.org/tkg/ontology#")
EVENT_TYPES = [
    TKG.MigrationFlow, TKG.CivilUnrest, TKG.LawEnforcementOperation, TKG.Arrest, TKG.Deployment,
    TKG.TraffickingActivity, TKG.SmugglingActivity, TKG.Statistic, TKG.Route,
    TKG.CountryRoleAssertion,
]  # fmt: skip
REPORTS = sorted(DATA.glob("*.txt"))


def _store(iri: str, g) -> ox.Store:
    store = ox.Store()
    store.load(
        g.serialize(format="nt").encode("utf-8"),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode(iri),
    )
    return store


def _ask(store: ox.Store, query: str) -> bool:
    return bool(store.query(query, use_default_graph_as_union=True))


@pytest.fixture(scope="module")
def cnn():
    return extract_file(CNN)


@pytest.fixture(scope="module")
def cnn_store(cnn):
    return _store(*cnn)


@pytest.mark.parametrize("rq", sorted((DATA / "seed").glob("*.rq")), ids=lambda p: p.stem)
def test_seed_question(cnn_store, rq):
    assert _ask(cnn_store, rq.read_text(encoding="utf-8")), rq.name


def test_seed_questions_all_there():
    assert len(list((DATA / "seed").glob("*.rq"))) == 14


def _questions():
    for txt in REPORTS:
        for rq in sorted(DATA.glob(txt.stem + ".*.rq")):
            yield pytest.param(txt, rq, id=rq.stem)


@pytest.fixture(scope="module")
def extracted():
    return {txt: extract_file(txt) for txt in REPORTS}


@pytest.mark.parametrize(("txt", "rq"), list(_questions()))
def test_report_question(extracted, txt, rq):
    store = _store(*extracted[txt])
    assert _ask(store, rq.read_text(encoding="utf-8")), rq.name


def test_at_least_eight_reports_with_questions():
    with_questions = [t for t in REPORTS if list(DATA.glob(t.stem + ".*.rq"))]
    assert len(with_questions) >= 8


# --- evidence, provenance, stability --------------------------------------------


def test_evidence_offsets_point_at_the_sentence(cnn):
    iri, g = cnn
    text = CNN.read_text(encoding="utf-8")
    evidences = list(g.subjects(RDF.type, TKG.Evidence))
    assert len(evidences) >= 10
    for ev in evidences:
        start = int(g.value(ev, TKG.charStart))
        end = int(g.value(ev, TKG.charEnd))
        assert text[start:end] == str(g.value(ev, TKG.text))
        assert g.value(ev, TKG.inReport) == URIRef(iri)


def test_every_fact_has_provenance(cnn):
    iri, g = cnn
    prov = Namespace("http://www.w3.org/ns/prov#")
    facts = {s for t in EVENT_TYPES + [TKG.Statement] for s in g.subjects(RDF.type, t)}
    assert facts
    for f in facts:
        assert g.value(f, TKG.evidence) is not None, f
        assert 0 <= float(g.value(f, TKG.confidence)) <= 1
        assert g.value(f, prov.wasDerivedFrom) == URIRef(iri)
        activity = g.value(f, prov.wasGeneratedBy)
        agent = g.value(activity, prov.wasAssociatedWith)
        assert (agent, RDF.type, prov.SoftwareAgent) in g
        assert "tkg extract" in str(
            g.value(agent, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
        )


def test_report_metadata_from_sidecar(cnn):
    iri, g = cnn
    dcterms = Namespace("http://purl.org/dc/terms/")
    assert (
        str(g.identifier) == iri == "https://w3id.org/tkg/id/report/cnn-2011-europol-north-africa"
    )
    assert str(g.value(URIRef(iri), dcterms.date)) == "2011-02-22"
    assert str(g.value(URIRef(iri), dcterms.publisher)) == "CNN"


def test_same_text_same_iris(cnn):
    _, again = extract_file(CNN)
    assert set(cnn[1]) == set(again)


def test_one_node_per_actor(cnn):
    _, g = cnn
    rdfs_label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    europol = [s for s, o in g.subject_objects(rdfs_label) if str(o) == "Europol"]
    wainwright = [s for s, o in g.subject_objects(rdfs_label) if "Wainwright" in str(o)]
    assert len(europol) == 1 and len(wainwright) == 1


def test_hedged_quote_is_a_statement_with_lower_confidence(cnn):
    _, g = cnn
    confidences = {
        str(q): float(g.value(s, TKG.confidence))
        for s in g.subjects(RDF.type, TKG.Statement)
        for q in g.objects(s, TKG.quote)
    }
    hedged = [c for q, c in confidences.items() if q.startswith("We haven't seen")]
    assert hedged and hedged[0] < 0.9


def test_shacl_conforms(cnn, extracted):
    pyshacl = pytest.importorskip("pyshacl")
    from ontology import ontology_graph, shapes_graph

    for iri, g in [cnn, *extracted.values()]:
        conforms, _, text = pyshacl.validate(
            g, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs"
        )
        assert conforms, f"{iri}\n{text[:2000]}"


# --- precision -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The weather in Geneva was mild on Monday.",
        "The conference on migration policy opened in Brussels with speeches by ministers.",
        "Italy won the match 2-1 in Rome last year.",
        "Many people visit Paris and London every summer.",
        "The report has 120 pages and 14 chapters.",
        "Delegates came from France and Germany to attend the meeting in Geneva.",
        "The company exploits solar energy in Spain and foreign markets in Asia.",
        "The ministry investigated 12 complaints about noise in 2022.",
        "Students from Nepal often study abroad in Australia and Japan.",
        "The team crossed Spain by bicycle in 2019.",
        "The museum estimated that 5,000 visitors came to the exhibition in Vienna.",
    ],
)
def test_neutral_sentences_yield_no_facts(text):
    g = extract_text(text, report_id="neutral", date="2020-01-01")
    assert not any((None, TKG.evidence, None) in g for _ in [0])
    assert not list(g.subjects(TKG.evidence, None))


@pytest.mark.parametrize(
    "text",
    [
        "Officials said there was no evidence that smugglers were moving people from Libya to Malta.",
        "Smuggling gangs could send thousands of migrants from Libya to Italy this summer.",
        "We haven't seen any traffickers moving women from Nigeria to Spain.",
        "If the navy deploys officers to Lampedusa, arrivals might fall.",
        "Police did not arrest anyone in Madrid.",
        "Experts fear that protests may spread to Algeria.",
        "Officials did not report identifying any victims of forced begging.",
        "Traffickers do not exploit foreign victims in Iceland.",
        "If traffickers exploit Nepali women in India, the police will act.",
        "Smugglers could use Albania as a transit point for migrants from Syria.",
    ],
)
def test_negated_or_hypothetical_events_not_asserted(text):
    g = extract_text(text, report_id="hedged", date="2020-01-01")
    for t in EVENT_TYPES:
        assert not list(g.subjects(RDF.type, t)), (t, text)


# --- small behaviours ----------------------------------------------------------------


def test_dates_resolved_against_report_date():
    g = extract_text(
        "Frontex said on Tuesday that 5,000 migrants arrived in Italy from Libya.",
        report_id="d",
        date="2016-01-15",
    )
    dates = {str(o) for o in g.objects(None, TKG.date)}
    assert "2016-01-12" in dates


def test_year_less_dates_stay_unresolved_without_report_date():
    g = extract_text(
        "Europol said on February 15 that it was sending experts to Italy.", report_id="d"
    )
    assert not list(g.objects(None, TKG.date))
    g2 = extract_text(
        "Protests this year have grown. Europol said on February 15 that 9,000 migrants "
        "have arrived in Italy since the start of 2011.",
        report_id="d2",
    )
    assert "2011-02-15" in {str(o) for o in g2.objects(None, TKG.date)}


def test_money_units_and_scale():
    g = extract_text(
        "Gangs earn £3bn a year from the trade in Britain, the Home Office estimates.",
        report_id="m",
    )
    stats = list(g.subjects(TKG.measure, TKG.MarketValue))
    assert len(stats) == 1
    assert float(g.value(stats[0], TKG.value)) == 3e9
    assert str(g.value(stats[0], TKG.unit)) == "GBP"
    assert str(g.value(stats[0], TKG.period)) == "per year"


def test_demonym_groups_have_nationality():
    g = extract_text(
        "Police rescued 40 Filipino workers who had been trafficked to Dubai.", report_id="f"
    )
    victims = list(g.objects(None, TKG.victim))
    assert victims
    assert str(g.value(victims[0], TKG.nationality)).endswith("/country/PHL")


# --- reading reports -----------------------------------------------------------------


def test_read_report_encodings(tmp_path):
    text = "Côte d'Ivoire — 5,000 victims."
    for name, data, enc in [
        ("u8.txt", text.encode("utf-8"), "utf-8"),
        ("bom.txt", codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8"),
        ("u16.txt", text.encode("utf-16"), "utf-16"),
        ("cp.txt", text.encode("cp1252"), "cp1252"),
    ]:
        (tmp_path / name).write_bytes(data)
        rt = read_report(tmp_path / name)
        assert rt.text == text and rt.encoding == enc


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "empty"), (b"  \n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary")],
)
def test_read_report_refuses(tmp_path, data, words):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(EncodingError, match=words) as err:
        read_report(p)
    assert str(p) in str(err.value)


def test_read_report_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such report"):
        read_report(tmp_path / "nope.txt")


def test_bad_sidecar_date(tmp_path):
    (tmp_path / "r.txt").write_text("Europol sent experts to Italy.", encoding="utf-8")
    (tmp_path / "r.meta.yaml").write_text("date: last week\n", encoding="utf-8")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        extract_file(tmp_path / "r.txt")


def test_empty_text_is_an_extraction_error():
    with pytest.raises(ExtractionError, match="empty"):
        extract_text("   ", report_id="x")


def test_utf16_report_offsets(tmp_path):
    text = "Europol sent experts to Italy.\nFrontex deployed 40 officers to Greece."
    p = tmp_path / "u16.txt"
    p.write_bytes(text.encode("utf-16"))
    _, g = extract_file(p)
    for ev in g.subjects(RDF.type, TKG.Evidence):
        s, e = int(g.value(ev, TKG.charStart)), int(g.value(ev, TKG.charEnd))
        assert text[s:e] == str(g.value(ev, TKG.text))


def test_high_byte_noise_is_not_text(tmp_path):
    p = tmp_path / "noise.txt"
    p.write_bytes(bytes(range(128, 256)) * 40)
    with pytest.raises(EncodingError, match="noise.txt"):
        read_report(p)


def test_oversized_report_refused(tmp_path, monkeypatch):
    import graph.extract.text as text_module

    monkeypatch.setattr(text_module, "MAX_REPORT_BYTES", 1000)
    p = tmp_path / "huge.txt"
    p.write_text("Europol sent experts to Italy. " * 100, encoding="utf-8")
    with pytest.raises(InputError, match=r"huge\.txt.*MB"):
        read_report(p)


@pytest.mark.parametrize(
    "text,unrest",
    [
        ("Italy is fighting human trafficking with new laws.", False),
        ("Police in Spain are fighting organised crime.", False),
        ("Greece keeps fighting smuggling in the Aegean.", False),
        ("Heavy fighting in Sudan has forced 200,000 people to flee.", True),
        ("Fighting in Sudan drives thousands toward Egypt.", True),
    ],
)
def test_fighting_is_unrest_only_as_armed_fighting(text, unrest):
    g = extract_text(text, report_id="fighting", date="2023-05-12")
    assert bool(list(g.subjects(RDF.type, TKG.CivilUnrest))) is unrest


@pytest.mark.parametrize(
    "text,deployed",
    [
        ("Frontex said it would send a team of officers to Greece next month.", True),
        ("Frontex said it would not send officers to Greece.", False),
        ("Frontex could send officers to Greece if asked.", False),
    ],
)
def test_announced_deployments(text, deployed):
    g = extract_text(text, report_id="deploy", date="2023-05-12")
    assert bool(list(g.subjects(RDF.type, TKG.Deployment))) is deployed


@pytest.mark.parametrize(
    "text,groups",
    [
        ("Roma children are particularly vulnerable to forced begging.", ["Roma children"]),
        ("Migrants are not vulnerable to trafficking in Norway.", []),
        ("Roma children could be vulnerable to forced begging.", []),
        ("Older people are vulnerable to scams.", []),
    ],
)
def test_groups_named_at_risk_are_victim_groups_without_events(text, groups):
    g = extract_text(text, report_id="risk", date="2022-07-19")
    labels = [str(g.value(x, RDFS.label)) for x in g.subjects(RDF.type, TKG.VictimGroup)]
    assert labels == groups
    assert not list(g.subjects(RDF.type, TKG.TraffickingActivity))


@pytest.mark.parametrize(
    "text,period",
    [
        ("In 2021, police arrested 40 suspects. The government prosecuted 12 defendants.", "2021"),
        ("In 2021, police arrested 40 suspects.\n\nThe government prosecuted 12 defendants.", None),
        (
            "Since 2015, police have worked with NGOs. The government prosecuted 12 defendants.",
            None,
        ),
    ],
)
def test_statistics_take_the_year_their_paragraph_named(text, period):
    g = extract_text(text, report_id="year", date="2022-07-19")
    stat = next(s for s in g.subjects(TKG.value, None) if str(g.value(s, TKG.value)) == "12")
    found = g.value(stat, TKG.period)
    assert (str(found) if found is not None else None) == period
