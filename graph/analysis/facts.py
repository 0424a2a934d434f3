"""Read each report's facts from a store, as the brief in analysis.md needs them.

One SELECT per report (its named graph), assembled in Python into
:class:`ReportFacts`: the report's metadata, its entities (label, types and
plain values) and its facts (events, statistics, routes, role assertions)
with their evidence sentences and confidence. Values are normalised so that
every store gives the same records: numbers as floats (Virtuoso writes
``"45.0"^^xsd:decimal`` as ``"45"``), everything sorted.

Also here: the rules that judge a claim, :func:`hedges` (the words that
hedge it) and :func:`strongest_evidence` (the sentence that states it best).

Examples
--------
>>> hedges("Syndicates could try to exploit the unrest, experts fear.")
['could', 'fear']
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib.namespace import RDF, RDFS, SKOS

import ontology
from graph.network import report_titles, short_name
from graph.store import Store

__all__ = [
    "Evidence",
    "Fact",
    "ReportFacts",
    "format_number",
    "hedges",
    "read_reports",
    "strongest_evidence",
]

TKG = str(ontology.TKG)
_RDF_TYPE = str(RDF.type)
_LABEL = str(RDFS.label)
_ALT = str(SKOS.altLabel)
_DCT = str(ontology.DCTERMS)


@functools.cache
def _fact_types() -> frozenset[str]:
    """Classes whose instances are facts (anything else with a label is an entity)."""
    return frozenset(ontology.fact_classes())


_NUMERIC = frozenset({"value", "count", "confidence", "charStart", "charEnd"})

#: Words that hedge a claim: modal verbs, reported fear, hearsay, "alleged", denials.
_HEDGE = re.compile(
    r"\b(could|might|may|potentially|possibly|perhaps|probably|likely|allegedly|alleged|"
    r"reportedly|suspected|believed|(?<!their )(?<!the )(?<!of )fears?|feared|estimated|thought to|appears? to|"
    r"seems? to|we are hearing|are hearing|haven't seen|have not seen|no strong indications|"
    r"not yet|unconfirmed)\b",
    re.IGNORECASE,
)
_MONTH_MAY = re.compile(r"\bMay\b")


def hedges(text: str) -> list[str]:
    """The hedging words of a sentence, lower-cased, in order, each once.

    "May" with a capital letter is read as the month, not the modal verb.

    Examples
    --------
    >>> hedges("We haven't seen any strong indications yet but organized crime might be doing that.")
    ["haven't seen", 'might']
    >>> hedges("Police arrested 12 people in May.")
    []
    """
    out: list[str] = []
    for m in _HEDGE.finditer(text or ""):
        word = m.group(0)
        if word == "May" and _MONTH_MAY.match(text, m.start()):
            continue
        word = word.lower()
        if word not in out:
            out.append(word)
    return out


@dataclass(frozen=True, order=True)
class Evidence:
    """A sentence that states a fact: its text and offsets in the report."""

    start: int
    end: int
    text: str


@dataclass
class Fact:
    """A fact node of a report: its types, values and evidence.

    Attributes
    ----------
    iri : str
    types : list of str
        Short class names, sorted.
    values : dict of str to list of str
        Short predicate name to IRIs or literal values (numbers as ``float``
        text), sorted.
    evidence : list of Evidence
        Sorted by position in the report.
    confidence : float or None
    """

    iri: str
    types: list[str]
    values: dict[str, list[str]] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float | None = None

    def first(self, key: str) -> str | None:
        """The first value of ``key``, or None."""
        vals = self.values.get(key)
        return vals[0] if vals else None

    @property
    def kind(self) -> str:
        """The most specific type (Warning before Statement, MigrationFlow before Event)."""
        order = ["Warning", "Arrest", "Deployment", "LawEnforcementOperation", "CivilUnrest"]
        for t in order:
            if t in self.types:
                return t
        specific = [t for t in self.types if t not in ("Event", "Statement")]
        return specific[0] if specific else (self.types[0] if self.types else "Fact")


@dataclass
class ReportFacts:
    """Everything one report's named graph says, ready for the brief."""

    iri: str
    title: str
    publisher: str = ""
    date: str = ""
    source: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=dict)
    entity_values: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)

    def label(self, iri: str) -> str:
        """Label of an IRI in this report (its last path part when unlabelled)."""
        return self.labels.get(iri) or short_name(iri).replace("-", " ")

    def named(self, text: str) -> bool:
        """True when ``text`` occurs (case-insensitively) in one of the report's sentences."""
        key = text.casefold()
        return any(key in s.casefold() for s in self.sentences)


def _number(text: str) -> str:
    try:
        return repr(float(text))
    except ValueError:
        return text


def read_reports(store: Store, reports: list[str] | None = None) -> list[ReportFacts]:
    """Read the facts of each report graph, sorted by report date then IRI.

    Parameters
    ----------
    store : graph.store.Store
    reports : list of str, optional
        Report IRIs (default: every ``tkg:Report`` in the store).

    Examples
    --------
    >>> from graph.store import open_store
    >>> read_reports(open_store("memory"))
    []
    """
    titles = report_titles(store)
    wanted = sorted(titles) if reports is None else list(reports)
    out: list[ReportFacts] = []
    for iri in wanted:
        rf = ReportFacts(iri=iri, title=titles.get(iri, short_name(iri)))
        props: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        for subj, pred, obj in store.select(query).rows:
            if subj is None or pred is None or obj is None:
                continue
            name = short_name(str(pred))
            value = str(obj)
            if name in _NUMERIC:
                value = _number(value)
            if str(pred) == _RDF_TYPE:
                name = "type"
                value = short_name(value)
            elif str(pred) == _LABEL:
                name = "label"
            elif str(pred) == _ALT:
                name = "altLabel"
            props[str(subj)][name].add(value)
        ev_nodes: dict[str, Evidence] = {}
        for s, vals in props.items():
            if "text" in vals and ("charStart" in vals or "inReport" in vals):
                start = int(float(min(vals.get("charStart", {"0"}))))
                end = int(float(min(vals.get("charEnd", {"0"}))))
                ev_nodes[s] = Evidence(start, end, min(vals["text"]))
        rf.sentences = sorted({e.text for e in ev_nodes.values()})
        for s, vals in props.items():
            if s in ev_nodes:
                continue
            types = sorted(vals.get("type", ()))
            if "label" in vals:
                rf.labels[s] = min(vals["label"])
            if types:
                rf.types[s] = types
            if s == iri:
                rf.title = min(vals.get("title", {rf.title}))
                rf.publisher = min(vals.get("publisher", {""}))
                rf.date = min(vals.get("date", {""}))
                rf.source = min(vals.get("source", {""}))
                continue
            values = {k: sorted(v) for k, v in vals.items() if k not in ("type", "evidence")}
            if _fact_types() & set(types):
                conf = vals.get("confidence")
                fact = Fact(
                    iri=s,
                    types=types,
                    values=values,
                    evidence=sorted(
                        {ev_nodes[e] for e in vals.get("evidence", ()) if e in ev_nodes}
                    ),
                    confidence=float(min(conf)) if conf else None,
                )
                rf.facts.append(fact)
            else:
                rf.entity_values[s] = values
                if vals.get("evidence"):
                    rf.entity_values[s]["_evidence"] = sorted(
                        ev_nodes[e].text for e in vals["evidence"] if e in ev_nodes
                    )
        rf.facts.sort(
            key=lambda f: (f.evidence[0] if f.evidence else Evidence(1 << 30, 0, ""), f.iri)
        )
        out.append(rf)
    out.sort(key=lambda r: (r.date, r.iri))
    return out


_CURRENCY = {"USD": "$", "EUR": "€", "GBP": "£"}


def format_number(value: float, unit: str = "") -> str:
    """A reported number as a reader writes it: ``$3 billion``, ``270,000``.

    Examples
    --------
    >>> format_number(3e9, "USD"), format_number(270000.0), format_number(2.5)
    ('$3 billion', '270,000', '2.5')
    """
    if value >= 1e9 and value % 1e7 == 0:
        text = f"{value / 1e9:g} billion"
    elif value >= 1e6 and value % 1e4 == 0:
        text = f"{value / 1e6:g} million"
    elif value == int(value):
        text = f"{int(value):,}"
    else:
        text = f"{value:g}"
    symbol = _CURRENCY.get(unit)
    return symbol + text if symbol else text


def _number_forms(value: str) -> list[str]:
    """Ways a number may be written in a sentence (``10000`` -> ``10,000``, ``10000``)."""
    try:
        v = float(value)
    except ValueError:
        return []
    forms = {format_number(v), format_number(v).replace(",", ""), f"{v:g}"}
    if v >= 1e6:
        forms.add(format_number(v).split(" ")[0])
    return sorted(forms)


#: Which values name a fact, by kind: a sentence that holds them states the fact.
_KEY_VALUES = {
    "Statistic": ("value", "scope", "attributedTo"),
    "MigrationFlow": ("count", "destination", "origin", "transit"),
    "Route": ("origin", "destination", "transit", "crosses"),
    "TraffickingActivity": ("perpetrator", "victim", "destination", "origin"),
    "SmugglingActivity": ("perpetrator", "victim", "location"),
    "LawEnforcementOperation": ("count", "target", "agent"),
    "Arrest": ("count", "participant"),
    "Deployment": ("agent", "location"),
    "Statement": ("speaker", "quote", "audience"),
    "Warning": ("speaker", "quote", "about"),
    "CountryRoleAssertion": ("country",),
    "CivilUnrest": ("location",),
}
_WEIGHT = {"value": 3, "count": 3, "quote": 3, "speaker": 2}


def strongest_evidence(fact: Fact, labels: dict[str, str]) -> Evidence | None:
    """The sentence that states ``fact`` best.

    Each evidence sentence scores the fact's key values (by kind: the number
    of a statistic or flow, the speaker and quote of a statement, the places
    of a route) that it holds; the best score wins, ties go to the earliest
    sentence. Order in the store plays no part.

    Examples
    --------
    >>> f = Fact("f", ["MigrationFlow"], {"count": ["10000.0"], "destination": ["i"]},
    ...          [Evidence(0, 30, "Experts were sent to Italy."),
    ...           Evidence(40, 90, "The influx to Italy -- nearly 10,000 migrants.")])
    >>> strongest_evidence(f, {"i": "Italy"}).text
    'The influx to Italy -- nearly 10,000 migrants.'
    """
    if not fact.evidence:
        return None
    keys: list[str] = []
    for t in fact.types:
        keys += [k for k in _KEY_VALUES.get(t, ()) if k not in keys]

    def score(ev: Evidence) -> int:
        text = ev.text.casefold()
        total = 0
        for key in keys:
            for value in fact.values.get(key, ()):
                if key in ("value", "count"):
                    forms = _number_forms(value)
                elif key == "quote":
                    forms = [value[:40]]
                else:
                    forms = [labels.get(value, "")]
                if any(f and f.casefold() in text for f in forms):
                    total += _WEIGHT.get(key, 1)
                    break
        return total

    return max(fact.evidence, key=lambda ev: (score(ev), -ev.start, ev.text))
