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

from graph.exceptions import AnalysisError

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
    boxes = []
    for comp in comps:
        sub = g.subgraph(comp)
        width = max(math.sqrt(len(comp)), 0.6)
        if len(comp) == 1:
            local = {comp[0]: (0.0, 0.0)}
        else:
            local = nx.spring_layout(
                sub, seed=seed, k=1.8 / math.sqrt(len(comp)), iterations=200, weight=None
            )
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        norm = {
            n: ((p[0] - min(xs)) / span * width, (p[1] - min(ys)) / span * width)
            for n, p in local.items()
        }
        boxes.append((width, norm))
    total = sum(b[0] ** 2 for b in boxes)
    row_width = max(boxes[0][0] if boxes else 1.0, 1.3 * math.sqrt(total))
    pos: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    gap = 0.6
    for width, norm in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        for n, (px, py) in norm.items():
            pos[n] = (x + px, y - py)
        x += width + gap
        row_height = max(row_height, width)
    return pos


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
                # the text's own box, not the leader line's (Annotation includes both)
                box = Text.get_window_extent(ann, renderer).expanded(1.08, 1.2)
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
    if sub.is_multigraph():  # one drawn edge per node pair, weights summed
        simple = nx.DiGraph() if sub.is_directed() else nx.Graph()
        simple.add_nodes_from(sub.nodes)
        for u, v, d in sub.edges(data=True):
            w = float(d.get("weight", 1.0))
            if simple.has_edge(u, v):
                simple[u][v]["weight"] += w
            else:
                simple.add_edge(u, v, weight=w)
        sub = simple
    heavy = sorted(sub.edges(data=True), key=lambda e: -float(e[2].get("weight", 1.0)))
    h = sub.__class__()
    h.add_nodes_from(sub.nodes)
    h.add_edges_from(heavy[:MAX_EDGES])
    if len(h) > 30:  # in big pictures, nodes left without a drawn link are noise
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

    fig, ax = plt.subplots(figsize=(11, 8.5))
    wmax = max((float(d.get("weight", 1.0)) for _, _, d in h.edges(data=True)), default=1.0)
    widths = [0.5 + 3.0 * float(d.get("weight", 1.0)) / wmax for _, _, d in h.edges(data=True)]
    nx.draw_networkx_edges(
        h,
        pos,
        ax=ax,
        width=widths,
        edge_color="0.55",
        alpha=0.6,
        **({"arrows": True, "arrowsize": 12} if h.is_directed() else {}),
        node_size=sizes,
        connectionstyle="arc3,rad=0.08" if h.is_directed() else "arc3",
    )
    nx.draw_networkx_nodes(
        h, pos, ax=ax, node_size=sizes, node_color=colours, edgecolors="white", linewidths=0.8
    )
    ax.margins(0.12)
    ax.axis("off")
    size_of = dict(zip(h.nodes, sizes, strict=True))
    markers = [(pos[n][0], pos[n][1], math.sqrt(size_of[n]) / 2) for n in h.nodes]
    labels = [
        (pos[n][0], pos[n][1], _short(g.nodes[n].get("label", n)), math.sqrt(size_of[n]) / 2)
        for n in (keep if len(keep) <= 30 else keep[:top])
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
    shown = f" (top {len(keep)} of {g.number_of_nodes()} nodes)" if len(keep) < len(g) else ""
    if len(heavy) > MAX_EDGES:
        shown += f"; {MAX_EDGES} heaviest of {len(heavy)} links"
    ax.set_title(f"{name} graph: communities and {size_by}{shown}", fontsize=12)
    return _save(fig, stem)


def plot_route_map(g: nx.Graph, stem: str | Path, *, top: int = 10) -> list[Path]:
    """Draw the flow graph on longitude/latitude axes (places at their centroids).

    Arrows go from origin to destination, wider for more supporting facts.
    Places without coordinates are listed under the map instead of drawn.
    No base map is downloaded: a light grid with a few reference parallels
    stands in for it.

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
    placed = {
        n: (float(d["lon"]), float(d["lat"]))
        for n, d in g.nodes(data=True)
        if d.get("lat") is not None and d.get("lon") is not None
    }
    if not placed:
        return _empty(
            stem,
            "Route map",
            "no places with coordinates (load the places gazetteer into the store)",
        )
    plt = _pyplot()
    from matplotlib.lines import Line2D

    fig, ax = plt.subplots(figsize=(11, 7))
    edges = [(u, v, d) for u, v, d in g.edges(data=True) if u in placed and v in placed]
    edges.sort(key=lambda e: -float(e[2].get("weight", 1.0)))
    n_edges = len(edges)
    edges = edges[:MAX_EDGES]
    wmax = max((float(d.get("weight", 1.0)) for _, _, d in edges), default=1.0)
    for u, v, d in sorted(edges, key=lambda e: float(e[2].get("weight", 1.0))):
        w = float(d.get("weight", 1.0))
        ax.annotate(
            "",
            xy=placed[v],
            xytext=placed[u],
            arrowprops={
                "arrowstyle": "-|>",
                "color": plt.get_cmap("Reds")(0.45 + 0.5 * w / wmax),
                "lw": 1.0 + 4.0 * w / wmax,
                "alpha": 0.85,
                "shrinkA": 6,
                "shrinkB": 6,
                "connectionstyle": "arc3,rad=0.15",
                "mutation_scale": 14,
            },
            zorder=2,
        )
    strength = {
        n: float(g.nodes[n].get("strength_in", 0) or 0)
        + float(g.nodes[n].get("strength_out", 0) or 0)
        for n in placed
    }
    smax = max(strength.values()) or 1.0
    type_colour = {
        "Country": "tab:blue",
        "Region": "tab:green",
        "SeaArea": "tab:cyan",
        "City": "tab:purple",
    }
    xs = [p[0] for p in placed.values()]
    ys = [p[1] for p in placed.values()]
    for n, (x, y) in placed.items():
        colour = type_colour.get(g.nodes[n].get("type", ""), "tab:gray")
        ax.scatter(
            [x], [y], s=40 + 260 * strength[n] / smax, color=colour, edgecolor="white", zorder=3
        )
    labelled = sorted(placed, key=lambda n: -strength[n])[: max(top, 1)]
    for n in labelled:
        x, y = placed[n]
        ax.annotate(
            _short(g.nodes[n].get("label", n), 20),
            (x, y),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=9,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            zorder=4,
        )
    pad_x = max(8.0, 0.15 * (max(xs) - min(xs)))
    pad_y = max(6.0, 0.15 * (max(ys) - min(ys)))
    x0, x1 = min(xs) - pad_x, max(xs) + pad_x
    y0, y1 = max(-90, min(ys) - pad_y), min(90, max(ys) + pad_y)
    if x1 - x0 < 1.5 * (y1 - y0):  # keep the map landscape, like the figure
        mid, half = (x0 + x1) / 2, 0.75 * (y1 - y0)
        x0, x1 = mid - half, mid + half
    ax.set_xlim(max(-180, x0), min(180, x1))
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.grid(True, color="0.88", lw=0.6)
    ax.set_facecolor("#f4f8fb")
    ax.set_xlabel("longitude (°)")
    ax.set_ylabel("latitude (°)")
    handles = [
        Line2D([], [], marker="o", ls="", color=c, markersize=8, label=t)
        for t, c in type_colour.items()
        if any(g.nodes[n].get("type") == t for n in placed)
    ]
    handles.append(Line2D([], [], color="tab:red", lw=3, label="flow (width: supporting facts)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    title = "Reported routes and flows between places (arrows: origin to destination)"
    if n_edges > MAX_EDGES:
        title += f"\nthe {MAX_EDGES} best-supported of {n_edges} flows"
    ax.set_title(title)
    missing = [g.nodes[n].get("label", n) for n in g.nodes if n not in placed and g.degree(n)]
    if missing:
        ax.text(
            0.0,
            -0.1,
            "Not on the map (no coordinates): " + ", ".join(sorted(map(str, missing))[:12]),
            transform=ax.transAxes,
            fontsize=8,
            color="0.35",
            va="top",
        )
    return _save(fig, stem)


def plot_centrality(
    g: nx.Graph, stem: str | Path, *, measure: str = "pagerank", top: int = 10
) -> list[Path]:
    """Horizontal bar chart of the ``top`` nodes by ``measure``, coloured by type.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> g = nx.Graph([("a", "b")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     len(plot_centrality(g, pathlib.Path(d) / "bars", measure="degree"))
    2
    """
    name = g.graph.get("name", "network")
    values = {n: float(g.nodes[n].get(measure, 0) or 0) for n in g.nodes}
    ranked = sorted(values, key=lambda n: (-values[n], str(n)))[:top]
    if not ranked:
        return _empty(stem, f"{name}: {measure}", "no nodes")
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


def plot_timeline(events: Sequence[dict[str, Any]], stem: str | Path) -> list[Path]:
    """Events by date, one row per event type, coloured by type.

    Parameters
    ----------
    events : sequence of dict
        As returned by :func:`graph.network.events` (``date``, ``end``,
        ``type``, ``label``, ``dated_by``). Events dated only by their
        report are drawn hollow.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> evs = [{"date": "2011-02-15", "end": "2011-02-15", "type": "Statement", "label": "x"}]
    >>> with tempfile.TemporaryDirectory() as d:
    ...     len(plot_timeline(evs, pathlib.Path(d) / "timeline"))
    2
    """
    from datetime import date

    rows = []
    for e in events:
        try:
            start = date.fromisoformat(e["date"])
            end = date.fromisoformat(e.get("end") or e["date"])
        except (KeyError, ValueError):
            continue
        rows.append((start, end, e.get("type") or "Event", e.get("label", ""), e.get("dated_by")))
    if not rows:
        return _empty(stem, "Event timeline", "no dated events")
    plt = _pyplot()
    import matplotlib.dates as mdates

    types = sorted({r[2] for r in rows})
    cmap = plt.get_cmap("tab10")
    fig, ax = plt.subplots(figsize=(11, 0.55 * len(types) + 2.2))
    for i, t in enumerate(types):
        colour = cmap(i % 10)
        mine = [r for r in rows if r[2] == t]
        spans = [r for r in mine if r[1] > r[0]]
        if spans:  # one artist per type, not per event: timelines of big corpora stay fast
            ax.hlines(
                [i] * len(spans),
                mdates.date2num([r[0] for r in spans]),
                mdates.date2num([r[1] for r in spans]),
                color=colour,
                lw=6,
                alpha=0.35 if len(spans) < 20 else 0.08,
            )
        ax.scatter(
            mdates.date2num([r[0] for r in mine]),
            [i] * len(mine),
            s=60 if len(mine) < 200 else 20,
            facecolors=["white" if r[4] == "report" else colour for r in mine],
            edgecolors=[colour],
            linewidths=1.5,
            zorder=3,
        )
        ax.annotate(
            f"{len(mine)}",
            (1.005, i),
            xycoords=("axes fraction", "data"),
            fontsize=8,
            va="center",
            color="0.4",
        )
    ax.set_yticks(range(len(types)), types)
    ax.set_ylim(-0.7, len(types) - 0.3)
    lo = min(r[0] for r in rows)
    hi = max(r[1] for r in rows)
    span = max((hi - lo).days, 30)
    from datetime import timedelta

    ax.set_xlim(lo - timedelta(days=span * 0.05 + 5), hi + timedelta(days=span * 0.05 + 5))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, axis="x", color="0.9")
    ax.set_title("Events by date (bars: periods; hollow: dated by the report only; right: count)")
    return _save(fig, stem)
