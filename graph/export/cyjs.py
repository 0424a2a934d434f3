"""Cytoscape.js JSON (``.cyjs``) for Cytoscape desktop and Cytoscape.js, written as a stream.

The layout is that of :func:`networkx.cytoscape_data` (so
:func:`networkx.cytoscape_graph` reads it back) and of Cytoscape's own
``.cyjs`` export::

    {"data": {...graph attributes...}, "directed": true, "multigraph": false,
     "elements": {"nodes": [{"data": {"id": "...", "value": ..., "name": "..."},
                             "position": {"x": ..., "y": ...}}],
                  "edges": [{"data": {"id": "e0", "source": "...", "target": "...",
                                      "interaction": "flow", ...}}]}}

Every node and edge has a string ``id``; ``value`` keeps the networkx node
(JSON-able); ``name`` is the label; ``interaction`` (Cytoscape's edge type) is
the ``kind``; multigraph keys are in ``key``. Lists stay JSON lists; ``None``
is omitted. Positions are the ``x``/``y`` layout fitted to a canvas of about
600 to 20,000 pixels (or times ``scale``), with ``y`` pointing down as on
screen.

Style: every node gets ``color`` (its community's, else its type's) and
``size`` (20 to 80 pixels by ``pagerank``, else ``degree``), every edge a
``width`` by weight, and the document a ``style`` list (:func:`cy_style`) that
maps them: ``cytoscape({container, ...doc.elements, style: doc.style})`` or
``cy.json(doc)`` draws the coloured, sized, labelled network. Written to a
path, the same style also goes to ``<stem>.style.json`` in the format
Cytoscape desktop imports (File > Import > Styles from File).

Examples
--------
>>> import io, json, networkx as nx
>>> g = nx.DiGraph([("a", "b", {"kind": "flow"})])
>>> buf = io.StringIO()
>>> write_cyjs(g, buf)
>>> doc = json.loads(buf.getvalue())
>>> doc["elements"]["edges"][0]["data"]["interaction"]
'flow'
>>> sorted(nx.cytoscape_graph(doc).edges())
[('a', 'b')]
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import IO, Any

from graph.export._common import canvas, edge_iter, open_text, plain, scan

__all__ = ["write_cyjs", "cy_style", "style_path"]

_GREY = "#bab0ac"


def cy_style(directed: bool = True) -> list[dict[str, Any]]:
    """Return the Cytoscape.js stylesheet of tkg's exports (colour, size, labels, arrows).

    Examples
    --------
    >>> style = cy_style()
    >>> style[0]["selector"], style[0]["style"]["background-color"]
    ('node', 'data(color)')
    """
    return [
        {
            "selector": "node",
            "style": {
                "background-color": "data(color)",
                "width": "data(size)",
                "height": "data(size)",
                "label": "data(name)",
                "font-size": 12,
                "color": "#222222",
                "text-valign": "bottom",
                "text-margin-y": 3,
                "text-outline-color": "#ffffff",
                "text-outline-width": 2,
                "border-width": 1,
                "border-color": "#ffffff",
            },
        },
        {
            "selector": "edge",
            "style": {
                "width": "data(width)",
                "line-color": "#9aa5b1",
                "target-arrow-color": "#9aa5b1",
                "target-arrow-shape": "triangle" if directed else "none",
                "curve-style": "bezier",
                "opacity": 0.8,
            },
        },
        {
            "selector": ":selected",
            "style": {"border-width": 3, "border-color": "#d62728", "line-color": "#d62728"},
        },
    ]


def style_path(path: str | os.PathLike[str]) -> Path:
    """Return the path of the Cytoscape desktop style written beside a ``.cyjs`` file.

    Examples
    --------
    >>> style_path("out/network.cyjs").name
    'network.style.json'
    """
    p = Path(path)
    return p.with_name(p.stem + ".style.json")


def _desktop_style(directed: bool, title: str) -> list[dict[str, Any]]:
    css = [{"selector": s["selector"], "css": s["style"]} for s in cy_style(directed)]
    return [
        {
            "format_version": "1.0",
            "generated_by": "tkg",
            "target_cytoscapejs_version": "~2.1",
            "title": title,
            "style": css,
        }
    ]


_NODE_RESERVED = ("id", "value", "name")
_EDGE_RESERVED = ("id", "source", "target", "key")
_FLUSH = 2000


def _json_value(value: Any) -> Any:
    v = plain(value)
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return str(v)  # JSON has no NaN or infinity
    return v


def _json_key(node: Any) -> Any:
    """The node itself when JSON keeps it as it is, else its string."""
    if isinstance(node, str | int | float) and not isinstance(node, bool):
        return node if type(node) in (str, int, float) else plain(node)
    return str(node)


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_cyjs(
    g: Any, path_or_file: str | os.PathLike[str] | IO[Any], *, scale: float | None = None
) -> list[Path] | None:
    """Write ``g`` as Cytoscape.js JSON.

    Parameters
    ----------
    g : networkx.Graph
        Any graph (directed or not, multigraph or not).
    path_or_file : path or file
        Destination path, or an open text or binary file.
    scale : float, optional
        Factor from the ``x``/``y`` layout to Cytoscape's pixel positions; by
        default the layout is fitted to a canvas
        (:func:`graph.export._common.canvas`) that suits the node sizes.

    Returns
    -------
    list of pathlib.Path or None
        Written to a path: the ``.cyjs`` file and its ``.style.json``.

    Examples
    --------
    >>> import io, json, networkx as nx
    >>> g = nx.MultiGraph()
    >>> _ = g.add_edge(1, 2, key="k1", weight=None)
    >>> buf = io.StringIO()
    >>> write_cyjs(g, buf)
    >>> json.loads(buf.getvalue())["elements"]["edges"][0]["data"]
    {'id': 'e0', 'source': '1', 'target': '2', 'key': 'k1', 'width': 2.0}
    """
    multigraph = g.is_multigraph()
    info = scan(g)
    positions = canvas(g) if scale is None else {}
    graph_data = {str(k): _json_value(v) for k, v in g.graph.items() if plain(v) is not None}
    with open_text(path_or_file) as fh:
        out = ['{"data":', _dump(graph_data)]
        out.append(f',"directed":{_dump(g.is_directed())},"multigraph":{_dump(multigraph)}')
        out.append(',"elements":{"nodes":[')
        first = True
        for n, data in g.nodes(data=True):
            label = plain(data.get("label"))
            item: dict[str, Any] = {"id": str(n), "value": _json_key(n)}
            item["name"] = str(n) if label is None or isinstance(label, list) else str(label)
            for key, value in data.items():
                key = str(key)
                if key in _NODE_RESERVED:
                    key = "attr_" + key
                v = _json_value(value)
                if v is not None:
                    item[key] = v
            item.setdefault("color", info.color(data) or _GREY)
            item.setdefault("size", round(info.size(data, 20.0, 80.0), 2))
            element: dict[str, Any] = {"data": item}
            x, y = plain(data.get("x")), plain(data.get("y"))
            if isinstance(x, int | float) and isinstance(y, int | float):
                if math.isfinite(x) and math.isfinite(y):
                    if scale is None:
                        cx, cy = positions[n]
                        element["position"] = {"x": round(cx, 3), "y": round(-cy, 3)}
                    else:
                        element["position"] = {"x": float(x) * scale, "y": -float(y) * scale}
            out.append(("" if first else ",\n") + _dump(element))
            first = False
            if len(out) > _FLUSH:
                fh.write("".join(out))
                out.clear()
        out.append('],"edges":[')
        first = True
        for i, (u, v, key, data) in enumerate(edge_iter(g)):
            item = {"id": f"e{i}", "source": str(u), "target": str(v)}
            if multigraph:
                item["key"] = _json_key(key)
            kind = plain(data.get("kind"))
            if kind is not None and "interaction" not in data:
                item["interaction"] = str(kind)
            for k, value in data.items():
                k = str(k)
                if k in _EDGE_RESERVED:
                    k = "attr_" + k
                val = _json_value(value)
                if val is not None:
                    item[k] = val
            weight = plain(data.get("weight"))
            width = 2.0
            if isinstance(weight, int | float) and info.weight_max > 0 and weight == weight:
                width = 1.0 + 5.0 * min(abs(float(weight)) / info.weight_max, 1.0)
            item.setdefault("width", round(width, 2))
            out.append(("" if first else ",\n") + _dump({"data": item}))
            first = False
            if len(out) > _FLUSH:
                fh.write("".join(out))
                out.clear()
        out.append("]},\n")
        out.append('"style":' + _dump(cy_style(g.is_directed())) + "}\n")
        fh.write("".join(out))
    if isinstance(path_or_file, str | os.PathLike):
        sidecar = style_path(path_or_file)
        title = f"tkg {plain(g.graph.get('name')) or 'network'}"
        with open_text(sidecar) as fh:
            fh.write(json.dumps(_desktop_style(g.is_directed(), title), indent=1) + "\n")
        return [Path(path_or_file), sidecar]
    return None
