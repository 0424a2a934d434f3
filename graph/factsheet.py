"""Read a hand-written YAML fact sheet into one report's rdflib graph.

A fact sheet describes one report: its metadata, the entities it mentions
and the facts it states, each fact tied to the words of the report that
support it (see ``docs/factsheet.md`` for the user documentation)::

    report:
      id: demo
      content: "Europol said 120 suspects were arrested in Italy."
    entities:
      europol: {type: LawEnforcementAgency, label: Europol}
    facts:
      - type: Arrest
        count: 120
        agent: europol
        location: Italy
        evidence: "120 suspects were arrested"

The graph follows "What a report's named graph holds" in
``docs/ARCHITECTURE.md``: the ``tkg:Report`` node, every fact with
``tkg:evidence`` (the sentence holding the quote, with its offsets),
``tkg:confidence`` and ``prov:wasDerivedFrom``, and a copy of the
description of every entity and place it refers to.

Examples
--------
>>> from graph.factsheet import parse_factsheet
>>> sheet = '''
... report: {id: demo, content: "Europol said 120 suspects were arrested in Italy."}
... facts:
...   - {type: Arrest, count: 120, location: Italy, evidence: "120 suspects"}
... '''
>>> iri, g = parse_factsheet(sheet)
>>> iri
'https://w3id.org/tkg/id/report/demo'
>>> q = "SELECT ?n WHERE { ?a a tkg:Arrest ; tkg:count ?n ; tkg:location/tkg:isoCode 'IT' }"
>>> [int(row.n) for row in g.query(q)]
[120]
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import rdflib
import yaml
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import OWL

import ontology
from graph.exceptions import InputError, ParseError
from graph.ids import local_iri, person_iri, report_iri, slugify
from graph.reportgraph import ReportGraphWriter, date_literal

__all__ = ["parse_factsheet", "read_factsheet", "PREFIXES"]

_TKG = str(ontology.TKG)

PREFIXES: dict[str, str] = {
    p: ontology.PREFIXES[p]
    for p in ("tkg", "tkgid", "xsd", "rdf", "rdfs", "owl", "skos", "dcterms", "prov", "schema")
}
"""CURIE prefixes a sheet may use without declaring them (``prefixes:`` adds more)."""

_T = ontology.TKG
_SKOS_NS = ontology.SKOS
_PROV_NS = ontology.PROV
_DC = ontology.DCTERMS

_TOP_KEYS = ("report", "entities", "facts", "prefixes")
_REPORT_KEYS = (
    "id",
    "title",
    "publisher",
    "date",
    "source",
    "text",
    "content",
    "language",
    "confidence",
    "curator",
)
# Keys every fact or entity may carry besides tkg properties.
_SPECIAL_KEYS = ("type", "id", "iri", "label", "altLabels", "evidence", "confidence", "comment")
# tkg properties that the loader writes itself (on Evidence nodes).
_RESERVED = ("evidence", "text", "charStart", "charEnd", "inReport", "confidence")
_DATE_PROPS = ("date", "startDate", "endDate")
_PLACE_CLASSES = ("Place",)
_ORG_CLASSES = ("Organization",)


# ---------------------------------------------------------------- YAML with line numbers


class _Map(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int = 0
    lines: dict = {}  # noqa: RUF012 - replaced per instance by _construct_map


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (``NO`` stays the ISO code of Norway)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_map(loader: _Loader, node: Any) -> _Map:
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool | _dt.date) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word", key_node.start_mark
            )
        key = str(key)
        if key in out:
            raise _SheetError(line, f"duplicate key {key!r}", "keep one of them")
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = line
    return out


class _Seq(list):
    """A YAML sequence that remembers the line of each item."""

    lines: list = []  # noqa: RUF012 - replaced per instance by _construct_seq


def _construct_seq(loader: _Loader, node: Any) -> _Seq:
    out = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    out.lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


class _SheetError(Exception):
    """Internal: a problem at a line of the sheet, turned into InputError with the source."""

    def __init__(self, line: int | None, problem: str, fix: str, cls: type = InputError):
        super().__init__(problem)
        self.line, self.problem, self.fix, self.cls = line, problem, fix, cls


def _checked_iri(iri: str, line: int | None) -> str:
    """Return ``iri`` if the store can hold it, else raise a _SheetError naming it."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(iri)
    except ValueError as e:
        raise _SheetError(
            line,
            f"invalid IRI <{iri}> ({' '.join(str(e).split())})",
            'write a valid absolute IRI (no spaces or <>"{}|\\^`)',
        ) from e
    return iri


def _short(value: Any, width: int = 60) -> str:
    text = " ".join(str(value).split())
    if len(text) > width:
        text = text[: width - 3] + "..."
    return repr(text)


# ---------------------------------------------------------------- the vocabulary


@dataclass
class _Vocab:
    classes: set[str] = field(default_factory=set)
    supers: dict[str, set[str]] = field(default_factory=dict)
    object_props: set[str] = field(default_factory=set)
    ranges: dict[str, str] = field(default_factory=dict)
    terms: set[str] = field(default_factory=set)
    concepts: dict[str, str] = field(default_factory=dict)

    @property
    def properties(self) -> list[str]:
        return sorted((self.object_props | set(self.ranges)) - set(_RESERVED))

    def is_a(self, cls: str, ancestor: str) -> bool:
        return cls == ancestor or ancestor in self.supers.get(cls, ())


@functools.cache
def _vocab() -> _Vocab:
    import ontology

    g = ontology.ontology_graph()
    v = _Vocab()

    def local(term: Any) -> str | None:
        text = str(term)
        return text[len(_TKG) :] if text.startswith(_TKG) else None

    for s in g.subjects(RDF.type, OWL.Class):
        if name := local(s):
            v.classes.add(name)
    for name in v.classes:
        seen: set[str] = set()
        todo = [_T[name]]
        while todo:
            for sup in g.objects(todo.pop(), RDFS.subClassOf):
                if (sname := local(sup)) and sname not in seen:
                    seen.add(sname)
                    todo.append(_T[sname])
        v.supers[name] = seen
    for s in g.subjects(RDF.type, OWL.ObjectProperty):
        if name := local(s):
            v.object_props.add(name)
    for s in g.subjects(RDF.type, OWL.DatatypeProperty):
        if name := local(s):
            rng = g.value(s, RDFS.range)
            v.ranges[name] = str(rng) if rng is not None else ""
    for s in g.subjects(RDF.type, _SKOS_NS.Concept):
        if name := local(s):
            v.concepts[name.lower()] = name
            for pred in (_SKOS_NS.prefLabel, _SKOS_NS.altLabel, RDFS.label):
                for label in g.objects(s, pred):
                    v.concepts.setdefault(" ".join(str(label).lower().split()), name)
    v.terms = {name for s in g.subjects() if (name := local(s))}
    return v


@functools.cache
def _organisations() -> dict[str, Any]:
    """Organisation gazetteer of the extractor: surface form -> Org (acronyms as written)."""
    try:
        from graph.extract.gazetteer import organisations
    except ImportError:  # pragma: no cover - the extractor ships with tkg
        return {}
    out: dict[str, Any] = {}
    for org in organisations().values():
        for name in (org.label, *org.aliases):
            key = name if name.isupper() else name.lower()
            out.setdefault(key, org)
    return out


def _find_org(name: str) -> Any:
    orgs = _organisations()
    text = " ".join(name.split())
    return orgs.get(text) or orgs.get(text.lower())


# ---------------------------------------------------------------- public functions


def parse_factsheet(
    text: str, *, base_dir: Path | None = None, source: str = "<string>"
) -> tuple[str, rdflib.Graph]:
    """Parse a YAML fact sheet into the report IRI and the report's graph.

    Parameters
    ----------
    text : str
        The YAML document.
    base_dir : pathlib.Path, optional
        Directory that ``report.text`` is relative to (the sheet's directory);
        the current directory when None.
    source : str
        Name of the sheet used in error messages (its path).

    Returns
    -------
    tuple of (str, rdflib.Graph)
        The report IRI (also the named-graph IRI of its facts) and the facts.

    Raises
    ------
    graph.exceptions.ParseError
        The text is not YAML, or not a mapping with a ``report:`` section.
    graph.exceptions.InputError
        An unknown type or property, a quote not found in the report, a
        reference that names nothing, a bad value, a missing report id. The
        message names ``source:line`` and the fix.

    Examples
    --------
    >>> sheet = '''
    ... report:
    ...   id: demo
    ...   content: "About 270,000 victims are in Europe, according to Europol."
    ... facts:
    ...   - type: Statistic
    ...     measure: VictimCount
    ...     value: 270000
    ...     approximate: true
    ...     scope: Europe
    ...     attributedTo: Europol
    ...     evidence: "270,000 victims"
    ... '''
    >>> iri, g = parse_factsheet(sheet)
    >>> stat = next(g.subjects(RDF.type, _T.Statistic))
    >>> str(stat).startswith(iri + "/statistic/")
    True
    >>> str(g.value(stat, _T.attributedTo))
    'https://w3id.org/tkg/id/org/europol'
    >>> parse_factsheet("report: {id: x}\\nfacts: [{type: Arest}]", source="f.yaml")
    Traceback (most recent call last):
    ...
    graph.exceptions.InputError: f.yaml:2: unknown type 'Arest' (did you mean 'Arrest'?); known types: ...
    """
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except _SheetError as e:
        raise e.cls(f"{source}:{e.line}: {e.problem}; {e.fix}") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        problem = " ".join(str(getattr(e, "problem", None) or e).split())
        raise ParseError(
            f"{where}: malformed YAML ({problem}); fix the indentation or quoting and load again"
        ) from e
    except RecursionError as e:
        raise ParseError(f"{source}: YAML nested too deeply; flatten the sheet") from e
    try:
        return _Builder(doc, base_dir, source).build()
    except _SheetError as e:
        where = f"{source}:{e.line}" if e.line else source
        raise e.cls(f"{where}: {e.problem}; {e.fix}") from e


def read_factsheet(path: str | Path) -> tuple[str, rdflib.Graph]:
    """Read a YAML fact sheet file; ``report.text`` is relative to the file.

    Parameters
    ----------
    path : str or pathlib.Path
        The ``.yaml`` file.

    Returns
    -------
    tuple of (str, rdflib.Graph)
        The report IRI and the report's graph, as :func:`parse_factsheet`.

    Raises
    ------
    graph.exceptions.InputError
        The file is missing or unreadable, or the sheet is wrong (see
        :func:`parse_factsheet`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "r.txt").write_text("Italy received 10,000 migrants.", encoding="utf-8")
    >>> _ = (d / "r.yaml").write_text(
    ...     "report: {id: r, text: r.txt}\\n"
    ...     "facts:\\n  - {type: MigrationFlow, destination: IT, count: 10000,"
    ...     " evidence: '10,000 migrants'}\\n", encoding="utf-8")
    >>> iri, g = read_factsheet(d / "r.yaml")
    >>> len(list(g.subjects(RDF.type, _T.MigrationFlow)))
    1
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such fact sheet; check the path") from e
    except IsADirectoryError as e:
        raise InputError(f"{path}: is a directory; pass a .yaml fact sheet") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror}); check permissions") from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ParseError(f"{path}: not UTF-8 text; save the fact sheet as UTF-8") from e
    return parse_factsheet(text, base_dir=path.parent, source=str(path))


# ---------------------------------------------------------------- values


_MULTIPLIERS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "").lower()
        m = re.fullmatch(r"([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*([a-z]*)", text)
        if not m or (m.group(2) and m.group(2) not in _MULTIPLIERS):
            return None
        try:
            number = Decimal(m.group(1)) * _MULTIPLIERS.get(m.group(2), 1)
        except InvalidOperation:
            return None
    else:
        return None
    if not number.is_finite():
        return None
    if number == number.to_integral_value() and abs(number) < Decimal(10) ** 30:
        return Decimal(int(number))
    return number.normalize()


def _decimal_literal(number: Decimal) -> Literal:
    """An xsd:decimal in canonical form ("40.0", "0.75"), stable through Turtle round trips."""
    text = format(number, "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    return None


# ---------------------------------------------------------------- the builder


class _Builder:
    def __init__(self, doc: Any, base_dir: Path | None, source: str):
        self.doc = doc
        self.base_dir = base_dir
        self.source = source
        self.g = rdflib.Graph()
        self.prefixes = dict(PREFIXES)
        self.keys: dict[str, URIRef] = {}
        self.key_lines: dict[str, int] = {}
        self.text: str | None = None
        self.text_name = "the report text"
        self.sentences: list = []
        self.fact_lines: dict[URIRef, int] = {}
        self.described: set[str] = set()
        self.default_confidence = Decimal("1.0")

    # -- top level

    def build(self) -> tuple[str, rdflib.Graph]:
        doc = self.doc
        if not isinstance(doc, _Map):
            raise _SheetError(
                None,
                "not a fact sheet (expected a mapping with report:, entities:, facts:)",
                "see docs/factsheet.md for the format",
                ParseError,
            )
        unknown = [k for k in doc if k not in _TOP_KEYS]
        if unknown:
            raise _SheetError(
                doc.lines[unknown[0]],
                f"unknown section {unknown[0]!r}",
                f"use only {', '.join(_TOP_KEYS)}",
            )
        self._prefixes(doc.get("prefixes"), doc.lines.get("prefixes"))
        report = doc.get("report")
        if not isinstance(report, _Map):
            raise _SheetError(
                doc.lines.get("report", 1),
                "no report: section",
                "start the sheet with 'report:' and an 'id:' under it",
            )
        self.report = self._report(report)
        entities = doc.get("entities") or _Map()
        if not isinstance(entities, _Map):
            raise _SheetError(
                doc.lines["entities"],
                "entities: must be a mapping of keys to descriptions",
                "write 'europol: {type: LawEnforcementAgency, label: Europol}'",
            )
        facts = doc.get("facts") or []
        if not isinstance(facts, list):
            raise _SheetError(
                doc.lines["facts"],
                "facts: must be a list",
                "start each fact with '- type: ...'",
            )
        self._declare(entities, facts)
        for key, spec in entities.items():
            self._entity(key, spec, entities.lines[key])
        lines = getattr(facts, "lines", [])
        for i, spec in enumerate(facts):
            self._fact(spec, lines[i] if i < len(lines) else doc.lines["facts"])
        self.writer.finish()
        return str(self.report), self.g

    def _prefixes(self, value: Any, line: int | None) -> None:
        if value is None:
            return
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise _SheetError(
                line,
                "prefixes: must map names to namespace IRIs",
                "write 'ex: https://example.org/'",
            )
        for name, iri in value.items():
            if not re.fullmatch(r"[A-Za-z][\w-]*", name) or not re.match(
                r"[a-z][a-z0-9+.-]*:", iri
            ):
                raise _SheetError(
                    getattr(value, "lines", {}).get(name, 0),
                    f"bad prefix {name!r}: {iri!r}",
                    "map a word to a full IRI such as https://example.org/ns#",
                )
            self.prefixes[name] = iri

    def _report(self, spec: _Map) -> URIRef:
        unknown = [k for k in spec if k not in _REPORT_KEYS]
        if unknown:
            raise _SheetError(
                spec.lines[unknown[0]],
                f"unknown report field {unknown[0]!r}",
                f"use {', '.join(_REPORT_KEYS)}",
            )
        rid = spec.get("id")
        if rid is None or not str(rid).strip():
            raise _SheetError(
                spec.line,
                "the report has no id",
                "add 'id: <report-id>' under report: (usually the report file's stem)",
            )
        if isinstance(rid, dict | list):
            raise _SheetError(
                spec.lines["id"], "report id must be a word", "write 'id: cnn-2011-europol'"
            )
        self.report_id = slugify(str(rid))
        rep = URIRef(report_iri(self.report_id))
        self._load_text(spec)
        meta = self.meta
        g = self.g
        for prefix, ns in self.prefixes.items():
            g.bind(prefix, ns)
        title = spec.get("title", meta.get("title"))
        date = spec.get("date", meta.get("date"))
        if date is not None and date_literal(date) is None:
            raise _SheetError(
                spec.lines.get("date", spec.line),
                f"report date {_short(date)} is not a date",
                "write 2011-02-22, 2011-02 or 2011",
            )
        if "confidence" in spec:
            self.default_confidence = self._confidence(spec["confidence"], spec.lines["confidence"])
        self._activity(rep, spec)
        self.writer.describe_report(
            title=None if title is None else str(title),
            publisher=spec.get("publisher", meta.get("publisher")),
            date=date,
            source=spec.get("source", meta.get("source")),
            language=spec.get("language"),
        )
        return rep

    def _activity(self, rep: URIRef, spec: _Map) -> None:
        import graph

        curators = spec.get("curator")
        self.writer = ReportGraphWriter(
            str(rep),
            self.text,
            self.g.add,
            tool="factsheet",
            version=graph.__version__,
            activity_label=f"curation of {self.source.rsplit('/', 1)[-1]}",
            creators=curators if isinstance(curators, list) else [curators] if curators else [],
        )
        self.activity = self.writer.activity

    def _load_text(self, spec: _Map) -> None:
        self.meta: dict = {}
        if "content" in spec and "text" in spec:
            raise _SheetError(spec.lines["content"], "both text: and content: given", "keep one")
        if "content" in spec:
            if not isinstance(spec["content"], str) or not spec["content"].strip():
                raise _SheetError(
                    spec.lines["content"],
                    "content: must be the report text",
                    "give the text as a YAML string",
                )
            self.text = spec["content"]
            self.text_name = "the report content"
        elif spec.get("text") is not None:
            from graph.extract.text import read_report

            rel = spec["text"]
            if not isinstance(rel, str):
                raise _SheetError(
                    spec.lines["text"], "text: must be a path", "write 'text: ../reports/name.txt'"
                )
            path = Path(rel)
            if not path.is_absolute() and self.base_dir is not None:
                path = Path(self.base_dir) / path
            try:
                report = read_report(path)
            except InputError as e:
                raise _SheetError(
                    spec.lines["text"],
                    f"report text: {e}",
                    "fix report.text (relative to the sheet)",
                    type(e),
                ) from e
            self.text, self.meta = report.text, dict(report.meta or {})
            self.text_name = str(path)
        if self.text is not None:
            from graph.extract.text import split_sentences

            self.sentences = split_sentences(self.text)

    # -- keys

    def _declare(self, entities: _Map, facts: list) -> None:
        for key, spec in entities.items():
            line = entities.lines[key]
            if not isinstance(spec, _Map):
                raise _SheetError(
                    line,
                    f"entity {key!r} must be a mapping",
                    f"write '{key}: {{type: ..., label: ...}}'",
                )
            if key in self.keys:
                raise _SheetError(line, f"entity key {key!r} used twice", "rename one of them")
            self.keys[key] = self._entity_iri(key, spec, line)
            self.key_lines[key] = line
        for spec in entities.values():
            self._declare_nested(spec)
        for spec in facts:
            if isinstance(spec, _Map):
                self._declare_fact_id(spec)

    def _declare_nested(self, spec: _Map) -> None:
        for key, value in spec.items():
            if key == "evidence":
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, _Map):
                    self._declare_fact_id(item)

    def _declare_fact_id(self, spec: _Map) -> None:
        if spec.get("id") is None:
            self._declare_nested(spec)
            return
        key = str(spec["id"])
        line = spec.lines["id"]
        if key in self.keys:
            raise _SheetError(
                line,
                f"id {key!r} is already used at line {self.key_lines[key]}",
                "give every entity and fact its own id",
            )
        kind = self._types(spec, spec.line)[0]
        self.keys[key] = URIRef(f"{self.report}/{kind.split(':')[-1].lower()}/{slugify(key)}")
        self.key_lines[key] = line
        self._declare_nested(spec)

    def _entity_iri(self, key: str, spec: _Map, line: int) -> URIRef:
        if spec.get("iri") is not None:
            return self._iri_value(spec["iri"], spec.lines["iri"])
        types = self._types(spec, line)
        label = str(spec.get("label") or key)
        vocab = _vocab()
        tkg_types = [t for t in types if t in vocab.classes]
        if any(vocab.is_a(t, "Place") for t in tkg_types):
            from ontology import places

            place = places.lookup(label)
            if place is not None:
                return URIRef(place.iri)
        if any(vocab.is_a(t, "Organization") for t in tkg_types):
            names = [label, *self._strings(spec.get("altLabels"), line)]
            for name in names:
                if org := _find_org(name):
                    return URIRef(org.iri)
        if "Person" in tkg_types and spec.get("label"):
            return URIRef(person_iri(label))
        return URIRef(f"{self.report}/{types[0].lower()}/{slugify(key)}")

    # -- entities and facts

    def _types(self, spec: _Map, line: int) -> list[str]:
        value = spec.get("type")
        if value is None:
            raise _SheetError(
                line,
                "no type",
                "add 'type:' with a tkg class (MigrationFlow, Statistic, Person, ...)",
            )
        out = []
        vocab = _vocab()
        for item in value if isinstance(value, list) else [value]:
            name = str(item)
            if name.startswith("tkg:"):
                name = name[4:]
            if name in vocab.classes:
                out.append(name)
                continue
            if ":" in name and name.split(":", 1)[0] in self.prefixes:
                out.append(name)
                continue
            raise _SheetError(
                spec.lines.get("type", line),
                f"unknown type {_short(name)}{_suggest(name, vocab.classes)}",
                f"known types: {', '.join(sorted(vocab.classes))}",
            )
        if not out:
            raise _SheetError(spec.lines.get("type", line), "empty type", "give a tkg class")
        return out

    def _type_iri(self, name: str) -> URIRef:
        return _T[name] if ":" not in name else URIRef(self._curie(name))

    def _entity(self, key: str, spec: _Map, line: int) -> None:
        iri = self.keys[key]
        types = self._types(spec, line)
        g = self.g
        for t in types:
            g.add((iri, RDF.type, self._type_iri(t)))
        label = str(spec.get("label") or key)
        alts = self._strings(spec.get("altLabels"), spec.lines.get("altLabels", line))
        canonical = self._canonical_label(iri)
        if canonical and canonical != label:
            alts.insert(0, label)
            label = canonical
        g.add((iri, RDFS.label, Literal(label)))
        for alt in alts:
            if alt != label:
                g.add((iri, _SKOS_NS.altLabel, Literal(alt)))
        self._describe(iri, None)
        evidence = None
        if spec.get("evidence") is not None:
            evidence = self._evidence(spec["evidence"], spec.lines["evidence"])
            self._provenance(iri, evidence, spec, line)
        elif "confidence" in spec:
            raise _SheetError(
                spec.lines["confidence"],
                "confidence without evidence",
                "add evidence: with a quote",
            )
        self._properties(iri, spec, line, types, evidence)

    def _fact(
        self,
        spec: Any,
        line: int,
        parent: URIRef | None = None,
        prop: str | None = None,
        inherited: list[URIRef] | None = None,
    ) -> URIRef:
        if not isinstance(spec, _Map):
            raise _SheetError(
                line,
                f"a fact must be a mapping, not {_short(spec)}",
                "write '- type: ...' followed by its properties",
            )
        types = self._types(spec, spec.line)
        if spec.get("id") is not None:
            iri = self.keys[str(spec["id"])]
        else:
            content = {k: v for k, v in spec.items() if k != "confidence"}
            blob = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
            iri = URIRef(
                local_iri(
                    str(self.report), types[0].split(":")[-1], str(parent or ""), prop or "", blob
                )
            )
            if iri in self.fact_lines:
                raise _SheetError(
                    spec.line,
                    f"same fact as line {self.fact_lines[iri]}",
                    "remove the duplicate or give each an id:",
                )
        self.fact_lines[iri] = spec.line
        if spec.get("evidence") is not None:
            evidence = self._evidence(spec["evidence"], spec.lines["evidence"])
        elif inherited:
            evidence = inherited
        else:
            raise _SheetError(
                spec.line,
                f"{types[0]} fact has no evidence",
                "add 'evidence:' with the exact words of the report that state it",
            )
        g = self.g
        for t in types:
            g.add((iri, RDF.type, self._type_iri(t)))
        if spec.get("label") is not None:
            g.add((iri, RDFS.label, Literal(str(spec["label"]))))
        for alt in self._strings(spec.get("altLabels"), spec.lines.get("altLabels", line)):
            g.add((iri, _SKOS_NS.altLabel, Literal(alt)))
        self._provenance(iri, evidence, spec, spec.line)
        self._properties(iri, spec, spec.line, types, evidence)
        if "CountryRoleAssertion" in types:
            for country in g.objects(iri, _T.country):
                for role in g.objects(iri, _T.role):
                    g.add((country, _T.countryRole, role))
        return iri

    def _provenance(self, iri: URIRef, evidence: list[URIRef], spec: _Map, line: int) -> None:
        conf = self.default_confidence
        if "confidence" in spec:
            conf = self._confidence(spec["confidence"], spec.lines["confidence"])
        text = format(conf, "f")
        self.writer.provenance(iri, evidence, text if "." in text else text + ".0")

    def _confidence(self, value: Any, line: int) -> Decimal:
        number = _decimal(value)
        if number is None or not 0 <= number <= 1:
            raise _SheetError(
                line,
                f"confidence {_short(value)} is not between 0 and 1",
                "write a number such as 0.8",
            )
        return number

    def _properties(
        self, iri: URIRef, spec: _Map, line: int, types: list[str], evidence: list[URIRef] | None
    ) -> None:
        vocab = _vocab()
        for key, value in spec.items():
            if key in _SPECIAL_KEYS:
                if key == "comment" and value is not None:
                    self.g.add((iri, RDFS.comment, Literal(str(value))))
                continue
            kline = spec.lines[key]
            if value is None or value == []:
                raise _SheetError(kline, f"no value for {key!r}", "give a value or remove the line")
            if ":" in key:
                pred = URIRef(self._curie(key, kline))
                for item in value if isinstance(value, list) else [value]:
                    self._generic(iri, pred, item, kline)
                continue
            if key in _RESERVED or key not in vocab.properties:
                raise _SheetError(
                    kline,
                    f"unknown property {key!r} on {types[0]}{_suggest(key, vocab.properties)}",
                    f"use a tkg property ({', '.join(vocab.properties)}) or a prefixed name such as schema:url",
                )
            pred = _T[key]
            for item in value if isinstance(value, list) else [value]:
                obj: URIRef | Literal | None
                if key in vocab.object_props:
                    if isinstance(item, dict):
                        line_ = getattr(item, "line", kline)
                        obj = self._fact(item, line_, iri, key, evidence)
                    else:
                        obj = self._ref(item, key, kline)
                else:
                    obj = self._literal(key, item, kline)
                self.g.add((iri, pred, obj))

    def _generic(self, iri: URIRef, pred: URIRef, item: Any, line: int) -> None:
        if isinstance(item, dict | list):
            raise _SheetError(line, f"nested value for {pred}", "give a word, number, date or IRI")
        obj: URIRef | Literal | None
        if isinstance(item, str) and (item in self.keys or self._looks_like_iri(item)):
            obj = self._ref(item, str(pred), line)
        else:
            obj = date_literal(item) if isinstance(item, _dt.date) else None
            obj = obj or Literal(item)  # a date is always an xsd:date literal
        self.g.add((iri, pred, obj))

    # -- values

    def _literal(self, prop: str, value: Any, line: int) -> Literal:
        if isinstance(value, dict | list):
            raise _SheetError(
                line,
                f"{prop!r} takes a single value, not a nested one",
                "give a word, number or date",
            )
        vocab = _vocab()
        rng = vocab.ranges.get(prop, "")
        if prop in _DATE_PROPS:
            lit = date_literal(value)
            if lit is None:
                raise _SheetError(
                    line,
                    f"{prop} {_short(value)} is not a date",
                    "write 2011-02-15, 2011-02 or 2011",
                )
            return lit
        if prop == "period":
            return date_literal(value) or Literal(str(value))
        if rng == str(XSD.integer):
            number = _decimal(value)
            if number is None or number != number.to_integral_value() or number < 0:
                raise _SheetError(
                    line,
                    f"{prop} {_short(value)} is not a whole number",
                    "write digits such as 10000",
                )
            return Literal(int(number), datatype=XSD.integer)
        if rng == str(XSD.decimal):
            number = _decimal(value)
            if number is None:
                raise _SheetError(
                    line,
                    f"{prop} {_short(value)} is not a number",
                    "write 3000000000 or '3 billion' (no currency sign)",
                )
            return _decimal_literal(number)
        if rng == str(XSD.boolean):
            flag = _boolean(value)
            if flag is None:
                raise _SheetError(
                    line, f"{prop} {_short(value)} is not true or false", "write true or false"
                )
            return Literal(flag)
        if isinstance(value, _dt.date):
            value = value.isoformat()
        if isinstance(value, bool):
            value = str(value).lower()
        return Literal(str(value))

    def _looks_like_iri(self, text: str) -> bool:
        if re.fullmatch(r"(?:https?|urn|ftp|file):\S+", text):
            return True
        prefix, colon, rest = text.partition(":")
        return bool(colon) and prefix in self.prefixes and " " not in text and bool(rest)

    def _curie(self, text: str, line: int | None = None) -> str:
        prefix, _, local = text.partition(":")
        if prefix not in self.prefixes:
            raise _SheetError(
                line,
                f"unknown prefix in {text!r}",
                f"use one of {', '.join(self.prefixes)} or declare it under prefixes:",
            )
        if prefix == "tkg" and local not in _vocab().terms:
            raise _SheetError(
                line,
                f"unknown tkg term {text!r}{_suggest(local, _vocab().terms)}",
                "use a term of the tkg ontology (ontology/tkg.ttl)",
            )
        return _checked_iri(self.prefixes[prefix] + local, line)

    def _iri_value(self, value: Any, line: int) -> URIRef:
        text = str(value).strip()
        if re.fullmatch(r"(?:https?|urn|ftp|file):\S+", text):
            return URIRef(_checked_iri(text, line))
        if self._looks_like_iri(text):
            return URIRef(self._curie(text, line))
        raise _SheetError(
            line,
            f"{_short(value)} is not an IRI",
            "write a full IRI (https://...) or a prefixed name (tkgid:org/europol)",
        )

    def _ref(self, value: Any, prop: str, line: int) -> URIRef:
        if not isinstance(value, str) or not value.strip():
            raise _SheetError(
                line,
                f"{prop} {_short(value)} names nothing",
                "use an entity key, a place name or ISO code, a tkg term or an IRI",
            )
        text = " ".join(value.split())
        if text in self.keys:
            return self.keys[text]
        if self._looks_like_iri(text):
            iri = (
                URIRef(self._curie(text, line))
                if not re.match(r"(?:https?|urn|ftp|file):", text)
                else URIRef(_checked_iri(text, line))
            )
            self._describe(iri, None)
            return iri
        vocab = _vocab()
        concept = vocab.concepts.get(text.lower())
        if concept:
            return _T[concept]
        from ontology import places

        place = places.lookup(text)
        if place is not None:
            iri = URIRef(place.iri)
            self._describe(iri, text)
            return iri
        org = _find_org(text)
        if org is not None:
            iri = URIRef(org.iri)
            self._describe(iri, text)
            return iri
        raise _SheetError(
            line,
            f"unresolvable reference {_short(text)} in {prop!r}{_suggest(text, self.keys)}",
            "define it under entities:, or use a place name or ISO code, a tkg term "
            "(tkg:ForcedLabour) or a full IRI",
        )

    def _canonical_label(self, iri: URIRef) -> str | None:
        from ontology import places

        place = places.get(str(iri))
        if place is not None:
            return place.label
        for org in _organisations().values():
            if org.iri == str(iri):
                return org.label
        return None

    def _describe(self, iri: URIRef, surface: str | None) -> None:
        """Copy the gazetteer's description of a place or organisation into the graph."""
        from ontology import places

        g = self.g
        place = places.get(str(iri))
        if place is not None:
            if str(iri) not in self.described:
                self.described.add(str(iri))
                g.add((iri, RDF.type, _T[place.kind]))
                g.add((iri, RDFS.label, Literal(place.label)))
                if place.iso2:
                    g.add((iri, _T.isoCode, Literal(place.iso2)))
                if place.iso3:
                    g.add((iri, _T.iso3Code, Literal(place.iso3)))
            self._mention(iri, place.label, surface, (place.iso2, place.iso3))
            return
        for org in _organisations().values():
            if org.iri == str(iri):
                if str(iri) not in self.described:
                    self.described.add(str(iri))
                    if not any(True for _ in g.objects(iri, RDF.type)):
                        g.add((iri, RDF.type, _T[org.kind]))
                    g.add((iri, RDFS.label, Literal(org.label)))
                self._mention(iri, org.label, surface, ())
                return

    def _mention(self, iri: URIRef, label: str, surface: str | None, codes: tuple) -> None:
        if not surface or surface in codes:
            return
        bare = re.sub(r"^the\s+", "", surface, flags=re.I)
        if bare.lower() != label.lower() and surface.lower() != label.lower():
            self.g.add((iri, _SKOS_NS.altLabel, Literal(surface)))

    def _strings(self, value: Any, line: int) -> list[str]:
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        if any(isinstance(i, dict | list) for i in items):
            raise _SheetError(
                line, "altLabels must be words", "write 'altLabels: [Name one, Name two]'"
            )
        return [str(i) for i in items]

    # -- evidence

    def _evidence(self, value: Any, line: int) -> list[URIRef]:
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            if self.text is None:
                raise _SheetError(
                    line,
                    "evidence needs the report text",
                    "add 'text: path/to/report.txt' (relative to the sheet) under report:",
                )
            out.append(self.writer.evidence(*self._span(item, line)))
        return out

    def _span(self, item: Any, line: int) -> tuple[int, int]:
        assert self.text is not None
        if isinstance(item, dict):
            line = getattr(item, "line", line)
            if "quote" in item:
                occurrence = item.get("occurrence", 1)
                if (
                    isinstance(occurrence, bool)
                    or not isinstance(occurrence, int)
                    or occurrence < 1
                ):
                    raise _SheetError(
                        line,
                        f"occurrence {_short(occurrence)} is not 1, 2, ...",
                        "count matches from 1",
                    )
                return self._sentence_span(item["quote"], line, occurrence)
            start, end = item.get("start"), item.get("end")
            ok = all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end))
            if not (ok and isinstance(start, int) and isinstance(end, int)) or not (
                0 <= start < end <= len(self.text)
            ):
                raise _SheetError(
                    line,
                    f"evidence offsets {_short(dict(item))} are not inside {self.text_name} (0..{len(self.text)})",
                    "give {start: N, end: M} with 0 <= N < M, or quote the words",
                )
            return start, end
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            return self._sentence_span(str(item), line, 1)
        raise _SheetError(
            line, f"evidence {_short(item)} is not a quote", "quote the exact words of the report"
        )

    def _sentence_span(self, quote: Any, line: int, occurrence: int) -> tuple[int, int]:
        assert self.text is not None
        if not isinstance(quote, str) or not quote.strip():
            raise _SheetError(line, "empty evidence quote", "quote the exact words of the report")
        matches = _find_quote(self.text, quote)
        if len(matches) < occurrence:
            if matches:
                problem = f"evidence quote {_short(quote)} occurs {len(matches)} time(s) in {self.text_name}"
                raise _SheetError(line, problem, f"lower occurrence: to at most {len(matches)}")
            raise _SheetError(
                line,
                f"evidence quote {_short(quote)} not found in {self.text_name}",
                "check the quote: copy the exact words from the report (spelling, punctuation)",
            )
        start, end = matches[occurrence - 1]
        covering = [s for s in self.sentences if s.end > start and s.start < end]
        if not covering:  # pragma: no cover - a match always lies in some sentence
            return start, end
        return covering[0].start, covering[-1].end


_QUOTE_CHARS = {"'": "['’‘]", "’": "['’‘]", "‘": "['’‘]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


def _find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans of ``quote`` in ``text``; whitespace and typographic quotes are flexible.

    Examples
    --------
    >>> _find_quote("He said “no”.  Twice: no.", 'said "no"')
    [(3, 12)]
    """
    parts = []
    for word in quote.split():
        parts.append("".join(_QUOTE_CHARS.get(c, re.escape(c)) for c in word))
    pattern = re.compile(r"\s+".join(parts))
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not found:
        pattern = re.compile(pattern.pattern, re.IGNORECASE)
        found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    return found


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""
