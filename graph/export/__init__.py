"""Exports for the tools people draw graphs with, and the facts as RDF.

The formats tkg writes, from the one format registry (:mod:`graph.formats`,
which readers and the SPARQL endpoint use too; media types are names as well):

=============  ====================================  ==================
format         aliases                               suffixes
=============  ====================================  ==================
``gexf``       (Gephi)                               ``.gexf``
``graphml``    (yEd, Cytoscape, Gephi)               ``.graphml``
``cyjs``       ``cytoscape``, ``cytoscape-json``      ``.cyjs``
``dot``        ``gv``, ``graphviz``                  ``.dot``, ``.gv``
``csv``        (Kumu, Flourish, Gephi tables)        ``.csv``
``html``       ``explorer`` (a browser, offline)       ``.html``, ``.htm``
``ttl``        ``turtle``                            ``.ttl``
``trig``                                             ``.trig``
``nq``         ``nquads``, ``n-quads``                 ``.nq``
``jsonld``     ``json-ld``, ``json``                   ``.jsonld``, ``.json``
=============  ====================================  ==================

Graph formats write a networkx projection (:func:`write`); RDF formats write
the store's facts (:func:`graph.export.rdf.write_rdf`). Exported from a store,
a projection first gets time (``start``/``end``) and readable labels from the
facts (:func:`graph.export.enrich.enrich`); ``html`` is the interactive
explorer (:mod:`graph.web.explorer`), which also shows the facts and evidence. :func:`export` is the
library call behind ``tkg export``. Writer modules load only when used.

Examples
--------
>>> guess_format("out/flow.gexf"), canonical_format("Cytoscape")
('gexf', 'cyjs')
>>> canonical_format("pdf")
Traceback (most recent call last):
...
graph.exceptions.FormatError: unknown export format 'pdf'; known: gexf, graphml, cyjs (cytoscape, cytoscape-json), dot (gv, graphviz), csv, html (explorer), ttl (turtle), trig, nq (nquads, n-quads), jsonld (json-ld, json)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from graph import formats as _formats
from graph.exceptions import AnalysisError, FormatError
from graph.ids import graph_iri as to_graph_iri

__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "RDF_FORMATS",
    "ALIASES",
    "SUFFIXES",
    "canonical_format",
    "guess_format",
    "get_writer",
    "write",
    "annotate",
    "fast_layout",
    "export",
]

# The export formats are those of the one format registry (graph/formats.py)
# that tkg writes; these views keep their former names.
#: Graph formats: name -> (module, function).
GRAPH_FORMATS: dict[str, tuple[str, str]] = {
    f.name: tuple(f.writer.split(":"))  # type: ignore[misc]
    for f in _formats.FORMATS.values()
    if f.has("writer") and f.kind == "graph" and f.writer
}
#: RDF formats, written from the store.
RDF_FORMATS: tuple[str, ...] = tuple(
    f.name for f in _formats.FORMATS.values() if f.has("writer") and f.kind == "rdf"
)
FORMATS: tuple[str, ...] = (*GRAPH_FORMATS, *RDF_FORMATS)
ALIASES: dict[str, str] = {
    a: f.name
    for f in _formats.FORMATS.values()
    if f.has("writer")
    for a in f.aliases
    if "/" not in a
}
SUFFIXES: dict[str, str] = {
    suffix: f.name for f in _formats.FORMATS.values() if f.has("writer") for suffix in f.suffixes
}


def canonical_format(name: str) -> str:
    """Return the canonical name of a format or alias (case-insensitive).

    Raises
    ------
    FormatError
        An unknown name; the message lists the known ones.

    Examples
    --------
    >>> canonical_format("JSON-LD"), canonical_format("graphviz"), canonical_format("text/turtle")
    ('jsonld', 'dot', 'ttl')
    """
    return _formats.get(name, need="writer").name


def guess_format(path: str | os.PathLike[str]) -> str:
    """Return the export format for a file name from its suffix.

    Raises
    ------
    FormatError
        An unknown suffix; the message lists the known ones.

    Examples
    --------
    >>> guess_format("a/b.GV"), guess_format("flow.nodes.csv")
    ('dot', 'csv')
    """
    return _formats.guess(path, need="writer").name


def _resolve(format: str | None, path: Any) -> str:
    if format:
        return canonical_format(format)
    if not isinstance(path, str | os.PathLike):
        raise FormatError(f"cannot tell the export format of {path!r}; pass --format")
    return guess_format(path)


def get_writer(format: str) -> Callable[..., Any]:
    """Return the writer function of a graph format (imported on first use).

    Examples
    --------
    >>> get_writer("graphviz").__name__
    'write_dot'
    """
    fmt = canonical_format(format)
    if fmt not in GRAPH_FORMATS:
        raise FormatError(
            f"{fmt!r} is an RDF format: it writes the store's facts, not a graph; "
            f"use export(store, path, format={fmt!r}) or one of: {', '.join(GRAPH_FORMATS)}"
        )
    return _formats.load(fmt, "writer")


def write(
    graph: Any,
    path_or_file: str | os.PathLike[str] | IO[Any],
    format: str | None = None,
    **options: Any,
) -> list[Path]:
    """Write a networkx graph in a graph format.

    Parameters
    ----------
    graph : networkx.Graph
        Any graph; attributes follow the contract of ``docs/ARCHITECTURE.md``
        but may be of any type.
    path_or_file : path or file
        Destination; CSV needs a path (it writes two files).
    format : str, optional
        A format or alias; by default guessed from the suffix.
    **options
        Passed to the writer (e.g. ``scale`` for cyjs).

    Returns
    -------
    list of pathlib.Path
        The files written (empty when writing to an open file).

    Examples
    --------
    >>> import io, networkx as nx
    >>> buf = io.StringIO()
    >>> write(nx.path_graph(3), buf, format="graphml")
    []
    >>> buf.getvalue().count("<node ")
    3
    """
    fmt = _resolve(format, path_or_file)
    writer = get_writer(fmt)
    _check_options(writer, fmt, options)
    written = writer(graph, path_or_file, **options)
    if isinstance(written, list):
        return written
    if isinstance(path_or_file, str | os.PathLike):
        return [Path(path_or_file)]
    return []


def _check_options(writer: Callable[..., Any], fmt: str, options: dict[str, Any]) -> None:
    """Refuse options the writer does not take, naming the ones it does."""
    import inspect

    params = inspect.signature(writer).parameters
    known = [name for name, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise FormatError(
            f"the {fmt} writer has no option {', '.join(map(repr, unknown))}; "
            f"its options: {', '.join(known) or 'none'}"
        )


#: Layouts are computed for graphs up to this many nodes when missing.
LAYOUT_LIMIT = 5000


def annotate(g: Any, *, seed: int = 42, layout: bool = True) -> Any:
    """Add the analysis measures and a layout to ``g`` where they are missing.

    Uses :func:`graph.analysis.measure` (degree, pagerank, betweenness,
    community, ...) and the component layout of the figures
    (:mod:`graph.plot`) so that Gephi shows the same picture. Above
    :data:`QUICK_ABOVE` nodes, where those take minutes, it computes degree,
    PageRank and Louvain communities only, and lays components out with
    pivot MDS (:func:`fast_layout`, about a second for 5,000 nodes). Graphs
    that already carry ``community`` and ``x``/``y`` are left as they are.

    Examples
    --------
    >>> import networkx as nx
    >>> g = annotate(nx.barbell_graph(3, 0))
    >>> sorted({"degree", "pagerank", "community", "x", "y"} - set(g.nodes[0]))
    []
    """
    if g.number_of_nodes() == 0:
        return g
    nodes = g.nodes
    big = g.number_of_nodes() > QUICK_ABOVE
    if not all("community" in d and "pagerank" in d for _, d in nodes(data=True)):
        if big:
            _quick_measures(g, seed)
        else:
            try:
                from graph.analysis import measure
            except ImportError:  # analysis not available: degree only
                for n in g:
                    nodes[n].setdefault("degree", g.degree(n))
            else:
                try:
                    measure(g, seed=seed)
                except AnalysisError:
                    pass
    if layout and g.number_of_nodes() <= LAYOUT_LIMIT:
        if not all("x" in d and "y" in d for _, d in nodes(data=True)):
            pos = fast_layout(g, seed) if big else _layout(g, seed)
            for n, (x, y) in pos.items():
                nodes[n]["x"], nodes[n]["y"] = float(x), float(y)
    return g


#: Above this many nodes, :func:`annotate` uses the quick measures and layout.
QUICK_ABOVE = 1000


def _quick_measures(g: Any, seed: int) -> None:
    import networkx as nx

    simple = nx.Graph(g.to_undirected(as_view=True)) if g.is_multigraph() else g
    try:
        rank = nx.pagerank(simple)
    except nx.PowerIterationFailedConvergence:
        rank = {n: 1.0 / len(g) for n in g}
    undirected = simple.to_undirected(as_view=True) if simple.is_directed() else simple
    groups = nx.community.louvain_communities(undirected, seed=seed)
    community = {
        n: i for i, group in enumerate(sorted(groups, key=len, reverse=True)) for n in group
    }
    for n, data in g.nodes(data=True):
        data.setdefault("degree", g.degree(n))
        data.setdefault("pagerank", rank.get(n, 0.0))
        data.setdefault("community", community.get(n, -1))


def fast_layout(g: Any, seed: int = 42, pivots: int = 50) -> dict[Any, tuple[float, float]]:
    """Lay out a large graph quickly: pivot MDS per component, components packed in rows.

    Pivot MDS (Brandes and Pich, 2006) places nodes by their graph distances
    to ``pivots`` well-spread nodes: one breadth-first search per pivot and
    one small SVD, so 5,000 nodes take about a second where a spring layout
    takes minutes. Components of up to 50 nodes get a spring layout.

    Examples
    --------
    >>> import networkx as nx
    >>> pos = fast_layout(nx.grid_2d_graph(30, 30))
    >>> len(pos), abs(pos[(0, 0)][0] - pos[(29, 29)][0]) > abs(pos[(0, 0)][0] - pos[(0, 1)][0])
    (900, True)
    """
    import networkx as nx
    import numpy as np
    from scipy.sparse.csgraph import shortest_path

    from graph.layout import pack_components

    undirected = g.to_undirected(as_view=True) if g.is_directed() else g
    rng = np.random.default_rng(seed)
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(undirected)), key=len)
    comps.reverse()
    layouts = []
    for comp in comps:
        if len(comp) == 1:
            local = {comp[0]: (0.0, 0.0)}
        elif len(comp) <= 50:
            local = {
                n: (float(p[0]), float(p[1]))
                for n, p in nx.spring_layout(undirected.subgraph(comp), seed=seed).items()
            }
        else:
            sub = undirected.subgraph(comp)
            matrix = nx.to_scipy_sparse_array(sub, nodelist=comp, weight=None, format="csr")
            k = min(pivots, len(comp))
            chosen = [int(rng.integers(len(comp)))]
            dist = shortest_path(matrix, unweighted=True, directed=False, indices=chosen)
            nearest = dist[0].copy()
            rows = [dist[0]]
            while len(chosen) < k:
                nxt = int(np.argmax(nearest))
                if nxt in chosen:
                    break
                chosen.append(nxt)
                row = shortest_path(matrix, unweighted=True, directed=False, indices=[nxt])[0]
                rows.append(row)
                nearest = np.minimum(nearest, row)
            d2 = np.array(rows).T ** 2  # n x k
            c = -0.5 * (d2 - d2.mean(axis=0) - d2.mean(axis=1, keepdims=True) + d2.mean())
            # the top right singular vectors of c, from its small k x k Gram matrix
            values, vectors = np.linalg.eigh(c.T @ c)
            xy = c @ vectors[:, ::-1][:, :2]
            if xy.shape[1] < 2:
                xy = np.column_stack([xy[:, 0], np.zeros(len(comp))])
            xy += rng.normal(scale=1e-3 * (np.ptp(xy) or 1.0), size=xy.shape)  # split ties
            local = {n: (float(xy[i, 0]), float(xy[i, 1])) for i, n in enumerate(comp)}
        layouts.append((comp, local))
    return pack_components(layouts)


def _layout(g: Any, seed: int) -> dict[Any, Any]:
    undirected = g.to_undirected(as_view=True)
    try:
        from graph.plot import _component_layout

        return _component_layout(undirected, seed)
    except (ImportError, AttributeError, TypeError):
        import networkx as nx

        return nx.spring_layout(undirected, seed=seed)


def _only_report(g: Any, graph_iri: str) -> Any:
    """The part of ``g`` supported by one report (nodes and edges citing it)."""

    def cites(data: dict[str, Any]) -> bool:
        reports = data.get("reports") or []
        if isinstance(reports, str):
            reports = [reports]
        return graph_iri in {str(r) for r in reports}

    keep = [n for n, d in g.nodes(data=True) if cites(d)]
    sub = g.subgraph(keep).copy()
    if sub.is_multigraph():
        drop = [(u, v, k) for u, v, k, d in sub.edges(keys=True, data=True) if not cites(d)]
    else:
        drop = [(u, v) for u, v, d in sub.edges(data=True) if not cites(d)]
    sub.remove_edges_from(drop)
    return sub


def export(
    store: Any,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    projection: str = "flow",
    graph_iri: str | None = None,
    graph_iris: Sequence[str] | None = None,
    analyse: bool = True,
    **options: Any,
) -> list[Path]:
    """Export a projection of the store (graph formats) or its facts (RDF formats).

    Parameters
    ----------
    store : graph.store.Store
        The store to read.
    path : path
        The output file (for CSV, ``<stem>.csv`` gives two tables).
    format : str, optional
        A format or alias; by default guessed from the suffix.
    projection : str, default "flow"
        Graph formats: the projection (see :func:`graph.network.project`).
    graph_iri : str, optional
        One report (its id or IRI): RDF formats write its named graph only;
        graph formats keep the nodes and edges that cite it.
    graph_iris : sequence of str, optional
        RDF formats without ``graph_iri``: only these named graphs (default:
        every graph of the store, the vocabulary included).
    analyse : bool, default True
        Graph formats: add measures, communities and a layout first
        (:func:`annotate`) so colours, sizes and positions are meaningful.
    **options
        Passed to the writer.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    FormatError
        An unknown format or suffix.
    AnalysisError
        An unknown projection.
    ExportError
        The file cannot be written or the named graph does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graph.store import open_store
    >>> with tempfile.TemporaryDirectory() as d:
    ...     files = export(open_store("memory"), pathlib.Path(d) / "flow.gexf")
    ...     names = [f.name for f in files]
    >>> names
    ['flow.gexf']
    """
    fmt = _resolve(format, path)
    if graph_iri is not None:
        graph_iri = to_graph_iri(graph_iri)  # a report id does as well as its IRI
    if fmt in RDF_FORMATS:
        from graph.export.rdf import write_rdf

        if options:
            raise FormatError(
                f"the {fmt} writer has no option {', '.join(map(repr, sorted(options)))}; "
                "RDF exports take only graph_iri"
            )
        write_rdf(store, path, fmt, graph_iri=graph_iri, graph_iris=graph_iris)
        return [Path(path)]
    from graph.export.enrich import enrich, fact_index
    from graph.network import project

    g = project(store, projection)
    if graph_iri is not None:
        g = _only_report(g, graph_iri)
    index = fact_index(store)
    if fmt == "html":
        from graph.web.explorer import MAX_NODES, keep_largest

        g = keep_largest(g, options.get("max_nodes", MAX_NODES))
        options.setdefault("index", index)
    enrich(store, g, index)
    if analyse:
        annotate(g)
    return write(g, path, format=fmt, **options)
