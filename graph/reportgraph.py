"""The report-graph writer shared by extraction and curated fact sheets.

A report's named graph always holds the same provenance skeleton, whoever
made the facts (``docs/ARCHITECTURE.md``, "What a report's named graph
holds"): the ``tkg:Report`` node with its Dublin Core metadata; a
``prov:Activity`` associated with a ``prov:SoftwareAgent`` (the extractor or
the fact-sheet loader, with its version); one ``tkg:Evidence`` node per
quoted span (``tkg:text``, ``tkg:charStart``, ``tkg:charEnd``,
``tkg:inReport``); and on every fact ``tkg:evidence``, ``tkg:confidence``,
``prov:wasDerivedFrom`` the report and ``prov:wasGeneratedBy`` the activity.
:class:`ReportGraphWriter` writes that skeleton; :mod:`graph.extract.rdfout`
and :mod:`graph.factsheet` write the facts themselves through it.

Examples
--------
>>> from graph.reportgraph import ReportGraphWriter
>>> triples = []
>>> w = ReportGraphWriter("https://w3id.org/tkg/id/report/demo", "Europol warned of gangs.",
...                       triples.append, tool="extract", version="1.0")
>>> w.describe_report(title="Demo", date="2011-02-22")
>>> fact = w.node("https://w3id.org/tkg/id/report/demo/Warning/1")
>>> w.provenance(fact, [w.evidence(0, 24)], 0.8)
>>> w.finish()
>>> sorted(str(p).rsplit("#", 1)[-1] for s, p, o in triples if s == fact)
['confidence', 'evidence', 'wasDerivedFrom', 'wasGeneratedBy']
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

import ontology
from graph.ids import ID_BASE, local_iri

__all__ = ["ReportGraphWriter", "TKG", "SCHEMA", "date_literal", "confidence_literal"]

TKG = ontology.TKG
SCHEMA = ontology.SCHEMA

Triple = tuple[URIRef, URIRef, URIRef | Literal]

# Terms written for every fact and evidence node, made once: a Namespace
# attribute builds and validates a new URIRef on every access.
_EVIDENCE, _EVIDENCE_OF, _TEXT = TKG.Evidence, TKG.evidence, TKG.text
_CHAR_START, _CHAR_END, _IN_REPORT, _CONFIDENCE = (
    TKG.charStart,
    TKG.charEnd,
    TKG.inReport,
    TKG.confidence,
)
_DERIVED_FROM, _GENERATED_BY, _TYPE = PROV.wasDerivedFrom, PROV.wasGeneratedBy, RDF.type

_YEAR = re.compile(r"\d{4}")
_YEAR_MONTH = re.compile(r"\d{4}-(\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_TOOLS = {
    # tool -> (agent label, activity kind)
    "extract": ("tkg extract", "extract"),
    "factsheet": ("tkg factsheet", "factsheet"),
}


def date_literal(value: object) -> Literal | None:
    """An ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal, or None.

    Examples
    --------
    >>> date_literal("2011-02").datatype.endswith("gYearMonth")
    True
    >>> date_literal("2011-13") is None, date_literal("Tuesday") is None
    (True, True)
    """
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return Literal(str(value), datatype=XSD.gYear)
    if isinstance(value, str):
        text = value.strip()
        if _YEAR.fullmatch(text):
            return Literal(text, datatype=XSD.gYear)
        if m := _YEAR_MONTH.fullmatch(text):
            return Literal(text, datatype=XSD.gYearMonth) if 1 <= int(m.group(1)) <= 12 else None
        if _DATE.fullmatch(text):
            try:
                return Literal(_dt.date.fromisoformat(text).isoformat(), datatype=XSD.date)
            except ValueError:
                return None
    return None


@functools.lru_cache(maxsize=256)
def confidence_literal(value: str) -> Literal:
    """The ``xsd:decimal`` literal of a confidence given as text ("0.8").

    Keyed by the text: equal floats such as 0.0 and -0.0 print differently.

    Examples
    --------
    >>> confidence_literal("0.8").datatype.endswith("decimal")
    True
    """
    return Literal(Decimal(value))


@functools.lru_cache(maxsize=4096)
def _offset(value: int) -> Literal:
    # offsets recur across reports; rdflib's casting costs microseconds a literal
    return Literal(str(value), datatype=XSD.integer)


class ReportGraphWriter:
    """Write a report's provenance skeleton: report, activity, evidence, fact provenance.

    Parameters
    ----------
    report : str
        The report IRI (also the named graph's IRI).
    text : str or None
        The report text that evidence offsets index into.
    add : callable
        Receives each triple (``list.append`` of a list the caller adds in
        bulk, or ``rdflib.Graph.add``).
    tool : {"extract", "factsheet"}
        Who made the facts (names the software agent and the activity).
    version : str
        The tool's version.
    activity_label : str, optional
        A label for the activity (default "<tool> <version>").
    creators : iterable of str
        People behind the activity (a fact sheet's curators), as ``dcterms:creator``.

    Notes
    -----
    A fact's confidence is the highest given for it (a fact stated in two
    sentences keeps its strongest support); :meth:`finish` writes them.
    """

    def __init__(
        self,
        report: str,
        text: str | None,
        add: Callable[[Triple], object],
        *,
        tool: str,
        version: str,
        activity_label: str | None = None,
        creators: Iterable[str] = (),
    ):
        if tool not in _TOOLS:
            raise ValueError(f"unknown tool {tool!r}; use one of {', '.join(_TOOLS)}")
        self.report = URIRef(report)
        self.text = text
        self._add = add
        self._evidence: dict[tuple[int, int], URIRef] = {}
        self._confidence: dict[URIRef, tuple[float, str]] = {}
        agent_label, kind = _TOOLS[tool]
        agent = URIRef(f"{ID_BASE}agent/tkg-{kind}/{version}")
        self.activity = URIRef(local_iri(report, "Activity", kind, version))
        add((agent, RDF.type, PROV.SoftwareAgent))
        add((agent, RDFS.label, Literal(agent_label)))
        add((agent, OWL.versionInfo, Literal(version)))
        add((agent, SCHEMA.softwareVersion, Literal(version)))
        add((self.activity, RDF.type, PROV.Activity))
        add((self.activity, PROV.wasAssociatedWith, agent))
        add((self.activity, PROV.used, self.report))
        add((self.activity, RDFS.label, Literal(activity_label or f"{agent_label} {version}")))
        for name in creators:
            add((self.activity, DCTERMS.creator, Literal(str(name))))

    @staticmethod
    def node(iri: str) -> URIRef:
        """The IRI of a node (a convenience for callers holding strings)."""
        return URIRef(iri)

    def describe_report(
        self,
        *,
        title: str | None = None,
        publisher: str | None = None,
        date: object = None,
        source: str | None = None,
        language: str | None = None,
    ) -> None:
        """Write the ``tkg:Report`` node with its metadata.

        Raises
        ------
        ValueError
            When ``date`` is given but is not an ISO date, year-month or year.
        """
        add, rep = self._add, self.report
        add((rep, RDF.type, TKG.Report))
        if title:
            add((rep, DCTERMS.title, Literal(str(title))))
            add((rep, RDFS.label, Literal(str(title))))
        if publisher:
            add((rep, DCTERMS.publisher, Literal(str(publisher))))
        if date is not None and date != "":
            lit = date_literal(date)
            if lit is None:
                raise ValueError(
                    f"report date {date!r} is not a date; write 2011-02-22, 2011-02 or 2011"
                )
            add((rep, DCTERMS.date, lit))
        if source:
            src = str(source).strip()
            is_iri = re.match(r"https?://\S+$", src)
            add((rep, DCTERMS.source, URIRef(src) if is_iri else Literal(src)))
        if language:
            add((rep, DCTERMS.language, Literal(str(language))))

    def evidence(self, start: int, end: int) -> URIRef:
        """The ``tkg:Evidence`` node of ``text[start:end]`` (written once per span)."""
        key = (start, end)
        ev = self._evidence.get(key)
        if ev is None:
            if self.text is None:
                raise ValueError("evidence needs the report text")
            add = self._add
            ev = self._evidence[key] = URIRef(local_iri(str(self.report), "Evidence", start, end))
            add((ev, _TYPE, _EVIDENCE))
            add((ev, _TEXT, Literal(self.text[start:end])))
            add((ev, _CHAR_START, _offset(start)))
            add((ev, _CHAR_END, _offset(end)))
            add((ev, _IN_REPORT, self.report))
        return ev

    def provenance(
        self, subject: URIRef, evidence: Iterable[URIRef], confidence: float | Decimal | str
    ) -> None:
        """Tie a fact to its evidence, the report and the activity; keep its best confidence."""
        add = self._add
        for ev in evidence:
            add((subject, _EVIDENCE_OF, ev))
        add((subject, _DERIVED_FROM, self.report))
        add((subject, _GENERATED_BY, self.activity))
        old = self._confidence.get(subject)
        if old is None or float(confidence) > old[0]:
            self._confidence[subject] = (float(confidence), str(confidence))

    def finish(self) -> None:
        """Write each fact's confidence (call once, after the last fact)."""
        for subject, (_, text) in self._confidence.items():
            self._add((subject, _CONFIDENCE, confidence_literal(text)))
        self._confidence.clear()
