"""Figures of the analysis: network, route map, centrality bars, event timeline.

Every function writes the same figure as PNG and SVG (``stem.png`` and
``stem.svg``) and returns both paths. matplotlib is imported inside the
functions with the non-interactive Agg backend, so importing this module is
cheap and nothing needs a display.

Examples
--------
>>> import tempfile, pathlib
>>> import networkx as nx
>>> from graph.plot import plot_centrality
>>> g = nx.DiGraph([("a", "b")])
>>> g.nodes["a"].update(label="A", pagerank=0.4); g.nodes["b"].update(label="B", pagerank=0.6)
>>> with tempfile.TemporaryDirectory() as d:
...     [p.suffix for p in plot_centrality(g, pathlib.Path(d) / "bars")]
['.png', '.svg']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graph._words import plural
from graph.analysis.measures import simple_view
from graph.exceptions import AnalysisError
from graph.layout import pack_components

__all__ = ["plot_network", "plot_route_map", "plot_centrality", "plot_timeline"]

#: Largest number of nodes drawn in the network figure (the highest PageRank).
MAX_DRAWN = 120
#: Largest number of edges drawn (the heaviest) in the network figure and route map.
MAX_EDGES = 300
_PALETTE = "tab20"


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, stem: str | Path) -> list[Path]:
    stem = Path(stem)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(paths[0], dpi=150, bbox_inches="tight")
        fig.savefig(paths[1], bbox_inches="tight")
    except OSError as e:
        raise AnalysisError(
            f"cannot write figure {paths[0]}: {e.strerror}; check the directory"
        ) from e
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return paths


def _short(text: str, width: int = 24) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _empty(stem: str | Path, title: str, message: str) -> list[Path]:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 2))
    ax.axis("off")
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", color="0.4")
    return _save(fig, stem)


def _component_layout(g: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Spring layout per connected component, components packed in rows.

    A single spring layout pushes disconnected components to the corners
    and squeezes each one; laying them out apart keeps them legible.
    """
    comps = sorted(
        (sorted(c, key=str) for c in nx.connected_components(g)), key=lambda c: (-len(c), str(c[0]))
    )
    layouts = []
    for comp in comps:
        sub = g.subgraph(comp)
        if len(comp) == 1:
            local = {comp[0]: (0.0, 0.0)}
        else:
            local = nx.spring_layout(
                sub, seed=seed, k=1.8 / math.sqrt(len(comp)), iterations=200, weight=None
            )
        layouts.append((comp, local))
    return pack_components(layouts)


def _place_labels(
    fig: Any,
    ax: Any,
    labels: list[tuple[float, float, str, float]],
    markers: list[tuple[float, float, float]],
) -> int:
    """Place labels beside their points without overlapping each other or markers.

    For each label (most important first) the eight positions around the
    marker are tried and the first one whose box is free is kept; a label
    with no free position is left out. Returns the number placed.
    """
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    fig.canvas.draw()
    # freeze the view: labels are placed in pixels, so the limits must not move afterwards
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    ax.set_autoscale_on(False)
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    pt = fig.dpi / 72.0
    taken = []
    for x, y, r in markers:
        cx, cy = to_px((x, y))
        rr = r * pt * 0.8
        taken.append(Bbox([[cx - rr, cy - rr], [cx + rr, cy + rr]]))
    placed = 0
    labels_taken: list[Any] = []
    for x, y, text, r in labels:
        options = []
        for far in (1.0, 2.5, 4.5):  # beside the node first, then further out with a leader line
            d = (r + 3) * far
            options += [
                (d, d * 0.5, "left", "bottom", far),
                (-d, d * 0.5, "right", "bottom", far),
                (d, -d * 0.5, "left", "top", far),
                (-d, -d * 0.5, "right", "top", far),
                (0, d + 1, "center", "bottom", far),
                (0, -d - 1, "center", "top", far),
                (d + 2, 0, "left", "center", far),
                (-d - 2, 0, "right", "center", far),
            ]
        own = to_px((x, y))
        # first pass: clear of labels and nodes; second pass: clear of labels only
        for strict in (True, False):
            obstacles = taken if strict else labels_taken
            done = False
            for dx, dy, ha, va, far in options:
                ann = ax.annotate(
                    text,
                    (x, y),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha=ha,
                    va=va,
                    fontsize=9,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "0.8", "alpha": 0.9},
                    arrowprops={"arrowstyle": "-", "color": "0.4", "lw": 0.6} if far > 1 else None,
                    zorder=5,
                )
                # the text's own box, not the leader line's (Annotation includes both);
                # the annotation computes where its text goes only when asked to
                ann.update_positions(renderer)
                box = Text.get_window_extent(ann, renderer).padded(2.2 * pt)  # + the round box
                clash = any(
                    box.overlaps(b)
                    for b in obstacles
                    if not (
                        abs(b.x0 + b.x1 - 2 * own[0]) < 1e-6
                        and abs(b.y0 + b.y1 - 2 * own[1]) < 1e-6
                    )
                )
                if not clash:
                    taken.append(box)
                    labels_taken.append(box)
                    placed += 1
                    done = True
                    break
                ann.remove()
            if done:
                break
    return placed


def _labelled(g: nx.Graph, keep: list[Any], top: int) -> list[Any]:
    """The ``top`` nodes, then the brokers among the drawn ones (the analysis names them)."""
    brokers = [n for n in keep[top:] if g.nodes[n].get("broker")]
    return keep[:top] + brokers[:top]


def plot_network(
    g: nx.Graph,
    stem: str | Path,
    *,
    top: int = 10,
    seed: int = 42,
    size_by: str = "pagerank",
) -> list[Path]:
    """Draw a projection coloured by community and sized by centrality.

    Only the ``MAX_DRAWN`` nodes with the highest ``size_by`` are drawn; the
    ``top`` largest are labelled (every node when at most 30 are drawn),
    each label in the first free spot around its node (a label that would
    overlap another label or a node is left out). Connected components are
    laid out apart (spring layout with ``seed``, so the same data gives the
    same picture) and packed in rows.

    Parameters
    ----------
    g : networkx.Graph
        A projection after :func:`graph.analysis.measure` (``community`` and
        ``size_by`` on the nodes; missing values are treated as 0).
    stem : str or path
        Output path without suffix.
    top : int, default 10
        Number of labelled nodes.
    seed : int, default 42
    size_by : str, default "pagerank"

    Returns
    -------
    list of pathlib.Path
        The PNG and SVG files.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     len(plot_network(nx.path_graph(3), pathlib.Path(d) / "net"))
    2
    """
    name = g.graph.get("name", "network")
    if g.number_of_nodes() == 0:
        return _empty(stem, f"{name} graph", "no nodes: no facts of this kind were found")
    plt = _pyplot()
    from matplotlib.lines import Line2D

    ranked = sorted(g.nodes, key=lambda x: (-float(g.nodes[x].get(size_by, 0) or 0), str(x)))
    keep = ranked[:MAX_DRAWN]
    sub = g.subgraph(keep)
    sub = simple_view(sub)  # one drawn edge per node pair, weights summed
    heavy = sorted(sub.edges(data=True), key=lambda e: -float(e[2].get("weight", 1.0)))
    h = sub.__class__()
    h.add_nodes_from(sub.nodes)
    h.add_edges_from(heavy[:MAX_EDGES])
    if h.number_of_edges():  # nodes without a drawn link have no place in a network picture
        h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0])
        keep = [n for n in keep if n in h]
    undirected = nx.Graph(h)
    pos = _component_layout(undirected, seed)
    for node, (x, y) in pos.items():
        g.nodes[node]["x"], g.nodes[node]["y"] = float(x), float(y)
    values = [float(g.nodes[x].get(size_by, 0) or 0) for x in h.nodes]
    vmax = max(values) or 1.0
    scale = 900 / math.sqrt(max(len(h), 4))  # smaller markers in busier pictures
    sizes = [40 + scale * (v / vmax) for v in values]
    cmap = plt.get_cmap(_PALETTE)
    comms = [int(g.nodes[x].get("community", 0)) for x in h.nodes]
    colours = [cmap(c % 20) if c >= 0 else "0.7" for c in comms]

    small = len(h) < 12
    fig, ax = plt.subplots(figsize=(7, 5) if small else (11, 8.5))
    wmax = max((float(d.get("weight", 1.0)) for _, _, d in h.edges(data=True)), default=1.0)
    wmin = min((float(d.get("weight", 1.0)) for _, _, d in h.edges(data=True)), default=1.0)
    busy = h.number_of_edges() > 80  # thin, light links in busy pictures: nodes stay visible
    base, extra = (0.3, 1.8) if busy else (1.2, 3.0)
    widths = [
        base + (extra * (float(d.get("weight", 1.0)) - wmin) / (wmax - wmin) if wmax > wmin else 0)
        for _, _, d in h.edges(data=True)
    ]
    nx.draw_networkx_edges(
        h,
        pos,
        ax=ax,
        width=widths,
        edge_color="0.35" if small else "0.55",
        alpha=0.35 if busy else 0.6,
        **({"arrows": True, "arrowsize": 22 if small else 12} if h.is_directed() else {}),
        node_size=sizes,
        connectionstyle="arc3,rad=0.08" if h.is_directed() else "arc3",
    )
    nx.draw_networkx_nodes(
        h, pos, ax=ax, node_size=sizes, node_color=colours, edgecolors="white", linewidths=0.8
    )
    ax.margins(0.3 if small else 0.12)
    ax.axis("off")
    size_of = dict(zip(h.nodes, sizes, strict=True))
    markers = [(pos[n][0], pos[n][1], math.sqrt(size_of[n]) / 2) for n in h.nodes]
    labels = [
        (pos[n][0], pos[n][1], _short(g.nodes[n].get("label", n)), math.sqrt(size_of[n]) / 2)
        for n in (keep if len(keep) <= 30 else _labelled(g, keep, top))
    ]
    _place_labels(fig, ax, labels, markers)
    present = sorted(set(comms))[:10]
    handles = [
        Line2D([], [], marker="o", ls="", color=cmap(c % 20), markersize=8, label=f"community {c}")
        for c in present
        if c >= 0
    ]
    handles.append(
        Line2D([], [], marker="o", ls="", color="0.5", markersize=12, label=f"size: {size_by}")
    )
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=True
    )
    shown = f" ({len(keep)} of {g.number_of_nodes()} nodes)" if len(keep) < len(g) else ""
    if len(heavy) > MAX_EDGES:
        shown += f"; {MAX_EDGES} heaviest of {plural(len(heavy), 'link')}"
    ax.set_title(f"{name} graph: communities and {size_by}{shown}", fontsize=12)
    return _save(fig, stem)


def _country_name(label: str) -> str:
    """The Natural Earth name of a country label, for the few that differ."""
    return _NE_NAMES.get(label, label)


_NE_NAMES = {
    "United States": "United States of America",
    "Czech Republic": "Czechia",
    "Bosnia and Herzegovina": "Bosnia and Herz.",
    "Central African Republic": "Central African Rep.",
    "Democratic Republic of the Congo": "Dem. Rep. Congo",
    "Dominican Republic": "Dominican Rep.",
    "South Sudan": "S. Sudan",
    "Côte d'Ivoire": "Côte d'Ivoire",
    "Ivory Coast": "Côte d'Ivoire",
    "Equatorial Guinea": "Eq. Guinea",
    "Eswatini": "eSwatini",
    "North Macedonia": "Macedonia",
}


def plot_route_map(g: nx.Graph, stem: str | Path, *, top: int = 10) -> list[Path]:
    """Draw the flow graph on a world basemap (Natural Earth 1:110m, Equal Earth).

    Countries and the coastline come from the basemap shipped with the
    package (:mod:`graph.basemap`; nothing is downloaded). Places sit at their
    coordinates, regions at their anchor points (:func:`graph.basemap.anchor`:
    North Africa on the southern Mediterranean coast); countries on a flow are
    shaded. Flows are curved arrows from origin to destination, wider and
    darker for more supporting facts. The extent is fitted to the places
    drawn. Places without coordinates are listed under the map.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> g = nx.DiGraph()
    >>> g.add_node("t", label="Tunisia", lat=34.0, lon=9.0)
    >>> g.add_node("i", label="Italy", lat=42.8, lon=12.8)
    >>> g.add_edge("t", "i", weight=2.0)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     len(plot_route_map(g, pathlib.Path(d) / "map"))
    2
    """
    from graph.basemap import ATTRIBUTION, anchor, draw_basemap, equal_earth

    linked = [n for n in g.nodes if g.degree(n)] or list(g.nodes)
    geo: dict[Any, tuple[float, float]] = {}
    for n in linked:
        d = g.nodes[n]
        point = anchor(str(d.get("iri", n)), d.get("lat"), d.get("lon"))
        if point is not None:
            geo[n] = point
    if not geo:
        return _empty(
            stem,
            "Route map",
            "no places with coordinates (load the places gazetteer into the store)",
        )
    plt = _pyplot()
    from matplotlib.lines import Line2D

    names = sorted(geo, key=str)
    xs, ys = equal_earth([geo[n][1] for n in names], [geo[n][0] for n in names])
    placed = {n: (float(x), float(y)) for n, x, y in zip(names, xs, ys, strict=True)}

    fig, ax = plt.subplots(figsize=(12, 7.5))
    countries = [
        _country_name(str(g.nodes[n].get("label", "")))
        for n in placed
        if g.nodes[n].get("type") == "Country"
    ]
    draw_basemap(ax, highlight=countries)

    strength = {
        n: float(g.nodes[n].get("strength_in", 0) or 0)
        + float(g.nodes[n].get("strength_out", 0) or 0)
        for n in placed
    }
    smax = max(strength.values()) or 1.0
    style = {
        "Country": ("o", "tab:blue"),
        "Region": ("D", "tab:green"),
        "SeaArea": ("s", "tab:cyan"),
        "City": ("^", "tab:purple"),
    }
    sizes = {n: 25 + 200 * strength[n] / smax for n in placed}
    for t in sorted({str(g.nodes[n].get("type", "")) for n in placed}):
        mine = [n for n in sorted(placed, key=str) if str(g.nodes[n].get("type", "")) == t]
        marker, colour = style.get(t, ("o", "tab:gray"))
        ax.scatter(
            [placed[n][0] for n in mine],
            [placed[n][1] for n in mine],
            s=[sizes[n] for n in mine],
            marker=marker,
            color=colour,
            edgecolor="white",
            linewidths=0.8,
            zorder=3,
        )
    px = [p[0] for p in placed.values()]
    py = [p[1] for p in placed.values()]
    pad_x = max(6.0, 0.08 * (max(px) - min(px)))
    pad_y = max(5.0, 0.1 * (max(py) - min(py)))
    x0, x1 = min(px) - pad_x, max(px) + pad_x
    y0, y1 = min(py) - pad_y, max(py) + pad_y
    if x1 - x0 < 1.5 * (y1 - y0):  # keep the map landscape, like the figure
        mid, half = (x0 + x1) / 2, 0.75 * (y1 - y0)
        x0, x1 = mid - half, mid + half
    else:
        mid, half = (y0 + y1) / 2, (x1 - x0) / 3.2
        y0, y1 = mid - half, mid + half
    ax.set_xlim(max(-160.0, x0), min(160.0, x1))
    ax.set_ylim(max(-80.0, y0), min(80.0, y1))
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("0.7")
    ranked = sorted(placed, key=lambda n: (-strength[n], str(n)))
    labels = [
        (
            placed[n][0],
            placed[n][1],
            _short(g.nodes[n].get("label", n), 22),
            math.sqrt(sizes[n]) / 2,
        )
        for n in ranked[: max(top, 1) * 2]
    ]
    markers = [(placed[n][0], placed[n][1], math.sqrt(sizes[n]) / 2) for n in ranked]
    _place_labels(fig, ax, labels, markers)
    # arrows last: placing labels draws the figure once, and arrows are the slow part
    edges = [(u, v, d) for u, v, d in g.edges(data=True) if u in placed and v in placed]
    edges.sort(key=lambda e: (-float(e[2].get("weight", 1.0)), str(e[0]), str(e[1])))
    n_edges = len(edges)
    edges = edges[:MAX_EDGES]
    wmax = max((float(d.get("weight", 1.0)) for _, _, d in edges), default=1.0)
    for u, v, d in sorted(edges, key=lambda e: (float(e[2].get("weight", 1.0)), str(e[0]))):
        w = float(d.get("weight", 1.0))
        ax.annotate(
            "",
            xy=placed[v],
            xytext=placed[u],
            arrowprops={
                "arrowstyle": "-|>",
                "color": plt.get_cmap("Reds")(0.45 + 0.5 * w / wmax),
                "lw": 0.8 + 3.5 * w / wmax,
                "alpha": 0.85,
                "shrinkA": 5,
                "shrinkB": 5,
                "connectionstyle": "arc3,rad=0.2",
                "mutation_scale": 10 + 6 * w / wmax,
            },
            zorder=2,
        )
    handles = [
        Line2D([], [], marker=m, ls="", color=c, markersize=7, label=t)
        for t, (m, c) in style.items()
        if any(g.nodes[n].get("type") == t for n in placed)
    ]
    handles.append(Line2D([], [], color="tab:red", lw=3, label="flow (width: supporting facts)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    title = "Reported routes and flows between places (arrows: origin to destination)"
    if n_edges > MAX_EDGES:
        title += f"\nthe {MAX_EDGES} best-supported of {n_edges} flows"
    ax.set_title(title)
    notes = [ATTRIBUTION + "; regions drawn at anchor points, not centroids"]
    missing = [g.nodes[n].get("label", n) for n in linked if n not in placed and g.degree(n)]
    if missing:
        notes.append(
            "Not on the map (no coordinates): " + ", ".join(sorted(map(str, missing))[:12])
        )
    ax.text(
        0.0,
        -0.02,
        "\n".join(notes),
        transform=ax.transAxes,
        fontsize=7.5,
        color="0.35",
        va="top",
    )
    return _save(fig, stem)


def plot_centrality(
    g: nx.Graph, stem: str | Path, *, measure: str = "pagerank", top: int = 10
) -> list[Path]:
    """Horizontal bar chart of the ``top`` linked nodes by ``measure``, coloured by type.

    Nodes without links are not ranked; fewer than three linked nodes give a
    placeholder figure that says so.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> g = nx.Graph([("a", "b")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     len(plot_centrality(g, pathlib.Path(d) / "bars", measure="degree"))
    2
    """
    name = g.graph.get("name", "network")
    linked = [n for n in g.nodes if any(m != n for m in nx.all_neighbors(g, n))]
    values = {n: float(g.nodes[n].get(measure, 0) or 0) for n in linked}
    ranked = sorted(values, key=lambda n: (-values[n], str(n)))[:top]
    if len(ranked) < 3:  # nodes without links are not ranked; two nodes make no ranking
        return _empty(
            stem,
            f"{name} graph: {measure}",
            f"too few linked nodes to rank ({len(ranked)}); see analysis.md",
        )
    plt = _pyplot()
    from matplotlib.patches import Patch

    types = sorted({str(g.nodes[n].get("type", "")) for n in ranked})
    cmap = plt.get_cmap("tab10")
    colour = {t: cmap(i % 10) for i, t in enumerate(types)}
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(ranked) + 1.5))
    labels = [_short(g.nodes[n].get("label", n), 36) for n in ranked][::-1]
    ax.barh(
        labels,
        [values[n] for n in ranked][::-1],
        color=[colour[str(g.nodes[n].get("type", ""))] for n in ranked][::-1],
    )
    ax.set_xlabel(measure)
    ax.set_title(f"{name} graph: top {len(ranked)} by {measure}")
    ax.grid(True, axis="x", color="0.9")
    ax.legend(
        handles=[Patch(color=colour[t], label=t or "untyped") for t in types],
        fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    return _save(fig, stem)


def _words(name: str) -> str:
    """``"LawEnforcementOperation"`` -> ``"Law enforcement operation"``."""
    out = ""
    for ch in name:
        out += (" " + ch.lower()) if ch.isupper() and out else ch
    return out


#: Up to this many events, the timeline gives each event a row of its own.
TIMELINE_ROWS = 30


def plot_timeline(
    events: Sequence[dict[str, Any]],
    stem: str | Path,
    *,
    report_dates: dict[str, str] | None = None,
) -> list[Path]:
    """Events by date: one row per event (up to :data:`TIMELINE_ROWS`), else per type.

    A period never runs past the date of the report that attests it: "2011"
    in a report of 22 February 2011 is drawn up to that day, not to the end
    of the year. Report dates are dashed lines.

    Parameters
    ----------
    events : sequence of dict
        As returned by :func:`graph.network.events` (``date``, ``end``,
        ``type``, ``label``, ``dated_by``, ``reports``). Events dated only by
        their report are drawn hollow.
    report_dates : dict of str to str, optional
        ISO date of each report IRI.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> evs = [{"date": "2011-01-01", "end": "2011-12-31", "type": "CivilUnrest", "label": "x",
    ...         "reports": ["r"]}]
    >>> with tempfile.TemporaryDirectory() as d:
    ...     len(plot_timeline(evs, pathlib.Path(d) / "timeline", report_dates={"r": "2011-02-22"}))
    2
    """
    from datetime import date, timedelta

    published: dict[str, date] = {}
    for iri, value in (report_dates or {}).items():
        try:
            published[iri] = date.fromisoformat(str(value)[:10])
        except ValueError:
            continue
    rows = []
    for e in events:
        try:
            start = date.fromisoformat(e["date"])
            end = date.fromisoformat(e.get("end") or e["date"])
        except (KeyError, ValueError):
            continue
        limits = [published[r] for r in e.get("reports", ()) if r in published]
        if limits:  # a text attests nothing after its own date
            latest = max(limits)
            end = min(end, latest)
            start = min(start, end)
        rows.append((start, end, e.get("type") or "Event", e.get("label", ""), e.get("dated_by")))
    if not rows:
        return _empty(stem, "Event timeline", "no dated events")
    plt = _pyplot()
    import matplotlib.dates as mdates

    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    types = sorted({r[2] for r in rows})
    cmap = plt.get_cmap("tab10")
    colour_of = {t: cmap(i % 10) for i, t in enumerate(types)}
    per_event = len(rows) <= TIMELINE_ROWS
    if per_event:
        lanes = [f"{_words(r[2])}: {_short(r[3], 48)}" if r[3] else _words(r[2]) for r in rows]
        lane_of = list(range(len(rows)))
    else:
        lanes = [_words(t) for t in types]
        lane_of = [types.index(r[2]) for r in rows]
    fig, ax = plt.subplots(figsize=(11, 0.38 * len(lanes) + 2.2))
    for i, t in enumerate(types):
        mine = [(lane, r) for lane, r in zip(lane_of, rows, strict=True) if r[2] == t]
        spans = [(lane, r) for lane, r in mine if r[1] > r[0]]
        colour = colour_of[t]
        if spans:  # one artist per type, not per event: timelines of big corpora stay fast
            ax.hlines(
                [lane for lane, _ in spans],
                mdates.date2num([r[0] for _, r in spans]),
                mdates.date2num([r[1] + timedelta(days=1) for _, r in spans]),
                color=colour,
                lw=6,
                alpha=0.4 if len(spans) < 20 else 0.08,
            )
        ax.scatter(
            mdates.date2num([r[0] for _, r in mine]),
            [lane for lane, _ in mine],
            s=50 if len(mine) < 200 else 20,
            facecolors=["white" if r[4] == "report" else colour for _, r in mine],
            edgecolors=[colour],
            linewidths=1.5,
            zorder=3,
            label=_words(t),
        )
        if not per_event:
            ax.annotate(
                f"{len(mine)}",
                (1.005, i),
                xycoords=("axes fraction", "data"),
                fontsize=8,
                va="center",
                color="0.4",
            )
    for day in sorted(set(published.values())):
        ax.axvline(mdates.date2num(day), color="0.5", ls="--", lw=0.8, zorder=1)
    ax.set_yticks(range(len(lanes)), lanes, fontsize=8 if per_event else 10)
    ax.set_ylim(len(lanes) - 0.4, -0.6)  # earliest at the top
    lo = min(r[0] for r in rows)
    hi = max([r[1] for r in rows] + list(published.values()))
    span = max((hi - lo).days, 30)
    ax.set_xlim(lo - timedelta(days=span * 0.04 + 5), hi + timedelta(days=span * 0.04 + 5))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, axis="x", color="0.9")
    if per_event and len(types) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    what = "one row per event" if per_event else "one row per event type; right: count"
    ax.set_title(
        f"Events by date ({what}; bars: periods, cut at the report date; "
        "hollow: dated by the report only; dashed: report dates)",
        fontsize=10,
    )
    return _save(fig, stem)
