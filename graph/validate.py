"""Validate facts against the SHACL shapes of the tkg ontology (pyshacl).

A violation is reported as one line naming the file and line where the node
appears, the node, the rule (shape and property) and the message, for example::

    facts.ttl:12: <https://w3id.org/tkg/id/report/r1/statistic/ab12> tkg:value: StatisticShape: a statistic needs exactly one tkg:value

Examples
--------
>>> import rdflib
>>> from graph.validate import validate_graph
>>> validate_graph(rdflib.Graph()).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib

from graph.exceptions import ValidationError

__all__ = ["Violation", "ValidationReport", "validate_graph", "check_graph", "validate_files"]

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


def validate_graph(
    graph: rdflib.Graph, *, source: str = "<facts>", text: str | None = None
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

    Returns
    -------
    ValidationReport
    """
    if len(graph) == 0:
        return ValidationReport(True)
    import pyshacl

    import ontology

    conforms, results, _ = pyshacl.validate(
        graph,
        shacl_graph=ontology.shapes_graph(),
        ont_graph=ontology.ontology_graph(),
        inference="rdfs",
        abort_on_first=False,
        allow_warnings=True,
    )
    report = ValidationReport(bool(conforms))
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
    report.violations.sort(key=lambda v: (v.line or 0, v.focus, v.path or ""))
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
