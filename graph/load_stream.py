"""Load big RDF files into an embedded store by streaming, validated graph by graph.

:func:`graph.load.load_files` sends files in the formats Oxigraph parses
(Turtle, TriG, N-Triples, N-Quads) here when they are big
(:data:`graph.load.STREAM_BYTES`) and the store is embedded. One pass reads
each file with Oxigraph's parser and stages its quads as files (see
:mod:`graph.staging`); nothing is written to the store until every file has
been read and every graph validated, so a bad file loses nothing. Then the
staging becomes the store's redo journal and is bulk-loaded.

Graphs follow the rules of :func:`graph.rdf.parse_facts`: quads keep their
graph; triples outside a graph go to the file's one ``tkg:Report``, else to its
one named graph, else to the report named after the file.

Validation (the SHACL shapes, :func:`graph.validate.validate_graph`) runs on
one report graph at a time: a graph is validated as soon as the file moves
on to another graph, so memory holds one report, not the file (a graph
whose quads are not together in the file is read again from the staging at
the end). Triples outside any graph are one graph: validating them needs
them all.

Examples
--------
>>> import tempfile, pathlib
>>> from graph.store import OxigraphStore
>>> store = OxigraphStore(None)
>>> with tempfile.TemporaryDirectory() as d:
...     f = pathlib.Path(d) / "r.nq"
...     _ = f.write_text('<urn:x:a> <urn:x:p> "1" <https://w3id.org/tkg/id/report/r> .\\n')
...     result = load_stream(store, [(f, "nq")], validate=False)
>>> result.graphs
{'https://w3id.org/tkg/id/report/r': 1}
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rdflib

from graph.exceptions import InputError, ParseError, ValidationError

if TYPE_CHECKING:
    from graph.load import LoadResult
    from graph.staging import Staging
    from graph.store import OxigraphStore

__all__ = ["OX_FORMATS", "load_stream"]

#: Format names (registered names and aliases) -> Oxigraph format, for the formats streamed.
OX_FORMATS = {
    "turtle": "TURTLE",
    "ttl": "TURTLE",
    "trig": "TRIG",
    "nt": "N_TRIPLES",
    "ntriples": "N_TRIPLES",
    "nq": "N_QUADS",
    "nquads": "N_QUADS",
}

_RDF_TYPE = str(rdflib.RDF.type)
_CHUNK = 20_000


def _rdflib_graph(quads: list[Any]) -> rdflib.Graph:
    from graph.store import _to_rdflib

    graph = rdflib.Graph()
    for q in quads:
        graph.add((_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)))
    return graph


class _Validator:
    """Validate report graphs as they stream past; collect the violations graph by graph."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.found: dict[str, tuple[list[str], list[str]]] = {}  # graph -> violations, warnings
        self.again: set[str] = set()  # graphs met in several places: validated whole at the end

    @property
    def problems(self) -> list[str]:
        return [p for iri, (v, _) in self.found.items() if iri not in self.again for p in v]

    @property
    def warnings(self) -> list[str]:
        return [w for iri, (_, w) in self.found.items() if iri not in self.again for w in w]

    def graph(self, iri: str, quads: list[Any], source: str) -> None:
        """A run of ``iri``'s quads ended (validated now, or whole at the end if it is met again)."""
        if not self.enabled or not quads or iri in self.again:
            return
        if iri in self.found:
            self.again.add(iri)
            return
        self.check(iri, _rdflib_graph(quads), source)

    def check(self, iri: str, graph: rdflib.Graph, source: str) -> None:
        from graph.validate import validate_graph

        report = validate_graph(graph, source=source)
        self.found[iri] = ([str(v) for v in report.violations], [str(w) for w in report.warnings])


def _parse_error(path: Path, fmt: str, e: Exception) -> ParseError:
    line = getattr(e, "lineno", None)
    where = f"{path}:{line}" if line else str(path)
    message = " ".join(str(e).split())[:200]
    return ParseError(f"{where}: malformed {fmt}: {message}; fix the file and load it again")


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise InputError(f"{path}: no such file; check the path")
    with open(path, "rb") as f:
        head = f.read(4096)
    if b"\x00" in head:
        raise ParseError(f"{path}: binary content, not an RDF or YAML text file; pass a fact file")


def _stream_file(
    path: Path,
    fmt: str,
    staging: Staging,
    validator: _Validator,
    seen: dict[str, str],
    work: Path,
) -> None:
    """Stage one file; validate its graphs as they end."""
    import pyoxigraph as ox

    from graph.ids import report_id_from_path, report_iri
    from graph.load import VOCABULARY_GRAPHS
    from ontology import TKG, TKGID

    report_class = str(TKG.Report)
    default_plain = work / f"default-{len(seen)}.nt"
    default_blank: list[Any] = []
    defaults = 0
    reports: set[str] = set()
    named: set[str] = set()
    blank = ox.BlankNode

    def claim(iri: str) -> None:
        if iri in seen and seen[iri] != str(path):
            raise InputError(
                f"{path}: report <{iri}> is also in {seen[iri]}; give each report one fact file"
            )
        if iri in VOCABULARY_GRAPHS:
            raise InputError(f"{path}: graph <{iri}> is reserved for the tkg vocabulary; rename it")
        seen[iri] = str(path)

    def stream(parsed: Iterator[Any], out: Any) -> None:
        nonlocal defaults
        default_graph = ox.DefaultGraph
        rdf_type, report_node = ox.NamedNode(_RDF_TYPE), ox.NamedNode(report_class)
        n_quads = ox.RdfFormat.N_QUADS
        checking = validator.enabled
        chunk: list[Any] = []  # default-graph quads without blank nodes
        run: list[Any] = []  # quads of the current graph not yet staged
        whole: list[Any] = []  # all quads of the current graph, for validation
        run_name: Any = None
        run_iri = ""
        for q in parsed:
            g = q.graph_name
            if g.__class__ is default_graph:
                defaults += 1
                if q.subject.__class__ is blank or q.object.__class__ is blank:
                    default_blank.append(q.triple)
                else:
                    chunk.append(q)  # a default-graph quad is written as N-Triples
                    if len(chunk) >= _CHUNK:
                        ox.serialize(chunk, out, format=n_quads)
                        chunk = []
                if q.predicate == rdf_type and q.object == report_node:
                    reports.add(q.subject.value)
                continue
            if g != run_name:
                if run_name is not None:
                    staging.add_run(run_iri, run)
                    if checking:
                        validator.graph(run_iri, whole + run, str(path))
                run_name, run_iri, run, whole = g, g.value, [], []
                if run_iri not in named:
                    claim(run_iri)
                    named.add(run_iri)
            run.append(q)
            if len(run) >= _CHUNK:
                staging.add_run(run_iri, run)
                if checking:
                    whole += run
                run = []
        if run_name is not None:
            staging.add_run(run_iri, run)
            if checking:
                validator.graph(run_iri, whole + run, str(path))
        if chunk:
            ox.serialize(chunk, out, format=n_quads)

    rdf_format = getattr(ox.RdfFormat, OX_FORMATS[fmt])
    try:
        with open(default_plain, "wb") as out:
            parsed = ox.parse(
                path=str(path), format=rdf_format, base_iri=str(TKGID), rename_blank_nodes=True
            )
            stream(parsed, out)
    except SyntaxError as e:
        raise _parse_error(path, rdf_format.name, e) from e
    except UnicodeDecodeError as e:
        raise ParseError(f"{path}: not UTF-8 text; re-save the file as UTF-8") from e
    if not defaults:
        default_plain.unlink(missing_ok=True)
        return
    if len(reports) == 1:
        target = reports.pop()
    elif len(named) == 1 and not reports:
        target = next(iter(named))
    else:
        target = report_iri(report_id_from_path(path))
    if target not in named:
        claim(target)
    staging.add_quads(
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(target)) for t in default_blank
    )
    staging.add_triples_file(default_plain, target, defaults - len(default_blank))
    if validator.enabled:
        if target in named:
            validator.again.add(target)
        else:
            staged = staging.directory / f"triples-{staging._triples_files}.nt"
            triples = list(ox.parse(path=str(staged), format=ox.RdfFormat.N_TRIPLES))
            triples += default_blank
            validator.check(target, _rdflib_graph(triples), str(path))


def _validate_again(staging: Staging, validator: _Validator, seen: dict[str, str]) -> None:
    """Validate the graphs whose quads were not together in their file, read from the staging."""
    import pyoxigraph as ox

    if not validator.enabled or not validator.again:
        return
    staging.flush()
    parts: dict[str, list[Any]] = {iri: [] for iri in validator.again}
    for name in ("quads.nq", "bnodes.nq"):
        for q in ox.parse(path=str(staging.directory / name), format=ox.RdfFormat.N_QUADS):
            if q.graph_name.value in parts:
                parts[q.graph_name.value].append(q)
    for graph_file in staging.directory.glob("triples-*.graph"):
        iri = graph_file.read_text(encoding="utf-8").strip()
        if iri in parts:
            parts[iri] += ox.parse(
                path=str(graph_file.with_suffix(".nt")), format=ox.RdfFormat.N_TRIPLES
            )
    for iri, quads in parts.items():
        validator.again.discard(iri)
        validator.check(iri, _rdflib_graph(quads), seen.get(iri, iri))


def load_stream(
    store: OxigraphStore, files: list[tuple[Path, str]], *, validate: bool = True
) -> LoadResult:
    """Stage, validate and bulk-write fact files (format names of :data:`OX_FORMATS`).

    Raises
    ------
    InputError, ParseError
        A file is missing or malformed, or two files hold one report.
    ValidationError
        Facts violate the shapes; nothing was stored.
    """
    from graph.load import LoadResult, ensure_vocabulary

    for path, _ in files:
        _check_file(path)
    staging = store.new_staging()
    validator = _Validator(validate)
    seen: dict[str, str] = {}
    work = staging.directory / "work"
    try:
        work.mkdir()
        for path, fmt in files:
            _stream_file(path, fmt, staging, validator, seen, work)
        shutil.rmtree(work)
        _validate_again(staging, validator, seen)
    except BaseException:
        staging.discard()
        raise
    if validator.problems:
        staging.discard()
        problems = validator.problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ValidationError(f"{problems[0]}{more}; fix the facts, nothing was stored", problems)
    ensure_vocabulary(store)
    names = list(staging.names)
    store.write_staged(staging)
    result = LoadResult(warnings=validator.warnings)
    counts = store._count_each(names)
    result.graphs = {iri: counts.get(iri, 0) for iri in names}
    return result
