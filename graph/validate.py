"""Validate facts against the SHACL shapes of the tkg ontology (pyshacl).

A violation is reported as one line naming the file and line where the node
appears, the node, the rule (shape and property) and the message, for example::

    facts.ttl:12: <https://w3id.org/tkg/id/report/r1/statistic/ab12> tkg:value: StatisticShape: a statistic needs exactly one tkg:value

The shapes need RDFS inference (subclasses, sub-properties, domains and
ranges of ``tkg.ttl``). pyshacl's ``inference="rdfs"`` recomputes the closure
of report plus ontology with owlrl for every report, which cost most of the
validation time. Instead the closure of the ontology alone is computed once
per process, and each report is expanded with the rdf:type and super-property
triples that the closure would add, keeping only the triples the shapes can
read (the classes of sh:targetClass / sh:class and the properties of
sh:path and the targets). pyshacl then validates that graph without
inference. The result is the same as ``inference="rdfs"`` whenever the report
states no schema (no rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain,
rdfs:range, no instances of rdfs:Class, rdf:Property, rdfs:Datatype, ...);
otherwise, and for shapes that use constraints outside the supported set,
:func:`validate_graph` falls back to pyshacl's own inference
(``exact_rdfs=True`` forces that path).

Examples
--------
>>> import rdflib
>>> from graph.validate import validate_graph
>>> validate_graph(rdflib.Graph()).conforms
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS

from graph.exceptions import ValidationError

__all__ = [
    "Violation",
    "ValidationReport",
    "validate_graph",
    "check_graph",
    "validate_files",
    "undefined_terms",
]

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    """One SHACL result: where, which node, which rule, what is wrong."""

    source: str
    line: int | None
    focus: str
    path: str | None
    shape: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        prop = f" {self.path}" if self.path else ""
        return f"{where}: <{self.focus}>{prop}: {self.shape}: {self.message}"


@dataclass
class ValidationReport:
    """The outcome of validating one graph."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return one line per violation and warning."""
        return [str(v) for v in self.violations] + [f"warning: {w}" for w in self.warnings]


def _short(graph: rdflib.Graph, node: rdflib.term.Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # noqa: BLE001 - rdflib raises several kinds here; fall back to the IRI
            return f"<{node}>"
    return str(node)


def _line_of(node: str, text: str | None, graph: rdflib.Graph) -> int | None:
    """Find the first line of ``text`` that names ``node`` (IRI, CURIE or local key)."""
    if not text:
        return None
    candidates = [f"<{node}>", node]
    short = _short(graph, rdflib.URIRef(node))
    if short and not short.startswith("<"):
        candidates.append(short)
    tail = node.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    if len(tail) >= 3:
        candidates += [f"id: {tail}", f"{tail}:", tail]
    for needle in candidates:
        index = text.find(needle)
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return None


_Triple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]

# Triples with these predicates, or instances of these classes, change the RDFS
# schema itself; a report that states them is validated with pyshacl's inference.
_SCHEMA_PREDICATES = frozenset({RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range})
_SCHEMA_CLASSES = frozenset(
    {RDFS.Class, RDF.Property, RDFS.Datatype, RDFS.ContainerMembershipProperty}
)
# The SHACL terms whose evaluation reads the data graph only through the value
# nodes of paths, rdf:type (with rdfs:subClassOf) and the targets. A shape using
# any other term (sh:sparql, sh:closed, ...) turns the fast path off.
_SHAPE_TERMS = frozenset(
    SH[name]
    for name in (
        "path alternativePath inversePath zeroOrMorePath oneOrMorePath zeroOrOnePath "
        "name description message severity order group deactivated "
        "targetClass targetSubjectsOf targetObjectsOf targetNode property node "
        "minCount maxCount datatype nodeKind minLength maxLength pattern flags languageIn "
        "uniqueLang minInclusive maxInclusive minExclusive maxExclusive lessThan "
        "lessThanOrEquals equals disjoint in or and not xone class hasValue"
    ).split()
)
_PROPERTY_TERMS = (
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.equals,
    SH.disjoint,
)


def _path_properties(shapes: rdflib.Graph, path: rdflib.term.Node) -> set[rdflib.term.Node]:
    """Return the properties a SHACL property path names (predicate, list or nested path)."""
    if not isinstance(path, rdflib.BNode):
        return {path}
    found: set[rdflib.term.Node] = set()
    for value in shapes.objects(path, None):
        if value != RDF.nil:
            found |= _path_properties(shapes, value)
    return found


def _shape_reads(shapes: rdflib.Graph) -> tuple[frozenset, frozenset] | None:
    """Return (classes, properties) of the data graph the shapes read, or None.

    None when the shapes use a SHACL term outside :data:`_SHAPE_TERMS` or are
    themselves classes (implicit class targets).
    """
    used = {p for p in shapes.predicates() if str(p).startswith(str(SH))}
    class_types = {RDFS.Class, rdflib.OWL.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    implicit = any(o in class_types for o in shapes.objects(None, RDF.type))
    if used - _SHAPE_TERMS or implicit:
        return None
    classes = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    properties: set[rdflib.term.Node] = set()
    for path in shapes.objects(None, SH.path):
        properties |= _path_properties(shapes, path)
    for term in _PROPERTY_TERMS:
        properties |= set(shapes.objects(None, term))
    if RDF.type in properties or RDFS.subClassOf in properties:
        return None
    return frozenset(classes), frozenset(properties)


def _closed_ontology(ontology_graph: rdflib.Graph) -> rdflib.Graph:
    """Return what pyshacl mixes into a data graph from ``ontology_graph``, RDFS-closed.

    The same steps as ``pyshacl.validate(..., ont_graph=..., inference="rdfs")``
    on an empty data graph: pyshacl's inoculation (the RDFS/OWL axioms of the
    ontology), then owlrl's closure with pyshacl's RDFS semantics.
    """
    import owlrl
    from pyshacl.graph_abstraction import DataGraph
    from pyshacl.inference import CustomRDFSSemantics
    from pyshacl.rdfutil.inoculate import inoculate

    mixed = DataGraph.from_rdflib(rdflib.Graph())
    inoculate(mixed, ontology_graph)
    closed = mixed.impl
    owlrl.DeductiveClosure(CustomRDFSSemantics).expand(closed)
    return closed


def _index(graph: rdflib.Graph, predicate: rdflib.URIRef) -> dict:
    index: dict[rdflib.term.Node, set] = {}
    for s, o in graph.subject_objects(predicate):
        index.setdefault(s, set()).add(o)
    return index


@dataclass
class _Expansion:
    """The RDFS consequences of report triples, limited to what the shapes read.

    Built once per process from the closed ontology (:func:`_closed_ontology`),
    whose rdfs:subClassOf and rdfs:subPropertyOf are already transitive.
    """

    classes: frozenset
    properties: frozenset
    superclasses: dict
    superproperties: dict
    domains: dict
    ranges: dict
    ontology_triples: tuple[_Triple, ...]
    _class_rules: dict = field(default_factory=dict)
    _predicate_rules: dict = field(default_factory=dict)

    @classmethod
    def build(cls, closed: rdflib.Graph, classes: frozenset, properties: frozenset) -> _Expansion:
        kept = [t for t in closed if t[1] in properties]
        kept += [t for t in closed.triples((None, RDF.type, None)) if t[2] in classes]
        return cls(
            classes=classes,
            properties=properties,
            superclasses=_index(closed, RDFS.subClassOf),
            superproperties=_index(closed, RDFS.subPropertyOf),
            domains=_index(closed, RDFS.domain),
            ranges=_index(closed, RDFS.range),
            ontology_triples=tuple(kept),
        )

    def sound(self) -> bool:
        """Whether the triples every node or predicate gets (rdfs:Resource, rdf:Property) are harmless."""
        implied = self._all_superclasses(RDFS.Resource) | self._all_superclasses(RDF.Property)
        schema = self._all_superclasses(RDFS.Resource) & _SCHEMA_CLASSES
        schema |= self._all_superclasses(RDF.Property) & (_SCHEMA_CLASSES - {RDF.Property})
        return not (implied & self.classes) and not schema

    def _all_superclasses(self, cls: rdflib.term.Node) -> set:
        return self.superclasses.get(cls, set()) | {cls}

    def class_rule(self, cls: rdflib.term.Node) -> tuple | None:
        """Return the read classes an instance of ``cls`` belongs to, None if ``cls`` is schema."""
        try:
            return self._class_rules[cls]
        except KeyError:
            pass
        every = self._all_superclasses(cls)
        rule = None if every & _SCHEMA_CLASSES else tuple(every & self.classes)
        self._class_rules[cls] = rule
        return rule

    def _types(self, classes: Iterable) -> tuple | None:
        types: set = set()
        for cls in classes:
            rule = self.class_rule(cls)
            if rule is None:
                return None
            types.update(rule)
        return tuple(types)

    def predicate_rule(self, predicate: rdflib.term.Node) -> tuple | None:
        """Return (read properties, subject types, object types) a triple with ``predicate`` implies.

        None when such a triple (or one it implies) would change the schema.
        """
        try:
            return self._predicate_rules[predicate]
        except KeyError:
            pass
        every = self.superproperties.get(predicate, set()) | {predicate}
        rule = None
        if not (every & _SCHEMA_PREDICATES) and not ((every - {predicate}) & {RDF.type}):
            domains = set().union(*(self.domains.get(p, ()) for p in every))
            ranges = set().union(*(self.ranges.get(p, ()) for p in every))
            subject_types, object_types = self._types(domains), self._types(ranges)
            if subject_types is not None and object_types is not None:
                rule = (tuple(every & self.properties), subject_types, object_types)
        self._predicate_rules[predicate] = rule
        return rule

    def expand(self, graph: rdflib.Graph) -> rdflib.Graph | None:
        """Return the part of the RDFS closure of ``graph`` + ontology the shapes read.

        None when ``graph`` states schema (see :data:`_SCHEMA_PREDICATES`).
        """
        out: set[_Triple] = set(self.ontology_triples)
        add = out.add
        rules = self._predicate_rules
        for s, p, o in graph:
            rule = rules[p] if p in rules else self.predicate_rule(p)
            if rule is None:
                return None
            properties, subject_types, object_types = rule
            for q in properties:
                add((s, q, o))
            for cls in subject_types:
                add((s, RDF.type, cls))
            for cls in object_types:
                add((o, RDF.type, cls))
            if p == RDF.type:
                types = self.class_rule(o)
                if types is None:
                    return None
                for cls in types:
                    add((s, RDF.type, cls))
        data = rdflib.Graph(bind_namespaces="none")
        for triple in out:
            data.add(triple)
        return data


@functools.cache
def _expansion() -> _Expansion | None:
    """Return the cached expansion for the packaged ontology and shapes, None if unsupported."""
    import ontology

    reads = _shape_reads(ontology.shapes_graph())
    if reads is None:
        return None
    expansion = _Expansion.build(_closed_ontology(ontology.ontology_graph()), *reads)
    return expansion if expansion.sound() else None


def _rdfs_data_graph(graph: rdflib.Graph) -> rdflib.Graph | None:
    """Return the data graph that validates like ``graph`` under ``inference="rdfs"``, or None.

    None means the fast path does not apply (see the module docstring): use
    pyshacl's inference.
    """
    if isinstance(graph, rdflib.ConjunctiveGraph):
        return None
    expansion = _expansion()
    return None if expansion is None else expansion.expand(graph)


@functools.cache
def _ontology_names() -> tuple[frozenset[str], tuple[str, ...]]:
    """Return the local names the ontology defines in the tkg namespace (and a sorted copy).

    Read from ``ontology/tkg.ttl`` (every subject in the namespace), so terms the
    extractors add there are known without a second list.
    """
    import ontology

    prefix = str(ontology.TKG)
    names = {
        str(s)[len(prefix) :]
        for s in ontology.ontology_graph().subjects()
        if isinstance(s, rdflib.URIRef) and str(s).startswith(prefix)
    }
    return frozenset(names), tuple(sorted(names))


def undefined_terms(graph: rdflib.Graph) -> dict[str, str | None]:
    """Return the tkg-namespace terms of ``graph`` the ontology does not define.

    Returns
    -------
    dict
        Unknown IRI -> the closest defined CURIE (``tkg:Arrest``), or None.

    Examples
    --------
    >>> import rdflib
    >>> from ontology import TKG
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("urn:x:a"), rdflib.RDF.type, TKG.Arest))
    >>> undefined_terms(g)
    {'https://w3id.org/tkg/ontology#Arest': 'tkg:Arrest'}
    """
    import difflib

    import ontology

    prefix = str(ontology.TKG)
    known, ordered = _ontology_names()
    unknown: dict[str, str | None] = {}
    for triple in graph:
        for term in triple:
            if (
                isinstance(term, rdflib.URIRef)
                and term.startswith(prefix)
                and term not in unknown
                and str(term)[len(prefix) :] not in known
            ):
                local = str(term)[len(prefix) :]
                close = difflib.get_close_matches(local, ordered, n=1, cutoff=0.6)
                if not close:
                    lowered = {n.lower(): n for n in ordered}
                    close = [lowered[local.lower()]] if local.lower() in lowered else []
                unknown[str(term)] = f"tkg:{close[0]}" if close else None
    return unknown


def _closed_world(graph: rdflib.Graph, source: str, text: str | None) -> list[Violation]:
    """One violation per tkg-namespace term the ontology does not define."""
    found = []
    for iri, suggestion in undefined_terms(graph).items():
        curie = "tkg:" + iri.rsplit("#", 1)[-1]
        hint = f"did you mean {suggestion}?" if suggestion else "see ontology/tkg.ttl for the terms"
        found.append(
            Violation(
                source=source,
                line=_line_of(iri, text, graph),
                focus=iri,
                path=None,
                shape="ontology",
                message=f"{curie} is not defined by the tkg ontology; {hint}",
            )
        )
    return found


def _shacl_results(graph: rdflib.Graph, *, exact_rdfs: bool = False) -> rdflib.Graph:
    """Run pyshacl on ``graph`` with RDFS inference; return its results graph."""
    import pyshacl

    import ontology

    data = None if exact_rdfs else _rdfs_data_graph(graph)
    if data is None:
        _, results, _ = pyshacl.validate(
            graph,
            shacl_graph=ontology.shapes_graph(),
            ont_graph=ontology.ontology_graph(),
            inference="rdfs",
            abort_on_first=False,
            allow_warnings=True,
        )
    else:
        _, results, _ = pyshacl.validate(
            data,
            shacl_graph=ontology.shapes_graph(),
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
        )
    return results


def validate_graph(
    graph: rdflib.Graph,
    *,
    source: str = "<facts>",
    text: str | None = None,
    exact_rdfs: bool = False,
) -> ValidationReport:
    """Validate one report graph against ``ontology/shapes.ttl``.

    Parameters
    ----------
    graph : rdflib.Graph
        The facts.
    source : str
        File name for the messages.
    text : str, optional
        The file's text, used to find the line where a node appears.
    exact_rdfs : bool
        Let pyshacl compute the RDFS closure of facts and ontology
        (``inference="rdfs"``, slow) instead of the precomputed expansion;
        both give the same results.

    Returns
    -------
    ValidationReport

    Examples
    --------
    >>> import rdflib
    >>> from ontology import TKG
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("urn:x:arrest"), rdflib.RDF.type, TKG.Arrest))
    >>> report = validate_graph(g)
    >>> report.conforms, report.violations[0].shape
    (False, 'evidence')
    >>> validate_graph(g, exact_rdfs=True).violations == report.violations
    True
    """
    if len(graph) == 0:
        return ValidationReport(True)
    import ontology

    results = _shacl_results(graph, exact_rdfs=exact_rdfs)
    report = ValidationReport(True)
    shapes = ontology.shapes_graph()
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        source_shape = results.value(result, SH.sourceShape)
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        shape_name = shapes.value(source_shape, SH.name) or _short(shapes, source_shape) or "shape"
        # a property shape is usually anonymous: name the node shape that holds it
        if isinstance(source_shape, rdflib.BNode):
            parent = shapes.value(None, SH.property, source_shape)
            if parent is not None:
                shape_name = f"{_short(shapes, parent)}"
        violation = Violation(
            source=source,
            line=_line_of(str(focus), text, graph),
            focus=str(focus),
            path=_short(graph, path),
            shape=str(shape_name),
            message=str(message or "violates the shape"),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        )
        if violation.severity == "Violation":
            report.violations.append(violation)
        else:
            report.warnings.append(violation)
    report.violations += _closed_world(graph, source, text)
    report.violations.sort(key=lambda v: (v.line or 0, v.focus, v.path or "", v.shape, v.message))
    report.conforms = not report.violations
    return report


def check_graph(
    graph: rdflib.Graph, *, source: str = "<facts>", text: str | None = None
) -> ValidationReport:
    """Validate and raise on violations.

    Raises
    ------
    ValidationError
        With one line per violation in ``.violations``.
    """
    report = validate_graph(graph, source=source, text=text)
    if not report.conforms:
        first = report.violations[0]
        more = len(report.violations) - 1
        tail = f" (and {more} more)" if more else ""
        raise ValidationError(
            f"{first}{tail}; fix the facts, nothing was stored", [str(v) for v in report.violations]
        )
    return report


def validate_files(paths: list[str | Path]) -> dict[str, ValidationReport]:
    """Read and validate fact files; return a report per file.

    Raises
    ------
    InputError, ParseError
        When a file cannot be read or parsed.
    """
    from graph.rdf import read_facts

    reports: dict[str, ValidationReport] = {}
    for path in paths:
        path = Path(path)
        pairs = read_facts(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = None
        combined = ValidationReport(True)
        for _iri, graph in pairs:
            report = validate_graph(graph, source=str(path), text=text)
            combined.violations += report.violations
            combined.warnings += report.warnings
        combined.conforms = not combined.violations
        reports[str(path)] = combined
    return reports
