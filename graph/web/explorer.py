"""``explorer.html``: a self-contained, offline page to explore a projection.

One HTML file holds the data and Cytoscape.js (vendored, MIT): the network
coloured by community and sized by PageRank at the layout of the analysis; a
map view (nodes with coordinates at their longitude and latitude); filters by
type, report and date range and a search box (the map draws Natural Earth's
land, ``graph/data/naturalearth``, from the npm package ``world-atlas``); a click on a node or an edge
shows the facts behind it with their evidence sentences and report. Labels
are hidden while zoomed out and edges while panning, so 5,000 nodes stay
usable; larger projections keep their :data:`MAX_NODES` best-connected nodes
(the page says how many it left out).

Examples
--------
>>> import io, networkx as nx
>>> g = nx.DiGraph([("a", "b", {"kind": "flow", "weight": 1.0})])
>>> buf = io.StringIO()
>>> write_html(g, buf)
>>> page = buf.getvalue()
>>> page.startswith("<!doctype html>"), "cytoscape" in page, "https://cdn" in page
(True, True, False)
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import IO, Any

from graph.export._common import canvas, edge_iter, node_spell, open_text, plain, scan, spell
from graph.web import template, vendor_file

__all__ = ["write_html", "explorer_data", "keep_largest", "MAX_NODES"]

#: The explorer keeps at most this many nodes (the best connected).
MAX_NODES = 5000
_MAX_FACTS = 60
_GREY = "#bab0ac"


def keep_largest(g: Any, max_nodes: int = MAX_NODES) -> Any:
    """Return ``g``, or its ``max_nodes`` nodes of highest degree when it has more.

    The graph attribute ``omitted`` records how many nodes were left out.

    Examples
    --------
    >>> import networkx as nx
    >>> h = keep_largest(nx.star_graph(10), 3)
    >>> len(h), 0 in h, h.graph["omitted"]
    (3, True, 8)
    """
    n = g.number_of_nodes()
    if n <= max_nodes:
        return g
    ranked = sorted(g.degree(), key=lambda item: (-item[1], str(item[0])))
    keep = [node for node, _ in ranked[:max_nodes]]
    sub = g.subgraph(keep).copy()
    sub.graph["omitted"] = n - max_nodes
    return sub


def _text(value: Any) -> str | None:
    v = plain(value)
    if v is None:
        return None
    if isinstance(v, list):
        return ", ".join(v)
    return str(v)


def _number(value: Any) -> float | None:
    v = plain(value)
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        return None
    return float(v)


def _list(value: Any) -> list[str]:
    v = plain(value)
    if v is None:
        return []
    return v if isinstance(v, list) else [str(v)]


def explorer_data(g: Any, index: Any = None, *, title: str | None = None) -> dict[str, Any]:
    """Return the JSON document the explorer page draws.

    Parameters
    ----------
    g : networkx.Graph
        A projection, ideally annotated (community, pagerank, x, y) and
        enriched (start, end, readable labels).
    index : graph.export.enrich.FactIndex, optional
        Facts with evidence, shown on a click; without it, an edge shows its
        ``evidence`` attribute.
    title : str, optional
        The page title; defaults to the projection's name.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b")])
    >>> g.nodes["a"].update(label="Alpha", type="Country", start="2011-01-01", end="2011-12-31")
    >>> doc = explorer_data(g)
    >>> doc["nodes"][0]["label"], doc["nodes"][0]["start"], doc["edges"][0]["s"]
    ('Alpha', '2011-01-01', 0)
    """
    info = scan(g)
    n = g.number_of_nodes()
    positions = canvas(g, side=min(max(140.0 * math.sqrt(max(n, 1)), 800.0), 30000.0))
    reports: dict[str, int] = {}
    report_list: list[dict[str, Any]] = []

    def report_id(iri: str) -> int:
        if iri not in reports:
            reports[iri] = len(report_list)
            meta = index.reports.get(iri, {}) if index is not None else {}
            report_list.append(
                {"iri": iri, "title": meta.get("title") or iri, "date": meta.get("date")}
            )
        return reports[iri]

    facts: dict[str, int] = {}
    fact_list: list[dict[str, Any]] = []

    def fact_id(iri: str) -> int:
        if iri not in facts:
            f = index.facts[iri]
            facts[iri] = len(fact_list)
            fact_list.append(
                {
                    "iri": iri,
                    "label": f.label,
                    "type": f.type,
                    "start": f.start,
                    "end": f.end,
                    "reports": [report_id(r) for r in f.reports],
                    "evidence": f.evidence[:5],
                }
            )
        return facts[iri]

    node_ids: dict[Any, int] = {}
    nodes = []
    for i, (n, data) in enumerate(g.nodes(data=True)):
        node_ids[n] = i
        label = _text(data.get("label")) or str(n)
        x, y = positions.get(n, (0.0, 0.0))
        bounds = node_spell(data)
        item: dict[str, Any] = {
            "id": str(n),
            "label": label,
            "type": _text(data.get("type")) or "Thing",
            "color": info.color(data) or _GREY,
            "size": round(info.size(data, 14.0, 70.0), 2),
            "x": round(x, 2),
            "y": round(-y, 2),
            "reports": [report_id(r) for r in _list(data.get("reports"))],
        }
        for key in ("community", "pagerank", "degree", "betweenness", "lat", "lon"):
            v = _number(data.get(key))
            if v is not None:
                item[key] = round(v, 6)
        if bounds:
            item["start"], item["end"] = bounds
        if data.get("description"):
            item["description"] = _text(data.get("description"))
        if index is not None:
            item["facts"] = [fact_id(f) for f in index.node_facts(str(n))[:_MAX_FACTS]]
        nodes.append(item)
    edges = []
    for u, v, _, data in edge_iter(g):
        item = {
            "s": node_ids[u],
            "t": node_ids[v],
            "kind": _text(data.get("kind")) or "",
            "weight": _number(data.get("weight")) or 1.0,
            "reports": [report_id(r) for r in _list(data.get("reports"))],
        }
        bounds = spell(data.get("start"), data.get("end"))
        if bounds:
            item["start"], item["end"] = bounds
        if index is not None:
            item["facts"] = [fact_id(f) for f in index.edge_facts(str(u), str(v))[:_MAX_FACTS]]
        if not item.get("facts"):
            item["evidence"] = _list(data.get("evidence"))[:5]
        edges.append(item)
    name = _text(g.graph.get("name")) or "network"
    return {
        "title": title or f"tkg explorer: {name}",
        "projection": name,
        "description": _text(g.graph.get("description")) or "",
        "directed": g.is_directed(),
        "omitted": int(g.graph.get("omitted") or 0),
        "nodes": nodes,
        "edges": edges,
        "facts": fact_list,
        "reports": report_list,
    }


def _script_json(doc: Any) -> str:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


#: Natural Earth 1:110m (world-atlas 2.0.2 TopoJSON, ISC), shipped for the route map too.
NATURAL_EARTH = (
    Path(__file__).resolve().parent.parent / "data" / "naturalearth" / "countries-110m.json"
)


def _land_json() -> str:
    """The land of :data:`NATURAL_EARTH` as TopoJSON (arcs and the land object only)."""
    try:
        topo = json.loads(NATURAL_EARTH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return '{"type":"Topology","objects":{"land":{"geometries":[]}},"arcs":[],"transform":{"scale":[1,1],"translate":[0,0]}}'
    topo["objects"] = {"land": topo["objects"]["land"]}
    return json.dumps(topo, separators=(",", ":"))


def render(doc: dict[str, Any]) -> str:
    """Return the explorer page for a document of :func:`explorer_data`.

    Examples
    --------
    >>> import networkx as nx
    >>> "tkg explorer" in render(explorer_data(nx.Graph()))
    True
    """
    import html

    page = template("explorer.html")
    library = vendor_file("cytoscape.min.js").read_text(encoding="utf-8")
    page = page.replace("__TKG_TITLE__", html.escape(doc["title"]))
    before, after = page.split("__TKG_DATA__", 1)
    page = before + _script_json(doc) + after
    before, after = page.split("__TKG_LAND__", 1)
    page = before + _land_json().replace("</", "<\\/") + after
    before, after = page.split("__CYTOSCAPE_JS__", 1)
    return before + library + after


def write_html(
    g: Any,
    path_or_file: str | os.PathLike[str] | IO[Any],
    *,
    index: Any = None,
    title: str | None = None,
    max_nodes: int = MAX_NODES,
) -> None:
    """Write the explorer page of ``g`` (one offline HTML file).

    Parameters
    ----------
    g : networkx.Graph
        A projection (see :func:`explorer_data`).
    path_or_file : path or file
        Destination path, or an open text or binary file.
    index : graph.export.enrich.FactIndex, optional
        The facts and evidence shown on a click.
    title : str, optional
        The page title.
    max_nodes : int, default 5000
        Larger graphs keep their best-connected nodes (:func:`keep_largest`).

    Examples
    --------
    >>> import io, networkx as nx
    >>> buf = io.StringIO()
    >>> write_html(nx.path_graph(3), buf, title="three")
    >>> "<title>three</title>" in buf.getvalue()
    True
    """
    g = keep_largest(g, max_nodes)
    page = render(explorer_data(g, index, title=title))
    with open_text(path_or_file) as fh:
        fh.write(page)
