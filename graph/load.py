"""Load facts into a store: read, validate, then replace each report's graph.

Loading is all-or-nothing per call: every file is read and validated first;
only when all pass are the report graphs written, each replacing the previous
version of the same report (so loading again changes nothing). The ontology
and the places gazetteer are put in their own graphs the first time.

Examples
--------
>>> from graph.store import open_store
>>> from graph.load import ensure_vocabulary
>>> store = open_store("memory")
>>> ensure_vocabulary(store)
True
>>> store.ask("ASK { <https://w3id.org/tkg/id/country/ITA> tkg:isoCode 'IT' }")
True
>>> ensure_vocabulary(store)
False
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import rdflib

import ontology as _ontology
from graph.exceptions import InputError, ValidationError
from graph.store import Store

__all__ = [
    "LoadResult",
    "STREAM_BYTES",
    "ensure_vocabulary",
    "load_files",
    "load_graphs",
    "VOCABULARY_GRAPHS",
]

#: From this many bytes of Turtle, TriG, N-Triples or N-Quads, an embedded
#: store loads by streaming (:mod:`graph.load_stream`): bounded memory, bulk
#: writes, validation graph by graph (messages name the file, not the line).
STREAM_BYTES = 8 * 1024 * 1024


def _vocabulary() -> dict[str, Callable[[], rdflib.Graph]]:
    import ontology

    return {
        ontology.ONTOLOGY_IRI: ontology.ontology_graph,
        ontology.PLACES_GRAPH: ontology.places_graph,
    }


#: Graph IRIs that hold the vocabulary rather than a report's facts.
VOCABULARY_GRAPHS = _ontology.VOCABULARY_GRAPHS


@dataclass
class LoadResult:
    """What a load stored: triples per report graph, and warnings."""

    graphs: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def triples(self) -> int:
        """Total triples written."""
        return sum(self.graphs.values())


def _version_marker(graph_iri: str) -> str:
    import ontology

    return f"{graph_iri}#tkg-{ontology.__version__}"


def ensure_vocabulary(store: Store, *, force: bool = False) -> bool:
    """Put the ontology and the places into the store unless this version is there.

    Returns
    -------
    bool
        True when something was written.
    """
    wrote = False
    for graph_iri, loader in _vocabulary().items():
        marker = _version_marker(graph_iri)
        if not force and store.ask(
            f"ASK {{ GRAPH <{graph_iri}> {{ <{graph_iri}> <http://purl.org/dc/terms/hasVersion> <{marker}> }} }}"
        ):
            continue
        graph = rdflib.Graph()
        for triple in loader():
            graph.add(triple)
        graph.add(
            (
                rdflib.URIRef(graph_iri),
                rdflib.URIRef("http://purl.org/dc/terms/hasVersion"),
                rdflib.URIRef(marker),
            )
        )
        store.replace_graph(graph_iri, graph)
        wrote = True
    return wrote


def load_graphs(
    store: Store,
    graphs: list[tuple[str, rdflib.Graph]],
    *,
    validate: bool = True,
    sources: dict[str, tuple[str, str | None]] | None = None,
) -> LoadResult:
    """Validate and store report graphs given as ``(report IRI, graph)`` pairs.

    Parameters
    ----------
    store : Store
    graphs : list of (str, rdflib.Graph)
    validate : bool, default True
        Check every graph against the SHACL shapes before writing anything.
    sources : dict, optional
        report IRI -> (file name, file text), for messages naming file and line.

    Raises
    ------
    ValidationError
        When any graph violates the shapes; nothing is written.
    """
    from graph.validate import validate_graph

    sources = sources or {}
    result = LoadResult()
    if validate:
        problems: list[str] = []
        for iri, graph in graphs:
            source, text = sources.get(iri, (iri, None))
            report = validate_graph(graph, source=source, text=text)
            problems += [str(v) for v in report.violations]
            result.warnings += [str(w) for w in report.warnings]
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise ValidationError(
                f"{problems[0]}{more}; fix the facts, nothing was stored", problems
            )
    ensure_vocabulary(store)
    for iri, graph in graphs:
        result.graphs[iri] = store.replace_graph(iri, graph)
    return result


def load_files(
    store: Store, paths: list[str | Path], *, fmt: str | None = None, validate: bool = True
) -> LoadResult:
    """Read, validate and store fact files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, YAML).

    Every file is read and validated before anything is written; a report
    loaded again replaces its previous graph. Into an embedded store, files
    of :data:`STREAM_BYTES` or more in Turtle, TriG, N-Triples or N-Quads
    are streamed (:mod:`graph.load_stream`).

    Raises
    ------
    InputError, ParseError, FormatError
        A file is missing or malformed (named in the message).
    ValidationError
        Facts violate the shapes; the store is unchanged.
    """
    from graph.rdf import guess_format, normalize_format, read_facts
    from graph.store import OxigraphStore

    if not paths:
        raise InputError(
            "no fact files given; pass one or more .ttl/.trig/.nt/.nq/.jsonld/.yaml files"
        )
    if isinstance(store, OxigraphStore):
        from graph.load_stream import OX_FORMATS, load_stream

        files = [(Path(p), normalize_format(fmt) if fmt else guess_format(p)) for p in paths]
        size = sum(p.stat().st_size for p, _ in files if p.is_file())
        if size >= STREAM_BYTES and all(f in OX_FORMATS for _, f in files):
            return load_stream(store, files, validate=validate)
    pairs: list[tuple[str, rdflib.Graph]] = []
    sources: dict[str, tuple[str, str | None]] = {}
    seen: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        file_pairs = read_facts(path, fmt)
        try:
            text: str | None = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = None
        for iri, graph in file_pairs:
            if iri in seen and seen[iri] != str(path):
                raise InputError(
                    f"{path}: report <{iri}> is also in {seen[iri]}; give each report one fact file"
                )
            seen[iri] = str(path)
            if iri in VOCABULARY_GRAPHS:
                raise InputError(
                    f"{path}: graph <{iri}> is reserved for the tkg vocabulary; rename it"
                )
            pairs.append((iri, graph))
            sources[iri] = (str(path), text)
    return load_graphs(store, pairs, validate=validate, sources=sources)
