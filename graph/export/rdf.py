"""The facts themselves as RDF: Turtle, TriG, N-Quads and JSON-LD.

Turtle, TriG and N-Quads come straight from the store
(:meth:`graph.store.Store.dump`); JSON-LD is made with rdflib from the store's
N-Quads and compacted with :data:`JSONLD_CONTEXT` (the tkg vocabulary's
prefixes). Either the whole store or one report's named graph is written;
Turtle has no named graphs, so a whole-store Turtle file merges them.

Examples
--------
>>> import io, rdflib
>>> from graph.store import open_store
>>> store = open_store("memory")
>>> g = rdflib.Graph()
>>> _ = g.add((rdflib.URIRef("urn:x:a"), rdflib.RDFS.label, rdflib.Literal("A")))
>>> _ = store.replace_graph("urn:x:r", g)
>>> buf = io.BytesIO()
>>> write_rdf(store, buf, "nq")
>>> buf.getvalue().decode()
'<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "A" <urn:x:r> .\\n'
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO, Any

from graph.exceptions import ExportError, FormatError
from graph.export._common import write_bytes
from ontology import PREFIXES

__all__ = ["write_rdf", "JSONLD_CONTEXT", "RDF_FORMATS"]

#: The ``@context`` of JSON-LD exports.
JSONLD_CONTEXT: dict[str, str] = {
    p: PREFIXES[p] for p in ("tkg", "tkgid", "rdfs", "skos", "prov", "dcterms", "xsd", "schema")
}

#: Canonical RDF format names and the store's dump format for each.
RDF_FORMATS = {"ttl": "ttl", "trig": "trig", "nq": "nq", "jsonld": "nq"}


def _in_graph(nquads: bytes, graph_iri: str) -> bytes:
    """Put every statement of an N-Quads/N-Triples dump in the named graph ``graph_iri``."""
    import pyoxigraph as ox

    name = ox.NamedNode(graph_iri)
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    return (
        ox.serialize(
            (ox.Quad(q.subject, q.predicate, q.object, name) for q in quads),
            format=ox.RdfFormat.N_QUADS,
        )
        or b""
    )


def _jsonld(nquads: bytes, graph_iri: str | None) -> bytes:
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=nquads, format="nquads")
    if graph_iri is not None:
        # one report: its triples as a plain graph, no named-graph wrapper
        target: Any = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            target.add((s, p, o))
    else:
        target = dataset
    text = target.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True, indent=1)
    return text.encode("utf-8")


def _graphs_dump(store: Any, graph_iris: list[str], format: str) -> bytes:
    """Some named graphs as ``format``: TriG and N-Quads keep the names, Turtle merges."""
    if format == "trig":
        return store.dump_graphs(graph_iris, "trig")
    nquads = store.dump_graphs(graph_iris, "nq") if graph_iris else b""
    if format == "nq":
        return nquads
    if format == "jsonld":
        return _jsonld(nquads, None)
    import pyoxigraph as ox

    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""


def write_rdf(
    store: Any,
    path_or_file: str | os.PathLike[str] | IO[bytes],
    format: str = "trig",
    graph_iri: str | None = None,
    graph_iris: Sequence[str] | None = None,
) -> None:
    """Write the store's facts (or one named graph) as RDF.

    Parameters
    ----------
    store : graph.store.Store
        The store to read.
    path_or_file : path or binary file
        Destination.
    format : {"ttl", "trig", "nq", "jsonld"}
        Canonical format name (see :func:`graph.export.canonical_format`).
    graph_iri : str, optional
        Only this named graph (a report's IRI).
    graph_iris : sequence of str, optional
        Only these named graphs (the report graphs, say: see
        :func:`graph.scope.report_graphs`); Turtle merges their triples.

    Raises
    ------
    FormatError
        An unknown format.
    ExportError
        The named graph is not in the store, or the file cannot be written.
    """
    if format not in RDF_FORMATS:
        raise FormatError(f"unknown RDF format {format!r}; known: {', '.join(RDF_FORMATS)}")
    if graph_iri is not None and graph_iri not in store.graph_names():
        known = ", ".join(store.graph_names()[:5]) or "none"
        raise ExportError(
            f"no named graph <{graph_iri}> in store {getattr(store, 'spec', store)}; "
            f"known graphs include: {known}"
        )
    if graph_iri is None and graph_iris is not None:
        data = _graphs_dump(store, list(graph_iris), format)
    else:
        data = store.dump(RDF_FORMATS[format], graph_iri)
    if format == "nq" and graph_iri is not None:
        data = _in_graph(data, graph_iri)
    if format == "jsonld" and not (graph_iri is None and graph_iris is not None):
        data = _jsonld(data, graph_iri)
    if isinstance(path_or_file, str | os.PathLike):
        write_bytes(path_or_file, data)  # atomic: a temporary file renamed at the end
        return
    buffer = getattr(path_or_file, "buffer", None)
    try:
        (buffer or path_or_file).write(data)
    except OSError as e:
        name = getattr(path_or_file, "name", "the output")
        raise ExportError(
            f"cannot write {name}: {e.strerror or e}; free some space or choose another path"
        ) from e
