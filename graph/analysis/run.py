"""Run the whole analysis on a store: projections, measures, figures, analysis.md.

:func:`analyze` is what ``tkg analyze`` and ``tkg build`` call. It measures
every projection (:mod:`graph.analysis.measures`), answers the route
questions on the flow graph (:mod:`graph.analysis.routes`), reads each
report's facts (:mod:`graph.analysis.facts`), draws the figures
(:mod:`graph.plot`) and writes analysis.md (:mod:`graph.analysis.brief`),
metrics.csv and metrics.json. The same store content gives the same files
byte for byte, on any store.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analysis.brief import Brief, render
from graph.analysis.facts import read_reports
from graph.analysis.measures import BROKER_RULE, Measures, compare, measure, sorted_copy
from graph.analysis.routes import (
    chokepoints,
    default_endpoints,
    disruption,
    pair_chokepoints,
    route_paths,
)
from graph.exceptions import AnalysisError
from graph.network import PROJECTIONS, events, project, report_titles
from graph.store import Store
from ontology import sparql_prefixes

__all__ = ["MAX_BRIEFS", "METRIC_COLUMNS", "AnalysisResult", "CachedStore", "analyze"]

#: Reports given a brief of their own in analysis.md (the first by date).
MAX_BRIEFS = 25
METRIC_COLUMNS = [
    "projection",
    "node",
    "label",
    "type",
    "degree",
    "strength_in",
    "strength_out",
    "betweenness",
    "pagerank",
    "broker",
    "articulation_point",
    "community",
    "kcore",
    "reports",
]


# ---------------------------------------------------------------------------
# the report


class CachedStore:
    """A store whose SELECT results are kept while it is in use (one analysis, one build).

    The projections, the fact index and the labels share their description
    queries (types, labels, dates, evidence); asking once saves seconds per
    projection on big stores. Everything but ``select_values`` goes to the
    store itself.

    Examples
    --------
    >>> from graph.store import open_store
    >>> cached = CachedStore(open_store("memory"))
    >>> list(cached.select_values("SELECT ?s WHERE { ?s ?p ?o }")), cached.count()
    ([], 0)
    """

    def __init__(self, store: Store):
        self._store = store
        self._rows: dict[str, list[tuple[str | None, ...]]] = {}

    def select_values(self, query: str) -> Iterator[tuple[str | None, ...]]:
        rows = self._rows.get(query)
        if rows is None:
            rows = self._rows[query] = list(self._store.select_values(query))
        return iter(rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _report_dates(store: Store) -> dict[str, str]:
    """The ``dcterms:date`` of each report."""
    q = sparql_prefixes("tkg", "dcterms") + (
        "SELECT ?r ?d WHERE { ?r a tkg:Report ; dcterms:date ?d }"
    )
    return {r: d for r, d in store.select_values(q) if r and d}


def _named_in(store: Store) -> Callable[[str], bool]:
    """``named(label)``: does the label occur in some evidence sentence of the store?"""
    q = sparql_prefixes("tkg") + "SELECT DISTINCT ?t WHERE { ?e tkg:text ?t }"
    blob = "\n".join(sorted(t or "" for (t,) in store.select_values(q))).casefold()
    cache: dict[str, bool] = {}

    def named(label: str) -> bool:
        key = label.casefold().strip()
        if key not in cache:
            cache[key] = bool(key) and key in blob
        return cache[key]

    return named


@dataclass
class AnalysisResult:
    """What :func:`analyze` computed and wrote.

    Attributes
    ----------
    out_dir : pathlib.Path
    graphs : dict of str to networkx.Graph
        The projections, with measures on their nodes.
    measures : dict of str to Measures
    files : list of pathlib.Path
        Every file written (analysis.md, metrics.csv, metrics.json, figures).
    routes : dict
        Route questions on the flow graph: ``origins``, ``destinations``,
        ``paths``, ``chokepoints``, ``disruption``.
    changes : dict or None
        :func:`compare` of the whole period with the date slice, when dated.
    """

    out_dir: Path
    graphs: dict[str, nx.Graph]
    measures: dict[str, Measures]
    files: list[Path]
    routes: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] | None = None


def _rows(name: str, g: nx.Graph) -> list[dict[str, Any]]:
    rows = []
    for node, d in g.nodes(data=True):
        rows.append(
            {
                "projection": name,
                "node": node,
                "label": d.get("label", ""),
                "type": d.get("type", ""),
                "degree": d.get("degree", 0),
                "strength_in": d.get("strength_in", 0.0),
                "strength_out": d.get("strength_out", 0.0),
                "betweenness": round(d.get("betweenness", 0.0), 6),
                "pagerank": round(d.get("pagerank", 0.0), 6),
                "broker": bool(d.get("broker", False)),
                "articulation_point": bool(d.get("articulation_point", False)),
                "community": d.get("community", -1),
                "kcore": d.get("kcore", 0),
                "reports": list(d.get("reports", [])),
            }
        )
    rows.sort(key=lambda r: (-r["pagerank"], str(r["node"])))
    return rows


def analyze(
    store: Store,
    out_dir: str | Path,
    *,
    projection: str = "flow",
    date_from: Any = None,
    date_to: Any = None,
    seed: int = 42,
    top: int = 10,
    projections: Sequence[str] | None = None,
    figures: bool = True,
) -> AnalysisResult:
    """Project, measure and report: analysis.md, metrics.csv/json and figures.

    Parameters
    ----------
    store : graph.store.Store
    out_dir : str or path
        Created if missing; existing files of the same names are replaced.
    projection : str, default "flow"
        The projection the report and network figure focus on.
    date_from, date_to : str, optional
        A date slice (see :mod:`graph.network`); the report then compares the
        slice with all dates.
    seed : int, default 42
        Seed of sampling, communities and layouts (same seed, same output).
    top : int, default 10
        Rows in the report's tables and labelled nodes in figures.
    projections : sequence of str, optional
        Projections measured into metrics.csv/json (default: all).
    figures : bool, default True
        Draw the figures (PNG and SVG).

    Returns
    -------
    AnalysisResult

    Raises
    ------
    AnalysisError
        Unknown projection name, or ``out_dir`` cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from graph.store import open_store
    >>> with tempfile.TemporaryDirectory() as d:
    ...     result = analyze(open_store("memory"), d, figures=False)
    ...     sorted(p.name for p in result.files)
    ['analysis.md', 'metrics.csv', 'metrics.json']
    """
    if projection not in PROJECTIONS:
        raise AnalysisError(
            f"unknown projection {projection!r}; known: {', '.join(sorted(PROJECTIONS))}"
        )
    names = list(projections) if projections is not None else list(PROJECTIONS)
    for name in names:
        if name not in PROJECTIONS:
            raise AnalysisError(
                f"unknown projection {name!r}; known: {', '.join(sorted(PROJECTIONS))}"
            )
    if projection not in names:
        names.insert(0, projection)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise AnalysisError(
            f"cannot create output directory {out}: {e.strerror}; choose another --out"
        ) from e

    store = store if isinstance(store, CachedStore) else CachedStore(store)
    graphs: dict[str, nx.Graph] = {}
    infos: dict[str, Measures] = {}
    for name in names:
        g = sorted_copy(project(store, name, date_from=date_from, date_to=date_to))
        infos[name] = measure(g, seed=seed)
        graphs[name] = g
    titles = report_titles(store)
    main = graphs[projection]

    routes: dict[str, Any] = {}
    if main.is_directed() and not main.is_multigraph() and main.number_of_edges():
        origins, dests = default_endpoints(main)
        if origins and dests:
            between = sum(1 for x in main if main.nodes[x].get("betweenness", 0) > 0)
            paths: list[list[str]] = []

            def strongest(xs: list[str]) -> list[str]:
                return sorted(xs, key=lambda x: (-main.nodes[x].get("pagerank", 0), str(x)))

            for o in strongest(origins)[:5]:
                for d in strongest(dests)[:3]:
                    if o != d:
                        paths += route_paths(main, o, d, cutoff=4, limit=5)
            routes = {
                "origins": origins,
                "destinations": dests,
                "paths": paths,
                "chokepoints": chokepoints(main, origins, dests),
                "pair_chokepoints": pair_chokepoints(main, origins, dests),
                # only places that lie between others are worth removing
                "disruption": disruption(main, origins, dests, k_max=min(5, between))
                if between
                else [],
            }

    changes = None
    if date_from or date_to:
        changes = compare(project(store, projection), main)

    files: list[Path] = []
    figure_files: list[Path] = []
    if figures:
        from graph import plot

        figure_files += plot.plot_network(main, out / f"network-{projection}", top=top, seed=seed)
        flow = graphs.get("flow")
        if flow is None:
            flow = project(store, "flow", date_from=date_from, date_to=date_to)
        figure_files += plot.plot_route_map(flow, out / "route-map", top=top)
        figure_files += plot.plot_centrality(main, out / f"centrality-{projection}", top=top)
        figure_files += plot.plot_timeline(
            events(store, date_from=date_from, date_to=date_to),
            out / "timeline",
            report_dates=_report_dates(store),
        )

    rows = [row for name in names for row in _rows(name, graphs[name])]
    when = "all dates"
    if date_from or date_to:
        when = f"facts dated from {date_from or 'the start'} to {date_to or 'the end'}"
    wanted = sorted(titles)[:MAX_BRIEFS] if len(titles) > MAX_BRIEFS else None
    brief = Brief(
        main=projection,
        graphs=graphs,
        infos=infos,
        reports=read_reports(store, wanted) if titles else [],
        report_count=len(titles),
        routes=routes,
        changes=changes,
        figures=figure_files,
        top=top,
        when=when,
        named=_named_in(store),
    )
    try:
        md = out / "analysis.md"
        md.write_text(render(brief), encoding="utf-8")
        with (out / "metrics.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=METRIC_COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow({**row, "reports": " ".join(row["reports"])})
        meta = {
            name: {
                "nodes": graphs[name].number_of_nodes(),
                "edges": graphs[name].number_of_edges(),
                "betweenness_k": infos[name].betweenness_k,
                "community_method": infos[name].community_method,
                "seed": seed,
            }
            for name in names
        }
        (out / "metrics.json").write_text(
            json.dumps({"projections": meta, "broker_rule": BROKER_RULE, "nodes": rows}, indent=1),
            encoding="utf-8",
        )
    except OSError as e:
        raise AnalysisError(
            f"cannot write the analysis into {out}: {e.strerror}; check the directory"
        ) from e
    files += [md, out / "metrics.csv", out / "metrics.json"] + figure_files
    return AnalysisResult(out, graphs, infos, files, routes, changes)
