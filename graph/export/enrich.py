"""Time, readable labels and facts for the nodes and edges of a projection.

The projections of :mod:`graph.network` carry who is linked to whom; the
tools people draw graphs with also want *when* and *what a node is*. This
module reads both from the store and writes them onto a projection:

- ``start`` / ``end`` (ISO dates) on every node and edge that a dated fact
  supports. A fact's time is its ``tkg:date`` (the whole day, month or year it
  names), else its ``tkg:startDate`` / ``tkg:endDate`` (an open start ends at
  the report's date), else its ``tkg:period`` when that is a date, else the
  date of the report it came from. A node's time spans the facts it takes
  part in (itself, when it is a fact); an edge's the facts that involve both
  ends, else its reports' dates.
- readable ``label`` for nodes whose label is a fallback: a statistic reads
  ``"VictimCount 270,000 (Europe)"``, a country role ``"Libya: transit
  country"``, any other fact with a generated name its type and the start of
  its evidence sentence. The label it replaces is kept as ``description``.

:func:`fact_index` reads what is needed in four queries;
:func:`enrich` writes it onto a graph; the explorer
(:mod:`graph.web.explorer`) uses the same index for the facts and evidence
it shows on a click.

Examples
--------
>>> from graph.store import open_store
>>> from graph.load import load_files
>>> from graph.network import project
>>> store = open_store("memory")
>>> _ = load_files(store, ["examples/facts/cnn-2011-europol-north-africa.yaml"])
>>> g = enrich(store, project(store, "flow"))
>>> ita = g.nodes["https://w3id.org/tkg/id/country/ITA"]
>>> ita["start"] <= ita["end"]
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import ontology
from graph.export._common import _bounds, edge_iter
from ontology import sparql_prefixes

__all__ = ["Fact", "FactIndex", "fact_index", "enrich", "fact_interval", "readable_number"]

_PREFIXES = sparql_prefixes("tkg", "rdf", "rdfs", "prov", "dcterms")
TKG = str(ontology.TKG)

_Q_FACTS = (
    _PREFIXES
    + """SELECT ?f ?date ?start ?end ?period ?report ?text WHERE {
  ?f tkg:evidence ?ev .
  OPTIONAL { ?ev tkg:inReport ?report }
  OPTIONAL { ?ev tkg:text ?text }
  OPTIONAL { ?f tkg:date ?date }
  OPTIONAL { ?f tkg:startDate ?start }
  OPTIONAL { ?f tkg:endDate ?end }
  OPTIONAL { ?f tkg:period ?period }
}"""
)
_Q_INVOLVED = (
    _PREFIXES
    + """SELECT DISTINCT ?f ?x WHERE {
  ?f tkg:evidence ?ev .
  { ?f ?p ?x } UNION { ?x ?p ?f }
  FILTER(isIRI(?x) && ?x != ?ev
         && ?p NOT IN (tkg:evidence, rdf:type, prov:wasDerivedFrom, prov:wasGeneratedBy))
}"""
)
_Q_TYPES = (
    _PREFIXES
    + """SELECT DISTINCT ?f ?type ?label WHERE {
  ?f tkg:evidence ?ev ; a ?type .
  FILTER(STRSTARTS(STR(?type), STR(tkg:)))
  OPTIONAL { ?f rdfs:label ?label }
}"""
)
_Q_REPORTS = (
    _PREFIXES
    + """SELECT DISTINCT ?r ?title ?date WHERE {
  ?r a tkg:Report .
  OPTIONAL { ?r dcterms:title ?title }
  OPTIONAL { ?r dcterms:date ?date }
}"""
)
_Q_STATISTICS = (
    _PREFIXES
    + """SELECT ?s ?measure ?value ?unit ?scope ?scopeLabel WHERE {
  ?s a tkg:Statistic .
  OPTIONAL { ?s tkg:measure ?measure }
  OPTIONAL { ?s tkg:value ?value }
  OPTIONAL { ?s tkg:unit ?unit }
  OPTIONAL { ?s tkg:scope ?scope OPTIONAL { ?scope rdfs:label ?scopeLabel } }
}"""
)
_Q_ROLES = (
    _PREFIXES
    + """SELECT ?a ?country ?countryLabel ?role WHERE {
  ?a a tkg:CountryRoleAssertion .
  OPTIONAL { ?a tkg:country ?country OPTIONAL { ?country rdfs:label ?countryLabel } }
  OPTIONAL { ?a tkg:role ?role }
}"""
)
# the fallback names of graph.network: "<Class words> <10 hex digits>"
_FALLBACK = re.compile(r"^[A-Z][a-z]*(?: [a-z]+)* [0-9a-f]{6,}$")
_GENERIC = {"Event", "Fact", "Statement", "Activity"}


@dataclass
class Fact:
    """One fact of the store: its type, name, time, report and evidence sentences."""

    iri: str
    type: str = ""
    label: str = ""
    start: str | None = None
    end: str | None = None
    reports: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    involves: set[str] = field(default_factory=set)


@dataclass
class FactIndex:
    """Facts by IRI, the facts each resource takes part in, and the reports."""

    facts: dict[str, Fact]
    by_node: dict[str, set[str]]
    reports: dict[str, dict[str, str | None]]
    labels: dict[str, str]

    def node_facts(self, node: str) -> list[str]:
        """IRIs of the facts ``node`` takes part in (itself first when it is one)."""
        found = sorted(self.by_node.get(node, ()))
        if node in self.facts and node in found:
            found.remove(node)
            found.insert(0, node)
        return found

    def edge_facts(self, u: str, v: str) -> list[str]:
        """IRIs of the facts that involve both ``u`` and ``v``."""
        return sorted(self.by_node.get(u, set()) & self.by_node.get(v, set()))


def readable_number(value: str | float | int | None) -> str:
    """Return a number with thousands separators and no needless decimals.

    Examples
    --------
    >>> readable_number("270000"), readable_number("3000000000.0"), readable_number(2.5)
    ('270,000', '3,000,000,000', '2.5')
    >>> readable_number("about ten")
    'about ten'
    """
    if value is None:
        return ""
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.normalize():,f}"


def fact_interval(
    date: str | None,
    start: str | None = None,
    end: str | None = None,
    period: str | None = None,
    report_date: str | None = None,
) -> tuple[str, str] | None:
    """Return the ``(first day, last day)`` a fact covers, or None.

    ``date`` wins, then ``start``/``end`` (an open start ends on the report's
    date, an open end starts where it ends), then ``period`` when it is a date,
    then the report's date.

    Examples
    --------
    >>> fact_interval("2011-02")
    ('2011-02-01', '2011-02-28')
    >>> fact_interval(None, start="2011-01-01", report_date="2011-02-22")
    ('2011-01-01', '2011-02-22')
    >>> fact_interval(None, period="in 2010", report_date="2011-02-22")
    ('2011-02-22', '2011-02-22')
    >>> fact_interval(None) is None
    True
    """
    if date and (b := _bounds(date)):
        return b
    s = _bounds(start) if start else None
    e = _bounds(end) if end else None
    if s or e:
        first = s[0] if s else e[0]  # type: ignore[index]
        if e:
            last = e[1]
        else:
            r = _bounds(report_date) if report_date else None
            last = r[1] if r and r[1] >= first else s[1]  # type: ignore[index]
        return (first, last) if first <= last else (last, first)
    if period and (b := _bounds(period)):
        return b
    if report_date and (b := _bounds(report_date)):
        return b
    return None


def _short(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _words(cls: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cls).lower()


def fact_index(store: Any) -> FactIndex:
    """Read the facts, their time, evidence and participants from ``store``.

    Examples
    --------
    >>> from graph.store import open_store
    >>> fact_index(open_store("memory")).facts
    {}
    """
    reports: dict[str, dict[str, str | None]] = {}
    for r, title, date in store.select_values(_Q_REPORTS):
        entry = reports.setdefault(r, {"title": None, "date": None})
        entry["title"] = entry["title"] or title
        entry["date"] = entry["date"] or date
    facts: dict[str, Fact] = {}
    timing: dict[str, list[tuple[str | None, ...]]] = {}
    for f, date, start, end, period, report, text in store.select_values(_Q_FACTS):
        fact = facts.get(f)
        if fact is None:
            fact = facts[f] = Fact(f)
        if report and report not in fact.reports:
            fact.reports.append(report)
        if text and text not in fact.evidence:
            fact.evidence.append(text)
        timing.setdefault(f, []).append((date, start, end, period, report))
    for f, rows in timing.items():
        spans = []
        for date, start, end, period, report in rows:
            rdate = reports.get(report or "", {}).get("date")
            span = fact_interval(date, start, end, period, rdate)
            if span:
                spans.append(span)
        if spans:
            facts[f].start = min(s for s, _ in spans)
            facts[f].end = max(e for _, e in spans)
    types: dict[str, set[str]] = {}
    for f, cls, label in store.select_values(_Q_TYPES):
        if f in facts:
            types.setdefault(f, set()).add(_short(cls))
            if label and (not facts[f].label or len(label) < len(facts[f].label)):
                facts[f].label = label
    for f, classes in types.items():
        specific = sorted(classes - _GENERIC) or sorted(classes)
        facts[f].type = specific[0]
    by_node: dict[str, set[str]] = {}
    for f in facts:
        by_node.setdefault(f, set()).add(f)
    for f, x in store.select_values(_Q_INVOLVED):
        if f in facts and x:
            facts[f].involves.add(x)
            by_node.setdefault(x, set()).add(f)
    labels = _readable_labels(store, facts)
    for f, label in labels.items():
        if f in facts:
            facts[f].label = label
    for fact in facts.values():
        if not fact.label or _FALLBACK.match(fact.label):
            fact.label = _from_evidence(fact)
    return FactIndex(facts, by_node, reports, labels)


def _from_evidence(fact: Fact) -> str:
    words = _words(fact.type) if fact.type else "fact"
    words = words[:1].upper() + words[1:]
    if not fact.evidence:
        return f"{words} {_short(fact.iri)}"
    sentence = fact.evidence[0].strip()
    if len(sentence) > 60:
        sentence = sentence[:57].rsplit(" ", 1)[0] + "..."
    return f"{words}: {sentence}"


def _readable_labels(store: Any, facts: dict[str, Fact]) -> dict[str, str]:
    """Statistics as "Measure value unit (scope)" and role assertions as "Country: role"."""
    stats: dict[str, dict[str, Any]] = {}
    for s, measure, value, unit, scope, scope_label in store.select_values(_Q_STATISTICS):
        entry = stats.setdefault(s, {"measure": set(), "value": None, "unit": None, "scope": {}})
        if measure:
            entry["measure"].add(_short(measure))
        entry["value"] = entry["value"] or value
        entry["unit"] = entry["unit"] or unit
        if scope:
            entry["scope"].setdefault(scope, scope_label or _short(scope))
    labels: dict[str, str] = {}
    for s, e in stats.items():
        parts = [" / ".join(sorted(e["measure"])) or "Statistic"]
        if e["value"] is not None:
            parts.append(readable_number(e["value"]))
        if e["unit"] and e["unit"].lower() not in ("persons", "people", "person"):
            parts.append(str(e["unit"]))
        text = " ".join(parts)
        if e["scope"]:
            text += f" ({', '.join(sorted(e['scope'].values()))})"
        labels[s] = text
    roles: dict[str, dict[str, Any]] = {}
    for a, country, country_label, role in store.select_values(_Q_ROLES):
        entry = roles.setdefault(a, {"country": set(), "role": set()})
        if country:
            entry["country"].add(country_label or _short(country))
        if role:
            entry["role"].add(_words(_short(role)))
    for a, e in roles.items():
        country = ", ".join(sorted(e["country"])) or "a country"
        role = ", ".join(sorted(e["role"])) or "role"
        labels[a] = f"{country}: {role}"
    return labels


def _span(facts: dict[str, Fact], iris: Any) -> tuple[str, str] | None:
    starts = [facts[f].start for f in iris if f in facts and facts[f].start]
    ends = [facts[f].end for f in iris if f in facts and facts[f].end]
    if not starts or not ends:
        return None
    return min(starts), max(ends)  # type: ignore[type-var]


def _report_span(index: FactIndex, reports: Any) -> tuple[str, str] | None:
    if isinstance(reports, str):
        reports = [reports]
    spans = []
    for r in reports or []:
        date = index.reports.get(str(r), {}).get("date")
        b = _bounds(date) if date else None
        if b:
            spans.append(b)
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def enrich(store: Any, g: Any, index: FactIndex | None = None) -> Any:
    """Write ``start``/``end`` and readable labels onto the projection ``g`` (in place).

    Parameters
    ----------
    store : graph.store.Store
        The store the projection came from.
    g : networkx.Graph
        A projection whose node ids are IRIs.
    index : FactIndex, optional
        A :func:`fact_index` already read from ``store``.

    Returns
    -------
    networkx.Graph
        ``g`` itself.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.store import open_store
    >>> g = enrich(open_store("memory"), nx.Graph([("a", "b")]))
    >>> "start" in g.nodes["a"]
    False
    """
    if index is None:
        index = fact_index(store)
    facts = index.facts
    for n, data in g.nodes(data=True):
        key = str(n)
        span = _span(facts, index.by_node.get(key, ()))
        if span is None and not data.get("start"):
            span = _report_span(index, data.get("reports"))
        if span is not None and not data.get("start"):
            data["start"], data["end"] = span
        label = index.labels.get(key)
        if label is None and key in facts and _FALLBACK.match(str(data.get("label") or "")):
            label = facts[key].label
        if label and label != data.get("label"):
            if data.get("label") and not _FALLBACK.match(str(data["label"])):
                data.setdefault("description", data["label"])
            data["label"] = label
    for u, v, _, data in edge_iter(g):
        if data.get("start") or data.get("end"):
            continue
        span = _span(facts, index.edge_facts(str(u), str(v)))
        if span is None:
            span = _report_span(index, data.get("reports"))
        if span is not None:
            data["start"], data["end"] = span
    return g
