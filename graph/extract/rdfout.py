"""Turn extracted facts and entities into the report's named graph.

Examples
--------
>>> from graph.extract import extract_text
>>> g = extract_text("Police arrested 12 suspects in Madrid on 3 May 2019.", report_id="r1")
>>> str(g.identifier)
'https://w3id.org/tkg/id/report/r1'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from graph.extract.entities import Entity, Registry
from graph.extract.events import Concept, Fact, TypedDate
from graph.ids import ID_BASE, local_iri

__all__ = ["build_graph", "extractor_version"]

TKG = Namespace("https://w3id.org/tkg/ontology#")
SCHEMA = Namespace("https://schema.org/")


def extractor_version() -> str:
    """Return the tkg package version (the extractor's version).

    Examples
    --------
    >>> extractor_version().count(".") >= 1
    True
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tkg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.1.0"


def _fact_iri(report: str, f: Fact) -> URIRef:
    s = f.sentence
    return URIRef(local_iri(report, f.types[0], s.start, s.end, f.key))


def build_graph(
    report: str,
    text: str,
    facts: list[Fact],
    reg: Registry,
    *,
    title: str | None = None,
    publisher: str | None = None,
    date: dt.date | None = None,
    source: str | None = None,
) -> Graph:
    """Build the named graph of one report.

    Parameters
    ----------
    report : str
        The report IRI (also the graph's identifier).
    text : str
        The decoded report text (evidence offsets point into it).
    facts : list of Fact
    reg : Registry
        The report's entities.
    title, publisher, date, source : optional
        Report metadata (``dcterms:``).

    Returns
    -------
    rdflib.Graph
    """
    g = Graph(identifier=URIRef(report))
    triples: set = set()
    add = triples.add
    T = _tkg_terms()
    for prefix, ns in (
        ("tkg", TKG),
        ("prov", PROV),
        ("dcterms", DCTERMS),
        ("skos", SKOS),
        ("schema", SCHEMA),
    ):
        g.bind(prefix, ns)
    g.bind("tkgid", Namespace(ID_BASE))
    rep = URIRef(report)
    g.add((rep, RDF.type, TKG.Report))
    if title:
        g.add((rep, DCTERMS.title, Literal(title)))
        g.add((rep, RDFS.label, Literal(title)))
    if publisher:
        g.add((rep, DCTERMS.publisher, Literal(publisher)))
    if date:
        g.add((rep, DCTERMS.date, Literal(date.isoformat(), datatype=XSD.date)))
    if source:
        src = URIRef(source) if source.startswith(("http://", "https://")) else Literal(source)
        g.add((rep, DCTERMS.source, src))
    version = extractor_version()
    agent = URIRef(f"{ID_BASE}agent/tkg-extract/{version}")
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal("tkg extract")))
    g.add((agent, OWL.versionInfo, Literal(version)))
    g.add((agent, SCHEMA.softwareVersion, Literal(version)))
    activity = URIRef(local_iri(report, "Activity", "extract", version))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, PROV.wasAssociatedWith, agent))
    g.add((activity, PROV.used, rep))
    g.add((activity, RDFS.label, Literal(f"tkg extract {version}")))

    emitted: set[str] = set()
    todo: list[Entity] = []

    evidence_nodes: dict[tuple[int, int], URIRef] = {}
    confidences: dict[URIRef, float] = {}

    def evidence(subject: URIRef, sentence, confidence: float) -> None:
        key = (sentence.start, sentence.end)
        ev = evidence_nodes.get(key)
        if ev is None:
            ev = evidence_nodes[key] = URIRef(local_iri(report, "Evidence", *key))
            add((ev, RDF.type, T["Evidence"]))
            add((ev, T["text"], Literal(text[sentence.start : sentence.end])))
            add((ev, T["charStart"], Literal(sentence.start)))
            add((ev, T["charEnd"], Literal(sentence.end)))
            add((ev, T["inReport"], rep))
        add((subject, T["evidence"], ev))
        confidences[subject] = max(confidence, confidences.get(subject, 0.0))
        add((subject, PROV.wasDerivedFrom, rep))
        add((subject, PROV.wasGeneratedBy, activity))

    iris: dict[str, URIRef] = {}
    fact_iris: dict[int, URIRef] = {}

    def fact_iri(f: Fact) -> URIRef:
        node = fact_iris.get(id(f))
        if node is None:
            node = fact_iris[id(f)] = _fact_iri(report, f)
        return node

    def term(prop: str, value):
        if isinstance(value, Entity):
            node = iris.get(value.iri)
            if node is None:
                node = iris[value.iri] = URIRef(value.iri)
                todo.append(value)
            return node
        if isinstance(value, Fact):
            return fact_iri(value)
        if isinstance(value, Concept):
            return T[value.name]
        if isinstance(value, TypedDate):
            return Literal(value.value, datatype=XSD[value.datatype])
        if isinstance(value, bool):
            return Literal(value)
        if prop == "value":
            d = Decimal(value)
            if d == d.to_integral_value():
                return Literal(int(d), datatype=XSD.integer)
            return Literal(d)
        if isinstance(value, int):
            return Literal(value, datatype=XSD.integer)
        if isinstance(value, Decimal):
            return Literal(value)
        return Literal(str(value))

    for f in facts:
        node = fact_iri(f)
        for t in f.types:
            add((node, RDF.type, T[t]))
        if getattr(f, "label", None):
            add((node, RDFS.label, Literal(f.label)))  # type: ignore[attr-defined]
        for prop, values in f.props.items():
            for v in values:
                add((node, T[prop], term(prop, v)))
        evidence(node, f.sentence, f.confidence)

    for ent in list(reg.entities.values()):
        if ent.types[0] == "Person" and ent.props.get("memberOf"):
            todo.append(ent)
    while todo:
        ent = todo.pop()
        if ent.iri in emitted:
            continue
        emitted.add(ent.iri)
        node = iris.get(ent.iri) or URIRef(ent.iri)
        for t in dict.fromkeys(ent.types):
            add((node, RDF.type, T[t]))
        add((node, RDFS.label, Literal(ent.label)))
        for alt in sorted(ent.alt_labels):
            add((node, SKOS.altLabel, Literal(alt)))
        for prop, values in ent.props.items():
            for v in values:
                add((node, T[prop], term(prop, v)))
        if ent.evidence:
            for s in ent.evidence:
                evidence(node, s, 0.8)
    for node, c in confidences.items():
        add((node, T["confidence"], Literal(Decimal(str(c)))))
    # One pass straight into the store: cheaper than Graph.add per triple.
    store_add = g.store.add
    for t in triples:
        store_add(t, g, quoted=False)
    return g


class _Terms(dict):
    def __missing__(self, name: str) -> URIRef:
        value = self[name] = TKG[name]
        return value


_TERMS = _Terms()


def _tkg_terms() -> _Terms:
    return _TERMS
