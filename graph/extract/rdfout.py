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
import functools
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.extract.entities import Entity, Registry
from graph.extract.frames.base import Concept, Fact, TypedDate
from graph.ids import ID_BASE, local_iri
from graph.rdflib_memory import fill_graph, report_graph
from graph.reportgraph import SCHEMA, TKG, ReportGraphWriter

__all__ = ["build_graph", "extractor_version"]


@functools.cache
def extractor_version() -> str:
    """Return the tkg package version (the extractor's version).

    Read once per process (``importlib.metadata`` scans the installed
    distributions, which costs more than extracting a short report).

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


# Literal construction goes through rdflib's Python-to-lexical casting rules
# (a few microseconds each); a report makes hundreds of literals, most of
# them values seen before (offsets, labels, confidences, ISO codes).
# Literals are immutable, so bounded caches keyed by the exact Python value
# (``typed=True``: ``1`` and ``True`` differ) give identical terms. The caches
# stay small: every cached literal is one more object for the cyclic garbage
# collector to walk, and the report graphs make it run often. Text that is
# unique to a sentence (quotes, evidence) is not cached.
_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _entity_uri(iri: str) -> URIRef:
    # Places and organisations recur across reports (URIRef validates each IRI).
    return URIRef(iri)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _str_lit(value: str) -> Literal:
    return Literal(value)


@functools.lru_cache(maxsize=_CACHE_SIZE, typed=True)
def _value_lit(value: object) -> Literal:
    """The literal of a ``tkg:value`` (integral values as xsd:integer)."""
    d = Decimal(value)
    if d == d.to_integral_value():
        return Literal(int(d), datatype=XSD.integer)
    return Literal(d)


@functools.lru_cache(maxsize=_CACHE_SIZE, typed=True)
def _plain_lit(value: object) -> Literal:
    """The literal of any other hashable Python value (bool, Decimal, str)."""
    if isinstance(value, bool | Decimal):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(str(value))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _date_lit(value: str, datatype: str) -> Literal:
    return Literal(value, datatype=XSD[datatype])


def _label_lit(value: str) -> Literal:
    """A plain literal, from the cache for a plain ``str``."""
    return _str_lit(value) if type(value) is str else Literal(value)


def _fact_iri(report: str, f: Fact) -> URIRef:
    s = f.sentence
    return URIRef(local_iri(report, f.types[0], s.start, s.end, f.key))


def _publisher_org(reg: Registry, publisher: str | None) -> Entity | None:
    """The gazetteer organisation a report's publisher names, or None.

    "International Organization for Migration (IOM)" or "Europol" name a
    known body; "CNN" names a media organisation; a person or an unknown
    outlet names none.
    """
    if not publisher:
        return None
    from graph.extract.gazetteer import find_mentions

    orgs = [m for m in find_mentions(publisher) if m.kind == "org"]
    if not orgs:
        return None
    best = max(orgs, key=lambda m: m.end - m.start)
    for m in orgs:  # every name the publisher line gives it ("... (IOM)") is a label
        if m.iri == best.iri:
            reg.org(m.iri, m.text)
    return reg.entities[best.iri]


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
    # a graph filled in one step (graph/rdflib_memory.py): the core prefixes and tkg's
    g = report_graph(report)
    # Triples are collected in a list (the few repeats are no-ops for the
    # store) and added in one pass at the end.
    triples: list[tuple] = []
    add = triples.append
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
    writer = ReportGraphWriter(report, text, add, tool="extract", version=extractor_version())
    writer.describe_report(title=title, publisher=publisher, date=date, source=source)

    emitted: set[str] = set()
    todo: list[Entity] = []
    # Terms used for every fact or entity, looked up once.
    RDF_type, RDFS_label, SKOS_altLabel = RDF.type, RDFS.label, SKOS.altLabel  # noqa: N806
    evidence_of, provenance = writer.evidence, writer.provenance

    def evidence(subject: URIRef, sentence, confidence: float) -> None:
        provenance(subject, (evidence_of(sentence.start, sentence.end),), confidence)

    iris: dict[str, URIRef] = {}
    fact_iris: dict[int, URIRef] = {}

    def fact_iri(f: Fact) -> URIRef:
        node = fact_iris.get(id(f))
        if node is None:
            node = fact_iris[id(f)] = _fact_iri(report, f)
        return node

    def entity_node(value: Entity) -> URIRef:
        node = iris.get(value.iri)
        if node is None:
            node = iris[value.iri] = _entity_uri(value.iri)
            todo.append(value)
        return node

    publisher_org = _publisher_org(reg, publisher)
    if publisher_org is not None:
        # the publishing body is an actor of the report ("IOM" publishes an IOM release);
        # dcterms:publisher keeps the one literal readers expect
        add((writer.report, PROV.wasAttributedTo, entity_node(publisher_org)))

    def term(prop: str, value):
        # The exact-type tests come first: they are the common cases.
        cls = type(value)
        if cls is Entity:
            return entity_node(value)
        if cls is str and prop != "value":
            return Literal(value) if prop == "quote" else _str_lit(value)
        if cls is Concept:
            return T[value.name]
        if cls is Fact:
            return fact_iri(value)
        if cls is TypedDate:
            return _date_lit(value.value, value.datatype)
        if isinstance(value, Entity):
            return entity_node(value)
        if isinstance(value, Fact):
            return fact_iri(value)
        if isinstance(value, Concept):
            return T[value.name]
        if isinstance(value, TypedDate):
            return _date_lit(value.value, value.datatype)
        # Only ints (and bools) and strs are cached: equal Decimals or floats
        # can have different lexical forms (1.5 and 1.50).
        cached = cls is int or cls is bool or cls is str
        if prop == "value" and cls is not bool:
            return _value_lit(value) if cached else _value_lit.__wrapped__(value)
        return _plain_lit(value) if cached else _plain_lit.__wrapped__(value)

    for f in facts:
        node = fact_iri(f)
        for t in f.types:
            add((node, RDF_type, T[t]))
        if f.label:
            add((node, RDFS_label, _label_lit(f.label)))
        for prop, values in f.props.items():
            for v in values:
                add((node, T[prop], term(prop, v)))
        evidence(node, f.sentence, f.confidence)

    for ent in list(reg.entities.values()):
        if ent.types[0] == "Person" and (ent.props.get("memberOf") or ent.evidence):
            todo.append(ent)  # a person named with a title, age, alias, ... (people.py)
        elif ent.evidence and ent.types[0] != "Person":
            todo.append(ent)  # an organisation or group named, with its own evidence
    while todo:
        ent = todo.pop()
        if ent.iri in emitted:
            continue
        emitted.add(ent.iri)
        node = iris.get(ent.iri) or _entity_uri(ent.iri)
        for t in dict.fromkeys(ent.types):
            add((node, RDF_type, T[t]))
        add((node, RDFS_label, _label_lit(ent.label)))
        for alt in sorted(ent.alt_labels):
            add((node, SKOS_altLabel, _label_lit(alt)))
        for prop, values in ent.props.items():
            for v in values:
                add((node, T[prop], term(prop, v)))
        if ent.evidence:
            for s in ent.evidence:
                evidence(node, s, 0.8)
    writer.finish()
    fill_graph(g, triples)
    return g


class _Terms(dict):
    def __missing__(self, name: str) -> URIRef:
        value = self[name] = TKG[name]
        return value


_TERMS = _Terms(  # the properties written outside tkg: (a town's coordinates)
    lat=URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat"),
    long=URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#long"),
)


def _tkg_terms() -> _Terms:
    return _TERMS
